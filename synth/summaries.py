"""Recording summaries on the coding trail: accept a suggestion, edit it, or write by hand.

Each decision is one ``summary.recorded`` event whose payload keeps what the
report needs to say how much of the summarising the machine drafted and how
much people changed: the original ``answer``, the ``suggestion`` text with its
``engine`` and ``engine_version`` (null when written by hand), the final
``text``, the ``status`` (accepted | edited | written), ``origin`` (machine for
headless acceptances, else analyst), ``reviewed`` (False for machine drafts no
one has looked at) and a ``basis`` naming the suggestion it rested on.
:func:`summary_stats` folds those into the figures the report prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from synth.extract.summarise import SummarySuggestion
    from synth.project import Project
    from synth.state import ProjectState
    from synth.trail import Event


class SummaryError(ValueError):
    """A summary could not be recorded (unknown case or field); the message says which."""


@dataclass(frozen=True)
class SummarySettings:
    """The project's summary settings (``[settings]`` in synth.toml).

    ``summary_points``: key points per drafted summary (3); ``summary_point_words``:
    the word limit of one point, for drafting and the check (35);
    ``summary_subject``: what first person becomes, "project" ("the project")
    or "name" (the case's title).
    """

    points: int = 3
    point_words: int = 35
    subject: str | None = None


def summary_settings(project: Project) -> SummarySettings:
    """Read the summary settings of a project; a bad value is an error naming synth.toml."""
    settings = project.settings
    try:
        points = int(settings.get("summary_points", 3))
        words = int(settings.get("summary_point_words", 35))
    except (TypeError, ValueError):
        raise SummaryError(
            f"{project.path / 'synth.toml'}: summary_points and summary_point_words must be whole numbers"
        ) from None
    if points < 1 or words < 5:
        raise SummaryError(
            f"{project.path / 'synth.toml'}: summary_points must be 1 or more, summary_point_words 5 or more"
        )
    subject = settings.get("summary_subject")
    return SummarySettings(points, words, str(subject) if subject else None)


def draft(
    project: Project,
    case_ids: Iterable[str] | None = None,
    heading_ids: Iterable[str] | None = None,
    *,
    points: int | None = None,
    progress=None,
    cancelled=None,
) -> list[SummarySuggestion]:
    """:func:`~synth.extract.summarise.suggest_summaries` with the project's settings (points, word limit, subject)."""
    from synth.extract.summarise import suggest_summaries

    conf = summary_settings(project)
    return suggest_summaries(
        project.state,
        case_ids,
        heading_ids,
        points or conf.points,
        progress,
        cancelled,
        subject=conf.subject,
        limit=conf.point_words,
    )


def check(project: Project, fields: Iterable[str] | None = None) -> dict:
    """:func:`~synth.extract.uniformity.check_project` with the project's settings."""
    from synth.extract.uniformity import check_project

    conf = summary_settings(project)
    return check_project(project.state, word_limit=conf.point_words, subject=conf.subject, fields=fields)


def working_text(state: ProjectState, case_id: str, heading_id: str) -> tuple[str, str]:
    """The text themes work on for (case, field): ``(summary, "summary")`` if one is recorded, else ``(answer, "answer")``."""
    summary = state.summaries.get((case_id, heading_id))
    if summary is not None:
        return summary.text, "summary"
    case = state.cases.get(case_id)
    return (case.answer(heading_id) if case else ""), "answer"


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _check(state: ProjectState, case_id: str, heading_id: str) -> None:
    if case_id not in state.cases:
        raise SummaryError(f"no case {case_id!r} in project {state.name!r}")
    template = state.template
    if template is not None and heading_id not in template.heading_ids:
        raise SummaryError(
            f"no field {heading_id!r} in template {template.id!r} (known: {', '.join(template.heading_ids)})"
        )


def edit_ratio(before: str, after: str) -> float:
    """How much an edit changed a text: normalised Levenshtein distance, 0 unchanged .. 1 all new."""
    from rapidfuzz.distance import Levenshtein

    if before == after:
        return 0.0
    return round(Levenshtein.normalized_distance(before, after), 4)


def _payload(
    state: ProjectState,
    case_id: str,
    heading_id: str,
    text: str,
    status: str,
    *,
    suggestion: str | None,
    engine: str | None,
    engine_version: str | None,
    origin: str,
    reviewed: bool,
) -> dict:
    _check(state, case_id, heading_id)
    payload = {
        "case_id": case_id,
        "field_id": heading_id,
        "text": text,
        "status": status,
        "suggestion": suggestion,
        "engine": engine,
        "engine_version": engine_version,
        "answer": state.cases[case_id].answer(heading_id),
        "reviewed": reviewed,
        "origin": origin,
    }
    if suggestion is not None:
        payload["basis"] = {"engine": engine, "engine_version": engine_version, "suggestion": suggestion}
        payload["edit_ratio"] = edit_ratio(suggestion, text)
    return payload


def _accept_payload(state: ProjectState, s: SummarySuggestion, origin: str, reviewed: bool) -> dict:
    return _payload(
        state,
        s.case_id,
        s.heading_id,
        s.text,
        "accepted",
        suggestion=s.text,
        engine=s.engine,
        engine_version=s.engine_version,
        origin=origin,
        reviewed=reviewed,
    )


def accept(project: Project, suggestion: SummarySuggestion, *, origin: str = "analyst", reviewed: bool = True) -> Event:
    """Record a suggestion accepted unchanged (by an analyst unless ``origin="machine"``)."""
    return project.record("summary.recorded", **_accept_payload(project.state, suggestion, origin, reviewed))


def drafts_to_accept(state: ProjectState, drafts: Iterable[SummarySuggestion]) -> list[SummarySuggestion]:
    """The drafts ``summarise --accept`` records: those whose (case, heading) has no summary yet.

    A summary already on the trail is kept, never overwritten by a fresh draft.
    """
    return [d for d in drafts if (d.case_id, d.heading_id) not in state.summaries]


def accept_all(
    project: Project, suggestions: Iterable[SummarySuggestion], *, origin: str = "machine", reviewed: bool = False
) -> list[Event]:
    """Record many suggestions as accepted, in one commit (one undo takes them all back)."""
    events = [("summary.recorded", _accept_payload(project.state, s, origin, reviewed)) for s in suggestions]
    return project.commit(events) if events else []


def edit(
    project: Project, case_id: str, heading_id: str, text: str, suggestion: SummarySuggestion | None = None
) -> Event:
    """Record an analyst's text for (case, field), edited from a suggestion.

    The suggestion is the one given, else the one the current summary came from.
    With neither, the text counts as ``written``; a text identical to its
    suggestion counts as ``accepted``.
    """
    state = project.state
    _check(state, case_id, heading_id)
    text = _normalise(text)
    if suggestion is not None:
        base, engine, version = suggestion.text, suggestion.engine, suggestion.engine_version
    else:
        current = state.summaries.get((case_id, heading_id))
        base = current.suggestion if current else None
        engine = current.engine if current else None
        version = current.engine_version if current else None
    status = "written" if base is None else "accepted" if text == base else "edited"
    payload = _payload(
        state,
        case_id,
        heading_id,
        text,
        status,
        suggestion=base,
        engine=engine,
        engine_version=version,
        origin="analyst",
        reviewed=True,
    )
    return project.record("summary.recorded", **payload)


def write(project: Project, case_id: str, heading_id: str, text: str) -> Event:
    """Record a summary an analyst wrote by hand (no suggestion behind it)."""
    payload = _payload(
        project.state,
        case_id,
        heading_id,
        _normalise(text),
        "written",
        suggestion=None,
        engine=None,
        engine_version=None,
        origin="analyst",
        reviewed=True,
    )
    return project.record("summary.recorded", **payload)


def review(project: Project, case_id: str, heading_id: str) -> Event:
    """Mark a machine-drafted summary as looked at and kept by the analyst (text unchanged)."""
    current = project.state.summaries.get((case_id, heading_id))
    if current is None:
        raise SummaryError(f"no summary recorded for {case_id}/{heading_id}")
    payload = _payload(
        project.state,
        case_id,
        heading_id,
        current.text,
        current.status,
        suggestion=current.suggestion,
        engine=current.engine,
        engine_version=current.engine_version,
        origin="analyst",
        reviewed=True,
    )
    return project.record("summary.recorded", **payload)


def clear(project: Project, case_id: str, heading_id: str) -> Event:
    """Take a summary away, so themes work on the answer again."""
    _check(project.state, case_id, heading_id)
    return project.record("summary.cleared", case_id=case_id, field_id=heading_id)


# -- the figures the report prints ---------------------------------------------------------


@dataclass
class SummaryStats:
    """How the summaries came to be.

    ``accepted``: machine suggestions kept unchanged; ``edited``: suggestions an
    analyst changed; ``written``: by hand. ``machine_drafted`` = accepted +
    edited (began as a suggestion). ``machine_unreviewed``: accepted headlessly
    and not looked at since. ``mean_edit_ratio``: over edited summaries, the
    mean normalised edit distance from suggestion to final text (0..1);
    ``changed_share``: the same over every machine-drafted summary (unchanged = 0).
    ``unsummarised``: answered extraction fields with no summary yet.
    """

    total: int = 0
    accepted: int = 0
    edited: int = 0
    written: int = 0
    machine_drafted: int = 0
    machine_origin: int = 0
    machine_unreviewed: int = 0
    mean_edit_ratio: float = 0.0
    changed_share: float = 0.0
    unsummarised: int = 0
    engines: dict[str, int] = field(default_factory=dict)
    by_field: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def summary_stats(state: ProjectState) -> SummaryStats:
    """Counts of accepted-unchanged, edited and hand-written summaries, and how much edits changed."""
    from synth.extract.summarise import is_placeholder

    stats = SummaryStats()
    ratios: list[float] = []
    for (case_id, heading_id), s in state.summaries.items():
        if case_id not in state.cases:
            continue
        stats.total += 1
        per = stats.by_field.setdefault(heading_id, {"accepted": 0, "edited": 0, "written": 0, "machine_unreviewed": 0})
        status = s.status if s.status in ("accepted", "edited", "written") else "written"
        setattr(stats, status, getattr(stats, status) + 1)
        per[status] += 1
        if s.suggestion is not None and status != "written":
            stats.machine_drafted += 1
            ratios.append(edit_ratio(s.suggestion, s.text))
            name = f"{s.engine} {s.engine_version}".strip()
            stats.engines[name] = stats.engines.get(name, 0) + 1
        if s.origin == "machine":
            stats.machine_origin += 1
            if not s.reviewed:
                stats.machine_unreviewed += 1
                per["machine_unreviewed"] += 1
    edited = [r for r in ratios if r > 0]
    stats.mean_edit_ratio = round(sum(edited) / len(edited), 4) if edited else 0.0
    stats.changed_share = round(sum(ratios) / len(ratios), 4) if ratios else 0.0
    for case_id, case in state.cases.items():
        for heading_id in state.fields:
            if (case_id, heading_id) not in state.summaries and not is_placeholder(case.answer(heading_id)):
                stats.unsummarised += 1
    return stats
