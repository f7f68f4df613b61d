"""The synthesis as an Excel workbook: the framework matrix, themes, codings and the trail.

Sheets are built as pandas DataFrames and written cell by cell with openpyxl,
so every value's type is decided here: text from case studies is always
stored as a string cell, never a formula, and text that a spreadsheet would
read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) also gets
Excel's quote prefix, so editing the cell later keeps it text.
"""

from __future__ import annotations

from pathlib import Path

from synth.report.gather import ReportData
from synth.report.markdown import framework_cells, theme_heading_rows

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\ufe62", "\uff0b", "\ufe63", "\uff0d")
CELL_LIMIT = 32767


def clean(value: str) -> str:
    """Text a workbook can hold: no XML-illegal control characters, within Excel's cell limit."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def sheets(data: ReportData) -> dict[str, object]:
    """The workbook's sheets as DataFrames, in order."""
    import pandas as pd

    heading = data.heading
    extraction = pd.DataFrame(
        [
            {
                "Case id": c.id,
                "Case study": c.title,
                "Source": c.source,
                **{heading(f): c.answer(f) for f in data.fields},
            }
            for c in data.cases
        ],
        columns=["Case id", "Case study", "Source", *[heading(f) for f in data.fields]],
    )
    summary_rows = []
    for c in data.cases:
        row = {"Case id": c.id, "Case study": c.title}
        for f in data.fields:
            s = data.summaries.get((c.id, f))
            row[heading(f)] = s.text if s else ""
            row[f"{heading(f)} (status)"] = (
                "" if s is None else s.status + ("" if s.reviewed else ", machine draft not reviewed")
            )
        summary_rows.append(row)
    summary = pd.DataFrame(
        summary_rows,
        columns=["Case id", "Case study", *[x for f in data.fields for x in (heading(f), f"{heading(f)} (status)")]],
    )
    theme_rows = []
    for t in data.all_themes():
        theme_rows.append(
            {
                "Heading": t.heading,
                "Theme": t.theme.label,
                "Definition": t.theme.definition,
                "Projects (n)": len(t.projects),
                "Projects": "; ".join(data.title(p) for p in t.projects),
                "Quotes": "\n".join(f"“{q.text}” — {q.case_title}" for q in t.quotes),
                "General themes": "; ".join(g.general.label for g in data.generals if g.general.id in t.generals),
                "Origin": t.theme.origin,
                "Reviewed": "no" if t.unreviewed else "yes",
                "Analyst": t.theme.analyst,
                "Theme id": t.theme.id,
            }
        )
    themes = pd.DataFrame(
        theme_rows,
        columns=[
            "Heading",
            "Theme",
            "Definition",
            "Projects (n)",
            "Projects",
            "Quotes",
            "General themes",
            "Origin",
            "Reviewed",
            "Analyst",
            "Theme id",
        ],
    )
    general = pd.DataFrame(
        [
            {
                "Order": i,
                "General theme": g.general.label,
                "Definition": g.general.definition,
                "Projects (n)": len(g.projects),
                "Projects": "; ".join(data.title(p) for p in g.projects),
                "Headings": "; ".join(heading(h) for h in g.headings),
                "Member themes": "\n".join(f"{m.theme.label} ({m.heading})" for m in g.members),
                "Origin": g.general.origin,
                "Reviewed": "no" if g.unreviewed else "yes",
                "General theme id": g.general.id,
            }
            for i, g in enumerate(data.generals, start=1)
        ],
        columns=[
            "Order",
            "General theme",
            "Definition",
            "Projects (n)",
            "Projects",
            "Headings",
            "Member themes",
            "Origin",
            "Reviewed",
            "General theme id",
        ],
    )
    framework = pd.DataFrame(
        [[c.title, *counts] for c, counts in zip(data.cases, framework_cells(data), strict=True)],
        columns=["Case study", *[g.general.label for g in data.generals]],
    )
    rows = theme_heading_rows(data)
    used = list(dict.fromkeys([f for f in data.fields] + [h for r in rows for h in r[1]]))
    used = [f for f in used if any(f in r[1] for r in rows)]
    theme_heading = pd.DataFrame(
        [[label, *[cells.get(f) for f in used], "; ".join(gs)] for label, cells, gs in rows],
        columns=["Theme", *[heading(f) for f in used], "General themes"],
    )
    codings = pd.DataFrame(
        [
            {
                "Case study": q.case_title,
                "Heading": heading(c.field_id),
                "Theme": t.theme.label,
                "Theme heading": t.heading,
                "Text": c.text or q.text,
                "Target": c.target,
                "Start": c.start,
                "End": c.end,
                "Origin": c.origin,
                "Analyst": c.analyst,
                "Coding id": c.id,
            }
            for t in data.all_themes()
            for c, q in _with_quotes(t)
        ],
        columns=[
            "Case study",
            "Heading",
            "Theme",
            "Theme heading",
            "Text",
            "Target",
            "Start",
            "End",
            "Origin",
            "Analyst",
            "Coding id",
        ],
    )
    from synth.history import describe
    from synth.trail import canonical_json

    trail = pd.DataFrame(
        [
            {
                "Seq": e.seq,
                "Txn": e.txn,
                "Time (UTC)": e.ts,
                "Analyst": e.analyst,
                "Kind": e.kind,
                "Origin": e.payload.get("origin", ""),
                "What": describe(e),
                "Payload": canonical_json(e.payload),
                "Hash": e.hash,
            }
            for e in data.events
        ],
        columns=["Seq", "Txn", "Time (UTC)", "Analyst", "Kind", "Origin", "What", "Payload", "Hash"],
    )
    return {
        "Extraction matrix": extraction,
        "Summary matrix": summary,
        "Themes": themes,
        "General themes": general,
        "Framework matrix": framework,
        "Theme x heading": theme_heading,
        "Codings": codings,
        "Trail": trail,
    }


