"""The uniformity check: is a summary written the way the method asks?

A summary is a list of key points, one per line (list markers are ignored).
The rules, each rule-based and needing no tagger:

=================  ===========================================================================
rule               a finding when
=================  ===========================================================================
``empty``          the summary is blank or a placeholder ("N/A", "none", "-")
``first_person``   a point says we / our / us / I / my / me (upper-case "US" is the country)
``filler``         a point opens with filler ("In addition,", "It is worth noting that"...)
``sentences``      a point holds more than one sentence (spaCy's sentencizer)
``length``         a point is over the word limit (35 words unless told otherwise)
``tense``          the points mix past with present/future: each point's tense comes from its
                   markers (past: was, were, had, did, -ed verbs not after an auxiliary or
                   article, common irregular pasts; present/future: is, are, am, does, has/have, will, shall,
                   going/plan/intend to; the present perfect "has grown" counts as neither,
                   as it sits with both); the points in the minority tense are named
``heading_tense``  (project check only) the whole summary is in one tense while at least 70%
                   of the heading's other summaries (3 or more) are in the other
``order``          (given a usual order) a point comes before one that, by its content words,
                   usually precedes it under this heading
=================  ===========================================================================

The *usual order* of a heading is learnt from the project's other summaries of
that heading (:func:`learn_order`): each content lemma's mean relative position
(0 the first point, 1 the last) over the summaries that use it. A point's
expected position is the mean over its lemmas, weighted by how many summaries
use each and by how positional it is (a word found at every position says
nothing). Two points are out of order when the earlier one is expected at
least 0.5 later than the later one. A lemma must be used by 3 or more of the
heading's other summaries, and by a quarter of them.

:class:`Finding` ``index`` is the point's position from 0 (0 for ``empty``);
``message`` says why in words an analyst can act on.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from synth.extract.sentences import FILLER_RE, content_lemmas, content_terms, tense_markers
from synth.extract.sentences import point_tense as point_tense
from synth.extract.summarise import DEFAULT_POINT_WORDS, is_placeholder

if TYPE_CHECKING:
    from synth.state import ProjectState

ORDER_MARGIN = 0.5
ORDER_MIN_SUPPORT = 3
ORDER_MIN_SHARE = 0.25  # ... and at least this share of the heading's other summaries
ORDER_MIN_WEIGHT = 2.0
HEADING_TENSE_SHARE = 0.7

RULES = ("empty", "first_person", "filler", "sentences", "length", "tense", "heading_tense", "order")


@dataclass(frozen=True)
class Finding:
    """One problem with one point of a summary: which rule, which sentence, and why."""

    rule: str
    sentence: str
    index: int
    message: str


@dataclass(frozen=True)
class UsualOrder:
    """Where each content lemma usually sits in a heading's summaries (0 first point .. 1 last)."""

    positions: dict[str, float] = field(default_factory=dict)
    support: dict[str, int] = field(default_factory=dict)
    summaries: int = 0


# -- points ---------------------------------------------------------------------------------

_MARKER = re.compile(r"^\s*(?:[-*•‣▪◦–]|\(?\d{1,2}[.)]|\(?[a-z]\))\s+")


def points_of(text: str) -> list[str]:
    """The key points of a summary: its non-blank lines, without list markers."""
    return [p for p in (_MARKER.sub("", line).strip() for line in (text or "").splitlines()) if p]


_FIRST_PERSON = re.compile(
    r"(?<![A-Za-z0-9'’-])(we|our|ours|ourselves|us|i|my|mine|myself|me)(?:['’](?:re|ve|ll|d|m))?(?![A-Za-z0-9'’-])",
    re.IGNORECASE,
)


def first_person_words(text: str, protect: Iterable[str] = ()) -> list[str]:
    """First-person words in a text ("US", "(i)" numbering, "i.e.", quotations and the names in ``protect`` are not)."""
    from synth.extract.sentences import protected

    spans = protected(text, protect)
    found = []
    for m in _FIRST_PERSON.finditer(text):
        word = m.group(0)
        if any(a <= m.start() < b for a, b in spans):
            continue
        if m.group(1) == "US":
            continue
        if m.group(1).lower() == "i" and (
            text[m.start() - 1 : m.start()] in ("(", ".", "/") or text[m.end() : m.end() + 1] in (")", ".")
        ):
            continue
        found.append(word)
    return found


# -- tense ------------------------------------------------------------------------------------


