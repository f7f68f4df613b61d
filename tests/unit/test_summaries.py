"""Recording summaries on the trail (accept, edit, write, accept_all), the figures for the report, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import cli
from synth.extract.summarise import ENGINE, SummarySuggestion, suggest_summaries
from synth.model import CaseStudy, slugify
from synth.project import Project
from synth.state import case_to_dict
from synth.summaries import (
    SummaryError,
    accept,
    accept_all,
    clear,
    edit,
    review,
    summary_stats,
    working_text,
    write,
)

DATA = Path(__file__).parents[1] / "data" / "summaries" / "cases.json"
FIELDS = ["overview", "impact", "enablers_barriers", "next_steps"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    p = Project.create(tmp_path / "p", name="Test synthesis", fields=FIELDS, analyst="ana")
    events = []
    for c in json.loads(DATA.read_text(encoding="utf-8")):
        case = CaseStudy(id=slugify(c["title"]), title=c["title"], source=f"{c['title']}.md", fields=c["fields"])
        events.append(("case.imported", {"case": case_to_dict(case)}))
    p.commit(events)
    yield p
    p.close()


def suggestion(
    case_id: str = "green-minds", heading_id: str = "overview", text: str = "The project ran sessions."
) -> SummarySuggestion:
    return SummarySuggestion(case_id, heading_id, (text,), text, ENGINE, "1 (test)")


def test_accept_records_answer_suggestion_engine_and_text(project: Project) -> None:
    event = accept(project, suggestion())
    p = event.payload
    assert event.kind == "summary.recorded" and event.analyst == "ana"
    assert p["status"] == "accepted" and p["origin"] == "analyst" and p["reviewed"] is True
    assert p["text"] == p["suggestion"] == "The project ran sessions."
    assert p["engine"] == ENGINE and p["engine_version"] == "1 (test)"
    assert p["answer"] == project.state.cases["green-minds"].answer("overview")
    assert p["basis"] == {"engine": ENGINE, "engine_version": "1 (test)", "suggestion": "The project ran sessions."}
    assert p["edit_ratio"] == 0.0
    s = project.state.summary("green-minds", "overview")
    assert (
        s is not None and s.status == "accepted" and s.suggestion == "The project ran sessions." and s.analyst == "ana"
    )


def test_edit_keeps_the_suggestion_and_measures_the_change(project: Project) -> None:
    accept(project, suggestion())
    event = edit(project, "green-minds", "overview", "The project ran weekly sessions.  \n")
    p = event.payload
    assert p["status"] == "edited" and p["text"] == "The project ran weekly sessions."
    assert p["suggestion"] == "The project ran sessions." and p["engine"] == ENGINE
    assert 0 < p["edit_ratio"] < 0.5
    back = edit(project, "green-minds", "overview", "The project ran sessions.")
    assert back.payload["status"] == "accepted"
    fresh = edit(
        project, "green-minds", "impact", "Scores rose.", suggestion("green-minds", "impact", "Scores rose by 6.")
    )
    assert fresh.payload["status"] == "edited" and fresh.payload["suggestion"] == "Scores rose by 6."


def test_edit_without_any_suggestion_is_written(project: Project) -> None:
    event = edit(project, "green-minds", "impact", "Scores rose.")
    assert event.payload["status"] == "written" and event.payload["suggestion"] is None


def test_write_by_hand(project: Project) -> None:
    accept(project, suggestion())
    event = write(project, "green-minds", "overview", "A gardening project in Leeds.")
    p = event.payload
    assert p["status"] == "written" and p["suggestion"] is None and p["engine"] is None and "basis" not in p
    assert p["answer"].startswith("Green Minds is a community gardening project")
    assert project.state.summary("green-minds", "overview").text == "A gardening project in Leeds."


def test_accept_all_is_one_machine_commit_undone_at_once(project: Project) -> None:
    drafts = suggest_summaries(project.state)
    events = accept_all(project, drafts)
    assert len(events) == len(drafts) > 10
    assert len({e.txn for e in events}) == 1
    assert all(e.payload["origin"] == "machine" and e.payload["reviewed"] is False for e in events)
    assert len(project.state.summaries) == len(drafts)
    assert all(not s.reviewed and s.origin == "machine" for s in project.state.summaries.values())
    project.undo()
    assert project.state.summaries == {}
    assert accept_all(project, []) == []


def test_review_and_clear(project: Project) -> None:
    accept_all(project, [suggestion()])
    review(project, "green-minds", "overview")
    s = project.state.summary("green-minds", "overview")
    assert (
        s.reviewed and s.origin == "analyst" and s.status == "accepted" and s.suggestion == "The project ran sessions."
    )
    clear(project, "green-minds", "overview")
    assert project.state.summary("green-minds", "overview") is None
    with pytest.raises(SummaryError, match="no summary recorded"):
        review(project, "green-minds", "overview")


def test_working_text(project: Project) -> None:
    text, target = working_text(project.state, "green-minds", "impact")
    assert target == "answer" and text.startswith("We measured wellbeing")
    write(project, "green-minds", "impact", "Scores rose.")
    assert working_text(project.state, "green-minds", "impact") == ("Scores rose.", "summary")
    assert working_text(project.state, "nobody", "impact") == ("", "answer")


@pytest.mark.parametrize(
    ("case_id", "heading_id", "message"),
    [("nobody", "overview", "no case 'nobody'"), ("green-minds", "budget", "no field 'budget'")],
)
def test_bad_targets_are_refused(project: Project, case_id: str, heading_id: str, message: str) -> None:
    with pytest.raises(SummaryError, match=message):
        write(project, case_id, heading_id, "text")
    with pytest.raises(SummaryError, match=message):
        accept_all(project, [suggestion(case_id, heading_id)])
    assert project.state.summaries == {}


def test_summary_stats(project: Project) -> None:
    accept_all(project, [suggestion(), suggestion("songs-of-the-estate", "overview", "A singing group.")])
    edit(project, "songs-of-the-estate", "overview", "A singing group in Birmingham.")
    write(project, "bedside-arts", "impact", "Wards felt calmer.")
    stats = summary_stats(project.state)
    assert (stats.total, stats.accepted, stats.edited, stats.written) == (3, 1, 1, 1)
    assert stats.machine_drafted == 2 and stats.machine_origin == 1 and stats.machine_unreviewed == 1
    assert 0 < stats.mean_edit_ratio < 1 and stats.changed_share == pytest.approx(stats.mean_edit_ratio / 2, abs=1e-4)
    assert stats.engines == {f"{ENGINE} 1 (test)": 2}
    assert stats.by_field["overview"] == {"accepted": 1, "edited": 1, "written": 0, "machine_unreviewed": 1}
    answered = sum(
        1 for c in project.state.cases.values() for f in FIELDS if c.answer(f).strip() and c.answer(f) != "N/A"
    )
    assert stats.unsummarised == answered - 3
    assert stats.as_dict()["total"] == 3


# -- CLI ---------------------------------------------------------------------------------------


def run(*args: str) -> object:
    return CliRunner().invoke(cli, ["--analyst", "ana", *args])


def test_cli_summarise_prints_drafts_and_records_nothing(project: Project) -> None:
    out = run("summarise", str(project.path), "--case", "Green Minds", "--field", "next_steps")
    assert out.exit_code == 0, out.output
    assert "Green Minds (green-minds)" in out.output and "Next steps" in out.output
    assert "- The project will apply for lottery funding next year." in out.output
    project.refresh()
    assert project.state.summaries == {}


def test_cli_summarise_json_and_points(project: Project) -> None:
    out = run("summarise", str(project.path), "--field", "overview", "--points", "1", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert len(data) == 6 and all(len(d["points"]) == 1 and d["engine"] == ENGINE for d in data)


def test_cli_summarise_accept_then_check(project: Project) -> None:
    write(project, "green-minds", "overview", "A gardening project in Leeds.")
    out = run("summarise", str(project.path), "--accept")
    assert out.exit_code == 0, out.output
    assert "kept 1 already recorded" in out.output
    project.refresh()
    assert project.state.summary("green-minds", "overview").status == "written"
    machine = [s for s in project.state.summaries.values() if s.origin == "machine"]
    assert machine and all(not s.reviewed for s in machine)
    txns = {e.txn for e in project.trail.events() if e.payload.get("origin") == "machine"}
    assert len(txns) == 1
    checked = run("check-summaries", str(project.path))
    assert checked.exit_code in (0, 1)
    assert f"checked {len(project.state.summaries)} summaries" in checked.output


def test_cli_check_summaries_exit_status(project: Project) -> None:
    write(project, "green-minds", "overview", "The project ran gardening sessions in Leeds.")
    ok = run("check-summaries", str(project.path))
    assert ok.exit_code == 0, ok.output
    assert "1 pass" in ok.output and "answers have no summary yet" in ok.output
    write(project, "green-minds", "impact", "We measured wellbeing. Scores rose.")
    bad = run("check-summaries", str(project.path), "--json")
    assert bad.exit_code == 1
    rules = {f["rule"] for f in json.loads(bad.stdout)}
    assert rules == {"first_person", "sentences"}


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--case", "nobody"], "no case with id or title 'nobody'"), (["--field", "budget"], "no field 'budget'")],
)
def test_cli_summarise_bad_usage(project: Project, args: list[str], message: str) -> None:
    out = run("summarise", str(project.path), *args)
    assert out.exit_code == 2 and message in out.output


def test_cli_not_a_project(tmp_path: Path) -> None:
    out = run("check-summaries", str(tmp_path))
    assert out.exit_code == 1 and "not a synth project" in out.output and "Traceback" not in out.output


def test_project_settings_drive_drafting_and_checking(project: Project) -> None:
    from synth.project import write_config
    from synth.summaries import check, draft, summary_settings

    assert summary_settings(project) == summary_settings(project).__class__(3, 35, "project")
    project.config["settings"].update({"summary_points": 1, "summary_subject": "name", "summary_point_words": 8})
    write_config(project.path / "synth.toml", project.config)
    reopened = Project.open(project.path)
    try:
        [d] = draft(reopened, ["green-minds"], ["next_steps"])
        assert d.points == ("Green Minds will apply for lottery funding next year.",)
        write(reopened, "green-minds", "overview", "We ran a long gardening project for adults with anxiety in Leeds.")
        [(key, findings)] = check(reopened).items()
        assert key == ("green-minds", "overview")
        assert {f.rule for f in findings} == {"first_person", "length"}
        assert "'Green Minds'" in findings[0].message
    finally:
        reopened.close()


def test_bad_setting_is_one_line_naming_synth_toml(project: Project) -> None:
    from synth.project import write_config

    project.config["settings"]["summary_points"] = "three"
    write_config(project.path / "synth.toml", project.config)
    out = run("summarise", str(project.path))
    assert out.exit_code == 1 and "synth.toml: summary_points" in out.output and "Traceback" not in out.output


def test_cli_summarise_check_matches_check_after_accepting(project: Project) -> None:
    drafted = run("summarise", str(project.path), "--check", "--json")
    assert drafted.exit_code == 0, drafted.output
    data = json.loads(drafted.stdout)
    expected = {(d["case"], d["field"]): sorted(f["rule"] for f in d["findings"]) for d in data}
    text = run("summarise", str(project.path), "--check")
    passing = sum(1 for v in expected.values() if not v)
    assert f"{passing} of {len(data)} drafts pass the uniformity check as drafted" in text.output
    assert run("summarise", str(project.path), "--accept").exit_code == 0
    project.refresh()
    from synth.extract.uniformity import check_project

    after = {k: sorted(f.rule for f in v) for k, v in check_project(project.state).items()}
    assert after == expected


def test_drafts_to_accept_keeps_summaries_already_recorded(project: Project) -> None:
    from synth.summaries import drafts_to_accept

    accept(project, suggestion("green-minds", "overview"))
    drafts = [suggestion("green-minds", "overview", "New text."), suggestion("green-minds", "impact")]
    assert [(d.case_id, d.heading_id) for d in drafts_to_accept(project.state, drafts)] == [("green-minds", "impact")]


def test_summary_drafts_shape_has_findings_only_when_checked(project: Project) -> None:
    from synth.shapes import summary_drafts

    d = suggestion()
    plain = summary_drafts(project.state, [d])
    assert list(plain[0]) == ["case", "title", "field", "points", "engine", "engine_version"]
    assert plain[0]["points"] == ["The project ran sessions."]
    checked = summary_drafts(project.state, [d], {("green-minds", "overview"): []})
    assert checked[0]["findings"] == []
