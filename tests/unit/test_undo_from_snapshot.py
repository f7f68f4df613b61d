"""Undo and redo fold again from the snapshot when the commands they name come after it (issue 12:
an undo on a long trail no longer replays the whole history), and the state is the same as a fold
of the whole trail; an undo naming a command before the snapshot still folds from the start."""

from __future__ import annotations

from pathlib import Path

from synth.project import Project
from synth.state import fold


def memo(p: Project, i: int) -> None:
    p.record("memo.written", memo={"id": f"m{i}", "target": "project", "text": f"note {i}"})


def whole(p: Project):
    return fold(p.trail.events())


def test_undo_and_redo_after_the_snapshot_match_a_whole_fold(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", analyst="ana") as p:
        for i in range(5):
            memo(p, i)
        p.save_snapshot()
        memo(p, 5)
        memo(p, 6)
        p.undo()
        assert "m6" not in p.state.memos and p.state == whole(p)
        p.undo()
        assert "m5" not in p.state.memos and p.state == whole(p)
        p.redo()
        assert "m5" in p.state.memos and p.state == whole(p)
        state, replayed = p._fold_from_snapshot()  # what an undo or redo folds from
        assert replayed == p.state.seq - 7 and state == p.state  # only the events after the snapshot


def test_an_undo_before_the_snapshot_folds_the_whole_trail(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", analyst="ana") as p:
        for i in range(3):
            memo(p, i)
        memo(p, 3)
        p.undo()  # takes back m3
        p.save_snapshot()  # the snapshot has m3 undone
        p.redo()  # names a command before the snapshot: from the start
        assert "m3" in p.state.memos and p.state == whole(p)
        assert p._fold_from_snapshot()[1] == p.state.seq  # the whole trail was replayed
    with Project.open(tmp_path / "p", analyst="ana") as again:
        assert again.state == whole(again)
