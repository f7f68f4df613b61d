"""Sentences and words as summaries and the uniformity check both read them.

Sentence spans, content lemmas, stop words, protected spans, filler openers, irregular past
forms and the tense of a point: :mod:`synth.extract.summarise` and
:mod:`synth.extract.uniformity` both build on these, so they live below both.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

#: Openers trimmed from the start of a point when a comma follows them.
# fmt: off
FILLERS: tuple[str, ...] = (
    "in addition to this", "in addition to that", "in addition", "additionally", "furthermore", "moreover", "also",
    "overall", "finally", "firstly", "first of all", "secondly", "thirdly", "lastly", "in summary", "in conclusion",
    "to conclude", "to sum up", "in short", "in general", "generally speaking", "importantly", "interestingly",
    "notably", "basically", "essentially", "of course", "obviously", "clearly", "as well as this", "on top of this",
    "on top of that", "as mentioned above", "as mentioned earlier", "as mentioned before", "as mentioned",
    "as noted above", "as stated above", "as a matter of fact", "in fact", "indeed", "all in all",
    "at the end of the day", "needless to say", "with this in mind", "that said", "having said that",
    "to be honest", "honestly",
)


#: Openers trimmed from the start of a point when they end in "that" (no comma needed).
# fmt: off
THAT_FILLERS: tuple[str, ...] = (
    "it is worth noting that", "it is worth mentioning that", "it's worth noting that",
    "it's worth mentioning that", "it should be noted that", "it is important to note that",
    "it is important to say that", "it must be said that", "it is fair to say that", "it goes without saying that",
    "needless to say that", "we are pleased to report that", "we are pleased to say that",
    "we are proud to say that", "we are proud to report that", "we are happy to report that",
    "we are happy to say that", "we are delighted to report that", "we are delighted to say that",
    "we would like to highlight that", "we would like to say that", "we would like to note that",
    "i am pleased to report that", "i am proud to say that", "i would say that", "we would say that",
)


FILLER_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(f) for f in sorted(FILLERS, key=len, reverse=True)) + r")\s*,\s*"
    r"|(?:" + "|".join(re.escape(f) for f in sorted(THAT_FILLERS, key=len, reverse=True)) + r")\s+)",
    re.IGNORECASE,
)


_TERM = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*%?")


_TERMS: dict[str, str | None] = {}


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def content_terms(text: str, stop: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """The content words of a text as (surface form, lemma), stop words left out; figures ("358", "63%") count."""
    from synth.nlp import lemma

    stop = stop_words() if stop is None else stop
    out = []
    terms = _TERMS
    for w in _TERM.findall(text):
        try:
            lem = terms[w]
        except KeyError:
            low = w.lower().replace("’", "'").strip("'-")
            if low[:1].isdigit():
                lem = low.rstrip(".,") or None  # figures count: "358 people", "63%" are what a summary keeps
            else:
                lem = lemma(low) if len(low) > 2 and low not in stop else None
            lem = None if lem in stop else lem
            if len(terms) < 500_000:
                terms[w] = lem
        if lem is not None:
            out.append((w, lem))
    return out


def content_lemmas(text: str, stop: frozenset[str]) -> tuple[str, ...]:
    return tuple(lem for _, lem in content_terms(text, stop))


def sentence_spans(doc, text: str, sent_start: int, idx: int) -> list[tuple[int, int]]:
    """Character spans of a doc's sentences, read from its arrays (no Token objects: much faster than doc.sents)."""
    if not len(doc):
        return []
    arr = doc.to_array([sent_start, idx])
    starts = (arr[:, 0] == 1).nonzero()[0].tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    chars = [*arr[starts, 1].tolist(), len(text)]
    return list(itertools.pairwise(chars))


def sentences_of(texts: Iterable[str], batch_size: int = 512) -> Iterable[list[tuple[int, int]]]:
    """The sentence spans of each text, as the pipeline's sentence segmenter cuts them.

    When that segmenter is spaCy's rule-based ``sentencizer`` (the pipeline synth builds without
    ``en_core_web_sm``), the texts are only tokenised and the sentencizer's rule is applied to the
    token arrays here (:func:`_rule_starts`): the same sentences without a Python Token object per
    token (issue 12: a fifth of segmenting a project's answers). Any other segmenter runs as is.
    """
    from spacy.attrs import IDX, IS_PUNCT, ORTH, SENT_START
    from spacy.pipeline import Sentencizer

    from synth.nlp import get_nlp

    nlp = get_nlp()
    texts = list(texts)
    setters = [name for name in nlp.pipe_names if name in ("sentencizer", "senter", "parser")]
    rule = nlp.get_pipe(setters[0]) if len(setters) == 1 else None
    if isinstance(rule, Sentencizer) and not rule.overwrite:
        punct = frozenset(nlp.vocab.strings.add(ch) for ch in rule.punct_chars)
        for text, doc in zip(texts, nlp.tokenizer.pipe(texts, batch_size=batch_size), strict=True):
            if not len(doc):
                yield []
                continue
            rows = doc.to_array([ORTH, IS_PUNCT, IDX]).tolist()
            chars = [rows[i][2] for i in _rule_starts(rows, punct)]
            chars.append(len(text))
            yield list(itertools.pairwise(chars))
        return
    disabled = [p for p in nlp.pipe_names if p not in ("sentencizer", "senter")]
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size, disable=disabled), strict=True):
        yield sentence_spans(doc, text, SENT_START, IDX)


