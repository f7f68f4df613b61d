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
            assert set(c.matches) == set(c.fields) <= set(TEMPLATE.heading_ids)


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
    assert r.heading_id is None or r.heading_id in TEMPLATE.heading_ids


UNKNOWN = ["Budget", "Acknowledgements", "Timeline", "Glossary", "Funding", "Appendix", "Costs", "Notes"]
SENTENCES = [
    "We met every Tuesday in the community hall.",
    "Forty people took part over two years.",
    "Volunteers made newcomers welcome.",
    "The council provided the room at a reduced rent.",
    "Scores rose by four points on average.",
    "Transport was the main barrier for rural members.",
]
STYLES = ["## {h}", "**{h}**", "{n}. {h}:", "Q{n}) {h}", "{H}"]


@st.composite
def sectioned_form(draw):
    """A form of known and unknown sections in one heading style, with what each section's text is."""
    fields = draw(st.lists(st.sampled_from(TEMPLATE.fields), min_size=1, max_size=6, unique_by=lambda f: f.id))
    unknown = draw(st.lists(st.sampled_from(UNKNOWN), max_size=2, unique=True))
    names = [(f.id, draw(st.sampled_from([f.heading, *f.aliases]))) for f in fields] + [(None, u) for u in unknown]
    order = draw(st.permutations(names))
    style = draw(st.sampled_from(STYLES))
    lines, expected = ["# Test Project", ""], []
    for n, (fid, heading) in enumerate(order, start=1):
        text = " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)))
        lines += [style.format(h=heading, n=n, H=heading.upper()), text, ""]
        expected.append((fid, heading, text))
    return "\n".join(lines), expected


@SETTINGS
@given(form=sectioned_form(), suffix=st.sampled_from([".md", ".txt"]))
def test_unknown_sections_are_never_placed_under_a_field(form: tuple[str, list], suffix: str) -> None:
    text, expected = form
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"form{suffix}"
        path.write_text(text, encoding="utf-8")
        (case,) = read_form(path, TEMPLATE)
    for fid, heading, answer in expected:
        if fid is None:
            assert heading.casefold() in {u.heading.casefold().strip("*: ") for u in case.unplaced} or any(
                answer in u.text for u in case.unplaced
            ), heading
            assert not any(answer in v for v in case.fields.values()) or any(
                answer in a for f2, _, a in expected if f2 is not None
            )
        else:
            assert case.fields.get(fid) == answer, (fid, heading)
