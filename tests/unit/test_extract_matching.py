"""Heading matching, table-driven: numbering, case, punctuation, &/and, typos, question texts, refusals."""

from __future__ import annotations

import pytest

from synth.extract.matching import (
    fold_within,
    is_title_label,
    match_heading,
    normalise,
    split_question,
    strip_numbering,
)
from synth.templates import load_template

TEMPLATE = load_template()

PLACED = [
    ("Overview", "overview", "exact"),
    ("OVERVIEW", "overview", "exact"),
    ("overview:", "overview", "exact"),
    ("Q3) Purpose - aims, goals and objectives", "purpose", "exact"),
    ("Question 3: Purpose", "purpose", "exact"),
    ("5. Methodology:", "methodology", "exact"),
    ("1.2 Setting", "setting", "exact"),
    ("(b) Participants", "participants", "exact"),
    ("iv. Key learning", "key_learning", "exact"),
    ("Enablers & Barriers", "enablers_barriers", "exact"),
    ("Impact & outcomes", "impact", "exact"),
    ("**Next steps**", "next_steps", "exact"),
    ("Aims and objectives", "purpose", "alias"),
    ("Lessons learnt", "key_learning", "alias"),
    ("Who took part", "participants", "alias"),
    ("What helped and what hindered", "enablers_barriers", "alias"),
    ("Methodolgy", "methodology", "fuzzy"),
    ("Partcipants", "participants", "fuzzy"),
    ("Key learnings", "key_learning", "fuzzy"),
    ("What were the aims, goals and objectives of the project?", "purpose", "question"),
    ("8. What measurable impact did you record? List the outcomes.", "impact", "question"),
    ("How did community members take part in the research?", "community_research", "question"),
    ("Data collection methods", "data_collection", "partial"),
    ("Overview of the project", "overview", "exact"),
    # the headings published case studies use (programme and charity web pages)
    ("Background", "overview", "alias"),
    ("Why we did it", "purpose", "alias"),
    ("How we did it", "description", "alias"),
    ("Who was involved", "participants", "alias"),
    ("What helped", "enablers_barriers", "alias"),
    ("Challenges", "enablers_barriers", "alias"),
    ("What got in the way", "enablers_barriers", "alias"),
    ("Top tips", "key_learning", "alias"),
    ("The difference it made", "impact", "alias"),
]

UNPLACED = ["Budget", "Date", "Funding", "Acknowledgements", "Timeline", "Setbacks", "", "   ", "1.", "Q3)"]


@pytest.mark.parametrize(("heading", "field", "method"), PLACED)
def test_heading_is_placed(heading: str, field: str, method: str) -> None:
    result = match_heading(heading, TEMPLATE)
    assert result.heading_id == field
    assert result.method == method
    assert 0.8 <= result.confidence <= 1.0


@pytest.mark.parametrize("heading", UNPLACED)
def test_heading_is_not_placed(heading: str) -> None:
    result = match_heading(heading, TEMPLATE)
    assert result.heading_id is None
    assert result.as_field_match(heading) is None


def test_unplaced_heading_offers_the_nearest_field() -> None:
    result = match_heading("Setbacks", TEMPLATE)
    assert result.heading_id is None and result.nearest == "enablers_barriers"


def test_ambiguous_heading_is_left_unplaced() -> None:
    # both a purpose alias ("Aims") and a key-learning alias ("Learning") in one heading
    assert match_heading("Aims and learning", TEMPLATE).heading_id is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Q3) Purpose", "Purpose"),
        ("3. Purpose", "Purpose"),
        ("(3) Purpose", "Purpose"),
        ("Section 2 - Setting", "Setting"),
        ("1.2.3 Setting", "Setting"),
        ("2024 plans", "2024 plans"),
    ],
)
def test_strip_numbering(raw: str, clean: str) -> None:
    assert strip_numbering(raw) == clean


def test_normalise_folds_case_punctuation_and_ampersand() -> None:
    assert normalise("  Q11) Enablers & BARRIERS: ") == "enablers and barriers"


@pytest.mark.parametrize(
    ("label", "is_title"),
    [
        ("Project name", True),
        ("Title", True),
        ("Title of your project", True),
        ("Name of the case study", True),
        ("Project description", False),
        ("Name", False),
    ],
)
def test_title_labels(label: str, is_title: bool) -> None:
    assert is_title_label(label) is is_title


LONG_ANSWER = " ".join(f"In week {n} the group met at the library and walked to the park." for n in range(60))


@pytest.mark.parametrize(
    ("text", "question", "answer"),
    [
        # the question repeated at the start of a long one-line answer is split off
        ("Who took part? Give demographics and numbers. " + LONG_ANSWER, "participants", LONG_ANSWER),
        # a long one-line answer that never repeats the question stays whole, however many sentences it has
        (LONG_ANSWER, "participants", LONG_ANSWER),
        # the question after a first sentence longer than twice the question is answer text, as before
        (LONG_ANSWER + " Who took part? Give demographics and numbers.", "participants", None),
    ],
)
def test_split_question_on_long_one_line_answers(text: str, question: str, answer: str | None) -> None:
    asked = TEMPLATE.field(question).question
    found, rest = split_question(text, asked)
    assert rest == (text if answer is None else answer)
    assert bool(found) is (answer is not None and answer != text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Short heading",
        "Q3) Purpose & aims",
        "A long answer. " * 40,
        "1.2.3.4.5." * 30 + " Purpose",
        "*** ### ... " * 40 + "words at the end",
        "Fish & chips / peas + gravy " * 20,
    ],
)
@pytest.mark.parametrize("longest", [0, 10, 60, 200])
def test_fold_within_is_normalise_or_surely_too_long(text: str, longest: int) -> None:
    folded = fold_within(text, longest)
    full = normalise(text)
    assert folded == (full if len(full) <= longest else None)
