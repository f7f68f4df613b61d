"""Suggested summaries: the key points of one project's answer under one heading.

The method asks for uniform summaries: key points in the same order, the same
tense, each point one sentence. This engine drafts them, extractively, so an
analyst can trust that nothing was made up. For each (case, field):

1. **Units.** The answer is cut into blocks at blank lines and list items, each
   block into sentences by spaCy (:func:`synth.nlp.get_nlp`; blank English plus
   the sentencizer, no tagger). A sentence longer than the point word limit is
   split only at safe places: a semicolon, or ``", and"`` followed by a new
   subject (``we``, ``the project``, ``participants``...), dropping the joining
   ``and``; otherwise it is kept whole and the uniformity check flags its
   length. A list item keeps a short lead-in in front of it ("Our aims were:
   reduce isolation"), and so do the pieces of a semicolon list opened by a
   label ("Barriers: x; y; and z" gives "Barriers: y").
2. **Scores.** Every unit of that field across *all* cases is weighed by TF-IDF
   over lemmatised content words and figures ("358", "63%"), documents being
   the cases' answers, so what is distinctive of this project under this heading rises and what every
   project says sinks. Each unit's score blends that distinctiveness (0.55),
   its centrality within its own answer (cosine to the rest of the answer,
   0.35: a TextRank-like vote against off-topic asides) and a small bonus for
   coming early (0.10). Very short units, questions and units over the word
   limit are discounted, lead-ins ending with a colon never chosen, and
   near-repeats of a chosen point skipped.
3. **Points.** The best ``points`` units are kept, in the order they appear in
   the answer. If they mix past with present tense, units in the minority
   tense are discounted a little and the choice made again, so the draft
   leans to one tense without dropping a much stronger point. Ties break by
   position, so the output is the same for the same input.
4. **Clean-up.** Leading filler is trimmed (``In addition,``, ``Additionally,``,
   ``It is worth noting that``, ``Overall,``... see :data:`FILLERS`), list
   markers and line breaks go, the first letter is capitalised and the point
   ends with a full stop.
5. **Subject.** First person becomes the project (see :func:`third_person_point`):

   - ``we``/``I`` -> the subject (``the project`` by default, or the case's
     title with ``subject="name"``); ``us``/``me`` -> the subject;
     ``our``/``my`` -> the subject's possessive (``the project's``);
     ``ours``/``mine`` -> ``the project's``; ``ourselves``/``myself`` -> ``itself``.
   - The first mention in a point names the subject; later subject and
     possessive mentions in the same point use ``it``/``its`` (``We found that
     we needed`` -> ``The project found that it needed``); ``us``/``me`` always
     name the subject (``people told us`` -> ``people told the project``).
   - The verb after a subject pronoun (skipping adverbs such as ``also``) is
     made to agree with a singular subject: ``are``/``am`` -> ``is``,
     ``were`` -> ``was``, ``have`` -> ``has``, ``do`` -> ``does``, contractions
     likewise (``we're`` -> ``is``, ``we've`` -> ``has``, ``we'll`` -> ``will``,
     ``we'd`` -> ``would``, or ``had`` before ``been``), and a present-tense base
     form takes ``-s``/``-es``/``-ies`` (``we run`` -> ``the project runs``).
     Past forms and modals (``ran``, ``could``) are left alone. ``all``/``both``
     right after ``we`` are dropped (``We all agreed`` -> ``The project agreed``).
   - Upper-case ``US`` (the country), words inside double quotes (a
     participant's own words) and the case's title ("Through Our Lens") are
     never touched.

   There is **no tense change**: mixed tense is reported by the uniformity
   check (:mod:`synth.extract.uniformity`) for the analyst to settle.

So every word of a suggested point is a word of the source answer, except the
subject words, the agreeing verb forms above, and the dropped filler. The
property is tested (tests/unit/test_summarise.py).
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import mul
from typing import TYPE_CHECKING

from synth.extract.person import AGREEMENT as AGREEMENT
from synth.extract.person import DEFAULT_SUBJECT, MARKER
from synth.extract.person import clean_point as clean_point
from synth.extract.person import third_person as third_person
from synth.extract.person import third_person_point as third_person_point
from synth.extract.person import trim_filler as trim_filler
from synth.extract.sentences import content_lemmas, sentences_of, stop_words
from synth.extract.sentences import content_terms as content_terms

if TYPE_CHECKING:
    from synth.state import ProjectState

ENGINE = "synth-keypoints"
ENGINE_VERSION = "1"

DEFAULT_POINTS = 3
DEFAULT_POINT_WORDS = 35  # the word limit of one point; the uniformity check uses the same default
LONG_PENALTY = 0.75  # a unit over the point word limit, kept whole, weighs this much less
TENSE_PENALTY = 0.85  # a unit in the minority tense of the chosen points weighs this much less
LEAD_WORDS = 12  # a list's lead-in ("Our aims were:") up to this long is kept in front of its items

Progress = Callable[[int, int, str], None]

_PLACEHOLDER = re.compile(r"^\W*(?:n/?a|none|nil|tbc|tbd|not applicable|no answer|-+|\.+)?\W*$", re.IGNORECASE)
_BLOCKS = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t]*(?:[-*•‣▪◦–]|\(?\d{1,2}[.)]|\(?[a-z]\))[ \t]+)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SEMICOLON = re.compile(r";\s+")
_LABEL = re.compile(r"^\s*([A-Z][\w'’-]*(?: [\w'’-]+){0,3}):\s")
_AND = re.compile(r"and\s+(?:also\s+)?", re.IGNORECASE)
_AND_SUBJECT = re.compile(
    r",\s+and\s+(?=(?:we|they|it|this|these|the|our|participants|staff|volunteers|partners|people)\b)",
    re.IGNORECASE,
)

_lock = threading.Lock()
_TENSES: dict[str, str | None] = {}  # surface word -> content lemma, or None for a stop word
_UNITS_CACHE: dict[str, tuple[Unit, ...]] = {}
_CACHE_LIMIT = 60_000


def forget() -> None:
    """Drop the cached units and tenses: a headless run drafts once (the TUI keeps them for the next draft)."""
    with _lock:
        _UNITS_CACHE.clear()
        _TENSES.clear()


@dataclass(frozen=True)
class SummarySuggestion:
    """A drafted summary of one answer: its key points, in source order, one sentence each.

    ``text`` is the points joined one per line: the form a Summary's text takes.
    ``sources`` holds, per point, the (start, end) code-point span of the
    answer it was drawn from, for showing the evidence beside the draft.
    """

    case_id: str
    heading_id: str
    points: tuple[str, ...]
    text: str
    engine: str
    engine_version: str
    sources: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Unit:
    """A candidate point: one sentence (or safe part of one) of an answer."""

    text: str
    start: int
    end: int
    index: int  # position within the answer
    lemmas: tuple[str, ...]  # content lemmas, for scoring
    words: int
    lead_in: bool  # ends with a colon: introduces a list, never a point
    lead: str = ""  # for a list item, the short lead-in it follows ("Our aims were:")


# -- segmentation ------------------------------------------------------------------


def is_placeholder(answer: str) -> bool:
    """An answer with nothing to summarise: empty, "N/A", "None", "-"..."""
    return not answer or not answer.strip() or bool(_PLACEHOLDER.match(answer.strip()))


def _blocks(text: str) -> list[tuple[int, str, bool]]:
    """Paragraphs and list items (offset, text, is an item); single line breaks become spaces (same length)."""
    out: list[tuple[int, str, bool]] = []
    text = text.replace("\r", " ")  # CRLF and CR line ends: same length, so offsets hold
    pos = 0
    for m in [*_BLOCKS.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        marker = MARKER.match(chunk)
        skip = marker.end() if marker else 0
        body = chunk[skip:].replace("\n", " ").replace("\r", " ").replace("\t", " ")
        if body.strip():
            out.append((pos + skip, body, marker is not None))
        if m:
            pos = m.end()
    return out


def _split_long(text: str, start: int, limit: int, lead: str = "") -> list[tuple[str, int, str]]:
    """Cut an over-long sentence at safe places (semicolons, ", and <subject>"); else keep it whole.

    Returns (piece, offset, lead): a semicolon list opened by a short label
    ("Barriers: x; y; and z") gives the later pieces that label as their lead,
    and a piece's opening "and" goes.
    """
    if len(text.split()) <= limit:
        return [(text, start, lead)]
    for pattern in (_SEMICOLON, _AND_SUBJECT):
        cuts = list(pattern.finditer(text))
        if not cuts:
            continue
        pieces: list[tuple[str, int]] = []
        pos = 0
        for m in cuts:
            pieces.append((text[pos : m.start()], start + pos))
            pos = m.end()
        pieces.append((text[pos:], start + pos))
        if all(len(p.split()) >= 5 for p, _ in pieces):
            label = _LABEL.match(pieces[0][0]) if pattern is _SEMICOLON else None
            out: list[tuple[str, int, str]] = []
            for n, (piece, at) in enumerate(pieces):
                conj = _AND.match(piece) if n else None
                if conj:
                    piece, at = piece[conj.end() :], at + conj.end()
                out.extend(_split_long(piece, at, limit, f"{label.group(1)}:" if label and n else lead))
            return out
    return [(text, start, lead)]


def segment(texts: Sequence[str], *, limit: int = DEFAULT_POINT_WORDS) -> list[tuple[Unit, ...]]:
    """The candidate units of each text (cached by text; one batched spaCy pass for the rest)."""
    # this call's results are kept here: clearing the shared cache below never drops them
    found = {t: hit for t in dict.fromkeys(texts) if (hit := _UNITS_CACHE.get(f"{limit}\x00{t}")) is not None}
    todo = [t for t in dict.fromkeys(texts) if t not in found]
    if todo:
        stop = stop_words()
        flat: list[tuple[int, int, str, bool]] = []  # (text number, block offset, block text, is an item)
        for n, text in enumerate(todo):
            flat.extend((n, off, body, item) for off, body, item in _blocks(text))
        per_text: list[list[Unit]] = [[] for _ in todo]
        leads = [""] * len(todo)
        spans = sentences_of([b for _, _, b, _ in flat], batch_size=512)
        for (n, off, block, item), sentences in zip(flat, spans, strict=True):
            units = per_text[n]
            if not item:
                leads[n] = ""
            for start_char, end_char in sentences:
                raw = block[start_char:end_char]
                if not raw.strip():
                    continue
                for piece, at, piece_lead in _split_long(raw, off + start_char, limit):
                    stripped = piece.strip()
                    if not any(ch.isalpha() for ch in stripped):
                        continue
                    lead = at + (len(piece) - len(piece.lstrip()))
                    units.append(
                        Unit(
                            text=stripped,
                            start=lead,
                            end=lead + len(stripped),
                            index=len(units),
                            lemmas=content_lemmas(stripped, stop),
                            words=len(stripped.split()),
                            lead_in=stripped.endswith(":"),
                            lead=piece_lead or (leads[n] if item else ""),
                        )
                    )
                    if stripped.endswith(":") and len(stripped.split()) <= LEAD_WORDS:
                        leads[n] = stripped
        with _lock:
            if len(_UNITS_CACHE) + len(todo) > _CACHE_LIMIT:
                _UNITS_CACHE.clear()
            for text, units in zip(todo, per_text, strict=True):
                found[text] = _UNITS_CACHE[f"{limit}\x00{text}"] = tuple(units)
    return [found[t] for t in texts]


# -- scoring and selection ------------------------------------------------------------


def _score_field(answers: list[tuple[Unit, ...]], limit: int = DEFAULT_POINT_WORDS) -> list[list[float]]:
    """Scores of every unit of one field's answers (one list per answer)."""
    df: Counter[str] = Counter()
    for units in answers:
        df.update({lem for u in units for lem in u.lemmas})
    n_docs = max(1, sum(1 for units in answers if units))
    idf = {t: math.log((1 + n_docs) / (1 + c)) + 1.0 for t, c in df.items()}
    raw: list[list[tuple[float, float, float]]] = []
    top = 0.0
    # plain dicts and sums over maps: the same additions in the same order as Counters and generators, faster
    for units in answers:
        vectors = []
        for u in units:
            tf: dict[str, int] = {}
            for t in u.lemmas:
                tf[t] = tf.get(t, 0) + 1
            vectors.append({t: c * idf[t] for t, c in tf.items()})
        whole: dict[str, float] = {}
        for vec in vectors:
            for t, v in vec.items():
                whole[t] = v + whole.get(t, 0)
        scored = []
        values = list(whole.values())
        whole_sq = sum(map(mul, values, values))
        for i, (u, vec) in enumerate(zip(units, vectors, strict=True)):
            distinct = sum(vec.values()) / math.sqrt(len(u.lemmas)) if u.lemmas else 0.0
            top = max(top, distinct)
            if len(units) > 1:
                # cosine of the unit with the rest of its answer, from the answer's totals
                dot = sum(map(mul, vec.values(), map(whole.__getitem__, vec)))
                values = list(vec.values())
                own = sum(map(mul, values, values))
                rest_sq = whole_sq - 2 * dot + own
                central = (dot - own) / math.sqrt(own * rest_sq) if own > 1e-12 and rest_sq > 1e-12 else 0.0
            else:
                central = 1.0
            scored.append((distinct, central, 1.0 / (1 + i)))
        raw.append(scored)
    out: list[list[float]] = []
    for units, scored in zip(answers, raw, strict=True):
        row = []
        for u, (distinct, central, early) in zip(units, scored, strict=True):
            score = 0.55 * (distinct / top if top else 0.0) + 0.35 * central + 0.10 * early
            if u.lead_in or not u.lemmas:
                score = -1.0
            else:
                if u.words < 5:
                    score *= 0.5
                if u.text.endswith("?"):
                    score *= 0.5
                if u.words > limit:
                    score *= LONG_PENALTY
            row.append(score)
        out.append(row)
    return out


