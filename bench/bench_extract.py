"""Benchmark: field extraction accuracy on labelled messy forms, and import speed for 1,000 forms.

Run: python bench/bench_extract.py [--n 1000] [--seed 0] [--keep DIR] [--forms DIR]

``--forms DIR`` scores (and times) a folder of forms you bring, with a labels.json in the
generator's format (source, row, title, fields, unplaced per case), instead of generating.

Accuracy (targets: at least 98% of (case, field) answers exact after white space folding, and
zero answers under the wrong field), over two labelled sets:
- tests/data/forms: the hand-built messy-form set (every format and encoding, alias headings,
  numbering), scored against its expected.json;
- N forms from bench/corpus/generate.py (Markdown, text in four encodings, Word, CSV and XLSX
  exports; ~800 words each), scored against its labels.json with the generator's own
  comparison (list markers and white space folded).
An answer is *wrong-field* when synth put text under a field the form did not answer, or when
the text under a field contains another field's (or an unplaced section's) answer.

Speed (target: import within 3x of the bare cost): in the same run, on the same generated files,
- baseline: read every file's bytes and parse it with the format's library (markdown-it for
  Markdown, a decode for text, python-docx for Word, csv for CSV, openpyxl for XLSX), touching
  every paragraph or cell, without any matching or project;
- extract: synth.extract.read_forms (decode, parse, heading matching, assembly);
- import: synth.extract.importer.import_paths into a fresh project (extract + duplicate checks +
  one commit of N case.imported events, folded into the project state).
Each timing is the best of --repeat runs, with the heading-match cache cleared before each.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench" / "corpus"))

from synth.extract import read_form, read_forms  # noqa: E402
from synth.extract.importer import import_paths  # noqa: E402
from synth.extract.matching import match_heading_cached  # noqa: E402
from synth.project import Project  # noqa: E402
from synth.templates import load_template  # noqa: E402

FORMS = REPO / "tests" / "data" / "forms"


def fold(text: str) -> str:
    return " ".join(text.split())


class Score:
    def __init__(self, name: str) -> None:
        self.name = name
        self.answers = self.exact = self.wrong = self.cases = self.titles = self.missing_cases = 0
        self.unplaced_expected = self.unplaced_found = 0
        self.examples: list[str] = []

    def note(self, text: str) -> None:
        if len(self.examples) < 8:
            self.examples.append(text)

    def add(
        self, where: str, got, want_title: str, want_fields: dict, want_unplaced: list[tuple[str, str]], same
    ) -> None:
        self.cases += 1
        if got is None:
            self.missing_cases += 1
            self.answers += len(want_fields)
            self.note(f"{where}: no case read")
            return
        self.titles += got.title == want_title
        if got.title != want_title:
            self.note(f"{where}: title {got.title!r}, expected {want_title!r}")
        mine = {k: v for k, v in got.fields.items() if v.strip()}
        for fid, text in want_fields.items():
            self.answers += 1
            if same(mine.get(fid, ""), text):
                self.exact += 1
            else:
                self.note(
                    f"{where}: {fid} differs (heading {got.matches[fid].heading if fid in got.matches else None!r})"
                )
        others = [(f, t) for f, t in want_fields.items()] + list(want_unplaced)
        for fid, text in mine.items():
            if fid not in want_fields:
                self.wrong += 1
                self.note(f"{where}: WRONG FIELD: text under {fid} the form did not answer")
            elif not same(text, want_fields[fid]):
                for other, t2 in others:
                    probe = fold(t2)[:60]
                    if other != fid and probe and probe in fold(text):
                        self.wrong += 1
                        self.note(f"{where}: WRONG FIELD: {other}'s text under {fid}")
                        break
        self.unplaced_expected += len(want_unplaced)
        found = {fold(u.text) for u in got.unplaced}
        self.unplaced_found += sum(1 for _, t in want_unplaced if fold(t) in found)

    def report(self) -> bool:
        pct = 100 * self.exact / max(1, self.answers)
        ok = pct >= 98 and self.wrong == 0
        print(f"  {self.name}: {self.cases} cases, {self.answers} answers")
        print(f"    exact answers   {self.exact}/{self.answers} = {pct:.2f}%   (target >= 98%)")
        print(f"    wrong field     {self.wrong}   (target 0)")
        print(
            f"    titles exact    {self.titles}/{self.cases - self.missing_cases}; cases not read: {self.missing_cases}"
        )
        if self.unplaced_expected:
            print(f"    extra sections left unplaced with their text: {self.unplaced_found}/{self.unplaced_expected}")
        for e in self.examples:
            print(f"      - {e}")
        return ok


def score_test_set(template) -> Score:
    expected = json.loads((FORMS / "expected.json").read_text(encoding="utf-8"))
    score = Score("tests/data/forms (hand-built, every format and encoding)")
    for name, want in sorted(expected.items()):
        if "error" in want:
            continue
        got = read_form(FORMS / name, template)
        for i, case in enumerate(want["cases"]):
            score.add(
                f"{name}#{i + 1}",
                got[i] if i < len(got) else None,
                case["title"],
                case["fields"],
                [(h, "") for h in case["unplaced"]],
                lambda a, b: fold(a) == fold(b),
            )
    score.unplaced_expected = score.unplaced_found = 0  # the hand-built set lists headings only
    return score


def score_generated(folder: Path, cases, normalise: Callable[[str], str]) -> Score:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    got = {(Path(c.source).name, c.row): c for c in cases}
    score = Score(f"{labels.get('generator', folder)} (seed {labels.get('seed', '-')}, {len(labels['cases'])} cases)")
    for rec in labels["cases"]:
        score.add(
            f"{rec['source']}" + (f" row {rec['row']}" if rec["row"] else ""),
            got.get((Path(rec["source"]).name, rec.get("row"))),
            rec["title"],
            rec["fields"],
            [(u["heading"], u.get("text", "")) for u in rec.get("unplaced", [])],
            lambda a, b: normalise(a) == normalise(b),
        )
    return score


def baseline(files: list[Path]) -> int:
    """Read and parse every file with its format's library; return a count so nothing is optimised away."""
    import csv
    import io

    import docx
    from markdown_it import MarkdownIt
    from openpyxl import load_workbook

    md = MarkdownIt("commonmark")
    touched = 0
    for path in files:
        data = path.read_bytes()
        suffix = path.suffix
        if suffix in (".md", ".txt", ".csv"):
            for enc in ("utf-8-sig", "utf-16", "cp1252"):
                try:
                    text = data.decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            if suffix == ".md":
                touched += len(md.parse(text))
            elif suffix == ".csv":
                touched += sum(len(r) for r in csv.reader(io.StringIO(text)))
            else:
                touched += len(text.splitlines())
        elif suffix == ".docx":
            document = docx.Document(io.BytesIO(data))
            touched += sum(len(p.text) > 0 for p in document.paragraphs)
        elif suffix == ".xlsx":
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            touched += sum(len(row) for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
            wb.close()
    return touched


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        match_heading_cached.cache_clear()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="generated forms (cases) for accuracy and speed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best is reported")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--forms", type=Path, help="a folder of labelled forms (labels.json) to use instead of generating"
    )
    args = parser.parse_args(argv)

    try:
        from generate import generate, normalise_answer
    except ImportError:
        print("bench/corpus/generate.py is missing: the generated set cannot be built", file=sys.stderr)
        return 2

    template = load_template()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.forms or args.keep or Path(tmp) / "forms"
        t0 = time.perf_counter()
        if args.forms is None:
            generate(args.n, folder, seed=args.seed)
        records = json.loads((folder / "labels.json").read_text(encoding="utf-8"))["cases"]
        args.n = len(records)
        files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "labels.json")
        words = sum(r.get("words") or sum(len(t.split()) for t in r["fields"].values()) for r in records)
        print(
            f"{'read' if args.forms else 'generated'} {args.n} cases in {len(files)} files "
            f"({words / max(1, args.n):.0f} words per case) in {time.perf_counter() - t0:.1f} s"
        )

        print("\naccuracy")
        ok_test = score_test_set(template).report()
        cases, errors = read_forms([folder], template)
        if errors:
            print(f"  {len(errors)} generated files failed to read, e.g. {errors[0]}")
        ok_gen = score_generated(folder, cases, normalise_answer).report()

        print(f"\nspeed ({len(files)} files, {args.n} cases, best of {args.repeat})")
        baseline(files[:10])  # import every parsing library before timing anything
        read_forms(files[:10], template)
        t_base, _ = best_of(args.repeat, lambda: baseline(files))
        t_extract, _ = best_of(args.repeat, lambda: read_forms([folder], template))
        runs = iter(range(args.repeat))

        def run_import():
            with Project.create(Path(tmp) / f"project-{next(runs)}", analyst="bench") as project:
                report = import_paths(project, [folder])
                assert len(report.imported) == args.n, (len(report.imported), report.failed[:3])
                return report

        t_import, _ = best_of(args.repeat, run_import)
        ratio = t_import / t_base
        print(f"  baseline read + parse  {t_base:7.2f} s   ({1000 * t_base / len(files):.1f} ms per file)")
        print(f"  synth extract          {t_extract:7.2f} s   ({t_extract / t_base:.2f}x baseline)")
        print(f"  synth import           {t_import:7.2f} s   ({ratio:.2f}x baseline; target within 3x)")
    ok = ok_test and ok_gen and ratio <= 3 and not errors
    print("\nall targets met" if ok else "\nSOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
