"""Candidate phrases where ``en_core_web_sm`` has tagged and parsed a text (issue 10).

The model is not installed here, so the docs are annotated by hand, as the model would annotate
them; spaCy's own English noun-chunk rules read them. Without the model, the word-shape rules of
:mod:`synth.themes.text` decide, and the lemma of a word is the same either way."""

from __future__ import annotations

from spacy.tokens import Doc

from synth import nlp
from synth.themes import text


def _doc(rows: list[tuple[str, str, str, int]], spaces: list[bool] | None = None) -> Doc:
    """A doc from (word, part of speech, dependency, head index) rows."""
    words = [r[0] for r in rows]
    return Doc(
        nlp.get_nlp().vocab,
        words=words,
        spaces=spaces if spaces is not None else [True] * (len(words) - 2) + [False, False],
        pos=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        heads=[r[3] for r in rows],
    )


def _keys(doc: Doc) -> set[str]:
    return set(text._analyse_doc(doc).phrases)


def _plain_keys(sentence: str) -> set[str]:
    """The candidates of a sentence read without a tagger (words only)."""
    return _keys(nlp.get_nlp().tokenizer(sentence))


GROWS = [
    ("The", "DET", "det", 1),
    ("garden", "NOUN", "nsubj", 2),
    ("grows", "VERB", "ROOT", 2),
    ("confidence", "NOUN", "dobj", 2),
    (".", "PUNCT", "punct", 2),
]


def test_a_tagged_verb_is_in_no_candidate_where_the_word_shape_would_keep_it():
    tagged = _keys(_doc(GROWS))
    plain = _plain_keys("The garden grows confidence.")
    assert "garden grow confidence" in plain  # the shape rules read "grows" as a word of a phrase
    assert not any("grow" in k for k in tagged)
    assert {"garden", "confidence"} <= tagged


WELCOME = [
    ("Volunteers", "NOUN", "nsubj", 1),
    ("gave", "VERB", "ROOT", 1),
    ("a", "DET", "det", 6),
    ("warm", "ADJ", "amod", 6),
    ("and", "CCONJ", "cc", 3),
    ("friendly", "ADJ", "conj", 3),
    ("welcome", "NOUN", "dobj", 1),
    (".", "PUNCT", "punct", 1),
]


def test_a_noun_chunk_of_content_words_is_a_candidate_across_a_function_word():
    keys = _keys(_doc(WELCOME))
    assert "warm friendly welcome" in keys  # the chunk "a warm and friendly welcome"
    assert "friendly welcome" in keys and "volunteer" in keys
    assert "give" not in keys and not any(k.startswith("give ") for k in keys)
    # without the tagger, "and" ends every phrase: the chunk is not there
    plain = _plain_keys("Volunteers gave a warm and friendly welcome.")
    assert "warm friendly welcome" not in plain


def test_a_phrase_never_ends_on_a_tagged_verb_or_adverb():
    rows = [
        ("Peer", "NOUN", "compound", 1),
        ("mentors", "NOUN", "nsubj", 2),
        ("listened", "VERB", "ROOT", 2),
        ("carefully", "ADV", "advmod", 2),
        (".", "PUNCT", "punct", 2),
    ]
    keys = _keys(_doc(rows))
    assert "peer mentor" in keys
    assert not any(k.endswith(("listened", "listen", "carefully")) and " " in k for k in keys)


def test_a_hyphenated_compound_takes_the_tag_of_its_last_part():
    rows = [
        ("Co", "NOUN", "compound", 2),
        ("-", "PUNCT", "punct", 2),
        ("production", "NOUN", "nsubj", 3),
        ("mattered", "VERB", "ROOT", 3),
        (".", "PUNCT", "punct", 3),
    ]
    doc = _doc(rows, spaces=[False, False, True, False, False])
    assert "coproduction" in _keys(doc)  # the compound's lemma, as without the tagger


def test_without_the_model_the_engine_reads_words_only_and_one_lemma_table():
    assert nlp.syntax() is None  # en_core_web_sm is not installed on this machine
    assert nlp.lemma("volunteering") == "volunteer" and nlp.lemma("groups") == "group"
    found = text.analyse(["Volunteers gave a warm and friendly welcome."])[0]
    assert "friendly welcome" in found.phrases and "warm friendly welcome" not in found.phrases
