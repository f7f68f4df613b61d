"""Blind double-coding rounds: who sees what, what is refused, how a round is settled and closed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from test_themes import small_project

from synth.cli import cli
from synth.coding import commands, rounds
from synth.coding.compare import agreement
from synth.coding.reconcile import listing
from synth.coding.rounds import RoundError
from synth.project import Project
from synth.themes import actions
from synth.themes.export import themes_json
from synth.themes.suggest import suggest_themes

H = "participants"


@pytest.fixture
def lead(tmp_path: Path) -> Project:
    with small_project(tmp_path / "p") as p:
        yield p


def as_(lead: Project, who: str) -> Project:
    return Project.open(lead.path, analyst=who)


def labels(state, heading=H) -> dict[str, list[str]]:
    return {t.label: sorted(t.case_ids) for t in state.themes_of(heading)}


def test_coders_see_only_their_own_work_in_the_round(lead: Project) -> None:
    rounds.start_round(lead, ["alice", "bob"], [H], ["green-minds", "walk-and-talk", "tide-lines"])
    with as_(lead, "alice") as a, as_(lead, "bob") as b:
        commands.code(a, H, "Green Minds", "Older people")
        commands.code(b, H, "green-minds", "Volunteers")
        text = b.state.cases["walk-and-talk"].fields[H]
        commands.code(b, H, "walk-and-talk", "Volunteers", text=text[:20])
        a.refresh()
        assert labels(a.state) == {"Older people": ["green-minds"]}
        assert labels(b.state) == {"Volunteers": ["green-minds", "walk-and-talk"]}
        assert len(b.state.codings) == 1 and not a.state.codings
        assert themes_json(a.state)["headings"][H][0]["label"] == "Older people"
    lead.refresh()
    assert labels(lead.state) == {}  # the project itself holds none of it until the round closes
    assert all(c.analyst for c in lead.folded.rounds["r1"].work["bob"].codings.values())


def test_outside_the_round_nothing_is_hidden(lead: Project) -> None:
    actions.create_theme(lead, H, "Older people")
    rounds.start_round(lead, ["alice", "bob"], [H], ["green-minds"])
    with as_(lead, "alice") as a, as_(lead, "bob") as b:
        commands.code(a, H, "tide-lines", "Older people")  # a case outside the round's sample, a shared theme
        commands.code(a, "impact", "green-minds", "Wellbeing")  # a heading outside it
        commands.code(a, H, "tide-lines", "Men")  # a theme alice makes in the round's heading stays hers
        b.refresh()
        assert labels(b.state) == {"Older people": ["tide-lines"]}
        assert labels(b.state, "impact") == {"Wellbeing": ["green-minds"]}


def test_machine_suggestions_are_the_same_for_both_coders(lead: Project) -> None:
    rounds.start_round(lead, ["alice", "bob"], ["enablers_barriers"])
    with as_(lead, "alice") as a, as_(lead, "bob") as b:
        first = suggest_themes(a.state, "enablers_barriers")
        actions.accept_suggestion(a, first[0])
        actions.reject(b, first[1])
        a.refresh()
        b.refresh()
        keys_a = [s.key for s in suggest_themes(a.state, "enablers_barriers")]
        keys_b = [s.key for s in suggest_themes(b.state, "enablers_barriers")]
        assert keys_a == keys_b == [s.key for s in first]
        assert (("enablers_barriers", first[1].key) in b.state.rejected) and (
            "enablers_barriers",
            first[1].key,
        ) not in a.state.rejected


def test_pre_round_codings_are_hidden_from_coders_and_replaced_at_close(lead: Project) -> None:
    theme = actions.create_theme(lead, H, "Carers", case_ids=["green-minds"])
    rounds.start_round(lead, ["alice", "bob"], [H], ["green-minds", "tide-lines"])
    with as_(lead, "alice") as a, as_(lead, "bob") as b:
        assert labels(a.state) == {"Carers": []}  # the theme is shared, its calls on the round's cases are not
        commands.code(a, H, "tide-lines", "carers")
        commands.code(b, H, "tide-lines", "Carers")
    lead.refresh()
    assert labels(lead.state) == {"Carers": ["green-minds"]}
    r = rounds.close_round(lead)
    assert r.outcome["agreed_present"] == 1 and r.outcome["agreed_absent"] == 1
    assert labels(lead.state) == {"Carers": ["tide-lines"]}
    assert lead.state.themes[theme.id].case_ids == frozenset({"tide-lines"})


def test_reveal_freezes_the_round_and_outsiders_cannot_code_in_it(lead: Project) -> None:
    rounds.start_round(lead, ["alice", "bob"], [H], ["green-minds", "tide-lines"])
    with pytest.raises(RoundError, match="only they code it"):
        commands.code(lead, H, "green-minds", "Volunteers")
    with as_(lead, "alice") as a:
        commands.code(a, H, "green-minds", "Volunteers")
        assert rounds.status(lead.trail and a.folded).disagreements is None  # still blind
        agreement(lead)
        with pytest.raises(RoundError, match="frozen"):
            commands.code(a, H, "tide-lines", "Volunteers")
    events = [e.kind for e in lead.trail.events()]
    assert events.count("round.revealed") == 1
    agreement(lead)  # comparing again records nothing new
    assert [e.kind for e in lead.trail.events()].count("round.revealed") == 1


def test_shared_themes_are_not_reshaped_while_the_round_runs(lead: Project) -> None:
    t = actions.create_theme(lead, H, "Carers")
    other = actions.create_theme(lead, H, "Family carers")
    rounds.start_round(lead, ["alice", "bob"], [H])
    with pytest.raises(RoundError, match="after"):
        actions.merge(lead, t.id, [other.id])
    with pytest.raises(RoundError):
        actions.rename(lead, t.id, "Unpaid carers")


def test_disagreements_are_settled_with_who_what_and_why_then_closed(lead: Project) -> None:
    rounds.start_round(lead, ["alice", "bob"], [H], ["green-minds", "tide-lines", "walk-and-talk"])
    with as_(lead, "alice") as a, as_(lead, "bob") as b:
        span = a.state.cases["green-minds"].fields[H][:25]
        commands.code(a, H, "green-minds", "Volunteers", text=span)
        commands.code(b, H, "green-minds", "Volunteers", text=span)
        commands.code(a, H, "tide-lines", "Volunteers")
        commands.code(b, H, "walk-and-talk", "Volunteers")
    with pytest.raises(RoundError, match="2 unsettled"):
        rounds.close_round(lead)
    data = listing(lead)
    assert data["open"] == 2
    assert {d["case_id"]: d["calls"] for d in data["disagreements"]} == {
        "tide-lines": {"alice": True, "bob": False},
        "walk-and-talk": {"alice": False, "bob": True},
    }
    with pytest.raises(RoundError, match="why"):
        rounds.decide(lead, "tide-lines", H, "Volunteers", True, "  ")
    d = rounds.decide(lead, "tide-lines", H, "volunteers", True, "the answer names volunteer drivers")
    assert d.analyst == "tester" and d.won == ("alice",) and d.present
    rounds.decide(lead, "walk-and-talk", H, "Volunteers", False, "staff, not volunteers")
    e = list(lead.trail.events())[-1]
    assert e.kind == "reconcile.decided" and e.payload["won"] == ["alice"] and e.payload["decision"] == "no"
    r = rounds.close_round(lead)
    assert r.outcome["decided_yes"] == 1 and r.outcome["decided_no"] == 1 and r.outcome["won"] == {"alice": 2, "bob": 0}
    assert labels(lead.state) == {"Volunteers": ["green-minds", "tide-lines"]}
    coded = sorted((c.case_id, c.analyst) for c in lead.state.codings.values())
    assert coded == [("green-minds", "alice"), ("green-minds", "bob")]  # each coder's span, under its coder
    assert lead.trail.verify().ok
    with as_(lead, "alice") as a:
        assert labels(a.state) == {"Volunteers": ["green-minds", "tide-lines"]}
        commands.code(a, H, "walk-and-talk", "Volunteers")  # the round is over: coding is open again


def test_undo_takes_back_a_round_coding(lead: Project) -> None:
    rounds.start_round(lead, ["alice", "bob"], [H])
    with as_(lead, "alice") as a:
        commands.code(a, H, "green-minds", "Volunteers")
        commands.code(a, H, "tide-lines", "Volunteers")
        a.undo()
        assert labels(a.state) == {"Volunteers": ["green-minds"]}


def test_a_coder_undoes_their_own_work_not_their_partners(lead: Project) -> None:
    rounds.start_round(lead, ["alice", "bob"], [H])
    with as_(lead, "alice") as a, as_(lead, "bob") as b:
        commands.code(a, H, "green-minds", "Volunteers")
        commands.code(b, H, "tide-lines", "Carers")
        a.undo()  # bob's command is newer, but it is not alice's to take back
        a.refresh()
        b.refresh()
        assert labels(b.state) == {"Carers": ["tide-lines"]}
        assert labels(a.state) == {"Volunteers": []}
        with pytest.raises(RoundError, match="only bob can undo it"):
            lead.undo()


def test_a_sample_is_seeded_and_rounds_do_not_overlap(lead: Project) -> None:
    r = rounds.start_round(lead, ["alice", "bob"], [H], sample=3, seed=11)
    again = rounds.pick_cases  # the same seed picks the same cases in a fresh project
    assert len(r.cases) == 3 and again
    with pytest.raises(RoundError, match="still open"):
        rounds.start_round(lead, ["carol", "dan"], [H])
    with pytest.raises(RoundError, match="two coders"):
        rounds.start_round(lead, ["alice"], ["impact"])


def test_the_command_line_round_trip(lead: Project) -> None:
    runner = CliRunner()
    path = str(lead.path)

    def run(*args, who="tester"):
        result = runner.invoke(cli, ["--analyst", who, *args])
        return result

    assert (
        run(
            "round", path, "start", "--coders", "alice,bob", "--heading", H, "--cases", "green-minds,tide-lines"
        ).exit_code
        == 0
    )
    assert (
        run("code", path, "--heading", H, "--case", "Green Minds", "--theme", "Volunteers", who="alice").exit_code == 0
    )
    out = run("code", path, "--heading", H, "--case", "tide-lines", "--theme", "Volunteers", who="bob")
    assert out.exit_code == 0 and "new theme" in out.output
    bad = run("code", path, "--heading", H, "--case", "Nowhere", "--theme", "X", who="bob")
    assert bad.exit_code == 1 and bad.output.count("\n") == 1 and "Traceback" not in bad.output
    status = json.loads(run("round", path, "status", "--json").output)
    assert status["disagreements"] is None and status["present"] == {"alice": 1, "bob": 1}
    data = json.loads(run("agreement", path, "--json").output)
    assert list(data) == ["units", "coders", "overall", "by_heading", "by_theme"]
    assert data["units"] == 2 and data["coders"] == ["alice", "bob"]
    assert set(data["overall"]) >= {"percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1", "ci"}
    assert data["overall"]["percent_agreement"] == 0.0 and list(data["by_heading"]) == [H]
    listed = json.loads(run("reconcile", path, "--json").output)
    assert listed["open"] == 2
    for d in listed["disagreements"]:
        r = run(
            "reconcile",
            path,
            "--case",
            d["case_id"],
            "--heading",
            H,
            "--theme",
            "Volunteers",
            "--decide",
            "yes",
            "--why",
            "fits the definition",
        )
        assert r.exit_code == 0, r.output
    closed = run("round", path, "close")
    assert closed.exit_code == 0 and "settled yes" in closed.output
    assert run("uncode", path, "--heading", H, "--case", "tide-lines", "--theme", "volunteers").exit_code == 0
    assert run("trail", path, "verify").exit_code == 0


def test_machine_against_human_counts_decisions_and_scores_suggestions(lead: Project) -> None:
    from synth.coding.machine import machine_vs_human

    h = "enablers_barriers"
    rounds.start_round(lead, ["alice", "bob"], [h])
    with as_(lead, "alice") as a, as_(lead, "bob") as b:
        first = suggest_themes(a.state, h)
        actions.accept_suggestion(a, first[0])
        actions.accept_suggestion(b, first[0], label="Money worries")  # accepted under another name: edited
        actions.reject(a, first[1])
    for d in listing(lead)["disagreements"]:
        rounds.decide(lead, d["case_id"], d["heading"], d["theme"], d["calls"]["alice"], "alice's reading")
    rounds.close_round(lead)
    rows = {r["label"]: r for r in machine_vs_human(lead.folded, lead.trail.events())}
    top = rows[first[0].label]
    assert (top["accepted"], top["edited"], top["rejected"]) == (1, 1, 0)
    assert rows[first[1].label]["rejected"] == 1
    # the reconciled coding took alice's calls, which are the suggestion's own: full agreement on its units
    assert top["units"] == 8 and top["percent_agreement"] == 1.0


def test_rounds_survive_the_snapshot(lead: Project) -> None:
    rounds.start_round(lead, ["alice", "bob"], [H], ["green-minds"])
    with as_(lead, "alice") as a:
        commands.code(a, H, "green-minds", "Volunteers")
        a.save_snapshot()
    with Project.open(lead.path, analyst="alice") as again:
        assert labels(again.state) == {"Volunteers": ["green-minds"]}
        assert again.folded.rounds["r1"].coders == ("alice", "bob")


def test_a_whole_answer_coding_overlaps_the_other_coders_span(lead: Project) -> None:
    """A coder who codes the whole answer coded every character of it: the other coder's span inside it is
    shared, not an overlap of 0 (QA: `synth agreement` printed 0.000 for a span inside a whole-answer coding)."""
    rounds.start_round(lead, ["alice", "bob"], [H], ["green-minds"])
    with as_(lead, "alice") as a, as_(lead, "bob") as b:
        text = b.state.cases["green-minds"].fields[H]
        commands.code(a, H, "green-minds", "Volunteers")  # the whole answer
        commands.code(b, H, "green-minds", "Volunteers", text=text[:20])
    spans = agreement(lead)["overall"]["spans"]
    assert spans["units_with_spans"] == 1
    assert spans["both"] == 20 and spans["either"] == len(text)
    assert spans["overlap"] == round(20 / len(text), 4)
