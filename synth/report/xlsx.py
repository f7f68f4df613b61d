"""The synthesis as an Excel workbook: the framework matrix, themes, codings and the trail.

Sheets are built as pandas DataFrames and streamed straight into the package's
XML (SpreadsheetML inline strings, a fixed stylesheet of five cell formats), so
every value's type is decided here: text from case studies is always stored as
a string cell, never a formula, and text that a spreadsheet would read as a
formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) also gets Excel's
quote prefix, so editing the cell later keeps it text. openpyxl's cell objects
cost about 15 microseconds a cell, which at a thousand case studies (half a
million cells) was most of ``synth run``; the stream costs about one. openpyxl
reads the result back in the tests.

The trail sheet lists every event; a payload longer than :data:`PAYLOAD_LIMIT`
characters (an imported case study carries its whole text) is cut there and
says so: ``synth trail export`` gives every event whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from synth.report.gather import ReportData
from synth.report.markdown import framework_cells, theme_heading_rows

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\ufe62", "\uff0b", "\ufe63", "\uff0d")
CELL_LIMIT = 32767


PAYLOAD_LIMIT = 2000
WIDTH_SAMPLE = 400  # rows looked at when sizing a column
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(value: str) -> str:
    """Text a workbook can hold: no XML-illegal characters, within Excel's cell limit."""
    text = _ILLEGAL.sub("", value)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def payload_text(payload: dict) -> str:
    """An event's payload as canonical JSON, cut at :data:`PAYLOAD_LIMIT` characters with a note saying so."""
    from synth.trail import canonical_json

    text = canonical_json(payload)
    if len(text) <= PAYLOAD_LIMIT:
        return text
    return f"{text[:PAYLOAD_LIMIT]}… [{len(text):,} characters in all; `synth trail export` gives the whole event]"


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
                "Payload": payload_text(e.payload),
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
_FROZEN = {"Extraction matrix": 2, "Summary matrix": 2}  # columns kept in view; other sheets keep one

