"""The slim snapshot (issue 12): a project opened from it is the fold of its trail, for random runs of
commands with undos and redos among them; the answers stay in the trail and are read when asked for; an
older synth's full-text snapshot still opens (and is written again slim); undo and redo after a reopen
are the fold of the trail, whether applied to the loaded state or folded again."""

from __future__ import annotations

import copy
import hashlib
import hmac
import pickle
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synth.folders import CACHE
from synth.model import CaseStudy
from synth.project import LEGACY_STATE_VERSION, Project, snapshot_key
from synth.snapshot import TrailText, legacy_state_to_json
from synth.state import apply_redo, case_to_dict, fork, replay

ANSWER = "We met every week in the community garden and the volunteers ran the sessions. "


def case(i: int) -> dict:
    fields = {"overview": f"{ANSWER}({i})", "purpose": f"Purpose {i}: {ANSWER}"}
    return case_to_dict(CaseStudy(id=f"case-{i}", title=f"Case {i}", source=f"case-{i}.md", fields=fields))


def command(p: Project, step: tuple[str, int]) -> None:
    """One command of a random run: ``step`` is (what, a number picking its target)."""
    what, n = step
    state = p.state
    cases = sorted(state.cases)
    themes = sorted(state.themes)
    if what == "case" or not cases:
        p.record("case.imported", case=case(n))
    elif what == "remap":
        p.record("case.remapped", case_id=cases[n % len(cases)], heading="Overview", **{"from": "overview", "to": None})
    elif what == "summary":
        p.record(
            "summary.recorded", case_id=cases[n % len(cases)], field_id="purpose", text=f"summary {n}", status="written"
        )
    elif what == "theme" or not themes:
        theme = {"id": f"t-{n}", "heading": "purpose", "label": f"Theme {n}", "projects": [cases[n % len(cases)]]}
        p.record("theme.created", theme=theme, codings=[])
    elif what == "rename":
        p.record("theme.renamed", theme_id=themes[n % len(themes)], label=f"Renamed {n}", previous="")
    elif what == "code":
        coding = {
            "id": f"k-{n}-{len(state.codings)}",
            "theme_id": themes[n % len(themes)],
            "case_id": cases[n % len(cases)],
            "field_id": "purpose",
            "start": 0,
            "end": 7,
            "text": "Purpose",
        }
        p.record("coding.added", coding=coding)
    elif what == "memo":
        p.record("memo.written", memo={"id": f"m-{n % 3}", "target": "project", "text": f"note {n}"})
    elif what == "undo":
        p.undo()
    elif what == "redo":
        p.redo()
    elif what == "snapshot":
        p.save_snapshot()


