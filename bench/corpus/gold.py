"""Score theme suggestions against a gold standard, by the rule of issue 5.

A gold theme is *recovered* when one of the first ``top`` suggestions for its heading (6 by
default) has a project-set Jaccard of at least 0.5 with it and a label a reader would accept
for it: one of the gold theme's keywords starts a word of the label (case-insensitive), or every
word of a keyword matches a word of the label after light stemming ("volunteering" ~ "volunteers").
General themes are scored the same way against the proposed general themes (all of them, or the
first ``general_top``).

Gold comes from the demo corpus's hand-made file (``tests/data/gold/casestudies_gold.toml``) or
from a generated corpus's ``labels.json`` (planted themes; ``generate.py``). Suggestions come as
DESIGN.md's ``themes.json`` dict (``synth themes --json``, ``OUT/themes.json`` of ``synth run``).

    python bench/corpus/gold.py OUT/themes.json [--gold tests/data/gold/casestudies_gold.toml | --labels DIR/labels.json]
"""

from __future__ import annotations

import argparse
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = REPO / "tests" / "data" / "gold" / "casestudies_gold.toml"


@dataclass(frozen=True)
class GoldTheme:
    heading: str  # field id, or "" for a general theme
    label: str
    case_ids: frozenset[str]
    keywords: tuple[str, ...]
    minor: bool = False


@dataclass(frozen=True)
class Gold:
    themes: dict[str, list[GoldTheme]]
    general: list[GoldTheme]


def load_gold(path: str | Path = DEFAULT_GOLD) -> Gold:
    """The hand-made gold standard of the demo corpus."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    themes = {
        heading: [
            GoldTheme(heading, t["label"], frozenset(t["projects"]), tuple(t["keywords"]), t.get("minor", False))
            for t in items
        ]
        for heading, items in data["themes"].items()
    }
    general = [
        GoldTheme("", g["label"], frozenset(g["projects"]), tuple(g["keywords"])) for g in data["general_themes"]
    ]
    return Gold(themes, general)


def gold_from_labels(path: str | Path, min_projects: int = 2) -> Gold:
    """Gold from a generated corpus: each planted theme with the cases that carry it."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    members: dict[str, set[str]] = {}
    for case in data["cases"]:
        for keys in case["themes"].values():
            for key in keys:
                members.setdefault(key, set()).add(case["title"])
    themes: dict[str, list[GoldTheme]] = {}
    for key, info in data["themes"].items():
        case_ids = members.get(key, set())
        if len(case_ids) >= min_projects:
            themes.setdefault(info["heading"], []).append(
                GoldTheme(info["heading"], info["label"], frozenset(case_ids), tuple(info["keywords"]))
            )
    general = []
    for key, info in data["general_themes"].items():
        case_ids = set().union(*(members.get(k, set()) for k in info["themes"]))
        keywords = tuple(kw for k in info["themes"] for kw in data["themes"][k]["keywords"])
        if len(case_ids) >= min_projects:
            general.append(GoldTheme("", info["label"], frozenset(case_ids), (key, *keywords)))
    return Gold(themes, general)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9&]+", text.lower().replace("-", ""))


def _same_word(a: str, b: str) -> bool:
    """Equal, or sharing a long common prefix ("volunteers" ~ "volunteering", "grant" ~ "grants")."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= 0.75 * min(len(a), len(b))


def label_ok(label: str, keywords: tuple[str, ...] | list[str]) -> bool:
    """Would a reader accept ``label`` as a name for a theme with these keywords?

    A keyword matches at the start of a word of the label ("lonel" matches "Loneliness", "ons"
    matches "ONS4" but not "sessions"), or word by word with light stemming.
    """
    low = label.lower()
    words = _words(label)
    for kw in keywords:
        kw = kw.lower()
        if re.search(r"(?<![a-z0-9])" + re.escape(kw), low):
            return True
        kw_words = _words(kw)
        if kw_words and all(any(_same_word(k, w) for w in words) for k in kw_words):
            return True
    return False


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _match(gold: GoldTheme, suggestions: list[dict], threshold: float) -> dict | None:
    best = None
    for rank, s in enumerate(suggestions, 1):
        j = jaccard(gold.case_ids, set(s.get("projects", ())))
        if j >= threshold and label_ok(s.get("label", ""), gold.keywords) and (best is None or j > best["jaccard"]):
            best = {"rank": rank, "label": s.get("label", ""), "jaccard": round(j, 3)}
    return best


def score(
    themes_json: dict,
    gold: Gold,
    top: int = 6,
    general_top: int | None = None,
    threshold: float = 0.5,
    include_minor: bool = False,
) -> dict:
    """Recall of gold themes per heading and of gold general themes, with the matches behind it.

    Minor gold themes (thinly supported, beyond six per heading) are left out unless asked for.
    """
    result: dict = {"headings": {}, "general": {}}
    found = total = 0
    for heading, items in gold.themes.items():
        suggestions = themes_json.get("headings", {}).get(heading, [])[:top]
        rows = []
        for g in items:
            if g.minor and not include_minor:
                continue
            m = _match(g, suggestions, threshold)
            rows.append({"gold": g.label, "match": m})
            found += m is not None
            total += 1
        result["headings"][heading] = rows
    proposed = themes_json.get("general_themes", [])
    if general_top is not None:
        proposed = proposed[:general_top]
    g_found = 0
    for g in gold.general:
        m = _match(g, proposed, threshold)
        result["general"][g.label] = m
        g_found += m is not None
    result["theme_recall"] = found / total if total else 0.0
    result["general_recall"] = g_found / len(gold.general) if gold.general else 0.0
    result["themes_found"], result["themes_total"] = found, total
    result["general_found"], result["general_total"] = g_found, len(gold.general)
    return result


def format_score(result: dict) -> str:
    lines = []
    for heading, rows in result["headings"].items():
        hit = sum(r["match"] is not None for r in rows)
        lines.append(f"{heading:18} {hit}/{len(rows)}")
        for r in rows:
            m = r["match"]
            mark = f"#{m['rank']} {m['label']!r} J={m['jaccard']}" if m else "-- missed"
            lines.append(f"    {r['gold'][:44]:44} {mark}")
    lines.append(f"themes recovered: {result['themes_found']}/{result['themes_total']} = {result['theme_recall']:.0%}")
    for label, m in result["general"].items():
        mark = f"#{m['rank']} {m['label']!r} J={m['jaccard']}" if m else "-- missed"
        lines.append(f"  general {label[:40]:40} {mark}")
    lines.append(
        f"general themes recovered: {result['general_found']}/{result['general_total']} = {result['general_recall']:.0%}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("themes_json", type=Path)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--labels", type=Path, help="score against a generated corpus's labels.json instead")
    parser.add_argument("--top", type=int, default=6)
    parser.add_argument("--minor", action="store_true", help="count minor gold themes too")
    args = parser.parse_args(argv)
    gold = gold_from_labels(args.labels) if args.labels else load_gold(args.gold)
    themes = json.loads(args.themes_json.read_text(encoding="utf-8"))
    result = score(themes, gold, top=args.top, include_minor=args.minor)
    print(format_score(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