# Cell formats (indices into cellXfs below): plain, header, wrapped text, wrapped inert text, inert header.
HEADER, WRAP, WRAP_INERT, HEADER_INERT = 1, 2, 3, 4

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ALIGN = '<alignment vertical="top" wrapText="1"/>'
_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE6EE"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    f'<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">{_ALIGN}</xf>'
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">{_ALIGN}</xf>'
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" quotePrefix="1">{_ALIGN}</xf>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"'
    f' quotePrefix="1">{_ALIGN}</xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def column_letter(j: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(text: str) -> str:
    return _esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _cell(ref: str, value: object, text_style: int, inert_style: int) -> str:
    """One ``<c>`` element: numbers as numbers, everything else as inert inline text ("" for no value)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, int | float | str) and hasattr(value, "item"):  # numpy scalars from pandas
        value = value.item()
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return f'<c r="{ref}" s="{text_style}"><v>{value!r}</v></c>'
    text = clean(str(value))
    style = inert_style if text.lstrip(" ").startswith(FORMULA_START) else text_style
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{_esc(text)}</t></is></c>'


def _width(value: object) -> int:
    if value is None:
        return 0
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def column_widths(frame) -> list[float]:
    """Readable widths from the header and a sample of rows: wide text capped at 60, short columns at 16."""
    n = len(frame)
    step = max(1, n // WIDTH_SAMPLE)
    widths = []
    for j, title in enumerate(frame.columns):
        values = frame.iloc[::step, j]
        longest = max([len(str(title)), *(_width(v) for v in values)])
        cap = 60 if str(title) in _WIDE or frame.dtypes.iloc[j].kind == "O" else 16
        widths.append(max(8, min(cap, longest + 2)))
    return widths


def _sheet_xml(frame, name: str, write: Callable[[str], None]) -> str:
    """Stream one worksheet through ``write``; return its used range (for the autofilter's defined name)."""
    columns = [str(c) for c in frame.columns]
    letters = [column_letter(j) for j in range(1, len(columns) + 1)]
    last = f"{letters[-1]}{len(frame) + 1}" if letters else "A1"
    used = f"A1:{last}"
    frozen = _FROZEN.get(name, 1)
    top_left = f"{column_letter(frozen + 1)}2"
    write(
        f'{_XML_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{used}"/>'
        f'<sheetViews><sheetView workbookViewId="0"><pane xSplit="{frozen}" ySplit="1" topLeftCell="{top_left}"'
        ' activePane="bottomRight" state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/>'
        f'<selection pane="bottomRight" activeCell="{top_left}" sqref="{top_left}"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
    )
    if columns:
        write(
            "<cols>"
            + "".join(
                f'<col min="{j}" max="{j}" width="{w}" customWidth="1"/>'
                for j, w in enumerate(column_widths(frame), start=1)
            )
            + "</cols>"
        )
    write('<sheetData><row r="1">')
    write("".join(_cell(f"{x}1", t, HEADER, HEADER_INERT) for x, t in zip(letters, columns, strict=True)))
    write("</row>")
    chunk: list[str] = []
    rows = zip(*(frame.iloc[:, j].tolist() for j in range(len(columns))), strict=True)
    for i, values in enumerate(rows, start=2):
        chunk.append(f'<row r="{i}">')
        chunk.extend(_cell(f"{x}{i}", v, WRAP, WRAP_INERT) for x, v in zip(letters, values, strict=True))
        chunk.append("</row>")
        if len(chunk) > 4000:
            write("".join(chunk))
            chunk.clear()
    write("".join(chunk))
    write("</sheetData>")
    if len(frame) and columns:
        write(f'<autoFilter ref="{used}"/>')
    write('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
    return used


def write_xlsx(data: ReportData, path: Path) -> None:
    """Write the workbook to ``path`` (the caller makes the write atomic)."""
    import zipfile

    frames = sheets(data)
    names = list(frames)
    moment = f"{data.ts[:19]}Z" if data.ts else ""
    filters = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for k, name in enumerate(names):
            with zf.open(f"xl/worksheets/sheet{k + 1}.xml", "w", force_zip64=True) as fh:

                def write(text: str, fh=fh) -> None:
                    fh.write(text.encode("utf-8"))

                used = _sheet_xml(frames[name], name, write)
            if len(frames[name]) and len(frames[name].columns):
                letter, row = re.fullmatch(r"A1:([A-Z]+)(\d+)", used).groups()
                ref = f"$A$1:${letter}${row}"
                quoted = name.replace("'", "''")
                filters.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{k}" hidden="1">'
                    f"'{_esc(quoted)}'!{ref}</definedName>"
                )
        sheets_xml = "".join(
            f'<sheet name="{_attr(n)}" sheetId="{k + 1}" r:id="rId{k + 1}"/>' for k, n in enumerate(names)
        )
        defined = f"<definedNames>{''.join(filters)}</definedNames>" if filters else ""
        zf.writestr(
            "xl/workbook.xml",
            f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/>'
            f"</bookViews><sheets>{sheets_xml}</sheets>{defined}</workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{k + 1}" Type="{_REL}/worksheet" Target="worksheets/sheet{k + 1}.xml"/>'
            for k in range(len(names))
        )
        rels += f'<Relationship Id="rId{len(names) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        zf.writestr(
            "xl/_rels/workbook.xml.rels", f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'
        )
        zf.writestr("xl/styles.xml", _STYLES)
        stamp = "".join(
            f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{moment}</dcterms:{tag}>' for tag in ("created", "modified")
        )
        zf.writestr(
            "docProps/core.xml",
            f"{_XML_HEAD}<cp:coreProperties"
            ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_esc(clean(f'{data.name}: case study synthesis'))}</dc:title>"
            f"<dc:creator>{_esc(clean(f'synth {data.version}'))}</dc:creator>"
            f"{stamp if moment else ''}</cp:coreProperties>",
        )
        zf.writestr(
            "docProps/app.xml",
            f'{_XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>synth</Application></Properties>",
        )
        sheet_types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{k + 1}.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for k in range(len(names))
        )
        zf.writestr(
            "[Content_Types].xml",
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml"'
            ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            f"{sheet_types}</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>",
        )