_TENSE_WORDS = {"past": "the past", "present": "the present or future"}


def summary_tense(points: list[str]) -> str | None:
    """The tense most points are in (ties: the first point's), or None."""
    tenses = [t for t in (point_tense(p) for p in points) if t]
    if not tenses:
        return None
    counts = Counter(tenses)
    if counts["past"] == counts["present"]:
        return tenses[0]
    return counts.most_common(1)[0][0]


# -- usual order --------------------------------------------------------------------------------


_SUBJECT_LEMMAS = frozenset({"project"})  # "the project" stands in for first person: it says nothing of order


def _positions(text: str) -> dict[str, float]:
    """Each content lemma's relative position in one summary (first occurrence)."""
    from synth.extract.sentences import stop_words

    pts = points_of(text)
    if len(pts) < 2:
        return {}
    stop = stop_words()
    out: dict[str, float] = {}
    for i, p in enumerate(pts):
        for lem in content_lemmas(p, stop):
            if lem not in _SUBJECT_LEMMAS:
                out.setdefault(lem, i / (len(pts) - 1))
    return out


def learn_order(texts: Iterable[str], min_support: int = ORDER_MIN_SUPPORT, min_share: float = 0.0) -> UsualOrder:
    """The usual order of a heading, from its summaries.

    Lemmas used by fewer than ``min_support`` summaries, or by less than
    ``min_share`` of them, are left out.
    """
    sums: dict[str, float] = defaultdict(float)
    counts: Counter[str] = Counter()
    n = 0
    for text in texts:
        pos = _positions(text)
        if pos:
            n += 1
        for lem, p in pos.items():
            sums[lem] += p
            counts[lem] += 1
    return _order_from(sums, counts, n, max(min_support, math.ceil(min_share * n)))


def _order_from(sums: Mapping[str, float], counts: Mapping[str, int], n: int, min_support: int) -> UsualOrder:
    kept = {lem: c for lem, c in counts.items() if c >= min_support}
    return UsualOrder({lem: sums[lem] / c for lem, c in kept.items()}, kept, n)


def _expected(point: str, order: UsualOrder | Mapping[str, float]) -> tuple[float | None, list[str]]:
    from synth.extract.sentences import stop_words

    positions = order.positions if isinstance(order, UsualOrder) else order
    support = order.support if isinstance(order, UsualOrder) else {}
    total = weight = 0.0
    used = []
    for surface, lem in dict(reversed(content_terms(point, stop_words()))).items():
        if lem not in positions or lem in _SUBJECT_LEMMAS:
            continue
        pos = positions[lem]
        w = support.get(lem, 1) * abs(pos - 0.5) * 2
        if w <= 0:
            continue
        total += w * pos
        weight += w
        used.append((surface, lem))
    if weight < ORDER_MIN_WEIGHT:
        return None, used
    return total / weight, used


# -- the check ------------------------------------------------------------------------------------


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sentence_counts(points: list[str]) -> list[int]:
    from synth.extract.sentences import sentences_of

    return [
        sum(1 for a, b in spans if any(ch.isalpha() for ch in text[a:b]))
        for text, spans in zip(points, sentences_of(points), strict=True)
    ]


