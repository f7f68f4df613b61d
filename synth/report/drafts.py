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
from synth.report.text import esc

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
    # a whole sentence (capital first) reads better than a fragment cut from one
    return min(usable, key=lambda q: (not q.text[:1].isupper(), len(q.text.split()) > words, len(q.text), q.case_title))


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
    n, total = len(t.case_ids), len(data.cases)
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
    members = list(dict.fromkeys(m.theme.label for m in g.members))  # one label under four headings, once
    text = (
        f"{g.general.label} as it recurs across the case studies: under {listing(headings) or 'no heading'}, "
        f"in {len(g.case_ids)} of {len(data.cases)} projects."
    )
    if members:
        text += f" It brings together the themes {listing([f'“{m}”' for m in members])}."
    return Definition(text, DRAFT_MARK)


# -- the Discussion and Conclusions, drafted ---------------------------------------------
#
# These return Markdown: every piece of project text in them passes through the report's
# esc(), so a case study cannot add markup to the report through a draft.


def _esc(text: str) -> str:

    return esc(text)


def _support_phrase(n: int, total: int) -> str:
    if total and n == total:
        return f"every one of the {total} projects"
    if total and n * 2 > total:
        return f"most projects ({n} of {total})"
    if total and n * 4 >= total:
        return f"a substantial minority of projects ({n} of {total})"
    return f"a few projects ({n} of {total})"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _quotes(members, limit: int) -> list[Quote]:
    """The most quotable piece of evidence of each member theme, one per project, up to ``limit``."""
    by_case: dict[str, Quote] = {}
    for m in members:
        q = shortest_quote(m.quotes)
        if q is not None and q.case_id not in by_case and len(by_case) < limit:
            by_case[q.case_id] = q
    return list(by_case.values())


def _cited(quotes: list[Quote], words: int = 25) -> str:
    return listing([f"“{_esc(clip(q.text, words))}” ({_esc(q.case_title)})" for q in quotes])


def general_paragraph(data: ReportData, g: GeneralEntry) -> str:
    """The narrative of one general theme (Markdown): how it shows under each heading, in the projects' words."""
    members = sorted(g.members, key=lambda m: -len(m.case_ids))
    if not members:
        return f"{_esc(g.general.label)} has no member themes left, so no evidence sits under it."
    described = [
        f"{_esc(in_prose(m.theme.label))} under {_esc(in_prose(m.heading))} ({_plural(len(m.case_ids), 'project')})"
        for m in members[:4]
    ]
    more = f", among {len(members)} themes in all" if len(members) > 4 else ""
    parts = [f"Across the headings, {_esc(in_prose(g.general.label))} shows as {listing(described)}{more}."]
    quotes = _quotes(members, 2)
    if quotes:
        parts.append(f"In the projects' words: {_cited(quotes)}.")
    else:
        parts.append("No coded evidence sits under it yet.")
    return " ".join(parts)


def _overlap(data: ReportData, g: GeneralEntry) -> str:
    """The general theme whose projects overlap most with this one's, as a sentence (or "")."""
    mine = set(g.case_ids)
    best, shared, closest = None, 0, 0.0
    for other in data.generals:
        if other is g:
            continue
        theirs = set(other.case_ids)
        n = len(mine & theirs)
        jaccard = n / len(mine | theirs) if mine | theirs else 0.0  # not simply the biggest theme every time
        if jaccard > closest:
            best, shared, closest = other, n, jaccard
    if best is None or shared < 2 or closest < 0.4:
        return ""
    return (
        f"Its projects overlap most with those of {_esc(best.general.label)} "
        f"({shared} of its {len(mine)} projects raise both)."
    )


def _member_list(g: GeneralEntry) -> str:
    """“Volunteers” (under overview and participants), “Volunteers and champion” (under enablers and barriers)."""
    by_label: dict[str, list[str]] = {}
    for m in g.members:
        by_label.setdefault(m.theme.label, []).append(in_prose(m.heading))
    return listing(
        [f"“{_esc(label)}” (under {_esc(listing(list(dict.fromkeys(hs))))})" for label, hs in by_label.items()]
    )


