"""Heading matching: which template field does a heading found in a form answer?

Project teams rename, number, abbreviate and misspell headings, or paste the
whole question in. A heading is normalised (numbering such as ``Q3)`` or
``5.`` dropped, case folded, ``&`` read as ``and``, punctuation removed) and
scored with rapidfuzz against each field's heading, aliases and question text.
A heading is placed only when its best field scores at least
:data:`PLACE_AT` and clearly beats the runner-up (:data:`MARGIN`); anything
else is left unplaced with the nearest field as a hint, because an answer
under the wrong field is worse than an answer the analyst has to place.

Each match says how it was made (``method``): ``exact`` (the field's heading),
``alias``, ``question`` (the question text, or most of its words), ``fuzzy``
(a small typo of a heading or alias) or ``partial`` (the heading starts with,
or contains, a field's heading or alias: "Data collection methods").

Results are cached per (heading, template): forms repeat the same headings,
so importing a thousand forms costs little more than matching fifteen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from synth.model import FieldMatch, Template

#: The lowest score at which a heading is placed under a field.
PLACE_AT = 0.8
#: How far the best field must be ahead of the next one to be placed.
MARGIN = 0.06
#: The lowest score at which the nearest field is offered as a hint.
HINT_AT = 0.45

#: Labels that name the case study itself rather than answer a question.
TITLE_LABELS = frozenset(
    {
        "title",
        "project title",
        "project name",
        "name of project",
        "name of the project",
        "case study title",
        "case study name",
        "case study",
        "project",
        "title of project",
        "title of the project",
        "title of your case study",
        "name of your project",
        "title of case study",
    }
)

_NUMBERING = re.compile(
    r"""^\s*(?:
        (?:question|section|part|q|no\.?)\s*\d+[a-z]?\s*[.):\-–—]*     # Q3)  Question 3:  Section 2 -
      | \(?\d+(?:\.\d+)*[a-z]?\s*[.):\-–—]+                          # 3.  3)  (3)  1.2.  3:
      | \d+(?:\.\d+)+                                                 # 1.2
      | \d{1,2}\s+(?=[^\W\d])                                         # 3 Purpose
      | \(?[a-h]\s*[.)]\s+                                            # a)  b.
      | \(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|xiii|xiv|xv)\s*[.)]\s+  # iv.
    )\s*""",
    re.IGNORECASE | re.VERBOSE,
)
_SPLIT = re.compile(r"\s+[-–—:]\s+|\s*[:?(\[]\s*|\s+[–—]\s*")
_NON_WORD = re.compile(r"[^\w]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "did",
        "do",
        "does",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "why",
        "when",
        "where",
        "your",
        "you",
        "we",
        "our",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "any",
        "there",
        "please",
        "give",
        "list",
        "describe",
        "tell",
        "us",
        "say",
        "briefly",
        "project",
        "case",
        "study",
    ]
)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The outcome of matching one heading: the field (or None), the nearest field and the score."""

    field_id: str | None
    confidence: float
    method: str
    nearest: str | None
    nearest_score: float

    def as_field_match(self, heading: str) -> FieldMatch | None:
        if self.field_id is None:
            return None
        return FieldMatch(self.field_id, heading, round(self.confidence, 3), self.method)


def strip_numbering(text: str) -> str:
    """Drop leading question numbering (``Q3)``, ``5.``, ``1.2``, ``(b)``) from a heading."""
    previous = None
    text = text.strip()
    while previous != text:
        previous = text
        text = _NUMBERING.sub("", text, count=1).strip()
    return text


