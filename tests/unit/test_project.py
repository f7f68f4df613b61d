"""Project folders: creation, opening by replay, snapshots, undo/redo, as-of, analyst identity."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import cli
from synth.model import CaseStudy
from synth.project import CACHE, Project, ProjectError, resolve_analyst
from synth.state import case_to_dict, fold
from synth.trail import parse_time, utc_now


def memo(project: Project, i: int) -> None:
    project.record("memo.written", memo={"id": f"m{i}", "target": "project", "text": f"note {i}"})


def test_init_makes_folder_with_settings_and_trail(tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["--analyst", "ana", "init", str(tmp_path / "p"), "--fields", "overview,impact"])
    assert out.exit_code == 0, out.output
    config = tomllib.loads((tmp_path / "p" / "synth.toml").read_text())
    assert config["template"] == "practice-based" and config["fields"] == ["overview", "impact"]
    with Project.open(tmp_path / "p") as p:
        assert p.state.fields == ("overview", "impact")
        assert p.state.template is not None and len(p.state.template.fields) == 14
        event, key = list(p.trail.events())
        assert event.kind == "project.created" and event.analyst == "ana"
        assert key.kind == "analyst.key_registered" and key.txn == event.txn and key.payload["analyst"] == "ana"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fields", "overview,budget"], "unknown field id(s) budget"),
        (["--template", "no-such-template"], "no template named 'no-such-template'"),
        (["--template", "missing.toml"], "missing.toml: template file not found"),
    ],
)
def test_init_rejects_bad_arguments_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    out = CliRunner().invoke(cli, ["init", str(tmp_path / "p"), *args])
    assert out.exit_code == 1
    assert message in out.output and "Traceback" not in out.output
    assert not (tmp_path / "p" / "synth.db").exists()


def test_init_refuses_an_existing_project(tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    out = CliRunner().invoke(cli, ["init", str(tmp_path / "p")])
    assert out.exit_code == 1 and "already exists" in out.output


def test_open_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="not a synth project"):
        Project.open(tmp_path)


def test_team_template_file(tmp_path: Path) -> None:
    tpl = tmp_path / "ours.toml"
    tpl.write_text(
        'id = "ours"\n[[fields]]\nid = "story"\nheading = "Our story"\n[[fields]]\nid = "change"\nheading = "What changed"\n'
    )
    with Project.create(tmp_path / "p", template=tpl) as p:
        assert p.state.template.heading_ids == ("story", "change")
        assert p.state.fields == ("story", "change")


def test_state_is_rebuilt_from_the_trail(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        case = CaseStudy(id="green-minds", title="Green Minds", source="g.md", fields={"overview": "A garden."})
        p.record("case.imported", case=case_to_dict(case))
        memo(p, 1)
        before = p.state
    with Project.open(tmp_path / "p", use_snapshot=False) as again:
        assert again.state.cases == before.cases
        assert again.state.memos.keys() == before.memos.keys()
        assert again.state.head == before.head


def test_undo_and_redo_are_new_events(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        memo(p, 1)
        memo(p, 2)
        assert set(p.state.memos) == {"m1", "m2"}
        p.undo()
        assert set(p.state.memos) == {"m1"}
        p.undo()
        assert p.state.memos == {}
        p.redo()
        assert set(p.state.memos) == {"m1"}
        memo(p, 3)  # a new command clears what could be redone
        assert p.redo() is None
        assert [e.kind for e in p.trail.events()][-4:] == ["undo", "undo", "redo", "memo.written"]
        assert p.trail.verify().ok
    with Project.open(tmp_path / "p", use_snapshot=False) as again:
        assert set(again.state.memos) == {"m1", "m3"}


def test_undo_takes_back_a_whole_command(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        p.commit([("memo.written", {"memo": {"id": f"m{i}", "target": "project", "text": "x"}}) for i in range(3)])
        p.undo()
        assert p.state.memos == {}
        assert p.undo() is None  # project creation cannot be undone


def test_cli_undo_redo(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        memo(p, 1)
    runner = CliRunner()
    assert "undid transaction 3" in runner.invoke(cli, ["undo", str(tmp_path / "p")]).output
    assert "nothing to undo" in runner.invoke(cli, ["undo", str(tmp_path / "p")]).output
    assert "redid transaction 3" in runner.invoke(cli, ["redo", str(tmp_path / "p")]).output


def test_as_of_replays_up_to_a_time_and_is_read_only(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        memo(p, 1)
        time.sleep(0.01)
        cut = utc_now()
        time.sleep(0.01)
        memo(p, 2)
    with Project.open(tmp_path / "p", as_of=parse_time(cut)) as past:
        assert set(past.state.memos) == {"m1"}
        assert past.read_only
        with pytest.raises(ProjectError, match="cannot be changed"):
            memo(past, 3)


def test_snapshot_opens_to_the_same_state(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        p.commit([("memo.written", {"memo": {"id": f"m{i}", "target": "project", "text": "x"}}) for i in range(2500)])
    with Project.open(tmp_path / "p") as p:  # replays 2,501 events and caches a snapshot
        assert (tmp_path / "p" / CACHE / "snapshot.json").exists()
        memo(p, 9999)
    with Project.open(tmp_path / "p") as fast, Project.open(tmp_path / "p", use_snapshot=False) as slow:
        assert fast.state.memos.keys() == slow.state.memos.keys()
        assert fast.state.head == slow.state.head == fold(slow.trail.events()).head


def test_snapshot_after_an_undo_of_older_work_is_not_trusted(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        p.commit([("memo.written", {"memo": {"id": f"m{i}", "target": "project", "text": "x"}}) for i in range(2500)])
        p.save_snapshot()
        p.undo()
    with Project.open(tmp_path / "p") as p:
        assert p.state.memos == {}


def test_forged_snapshot_is_ignored(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        memo(p, 1)
        p.save_snapshot()
    snap = tmp_path / "p" / CACHE / "snapshot.json"
    blob = bytearray(snap.read_bytes())
    blob[-5] ^= 0xFF
    snap.write_bytes(bytes(blob))
    with Project.open(tmp_path / "p") as p:
        assert set(p.state.memos) == {"m1"}


def test_analyst_identity_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTH_ANALYST", "from-env")
    assert resolve_analyst("explicit") == "explicit"
    assert resolve_analyst(None) == "from-env"
    monkeypatch.delenv("SYNTH_ANALYST")
    monkeypatch.setenv("USER", "login-name")
    monkeypatch.setenv("LOGNAME", "login-name")
    assert resolve_analyst(None) == "login-name"


def test_analyst_option_reaches_the_trail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTH_ANALYST", "env-analyst")
    runner = CliRunner()
    runner.invoke(cli, ["init", str(tmp_path / "a")])
    runner.invoke(cli, ["--analyst", "opt-analyst", "init", str(tmp_path / "b")])
    runner.invoke(cli, ["init", str(tmp_path / "c"), "--analyst", "sub-analyst"])
    who = [next(iter(Project.open(tmp_path / x).trail.events())).analyst for x in "abc"]
    assert who == ["env-analyst", "opt-analyst", "sub-analyst"]


def test_synth_toml_mirrors_the_extraction_fields_through_undo(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", fields=["overview", "impact"]) as p:
        p.set_fields(["impact"])
        assert tomllib.loads((tmp_path / "p" / "synth.toml").read_text())["fields"] == ["impact"]
        p.undo()
        assert p.state.fields == ("overview", "impact")
        assert tomllib.loads((tmp_path / "p" / "synth.toml").read_text())["fields"] == ["overview", "impact"]


def test_coding_a_new_case_adds_it_to_the_theme_and_keeps_the_rest(tmp_path: Path) -> None:
    theme = {"id": "t-1", "heading": "impact", "label": "Confidence", "definition": "d", "projects": ["a"]}
    theme |= {"origin": "machine", "suggestion_key": "k", "score": 0.5}
    coding = {
        "id": "k-1",
        "theme_id": "t-1",
        "case_id": "b",
        "field_id": "impact",
        "start": 0,
        "end": 4,
        "text": "more",
    }
    with Project.create(tmp_path / "p") as p:
        p.record("theme.created", theme=theme, codings=[])
        before = p.state.themes["t-1"]
        p.record("coding.added", coding=coding)
        after = p.state.themes["t-1"]
    assert after.case_ids == frozenset({"a", "b"})
    assert (after.label, after.definition, after.origin, after.suggestion_key, after.score, after.analyst) == (
        before.label,
        before.definition,
        before.origin,
        before.suggestion_key,
        before.score,
        before.analyst,
    )