def _choose(units: tuple[Unit, ...], scores: list[float], points: int) -> list[Unit]:
    """The best ``points`` units, not repeating each other, back in source order.

    When the best units mix past with present tense, units in the minority
    tense are discounted (:data:`TENSE_PENALTY`) and the choice made again, so
    a point of the same weight in the majority tense wins; a much stronger
    point still gets in, and the uniformity check names it.
    """
    if not units or points <= 0:
        return []
    chosen = _pick(units, scores, points)
    if len(chosen) > 1:
        from synth.extract.sentences import point_tense

        tenses = [_tense_of(units[i].text, point_tense) for i in chosen]
        found = [t for t in tenses if t]
        if len(set(found)) > 1:
            counts = Counter(found)
            best = max(chosen, key=lambda i: (scores[i], -i))
            majority = (
                counts.most_common(1)[0][0]
                if counts["past"] != counts["present"]
                else _tense_of(units[best].text, point_tense)
            )
            reach = min(scores[i] for i in chosen) * TENSE_PENALTY  # below this, nothing can get in
            adjusted = [
                sc * TENSE_PENALTY
                if sc >= reach and sc > 0 and _tense_of(u.text, point_tense) not in (None, majority)
                else sc
                for u, sc in zip(units, scores, strict=True)
            ]
            chosen = _pick(units, adjusted, points)
    return [units[i] for i in sorted(chosen)]