def discussion_paragraph(data: ReportData, g: GeneralEntry) -> str:
    """One general theme in the Discussion (Markdown): definition, support, headings, evidence, its nearest theme."""
    total = len(data.cases)
    headings = [in_prose(data.heading(h)) for h in g.headings]
    definition = general_definition(data, g)
    parts = [f"**{_esc(g.general.label)}.**"]
    if not definition.drafted:
        parts.append(f"Defined as: {_esc(definition.text.rstrip('.'))}.")
    elif g.members:
        parts.append(f"It brings together {_member_list(g)}.")
    parts.append(
        f"It was raised by {_support_phrase(len(g.case_ids), total)}, under "
        f"{_plural(len(g.headings), 'heading')} ({_esc(listing(headings) or 'none')})."
    )
    overlap = _overlap(data, g)
    if overlap:
        parts.append(overlap)
    quotes = _quotes(sorted(g.members, key=lambda m: -len(m.case_ids)), 1)
    if quotes:
        parts.append(f"For example: {_cited(quotes, 30)}.")
    return " ".join(parts)


def _ranked(data: ReportData) -> list[GeneralEntry]:
    return sorted(data.generals, key=lambda g: (-len(g.case_ids), -len(g.headings), g.general.label.casefold()))


def discussion_draft(data: ReportData) -> str:
    """The Discussion, drafted (Markdown): an opening, then each final general theme, most supported first."""
    if not data.generals:
        return (
            "No general themes have been collated yet, so there is nothing to discuss across the headings. "
            "The findings by heading above stand on their own."
        )
    ranked = _ranked(data)
    total = len(data.cases)
    wide = [g for g in ranked if total and len(g.case_ids) * 2 > total]
    opening = f"This synthesis of {total} case studies arrived at {_plural(len(ranked), 'general theme')}. "
    if wide:
        named = listing([_esc(in_prose(g.general.label)) for g in wide[:5]]) + (" and others" if len(wide) > 5 else "")
        opening += f"{len(wide)} of them {'is' if len(wide) == 1 else 'are'} shared by most projects ({named})"
        rest = len(ranked) - len(wide)
        opening += (
            f"; the other {rest} rest{'s' if rest == 1 else ''} on fewer projects and "
            f"{'is' if rest == 1 else 'are'} read as {'a pattern' if rest == 1 else 'patterns'} worth testing "
            "rather than findings."
            if rest
            else "."
        )
    else:
        opening += "None is shared by most projects; each is read as a pattern worth testing rather than a finding."
    return "\n\n".join([opening, *(discussion_paragraph(data, g) for g in ranked)])


def conclusions_draft(data: ReportData) -> str:
    """The Conclusions, drafted (Markdown): what the evidence most supports, what it supports thinly, its limits."""
    total = len(data.cases)
    if not data.generals:
        return f"With no general themes collated, no conclusion across the {total} case studies can be drawn yet."
    ranked = _ranked(data)
    strong = [g for g in ranked if total and len(g.case_ids) * 2 > total and len(g.headings) > 1]
    thin = [g for g in ranked if g not in strong]
    paras = []
    if strong:
        named = listing([_esc(in_prose(g.general.label)) for g in strong[:6]])
        paras.append(
            f"The case studies most consistently point to {named}{' among others' if len(strong) > 6 else ''}: "
            f"each is found in more than half of the {total} projects and under more than one heading, so it "
            "describes how these projects work rather than one project's story."
        )
    if thin:
        named = listing([_esc(g.general.label) for g in thin[:6]]) + (" and others" if len(thin) > 6 else "")
        one = len(thin) == 1
        paras.append(
            f"{named} {'rests' if one else 'rest'} on fewer projects or a single heading; "
            f"{'it is a lead' if one else 'they are leads'} for further work rather than "
            f"{'a conclusion' if one else 'conclusions'}."
        )
    s = data.stats
    unreviewed = len(s.unreviewed_themes) + len(s.unreviewed_generals) + len(s.unreviewed_summaries)
    limits = (
        "These conclusions rest on what project teams chose to write in their case study forms, "
        "summarised and coded as the coding trail records."
    )
    if unreviewed:
        limits += f" {unreviewed} items were drafted by synth and not reviewed by an analyst, so they are provisional."
    paras.append(limits)
    return "\n\n".join(paras)
