"""Benchmark: replaying and verifying a 100,000-event coding trail.

Run: python bench/bench_trail.py [--events 100000]

Builds a project whose trail holds a realistic mix of events (cases, summaries,
themes, codings, memos, undo/redo) and times, in the same run:
- baseline: reading every row and decoding its JSON payload (the floor of any replay),
- full replay: Project.open without a snapshot (targets: under 2 s),
- open with a snapshot (target: well under 0.5 s),
- verify: walking the hash chain.
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


def build(path: Path, n_events: int) -> Project:
    project = Project.create(path, analyst="bench")
    n_cases = max(10, n_events // 100)
    batch: list[tuple[str, dict]] = []
    written = 1

    def flush() -> None:
        nonlocal written
        if batch:
            project.trail.append("bench", batch)
            written += len(batch)
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
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("XDG_DATA_HOME", tmp)
        path = Path(tmp) / "p"
        start = time.perf_counter()
        build(path, args.events).close()
        print(f"built a trail of {args.events:,} events in {time.perf_counter() - start:.1f} s")

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
            ("verify hash chain", timed(verify)),
        ]
        base = rows[0][1]
        for name, seconds in rows:
            print(f"{name:<42} {seconds:7.3f} s   {seconds / base:5.1f}x baseline")


if __name__ == "__main__":
    main()
