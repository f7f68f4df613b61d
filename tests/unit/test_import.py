"""Importing forms into a project: one commit, provenance in the trail, duplicates recognised, bad files skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import cli
from synth.extract.importer import import_paths, unique_id
from synth.project import Project

FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"
GOOD = ["md-atx-headings.md", "txt-q-numbered-cp1252.txt", "docx-table.docx", "csv-forms-export.csv"]


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p") as p:
        yield p


def _copy(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "forms"
    folder.mkdir(exist_ok=True)
    for n in names:
        shutil.copy(FORMS / n, folder / n)
    return folder


def test_import_writes_one_event_per_case_in_one_commit(project: Project, tmp_path: Path) -> None:
    folder = _copy(tmp_path, GOOD)
    report = import_paths(project, [folder])
    assert report.ok and len(report.imported) == 5  # the CSV holds two cases
    events = [e for e in project.trail.events() if e.kind == "case.imported"]
    assert len(events) == 5 and len({e.txn for e in events}) == 1
    payload = next(e.payload for e in events if e.payload["case"]["id"] == "green-minds-allotment")
    assert len(payload["case"]["sha256"]) == 64
    decisions = {d["heading"]: d for d in payload["matching"]}
    assert decisions["Methodolgy"]["field"] == "methodology" and decisions["Methodolgy"]["method"] == "fuzzy"
    assert decisions["Budget"]["field"] is None
    case = project.state.cases["green-minds-allotment"]
    assert case.fields["methodology"].startswith("Five Ways")
    assert [u.heading for u in case.unplaced] == ["Budget"]
    assert project.state.cases["valley-connect"].attributes["Email"] == "jo@example.org"


def test_reimport_is_recognised_not_duplicated(project: Project, tmp_path: Path) -> None:
    folder = _copy(tmp_path, GOOD)
    import_paths(project, [folder])
    seq = project.state.seq
    again = import_paths(project, [folder])
    assert again.imported == [] and len(again.duplicates) == 5
    assert project.state.seq == seq  # nothing written
    renamed = tmp_path / "copy-of-green-minds.md"
    shutil.copy(folder / "md-atx-headings.md", renamed)
    third = import_paths(project, [renamed])
    assert third.imported == [] and third.duplicates[0][1] == "green-minds-allotment"


def test_same_title_gets_a_unique_id(project: Project, tmp_path: Path) -> None:
    a = tmp_path / "a.md"
    b = tmp_path / "b.md"
    a.write_text("# Green Minds\n\n## Overview\nOne.\n", encoding="utf-8")
    b.write_text("# Green Minds\n\n## Overview\nTwo.\n", encoding="utf-8")
    report = import_paths(project, [a, b])
    assert [cid for _, cid, _ in report.imported] == ["green-minds", "green-minds-2"]
    assert unique_id("Green Minds", {"green-minds", "green-minds-2"}) == "green-minds-3"


def test_changed_source_is_imported_as_a_new_case_with_a_note(project: Project, tmp_path: Path) -> None:
    form = tmp_path / "a.md"
    form.write_text("# Green Minds\n\n## Overview\nOne.\n", encoding="utf-8")
    import_paths(project, [form])
    form.write_text("# Green Minds\n\n## Overview\nOne, revised.\n", encoding="utf-8")
    report = import_paths(project, [form])
    assert [cid for _, cid, _ in report.imported] == ["green-minds-2"]
    assert "changed since it was imported as green-minds" in report.notes[0]


def test_bad_files_are_skipped_and_good_ones_kept(project: Project, tmp_path: Path) -> None:
    folder = _copy(tmp_path, [*GOOD, "bad-empty.md", "bad-truncated.docx", "bad-binary.txt"])
    report = import_paths(project, [folder])
    assert len(report.imported) == 5 and not report.ok
    assert sorted(Path(e.path).name for e in report.failed) == ["bad-binary.txt", "bad-empty.md", "bad-truncated.docx"]


def test_size_limit_comes_from_the_project_setting(project: Project, tmp_path: Path) -> None:
    project.config["settings"]["max_import_mb"] = 0.0001
    report = import_paths(project, [FORMS / "md-atx-headings.md"])
    assert report.imported == [] and "max_import_mb" in str(report.failed[0])


def test_cancelled_import_writes_nothing(project: Project, tmp_path: Path) -> None:
    seq = project.state.seq
    report = import_paths(project, [_copy(tmp_path, GOOD)], cancelled=lambda: True)
    assert report.cancelled and project.state.seq == seq


def test_cli_import_reports_per_file_and_exits_1_on_a_bad_file(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "p")]).exit_code == 0
    folder = _copy(tmp_path, ["md-atx-headings.md", "bad-truncated.docx"])
    result = runner.invoke(cli, ["import", str(tmp_path / "p"), str(folder)])
    assert result.exit_code == 1
    assert "imported   " in result.output and "green-minds-allotment" in result.output
    assert "bad-truncated.docx: truncated or damaged" in result.output
    assert "Traceback" not in result.output
    again = runner.invoke(cli, ["import", str(tmp_path / "p"), str(folder / "md-atx-headings.md")])
    assert again.exit_code == 0 and "already imported as green-minds-allotment" in again.output


def test_cli_import_into_a_missing_project_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "none"), str(FORMS / "md-atx-headings.md")])
    assert result.exit_code == 1 and "not a synth project" in result.output and "Traceback" not in result.output


def test_cli_extract_json_and_text(tmp_path: Path) -> None:
    import json

    runner = CliRunner()
    result = runner.invoke(cli, ["extract", "--json", str(FORMS / "csv-forms-export.csv")])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["title"] for d in data] == ["Valley Connect", "Open Book"]
    text = runner.invoke(cli, ["extract", str(FORMS / "md-atx-headings.md"), str(FORMS / "bad-empty.md")])
    assert text.exit_code == 1
    assert "methodology" in text.output and "'Methodolgy' (fuzzy, 0.95)" in text.output
    assert "bad-empty.md: empty file" in text.output


def test_a_grown_forms_export_imports_only_the_new_rows(project: Project, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    header = "ID,Email,Project name,Overview\n"
    export.write_text(header + "1,a@example.org,Tea and Talk,A café for carers.\n", encoding="utf-8")
    import_paths(project, [export])
    export.write_text(
        header + "1,a@example.org,Tea and Talk,A café for carers.\n2,b@example.org,Walk On,Weekly walks.\n",
        encoding="utf-8",
    )
    report = import_paths(project, [export])
    assert [cid for _, cid, _ in report.imported] == ["walk-on"]
    assert [cid for _, cid, _ in report.duplicates] == ["tea-and-talk"]


@pytest.mark.parametrize("command", [["extract"], ["form", "check"], ["import", "PROJECT"]])
def test_cli_says_when_a_folder_holds_no_forms(tmp_path: Path, command: list[str]) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["init", str(tmp_path / "p")])
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.json").write_text("{}", encoding="utf-8")
    args = [str(tmp_path / "p") if a == "PROJECT" else a for a in command]
    result = runner.invoke(cli, [*args, str(empty)])
    assert result.exit_code == 1 and "no form files found" in result.output
