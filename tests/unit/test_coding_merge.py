"""synth merge: a copy worked on apart comes back with its history intact, and conflicts become disagreements."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from test_themes import small_project

from synth.cli import cli
from synth.coding import commands, rounds
from synth.coding.merge import merge
from synth.coding.reconcile import listing
from synth.coding.rounds import RoundError
from synth.project import Project
from synth.themes import actions

H = "participants"


@pytest.fixture
def copies(tmp_path: Path):
    with small_project(tmp_path / "here") as p:
        actions.create_theme(p, H, "Volunteers", case_ids=["green-minds"])
    shutil.copytree(tmp_path / "here", tmp_path / "there", ignore=shutil.ignore_patterns(".synth-cache"))
    with (
        Project.open(tmp_path / "here", analyst="ana") as here,
        Project.open(tmp_path / "there", analyst="bob") as there,
    ):
        yield here, there


def test_the_other_copys_events_come_back_as_theirs_and_the_trail_verifies(copies) -> None:
    here, there = copies
    shared = here.trail.count()
    commands.code(here, "impact", "tide-lines", "Wellbeing")
    commands.code(there, "impact", "tide-lines", "Wellbeing")  # the same theme made at the same point: ids collide
    commands.code(there, "impact", "kitchen-table", "Cost")
    there.undo()  # an undo in the other copy still takes back what it took back
    # the copies share their first events; bob's key registration stays in his copy (his signatures are there)
    originals = [e for e in list(there.trail.events())[shared:] if e.kind != "analyst.key_registered"]
    result = merge(here, there.path)
    assert result.brought == len(originals) and result.conflicts == 0 and result.renamed_ids
    assert here.trail.verify().ok
    merged = [e for e in here.trail.events() if "merged_from" in e.payload]
    assert [m.payload["merged_from"]["hash"] for m in merged] == [e.hash for e in originals]
    assert all(m.analyst == "ana" and m.payload["merged_from"]["analyst"] == "bob" for m in merged)
    impact = {(t.label, t.analyst, tuple(sorted(t.case_ids))) for t in here.state.themes_of("impact")}
    assert impact == {("Wellbeing", "ana", ("tide-lines",)), ("Wellbeing", "bob", ("tide-lines",)), ("Cost", "bob", ())}
    again = merge(here, there.path)
    assert again.brought == 0 and again.skipped == len(originals)


def test_conflicting_calls_become_a_round_to_reconcile_never_a_silent_loss(copies) -> None:
    here, there = copies
    commands.uncode(here, H, "green-minds", "Volunteers")
    span = there.state.cases["green-minds"].fields[H][:20]
    commands.code(there, H, "green-minds", "Volunteers", text=span)
    result = merge(here, there.path)
    assert result.conflicts == 1 and result.round == "r1"
    data = listing(here)
    assert [(d["case_id"], d["calls"]) for d in data["disagreements"]] == [
        ("green-minds", {"here": False, "there": True})
    ]
    assert data["disagreements"][0]["evidence"]["there"][0]["text"] == span
    rounds.decide(here, "green-minds", H, "Volunteers", True, "the offline span is right")
    rounds.close_round(here)
    coded = [(c.case_id, c.analyst, c.text) for c in here.state.codings.values()]
    assert coded == [("green-minds", "bob", span)]
    assert here.trail.verify().ok


def test_a_coder_who_worked_offline_in_a_round_lands_in_their_round_work(copies, tmp_path) -> None:
    here, there = copies
    rounds.start_round(here, ["ana", "bob"], [H], ["tide-lines", "walk-and-talk"])
    shutil.rmtree(there.path)
    shutil.copytree(here.path, there.path, ignore=shutil.ignore_patterns(".synth-cache"))
    with Project.open(there.path, analyst="bob") as bob:
        commands.code(bob, H, "tide-lines", "Volunteers")
    commands.code(here, H, "walk-and-talk", "Volunteers")
    merge(here, there.path)
    work = here.folded.rounds["r1"].work
    assert {c for _, c in work["bob"].links} == {"tide-lines"} and {c for _, c in work["ana"].links} == {
        "walk-and-talk"
    }
    # ana still sees only her own calls in the round (green-minds lies outside it)
    assert sorted(here.state.themes_of(H)[0].case_ids) == ["green-minds", "walk-and-talk"]


def test_other_changes_both_copies_made_are_named(copies) -> None:
    here, there = copies
    theme = here.state.themes_of(H)[0]
    actions.rename(here, theme.id, "Volunteer helpers")
    actions.rename(there, theme.id, "Unpaid helpers")
    result = merge(here, there.path)
    assert any("renamed 'Unpaid helpers'" in n for n in result.notes)
    assert here.state.themes[theme.id].label == "Unpaid helpers" and here.trail.verify().ok


def test_refused_merges_say_why_in_one_line(copies, tmp_path) -> None:
    here, _ = copies
    with small_project(tmp_path / "stranger"):
        pass
    with pytest.raises(RoundError, match="not a copy"):
        merge(here, tmp_path / "stranger")
    with pytest.raises(RoundError, match="not a synth project"):
        merge(here, tmp_path / "nowhere")
    out = CliRunner().invoke(cli, ["merge", str(here.path), str(tmp_path / "nowhere")])
    assert out.exit_code == 1 and "Traceback" not in out.output and len(out.output.strip().splitlines()) == 1