def _tense_of(text: str, point_tense) -> str | None:
    try:
        return _TENSES[text]
    except KeyError:
        tense = _TENSES[text] = point_tense(text) if len(_TENSES) < 200_000 else None
        return tense


def _pick(units: tuple[Unit, ...], scores: list[float], points: int) -> list[int]:
    order = sorted(range(len(units)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    for i in order:
        if len(chosen) >= points:
            break
        if scores[i] < 0:
            continue
        mine = set(units[i].lemmas)
        if any(_jaccard(mine, set(units[j].lemmas)) >= 0.6 for j in chosen):
            continue
        chosen.append(i)
    return chosen or [0]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# -- clean-up and first person ------------------------------------------------------------


# -- the engine ------------------------------------------------------------------------------


def _with_lead(unit: Unit) -> str:
    """A list item with its lead-in in front ("Our aims were: reduce isolation"), else the unit's text."""
    if not unit.lead:
        return unit.text
    return f"{unit.lead.rstrip(':').rstrip()}: {unit.text}"


def engine_version() -> str:
    """The engine version recorded with each suggestion: this engine's and the NLP pipeline's."""
    from synth.nlp import engine

    return f"{ENGINE_VERSION} ({engine()})"


def subject_for(title: str | None, subject: str | None) -> str:
    """The subject that replaces first person: ``"the project"``, or the case's title with ``"name"``."""
    if subject in (None, "", "project", DEFAULT_SUBJECT):
        return DEFAULT_SUBJECT
    if subject == "name":
        return (title or "").strip() or DEFAULT_SUBJECT
    return subject


def draft(
    answer: str,
    corpus: Iterable[str] = (),
    *,
    points: int = DEFAULT_POINTS,
    subject: str = DEFAULT_SUBJECT,
    limit: int = DEFAULT_POINT_WORDS,
    protect: Iterable[str] = (),
) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Draft the points of one answer; ``corpus`` holds the other answers under that heading (for IDF).

    ``protect`` lists names first person must not be changed in (the case's title).
    """
    if is_placeholder(answer):
        return (), ()
    others = [t for t in corpus if t and t != answer]
    segmented = segment([answer, *others], limit=limit)
    scores = _score_field(segmented, limit)
    chosen = _choose(segmented[0], scores[0], points)
    cleaned = [(clean_point(_with_lead(u), subject, protect), (u.start, u.end)) for u in chosen]
    cleaned = [(p, s) for p, s in cleaned if p]
    return tuple(p for p, _ in cleaned), tuple(s for _, s in cleaned)


def suggest_summaries(
    state: ProjectState,
    case_ids: Iterable[str] | None = None,
    heading_ids: Iterable[str] | None = None,
    points: int = DEFAULT_POINTS,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    subject: str | None = None,
    limit: int = DEFAULT_POINT_WORDS,
) -> list[SummarySuggestion]:
    """Draft a summary for each (case, field) with an answer: cases in import order, fields in extraction order.

    Scoring sees every case's answer under a field, whichever cases are asked
    for, so a suggestion does not depend on which others were requested.
    ``subject`` is ``None``/``"project"`` (first person -> "the project") or
    ``"name"`` (-> the case's title). Answers that are empty or a placeholder
    ("N/A") get no suggestion. Stops early, returning what it has, when
    ``cancelled()`` turns true.
    """
    fields = list(heading_ids) if heading_ids is not None else list(state.fields)
    wanted = list(state.cases) if case_ids is None else [c for c in case_ids if c in state.cases]
    wanted_set = set(wanted)
    all_cases = list(state.cases.values())
    total = len(wanted) * len(fields)
    done = 0
    version = engine_version() if total else ENGINE_VERSION
    found: dict[tuple[str, str], SummarySuggestion] = {}
    for heading_id in fields:
        if cancelled is not None and cancelled():
            break
        answers = [c.answer(heading_id) for c in all_cases]
        live = [i for i, a in enumerate(answers) if not is_placeholder(a)]
        if not any(all_cases[i].id in wanted_set for i in live):
            done += len(wanted)
            if progress:
                progress(done, total, heading_id)
            continue
        segmented = segment([answers[i] for i in live], limit=limit)
        scores = _score_field(segmented, limit)
        for k, i in enumerate(live):
            case = all_cases[i]
            if case.id not in wanted_set:
                continue
            chosen = _choose(segmented[k], scores[k], points)
            who = subject_for(case.title, subject)
            cleaned = [(clean_point(_with_lead(u), who, (case.title,)), (u.start, u.end)) for u in chosen]
            cleaned = [(p, s) for p, s in cleaned if p]
            if not cleaned:
                continue
            pts = tuple(p for p, _ in cleaned)
            found[(case.id, heading_id)] = SummarySuggestion(
                case_id=case.id,
                heading_id=heading_id,
                points=pts,
                text="\n".join(pts),
                engine=ENGINE,
                engine_version=version,
                sources=tuple(s for _, s in cleaned),
            )
        done += len(wanted)
        if progress:
            progress(done, total, heading_id)
    return [found[(c, f)] for c in wanted for f in fields if (c, f) in found]