def check_summary(
    text: str,
    *,
    heading_id: str | None = None,
    subject: str | None = None,
    usual_order: UsualOrder | Mapping[str, float] | None = None,
    word_limit: int = DEFAULT_POINT_WORDS,
    heading: str | None = None,
    title: str | None = None,
    _sentences: list[int] | None = None,
) -> list[Finding]:
    """The uniformity findings of one summary, in point order (an empty list: it passes).

    ``subject`` is what first person should become (the project's name or
    "the project"), used in the advice; ``usual_order`` enables the order rule;
    ``heading`` names the heading in messages (else ``heading_id``); first
    person inside ``title`` (the case's title: "Through Our Lens") or inside
    double quotes is not a finding.
    """
    if is_placeholder(text or ""):
        return [Finding("empty", (text or "").strip(), 0, "the summary is empty: write its key points, one per line")]
    pts = points_of(text)
    who = subject or "the project"
    where = heading or heading_id or "this heading"
    findings: list[Finding] = []
    counts = _sentences if _sentences is not None else _sentence_counts(pts)
    for i, p in enumerate(pts):
        n = i + 1
        words = first_person_words(p, [t for t in (title, subject) if t])
        if words:
            listed = ", ".join(f'"{w}"' for w in dict.fromkeys(words))
            findings.append(
                Finding("first_person", p, i, f"point {n} is in the first person ({listed}): write {who!r} instead")
            )
        filler = FILLER_RE.match(p)
        if filler:
            findings.append(
                Finding(
                    "filler",
                    p,
                    i,
                    f"point {n} opens with filler ({filler.group(0).strip()!r}): start with the point itself",
                )
            )
        if counts[i] > 1:
            findings.append(
                Finding(
                    "sentences",
                    p,
                    i,
                    f"point {n} holds {counts[i]} sentences: keep one sentence per point, or put each on its own line",
                )
            )
        if len(p.split()) > word_limit:
            findings.append(
                Finding(
                    "length",
                    p,
                    i,
                    f"point {n} has {len(p.split())} words, over the limit of {word_limit}: shorten it or split it",
                )
            )
    tenses = [point_tense(p) for p in pts]
    majority = summary_tense(pts)
    if majority and len({t for t in tenses if t}) > 1:
        for i, (p, t) in enumerate(zip(pts, tenses, strict=True)):
            if t and t != majority:
                past, now = tense_markers(p)
                markers = ", ".join(f'"{m}"' for m in dict.fromkeys(past if t == "past" else now))
                findings.append(
                    Finding(
                        "tense",
                        p,
                        i,
                        f"point {i + 1} is in {_TENSE_WORDS[t]} ({markers}) while the other points are in {_TENSE_WORDS[majority]}",
                    )
                )
    if usual_order is not None and len(pts) > 1:
        findings.extend(_order_findings(pts, usual_order, where))
    findings.sort(key=lambda f: (f.index, RULES.index(f.rule)))
    return findings


def _order_findings(pts: list[str], order: UsualOrder | Mapping[str, float], where: str) -> list[Finding]:
    expected = [_expected(p, order) for p in pts]
    out = []
    for j in range(1, len(pts)):
        ej, used_j = expected[j]
        if ej is None:
            continue
        for i in range(j):
            ei, used_i = expected[i]
            if ei is None or ei - ej < ORDER_MARGIN:
                continue
            positions = order.positions if isinstance(order, UsualOrder) else order
            early = min(used_j, key=lambda term: positions[term[1]])
            late = max(used_i, key=lambda term: positions[term[1]])
            out.append(
                Finding(
                    "order",
                    pts[j],
                    j,
                    f"point {j + 1} usually comes before point {i + 1} under {where}: other summaries put "
                    f'"{early[0].lower()}" early (at {positions[early[1]]:.0%}) and '
                    f'"{late[0].lower()}" late (at {positions[late[1]]:.0%})',
                )
            )
            break
    return out


def check_project(
    state: ProjectState,
    *,
    word_limit: int = DEFAULT_POINT_WORDS,
    subject: str | None = None,
    fields: Iterable[str] | None = None,
) -> dict[tuple[str, str], list[Finding]]:
    """Check every recorded summary of the extraction fields; each heading's usual order and tense come
    from the project's *other* summaries of that heading.

    Every checked (case, field) is a key; an empty list means the summary passes.
    Answers with no summary yet are not checked.
    """
    heading_ids = list(fields) if fields is not None else list(state.fields)
    out: dict[tuple[str, str], list[Finding]] = {}
    template = state.template
    for heading_id in heading_ids:
        keys = [(c, heading_id) for c in state.cases if (c, heading_id) in state.summaries]
        if not keys:
            continue
        texts = {k: state.summaries[k].text for k in keys}
        heading = template.heading(heading_id) if template else heading_id
        own = {k: _positions(t) for k, t in texts.items()}
        sums: dict[str, float] = defaultdict(float)
        counts: Counter[str] = Counter()
        for pos in own.values():
            for lem, p in pos.items():
                sums[lem] += p
                counts[lem] += 1
        n_ordered = sum(1 for pos in own.values() if pos)
        point_lists = {k: points_of(t) for k, t in texts.items()}
        flat = [p for k in keys for p in point_lists[k]]
        sentence_counts = iter(_sentence_counts(flat))
        tenses = {k: summary_tense(point_lists[k]) for k in keys}
        tense_counts = Counter(t for t in tenses.values() if t)
        for k in keys:
            pts = point_lists[k]
            counts_k = [next(sentence_counts) for _ in pts]
            mine = own[k]
            # the usual order from the other summaries, for this summary's own lemmas (all the check looks up)
            o_sums = {lem: sums[lem] - p for lem, p in mine.items()}
            o_counts = {lem: counts[lem] - 1 for lem in mine}
            others = n_ordered - (1 if mine else 0)
            support = max(ORDER_MIN_SUPPORT, math.ceil(ORDER_MIN_SHARE * others))
            order = _order_from(o_sums, o_counts, others, support)
            case = state.cases[k[0]]
            who = case.title if subject == "name" else (subject or "the project")
            findings = check_summary(
                texts[k],
                heading_id=heading_id,
                subject=who,
                usual_order=order if order.summaries >= ORDER_MIN_SUPPORT else None,
                word_limit=word_limit,
                heading=heading,
                title=case.title,
                _sentences=counts_k,
            )
            findings.extend(_heading_tense(k, pts, tenses, tense_counts, heading))
            findings.sort(key=lambda f: (f.index, RULES.index(f.rule)))
            out[k] = findings
    return out


