"""A project written by main at 29751e1 still opens: its trail verifies, replays to the same themes, and
``trail log`` shows every event with the line main showed (the lines now come from the event catalogue)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "main-29751e1"


def _synth(tmp_path, *args):
    env = {"SYNTH_DATA_DIR": str(tmp_path / "data"), "SYNTH_ANALYST": "reviewer", "PATH": ""}
    return subprocess.run([sys.executable, "-m", "synth", *args], capture_output=True, text=True, env=env)


def test_old_project_verifies_and_replays_to_main_themes(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE / "project", project)
    verified = _synth(tmp_path, "trail", str(project), "verify")
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("trail verified: 93 events")
    themes = _synth(tmp_path, "themes", str(project), "--json")
    assert themes.returncode == 0, themes.stderr
    assert json.loads(themes.stdout) == json.loads((FIXTURE / "themes.json").read_text())


def test_old_project_log_reads_as_main_wrote_it(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE / "project", project)
    log = _synth(tmp_path, "trail", str(project), "log")
    assert log.returncode == 0, log.stderr
    assert log.stdout == (FIXTURE / "log.txt").read_text(encoding="utf-8")
    assert "coding.added" in log.stdout and "theme.project_added" in log.stdout  # the code step is in it
