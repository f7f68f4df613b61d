"""Definitions and prose a report drafts from the project's data, each marked as a machine draft.

A definition comes, in order of trust, from the analyst (the theme's or
general theme's own definition), from the codebook the analysts brought (an
entry of the same name), or is drafted here from what the theme rests on: its
heading, the projects behind it and its shortest piece of evidence. A draft
says so wherever it appears (:data:`DRAFT_MARK`), so a reader never takes
synth's wording for an analyst's.

The Discussion and Conclusions of the report are drafted here too
(:func:`discussion_draft`, :func:`conclusions_draft`), as plain paragraphs
from the final general themes; an analyst replaces them with their own text
(``synth write``), which the report then prints unmarked.
"""

from __future__ import annotations

from dataclasses import dataclass

from synth.report.gather import GeneralEntry, Quote, ReportData, ThemeEntry

DRAFT_MARK = "machine draft"
QUOTE_WORDS = 30


@dataclass(frozen=True)
class Definition:
    """A definition's text and where it came from: ``analyst``, ``codebook`` or :data:`DRAFT_MARK`."""

    text: str
    source: str

    @property
    def drafted(self) -> bool:
        return self.source == DRAFT_MARK

    def marked(self) -> str:
        """The text as a workbook cell shows it: a draft starts ``(machine draft)``."""
        return f"({DRAFT_MARK}) {self.text}" if self.drafted else self.text


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def in_prose(label: str) -> str:
    """A label as it reads inside a sentence: "Volunteer recruitment" -> "volunteer recruitment", "WEMWBS" kept."""
    words = label.split()
    if not words:
        return label
    first = words[0]
    keep = any(w[:1].isupper() for w in words[1:]) or (len(first) > 1 and first[1:2].isupper())
    return label if keep else first[:1].lower() + first[1:] + label[len(first) :]


def listing(items: list[str], conj: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conj} {items[-1]}"


def shortest_quote(quotes: tuple[Quote, ...] | list[Quote], words: int = QUOTE_WORDS) -> Quote | None:
    """The most quotable piece of evidence: the shortest with at least four words (else the shortest)."""
    if not quotes:
        return None
    usable = [q for q in quotes if len(q.text.split()) >= 4] or list(quotes)
    return min(usable, key=lambda q: (len(q.text.split()) > words, len(q.text), q.case_title))


def clip(text: str, words: int = QUOTE_WORDS) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def _codebook(data: ReportData, label: str, heading: str | None) -> str:
    for entry in data.codebook:
        if _norm(entry.name) == _norm(label) and entry.definition.strip() and entry.heading in (None, heading):
            return entry.definition.strip()
    return ""


def theme_definition(data: ReportData, t: ThemeEntry) -> Definition:
    """The theme's definition: the analyst's, else the codebook's, else drafted from its heading and evidence."""
    if t.theme.definition.strip():
        return Definition(t.theme.definition.strip(), "analyst")
    from_codebook = _codebook(data, t.theme.label, t.theme.heading)
    if from_codebook:
        return Definition(from_codebook, "codebook")
    n, total = len(t.projects), len(data.cases)
    text = (
        f"What projects say about {in_prose(t.theme.label)} when they describe their "
        f"{in_prose(t.heading)} ({n} of {total} projects)."
    )
    q = shortest_quote(t.quotes)
    if q is not None:
        text += f" For example: “{clip(q.text)}” ({q.case_title})."
    return Definition(text, DRAFT_MARK)


def general_definition(data: ReportData, g: GeneralEntry) -> Definition:
    """The general theme's definition: the analyst's, else the codebook's, else drafted from its members."""
    if g.general.definition.strip():
        return Definition(g.general.definition.strip(), "analyst")
    from_codebook = _codebook(data, g.general.label, None)
    if from_codebook:
        return Definition(from_codebook, "codebook")
    headings = [in_prose(data.heading(h)) for h in g.headings]
    members = [m.theme.label for m in g.members]
    text = (
        f"{g.general.label} as it recurs across the case studies: under {listing(headings) or 'no heading'}, "
        f"in {len(g.projects)} of {len(data.cases)} projects."
    )
    if members:
        text += f" It brings together the themes {listing([f'“{m}”' for m in members])}."
    return Definition(text, DRAFT_MARK)


# -- the Discussion and Conclusions, drafted ---------------------------------------------


def _support_phrase(n: int, total: int) -> str:
    if total and n == total:
        return f"every one of the {total} projects"
    if total and n * 2 > total:
        return f"most projects ({n} of {total})"
    if total and n * 4 >= total:
        return f"a substantial minority of projects ({n} of {total})"
    return f"a few projects ({n} of {total})"


