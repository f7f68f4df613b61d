"""The report's tables of counts: the framework matrix (themes x headings, general themes x
headings) and the theme-by-heading table, as Markdown and as the cells the workbook reuses.

The Markdown body (:mod:`synth.report.markdown`) and the workbook (:mod:`synth.report.xlsx`)
show the same matrices; building them once here keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from synth.report.gather import ReportData
from synth.report.text import cell, esc, table

Figure = Callable[[str], str]


@dataclass(frozen=True)
class FigureSlot:
    """Where a figure goes in the report's lines (HTML only): ``lines`` go before the figure's placeholder and,
    like it, only into a report that shows figures. The Markdown report leaves the slot out."""

    name: str
    lines: tuple[str, ...] = ()


def framework_cells(data: ReportData) -> list[list[int]]:
    """Cases x general themes: how many member themes each case's answers carry."""
    members = [[frozenset(m.case_ids) for m in g.members] for g in data.generals]
    return [[sum(case.id in m for m in ms) for ms in members] for case in data.cases]


WIDE_TABLE = 6


def keyed(labels: list[str], prefix: str) -> tuple[list[str], list[str]]:
    """Column headers for a matrix; past WIDE_TABLE columns, short keys (G1, G2...) and a key paragraph."""
    if len(labels) <= WIDE_TABLE:
        return [cell(label) for label in labels], []
    keys = [f"{prefix}{i}" for i in range(1, len(labels) + 1)]
    text = "; ".join(f"**{k}** {esc(label)}" for k, label in zip(keys, labels, strict=True))
    return keys, [f"Key: {text}.", ""]


def framework(data: ReportData, out: list) -> None:
    out += ["## Framework matrix", ""]
    if not data.generals or not data.cases:
        out += ["*The matrix needs case studies and general themes.*", ""]
    else:
        out += [
            "Cases (rows) against general themes (columns). A cell gives the number of the general theme's member "
            "themes found in that project's answers; an empty cell means none.",
            "",
        ]
        columns, key = keyed([g.general.label for g in data.generals], "G")
        header = ["Case study", *columns]
        rows = [
            [cell(case.title), *[str(v) if v else " " for v in counts]]
            for case, counts in zip(data.cases, framework_cells(data), strict=True)
        ]
        totals = ["**Projects**", *[f"**{len(g.case_ids)}**" for g in data.generals]]
        out += table(header, [*rows, totals], ["l", *["c"] * len(data.generals)])
        out += key
    if data.cases and any(data.themes.values()):
        lead = (
            "The heat map shows every theme (rows, grouped by heading) against the projects (columns); the shade "
            "counts the coded spans behind the theme in that project."
        )
        out.append(FigureSlot("heatmap", (lead, "")))


def theme_heading_rows(data: ReportData) -> list[tuple[str, dict[str, int], list[str]]]:
    """Themes grouped by label across headings: (label, heading -> projects, general theme labels)."""
    groups: dict[str, tuple[str, dict[str, int], list[str]]] = {}
    for t in data.all_themes():
        key = " ".join(t.theme.label.casefold().split())
        _label, cells, generals = groups.setdefault(key, (t.theme.label, {}, []))
        cells[t.theme.heading] = cells.get(t.theme.heading, 0) + len(t.case_ids)
        for g in data.generals:
            if g.general.id in t.generals and g.general.label not in generals:
                generals.append(g.general.label)
    return sorted(groups.values(), key=lambda r: (-len(r[1]), -sum(r[1].values()), r[0].casefold()))


def theme_heading(data: ReportData, out: list[str]) -> None:
    out += ["## Themes by heading", ""]
    rows = theme_heading_rows(data)
    if not rows:
        out += ["*No themes yet.*", ""]
        return
    used = [f for f in data.fields if any(f in r[1] for r in rows)]
    used += [f for f in dict.fromkeys(h for r in rows for h in r[1]) if f not in used]
    out += [
        "Each theme (rows; themes with the same label under several headings share a row) against the extraction "
        "headings (columns). A cell gives the number of projects behind the theme under that heading.",
        "",
    ]
    body = [
        [cell(label), *[str(cells[f]) if f in cells else " " for f in used], cell(", ".join(generals) or "–")]
        for label, cells, generals in rows
    ]
    columns, key = keyed([data.heading(f) for f in used], "H")
    out += table(["Theme", *columns, "General theme"], body, ["l", *["c"] * len(used), "l"])
    out += key
