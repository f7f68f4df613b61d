"""Candidate phrases where ``en_core_web_sm`` has tagged and parsed a text (issue 10).

:mod:`synth.themes.text` reads words by their shape when no tagger is installed; where the model
is, :func:`syntax_of` gives each word's part of speech and the noun chunks, and
:func:`tagged_ngrams` the candidates they allow: a word alone only as a noun, no phrase starting
with or holding a verb or ending on an adverb or function word, and each noun chunk of two or
three content words. Words are :mod:`synth.themes.text`'s (start, end, lower, lemma, kind) tuples."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Word = tuple[int, int, str, str, int]

#: Parts of speech (spaCy's coarse tags) a candidate phrase never ends on
NO_END = frozenset(("VERB", "AUX", "ADV", "ADP", "PRON", "DET", "CCONJ", "SCONJ", "PART", "INTJ"))
VERBS = ("VERB", "AUX")
NOUNS = ("NOUN", "PROPN")


def tagged_ngrams(
    words: list[Word],
    tags: dict[int, str],
    chunks: Sequence[tuple[int, int]],
    no_unigram: frozenset[str],
    pure_verbs: frozenset[str],
) -> Iterable[tuple[str, int, int]]:
    """Candidate phrases of one tagged sentence: (key, start, end). ``no_unigram``: lemmas never a
    candidate alone; ``pure_verbs``: lemmas no phrase starts with, whatever the tagger said."""
    n = len(words)
    for i, w in enumerate(words):
        if w[4] != 1:
            continue
        tag = tags.get(w[0], "X")
        if tag in NOUNS and w[3] not in no_unigram:
            yield w[3], w[0], w[1]
        elif tag in ("ADJ", "VERB") and w[2].endswith("ed"):  # "isolated": kept by its surface, never a label alone
            yield w[2].replace("-", ""), w[0], w[1]
        if tag in VERBS or w[3] in pure_verbs:
            continue
        j = i + 1
        parts = [w[3]]
        while j < n and j < i + 3 and words[j][4] == 1 and tags.get(words[j][0], "X") not in VERBS:
            parts.append(words[j][3])
            if tags.get(words[j][0], "X") not in NO_END:
                yield " ".join(parts), w[0], words[j][1]
            j += 1
        if (
            i + 2 < n
            and words[i + 1][2] == "of"
            and words[i + 2][4] == 1
            and tags.get(words[i + 2][0], "X") not in NO_END
        ):
            yield f"{w[3]} of {words[i + 2][3]}", w[0], words[i + 2][1]
    for start, end in chunks:
        inside = [w for w in words if w[4] == 1 and start <= w[0] and w[1] <= end]
        if 2 <= len(inside) <= 3 and tags.get(inside[-1][0], "X") in NOUNS:
            yield " ".join(w[3] for w in inside), inside[0][0], inside[-1][1]


def syntax_of(doc, hyphens: tuple[str, ...]) -> tuple[dict[int, str] | None, list[tuple[int, int]]]:
    """Parts of speech by a word's start, and noun chunks' spans, where the doc was tagged and parsed
    (None and no chunks otherwise). A compound joined by one of ``hyphens`` ("co-production") is one
    word, with the tag of its last part."""
    if not len(doc) or not doc.has_annotation("POS"):
        return None, []
    tags: dict[int, str] = {}
    word = 0  # start of the word being read
    for t in doc:
        glued = (
            t.i >= 2 and doc[t.i - 1].text in hyphens and not doc[t.i - 1].whitespace_ and not doc[t.i - 2].whitespace_
        )
        if not glued:
            word = t.idx
        tags[word] = t.pos_
    chunks = [(c.start_char, c.end_char) for c in doc.noun_chunks] if doc.has_annotation("DEP") else []
    return tags, chunks
