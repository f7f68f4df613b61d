"""The synthesis report as Markdown, shaped like a published case-study synthesis.

Case study text is untrusted: every piece of it passes through :func:`esc`,
which puts it on one line and backslash-escapes what Markdown would read as
markup (emphasis, links, raw HTML, table pipes, block starts), so a form
cannot add headings, links or HTML to the report. The HTML writer renders this
Markdown with raw HTML disabled as a second guard.
"""

from __future__ import annotations

from collections import Counter

from synth.report.coding_section import coding_appendix
from synth.report.drafts import general_definition
from synth.report.front import method, scope, title, unreviewed_count
from synth.report.gather import GeneralEntry, Quote, ReportData, ThemeEntry
from synth.report.matrices import WIDE_TABLE as WIDE_TABLE
from synth.report.matrices import Figure, FigureSlot, framework, theme_heading
from synth.report.matrices import framework_cells as framework_cells
from synth.report.matrices import keyed as keyed
from synth.report.matrices import theme_heading_rows as theme_heading_rows
from synth.report.text import SECTIONS as SECTIONS
from synth.report.text import cell, draft_flag, esc, name_list, plural, table, when

QUOTES_PER_THEME = 3
QUOTES_PER_GENERAL = 4
MAX_LISTED = 40  # case studies listed per heading and in the project summaries; the workbook holds all


def to_markdown(data: ReportData, figure: Figure | None = None, lines: list | None = None) -> str:
    """The whole report. ``figure(name)`` returns a placeholder line where a figure goes (HTML only).

    ``lines`` (from :func:`markdown_lines`) spares building the report again when the Markdown and the
    HTML are both written (issue 12).
    """
    out: list[str] = []
    for line in markdown_lines(data) if lines is None else lines:
        if type(line) is FigureSlot:
            if figure:
                out += [*line.lines, figure(line.name), ""]
        else:
            out.append(line)
    return "\n".join(out).rstrip() + "\n"


def markdown_lines(data: ReportData) -> list:
    """The report's lines, with a :class:`~synth.report.matrices.FigureSlot` where a figure may go."""
    out: list = []
    title(data, out)
    scope(data, out)
    method(data, out)
    _cases(data, out)
    _findings(data, out)
    _generals(data, out)
    framework(data, out)
    theme_heading(data, out)
    _discussion(data, out)
    _appendix(data, out)
    coding_appendix(data, out)
    return out


# -- sections --------------------------------------------------------------------------


def _case_entry(data: ReportData, case_id: str) -> list[tuple[str, str, bool]]:
    """(heading, text, machine draft not reviewed) for a case's setting and overview.

    The overview falls back on the first extraction heading with an answer, under that heading's name.
    """
    entry = []
    for heading_id, words in (("setting", 45), ("overview", 80)):
        text = data.brief(case_id, heading_id, words)
        if not text and heading_id == "overview":
            for f in (f for f in data.fields if f not in ("setting", "overview")):
                text = data.brief(case_id, f, 60)
                if text:
                    heading_id = f
                    break
        s = data.summaries.get((case_id, heading_id))
        heading = data.heading(heading_id) if heading_id not in ("setting", "overview") else heading_id.capitalize()
        entry.append((heading, text, s is not None and not s.reviewed))
    return entry


def _cases(data: ReportData, out: list[str]) -> None:
    out += ["## Project summaries", ""]
    if not data.cases:
        out += ["*No case studies have been imported.*", ""]
        return
    entries = {case.id: _case_entry(data, case.id) for case in data.cases}
    flags = [flag for entry in entries.values() for _, text, flag in entry if text]
    all_drafts = len(flags) > 1 and all(flags)
    if all_drafts:
        out += [
            f"{draft_flag(True).strip()} Every setting and overview below is an unreviewed machine-drafted summary.",
            "",
        ]
    for case in data.cases[:MAX_LISTED]:
        out += [f"### {esc(case.title)}", ""]
        for heading, text, flag in entries[case.id]:
            body = esc(text) if text else "*Not stated.*"
            out += [f"**{esc(heading)}.** {body}{draft_flag(flag and bool(text) and not all_drafts)}", ""]
        source = f"{esc(case.source)}" + (f", row {case.row}" if case.row else "")
        out += [f"*Source: {source}.*", ""]
    if len(data.cases) > MAX_LISTED:
        out += [f"*{_more_cases(data)}: the workbook's Extraction matrix holds them all.*", ""]


