"""`synth fields`: show and change the extraction template, recorded on the trail and in synth.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import cli
from synth.model import CaseStudy
from synth.project import Project
from synth.state import case_to_dict


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    with Project.create(tmp_path / "p", fields=["overview", "impact"], analyst="ana") as p:
        case = CaseStudy(id="a", title="A", source="a.md", fields={"overview": "Text.", "impact": "N/A"})
        p.record("case.imported", case=case_to_dict(case))
    return tmp_path / "p"


def run(*args: str):
    return CliRunner().invoke(cli, ["--analyst", "bo", *args])


def test_show_marks_the_chosen_fields(folder: Path) -> None:
    out = run("fields", str(folder))
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert "(2 of 14 fields; x = analysed)" in lines[0]
    overview = next(line for line in lines if " overview " in line)
    setting = next(line for line in lines if " setting " in line)
    impact = next(line for line in lines if " impact " in line)
    assert overview.startswith("  [x]") and overview.endswith("1 answered")
    assert impact.startswith("  [x]") and impact.endswith("0 answered")  # "N/A" is not an answer
    assert setting.startswith("  [ ]")
    assert lines[-1] == "analysed, in this order: overview, impact"


@pytest.mark.parametrize("ids", [["key_learning,overview,impact"], ["key_learning", "overview,", "impact"]])
def test_set_records_fields_set_and_writes_the_config(folder: Path, ids: list[str]) -> None:
    out = run("fields", str(folder), *ids)
    assert out.exit_code == 0, out.output
    assert "extraction fields: key_learning, overview, impact" in out.output
    with Project.open(folder) as p:
        assert p.state.fields == ("key_learning", "overview", "impact")
        *_, last, key = list(p.trail.events())  # bo's first command ends by registering bo's key
        assert key.kind == "analyst.key_registered" and key.txn == last.txn
        assert last.kind == "fields.set" and last.analyst == "bo"
        assert last.payload == {"fields": ["key_learning", "overview", "impact"]}
    assert tomllib.loads((folder / "synth.toml").read_text())["fields"] == ["key_learning", "overview", "impact"]


def test_unchanged_records_nothing(folder: Path) -> None:
    out = run("fields", str(folder), "overview,impact")
    assert out.exit_code == 0 and "unchanged" in out.output
    with Project.open(folder) as p:
        kinds = [e.kind for e in p.trail.events() if e.kind != "analyst.key_registered"]
        assert kinds == ["project.created", "case.imported"]


@pytest.mark.parametrize(
    ("ids", "code", "message"),
    [("overview,budget", 1, "unknown field id(s): budget"), ("overview,overview", 2, "a field is listed twice")],
)
def test_bad_ids(folder: Path, ids: str, code: int, message: str) -> None:
    out = run("fields", str(folder), ids)
    assert out.exit_code == code and message in out.output and "Traceback" not in out.output
    with Project.open(folder) as p:
        assert p.state.fields == ("overview", "impact")


def test_undo_restores_the_previous_fields(folder: Path) -> None:
    run("fields", str(folder), "purpose")
    assert run("undo", str(folder)).exit_code == 0
    with Project.open(folder) as p:
        assert p.state.fields == ("overview", "impact")
