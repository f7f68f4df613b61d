"""Team load on a PostgreSQL project against the same on a SQLite folder, in the same run (issue 15).

1. 4 and 8 processes commit decisions (one memo per command, each chosen under the write
   lock) at once against one server project, then the same against one folder project:
   every event must be there, the chain must verify; commands per second for each.
2. ``synth run`` on N generated forms into a server project (``--project URL``) against the
   same into a folder.

    python bench/bench_postgres.py [--commands 25] [--forms 200]

Starts its own throwaway cluster (tests/pgcluster.py; needs Debian's postgresql package).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench" / "corpus"))

WORKER = """
import json, os, sys, time
from synth.project import Project
from synth.themes.actions import write_memo
where, who, start, n = sys.argv[1:5]
project = Project.open(where, analyst=who)
while not os.path.exists(start):
    time.sleep(0.002)
for i in range(int(n)):
    write_memo(project, "project", f"{who} {i}")
project.close()
"""


def load(where: str, workers: int, commands: int, scratch: Path) -> tuple[float, int, bool]:
    from synth.project import Project

    start = scratch / f"go-{workers}-{time.monotonic_ns()}"
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, where, f"a{i}", str(start), str(commands)])
        for i in range(workers)
    ]
    time.sleep(2.0 + workers * 0.3)  # every worker has opened the project
    t = time.perf_counter()
    start.write_text("go")
    for p in procs:
        if p.wait() != 0:
            raise SystemExit(f"a worker failed on {where}")
    seconds = time.perf_counter() - t
    with Project.open(where) as p:
        memos = sum(1 for e in p.trail.events() if e.kind == "memo.written")
        ok = p.trail.verify().ok
    return seconds, memos, ok


def main() -> None:
    import pgcluster

    ap = argparse.ArgumentParser()
    ap.add_argument("--commands", type=int, default=25, help="commands per process")
    ap.add_argument("--forms", type=int, default=200)
    args = ap.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    os.environ.setdefault("SYNTH_DATA_DIR", str(scratch / "data"))
    cluster = pgcluster.start_cluster(scratch / "pg")
    try:
        from synth.project import Project

        print(f"{'store':<10} {'procs':>5} {'commands':>8} {'seconds':>8} {'cmd/s':>7}  events  verifies")
        for workers in (4, 8):
            for store in ("postgres", "sqlite"):
                where = (
                    cluster.url(project=f"load{workers}") if store == "postgres" else str(scratch / f"folder{workers}")
                )
                Project.create(where, analyst="lead").close()
                seconds, memos, ok = load(where, workers, args.commands, scratch)
                total = workers * args.commands
                lost = total - memos
                print(
                    f"{store:<10} {workers:>5} {total:>8} {seconds:>8.2f} {total / seconds:>7.1f}  "
                    f"{memos}/{total}{' LOST ' + str(lost) if lost else ''}  {ok}"
                )
        from generate import generate

        generate(args.forms, scratch / "forms", seed=0, formats=("md",))
        forms = scratch / "forms"
        timings = {}
        for store in ("sqlite", "postgres"):
            cmd = [
                sys.executable,
                "-m",
                "synth",
                "run",
                *map(str, sorted(forms.glob("*.md"))),
                "--out",
                str(scratch / f"run-{store}"),
            ]
            if store == "postgres":
                cmd += ["--project", cluster.url(project="run")]
            t = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True)
            timings[store] = time.perf_counter() - t
            if done.returncode != 0 or not (scratch / f"run-{store}" / "report.md").exists():
                raise SystemExit(f"synth run into {store} failed: {done.stderr[-800:]}")
            print(f"synth run into {store}: {done.stdout.strip().splitlines()[-1]}")
        print(
            f"synth run, {args.forms} forms: folder {timings['sqlite']:.1f} s, server {timings['postgres']:.1f} s "
            f"({timings['postgres'] / timings['sqlite']:.2f}x the folder)"
        )
        print(json.dumps({"forms": args.forms, "run_seconds": timings}))
    finally:
        cluster.stop("immediate")


if __name__ == "__main__":
    main()