def _more_cases(data: ReportData) -> str:
    """The line "… and N more case studies" for a list cut at :data:`MAX_LISTED`."""
    return f"… and {plural(len(data.cases) - MAX_LISTED, 'more case study', 'more case studies')}"


def _quote_lines(quotes: list[Quote], data: ReportData, heading: bool = False) -> list[str]:
    lines = []
    for q in quotes:
        where = f"{esc(q.case_title)}, {esc(data.heading(q.heading_id))}" if heading else esc(q.case_title)
        lines += [f"> “{esc(q.text)}” — *{where}*", ">"]
    if lines:
        lines[-1] = ""
    return lines


def _theme_block(data: ReportData, t: ThemeEntry, flag: bool = True) -> list[str]:
    n = len(data.cases)
    names = name_list([data.title(p) for p in t.case_ids]) or "no projects"
    line = f"**{esc(t.theme.label)}** — {len(t.case_ids)} of {n} projects ({names}).{draft_flag(t.unreviewed and flag)}"
    if t.generals:
        labels = [esc(g.general.label) for g in data.generals if g.general.id in t.generals]
        line += f" Part of the general theme{'s' if len(labels) > 1 else ''} {', '.join(labels)}."
    lines = [line, ""]
    if t.theme.definition.strip():
        lines += [f"*Definition:* {esc(t.theme.definition)}", ""]
    lines += _quote_lines(list(_spread(t.quotes, QUOTES_PER_THEME)), data)
    extra = len(t.quotes) - min(len(t.quotes), QUOTES_PER_THEME)
    if extra > 0:
        lines += [f"*… and {plural(extra, 'further coded span')} (see the workbook).*", ""]
    return lines


def _spread(quotes: tuple[Quote, ...], limit: int) -> list[Quote]:
    """Up to ``limit`` quotes, one per project first, so evidence shows breadth."""
    first: list[Quote] = []
    rest: list[Quote] = []
    seen: set[str] = set()
    for q in quotes:
        if len(first) >= limit:
            break
        (rest if q.case_id in seen else first).append(q)
        seen.add(q.case_id)
    return (first + rest)[:limit]


def _findings(data: ReportData, out: list[str]) -> None:
    out += ["## Findings by extraction heading", ""]
    for f in data.headings:
        out += [f"### {esc(data.heading(f))}", ""]
        if data.question(f):
            out += [f"*{esc(data.question(f))}*", ""]
        out += ["#### Summaries", ""]
        recorded = [s for c in data.cases if (s := data.summaries.get((c.id, f))) is not None]
        all_drafts = len(recorded) > 1 and not any(s.reviewed for s in recorded)
        if all_drafts:
            out += [f"{draft_flag(True).strip()} Every summary under this heading is an unreviewed machine draft.", ""]
        for case in data.cases[:MAX_LISTED]:
            s = data.summaries.get((case.id, f))
            if s is not None:
                text = esc(s.text) or "*Empty summary.*"
                out.append(f"- **{esc(case.title)}.** {text}{draft_flag(not s.reviewed and not all_drafts)}")
            elif case.answer(f).strip():
                out.append(
                    f"- **{esc(case.title)}.** {esc(data.brief(case.id, f))} *(from the answer; not yet summarised)*"
                )
            else:
                out.append(f"- **{esc(case.title)}.** *No answer.*")
        if len(data.cases) > MAX_LISTED:
            out.append(f"- *{_more_cases(data)}: the workbook's Summary matrix holds every summary.*")
        if not data.cases:
            out.append("- *No case studies.*")
        out += ["", "#### Themes", ""]
        themes = data.themes.get(f, ())
        if not themes:
            out += ["*No themes have been tagged under this heading.*", ""]
        all_drafts = len(themes) > 1 and all(t.unreviewed for t in themes)
        if all_drafts:
            out += [f"{draft_flag(True).strip()} Every theme under this heading is an unreviewed machine draft.", ""]
        for t in themes:
            out += _theme_block(data, t, flag=not all_drafts)


