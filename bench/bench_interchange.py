"""Benchmark: importing a large REFI-QDA project, against exporting it, in the same run.

Run by hand: ``python bench/bench_interchange.py [CASES]`` (default 300). It builds the synthetic
project of ``bench_report.py`` (every answer summarised, 96 themes with codings, 12 general themes),
exports it as ``.qdpx`` (the baseline), imports that file into a fresh project (synth's own reading),
and imports a copy whose origin says another tool wrote it (the forms reading: headings placed,
spans carried line by line; synth's per-selection descriptions are taken out of that copy, since
another tool's would be coding memos). Each step is timed once per round, median of three rounds.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import build

from synth.interchange.importer import import_qdpx
from synth.project import Project
from synth.report import write_report


def as_other_tool(src: Path, dst: Path) -> None:
    """The same file, its origin changed, so synth reads it as another tool's project."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "project.qde":
                data = data.replace(b'origin="synth ', b'origin="Other tool ', 1)
                # synth describes every selection; another tool's description is a coding memo, which this is not
                data = re.sub(rb"<Description>[^<]*; origin (?:machine|analyst|codebook)</Description>", b"", data)
            zout.writestr(name, data)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("XDG_DATA_HOME", tmp)
        root = Path(tmp)
        path = build(root, n)
        exports, own, other = [], [], []
        for r in range(3):
            with Project.open(path) as p:
                start = time.perf_counter()
                qdpx = write_report(p, "qdpx", root / f"out{r}.qdpx")
                exports.append(time.perf_counter() - start)
            foreign = root / f"other{r}.qdpx"
            as_other_tool(qdpx, foreign)
            for file, bucket, name in ((qdpx, own, "own"), (foreign, other, "other")):
                with Project.create(root / f"{name}{r}", analyst="bench") as p:
                    start = time.perf_counter()
                    report = import_qdpx(p, file)
                    bucket.append(time.perf_counter() - start)
                    assert report.imported["cases"] == n, report.imported
        base = statistics.median(exports)
        print(f"{n} cases, {report.in_file['codings']} codings, {report.in_file['codes']} codes")
        print(f"baseline: export .qdpx                  {base:7.3f}s")
        print(
            f"import, synth's own reading             {statistics.median(own):7.3f}s  {statistics.median(own) / base:5.2f}x"
        )
        print(
            f"import, another tool's (forms) reading  {statistics.median(other):7.3f}s  {statistics.median(other) / base:5.2f}x"
        )


if __name__ == "__main__":
    main()
