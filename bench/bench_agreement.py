"""Benchmark: ``synth agreement`` on a round of 2 coders x 100 cases x 8 headings (target: under 1 s).

Run: python bench/bench_agreement.py [--cases 100] [--themes 6] [--seed 0] [--repeat 3]

A project is made on a real SQLite trail: 100 cases with text under 8 headings,
6 shared themes per heading, a round over all of it, and two coders who each call
every theme present or absent on every case (about 40% present, agreeing on 80%
of their calls) with a coded span for each present call, all written as trail
events. In the same run it times, best of --repeat:

- baseline: opening the project (folding its trail), which every synth command pays;
- agreement (core): units, the four figures overall / per heading / per theme with
  seeded 1,000-resample bootstrap intervals, and the span overlap;
- synth agreement --json: the whole command in a fresh Python process (start-up and
  imports included), which is what the target is about, against a bare start-up
  (``python -c 'import synth.cli'``), and the same with --reference (figures by
  scikit-learn and krippendorff, whose import alone is most of its time).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from synth.coding import rounds  # noqa: E402
from synth.coding.compare import agreement  # noqa: E402
from synth.model import CaseStudy, Coding, Theme, make_id  # noqa: E402
from synth.project import Project  # noqa: E402
from synth.state import case_to_dict, coding_to_dict, theme_to_dict  # noqa: E402

HEADINGS = [
    "overview",
    "purpose",
    "setting",
    "methodology",
    "participants",
    "impact",
    "enablers_barriers",
    "key_learning",
]
WORDS = [
    "volunteers",
    "funding",
    "partners",
    "venue",
    "transport",
    "training",
    "wellbeing",
    "loneliness",
    "confidence",
    "skills",
    "carers",
    "families",
]


def build(folder: Path, n_cases: int, n_themes: int, seed: int) -> tuple[Path, int]:
    rng = random.Random(seed)
    p = Project.create(folder, fields=HEADINGS, analyst="lead")
    cases = []
    for i in range(n_cases):
        fields = {h: " ".join(rng.choice(WORDS) for _ in range(60)) + "." for h in HEADINGS}
        cases.append(CaseStudy(id=f"case-{i:03d}", title=f"Case {i:03d}", source=f"c{i}.md", fields=fields))
    p.commit([("case.imported", {"case": case_to_dict(c)}) for c in cases])
    themes = {h: [Theme(make_id("t", h, k), h, f"{h} theme {k}") for k in range(n_themes)] for h in HEADINGS}
    p.commit([("theme.created", {"theme": theme_to_dict(t), "codings": []}) for ts in themes.values() for t in ts])
    rounds.start_round(p, ["alice", "bob"], HEADINGS)
    p.close()
    calls = {}
    for c in cases:
        for h in HEADINGS:
            for t in themes[h]:
                a = rng.random() < 0.4
                b = a if rng.random() < 0.8 else not a
                calls[(c.id, h, t.id)] = (a, b)
    n_events = 0
    for k, who in enumerate(("alice", "bob")):
        events = []
        for (case_id, h, theme_id), pair in calls.items():
            if not pair[k]:
                continue
            start = rng.randrange(0, 200)
            text = next(c for c in cases if c.id == case_id).fields[h]
            coding = Coding(make_id("k", theme_id, case_id, h, start, who), theme_id, case_id, h, start, start + 40,
                            text[start : start + 40], "answer")  # fmt: skip
            events.append(("coding.added", {"coding": coding_to_dict(coding), "origin": "analyst"}))
        with Project.open(folder, analyst=who) as coder:
            coder.commit(events)
        n_events += len(events)
    return folder, n_events


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=100)
    ap.add_argument("--themes", type=int, default=6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "xdg")
        folder, n = build(Path(tmp) / "p", args.cases, args.themes, args.seed)
        with Project.open(folder, analyst="lead") as p:
            data = agreement(p)  # the first comparison records round.revealed
        units = data["units"]

        def open_only() -> None:
            Project.open(folder, analyst="lead", use_snapshot=False).close()

        def core() -> None:
            with Project.open(folder, analyst="lead", use_snapshot=False) as p:
                agreement(p)

        def command(*extra: str):
            def run() -> None:
                subprocess.run([sys.executable, "-m", "synth", "agreement", str(folder), "--json", *extra], check=True,
                               capture_output=True, env={**os.environ, "SYNTH_ANALYST": "lead"})  # fmt: skip

            return run

        def bare() -> None:
            subprocess.run([sys.executable, "-c", "import synth.cli"], check=True)

        base = best(open_only, args.repeat)
        t_core = best(core, args.repeat)
        t_bare = best(bare, args.repeat)
        t_cmd = best(command(), args.repeat)
        t_ref = best(command("--reference"), args.repeat)
        print(f"round: 2 coders x {args.cases} cases x {len(HEADINGS)} headings x {args.themes} themes = {units} units; "
              f"{n} coding events on the trail")  # fmt: skip
        print(f"overall: percent {data['overall']['percent_agreement']}, kappa {data['overall']['cohen_kappa']}, "
              f"alpha {data['overall']['krippendorff_alpha']}, AC1 {data['overall']['gwet_ac1']}")  # fmt: skip
        print(f"baseline  open project (fold the trail)   {base * 1000:8.1f} ms")
        print(f"core      open + agreement                 {t_core * 1000:8.1f} ms  ({t_core / base:.1f}x baseline)")
        print(f"baseline  python -c 'import synth.cli'      {t_bare * 1000:8.1f} ms")
        print(
            f"command   synth agreement --json (process) {t_cmd * 1000:8.1f} ms  ({t_cmd / t_bare:.1f}x bare start-up)"
        )
        print(
            f"command   ... --reference (scikit-learn)   {t_ref * 1000:8.1f} ms  ({t_ref / t_bare:.1f}x bare start-up)"
        )
        print(f"target: synth agreement under 1 s: {'met' if t_cmd < 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