def check_cell(
    state: ProjectState,
    case_id: str,
    heading_id: str,
    text: str | None = None,
    *,
    word_limit: int = DEFAULT_POINT_WORDS,
    subject: str | None = None,
) -> list[Finding]:
    """Check one (case, field) summary as :func:`check_project` would, for an editor showing findings live.

    ``text`` is the text being edited (default: the recorded summary). The
    heading's usual order and tense come from the project's other summaries of
    that heading; first person in the case's title is not a finding.
    """
    case = state.cases.get(case_id)
    if text is None:
        recorded = state.summaries.get((case_id, heading_id))
        text = recorded.text if recorded else ""
    others = [s.text for (c, f), s in state.summaries.items() if f == heading_id and c != case_id and c in state.cases]
    order = learn_order(others, ORDER_MIN_SUPPORT, ORDER_MIN_SHARE)
    template = state.template
    heading = template.heading(heading_id) if template else heading_id
    title = case.title if case else None
    findings = check_summary(
        text,
        heading_id=heading_id,
        subject=title if subject == "name" and title else (subject or "the project"),
        usual_order=order if order.summaries >= ORDER_MIN_SUPPORT else None,
        word_limit=word_limit,
        heading=heading,
        title=title,
    )
    if not is_placeholder(text):
        key = (case_id, heading_id)
        pts = points_of(text)
        tenses = {key: summary_tense(pts)}
        tense_counts = Counter(t for t in (summary_tense(points_of(o)) for o in others) if t)
        if tenses[key]:
            tense_counts[tenses[key]] += 1
        findings.extend(_heading_tense(key, pts, tenses, tense_counts, heading))
        findings.sort(key=lambda f: (f.index, RULES.index(f.rule)))
    return findings


def _heading_tense(key, pts, tenses, tense_counts, heading) -> list[Finding]:
    mine = tenses[key]
    if mine is None or not pts:
        return []
    others = tense_counts.copy()
    others[mine] -= 1
    total = others["past"] + others["present"]
    other = "present" if mine == "past" else "past"
    if total < 3 or others[other] / total < HEADING_TENSE_SHARE:
        return []
    return [
        Finding(
            "heading_tense",
            pts[0],
            0,
            f"this summary is in {_TENSE_WORDS[mine]} while {others[other]} of {total} other summaries under "
            f"{heading} are in {_TENSE_WORDS[other]}",
        )
    ]


def check_drafts(
    state: ProjectState,
    drafts: Iterable,
    *,
    word_limit: int = DEFAULT_POINT_WORDS,
    subject: str | None = None,
) -> dict[tuple[str, str], list[Finding]]:
    """Check suggestions as if they were accepted (over the summaries already recorded), without recording them.

    ``drafts`` are :class:`~synth.extract.summarise.SummarySuggestion`; the
    result has one key per draft, as :func:`check_project` would give once
    they are accepted.
    """
    import copy

    from synth.model import Summary

    drafts = list(drafts)
    trial = copy.copy(state)
    trial.summaries = dict(state.summaries)
    for d in drafts:
        trial.summaries[(d.case_id, d.heading_id)] = Summary(d.case_id, d.heading_id, d.text, "accepted", "machine")
    fields = list(dict.fromkeys(d.heading_id for d in drafts))
    results = check_project(trial, word_limit=word_limit, subject=subject, fields=fields)
    return {(d.case_id, d.heading_id): results.get((d.case_id, d.heading_id), []) for d in drafts}