def _generals(data: ReportData, out: list) -> None:
    out += ["## General themes", ""]
    if not data.generals:
        out += ["*No general themes have been collated yet.*", ""]
        return
    n = len(data.cases)
    out += [
        f"{plural(len(data.generals), 'general theme')} emerged across the headings. Support counts the projects "
        "behind any of a general theme's member themes.",
        "",
    ]
    out.append(FigureSlot("support"))
    for i, g in enumerate(data.generals, start=1):
        out += [f"### {i}. {esc(g.general.label)}", ""]
        headings = ", ".join(esc(data.heading(h)) for h in g.headings) or "no headings"
        out += [
            f"Supported by {len(g.case_ids)} of {n} projects, from {plural(len(g.headings), 'heading')} "
            f"({headings}).{draft_flag(g.unreviewed)}",
            "",
        ]
        definition = general_definition(data, g)
        out += [f"*Definition{' (machine draft)' if definition.drafted else ''}:* {esc(definition.text)}", ""]
        out += _prose(data, f"general:{g.general.id}")
        if g.members:
            rows = [
                [
                    cell(m.theme.label) + draft_flag(m.unreviewed),
                    cell(m.heading),
                    cell(name_list([data.title(p) for p in m.case_ids], escape=False)),
                ]
                for m in g.members
            ]
            out += table(["Member theme", "Heading", "Projects"], rows)
        else:
            out += ["*This general theme has no member themes left.*", ""]
        quotes = _general_quotes(g)
        if quotes:
            out += ["Evidence:", ""]
            out += _quote_lines(quotes, data, heading=True)


def _general_quotes(g: GeneralEntry) -> list[Quote]:
    """A few quotes across members and projects: each member's best first, new projects preferred."""
    picked: list[Quote] = []
    seen_cases: set[str] = set()
    for m in g.members:
        fresh = [q for q in m.quotes if q.case_id not in seen_cases] or list(m.quotes)
        if fresh and len(picked) < QUOTES_PER_GENERAL:
            picked.append(fresh[0])
            seen_cases.add(fresh[0].case_id)
    for m in g.members:
        for q in m.quotes:
            if len(picked) >= QUOTES_PER_GENERAL:
                return picked
            if q not in picked and q.case_id not in seen_cases:
                picked.append(q)
                seen_cases.add(q.case_id)
    return picked


def analyst_markdown(text: str) -> list[str]:
    """An analyst's section text as report lines: their Markdown kept, but no headings of its own.

    A ``#`` line would start a section the contents do not list, so it is shown as text.
    """
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip()
        lines.append("\\" + stripped if stripped.startswith("#") else line.rstrip())
    return lines


def _prose(data: ReportData, section: str, lead: bool = False) -> list[str]:
    """A section's prose: the analyst's (with who wrote it, when ``lead``), else synth's draft, marked."""
    from synth.report.sections import section_text

    text, written = section_text(data, section)
    if written is not None:
        note = [f"*Written by {esc(written.analyst or 'an analyst')}, {when(written.ts)}.*", ""] if lead else []
        return [*note, *analyst_markdown(text), ""]
    paragraphs = [p for p in text.split("\n\n") if p.strip()]  # drafts are Markdown with project text escaped
    out = []
    if lead:
        out += [
            f"{draft_flag(True).strip()} synth drafted {'these' if section.endswith('s') else 'this'} "
            f"{section.capitalize()} from the project's final general themes; an analyst replaces "
            f"{'them' if section.endswith('s') else 'it'} with `synth write PROJECT {section} --file FILE`.",
            "",
        ]
    for i, p in enumerate(paragraphs):
        out += [p + (draft_flag(True) if not lead and i == len(paragraphs) - 1 else ""), ""]
    return out


