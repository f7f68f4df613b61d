"""Search across everything an analyst has written or read: answers, summaries, unplaced sections and memos.

Plain, case-insensitive matching of every word of the query (no NLP, so it is
instant and exact: what the analyst typed is what is found). Each hit says
where it is, so a face can open it in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from synth.browse import namer
from synth.state import ProjectState

CONTEXT = 40  # characters of text shown either side of a hit
PROGRESS_EVERY = 500  # cases read between two progress reports (and two looks at ``cancelled``)


@dataclass(frozen=True)
class Hit:
    """One place the query was found."""

    kind: str  # "answer", "summary", "unplaced" or "memo"
    case_id: str | None
    heading_id: str | None
    where: str  # the place, by name: "Green Minds · Purpose (summary)"
    start: int  # code points into that text
    end: int
    snippet: str
    memo_id: str | None = None


def _texts(
    state: ProjectState, progress: Callable[[int, int, str], None] | None = None
) -> Iterator[tuple[str, str | None, str | None, str, str, str | None]]:
    heading = state.template.heading if state.template else (lambda f: f)
    n = len(state.cases)
    for i, case in enumerate(state.cases.values()):
        if progress is not None and i % PROGRESS_EVERY == 0:
            progress(i, n, "cases read")
        for fid, text in case.fields.items():
            yield "answer", case.id, fid, f"{case.title} · {heading(fid)}", text, None
            summary = state.summaries.get((case.id, fid))
            if summary is not None:
                yield "summary", case.id, fid, f"{case.title} · {heading(fid)} (summary)", summary.text, None
        for u in case.unplaced:
            yield "unplaced", case.id, None, f"{case.title} · {u.heading} (unplaced)", u.text, None
    name = namer(state)
    for m in state.memos.values():
        about = "the project" if m.target == "project" else name(m.target)
        case_id = m.target[5:] if m.target.startswith("case:") else None
        heading_id = m.target[6:] if m.target.startswith("field:") else None
        yield "memo", case_id, heading_id, f"memo on {about}", m.text, m.id


def _snippet(text: str, start: int, end: int) -> str:
    a, b = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    body = " ".join(text[a:b].split())
    return ("…" if a else "") + body + ("…" if b < len(text) else "")


def search(
    state: ProjectState,
    query: str,
    limit: int = 200,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Hit]:
    """Every text holding all the query's words (case-insensitive), at the first word's first place.

    A query in double quotes is matched as one phrase. Hits come case by case (each answer, then its
    summary, then the case's unplaced sections), then memos; at most ``limit`` hits. ``progress``
    hears every few hundred cases read; when ``cancelled()`` turns true the hits so far are returned.
    """
    query = query.strip()
    if not query:
        return []
    words = [query[1:-1]] if len(query) > 1 and query.startswith('"') and query.endswith('"') else query.split()
    patterns = [re.compile(re.escape(w), re.IGNORECASE) for w in words if w]
    hits: list[Hit] = []
    looked = 0
    for kind, case_id, heading_id, where, text, memo_id in _texts(state, progress):
        looked += 1
        if cancelled is not None and looked % (PROGRESS_EVERY * 8) == 0 and cancelled():
            break
        found = [p.search(text) for p in patterns]
        if not text or not all(found):
            continue
        first = found[0]
        hits.append(Hit(kind, case_id, heading_id, where, first.start(), first.end(),
                        _snippet(text, first.start(), first.end()), memo_id))  # fmt: skip
        if len(hits) >= limit:
            break
    return hits
