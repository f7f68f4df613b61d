"""The synthesis as an Excel workbook: the framework matrix, themes, codings and the trail.

Sheets are built from the report data as plain tables (:class:`~synth.report.sheet_layout.Sheet`, typed as
a DataFrame of them would be) and their rows written straight into the sheets openpyxl's write-only mode
makes (:mod:`synth.report.sheet_xml`). Every value's type is decided
here: text from case studies is always stored as a string cell, never a
formula (openpyxl would read a leading ``=`` as one), and text that a
spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return and their full-width forms) also gets Excel's quote prefix, so editing
the cell later keeps it text. Only cells that need it carry a style (the
header, long text that wraps, inert text, one-line values in tall rows); they share the named styles.

The Trail sheet summarises the coding trail (events by kind and analyst, the first and
last time); ``synth trail PROJECT export`` gives every event whole (issue 12: a sheet that
copied every event and its payload was a fifth of ``synth run`` at 1,000 forms).
"""

from __future__ import annotations

from pathlib import Path

from synth.report.drafts import DRAFT_MARK, general_definition, theme_definition
from synth.report.gather import ReportData
from synth.report.matrices import framework_cells, theme_heading_rows
from synth.report.sheet_layout import (
    ABOUT,
    CELL_LIMIT,
    FROZEN,
    HEADER_STYLE,
    ILLEGAL,
    TOP_STYLE,
    WRAP_STYLE,
    Sheet,
    clean,
    fit_widths,
    layout,
    page_setup,
    row_heights,
)
from synth.report.sheet_layout import LINE_POINTS as LINE_POINTS
from synth.report.sheet_layout import column_widths as column_widths
from synth.report.sheet_layout import text_lines as text_lines
from synth.report.sheet_xml import Rows, Text, Top

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\ufe62", "\uff0b", "\ufe63", "\uff0d")


TRAIL_COLUMNS = ["Kind", "Analyst", "Events", "Machine-made", "First (UTC)", "Last (UTC)", "What it records"]


def trail_summary(data: ReportData):
    """The Trail sheet: per kind and analyst (in the order they first appear), how many events, how many the
    machine made, the first and last time; a last row for the whole trail says where every event is whole."""
    from synth.events import CATALOGUE

    groups: dict[tuple[str, str], list] = {}
    machine = 0
    for e in data.events:
        made = e.payload.get("origin") == "machine"
        machine += made
        row = groups.get((e.kind, e.analyst))
        if row is None:
            kind = CATALOGUE.get(e.kind)
            groups[(e.kind, e.analyst)] = [e.kind, e.analyst, 1, int(made), e.ts, e.ts, kind.records if kind else ""]
        else:
            row[2] += 1
            row[3] += made
            row[5] = e.ts
    rows = list(groups.values())
    if data.events:
        rows.append(
            [
                "All events",
                "; ".join(dict.fromkeys(e.analyst for e in data.events)),
                len(data.events),
                machine,
                data.events[0].ts,
                data.events[-1].ts,
                "Every event whole, with its payload, hash and signature: synth trail PROJECT export",
            ]
        )
    return Sheet(rows, columns=TRAIL_COLUMNS)


