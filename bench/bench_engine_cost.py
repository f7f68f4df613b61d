"""What the meaning engine adds to ``synth run`` (issue 10): the same forms run three ways in one sitting.

    python bench/bench_engine_cost.py [--forms 1000] [--repeat 2] [--semantic]

1. ``SYNTH_ENGINE=phrases``: the phrase engine alone (no framework concepts), the baseline;
2. the default meaning engine (framework concepts, then inductive clusters of what is left);
3. with ``--semantic``, ``SYNTH_ENGINE=semantic``: the semantic extra (its model files installed).

Each is a fresh process (``python -m synth run FORMS --out DIR --replace``), runs interleaved so a
change of load falls on all three; the best of ``--repeat`` is kept. Target: the default engine adds
no more than 20% to the baseline's run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from generate import generate


def forms(n: int, root: Path) -> Path:
    folder = root / f"forms-{n}-s0"
    if not (folder / ".done").exists():
        generate(n, folder, seed=0, formats=("md",))
        (folder / "labels.json").unlink()
        (folder / ".done").write_text("")
    return folder


def run(folder: Path, out: Path, engine: str) -> float:
    env = {**os.environ, "SYNTH_ENGINE": engine, "SYNTH_DATA_DIR": str(out.parent / f"data-{engine or 'default'}")}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "synth", "run", str(folder), "--out", str(out), "--replace"],
        check=True,
        capture_output=True,
        env=env,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--semantic", action="store_true", help="also the semantic extra (slow on a CPU)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "synth-bench-engine")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    folder = forms(args.forms, args.cache)
    engines = ["phrases", ""]
    if args.semantic:
        from synth.themes import semantic

        semantic.encoder()  # SemanticUnavailable names what to install
        engines.append("semantic")
    best = {e: float("inf") for e in engines}
    for _ in range(args.repeat):
        for e in engines:
            best[e] = min(best[e], run(folder, args.cache / f"out-{e or 'default'}", e))
    base = best["phrases"]
    print(f"synth run on {args.forms} forms, best of {args.repeat}:")
    for e in engines:
        name = {
            "phrases": "phrase engine alone (baseline)",
            "": "meaning engine (default)",
            "semantic": "semantic extra",
        }[e]
        print(f"  {name:32} {best[e]:7.1f} s  {best[e] / base:5.2f}x the baseline ({(best[e] / base - 1) * 100:+.0f}%)")
    print("target: the default engine adds <= 20%")


if __name__ == "__main__":
    main()