steps = st.lists(
    st.tuples(
        st.sampled_from(["case", "remap", "summary", "theme", "rename", "code", "memo", "undo", "redo", "snapshot"]),
        st.integers(0, 20),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=steps, after=steps)
def test_a_project_opened_from_its_snapshot_is_the_fold_of_its_trail(before, after) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with Project.create(Path(tmp) / "p", analyst="ana") as p:
            for step in before:
                command(p, step)
            p.save_snapshot()
            for step in after:
                command(p, step)
                assert p.state == replay(p.trail)  # undo and redo in the loaded state: as a fold says
        with Project.open(Path(tmp) / "p", analyst="ana") as opened:
            assert opened.state == replay(opened.trail)
            for step in [("undo", 0), ("undo", 0), ("redo", 0), ("memo", 1), ("undo", 0), ("redo", 0)]:
                command(opened, step)  # after a reopen too
                assert opened.state == replay(opened.trail)


def test_the_answers_stay_in_the_trail_and_are_read_when_asked_for(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", analyst="ana") as p:
        p.commit([("case.imported", {"case": case(i)}) for i in range(20)])
        p.record("case.remapped", case_id="case-3", heading="Overview", **{"from": "overview", "to": None})
        p.save_snapshot()
        folded = replay(p.trail)
    blob = (tmp_path / "p" / CACHE / "snapshot.json").read_bytes()
    assert b"Purpose 7" not in blob and b"Purpose 3" in blob  # a moved case keeps its answers in the snapshot
    with Project.open(tmp_path / "p", analyst="ana") as p:
        state = p.state
        assert isinstance(state.cases["case-7"].fields, TrailText) and isinstance(state.cases["case-3"].fields, dict)
    # read after the project is closed, equal to the fold's dicts, and copied as plain dicts
    assert state.cases["case-7"].answer("purpose") == f"Purpose 7: {ANSWER}"
    assert state == folded
    copied = copy.deepcopy(state)
    assert copied == folded and type(copied.cases["case-9"].fields) is dict
    assert pickle.loads(pickle.dumps(state.cases["case-9"])) == folded.cases["case-9"]


def test_an_older_synths_full_text_snapshot_still_opens_and_is_written_again_slim(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", analyst="ana") as p:
        p.commit([("case.imported", {"case": case(i)}) for i in range(5)])
        p.record("memo.written", memo={"id": "m", "target": "project", "text": "x"})
        meta = {"version": LEGACY_STATE_VERSION, "synth": __import__("synth").__version__, "head": p.state.head}
        body = legacy_state_to_json(p.state, meta)
    path = tmp_path / "p" / CACHE / "snapshot.json"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(hmac.new(snapshot_key(), body, hashlib.sha256).hexdigest().encode() + b"\n" + body)
    with Project.open(tmp_path / "p", analyst="ana") as p:
        assert p.state == replay(p.trail) and p.state.memos["m"].text == "x"
    rewritten = path.read_bytes().split(b"\n", 1)[1]
    assert not rewritten.startswith(b'{"$t"') and ANSWER.encode() not in rewritten
    with Project.open(tmp_path / "p", analyst="ana") as p:
        assert p.state == replay(p.trail)


def test_undo_and_redo_after_a_reopen_are_a_fresh_fold(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", analyst="ana") as p:
        p.commit([("case.imported", {"case": case(i)}) for i in range(3)])
        for i in range(4):
            p.record("memo.written", memo={"id": f"m{i}", "target": "project", "text": f"note {i}"})
        p.save_snapshot()
        p.record("memo.written", memo={"id": "m1", "target": "project", "text": "again"})
    for _ in range(2):  # after the snapshot, then (the second time round) one that holds what is undone
        with Project.open(tmp_path / "p", analyst="ana") as p:
            for action in (p.undo, p.undo, p.redo, p.redo, p.undo):
                action()
                assert p.state == replay(p.trail)
            p.redo()
            p.save_snapshot()
    with Project.open(tmp_path / "p", analyst="ana") as p:
        assert p.state.memos["m1"].text == "again" and p.state == replay(p.trail)


def test_a_redo_applies_the_command_only_when_nothing_in_effect_came_after_it(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", analyst="ana") as p:
        p.record("memo.written", memo={"id": "m", "target": "project", "text": "first"})
        txn = p.record("memo.written", memo={"id": "m", "target": "project", "text": "second"}).txn
        p.undo()
        redo = p.redo()
        before_redo = replay(p.trail, until=redo.seq - 1)
        assert apply_redo(p.trail, fork(before_redo), redo)  # nothing came after it: applied
        p.undo()
        p.record("memo.written", memo={"id": "m", "target": "project", "text": "third"})
        late = p.record("redo", txn=txn)  # a redo past a later command (no redo stack offers it)
        assert not apply_redo(p.trail, replay(p.trail, until=late.seq - 1), late)
        assert p.state == replay(p.trail) and p.state.memos["m"].text == "third"  # folded in its place


def test_a_snapshot_naming_answers_the_trail_does_not_hold_is_not_used(tmp_path: Path) -> None:
    import json

    with Project.create(tmp_path / "p", analyst="ana") as p:
        p.commit([("case.imported", {"case": case(i)}) for i in range(3)])
        p.save_snapshot()
    path = tmp_path / "p" / CACHE / "snapshot.json"
    data = json.loads(path.read_bytes().split(b"\n", 1)[1])
    data["state"]["cases"][0][4][1] = "0" * 64  # another event's hash than the import's
    body = json.dumps(data).encode()
    path.write_bytes(hmac.new(snapshot_key(), body, hashlib.sha256).hexdigest().encode() + b"\n" + body)
    with Project.open(tmp_path / "p", analyst="ana") as p:
        assert p.state == replay(p.trail)
        assert not any(isinstance(c.fields, TrailText) for c in p.state.cases.values())  # replayed, not read


def test_folds_overlapping_in_threads_leave_the_collector_on() -> None:
    import gc
    import threading

    from synth.state import collector_paused

    assert gc.isenabled()
    inside = threading.Barrier(2)
    off = []

    def fold_like() -> None:
        with collector_paused():
            inside.wait()  # both blocks are open at once, and end in either order
            off.append(not gc.isenabled())

    threads = [threading.Thread(target=fold_like) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert off == [True, True] and gc.isenabled()