def sheets(data: ReportData) -> dict[str, Sheet]:
    """The workbook's sheets, in order, straight from the report data."""
    heading = data.heading
    extraction = Sheet(
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
    summary = Sheet(
        summary_rows,
        columns=["Case id", "Case study", *[x for f in data.fields for x in (heading(f), f"{heading(f)} (status)")]],
    )
    theme_rows = []
    for t in data.all_themes():
        theme_rows.append(
            {
                "Heading": t.heading,
                "Theme": t.theme.label,
                "Definition": theme_definition(data, t).marked(),
                "Projects (n)": len(t.case_ids),
                "Projects": "; ".join(data.title(p) for p in t.case_ids),
                "Quotes": "\n".join(f"“{q.text}” — {q.case_title}" for q in t.quotes),
                "General themes": "; ".join(g.general.label for g in data.generals if g.general.id in t.generals),
                "Origin": t.theme.origin,
                "Reviewed": "no" if t.unreviewed else "yes",
                "Analyst": t.theme.analyst,
                "Theme id": t.theme.id,
            }
        )
    themes = Sheet(
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
    general = Sheet(
        [
            {
                "Order": i,
                "General theme": g.general.label,
                "Definition": general_definition(data, g).marked(),
                "Projects (n)": len(g.case_ids),
                "Projects": "; ".join(data.title(p) for p in g.case_ids),
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
    framework = Sheet(
        [[c.title, *counts] for c, counts in zip(data.cases, framework_cells(data), strict=True)],
        columns=["Case study", *[g.general.label for g in data.generals]],
    )
    rows = theme_heading_rows(data)
    used = list(dict.fromkeys([f for f in data.fields] + [h for r in rows for h in r[1]]))
    used = [f for f in used if any(f in r[1] for r in rows)]
    theme_heading = Sheet(
        [[label, *[cells.get(f) for f in used], "; ".join(gs)] for label, cells, gs in rows],
        columns=["Theme", *[heading(f) for f in used], "General themes"],
    )
    codings = Sheet(
        [
            {
                "Case study": q.case_title,
                "Heading": heading(c.heading_id),
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
    trail = trail_summary(data)
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

            q = Quote(c.case_id, c.case_id, c.heading_id, c.text, c.target, c.id)
        yield c, q


def _value(value: object) -> object:
    """A DataFrame value as the workbook stores it: a number, text (cleaned), or None for an empty cell."""
    if value is None:
        return None
    if not isinstance(value, int | float | str) and hasattr(value, "item"):  # numpy scalars from pandas
        value = value.item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return None if value != value or value in (float("inf"), float("-inf")) else value
    return clean(str(value)) or None


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula (or an error value) if it were typed in."""
    from openpyxl.cell.cell import ERROR_CODES

    return text.lstrip(" ").startswith(FORMULA_START) or text in ERROR_CODES


class _Cells:
    """Makes one sheet's cells, a column at a time: plain values stay plain; a :class:`Text` only where a style or
    a type must be set, every styled one sharing one of the workbook's named styles."""

    def __init__(self) -> None:
        from openpyxl.cell.cell import ERROR_CODES

        self.errors = frozenset(ERROR_CODES)

    @staticmethod
    def text(text: str, style: str | None, inert: bool) -> Text:
        """A string cell: stored as text (``t="inlineStr"``) whatever it starts with, with Excel's quote prefix
        when it looks like a formula, so editing it later keeps it text."""
        return Text(text, style, inert)

    def column(self, values: list, kind: str, width: float | None) -> list:
        """One column's values as they go into ``ws.append``: numbers, plain text, cells, or None (empty).

        ``width`` is set for a column that wraps: its text that would not fit on one line gets the wrapped style.
        """
        if kind in "iu":
            return values
        if kind == "f":
            return [None if v != v or v in (float("inf"), float("-inf")) else v for v in values]
        texts = [v for v in values if type(v) is str]
        dirty = bool(texts) and (ILLEGAL.search("\n".join(texts)) is not None or max(map(len, texts)) > CELL_LIMIT)
        fits = (width or 0) - 2
        first = set(FORMULA_START) | {" "}
        errors, text = self.errors, self.text
        out = []
        for v in values:
            if type(v) is not str or dirty:
                v = _value(v)
                if not isinstance(v, str):
                    out.append(v)
                    continue
            if not v:
                out.append(None)
            elif v[0] in first or v in errors:
                inert = v.lstrip(" ").startswith(FORMULA_START) or v in errors
                wrap = width is not None and (len(v) > fits or "\n" in v)
                out.append(text(v, WRAP_STYLE if wrap else None, True) if inert or wrap else v)
            elif width is not None and (len(v) > fits or "\n" in v):
                out.append(text(v, WRAP_STYLE, False))
            else:
                out.append(v)
        return out


def _named_styles(wb) -> None:
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    top = Alignment(vertical="top", wrap_text=True)
    wb.add_named_style(
        NamedStyle(HEADER_STYLE, font=Font(bold=True), fill=PatternFill("solid", fgColor="FFDDE6EE"), alignment=top)
    )
    wb.add_named_style(NamedStyle(WRAP_STYLE, alignment=top))
    wb.add_named_style(NamedStyle(TOP_STYLE, alignment=Alignment(vertical="top")))


# -- printing ---------------------------------------------------------------------------


def _write_sheet(wb, name: str, frame, title: str = "") -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    frame = Sheet.of(frame)
    columns = [str(c) for c in frame.columns]
    shape = fit_widths(frame, layout(frame))
    for j, (width, _) in enumerate(shape, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = f"{get_column_letter(FROZEN.get(name, 1) + 1)}2"
    if len(frame) and columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"
    page_setup(ws, name, columns, shape, len(frame), title or name)
    cells = _Cells()
    rows = Rows(ws)  # the rows go straight into the sheet's XML (synth.report.sheet_xml), not through openpyxl
    letters = [get_column_letter(j) for j in range(1, len(columns) + 1)]
    header = max(1, max((text_lines(c, w) for c, (w, _) in zip(columns, shape, strict=True)), default=1))
    rows.append(
        1,
        [cells.text(t, HEADER_STYLE, is_formula_like(t)) for t in map(clean, columns)],
        letters,
        header * LINE_POINTS + 3,
    )
    values = [
        cells.column(frame.values[j], frame.kinds[j], width if wrap else None)
        for j, (width, wrap) in enumerate(shape)
        if len(frame)
    ]
    heights = row_heights(frame, shape) if len(frame) else []
    for r, row in enumerate(zip(*values, strict=True), start=2):
        height = heights[r - 2]
        rows.append(r, row if height is None else [_on_top(v) for v in row], letters, height)
    rows.splice()


def _on_top(value):
    """A one-line value in a tall row, aligned to the top like the wrapped text beside it."""
    if value is None:
        return None
    if isinstance(value, str):
        return Text(value, TOP_STYLE, False)
    if isinstance(value, int | float):
        return Top(value, TOP_STYLE)
    if not value.style or value.style == "Normal":
        return Text(value.text, TOP_STYLE, value.inert)  # a named style replaces the whole cell style
    return value


def _write_front(wb, data: ReportData, frames: dict) -> None:
    """The first sheet: what the workbook is, which moment of the trail it shows, and what each sheet holds."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    ws = wb.create_sheet("About this workbook")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:C{7 + len(frames)}"
    ws.oddFooter.center.text = "Page &P of &N"
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 96
    ws.column_dimensions["C"].width = 10
    title = WriteOnlyCell(ws, clean(data.long_title))
    title.font = Font(bold=True, size=14)
    ws.row_dimensions[1].height = 22
    ws.append([title])
    moment = f"as it stood on {data.as_of}" if data.as_of else "as it stands"
    intro = [
        f"Made by synth {data.version} from the project's coding trail {moment}: event {data.seq} of "
        f"{data.total_events}, last change {data.ts[:19].replace('T', ' ')} UTC, state hash {data.head[:16] or 'none'}.",
        f"{len(data.cases)} case studies, {len(data.fields)} extraction headings, "
        f"{sum(len(ts) for ts in data.themes.values())} themes, {len(data.generals)} general themes.",
        f"A definition marked ({DRAFT_MARK}) was drafted by synth from the theme's heading and evidence; "
        "no analyst has written it. Other definitions are the analysts' own (or their codebook's).",
        "Every sheet prints landscape on A4, fitted to the page width (a wide matrix over a few pages, its case "
        "column repeated), with its header row on every page; id, hash and payload columns are not printed.",
    ]
    row = 2
    for line in intro:
        cell = WriteOnlyCell(ws, clean(line))
        cell.style = WRAP_STYLE
        ws.row_dimensions[row].height = text_lines(line, 96) * LINE_POINTS + 3
        ws.append([None, cell])
        row += 1
    ws.append([])
    header = []
    for t in ("Sheet", "What it shows", "Rows"):
        cell = WriteOnlyCell(ws, t)
        cell.style = HEADER_STYLE
        header.append(cell)
    ws.append(header)
    row += 2
    for name, frame in frames.items():
        about = WriteOnlyCell(ws, ABOUT.get(name, ""))
        about.style = WRAP_STYLE
        ws.row_dimensions[row].height = text_lines(ABOUT.get(name, ""), 96) * LINE_POINTS + 3
        ws.append([name, about, len(frame)])
        row += 1


def write_xlsx(data: ReportData, path: Path) -> None:
    """Write the workbook to ``path`` (the caller makes the write atomic)."""
    import contextlib
    import zipfile
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    frames = sheets(data)
    wb = Workbook(write_only=True)
    _named_styles(wb)
    wb.properties.title = clean(data.long_title)
    wb.properties.creator = clean(f"synth {data.version}")
    wb.properties.description = data.anchor or None  # the signed trail anchor of the state shown
    if data.ts:  # the moment the report shows
        with contextlib.suppress(ValueError):
            wb.properties.created = wb.properties.modified = datetime.fromisoformat(data.ts[:19])
    _write_front(wb, data, frames)
    for name in list(frames):
        _write_sheet(wb, name, frames.pop(name), data.long_title)  # each sheet's table let go once written
    # openpyxl's save_workbook with a faster compression level (level 6 took about 1 s of a 1,000-case workbook)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
        ExcelWriter(wb, archive).save()
