"""The demo corpus, its gold standard, and the synthetic form generator stay consistent."""

from __future__ import annotations

import importlib.util
import json
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "data" / "gold" / "casestudies_gold.toml"
FIELDS_JSON = REPO / "tests" / "data" / "gold" / "casestudies_fields.json"
CORPUS = REPO / "casestudies"
GEN = REPO / "bench" / "corpus" / "generate.py"
GOLD_HEADINGS = (
    "purpose",
    "participants",
    "methodology",
    "data_collection",
    "impact",
    "enablers_barriers",
    "key_learning",
    "next_steps",
)


def _gold() -> dict:
    return tomllib.loads(GOLD.read_text(encoding="utf-8"))


def _generator():
    spec = importlib.util.spec_from_file_location("synth_corpus_generate", GEN)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_gold_themes_name_known_cases_and_at_least_two_projects() -> None:
    gold = _gold()
    cases = set(gold["cases"])
    assert len(cases) == 14
    for heading in GOLD_HEADINGS:
        themes = gold["themes"][heading]
        assert 5 <= len(themes) <= 9, heading
        assert sum(not t.get("minor", False) for t in themes) <= 6, heading
        for theme in themes:
            assert len(theme["projects"]) >= 2, theme["label"]
            assert set(theme["projects"]) <= cases, theme["label"]
            assert theme["keywords"] and all(k == k.lower() for k in theme["keywords"]), theme["label"]


def test_gold_general_themes_are_unions_of_their_member_themes() -> None:
    gold = _gold()
    by_key = {(h, t["label"]): set(t["projects"]) for h, ts in gold["themes"].items() for t in ts}
    for general in gold["general_themes"]:
        members = [tuple(m) for m in general["themes"]]
        assert len({h for h, _ in members}) >= 2, general["label"]
        assert all(m in by_key for m in members), general["label"]
        assert set(general["projects"]) == set().union(*(by_key[m] for m in members)), general["label"]


def test_expected_extraction_covers_every_case_file() -> None:
    expected = json.loads(FIELDS_JSON.read_text(encoding="utf-8"))["cases"]
    assert {c["title"] for c in expected} == set(_gold()["cases"])
    sources = {c["source"] for c in expected}
    forms = {
        p.name for p in CORPUS.iterdir() if p.suffix in {".md", ".txt", ".docx", ".xlsx"} and p.name != "README.md"
    }
    assert sources == forms
    assert (CORPUS / "README.md").read_text(encoding="utf-8").startswith("README: about this folder (not a case study)")


@pytest.mark.parametrize(
    ("name", "encoding", "crlf"),
    [
        ("write-to-recover.txt", "cp1252", True),
        ("roots-and-shoots.txt", "utf-8-sig", False),
        ("step-together.txt", "utf-16", False),
    ],
)
def test_text_forms_keep_their_encodings(name: str, encoding: str, crlf: bool) -> None:
    raw = (CORPUS / name).read_bytes()
    text = raw.decode(encoding)
    assert ("\r\n" in text) is crlf
    if encoding == "cp1252":
        assert "£" in text and "\u201c" in text
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


def test_generator_is_deterministic_and_labels_match_the_files(tmp_path: Path) -> None:
    gen = _generator()
    a = gen.generate(16, tmp_path / "a", seed=7, formats=("md", "txt", "csv"), rows_per_sheet=4)
    b = gen.generate(16, tmp_path / "b", seed=7, formats=("md", "txt", "csv"), rows_per_sheet=4)
    assert a.read_bytes() == b.read_bytes()
    labels = json.loads(a.read_text(encoding="utf-8"))
    assert len(labels["cases"]) == 16
    for case in labels["cases"]:
        raw = (a.parent / case["source"]).read_bytes()
        text = next(t for t in (_decode(raw, e) for e in ("utf-16", "utf-8-sig", "cp1252")) if t is not None)
        folded = gen.normalise_answer(text.replace("\u2022 ", "- ").replace('"', ""))
        assert gen.normalise_answer(case["title"]) in folded
        for answer in case["fields"].values():
            assert gen.normalise_answer(answer.replace('"', "")) in folded, case["source"]
        assert 500 <= case["words"] <= 1100
        for heading, keys in case["themes"].items():
            assert heading in labels["themes"][keys[0]]["heading"]


def _decode(raw: bytes, encoding: str) -> str | None:
    if encoding == "utf-16" and raw[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        return None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def test_generator_rejects_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pdf"):
        _generator().generate(2, tmp_path, formats=("pdf",))


def _gold_module():
    path = REPO / "bench" / "corpus" / "gold.py"
    spec = importlib.util.spec_from_file_location("synth_corpus_gold", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("label", "keywords", "ok"),
    [
        ("Volunteering", ("volunteer",), True),
        ("Volunteers and befrienders", ("volunteering",), True),
        ("Short-term grants", ("funding", "grant"), True),
        ("Weekly sessions", ("volunteer",), False),
        ("Include volunteer recruit", ("focus group",), False),
    ],
)
def test_label_acceptance(label: str, keywords: tuple[str, ...], ok: bool) -> None:
    assert _gold_module().label_ok(label, keywords) is ok


def test_scoring_a_perfect_and_a_mislabelled_answer() -> None:
    gold_mod = _gold_module()
    gold = gold_mod.load_gold()
    perfect = {
        "headings": {
            h: [{"label": t.label, "projects": sorted(t.case_ids)} for t in ts if not t.minor]
            for h, ts in gold.themes.items()
        },
        "general_themes": [{"label": g.label, "projects": sorted(g.case_ids)} for g in gold.general],
    }
    result = gold_mod.score(perfect, gold)
    assert result["theme_recall"] == 1.0 and result["general_recall"] == 1.0
    assert result["themes_total"] == 48
    wrong = {
        "headings": {
            h: [{"label": "Weekly sessions", "projects": s["projects"]} for s in ts]
            for h, ts in perfect["headings"].items()
        }
    }
    assert gold_mod.score(wrong, gold)["theme_recall"] == 0.0


def test_gold_from_generated_labels(tmp_path: Path) -> None:
    labels = _generator().generate(12, tmp_path, seed=3, formats=("md",))
    gold = _gold_module().gold_from_labels(labels)
    assert gold.themes and gold.general
    assert all(len(t.case_ids) >= 2 for ts in gold.themes.values() for t in ts)
