"""The spaCy pipeline, loaded once and lazily, never downloaded.

``en_core_web_sm`` is used when it is installed. Otherwise synth builds
``spacy.blank("en")`` with the rule-based sentencizer. Either way words are
lemmatised with the lookup table of spacy-lookups-data (bundled, no network), so
one word has one lemma with or without the model; the table is case-sensitive,
so callers lemmatise lowercased text (:func:`lemma`).

Without a tagger there are no noun chunks or parts of speech: the suggestion
engines are written not to need them. Where the model is installed,
:func:`syntax` gives its tagger and parser, and the theme engine reads parts of
speech and noun chunks for its candidate phrases and labels.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

_lock = threading.Lock()
_nlp: Language | None = None
_syntax: Language | bool | None = False  # False: not looked for yet; None: no model installed


def get_nlp() -> Language:
    """The shared pipeline (thread-safe; the first call takes about a second)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = _build()
    return _nlp


def _build() -> Language:
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm", exclude=["ner", "parser"])
        if "senter" in nlp.pipe_names:
            nlp.enable_pipe("senter")
        else:
            nlp.add_pipe("sentencizer")
        return nlp
    except (OSError, ImportError):
        pass
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # no lemmatizer pipe: nothing runs it, and :func:`lemma` reads the same lookup table itself
    nlp.initialize()
    return nlp


def syntax() -> Language | None:
    """``en_core_web_sm`` with its tagger and parser (no entities), or None where it is not installed."""
    global _syntax
    if _syntax is False:
        with _lock:
            if _syntax is False:
                _syntax = _load_syntax()
    return _syntax  # type: ignore[return-value]


def _load_syntax() -> Language | None:
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm", exclude=["ner"])
    except (OSError, ImportError, ValueError):
        return None
    return nlp if {"tagger", "parser"} <= set(nlp.pipe_names) else None


def engine() -> str:
    """A name for the pipeline in use, recorded with every machine suggestion."""
    import spacy

    nlp = get_nlp()
    if "tagger" in nlp.pipe_names or nlp.meta.get("name") == "core_web_sm":
        return f"spacy {spacy.__version__} en_core_web_sm {nlp.meta.get('version', '')}".strip()
    return f"spacy {spacy.__version__} blank-en+lookup-lemmatizer+sentencizer"


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lookup lemma of one lowercased word (``volunteering`` -> ``volunteer``)."""
    lookups = _lemma_table()
    low = word.lower()
    return lookups.get(low, low) if lookups is not None else low


@lru_cache(maxsize=1)
def _lemma_table():
    """English lemma lookups from spacy-lookups-data (bundled): the model's own lemmatizer is
    rule-based and has no such table, and one word must have one lemma with or without it."""
    from spacy.lookups import load_lookups

    try:
        return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    except (KeyError, ValueError, ImportError):
        return None
