"""The event kinds of step 2, summaries: a summary of one heading of one case recorded (accepted,
edited or written) or cleared.
"""

from typing import NotRequired

from synth.events.kind import Common, EventKind
from synth.events.project_state import ProjectState
from synth.events.record import Event
from synth.model import Summary


def _summary_recorded(s: ProjectState, e: Event) -> None:
    p = e.payload
    s.summaries[(p["case_id"], p["field_id"])] = Summary(
        case_id=p["case_id"],
        heading_id=p["field_id"],
        text=p["text"],
        status=p["status"],
        origin=p.get("origin", "analyst"),
        suggestion=p.get("suggestion"),
        engine=p.get("engine"),
        engine_version=p.get("engine_version"),
        analyst=e.analyst,
        reviewed=p.get("reviewed", True),
    )


def _summary_cleared(s: ProjectState, e: Event) -> None:
    s.summaries.pop((e.payload["case_id"], e.payload["field_id"]), None)


class SummaryRecorded(Common):
    case_id: str
    field_id: str
    text: str
    status: str  # accepted | edited | written
    suggestion: NotRequired[str | None]  # the machine draft it started from
    engine: NotRequired[str | None]
    engine_version: NotRequired[str | None]
    answer: NotRequired[object]
    reviewed: NotRequired[bool]
    edit_ratio: NotRequired[float]  # how far an edit moved from the draft (0: not at all)


class SummaryCleared(Common):
    case_id: str
    field_id: str


KINDS = (
    EventKind(
        "summary.recorded",
        SummaryRecorded,
        "a heading's summary for one case: its text, how it came (accepted, edited, written) and its engine",
        "{case_id!n}/{field_id}: summary {status}: {text!t}",
        _summary_recorded,
    ),
    EventKind(
        "summary.cleared",
        SummaryCleared,
        "a heading's summary for one case taken away",
        "{case_id!n}/{field_id}: summary cleared",
        _summary_cleared,
    ),
)
