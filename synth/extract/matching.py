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

from rapidfuzz import fuzz, process
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
STOP = frozenset(
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

    heading_id: str | None
    confidence: float
    method: str
    nearest: str | None
    nearest_score: float

    def as_field_match(self, heading: str) -> FieldMatch | None:
        if self.heading_id is None:
            return None
        return FieldMatch(self.heading_id, heading, round(self.confidence, 3), self.method)


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


def fold_within(text: str, longest: int) -> str | None:
    """``normalise(text)``, or None when that is surely longer than ``longest`` characters.

    A long text is judged by its head first: a longer text folds no shorter, give or take a character
    or two where the head was cut, so a head folding well past ``longest`` settles it without folding a
    whole paragraph (issue 12: a one-line answer compared with a field's question and guidance).
    """
    head = 2 * longest + 64
    if len(text) > head and len(normalise(text[:head])) > longest + 16:
        return None
    folded = normalise(text)
    return folded if len(folded) <= longest else None


@lru_cache(maxsize=4096)
def normalised(text: str) -> str:
    """:func:`normalise`, cached: for the few texts folded again and again (a field's question and guidance)."""
    return normalise(text)


def stem(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def content_words(normalised: str) -> str:
    """The distinctive words of a normalised heading, lightly stemmed (``aims`` -> ``aim``)."""
    return " ".join(stem(t) for t in normalised.split() if t not in STOP)


def head_part(text: str) -> str:
    """The part of a heading before an explanation (``Purpose - aims, goals`` -> ``Purpose``)."""
    stripped = strip_numbering(unicodedata.normalize("NFKC", text).replace("*", " ").strip())
    part = _SPLIT.split(stripped, maxsplit=1)[0]
    return normalise(part)


@dataclass(frozen=True, slots=True)
class _Candidate:
    heading_id: str
    text: str  # normalised
    words: str  # content words
    kind: str  # heading | alias | question


def candidates(template: Template) -> tuple[_Candidate, ...]:
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


@dataclass(frozen=True)
class _Index:
    """A template's candidate texts, arranged so one heading is scored in a few C calls."""

    template: Template
    exact: dict[str, list[tuple[str, float, str]]]  # normalised text -> [(field, score, method)]
    typo_texts: list[str]  # heading and alias texts longer than 4 characters
    typo_fields: list[str]
    prefixes: list[tuple[str, str, int]]  # (text + " ", field, words in text)
    multiword: list[tuple[str, str]]  # (" content words ", field) for aliases of 2+ content words
    words: dict[str, list[tuple[str, str]]]  # content words -> [(field, method)]
    questions: list[_Candidate]
    question_words: list[frozenset[str]]


INDEXES: dict[int, _Index] = {}
_SERIALS: dict[int, tuple[Template, int]] = {}  # id(template) -> (template, serial): the fast path
_BY_CONTENT: dict[Template, int] = {}  # equal templates (one per Project.open) share one index and cache


def template_serial(template: Template) -> int:
    """A number naming this template for the match cache (hashing a Template on every match would be slow)."""
    hit = _SERIALS.get(id(template))
    if hit is not None and hit[0] is template:
        return hit[1]
    if len(_SERIALS) > 256:
        _SERIALS.clear()
    serial = _BY_CONTENT.get(template)
    if serial is not None:
        _SERIALS[id(template)] = (template, serial)
        return serial
    serial = len(INDEXES) + 1
    exact: dict[str, list[tuple[str, float, str]]] = {}
    words: dict[str, list[tuple[str, str]]] = {}
    typo_texts, typo_fields, prefixes, multiword, questions = [], [], [], [], []
    for c in candidates(template):
        method = "exact" if c.kind == "heading" else c.kind
        exact.setdefault(c.text, []).append((c.heading_id, 0.98 if c.kind == "question" else 1.0, method))
        if c.kind == "question":
            questions.append(c)
            continue
        if len(c.text) > 4:
            typo_texts.append(c.text)
            typo_fields.append(c.heading_id)
        if len(c.text) >= 4:
            prefixes.append((c.text + " ", c.heading_id, len(c.text.split())))
        if len(c.words.split()) >= 2:
            multiword.append((f" {c.words} ", c.heading_id))
        if c.words and len(c.words) >= 3:
            words.setdefault(c.words, []).append((c.heading_id, method))
    question_words = [frozenset(c.words.split()) for c in questions]
    INDEXES[serial] = _Index(
        template, exact, typo_texts, typo_fields, prefixes, multiword, words, questions, question_words
    )
    _SERIALS[id(template)] = (template, serial)
    _BY_CONTENT[template] = serial
    return serial


def _typo_score(probe: str, text: str, ratio: float) -> float:
    if ratio >= 0.88:
        return ratio
    s = ratio - 0.12  # "Funding" is not a typo of "Findings"...
    # ...but "Ovevriew" is one slip (a swap) from "Overview": allow one edit from 6 letters, two from 12
    allowed = 2 if len(text) >= 12 else 1 if len(text) >= 6 else 0
    if allowed and probe[:1] == text[:1] and DamerauLevenshtein.distance(probe, text, score_cutoff=allowed) <= allowed:
        s = max(s, 0.9)
    return s


def _score_fields(norm: str, head: str, words: str, idx: _Index) -> dict[str, tuple[float, str]]:
    """The best (score, method) per field for one normalised heading."""
    per: dict[str, tuple[float, str]] = {}

    def bump(fid: str, score: float, how: str) -> None:
        if score > per.get(fid, (0.0, ""))[0]:
            per[fid] = (score, how)

    for probe in {norm, head}:
        for fid, score, how in idx.exact.get(probe, ()):
            bump(fid, score, how)
    # headings and aliases: typos in the whole heading or its head part
    for probe in {norm, head}:
        if len(probe) <= 4 or not idx.typo_texts:
            continue  # "Data" vs "Date": short words must match exactly
        ratios = process.cdist([probe], idx.typo_texts, scorer=fuzz.ratio, workers=1)[0]
        for text, fid, ratio in zip(idx.typo_texts, idx.typo_fields, ratios, strict=True):
            bump(fid, _typo_score(probe, text, float(ratio) / 100), "fuzzy")
    # "Purpose of the project", "Data collection methods": starts with a heading or alias
    n_words = len(norm.split())
    for prefix, fid, size in idx.prefixes:
        if norm.startswith(prefix):
            bump(fid, 0.9 if n_words - size <= 3 else 0.84, "partial")
    # "What helped and what hindered the project?": contains a multi-word alias
    padded = f" {words} "
    for needle, fid in idx.multiword:
        if needle in padded:
            bump(fid, 0.86, "partial")
    for fid, how in idx.words.get(words, ()) if len(words) >= 3 else ():
        bump(fid, 0.95, how)
    # the question text, or most of its distinctive words
    n_content = len(words.split())
    for c in idx.questions:
        if n_content >= 2 and c.words:
            # A subset match on two words is weaker evidence than on five.
            bump(
                c.heading_id, fuzz.token_set_ratio(words, c.words) / 100 * min(1.0, 0.8 + 0.05 * n_content), "question"
            )
        bump(c.heading_id, fuzz.ratio(norm, c.text) / 100, "question")
    return per


@lru_cache(maxsize=16384)
def _match(norm: str, head: str, serial: int) -> MatchResult:
    if not norm:
        return MatchResult(None, 0.0, "none", None, 0.0)
    idx = INDEXES[serial]
    per_field = _score_fields(norm, head, content_words(norm), idx)
    if not per_field:
        return MatchResult(None, 0.0, "none", None, 0.0)
    ranked = sorted(per_field.items(), key=lambda kv: kv[1][0], reverse=True)
    best_id, (best, how) = ranked[0]
    second = ranked[1][1][0] if len(ranked) > 1 else 0.0
    if (
        best >= PLACE_AT
        and (best - second >= MARGIN or best >= 0.999 > second)
        and not _joins_fields(norm, best, serial)
    ):
        return MatchResult(best_id, best, how, best_id, best)
    nearest = best_id if best >= HINT_AT else None
    return MatchResult(None, best, "none", nearest, best)


@lru_cache(maxsize=16384)
def _match_text(heading: str, serial: int) -> MatchResult:
    return _match(normalise(heading), head_part(heading), serial)


def match_heading_cached(heading: str, template: Template) -> MatchResult:
    return _match_text(heading, template_serial(template))


def _clear_caches() -> None:
    _match_text.cache_clear()
    _match.cache_clear()


match_heading_cached.cache_clear = _clear_caches  # type: ignore[attr-defined]


def could_be_question(text: str, template: Template) -> bool:
    """A cheap test before a full match: does ``text`` share most distinctive words with a field's question?"""
    idx = INDEXES[template_serial(template)]
    words = set(content_words(normalise(text)).split())
    return any(len(words & q) * 2 >= len(q) for q in idx.question_words if q)


def _joins_fields(norm: str, best: float, serial: int) -> bool:
    """True for "Aims and learning": parts joined by "and" that belong to different fields."""
    if best >= 0.999 or " and " not in norm:
        return False
    parts = [p for p in norm.split(" and ") if p]
    found = {_match(p, p, serial).heading_id for p in parts} - {None}
    return len(found) > 1


def match_heading(heading: str, template: Template) -> MatchResult:
    """Match a heading or question text to a field of ``template``.

    Returns a :class:`MatchResult`: ``heading_id`` is None when the heading could
    not be placed with confidence; ``nearest`` then names the closest field
    (a hint for the analyst), if any came near.
    """
    return match_heading_cached(heading.strip(), template)


_TITLE_PATTERN = re.compile(
    r"^(?:what is )?(?:the |your )?(?:title|name)(?: of)?(?: (?:the|your|this))? (?:project|case study|initiative|programme|program|scheme)"
    r"(?: title| name)?$"
    r"|^(?:your )?(?:project|case study|initiative|programme|program|scheme)(?: s)? (?:title|name)$"
)


_QUESTION_END = re.compile(r"[?.:](?=\s|$)")


def split_question(text: str, question: str) -> tuple[str, str]:
    """Split the field's question off the start of ``text``: ("please give a short summary...", the answer).

    Forms often repeat the question after the heading ("Overview: please give a
    short summary of your case study. This project..."); that part is not the answer.
    """
    target = normalised(question)
    if not target or not text:
        return "", text
    # a prefix folded to over twice the question's length cannot score 85 (that needs at most 1.36 times it), and
    # longer prefixes fold no shorter: stop there instead of folding every sentence of a one-line answer (issue 12)
    longest = 2 * len(target) + 50
    for m in _QUESTION_END.finditer(text):
        if m.end() > len(text) * 0.9 + 200:
            break
        prefix = text[: m.end()]
        folded = fold_within(prefix, longest)
        if folded is None:
            break
        if fuzz.ratio(folded, target) >= 85:
            return prefix.strip(), text[m.end() :].strip()
    return "", text


def is_title_label(heading: str) -> bool:
    """True for labels such as ``Project name`` or ``Title of your project`` that carry the case's title."""
    norm = normalise(heading)
    return norm in TITLE_LABELS or bool(_TITLE_PATTERN.match(norm))


# -- long question texts, as survey tools export them ------------------------------------