def general_paragraph(data: ReportData, g: GeneralEntry) -> str:
    """A narrative paragraph on one general theme: its support, where it comes from, and its best evidence."""
    total = len(data.cases)
    headings = [in_prose(data.heading(h)) for h in g.headings]
    label = g.general.label
    parts = [
        f"{label} was raised by {_support_phrase(len(g.projects), total)}, "
        f"across {len(g.headings)} heading{'s' if len(g.headings) != 1 else ''} "
        f"({listing(headings) or 'none'})."
    ]
    members = sorted(g.members, key=lambda m: -len(m.projects))
    if members:
        described = [
            f"{in_prose(m.theme.label)} under {in_prose(m.heading)} ({len(m.projects)} project"
            f"{'s' if len(m.projects) != 1 else ''})"
            for m in members[:4]
        ]
        more = f", among {len(members)} themes in all" if len(members) > 4 else ""
        parts.append(f"It shows as {listing(described)}{more}.")
    quotes = [q for m in members for q in m.quotes]
    by_case: dict[str, Quote] = {}
    for m in members:
        q = shortest_quote(m.quotes)
        if q is not None and q.case_id not in by_case and len(by_case) < 2:
            by_case[q.case_id] = q
    if by_case:
        cited = [f"“{clip(q.text, 25)}” ({q.case_title})" for q in by_case.values()]
        parts.append(f"In the projects' words: {listing(cited, 'and')}.")
    elif not quotes:
        parts.append("No coded evidence sits under it yet.")
    return " ".join(parts)


def discussion_draft(data: ReportData) -> str:
    """The Discussion, drafted: an opening, then one paragraph per final general theme, most supported first."""
    if not data.generals:
        return (
            "No general themes have been collated yet, so there is nothing to discuss across the headings. "
            "The findings by heading above stand on their own."
        )
    ranked = sorted(data.generals, key=lambda g: (-len(g.projects), -len(g.headings), g.general.label.casefold()))
    total = len(data.cases)
    wide = [g for g in ranked if total and len(g.projects) * 2 > total]
    opening = (
        f"This synthesis of {total} case studies arrived at {len(ranked)} general "
        f"theme{'s' if len(ranked) != 1 else ''}. "
    )
    if wide:
        opening += (
            f"{len(wide)} of them {'is' if len(wide) == 1 else 'are'} shared by most projects "
            f"({listing([in_prose(g.general.label) for g in wide[:5]])}"
            f"{' and others' if len(wide) > 5 else ''}); the rest rest on fewer projects and are read as "
            "patterns worth testing rather than findings."
        )
    else:
        opening += "None is shared by most projects; each is read as a pattern worth testing rather than a finding."
    return "\n\n".join([opening, *(general_paragraph(data, g) for g in ranked)])


def conclusions_draft(data: ReportData) -> str:
    """The Conclusions, drafted: what the evidence most supports, what it supports thinly, and its limits."""
    total = len(data.cases)
    if not data.generals:
        return f"With no general themes collated, no conclusion across the {total} case studies can be drawn yet."
    ranked = sorted(data.generals, key=lambda g: (-len(g.projects), g.general.label.casefold()))
    strong = [g for g in ranked if total and len(g.projects) * 2 > total]
    thin = [g for g in ranked if g not in strong]
    paras = []
    if strong:
        paras.append(
            f"The case studies most consistently point to {listing([in_prose(g.general.label) for g in strong[:6]])}"
            f"{' among others' if len(strong) > 6 else ''}: each is found in more than half of the {total} projects "
            "and under more than one heading, so it describes how these projects work rather than one project's story."
        )
    if thin:
        paras.append(
            f"{listing([g.general.label for g in thin[:6]])}{' and others' if len(thin) > 6 else ''} "
            f"{'rests' if len(thin) == 1 else 'rest'} on fewer projects; "
            f"{'it is a lead' if len(thin) == 1 else 'they are leads'} for further work rather than "
            f"{'a conclusion' if len(thin) == 1 else 'conclusions'}."
        )
    s = data.stats
    unreviewed = len(s.unreviewed_themes) + len(s.unreviewed_generals) + len(s.unreviewed_summaries)
    limits = (
        "These conclusions rest on what project teams chose to write in their case study forms, "
        "summarised and coded as recorded in the coding trail."
    )
    if unreviewed:
        limits += f" {unreviewed} items were drafted by synth and not reviewed by an analyst, so they are provisional."
    paras.append(limits)
    return "\n\n".join(paras)
