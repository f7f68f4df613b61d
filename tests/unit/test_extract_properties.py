"""Property tests: no input makes a reader crash; it yields cases or a one-line FormError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synth.extract import FormError, read_form
from synth.extract.matching import match_heading
from synth.templates import load_template

TEMPLATE = load_template()
FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"
SUFFIXES = [".md", ".txt", ".docx", ".csv", ".xlsx", ".bin", ""]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# text that looks like a form often enough to reach the assembly rules
LINE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "# Overview",
            "## Purpose",
            "**Aims**",
            "Q3) Purpose - aims",
            "5. Methodology:",
            "PURPOSE: grow food",
            "Budget:",
            "---",
            "===",
            "- item",
            "1. item",
            "Project name: X",
            "<!-- c -->",
            "```",
            "| a | b |",
        ]
    ),
)


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"form{suffix}"
        path.write_bytes(data)
        try:
            cases = read_form(path, TEMPLATE)
        except FormError as exc:
            assert "\n" not in str(exc) and str(path) in str(exc)
            return
        assert cases and all(c.sha256 and isinstance(c.fields, dict) for c in cases)
        for c in cases:
            assert set(c.matches) == set(c.fields) <= set(TEMPLATE.field_ids)


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash_a_reader(data: bytes, suffix: str) -> None:
    _read(data, suffix)


@SETTINGS
@given(
    lines=st.lists(LINE, max_size=30),
    suffix=st.sampled_from([".md", ".txt", ".csv"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
def test_random_text_never_crashes_a_reader(lines: list[str], suffix: str, encoding: str) -> None:
    _read("\n".join(lines).encode(encoding, errors="replace"), suffix)


@SETTINGS
@given(
    name=st.sampled_from(["docx-heading-styles.docx", "docx-table.docx", "xlsx-forms-export.xlsx"]),
    cut=st.integers(min_value=0, max_value=100_000),
    flips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=255)), max_size=8
    ),
)
def test_damaged_office_files_never_crash_a_reader(name: str, cut: int, flips: list[tuple[int, int]]) -> None:
    data = bytearray((FORMS / name).read_bytes())
    for at, value in flips:
        data[at % len(data)] = value
    data = data[: max(1, cut % (len(data) + 1))] if cut % 3 == 0 else data
    _read(bytes(data), Path(name).suffix)


@settings(max_examples=200, deadline=None)
@given(heading=st.text(max_size=120))
def test_matching_any_heading_gives_a_valid_result(heading: str) -> None:
    r = match_heading(heading, TEMPLATE)
    assert 0.0 <= r.confidence <= 1.0
    assert r.field_id is None or r.field_id in TEMPLATE.field_ids
