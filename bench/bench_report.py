"""Benchmark: writing every report format for a large synthetic project.

Run by hand: ``python bench/bench_report.py [CASES]`` (default 300). It builds a
project by committing trail events directly (cases, a summary of every answer,
themes with codings, general themes), then times each writer against the
baseline of replaying the trail (``Project.open`` without the snapshot), all
measured in the same run, and ``write_all`` as ``synth run`` calls it.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

from synth.model import CaseStudy, make_id
from synth.project import Project
from synth.report import write_all, write_report
from synth.report.gather import gather
from synth.state import case_to_dict

FIELDS = ["overview", "setting", "purpose", "participants", "impact", "enablers_barriers", "key_learning", "next_steps"]
WORDS = [
    "volunteers",
    "funding",
    "referrals",
    "wellbeing",
    "confidence",
    "isolation",
    "singing",
    "gardening",
    "transport",
    "venue",
    "staff",
    "partners",
]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."


def build(root: Path, n_cases: int) -> Path:
    rng = random.Random(7)
    path = root / "big"
    with Project.create(path, name="Benchmark synthesis", fields=FIELDS, analyst="bench") as p:
        cases = []
        for i in range(n_cases):
            answers = {f: " ".join(sentence(rng) for _ in range(4)) for f in FIELDS}
            case = CaseStudy(id=f"case-{i}", title=f"Case {i}", source=f"forms/{i}.md", fields=answers, format="md")
            cases.append(case)
        p.commit([("case.imported", {"case": case_to_dict(c)}) for c in cases])
        p.commit(
            [
                (
                    "summary.recorded",
                    {
                        "case_id": c.id,
                        "field_id": f,
                        "text": c.fields[f][: c.fields[f].index(".") + 1],
                        "status": "accepted",
                        "origin": "machine",
                        "reviewed": False,
                    },
                )
                for c in cases
                for f in FIELDS
            ]
        )
        themes = []
        events = []
        for f in FIELDS:
            for k in range(12):
                tid = make_id("t", f, k)
                themes.append(tid)
                word = WORDS[k]
                codings = []
                for c in cases:
                    text = p.state.summaries[(c.id, f)].text
                    at = text.lower().find(word)
                    if at >= 0:
                        codings.append(
                            {
                                "id": make_id("k", tid, c.id, f, at),
                                "theme_id": tid,
                                "case_id": c.id,
                                "field_id": f,
                                "start": at,
                                "end": at + len(word),
                                "text": text[at : at + len(word)],
                                "target": "summary",
                                "origin": "machine",
                            }
                        )
                theme = {
                    "id": tid,
                    "heading": f,
                    "label": word.capitalize(),
                    "origin": "machine",
                    "suggestion_key": word,
                }
                events.append(("theme.created", {"theme": theme, "codings": codings, "origin": "machine"}))
        p.commit(events)
        p.commit(
            [
                (
                    "general.created",
                    {
                        "general": {"id": make_id("g", w), "label": w.capitalize(), "themes": themes[k::12]},
                        "key": w,
                        "origin": "machine",
                    },
                )
                for k, w in enumerate(WORDS)
            ]
        )
    return path


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("XDG_DATA_HOME", tmp)
        root = Path(tmp)
        t = timed(lambda: build(root, n))
        path = root / "big"
        print(f"built {n} cases x {len(FIELDS)} fields in {t:.2f}s")
        replay = timed(lambda: Project.open(path, use_snapshot=False).close())
        print(f"baseline: replay the trail (open without snapshot)  {replay:7.3f}s")
        with Project.open(path) as p:
            print(f"codings: {len(p.state.codings)}, themes: {len(p.state.themes)}, events: {p.trail.count()}")
            data = None

            def g() -> None:
                nonlocal data
                data = gather(p)

            print(f"gather (state + trail + verify)                     {timed(g):7.3f}s")
            for fmt in ("md", "html", "xlsx", "qdpx", "qdc"):
                secs = timed(lambda fmt=fmt: write_report(p, fmt, root / f"out.{fmt}", data=data))
                size = (root / f"out.{fmt}").stat().st_size
                print(
                    f"{fmt:<5} {size / 1024:9.0f} KiB                                {secs:7.3f}s  ({secs / replay:5.1f}x replay)"
                )
            secs = timed(lambda: write_all(p, root / "all"))
            print(f"write_all (gather once, every format, themes.json)  {secs:7.3f}s  ({secs / replay:5.1f}x replay)")


if __name__ == "__main__":
    main()
