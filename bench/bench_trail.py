"""Benchmark: replaying, signing and verifying a 100,000-event coding trail.

Run: python bench/bench_trail.py [--events 100000]

Builds a project whose trail holds a realistic mix of events (cases, summaries,
themes, codings, memos, undo/redo) and times, in the same run:
- baseline: reading every row and decoding its JSON payload (the floor of any replay),
- full replay: Project.open without a snapshot (targets: under 2 s),
- open with a snapshot (target: under 0.3 s), and the same reading every case's answers (which the
  slim snapshot leaves in the trail),
- verify: walking the hash chain (commands of 1,000 events, unsigned, as before signing).

Then the cost of signing (issue 11), against that replay, on the same mix written
as one event per command (the worst case: one signature per event):
- write unsigned vs write signed (Ed25519 over each command's statement), per event,
- verify unsigned (hash chain) vs verify signed (chain + every signature), per event,
- a command's WAL checkpoint (each command ends with one): 200 one-event commands
  through Project.record with and without it.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from synth.model import CaseStudy, make_id
from synth.project import Project
from synth.state import case_to_dict

FIELDS = ["overview", "purpose", "participants", "impact", "enablers_barriers", "key_learning"]
TEXT = "Volunteers from the local community ran weekly sessions in the park and welcomed new members. "


def build(path: Path, n_events: int, *, per_command: int = 1000, signed: bool = True) -> Project:
    """A project of ``n_events``; unsigned, it is a trail as synth wrote them before signing."""
    if signed:
        project = Project.create(path, analyst="bench")
        signer = project.signer
    else:
        from synth.project import write_config
        from synth.state import template_to_dict
        from synth.templates import load_template
        from synth.trail import Trail

        path.mkdir()
        write_config(path / "synth.toml", {"name": "bench", "settings": {}})
        template = template_to_dict(load_template("practice-based"))
        with Trail(path / "synth.db", create=True) as trail:
            trail.append("bench", [("project.created", {"name": "bench", "template": template, "fields": FIELDS})])
        project, signer = Project.open(path, analyst="bench"), None
    with project.trail.lock():  # one SQLite transaction for the build; commands are still one txn each
        return _build(project, n_events, per_command, signer)


def _build(project: Project, n_events: int, per_command: int, signer) -> Project:
    n_cases = max(10, n_events // 100)
    batch: list[tuple[str, dict]] = []
    written = project.trail.count()

    def flush() -> None:
        nonlocal written
        if batch:
            for start in range(0, len(batch), per_command):
                project.trail.append("bench", batch[start : start + per_command], signer)
            written = project.trail.count()
            batch.clear()

    cases = [f"case-{i}" for i in range(n_cases)]
    for cid in cases:
        case = CaseStudy(
            id=cid,
            title=cid.title(),
            source=f"{cid}.md",
            sha256=make_id("s", cid),
            fields={f: TEXT * 3 for f in FIELDS},
        )
        batch.append(("case.imported", {"case": case_to_dict(case)}))
    flush()
    themes = []
    i = 0
    while written < n_events:
        cid = cases[i % n_cases]
        field = FIELDS[i % len(FIELDS)]
        kind = i % 10
        if kind < 3:
            batch.append(
                (
                    "summary.recorded",
                    {
                        "case_id": cid,
                        "field_id": field,
                        "text": TEXT,
                        "status": "accepted",
                        "suggestion": TEXT,
                        "engine": "bench",
                        "engine_version": "1",
                        "answer": TEXT * 3,
                    },
                )
            )
        elif kind == 3 or not themes:
            tid = make_id("t", field, i)
            themes.append(tid)
            batch.append(
                (
                    "theme.created",
                    {"theme": {"id": tid, "heading": field, "label": f"Theme {i}", "projects": [cid]}, "codings": []},
                )
            )
        elif kind < 8:
            tid = themes[i % len(themes)]
            batch.append(
                (
                    "coding.added",
                    {
                        "coding": {
                            "id": make_id("k", tid, cid, i),
                            "theme_id": tid,
                            "case_id": cid,
                            "field_id": field,
                            "start": 0,
                            "end": 20,
                            "text": TEXT[:20],
                        }
                    },
                )
            )
        elif kind == 8:
            batch.append(
                ("theme.renamed", {"theme_id": themes[i % len(themes)], "label": f"Renamed {i}", "previous": "x"})
            )
        else:
            batch.append(
                (
                    "memo.written",
                    {"memo": {"id": make_id("m", i), "target": f"case:{cid}", "text": "A note on this case."}},
                )
            )
        i += 1
        if len(batch) >= 1000 or written + len(batch) >= n_events:
            flush()
    return project


def timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    n = args.events
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SYNTH_DATA_DIR"] = str(Path(tmp) / "data")  # keys and witness of this run only
        path = Path(tmp) / "p"
        start = time.perf_counter()
        build(path, n).close()
        print(f"built a trail of {n:,} events in {time.perf_counter() - start:.1f} s")

        def baseline() -> None:
            con = sqlite3.connect(path / "synth.db")
            for (payload,) in con.execute("SELECT payload FROM events ORDER BY seq"):
                json.loads(payload)
            con.close()

        def replay() -> None:
            Project.open(path, use_snapshot=False).close()

        Project.open(path).close()  # writes the snapshot

        def with_snapshot() -> None:
            Project.open(path).close()

        def every_answer() -> None:  # the slim snapshot reads the answers from the trail when asked for
            with Project.open(path) as p:
                assert sum(len(c.answer(f)) for c in p.state.cases.values() for f in FIELDS)

        def verify() -> None:
            with Project.open(path) as p:
                assert p.trail.verify().ok

        with Project.open(path) as p:
            state = p.state
            print(
                f"state: {len(state.cases)} cases, {len(state.summaries)} summaries, {len(state.themes)} themes, {len(state.codings)} codings, {len(state.memos)} memos"
            )
        rows = [
            ("baseline: read rows + decode JSON", timed(baseline)),
            ("full replay (Project.open, no snapshot)", timed(replay)),
            ("open with snapshot", timed(with_snapshot)),
            ("open with snapshot + read every answer", timed(every_answer)),
            ("verify hash chain", timed(verify)),
        ]
        base = rows[0][1]
        for name, seconds in rows:
            print(f"{name:<42} {seconds:7.3f} s   {seconds / base:5.1f}x baseline")
        signing(Path(tmp), n, replay_seconds=rows[1][1])


def signing(tmp: Path, n: int, replay_seconds: float) -> None:
    """Signing and verifying cost per event, one event per command, against the replay timed above."""
    from synth.trail import Trail

    timings = {}
    for name, signed in (("unsigned", False), ("signed", True)):
        folder = tmp / f"one-per-command-{name}"
        start = time.perf_counter()
        build(folder, n, per_command=1, signed=signed).close()
        timings[f"write {name}"] = time.perf_counter() - start
        with Trail(folder / "synth.db") as trail:
            timings[f"verify {name}"] = timed(lambda trail=trail: trail.verify(), repeat=1)
            result = trail.verify()
            assert result.ok and (result.signed_from == 1) == signed, result.describe()
    print(f"\none event per command, {n:,} events (replay of the mixed trail above: {replay_seconds:.3f} s)")
    for name, seconds in timings.items():
        print(
            f"{name:<42} {seconds:7.3f} s   {seconds / n * 1e6:7.1f} us/event   {seconds / replay_seconds:5.2f}x replay"
        )
    sign = timings["write signed"] - timings["write unsigned"]
    check = timings["verify signed"] - timings["verify unsigned"]
    print(f"{'signing, added per event':<42} {sign / n * 1e6:7.1f} us/event   {sign / replay_seconds:5.2f}x replay")
    print(
        f"{'checking signatures, added per event':<42} {check / n * 1e6:7.1f} us/event   {check / replay_seconds:5.2f}x replay"
    )

    commands = 200
    per = {}
    for name, keep in (("without checkpoint", False), ("with checkpoint", True)):
        folder = tmp / f"checkpoint-{name.split()[0]}"
        original = Trail.checkpoint
        if not keep:
            Trail.checkpoint = lambda self: None  # type: ignore[method-assign]
        try:
            with Project.create(folder, analyst="bench") as p:
                start = time.perf_counter()
                for i in range(commands):
                    p.record("memo.written", memo={"id": f"m{i}", "target": "project", "text": TEXT})
                per[name] = (time.perf_counter() - start) / commands
        finally:
            Trail.checkpoint = original  # type: ignore[method-assign]
    print(f"\n{commands} one-event commands (Project.record), fsync on every commit")
    for name, seconds in per.items():
        print(f"{name:<42} {seconds * 1e3:7.2f} ms/command")
    print(
        f"{'checkpoint, added per command':<42} {(per['with checkpoint'] - per['without checkpoint']) * 1e3:7.2f} ms/command"
    )


if __name__ == "__main__":
    main()
