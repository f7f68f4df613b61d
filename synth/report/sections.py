"""Report sections an analyst writes: the Discussion, the Conclusions, a general theme's narrative.

Until an analyst writes one, the report prints synth's draft of it
(:mod:`synth.report.drafts`), drafted afresh from the project's data each time
and marked as a machine draft. Writing a section is a trail event,
``report.section_written`` (section id, text, the text it replaced), so the
report of any past moment (``--as-of``) shows the prose of that moment, and
undo takes an edit back. Writing empty text returns the section to the draft.

Section ids: ``discussion``, ``conclusions``, and ``general:<id>`` for the
narrative paragraph of one general theme (ids as ``synth themes --json`` and
the workbook show them).
"""

from __future__ import annotations

from synth.report.drafts import conclusions_draft, discussion_draft, general_paragraph
from synth.report.gather import ReportData

SECTIONS = ("discussion", "conclusions")
#: The longest section text accepted, in characters (a long Discussion is some 3,000 words).
MAX_CHARS = 200_000


class SectionError(ValueError):
    """A section id or text that cannot be written; the message is one line."""


def check_section(state, section: str) -> str:
    """The section id, checked against the project: a known section, or ``general:<id>`` of a general theme."""
    section = section.strip()
    if section in SECTIONS:
        return section
    kind, _, ident = section.partition(":")
    if kind == "general" and ident:
        if ident in state.general_themes:
            return section
        by_label = [g.id for g in state.general_themes.values() if g.label.casefold() == ident.casefold()]
        if len(by_label) == 1:
            return f"general:{by_label[0]}"
        raise SectionError(f"no general theme {ident!r} (give its id, as 'synth themes --json' shows, or its label)")
    raise SectionError(f"unknown report section {section!r} (choose discussion, conclusions or general:<id>)")


def write_section(project, section: str, text: str):
    """Record the analyst's text for ``section`` (empty text: back to synth's draft); returns the event."""
    section = check_section(project.state, section)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_CHARS:
        raise SectionError(f"the {section} text is {len(text):,} characters; the limit is {MAX_CHARS:,}")
    if "\x00" in text:
        raise SectionError(f"the {section} text holds a NUL character; is it a text file?")
    previous = project.state.report_sections.get(section)
    if previous is None and not text:
        raise SectionError(f"the {section} is already synth's draft; nothing to clear")
    if previous is not None and previous.text == text:
        raise SectionError(f"the {section} already reads exactly so; nothing recorded")
    return project.record(
        "report.section_written",
        section=section,
        text=text,
        previous=previous.text if previous else None,
        origin="analyst",
    )


def draft(data: ReportData, section: str) -> str:
    """synth's draft of a section, from the report's data."""
    if section == "discussion":
        return discussion_draft(data)
    if section == "conclusions":
        return conclusions_draft(data)
    ident = section.partition(":")[2]
    for g in data.generals:
        if g.general.id == ident:
            return general_paragraph(data, g)
    raise SectionError(f"no general theme {ident!r} in this report")


def section_text(data: ReportData, section: str) -> tuple[str, object | None]:
    """The text a section prints and the analyst's :class:`~synth.state.ReportSection` (None: the draft)."""
    written = data.sections.get(section)
    if written is not None:
        return written.text, written
    return draft(data, section), None
