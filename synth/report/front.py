"""The report's opening: its title and anchor, what the synthesis covers, and how it was made (the
method section: steps, engines, the analysts and what they reviewed).

Kept apart from the findings (:mod:`synth.report.markdown`) because it reads the trail and
the settings, not the themes.
"""

from __future__ import annotations

from synth.report.gather import ReportData, unapplied_codes
from synth.report.matrices import WIDE_TABLE as WIDE_TABLE
from synth.report.matrices import framework_cells as framework_cells
from synth.report.matrices import keyed as keyed
from synth.report.matrices import theme_heading_rows as theme_heading_rows
from synth.report.text import SECTIONS as SECTIONS
from synth.report.text import cell, draft_flag, esc, plural, table, when


def title(data: ReportData, out: list[str]) -> None:
    n = len(data.cases)
    out += [
        f"# {esc(data.name)}",
        "",
        f"**A thematic synthesis of {plural(n, 'practice-based case study', 'practice-based case studies')}**",
        "",
    ]
    moment = f"as it stood on {when(data.as_of, seconds=True)}" if data.as_of else "as it stands"
    out += [
        f"*This report was produced by synth {data.version} from the project's coding trail {moment}: "
        f"event {data.seq} of {data.total_events}, last change {when(data.ts, seconds=True)}, "
        f"state hash `{data.head[:16] or 'none'}`.*",
        "",
    ]
    flagged = unreviewed_count(data)
    if flagged:
        out += [
            f"> **Provisional.** {plural(flagged, 'item')} in this report were drafted by synth and no analyst has "
            "reviewed them; they are marked *machine draft, not reviewed* where they appear and listed in the appendix.",
            "",
        ]
    out += ["**Contents**", ""]
    out += [f"{i}. [{name}](#{anchor})" for i, (name, anchor) in enumerate(SECTIONS, start=1)]
    out.append("")


def unreviewed_count(data: ReportData) -> int:
    s = data.stats
    return len(s.unreviewed_summaries) + len(s.unreviewed_themes) + len(s.unreviewed_generals)


def scope(data: ReportData, out: list[str]) -> None:
    n_themes = sum(len(t) for t in data.themes.values())
    template = data.template.name if data.template else "its template"
    headings = ", ".join(esc(data.heading(f)) for f in data.fields) or "none"
    out += ["## Scope", ""]
    out += [
        f"This synthesis draws together {plural(len(data.cases), 'case study', 'case studies')} written by project "
        f"teams on the *{esc(template)}* form. It analyses the answers under "
        f"{plural(len(data.fields), 'extraction heading')} ({headings}), summarises each project's answer under each "
        f"heading in a uniform way, tags {plural(n_themes, 'theme')} that recur across projects within a heading, and "
        f"collates them into {plural(len(data.generals), 'general theme')} that run across headings.",
        "",
    ]
    if data.as_of:
        later = data.total_events - data.seq
        out += [
            f"It shows the synthesis as it stood on {when(data.as_of, seconds=True)}; "
            f"{plural(later, 'later event')} of the trail {'is' if later == 1 else 'are'} not reflected.",
            "",
        ]
    if data.generals:
        n = len(data.cases)
        all_drafts = len(data.generals) > 1 and all(g.unreviewed for g in data.generals)
        out += ["**The general themes in brief**, with the projects behind each:", ""]
        for i, g in enumerate(data.generals, start=1):
            out.append(
                f"{i}. **{esc(g.general.label)}**: {len(g.case_ids)} of {n} projects, "
                f"{plural(len(g.members), 'theme')} under {plural(len(g.headings), 'heading')}."
                f"{draft_flag(g.unreviewed and not all_drafts)}"
            )
        out.append("")
        if all_drafts:
            out += [f"{draft_flag(True).strip()} Every general theme above is an unreviewed machine draft.", ""]


def method(data: ReportData, out: list[str]) -> None:
    s = data.stats
    n_sum = len(data.summaries)
    formats: dict[str, int] = {}
    for c in data.cases:
        formats[c.format or "unknown"] = formats.get(c.format or "unknown", 0) + 1
    fmt = ", ".join(f"{esc(k)} {v}" for k, v in sorted(formats.items())) or "none"
    n_themes = sum(len(t) for t in data.themes.values())
    n_codings = sum(len(t.codings) for ts in data.themes.values() for t in ts)
    refine = sum(
        sum(s.by_kind.get(k, {}).values())
        for k in ("general.merged", "general.updated", "general.ordered", "general.deleted")
    )
    out += ["## Method", ""]
    out += [
        "The synthesis follows the four-step thematic analysis used in published case study syntheses "
        "(for example the What Works Centre for Wellbeing's case study synthesis guide). Every decision was "
        "recorded on an append-only, hash-chained coding trail; the appendix summarises it.",
        "",
        f"1. **Extract and normalise.** The answers of {plural(len(data.cases), 'form')} (by format: {fmt}) were "
        f"placed under the template's headings, and each project's answer under each extraction heading was "
        f"summarised so that summaries are uniform: key points in the same order, one sentence each. "
        f"{plural(n_sum, 'summary', 'summaries')}: {s.summaries.accepted} suggested and accepted unchanged, "
        f"{s.summaries.edited} suggested and edited, {s.summaries.by_hand} written by hand; "
        f"{len(s.unreviewed_summaries)} machine-drafted and not reviewed.",
        f"2. **Tag themes per heading.** Reading all projects' summaries under one heading, a theme is a similar or "
        f"repeated answer across projects. {plural(n_themes, 'theme')} rest on {plural(n_codings, 'coded span')}: "
        f"{s.themes.accepted} accepted from suggestions, {s.themes.edited} accepted and then edited, "
        f"{s.themes.by_hand} made by hand; {plural(s.themes.rejected, 'suggestion')} rejected.{_codebook_note(data)}",
        f"3. **Collate general themes.** Themes of all headings were put side by side (the theme x heading table); "
        f"a theme that develops from several headings became a general theme. "
        f"{plural(len(data.generals), 'general theme')}: {s.generals.accepted} accepted from proposals, "
        f"{s.generals.edited} accepted and then refined, {s.generals.by_hand} made by hand; "
        f"{plural(s.generals.rejected, 'proposal')} set aside.",
        f"4. **Refine.** The general themes were collated again to merge or refine repetitive ones into the final "
        f"set ({plural(refine, 'refining decision')} on the trail).",
        "",
        "### Extraction headings",
        "",
    ]
    rows = []
    for f in data.fields:
        answered = sum(1 for c in data.cases if c.answer(f).strip())
        summarised = sum(1 for c in data.cases if (c.id, f) in data.summaries)
        rows.append(
            [
                cell(data.heading(f)),
                cell(data.question(f)),
                str(answered),
                str(summarised),
                str(len(data.themes.get(f, ()))),
            ]
        )
    out += table(["Heading", "Question asked", "Answers", "Summaries", "Themes"], rows, ["l", "l", "r", "r", "r"])


def _codebook_note(data: ReportData) -> str:
    if not data.codebook:
        return ""
    used = len(data.codebook) - len(unapplied_codes(data))
    return (
        f" Tagging was also guided by the analysts' codebook of {plural(len(data.codebook), 'code')}, "
        f"{used} of which name a theme or general theme."
    )
