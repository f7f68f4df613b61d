"""The labelled sets' dev/test splits (issue 10): every case in exactly one part, every gold theme well formed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"
SPLITS = tomllib.loads((GOLD / "splits.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SPLITS))
def test_each_case_is_in_exactly_one_part(name):
    spec = SPLITS[name]
    gold = tomllib.loads((GOLD / spec["gold"]).read_text(encoding="utf-8"))
    dev, test = set(spec["dev"]), set(spec["test"])
    assert not dev & test
    assert dev | test == set(gold["cases"])
    assert abs(len(dev) - len(test)) <= 1


@pytest.mark.parametrize("name", sorted(SPLITS))
def test_gold_themes_name_known_cases_and_general_themes_name_their_members(name):
    gold = tomllib.loads((GOLD / SPLITS[name]["gold"]).read_text(encoding="utf-8"))
    cases = set(gold["cases"])
    labels = {}
    for heading, items in gold["themes"].items():
        for t in items:
            assert set(t["projects"]) <= cases and len(t["projects"]) >= 2, t["label"]
            assert t["keywords"], t["label"]
            labels[(heading, t["label"])] = set(t["projects"])
    for g in gold["general_themes"]:
        members = [labels[tuple(m)] for m in g["themes"]]
        assert set(g["projects"]) == set().union(*members), g["label"]


def test_the_sets_nobody_tunes_on_say_so():
    """The bench sums frozen parts from splits.toml: both halves of voices, notes and heritage."""
    frozen = {name for name, spec in SPLITS.items() if spec.get("frozen") == "both"}
    assert frozen == {"voices", "notes", "heritage"}
    assert all(spec.get("frozen", "both") == "both" for spec in SPLITS.values())


def test_the_funder_table_holds_the_gold_cases():
    import csv

    table = Path(__file__).resolve().parents[2] / "bench" / "corpus" / "funder" / "northshire-grants-2025.csv"
    with open(table, encoding="utf-8", newline="") as fh:
        titles = {row["Project name"] for row in csv.DictReader(fh)}
    gold = tomllib.loads((GOLD / "funder_gold.toml").read_text(encoding="utf-8"))
    assert titles == set(gold["cases"])


_ANSWERED = ["overview", "purpose", "participants", "data_collection", "impact", "enablers_barriers", "key_learning"]


@pytest.mark.parametrize(
    ("name", "required"),
    [
        ("voices", [*_ANSWERED, "next_steps"]),
        ("reports", [*_ANSWERED, "methodology", "next_steps"]),
        ("talk", [*_ANSWERED, "setting", "description", "next_steps"]),  # spoken: a lead may skip Methodology
        ("web", [*_ANSWERED, "setting", "description", "methodology", "next_steps"]),  # its titles read as titles
        ("clinic", [*_ANSWERED, "setting", "description", "methodology", "next_steps"]),  # staff answer every heading
        ("youth", [*_ANSWERED, "setting", "description", "methodology", "next_steps"]),  # dev tunable from stop 30
        ("heritage", [*_ANSWERED, "setting", "description", "methodology", "next_steps"]),  # frozen in both parts
    ],
)
def test_a_written_set_holds_the_gold_cases_with_the_required_headings(name, required):
    from synth.extract import read_forms
    from synth.templates import load_template

    folder = Path(__file__).resolve().parents[2] / "bench" / "corpus" / name
    cases, problems = read_forms([folder], load_template("practice-based"))
    gold = tomllib.loads((GOLD / f"{name}_gold.toml").read_text(encoding="utf-8"))
    assert not problems
    assert {c.title for c in cases} == set(gold["cases"])
    for c in cases:
        assert all(c.fields.get(f, "").strip() for f in required), c.title
