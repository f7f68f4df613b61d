"""``trail log --limit N`` reads only the newest N rows when nothing filters them (issue 12), and
shows exactly what the whole log's last N lines show; with a filter it still reads everything."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from synth.cli import cli
from synth.project import Project


def test_log_limit_is_the_tail_of_the_whole_log(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", analyst="ana") as p:
        for i in range(12):
            p.record("memo.written", memo={"id": f"m{i}", "target": "project", "text": f"note {i}"})
    run = CliRunner()
    whole = run.invoke(cli, ["trail", str(tmp_path / "p"), "log"]).output.splitlines()
    assert len(whole) == 14
    for n in (1, 3, 14, 40):
        out = run.invoke(cli, ["trail", str(tmp_path / "p"), "log", "--limit", str(n)])
        assert out.exit_code == 0 and out.output.splitlines() == whole[-n:]
    memos = run.invoke(cli, ["trail", str(tmp_path / "p"), "log", "--kind", "memo", "--limit", "20"]).output
    assert len(memos.splitlines()) == 12  # a filter still looks at the whole trail