def _discussion(data: ReportData, out: list[str]) -> None:
    out += ["## Discussion", ""]
    out += _prose(data, "discussion", lead=True)
    out += ["## Conclusions", ""]
    out += _prose(data, "conclusions", lead=True)


def _unreviewed_summaries(data: ReportData) -> str:
    """Which summaries are unreviewed, said briefly: whole cases or headings where that is true."""
    by_case: dict[str, list[str]] = {}
    for case_id, f in data.stats.unreviewed_summaries:
        by_case.setdefault(case_id, []).append(f)
    per_case = Counter(k[0] for k in data.summaries)
    whole = {c for c, fs in by_case.items() if len(fs) == per_case[c]}
    if whole and len(whole) == len(data.cases) == len(by_case):
        return f"every summary of all {plural(len(data.cases), 'case')}"
    parts = []
    for c, fs in by_case.items():
        what = f"all {len(fs)} headings" if c in whole and len(fs) > 1 else ", ".join(data.heading(f) for f in fs)
        parts.append(f"{esc(data.title(c))} ({esc(what)})")
    return "; ".join(parts)


def _appendix(data: ReportData, out: list[str]) -> None:
    s = data.stats
    out += ["## Appendix: methods and coding trail", "", "### Trail verification", ""]
    v = data.verification
    if v is None:
        out += ["*The trail was not verified for this report.*", ""]
    elif v.ok:
        out += [
            f"The coding trail verifies: {plural(v.count, 'event')}, each hash-chained to the one before. "
            f"Head hash: `{v.head}`.",
            "",
        ]
    else:
        out += [f"**The coding trail does not verify.** {esc(v.describe())}. Head hash as walked: `{v.head}`.", ""]
    out += [
        f"This report rests on events 1 to {data.seq} ({plural(s.commands, 'command')}, "
        f"{when(s.first_ts)} to {when(s.last_ts)}); the state hash at event {data.seq} is `{data.head or 'none'}`. "
        + (
            "No command has been undone."
            if not s.undone_commands
            else f"{plural(s.undone_commands, 'command')} {'was' if s.undone_commands == 1 else 'were'} later undone "
            f"and {'does' if s.undone_commands == 1 else 'do'} not count in the results (undo is itself an event)."
        ),
        "",
        *(
            [
                f"Trail anchor of event {data.seq} (check that the trail still extends it with "
                f"`synth trail PROJECT verify --anchor` on this file): `{data.anchor}`",
                "",
            ]
            if data.anchor
            else []
        ),
        "### Who coded what",
        "",
    ]
    rows = []
    for a in s.analysts:
        summaries = sum(1 for x in data.summaries.values() if x.analyst == a)
        themes = sum(1 for t in data.all_themes() if t.theme.analyst == a)
        codings = sum(1 for t in data.all_themes() for c in t.codings if c.analyst == a)
        generals = sum(1 for g in data.generals if g.general.analyst == a)
        memos = sum(1 for m in data.memos if m.analyst == a)
        total = sum(c[a] for c in s.by_kind.values())
        rows.append(
            [
                cell(a),
                str(summaries),
                str(themes),
                str(codings),
                str(generals),
                str(memos),
                str(total),
                str(s.machine_events[a]),
            ]
        )
    if rows:
        out += [
            "Current summaries, themes, coded spans, general themes and memos by the analyst who recorded them, "
            "with each analyst's events on the trail (and how many of those were machine-made decisions).",
            "",
        ]
        out += table(
            ["Analyst", "Summaries", "Themes", "Coded spans", "General themes", "Memos", "Events", "Machine-made"],
            rows,
            ["l", "r", "r", "r", "r", "r", "r", "r"],
        )
        out += ["Events by kind and analyst:", ""]
        body = [
            [f"`{k}`", *[str(c[a]) if c[a] else " " for a in s.analysts], str(c.total())] for k, c in s.by_kind.items()
        ]
        out += table(["Event", *[cell(a) for a in s.analysts], "Total"], body, ["l", *["r"] * (len(s.analysts) + 1)])
    out += ["### Decisions on suggestions", ""]
    rows = [
        ["Summaries", s.summaries, "–", len(s.unreviewed_summaries)],
        ["Themes", s.themes, str(s.themes.rejected), len(s.unreviewed_themes)],
        ["General themes", s.generals, str(s.generals.rejected), len(s.unreviewed_generals)],
    ]
    out += table(
        [
            "Item",
            "Accepted as suggested",
            "Accepted, then edited",
            "Rejected",
            "Made by hand",
            "Machine drafts never reviewed",
        ],
        [
            [name, str(d.accepted), str(d.edited), rejected, str(d.by_hand), f"**{n}**" if n else "0"]
            for name, d, rejected, n in rows
        ],
        ["l", "r", "r", "r", "r", "r"],
    )
    out += [
        "A suggestion is accepted as suggested when it was kept unchanged, and edited when an analyst later renamed, "
        "redefined, re-scoped or merged it. Machine drafts were accepted headlessly by synth and count among the "
        "accepted.",
        "",
    ]
    out += ["### Machine-drafted and never reviewed", ""]
    if not unreviewed_count(data):
        out += ["Nothing in this report is an unreviewed machine draft.", ""]
    else:
        out += [
            f"> **Not reviewed by any analyst:** {plural(len(s.unreviewed_summaries), 'summary', 'summaries')}, "
            f"{plural(len(s.unreviewed_themes), 'theme')} and {plural(len(s.unreviewed_generals), 'general theme')} "
            "were drafted by synth's suggestion engines and accepted without review. Treat them as provisional until "
            "an analyst has checked them.",
            "",
        ]
        themes = {t.theme.id: t for t in data.all_themes()}
        generals = {g.general.id: g for g in data.generals}
        if s.unreviewed_generals and len(s.unreviewed_generals) == len(generals) > 1:
            out.append(f"- General themes: all {len(generals)}.")
        elif s.unreviewed_generals:
            out.append(
                "- General themes: " + "; ".join(esc(generals[g].general.label) for g in s.unreviewed_generals) + "."
            )
        if s.unreviewed_themes and len(s.unreviewed_themes) == len(themes) > 1:
            out.append(f"- Themes: all {len(themes)}.")
        elif s.unreviewed_themes:
            out.append(
                "- Themes: "
                + "; ".join(f"{esc(themes[t].theme.label)} ({esc(themes[t].heading)})" for t in s.unreviewed_themes)
                + "."
            )
        if s.unreviewed_summaries:
            out.append("- Summaries: " + _unreviewed_summaries(data) + ".")
        out.append("")
    if s.machine_codings:
        out += [
            f"{plural(s.machine_codings, 'coded span')} {'was' if s.machine_codings == 1 else 'were'} placed by synth.",
            "",
        ]
    if s.stale_codings:
        out += [
            f"**{plural(len(s.stale_codings), 'coded span')} no longer match{'es' if len(s.stale_codings) == 1 else ''} "
            "the text they were coded on** (the summary changed after coding); their quotes show the text as coded.",
            "",
        ]
    if data.memos:
        out += ["### Analyst memos", ""]
        for m in data.memos:
            out.append(f"- *{esc(m.target)}* ({esc(m.analyst)}, {when(m.ts)}): {esc(m.text)}")
        out.append("")
