"""Where features meet (found in review): paths that cross the signed trail, rounds, merge and interchange."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from synth.cli import cli

REPO = Path(__file__).resolve().parents[2]


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_two_copies_worked_on_one_machine_merge_and_both_still_verify(tmp_path: Path) -> None:
    """The README's 'working apart': copy the folder, both copies take signed commands (same user, same data
    folder), merge. Each folder's witness is its own line of the trail, so neither copy reads as rolled back or
    forked; putting an older synth.db back into a folder is still caught."""
    g = tmp_path / "g"
    assert run("init", g, "--fields", "participants").exit_code == 0
    assert run("import", g, REPO / "casestudies" / "green-minds.md").exit_code == 0
    m1, m2 = tmp_path / "m1", tmp_path / "m2"
    shutil.copytree(g, m1)
    shutil.copytree(g, m2)
    before = (m1 / "synth.db").read_bytes()
    out = run("--analyst", "alice", "code", m2, "--heading", "participants", "--case", "green-minds", "--theme", "Old")
    assert out.exit_code == 0 and "warning" not in out.output, out.output
    out = run(
        "--analyst", "alice", "code", m1, "--heading", "participants", "--case", "green-minds", "--theme", "Young"
    )
    assert out.exit_code == 0, out.output
    assert run("merge", m1, m2).exit_code == 0
    for copy in (m1, m2):
        out = run("trail", copy, "verify")
        assert out.exit_code == 0, out.output
        assert "warning" not in out.output
    (m1 / "synth.db").write_bytes(before)  # an older copy put back in that folder
    out = run("trail", m1, "verify")
    assert out.exit_code == 1 and "went backwards" in out.output