def _with_quotes(t):
    by_id = {q.coding_id: q for q in t.quotes}
    for c in t.codings:
        q = by_id.get(c.id)
        if q is None:
            from synth.report.gather import Quote

            q = Quote(c.case_id, c.case_id, c.field_id, c.text, c.target, c.id)
        yield c, q


_WIDE = {"Quotes", "Text", "Definition", "Payload", "What", "Member themes", "Projects"}


def write_xlsx(data: ReportData, path: Path) -> None:
    """Write the workbook to ``path`` (the caller makes the write atomic)."""
    from copy import copy
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    if data.ts:
        moment = datetime.strptime(data.ts[:19], "%Y-%m-%dT%H:%M:%S")
        wb.properties.created = wb.properties.modified = moment
    wb.properties.title = clean(f"{data.name}: case study synthesis")
    wb.properties.creator = clean(f"synth {data.version}")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, frame in sheets(data).items():
        ws = wb.create_sheet(name)
        columns = [str(c) for c in frame.columns]
        for j, title in enumerate(columns, start=1):
            c = ws.cell(row=1, column=j)
            _put(c, title)
            c.font, c.fill, c.alignment = bold, fill, wrap
        # Style one cell, then copy its style record: setting a style per cell re-hashes it every time.
        proto = ws.cell(row=2, column=1)
        proto.alignment = wrap
        wrapped = proto._style
        for i, values in enumerate(frame.itertuples(index=False), start=2):
            for j, value in enumerate(values, start=1):
                c = ws.cell(row=i, column=j)
                c._style = copy(wrapped)
                _put(c, value)
        ws.freeze_panes = "C2" if name in ("Extraction matrix", "Summary matrix") else "B2"
        for j, title in enumerate(columns, start=1):
            longest = max([len(title), *(_width(v) for v in frame.iloc[:, j - 1])] if len(frame) else [len(title)])
            cap = 60 if title in _WIDE or frame.dtypes.iloc[j - 1].kind == "O" else 16
            ws.column_dimensions[get_column_letter(j)].width = max(8, min(cap, longest + 2))
        if len(frame):
            ws.auto_filter.ref = ws.dimensions
    wb.save(path)


def _width(value: object) -> int:
    if value is None:
        return 0
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _put(cell, value: object) -> None:
    """Store a value with its type decided here: numbers as numbers, everything else as inert text."""
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return
    if isinstance(value, bool):
        cell.value = "yes" if value else "no"
        return
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
        return
    try:
        import numpy as np

        if isinstance(value, np.integer | np.floating):
            cell.value = value.item()
            return
    except ImportError:  # pragma: no cover - pandas brings numpy
        pass
    text = clean(str(value))
    cell.value = text
    cell.data_type = "s"
    if text.lstrip(" ").startswith(FORMULA_START):
        cell.quotePrefix = True
