"""Table-driven: every form in tests/data/forms read as expected.json says (built by build.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synth.extract import FormError, read_form
from synth.templates import load_template

FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"
EXPECTED = json.loads((FORMS / "expected.json").read_text(encoding="utf-8"))
TEMPLATE = load_template()


def fold(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_form_reads_as_expected(name: str) -> None:
    expected = EXPECTED[name]
    if "error" in expected:
        with pytest.raises(FormError) as info:
            read_form(FORMS / name, TEMPLATE)
        message = str(info.value)
        assert name in message and expected["error"] in message
        assert "\n" not in message
        return
    cases = read_form(FORMS / name, TEMPLATE)
    assert len(cases) == len(expected["cases"])
    for got, want in zip(cases, expected["cases"], strict=True):
        assert got.title == want["title"]
        assert {k: fold(v) for k, v in got.fields.items()} == {k: fold(v) for k, v in want["fields"].items()}
        assert [u.heading for u in got.unplaced] == want["unplaced"]
        if "attributes" in want:
            assert got.attributes == want["attributes"]
        assert got.row == want.get("row")
        assert set(got.matches) == set(got.fields)
        assert all(0 < m.confidence <= 1 for m in got.matches.values())
        assert len(got.sha256) == 64


def test_every_format_and_bad_kind_is_covered() -> None:
    suffixes = {Path(n).suffix for n in EXPECTED}
    assert {".md", ".txt", ".docx", ".csv", ".xlsx", ".doc"} <= suffixes
    errors = " ".join(e["error"] for e in EXPECTED.values() if "error" in e)
    for reason in ("empty", "binary", "truncated", "not a zip", "unreadable text"):
        assert reason in errors
