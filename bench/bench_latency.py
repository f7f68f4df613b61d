"""Benchmark: CLI latency on a long trail (issue 12), against the same commands on a small project
in the same run.

Run: python bench/bench_latency.py [--cases 1000] [--events 30000] [--repeat 3]

Builds (once, cached by synth version, size and this file's content) a project of ``--cases``
case studies and about ``--events`` events, by committing events through the core as the commands
would (cases, summaries under every heading, themes with codings), and a 14-case project the same
way. Then times cold ``synth`` subprocesses on both: read-only commands (``themes``,
``trail log --limit 5``, ``collate``), one decision (``code``), ``undo`` and ``redo``. Each figure is
the best of ``--repeat``; the baseline is ``synth --version`` (interpreter start and imports).
Targets: read-only < 0.5 s, a decision, undo or redo < 1 s on the large project.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIELDS = [
    "overview",
    "setting",
    "purpose",
    "description",
    "methodology",
    "participants",
    "enablers_barriers",
    "key_learning",
]
WORDS = [
    "volunteers",
    "transport",
    "funding",
    "loneliness",
    "walking",
    "singing",
    "garden",
    "referral",
    "link",
    "worker",
    "evaluation",
    "survey",
]


def _answer(n: int, f: str) -> str:
    w = [WORDS[(n * 7 + i * 3 + len(f)) % len(WORDS)] for i in range(12)]
    return f"Project {n} worked on {w[0]} and {w[1]}. We used {w[2]} and {w[3]} with {w[4]}. " * 2


def build(path: Path, cases: int, events: int) -> None:
    from synth.model import CaseStudy, make_id, slugify
    from synth.project import Project
    from synth.state import case_to_dict

    with Project.create(path, name="Latency", fields=FIELDS, analyst="ana") as p:
        ids = []
        batch = []
        for n in range(cases):
            answers = {f: _answer(n, f) for f in FIELDS}
            title = f"Project {n:05d}"
            case = CaseStudy(
                id=slugify(title),
                title=title,
                source=f"forms/{slugify(title)}.md",
                sha256=make_id("sha", title),
                fields=answers,
                format="markdown",
            )
            ids.append(case.id)
            batch.append(("case.imported", {"case": case_to_dict(case)}))
            if len(batch) == 50:
                p.commit(batch)
                batch = []
        if batch:
            p.commit(batch)
        written = p.trail.count()
        round_no = 0
        while written < events:
            round_no += 1
            for f in FIELDS:
                batch = []
                for n, c in enumerate(ids):
                    text = f"Round {round_no}: project {n} {f.replace('_', ' ')} summary."
                    batch.append(
                        (
                            "summary.recorded",
                            {
                                "case_id": c,
                                "field_id": f,
                                "text": text,
                                "status": "accepted",
                                "suggestion": None,
                                "engine": None,
                                "engine_version": None,
                                "answer": _answer(n, f),
                                "reviewed": True,
                                "origin": "analyst",
                            },
                        )
                    )
                    if len(batch) == 200:
                        p.commit(batch)
                        written += len(batch)
                        batch = []
                if batch:
                    p.commit(batch)
                    written += len(batch)
                if written >= events:
                    break
        p.save_snapshot()


def project(cache: Path, cases: int, events: int) -> Path:
    from synth import __version__

    key = hashlib.sha256(f"{__version__}|{cases}|{events}|{Path(__file__).read_bytes()!r}".encode()).hexdigest()[:12]
    path = cache / f"latency-{cases}-{events}-{key}"
    if not (path / ".done").exists():
        shutil.rmtree(path, ignore_errors=True)
        build(path, cases, events)
        (path / ".done").write_text("")
    return path


def timed(args: list[str], repeat: int) -> tuple[float, int]:
    best, rc = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        rc = subprocess.run([sys.executable, "-m", "synth", *args], capture_output=True).returncode
        best = min(best, time.perf_counter() - start)
    return best, rc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--events", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "synth-bench-latency")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SYNTH_DATA_DIR", str(args.cache / "data"))
    os.environ.setdefault("SYNTH_ANALYST", "ana")
    start = time.perf_counter()
    big = project(args.cache, args.cases, args.events)
    small = project(args.cache, 14, 14 * len(FIELDS) * 3)
    print(f"projects ready in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    base, _ = timed(["--version"], args.repeat)
    commands = {
        "themes": (["themes", "{P}"], 0.5),
        "trail log --limit 5": (["trail", "{P}", "log", "--limit", "5"], 0.5),
        "collate": (["collate", "{P}"], 0.5),
        "code (one decision)": (
            ["code", "{P}", "--heading", "purpose", "--case", "Project 00003", "--theme", "Walking"],
            1.0,
        ),
        "undo": (["undo", "{P}"], 1.0),
        "redo": (["redo", "{P}"], 1.0),
    }
    rows = []
    for name, (argv, target) in commands.items():
        out = []
        for path in (small, big):
            work = args.cache / f"work-{path.name}"
            if name == "code (one decision)":
                shutil.rmtree(work, ignore_errors=True)
                shutil.copytree(path, work)
            target_path = work if work.exists() else path
            out.append(
                timed(
                    [a.replace("{P}", str(target_path)) for a in argv],
                    args.repeat if name not in ("undo", "redo", "code (one decision)") else 1,
                )
            )
        rows.append((name, target, *out))
    print(f"baseline: synth --version {base:.2f} s")
    print(f"| command | 14 cases s | {args.cases:,} cases, {args.events:,} events s | target s | met |")
    print("|---|---:|---:|---:|---|")
    for name, target, (s_small, _rc_s), (s_big, rc_b) in rows:
        ok = "yes" if s_big < target and rc_b == 0 else ("no" if rc_b == 0 else f"exit {rc_b}")
        print(f"| {name} | {s_small:.2f} | {s_big:.2f} | < {target} | {ok} |")


if __name__ == "__main__":
    main()
