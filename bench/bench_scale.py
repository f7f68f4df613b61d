"""Benchmark: ``synth run`` on N generated forms against the floor measured in the same run (issue 12).

Run: python bench/bench_scale.py [--sizes 250,1000,4000,10000] [--repeat 1] [--seed 0] [--profile]

Floor = read the files + Markdown parse (markdown-it-py) + spaCy lemmatise (synth's model,
``synth.nlp``) + one scikit-learn TF-IDF over the same forms. Then ``synth run FORMS --out X`` in a
subprocess; peak RSS from ``resource.getrusage(RUSAGE_CHILDREN)`` of that child alone (a fresh
helper process per run). Targets: <= 2x floor, peak < 1 GiB at 1,000 and < 2 GiB at 10,000,
report.html <= 3 MB at 1,000. ``--profile`` also runs cProfile on the CLI in-process and prints
the top cumulative entries. A second table gives each step of the run (``synth run`` prints them) in seconds
and as a share of the run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from generate import generate

CHILD = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"rc": proc.returncode, "s": seconds, "peak_mib": peak, "err": proc.stderr[-2000:], "out": proc.stdout[-4000:]}))
"""

STEP = re.compile(r"^([a-z][a-z ]*?)\s+(\d+\.\d+)s\b", re.MULTILINE)  # synth run's per-step lines


def forms(n: int, seed: int, root: Path) -> Path:
    """Markdown forms only, generated once per (n, seed) under ``root``; labels.json moved aside."""
    folder = root / f"forms-{n}-s{seed}"
    if not (folder / ".done").exists():
        generate(n, folder, seed=seed, formats=("md",))
        (folder / "labels.json").rename(root / f"labels-{n}-s{seed}.json")
        (folder / ".done").write_text("")
    return folder


def floor(folder: Path) -> float:
    from markdown_it import MarkdownIt
    from sklearn.feature_extraction.text import TfidfVectorizer

    from synth.nlp import get_nlp

    nlp = get_nlp()
    start = time.perf_counter()
    md = MarkdownIt()
    texts = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        tokens = md.parse(text)
        texts.append(" ".join(t.content for t in tokens if t.type == "inline"))
    lemmas = [" ".join(tok.lemma_ for tok in doc) for doc in nlp.pipe(texts, batch_size=64)]
    TfidfVectorizer(ngram_range=(1, 2)).fit_transform(lemmas)
    return time.perf_counter() - start


def floor_process(folder: Path) -> float:
    """The floor as ``synth run`` pays it: a fresh interpreter, the imports and the spaCy model
    load included (``run`` below counts those too)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--floor-only", str(folder)], check=True, capture_output=True)
    return time.perf_counter() - start


def run(folder: Path, out: Path) -> dict:
    cmd = [
        sys.executable,
        "-c",
        CHILD,
        sys.executable,
        "-m",
        "synth",
        "run",
        str(folder),
        "--out",
        str(out),
        "--replace",
    ]
    res = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    html = out / "report.html"
    res["html_mb"] = html.stat().st_size / 1e6 if html.exists() else None
    res["steps"] = {name.strip(): float(sec) for name, sec in STEP.findall(res.get("out", ""))}
    return res


def profile(folder: Path, out: Path, top: int = 30) -> None:
    import cProfile
    import pstats

    from synth.cli import cli

    prof = cProfile.Profile()
    prof.enable()
    try:
        cli(["run", str(folder), "--out", str(out), "--replace"], standalone_mode=False)
    except BaseException as exc:
        print(f"profiled run raised {type(exc).__name__}: {exc}")
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,4000,10000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "synth-bench-scale")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--floor-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_only:
        floor(args.floor_only)
        return
    args.cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SYNTH_DATA_DIR", str(args.cache / "data"))
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        folder = forms(n, args.seed, args.cache)
        fl = min(floor(folder) for _ in range(args.repeat))
        fp = min(floor_process(folder) for _ in range(args.repeat))
        results = [run(folder, args.cache / f"out-{n}") for _ in range(args.repeat)]
        best = min(results, key=lambda r: r["s"])
        status = "ok" if best["rc"] == 0 else f"exit {best['rc']}: " + best["err"].strip().splitlines()[-1][:120]
        rows.append((n, fl, fp, best, status))
        print(
            f"{n}: floor {fl:.1f} s ({fp:.1f} s as a process), run {best['s']:.1f} s, {status}",
            file=sys.stderr,
            flush=True,
        )
        if args.profile:
            profile(folder, args.cache / f"prof-{n}")
    print(
        "| forms | floor s | floor as a process s | run s | ratio | ratio to the process | peak MiB | report.html MB | result |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for n, fl, fp, r, status in rows:
        html = f"{r['html_mb']:.1f}" if r["html_mb"] is not None and r["rc"] == 0 else "-"
        print(
            f"| {n:,} | {fl:.1f} | {fp:.1f} | {r['s']:.1f} | {r['s'] / fl:.2f}x | {r['s'] / fp:.2f}x "
            f"| {r['peak_mib']:.0f} | {html} | {status} |"
        )
    print("targets: ratio <= 2x; peak < 1024 MiB at 1,000, < 2048 MiB at 10,000; report.html <= 3 MB at 1,000")
    names = list(dict.fromkeys(name for *_, r, _ in rows for name in r.get("steps", {})))
    if names:
        print()
        print("| forms | " + " | ".join(f"{name} s (share)" for name in names) + " |")
        print("|---:|" + "---:|" * len(names))
        for n, _, _, r, _ in rows:
            steps = r.get("steps", {})
            cells = [f"{steps[k]:.1f} ({steps[k] / r['s']:.0%})" if k in steps else "-" for k in names]
            print(f"| {n:,} | " + " | ".join(cells) + " |")
        print("share: of the whole run as timed (the rest is start-up: imports, the spaCy model, project creation)")


if __name__ == "__main__":
    main()
