"""Re-mapping: move one section of a case study to another heading, or leave it unplaced.

An import places each section of a form under a heading of the template (or leaves it
unplaced); the analyst corrects a wrong placement here. One command, one ``case.remapped``
event, checked and written under the project's write lock, for the CLI and the TUI alike.
"""

from __future__ import annotations

from synth.model import CaseStudy
from synth.project import under_lock
from synth.trail import Event

#: a section of a case: the answer under a heading (its field id), or an unplaced section (its position)
Section = str | int


class RemapError(Exception):
    """A re-map cannot be done as asked (unknown case, heading or section); the message says why."""


def find_case(project, case_id: str) -> CaseStudy:
    """The case ``case_id`` of the project, or :class:`RemapError`."""
    case = project.state.cases.get(case_id)
    if case is None:
        raise RemapError(f"no case {case_id!r} in {project.path}")
    return case


def find_section(case: CaseStudy, name: str) -> Section:
    """A section named as an analyst would: a heading's field id with an answer, else an unplaced section's heading."""
    if case.fields.get(name, "").strip():
        return name
    for i, u in enumerate(case.unplaced):
        if u.heading == name:
            return i
    have = [f for f, text in case.fields.items() if text.strip()] + [repr(u.heading) for u in case.unplaced]
    raise RemapError(f"{case.id}: no section {name!r} (sections: {', '.join(have) or 'none'})")


def remap_payload(project, case_id: str, section: Section, to: str | None) -> dict:
    """The ``case.remapped`` payload moving ``section`` of a case to the heading ``to`` (None: leave it unplaced)."""
    case = find_case(project, case_id)
    template = project.state.template
    known = list(template.heading_ids) if template else []
    if to is not None and to not in known:
        raise RemapError(f"no heading {to!r} in {project.path} (known: {', '.join(known)})")
    if isinstance(section, int):
        if not 0 <= section < len(case.unplaced):
            raise RemapError(f"{case.id}: no unplaced section {section} (it has {len(case.unplaced)})")
        if to is None:
            raise RemapError(f"{case.id}: {case.unplaced[section].heading!r} is unplaced already")
        u = case.unplaced[section]
        return {"case_id": case.id, "heading": u.heading, "from": None, "to": to, "text": u.text}
    if not case.fields.get(section, "").strip():
        raise RemapError(f"{case.id}: no answer under {section!r} to move")
    if to == section:
        raise RemapError(f"{case.id}: the answer is under {section!r} already")
    match = case.matches.get(section)
    heading = match.heading if match else (template.heading(section) if template else section)
    return {"case_id": case.id, "heading": heading, "from": section, "to": to, "text": case.fields.get(section, "")}


@under_lock
def remap(project, case_id: str, section: Section, to: str | None) -> Event:
    """Move ``section`` of the case ``case_id`` under the heading ``to`` (None: leave it unplaced); one undoable event.

    ``section``: a heading's field id (the answer the import placed there), or the position of an
    unplaced section in ``case.unplaced`` (:func:`find_section` turns a name into one). The text moved
    joins any answer already under ``to``, matched by hand (``manual``).
    """
    return project.record("case.remapped", **remap_payload(project, case_id, section, to))
