"""synth run: the four steps headlessly, every decision the machine's, bad files named."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from test_themes import DATA

from synth.cli import cli
from synth.project import Project


def write_forms(folder: Path) -> None:
    data = tomllib.loads((DATA / "small.toml").read_text(encoding="utf-8"))
    folder.mkdir()
    headings = {
        "participants": "Participants",
        "enablers_barriers": "Enablers and barriers",
        "impact": "Impact and outcomes",
        "key_learning": "Key learning",
        "next_steps": "Next steps",
    }
    for i, c in enumerate(data["cases"]):
        body = [f"# {c['title']}", ""] + [f"## {headings[k]}\n\n{c[k]}\n" for k in headings]
        (folder / f"form-{i}.md").write_text("\n".join(body), encoding="utf-8")


def test_run_writes_themes_and_marks_machine_decisions(tmp_path):
    forms = tmp_path / "forms"
    write_forms(forms)
    (forms / "broken.docx").write_bytes(b"not a zip")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(forms), "--out", str(out)])
    assert result.exit_code == 1, result.output  # one file failed, the rest still ran
    assert "broken.docx" in result.output
    for step in ("import", "summaries", "themes", "general themes", "refine", "report"):
        assert step in result.output
    data = json.loads((out / "themes.json").read_text(encoding="utf-8"))
    labels = {t["label"].lower() for items in data["headings"].values() for t in items}
    assert any("fund" in label for label in labels) and any("volunteer" in label for label in labels)
    assert all(t["status"] == "suggested" and t["evidence"] for items in data["headings"].values() for t in items)
    assert data["general_themes"]
    with Project.open(out / "project") as p:
        assert set(p.state.fields) == {"participants", "enablers_barriers", "impact", "key_learning", "next_steps"}
        decisions = [e for e in p.trail.events() if e.kind.startswith(("theme.", "general.", "summary."))]
        assert decisions and all(e.payload.get("origin") == "machine" for e in decisions)
        assert all(e.payload.get("basis") for e in decisions if e.kind in ("theme.created", "general.created"))
    themes = CliRunner().invoke(cli, ["themes", str(out / "project"), "--json"])
    assert themes.exit_code == 0 and json.loads(themes.output)["headings"].keys() == data["headings"].keys()


def test_run_refuses_an_existing_project(tmp_path):
    forms = tmp_path / "forms"
    write_forms(forms)
    Project.create(tmp_path / "out" / "project").close()
    result = CliRunner().invoke(cli, ["run", str(forms), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "already exists" in result.output


def test_run_replaces_an_earlier_run_only_when_asked(tmp_path):
    forms = tmp_path / "forms"
    write_forms(forms)
    with Project.create(tmp_path / "out" / "project", name="earlier") as p:
        p.record("memo.written", memo={"id": "m-old", "target": "project", "text": "from the earlier run"})
    keep = tmp_path / "out" / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(forms), "--out", str(tmp_path / "out"), "--replace"])
    assert result.exit_code == 0, result.output
    with Project.open(tmp_path / "out" / "project") as p:
        assert p.state.name != "earlier" and "m-old" not in p.state.memos and p.state.cases
    assert keep.read_text(encoding="utf-8") == "mine"


def test_default_name_comes_from_the_inputs(tmp_path):
    from synth.pipeline import default_name

    (tmp_path / "casestudies").mkdir()
    (tmp_path / "creative-health_projects").mkdir()
    forms = tmp_path / "Forms 2024"
    forms.mkdir()
    for n in ("a.md", "b.docx"):
        (forms / n).write_text("x", encoding="utf-8")
    (tmp_path / "Arts on Prescription.docx").write_text("x", encoding="utf-8")
    cases = [
        ([tmp_path / "casestudies"], "Practice-based case study synthesis"),
        ([tmp_path / "creative-health_projects"], "Creative health projects"),
        ([tmp_path / "Arts on Prescription.docx"], "Arts on Prescription"),
        ([forms / "a.md", forms / "b.docx"], "Forms 2024"),
        ([tmp_path / "casestudies", forms], "Casestudies and Forms 2024"),
        ([tmp_path / "casestudies", forms, forms / "a.md"], "Casestudies and 2 more"),
    ]
    for paths, want in cases:
        assert default_name(paths) == want, paths


def test_run_names_the_synthesis_after_its_inputs_or_name(tmp_path):
    forms = tmp_path / "casestudies"
    write_forms(forms)
    out = tmp_path / "x"
    assert CliRunner().invoke(cli, ["run", str(forms), "--out", str(out)]).exit_code == 0
    with Project.open(out / "project") as p:
        assert p.state.name == "Practice-based case study synthesis"  # not the folder name "Casestudies"
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# Practice-based case study synthesis")
    named = tmp_path / "y"
    result = CliRunner().invoke(cli, ["run", str(forms), "--out", str(named), "--name", "Arts and wellbeing 2024"])
    assert result.exit_code == 0, result.output
    with Project.open(named / "project") as p:
        assert p.state.name == "Arts and wellbeing 2024"
    assert "Arts and wellbeing 2024" in (named / "report.html").read_text(encoding="utf-8")


def test_run_drafts_summaries_with_the_project_settings(tmp_path, monkeypatch):
    import synth.summaries
    from synth.pipeline import run

    calls = []
    real = synth.summaries.draft

    def spy(project, *args, **kwargs):
        calls.append(synth.summaries.summary_settings(project))
        return real(project, *args, **kwargs)

    monkeypatch.setattr(synth.summaries, "draft", spy)
    forms = tmp_path / "forms"
    write_forms(forms)
    result = run([forms], tmp_path / "out")
    assert len(calls) == 1 and calls[0].points == 3
    with Project.open(result.project) as p:
        summaries = list(p.state.summaries.values())
        assert summaries and all(s.origin == "machine" and not s.reviewed for s in summaries)


def test_run_hands_back_the_heap_it_froze(tmp_path):
    """The run freezes what each step leaves and makes full collections rarer (issue 12); it unfreezes all of it
    and restores the thresholds at the end, also when a step fails, and leaves a caller's own frozen objects frozen."""
    import gc

    from synth.pipeline import ProjectError, run

    forms = tmp_path / "forms"
    write_forms(forms)
    seen: list[tuple[int, int, int]] = []
    assert gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    result = run([forms], tmp_path / "out", progress=lambda *_: seen.append(gc.get_threshold()))
    assert result.ok and result.themes and gc.get_freeze_count() == 0
    assert seen and all(t[2] > thresholds[2] for t in seen)  # full collections rarer while it runs
    assert gc.get_threshold() == thresholds  # and as they were after
    with pytest.raises(ProjectError):
        run([forms], tmp_path / "out")  # the project exists: refused inside the frozen stretch
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        run([forms], tmp_path / "out", replace=True)
        assert 0 < gc.get_freeze_count() <= mine  # still frozen, nothing of the run added (some freed since)
    finally:
        gc.unfreeze()
