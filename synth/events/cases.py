"""The event kinds of the case studies: a case imported, a section moved to another heading, a case
removed.
"""

from dataclasses import replace
from typing import NotRequired, TypedDict

from synth.events.kind import Common, EventKind
from synth.events.payloads import case_from_dict
from synth.events.project_state import ProjectState
from synth.events.record import Event
from synth.model import FieldMatch, Unplaced


def _case_imported(s: ProjectState, e: Event) -> None:
    case = case_from_dict(e.payload["case"])
    s.cases[case.id] = case


def _case_remapped(s: ProjectState, e: Event) -> None:
    p = e.payload
    case = s.cases.get(p["case_id"])
    if case is None:
        return
    fields = dict(case.fields)
    matches = dict(case.matches)
    unplaced = list(case.unplaced)
    source, target, heading = p.get("from"), p.get("to"), p.get("heading", "")
    if source is None:
        text = p.get("text", "")
        for i, u in enumerate(unplaced):
            if u.heading == heading:
                text = u.text
                del unplaced[i]
                break
    else:
        text = fields.pop(source, p.get("text", ""))
        old = matches.pop(source, None)
        heading = old.heading if old else heading
    if target is None:
        unplaced.append(Unplaced(heading, text))
    else:
        fields[target] = f"{fields[target]}\n\n{text}" if fields.get(target) else text
        matches[target] = FieldMatch(target, heading, 1.0, "manual")
    s.cases[case.id] = replace(case, fields=fields, matches=matches, unplaced=tuple(unplaced))


def _case_removed(s: ProjectState, e: Event) -> None:
    case_id = e.payload["case_id"]
    s.cases.pop(case_id, None)
    for key in [k for k in s.summaries if k[0] == case_id]:
        del s.summaries[key]
    for cid in [c.id for c in s.codings.values() if c.case_id == case_id]:
        del s.codings[cid]
    for t in list(s.themes.values()):
        if case_id in t.case_ids:
            s.themes[t.id] = replace(t, case_ids=t.case_ids - {case_id})


class CaseImported(Common):
    case: dict  # see synth.state.case_to_dict
    matching: NotRequired[list]  # how each heading was matched to a field (the import's decisions)
    title_from: NotRequired[str | None]  # where the title was read from


#: "from" is a keyword, so the payload's own keys are declared in the functional form.
_Remap = TypedDict(
    "_Remap",
    {
        "case_id": str,
        "heading": str,  # the section's heading in the case's file
        "from": str | None,  # the field id it leaves, or None: an unplaced section
        "to": str | None,  # the field id it goes to, or None: make it unplaced
        "text": str,
    },
)


class CaseRemapped(_Remap, Common):
    """A section of a case moved to another heading."""


class CaseRemoved(Common):
    case_id: str  # its summaries and codings go too


KINDS = (
    EventKind(
        "case.imported",
        CaseImported,
        "a case study read from its file: its fields, how headings matched, what stayed unplaced",
        "imported {case[title]!r} from {case[source]}",
        _case_imported,
    ),
    EventKind(
        "case.remapped",
        CaseRemapped,
        "a section of a case moved to another heading, or out to the unplaced sections",
        lambda p, n: (
            f"{n(p['case_id'])}: moved {p.get('heading') or p.get('from')!r} from {p.get('from') or 'unplaced'} "
            f"to {p.get('to') or 'unplaced'}"
        ),
        _case_remapped,
    ),
    EventKind("case.removed", CaseRemoved, "a case study taken out", "removed case {case_id!n}", _case_removed),
)
