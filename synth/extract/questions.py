"""Long question texts, as survey tools export them ("Q3. Please tell us about ... (optional)"), matched
to template headings by their parts and keywords.

A Microsoft Forms or survey export heads its columns with the whole question; this matcher
builds on the heading matcher of :mod:`synth.extract.matching`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: The lowest score at which a heading is placed under a field.
from synth.extract.matching import (
    INDEXES,
    STOP,
    MatchResult,
    candidates,
    match_heading,
    normalise,
    stem,
    strip_numbering,
    template_serial,
)
from synth.model import Template

_ASIDE = re.compile(r"\s*\((?:[^()]*)\)|\s*\[(?:[^\[\]]*)\]")


_SENTENCES = re.compile(r"(?<=[?.!;])\s+|\s*\n\s*")


_COURTESY = re.compile(
    r"^(?:(?:please|kindly|briefly|also|now|finally|in a few (?:words|sentences|lines)|in brief|"
    r"can you|could you|would you|tell us|let us know|explain|say)\b[\s,:]*)+",
    re.IGNORECASE,
)


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


#: Verbs and variants a question asks with, read as the noun a field's heading or alias uses.
_FAMILIES = {
    "summarise": "summary",
    "summarize": "summary",
    "summarised": "summary",
    "summarized": "summary",
    "describe": "description",
    "described": "description",
    "evaluate": "evaluation",
    "evaluated": "evaluation",
    "evaluating": "evaluation",
    "evaluations": "evaluation",
    "aimed": "aim",
    "measured": "measure",
    "measuring": "measure",
    "learned": "learning",
    "learnt": "learning",
    "learn": "learning",
    "participated": "participant",
    "participate": "participant",
    "partnered": "partner",
    "partnership": "partner",
    "located": "location",
}


#: How far a question placed by one of its sentences, or by a keyword, is trusted below a whole match.
QUESTION_PART = 0.95


KEYWORD = 0.82


def _family(token: str) -> str:
    token = _FAMILIES.get(token, token)
    return _FAMILIES.get(stem(token), stem(token))


@lru_cache(maxsize=64)
def _keywords(serial: int) -> dict[str, frozenset[str]]:
    """The one-word headings and aliases of a template: word -> the fields it names."""
    out: dict[str, set[str]] = {}
    for c in candidates(INDEXES[serial].template):
        if c.kind == "question":
            continue
        words = c.words.split()
        if len(words) == 1 and len(words[0]) >= 4:
            out.setdefault(_family(words[0]), set()).add(c.heading_id)
    return {k: frozenset(v) for k, v in out.items()}


def _keyword_field(part: str, serial: int) -> str | None:
    """The one field whose one-word heading or alias this sentence uses ("summarise" -> overview), if only one."""
    found: set[str] = set()
    table = _keywords(serial)
    for token in normalise(part).split():
        if token in STOP and token not in _FAMILIES:
            continue
        found |= table.get(_family(token), frozenset())
    return next(iter(found)) if len(found) == 1 else None


def question_parts(text: str) -> list[str]:
    """A long question's sentences, without numbering, bracketed asides or "Please..." lead-ins."""
    text = _POSSESSIVE.sub("", _ASIDE.sub(" ", strip_numbering(unicodedata.normalize("NFKC", text))))
    parts = []
    for sentence in _SENTENCES.split(text):
        sentence = _COURTESY.sub("", sentence.strip()).strip(" ,;")
        if sentence:
            parts.append(sentence)
    return parts


def match_question(text: str, template: Template) -> MatchResult:
    """Match a survey column's question, reworded and numbered as the team wrote it.

    ``4. Please describe the project. What does it do? (max 300 words)`` matches
    no heading as a whole; read sentence by sentence, without the numbering,
    the bracketed aside and the "Please", its first sentence names the
    description. The whole text is tried first; then each sentence as a
    heading; then, for a sentence that matched nothing, a one-word heading or
    alias it uses ("summarise" for *Summary*, "evaluated" for *Evaluation*).
    The question is placed only when every sentence that names a field names
    the same one; sentences naming different fields leave it unplaced, with the
    nearest as the hint.
    """
    whole = match_heading(text, template)
    if whole.heading_id:
        return whole
    serial = template_serial(template)
    votes: dict[str, float] = {}
    for part in question_parts(text):
        r = match_heading(part, template)
        if r.heading_id:
            votes[r.heading_id] = max(votes.get(r.heading_id, 0.0), r.confidence * QUESTION_PART)
            continue
        fid = _keyword_field(part, serial)
        if fid:
            votes[fid] = max(votes.get(fid, 0.0), KEYWORD)
    if len(votes) == 1:
        fid, score = next(iter(votes.items()))
        return MatchResult(fid, round(score, 3), "question", fid, score)
    if votes:
        nearest = max(votes, key=lambda k: votes[k])
        return MatchResult(None, whole.confidence, "none", nearest, max(whole.nearest_score, votes[nearest]))
    return whole
