"""synth run: the four steps headlessly, every decision the machine's, bad files named."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

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
