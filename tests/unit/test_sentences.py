"""Sentences cut on token arrays are the sentences spaCy's sentencizer cuts (issue 12: the rule applied
without a Token object per token)."""

from __future__ import annotations

import pytest

from synth.extract.sentences import sentence_spans, sentences_of
from synth.nlp import get_nlp

TEXTS = [
    "",
    "   ",
    "One sentence without an end",
    "We met weekly. Then we walked! Did it help? Yes.",
    "Numbers like 3.5 and 63% stay inside. Dr. Smith came... and left.",
    '"Quoted end." she said. (Brackets.) Next one.',
    "Ellipsis… then more。Full-width stop！Done",
    "...leading dots. !!! ?? Mixed - dashes; semicolons: and colons.",
    "Line one.\nLine two without a stop\n\nA new paragraph.",
    "e.g. an abbreviation, i.e. another. U.S. based. 1. item 2. item",
]


def _spacy_spans(text: str) -> list[tuple[int, int]]:
    from spacy.attrs import IDX, SENT_START

    nlp = get_nlp()
    disabled = [p for p in nlp.pipe_names if p not in ("sentencizer", "senter")]
    return sentence_spans(nlp(text, disable=disabled), text, SENT_START, IDX)


@pytest.mark.parametrize("text", TEXTS)
def test_sentences_of_cuts_as_the_sentencizer(text: str) -> None:
    (found,) = sentences_of([text])
    assert found == _spacy_spans(text)


def test_sentences_of_takes_a_generator_and_keeps_order() -> None:
    found = list(sentences_of(t for t in TEXTS))
    assert found == [_spacy_spans(t) for t in TEXTS]
    assert len(found[3]) == 4
