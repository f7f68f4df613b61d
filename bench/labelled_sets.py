"""Theme quality on every labelled set, development and frozen test parts apart (issue 10).

Each set of ``tests/data/gold/splits.toml`` (the demo corpus, the funder summary table and the
sets of ``bench/corpus/``: reports, talk, web, clinic, youth, and voices, notes and heritage, frozen test in both parts) is
split by case: the engine runs on each part as a project of its own, so the test part's
texts are never read while tuning. A gold theme counts in a part when two or more of its
projects are in it (its projects cut to the part). Scorer of issue 5: a gold theme is
recovered when one of the first 6 suggestions of its heading has project-set Jaccard >= 0.5
and an acceptable label (bench/corpus/gold.py's rule); general themes likewise, against the
proposals of step 3 after accepting each heading's top suggestions as ``synth run`` does.
The last lines sum the parts tuned on and the frozen parts (every test part, and both parts of a set
whose splits.toml table says ``frozen = "both"``). ``room`` is how many of the part's gold themes six
suggestions per heading could hold if each suggestion matched one (a heading with nine gold themes has
room for six): below the total, 100% is out of reach for that scorer (a suggestion matching two gold
themes can pass it, rarely).

    python bench/labelled_sets.py                  # every set, dev and test, default engine
    python bench/labelled_sets.py --part dev --show  # the dev part, with each heading's first six
    python bench/labelled_sets.py --semantic       # the semantic extra instead
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "tests" / "data" / "gold"
SOURCES = {
    "casestudies": REPO / "casestudies",
    "funder": REPO / "bench" / "corpus" / "funder",
    "voices": REPO / "bench" / "corpus" / "voices",  # frozen test in both parts: never tune on it
}
TOP = 6


def _gold_module():
    spec = importlib.util.spec_from_file_location("corpus_gold", REPO / "bench" / "corpus" / "gold.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_gold"] = module
    spec.loader.exec_module(module)
    return module


G = _gold_module()


def source_of(name: str, spec: dict) -> Path:
    """A set's corpus: ``corpus`` of its splits.toml table (relative to the repository), else the
    known places, else ``bench/corpus/<name>``."""
    if spec.get("corpus"):
        return REPO / spec["corpus"]
    return SOURCES.get(name, REPO / "bench" / "corpus" / name)


def split_gold(gold, part: set[str]):
    themes = {}
    for heading, items in gold.themes.items():
        kept = [
            G.GoldTheme(t.heading, t.label, t.case_ids & part, t.keywords, t.minor)
            for t in items
            if len(t.case_ids & part) >= 2
        ]
        themes[heading] = kept
    general = [
        G.GoldTheme("", g.label, g.case_ids & part, g.keywords) for g in gold.general if len(g.case_ids & part) >= 2
    ]
    return G.Gold(themes, general)


def write_part(source: Path, titles: set[str], folder: Path) -> int:
    """The part's cases as Markdown forms in ``folder`` (read with synth's own readers)."""
    from synth.extract import read_forms
    from synth.model import slugify
    from synth.templates import load_template

    tpl = load_template("practice-based")
    cases, _ = read_forms([source], tpl)
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for c in cases:
        if c.title not in titles:
            continue
        lines = [f"# {c.title}", ""]
        for f in tpl.fields:
            text = c.fields.get(f.id, "")
            if text.strip():
                lines += [f"## {f.heading}", "", text, ""]
        (folder / f"{slugify(c.title)}.md").write_text("\n".join(lines), encoding="utf-8")
        n += 1
    return n


def run_part(source: Path, titles: set[str], gold, tmp: Path, show: bool = False) -> dict:
    from synth.extract.importer import import_paths
    from synth.pipeline import choose_themes
    from synth.project import Project
    from synth.themes.actions import accept_many
    from synth.themes.collate import propose_general_themes
    from synth.themes.suggest import suggest_themes

    forms = tmp / "forms"
    n = write_part(source, titles, forms)
    missing = titles - {c for c in titles}
    assert not missing
    p = Project.create(tmp / "p", analyst="bench")
    import_paths(p, [forms])
    state = p.state
    assert len(state.cases) == n == len(titles), (n, len(state.cases), len(titles))
    title = {cid: c.title for cid, c in state.cases.items()}
    data: dict = {"headings": {}, "general_themes": []}
    chosen = []
    t0 = time.perf_counter()
    shown = {}
    for heading in state.fields:
        found = suggest_themes(state, heading)
        chosen.extend(choose_themes(found, len(state.cases)))
        data["headings"][heading] = [{"label": s.label, "projects": [title[c] for c in s.case_ids]} for s in found]
        shown[heading] = found
    seconds = time.perf_counter() - t0
    accept_many(p, chosen, origin="machine")
    proposals = propose_general_themes(p.state)
    data["general_themes"] = [{"label": g.label, "projects": [title[c] for c in g.case_ids]} for g in proposals]
    p.close()
    result = G.score(data, gold, top=TOP, include_minor=True)
    major = G.score(data, gold, top=TOP, include_minor=False)
    result["major"] = (major["themes_found"], major["themes_total"])
    result["seconds"] = seconds
    if show:
        for heading, found in shown.items():
            if heading not in gold.themes:
                continue
            print(f"  -- {heading}")
            for i, s in enumerate(found[:TOP], 1):
                print(
                    f"     {i}. {s.display} [{s.source}] ({len(s.case_ids)}): {', '.join(title[c] for c in s.case_ids)}"
                )
        print("  -- general themes proposed: " + "; ".join(g["label"] for g in data["general_themes"]))
        print(G.format_score(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", dest="sets", action="append", help="only this set (a table of splits.toml)")
    parser.add_argument("--part", action="append", choices=["dev", "test"], help="only this part")
    parser.add_argument("--show", action="store_true", help="print each heading's first six and the scoring")
    parser.add_argument("--semantic", action="store_true", help="use the semantic extra (SYNTH_ENGINE=semantic)")
    args = parser.parse_args()
    os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp())
    if args.semantic:
        os.environ["SYNTH_ENGINE"] = "semantic"
    splits = tomllib.loads((GOLD_DIR / "splits.toml").read_text(encoding="utf-8"))
    engine = "semantic extra" if args.semantic else "default engine"
    sums: dict[str, list[int]] = {"tuned on": [0, 0, 0, 0], "frozen": [0, 0, 0, 0]}
    for name in args.sets or sorted(splits):
        spec = splits[name]
        gold = G.load_gold(GOLD_DIR / spec["gold"])
        for part in args.part or ["dev", "test"]:
            titles = set(spec[part])
            with tempfile.TemporaryDirectory() as tmp:
                if args.show:
                    print(f"== {name} / {part}")
                part_gold = split_gold(gold, titles)
                r = run_part(source_of(name, spec), titles, part_gold, Path(tmp), args.show)
            room = sum(min(len(items), TOP) for items in part_gold.themes.values())
            print(
                f"{name:12} {part:4} {engine}: themes {r['themes_found']}/{r['themes_total']} = {r['theme_recall']:.0%}"
                f" (without minor {r['major'][0]}/{r['major'][1]}), general {r['general_found']}/{r['general_total']}"
                f" = {r['general_recall']:.0%}   [room {room}; {r['seconds']:.1f} s suggesting]"
            )
            kind = "frozen" if part == "test" or spec.get("frozen") == "both" else "tuned on"
            for i, key in enumerate(("themes_found", "themes_total", "general_found", "general_total")):
                sums[kind][i] += r[key]
    for kind, (found, total, g_found, g_total) in sums.items():
        if total:
            print(
                f"all parts {kind} ({engine}): themes {found}/{total} = {found / total:.0%},"
                f" general {g_found}/{g_total} = {g_found / max(g_total, 1):.0%}"
            )


if __name__ == "__main__":
    main()