def _rule_starts(rows: list[list[int]], punct: frozenset[int]) -> list[int]:
    """Token numbers that start a sentence under spaCy's ``Sentencizer.predict`` (rows: orth, is_punct, ...).

    Its rule: after a token in its ``punct_chars``, the next token that is neither punctuation nor one of
    those starts a sentence; the first token always does.
    """
    starts = [0]
    seen = False
    for i, (orth, is_punct, _) in enumerate(rows):
        if orth in punct:
            seen = True
        elif seen and not is_punct:
            starts.append(i)
            seen = False
    return starts


# fmt: off
IRREGULAR_PAST = frozenset((
    "ran", "began", "took", "went", "grew", "met", "saw", "gave", "became", "came", "knew", "chose", "drew", "fell",
    "wrote", "spoke", "sang", "rose", "flew", "ate", "wore", "won", "held", "led", "brought", "built", "found",
    "felt", "kept", "left", "made", "told", "thought", "taught", "bought", "caught", "fought", "heard", "paid",
    "sold", "spent", "sent", "stood", "understood", "said", "got", "lost", "forgot", "sought", "struck", "hung",
))


# fmt: on
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')


def protected(text: str, protect: Iterable[str]) -> list[tuple[int, int]]:
    spans = [m.span() for m in _QUOTED.finditer(text)]
    folded = text.casefold() if protect else ""
    for name in protect:
        needle = (name or "").strip().casefold()
        if not needle or len(folded) != len(text):
            continue
        at = folded.find(needle)
        while at >= 0:
            spans.append((at, at + len(needle)))
            at = folded.find(needle, at + 1)
    return spans


_WORDS = re.compile(r"[A-Za-z][A-Za-z'’]*")


_PAST = frozenset(["was", "were", "had", "did", "wasn't", "weren't", "hadn't", "didn't"])


_PRESENT = frozenset(["is", "are", "am", "isn't", "aren't", "does", "doesn't"])


_FUTURE = frozenset(["will", "won't", "shall", "'ll"])


_HAVE = frozenset(["has", "have", "hasn't", "haven't"])


# fmt: off
_NOT_VERB_BEFORE = frozenset((
    "the", "a", "an", "this", "that", "these", "those", "is", "are", "am", "was", "were", "be", "been", "being",
    "has", "have", "had", "get", "gets", "got", "become", "became", "feel", "feels", "felt", "seem", "seems",
    "seemed", "very", "more", "most", "less", "well", "by", "of", "for", "with", "in", "on", "at", "to", "from",
    "its", "their", "his", "her", "our", "your", "them", "us", "him", "me", "as", "who", "which", "and", "or",
    "newly", "recently", "highly", "into", "onto", "through", "across", "about", "over", "under", "after", "before",
    "between", "among", "without", "some", "many", "all", "no", "each", "every", "several", "two", "three", "few",
    "other", "specially", "fully", "poorly", "well", "well-",
))


# fmt: on
_PERFECT_ADVERBS = frozenset(
    ["also", "already", "now", "since", "not", "recently", "just", "successfully", "never", "always"]
)


_FUTURE_PHRASES = re.compile(
    r"\b(?:going to|plans? to|planning to|intends? to|intending to|in (?:the )?future|next (?:year|month|phase|step))\b",
    re.IGNORECASE,
)


def _is_participle(word: str) -> bool:
    low = word.lower()
    return (
        (low.endswith("ed") and len(low) > 4)
        or low in IRREGULAR_PAST
        or low
        in (
            "been",
            "done",
            "grown",
            "taken",
            "given",
            "shown",
            "seen",
            "known",
            "begun",
            "run",
            "become",
            "come",
            "written",
        )
    )


@lru_cache(maxsize=65_536)
def tense_markers(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The past markers and the present/future markers of one point, in order.

    An -ed word (or a common irregular past) counts as past unless it follows an
    auxiliary, article, preposition, pronoun, number or -ing word ("is funded",
    "the isolated", "most of them retired", "repairing donated tools"), is
    joined by a hyphen ("peer-led"), or is followed by "by" ("run by"): there
    it is a participle or adjective, not a verb.
    """
    from synth.nlp import lemma

    found = list(_WORDS.finditer(text))
    words = [m.group(0).replace("’", "'") for m in found]
    past: list[str] = []
    now: list[str] = []
    for i, w in enumerate(words):
        low = w.lower()
        prev = words[i - 1].lower() if i else ""
        if low in _PAST:
            past.append(w)
        elif low in _PRESENT or low in _FUTURE or low.endswith("'ll"):
            now.append(w)
        elif low in _HAVE:
            following = [x for x in words[i + 1 : i + 3] if x.lower() not in _PERFECT_ADVERBS]
            if not (following and _is_participle(following[0])):
                now.append(w)  # "has 40 members"; the present perfect ("has grown") sits with either tense
        elif (
            i
            and prev not in _NOT_VERB_BEFORE
            and prev not in _HAVE
            and prev not in _PAST
            and prev not in _PRESENT
            and not prev.endswith("ing")
            and text[found[i].start() - 1] != "-"
            and not text[: found[i].start()].rstrip()[-1:].isdigit()
            and (i + 1 >= len(words) or words[i + 1].lower() != "by")
            and ((low.endswith("ed") and len(low) > 4 and lemma(low) != low) or low in IRREGULAR_PAST)
        ):
            past.append(w)
    now.extend(m.group(0) for m in _FUTURE_PHRASES.finditer(text))
    return tuple(past), tuple(now)


def point_tense(text: str) -> str | None:
    """``"past"``, ``"present"`` (present or future), or None when a point has no marker."""
    past, now = tense_markers(text)
    if len(past) > len(now):
        return "past"
    if len(now) > len(past):
        return "present"
    if not past:
        return None
    first_past = text.find(past[0].split()[0])
    first_now = text.find(now[0].split()[0])
    return "past" if 0 <= first_past <= first_now or first_now < 0 else "present"
