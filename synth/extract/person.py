"""Summary points in the third person: "we ran" becomes "the project ran", filler openers go, verbs agree.

The summariser picks the points (:mod:`synth.extract.summarise`); this module only rewrites a
chosen point, so it can be read and tested apart from the scoring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from synth.extract.sentences import FILLER_RE, IRREGULAR_PAST, protected
from synth.extract.sentences import content_terms as content_terms

DEFAULT_SUBJECT = "the project"


MARKER = re.compile(r"^[ \t]*(?:[-*•‣▪◦–]|\(?\d{1,2}[.)]|\(?[a-z]\))[ \t]+")


_LINK = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.\S+", re.IGNORECASE)


_LINK_END = re.compile(r"(?:https?://|www\.)\S+$|[\w.+-]+@[\w-]+\.\S+$", re.IGNORECASE)


#: Verb forms after a first-person subject, made to agree with a singular subject.
AGREEMENT: dict[str, str] = {
    "are": "is",
    "am": "is",
    "were": "was",
    "have": "has",
    "do": "does",
    "don't": "doesn't",
    "haven't": "hasn't",
    "aren't": "isn't",
    "weren't": "wasn't",
    "'re": "is",
    "'m": "is",
    "'ve": "has",
    "'ll": "will",
    "'d": "would",
}


# fmt: off
_KEEP_VERBS = frozenset((
    "was", "is", "has", "does", "did", "had", "will", "would", "can", "could", "shall", "should", "may", "might",
    "must", "ought", "wasn't", "didn't", "won't", "wouldn't", "can't", "cannot", "couldn't", "shouldn't", "mustn't",
    "hadn't", "doesn't", "isn't", "hasn't",
))


# fmt: on
# fmt: off
_ADVERBS = frozenset((
    "also", "still", "now", "often", "always", "never", "usually", "currently", "then", "only", "really", "already",
    "recently", "regularly", "just", "soon", "quickly", "first", "later", "initially", "eventually", "successfully",
    "actively", "jointly", "further", "subsequently", "originally", "increasingly", "gradually", "collectively",
    "together", "particularly", "especially", "previously",
))


# fmt: on
_DROP_AFTER_WE = frozenset({"all", "both"})


# fmt: on
_PRONOUN = re.compile(
    r"(?<![A-Za-z0-9'’-])(we|our|ours|ourselves|us|i|my|mine|myself|me)(?:(['’])(re|ve|ll|d|m))?(?![A-Za-z0-9'’-])",
    re.IGNORECASE,
)


_SAME_IN_PAST = frozenset(
    ["set", "put", "cut", "let", "hit", "read", "shut", "spread", "cost", "hurt", "quit", "split", "cast", "upset"]
)


# fmt: off
_NOT_VERBS = frozenset((
    "we", "i", "you", "they", "he", "she", "it", "us", "our", "my", "me", "the", "a", "an", "and", "or", "but",
    "nor", "in", "on", "at", "to", "of", "for", "with", "from", "by", "as", "that", "this", "these", "those", "who",
    "which", "there", "here", "each", "some", "many", "not", "no", "so", "if", "when", "while", "than", "then",
    "very",
))


_ABBREVIATIONS = ("i.e.", "e.g.", "etc.", "approx.", "incl.", "vs.", "cf.")


_NEXT_WORD = re.compile(r"(\s+)([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")


def third_person(word: str) -> str:
    """The third-person singular present of a base-form verb (``run`` -> ``runs``, ``reach`` -> ``reaches``)."""
    low = word.lower()
    special = {"have": "has", "be": "is", "do": "does", "go": "goes"}
    if low in special:
        out = special[low]
        return out.capitalize() if word[:1].isupper() else out
    if re.search(r"(s|sh|ch|x|z|o)$", low):
        return word + "es"
    if re.search(r"[^aeiou]y$", low):
        return word[:-1] + "ies"
    return word + "s"


def _is_base_verb(word: str) -> bool:
    from synth.nlp import lemma

    low = word.lower().replace("’", "'").rsplit("-", 1)[-1]  # "co-produce": the verb is its last part
    if low in _KEEP_VERBS or low in IRREGULAR_PAST or low in _SAME_IN_PAST or low in _NOT_VERBS or "'" in low:
        return False
    if (low.endswith("ed") and not low.endswith("eed")) or low.endswith("ing"):
        return False  # "needed" is past; "need", "succeed" are not
    return low.isalpha() and lemma(low) == low


def _possessive(subject: str) -> str:
    return subject + ("'" if subject.endswith("s") else "'s")


def third_person_point(text: str, subject: str = DEFAULT_SUBJECT, protect: Iterable[str] = ()) -> str:
    """Turn first person into the project as the subject (rules in the module docstring).

    Text inside double quotes (a participant's own words) and inside any of
    ``protect`` (the case's title: "Through Our Lens") is left alone.
    """
    out: list[str] = []
    pos = 0
    mentioned = False
    spans = protected(text, protect)
    for m in _PRONOUN.finditer(text):
        if m.start() < pos or any(a <= m.start() < b for a, b in spans):
            continue
        word, contraction = m.group(1), m.group(3)
        low = word.lower()
        if word == "US":
            continue  # the United States
        if low == "i" and (
            text[m.start() - 1 : m.start()] in ("(", "-", ".", "/") or text[m.end() : m.end() + 1] in (")", ".", "-")
        ):
            continue  # "(i)" numbering, "I-pad", "i.e."
        out.append(text[pos : m.start()])
        pos = m.end()
        before = "".join(out).rstrip()
        new_sentence = bool(before) and before[-1] in ".!?" and not before.lower().endswith(_ABBREVIATIONS)
        start_of_sentence = not before or new_sentence
        if new_sentence:
            mentioned = False
        if low in ("our", "my"):
            own = _NEXT_WORD.match(text, pos)
            if own and own.group(2).lower() == "project" and subject == DEFAULT_SUBJECT:
                pos = own.end()
                low = "our project"
        if low in ("our project", "us", "me"):
            name = subject
        elif low in ("we", "i"):
            name = "it" if mentioned else subject
        elif low in ("our", "my"):
            name = "its" if mentioned else _possessive(subject)
        elif low in ("ours", "mine"):
            name = _possessive(subject)
        else:  # ourselves, myself
            name = "itself"
        if start_of_sentence:
            name = name[:1].upper() + name[1:]
        mentioned = True
        if low in ("we", "i"):
            if contraction:
                verb = AGREEMENT.get("'" + contraction.lower(), "")
                if contraction.lower() == "d":
                    nxt = _NEXT_WORD.match(text, pos)
                    if nxt and (nxt.group(2).lower() == "been" or nxt.group(2).lower().endswith("ed")):
                        verb = "had"
                out.append(f"{name} {verb}")
                continue
            out.append(name)
            pos = _agree(text, pos, out)
            continue
        out.append(name)
    out.append(text[pos:])
    return "".join(out)


def _agree(text: str, pos: int, out: list[str]) -> int:
    """Make the verb after a subject pronoun agree with a singular subject; return the new position."""
    while True:
        nxt = _NEXT_WORD.match(text, pos)
        if not nxt:
            return pos
        space, word = nxt.group(1), nxt.group(2)
        low = word.lower().replace("’", "'")
        if low in _DROP_AFTER_WE:
            pos = nxt.end()
            continue
        if low in _ADVERBS:
            out.append(space + word)
            pos = nxt.end()
            continue
        if low in AGREEMENT:
            out.append(space + AGREEMENT[low])
        elif _is_base_verb(word):
            out.append(space + third_person(word))
        else:
            return pos
        return nxt.end()


def trim_filler(text: str) -> str:
    """Drop leading filler openers (repeatedly: "Overall, in addition, ...")."""
    while True:
        m = FILLER_RE.match(text)
        if not m or m.end() >= len(text):
            return text
        text = text[m.end() :]


def clean_point(text: str, subject: str = DEFAULT_SUBJECT, protect: Iterable[str] = ()) -> str:
    """One tidy sentence from a unit: no marker, no filler, third person, capital, full stop."""
    text = MARKER.sub("", text)
    text = " ".join(text.split())
    text = trim_filler(text)
    text = third_person_point(text, subject, protect)
    text = text.strip().rstrip(",;:–- ").strip()
    if not text:
        return text
    if text[0].islower() and not _LINK.match(text):
        text = text[0].upper() + text[1:]
    text = re.sub(r"!+$", ".", text)
    if text[-1] not in ".?" and not text.endswith(('."', ".”", ".)", ".'")) and not _LINK_END.search(text):
        text += "."
    return text