def normalise(text: str) -> str:
    """Fold a heading to compare it: no numbering, markup, case, punctuation; ``&`` read as ``and``."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("*", " ").replace("_", " ").replace("#", " ").replace("`", " ")
    text = strip_numbering(text)
    text = text.replace("&", " and ").replace("+", " and ").replace("/", " and ")
    text = _NON_WORD.sub(" ", text.casefold()).replace("_", " ")
    return " ".join(text.split())


def _stem(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def content_words(normalised: str) -> str:
    """The distinctive words of a normalised heading, lightly stemmed (``aims`` -> ``aim``)."""
    return " ".join(_stem(t) for t in normalised.split() if t not in _STOP)


def head_part(text: str) -> str:
    """The part of a heading before an explanation (``Purpose - aims, goals`` -> ``Purpose``)."""
    stripped = strip_numbering(unicodedata.normalize("NFKC", text).replace("*", " ").strip())
    part = _SPLIT.split(stripped, maxsplit=1)[0]
    return normalise(part)


@dataclass(frozen=True, slots=True)
class _Candidate:
    field_id: str
    text: str  # normalised
    words: str  # content words
    kind: str  # heading | alias | question


def _candidates(template: Template) -> tuple[_Candidate, ...]:
    out: list[_Candidate] = []
    for f in template.fields:
        for kind, texts in (
            ("heading", [f.heading, f.id.replace("_", " ")]),
            ("alias", f.aliases),
            ("question", [f.question]),
        ):
            for t in texts:
                n = normalise(t)
                if n:
                    out.append(_Candidate(f.id, n, content_words(n), kind))
    return tuple(out)


@lru_cache(maxsize=64)
def _template_candidates(template: Template) -> tuple[_Candidate, ...]:
    return _candidates(template)


def _score(norm: str, head: str, words: str, c: _Candidate) -> tuple[float, str]:
    """One heading against one candidate text: (score 0..1, method)."""
    method = "exact" if c.kind == "heading" else c.kind
    if norm == c.text or (head and head == c.text):
        return (1.0 if c.kind != "question" else 0.98), method
    best, how = 0.0, "fuzzy"
    if c.kind == "question":
        if len(words.split()) >= 2 and c.words:
            s = fuzz.token_set_ratio(words, c.words) / 100
            # A subset match on two words is weaker evidence than on five.
            s *= min(1.0, 0.8 + 0.05 * len(words.split()))
            if s > best:
                best, how = s, "question"
        s = fuzz.ratio(norm, c.text) / 100
        if s > best:
            best, how = s, "question"
        return best, how
    # headings and aliases: typos in the whole heading or its head part
    length = len(c.text)
    for probe in {norm, head}:
        if not probe:
            continue
        if length <= 4 or len(probe) <= 4:
            continue  # "Data" vs "Date": short words must match exactly
        s = fuzz.ratio(probe, c.text) / 100
        if s < 0.88:  # "Funding" is not a typo of "Findings"
            s -= 0.12
            # ...but "Ovevriew" is one slip (a swap) from "Overview": allow one edit from 6 letters, two from 12
            edits = DamerauLevenshtein.distance(probe, c.text, score_cutoff=2)
            if edits <= (2 if len(c.text) >= 12 else 1 if len(c.text) >= 6 else 0) and probe[:1] == c.text[:1]:
                s = max(s, 0.9)
        if s > best:
            best, how = s, "fuzzy"
    # "Purpose of the project", "Data collection methods": starts with the candidate
    if norm.startswith(c.text + " ") and len(c.text) >= 4:
        extra = len(norm.split()) - len(c.text.split())
        s = 0.9 if extra <= 3 else 0.84
        if s > best:
            best, how = s, "partial"
    # "What helped and what hindered the project?": contains a multi-word alias
    if len(c.words.split()) >= 2 and f" {c.words} " in f" {words} ":
        s = 0.86
        if s > best:
            best, how = s, "partial"
    if c.words and words == c.words and len(words) >= 4:
        s = 0.95
        if s > best:
            best, how = s, method
    return best, how


@lru_cache(maxsize=8192)
def match_heading_cached(heading: str, template: Template) -> MatchResult:
    norm = normalise(heading)
    if not norm:
        return MatchResult(None, 0.0, "none", None, 0.0)
    head = head_part(heading)
    words = content_words(norm)
    per_field: dict[str, tuple[float, str]] = {}
    for c in _template_candidates(template):
        s, how = _score(norm, head, words, c)
        if s > per_field.get(c.field_id, (0.0, ""))[0]:
            per_field[c.field_id] = (s, how)
    if not per_field:
        return MatchResult(None, 0.0, "none", None, 0.0)
    ranked = sorted(per_field.items(), key=lambda kv: kv[1][0], reverse=True)
    best_id, (best, how) = ranked[0]
    second = ranked[1][1][0] if len(ranked) > 1 else 0.0
    if (
        best >= PLACE_AT
        and (best - second >= MARGIN or best >= 0.999 > second)
        and not _joins_fields(norm, best, template)
    ):
        return MatchResult(best_id, best, how, best_id, best)
    nearest = best_id if best >= HINT_AT else None
    return MatchResult(None, best, "none", nearest, best)


def _joins_fields(norm: str, best: float, template: Template) -> bool:
    """True for "Aims and learning": parts joined by "and" that belong to different fields."""
    if best >= 0.999 or " and " not in norm:
        return False
    parts = [p for p in norm.split(" and ") if p]
    found = {match_heading_cached(p, template).field_id for p in parts} - {None}
    return len(found) > 1


def match_heading(heading: str, template: Template) -> MatchResult:
    """Match a heading or question text to a field of ``template``.

    Returns a :class:`MatchResult`: ``field_id`` is None when the heading could
    not be placed with confidence; ``nearest`` then names the closest field
    (a hint for the analyst), if any came near.
    """
    return match_heading_cached(heading.strip(), template)


_TITLE_PATTERN = re.compile(
    r"^(?:the |your )?(?:title|name)(?: of)?(?: (?:the|your|this))? (?:project|case study|initiative|programme|program|scheme)"
    r"(?: title| name)?$"
    r"|^(?:your )?(?:project|case study|initiative|programme|program|scheme)(?: s)? (?:title|name)$"
)


_QUESTION_END = re.compile(r"[?.:](?=\s|$)")


def split_question(text: str, question: str) -> tuple[str, str]:
    """Split the field's question off the start of ``text``: ("please give a short summary...", the answer).

    Forms often repeat the question after the heading ("Overview: please give a
    short summary of your case study. This project..."); that part is not the answer.
    """
    target = normalise(question)
    if not target or not text:
        return "", text
    for m in _QUESTION_END.finditer(text):
        if m.end() > len(text) * 0.9 + 200:
            break
        prefix = text[: m.end()]
        if fuzz.ratio(normalise(prefix), target) >= 85:
            return prefix.strip(), text[m.end() :].strip()
    return "", text


def is_title_label(heading: str) -> bool:
    """True for labels such as ``Project name`` or ``Title of your project`` that carry the case's title."""
    norm = normalise(heading)
    return norm in TITLE_LABELS or bool(_TITLE_PATTERN.match(norm))
