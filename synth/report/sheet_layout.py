"""How a workbook sheet is laid out and printed: column widths, wrapped rows, heights, frozen
panes and the page setup that prints each sheet on A4 landscape, readable.

The sheets' contents come from :mod:`synth.report.xlsx`; the layout rules live here, apart,
because they are about paper and screens, not about the synthesis.
"""

from __future__ import annotations

import re

CELL_LIMIT = 32767


WIDTH_SAMPLE = 400  # rows looked at when sizing a column


ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(value: str) -> str:
    """Text a workbook can hold: no XML-illegal characters, within Excel's cell limit."""
    text = ILLEGAL.sub("", value)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


_WIDE = {"Quotes", "Text", "Definition", "Payload", "What", "Member themes", "Projects"}


FROZEN = {"Extraction matrix": 2, "Summary matrix": 2}  # columns kept in view; other sheets keep one


HEADER_STYLE = "synth header"


WRAP_STYLE = "synth wrapped text"


TOP_STYLE = "synth top"  # a one-line cell in a row made tall by another cell: read from the top, as the row is


def _width(value: object) -> int:
    if value is None:
        return 0
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def layout(frame) -> list[tuple[float, bool]]:
    """Per column, a readable width (wide text capped at 60, a summary's status at 20, short columns at 16) and
    whether its long text wraps.

    Both come from the header and a sample of :data:`WIDTH_SAMPLE` rows. A column wraps when it is one of the
    long-text columns (quotes, definitions, payloads...) or when its sampled prose is longer than its width or runs
    over several lines; short columns (ids, counts, kinds) and unbreakable ones (hashes) stay on one line. In a
    column that wraps, only the cells whose text does not fit on one line get the wrapped (top-aligned) style.
    """
    frame = Sheet.of(frame)
    n = len(frame)
    step = max(1, n // WIDTH_SAMPLE)
    out = []
    for j, title in enumerate(frame.columns):
        values = [v for v in frame.values[j][::step] if v is not None]
        longest = max([len(str(title)), *(_width(v) for v in values)])
        text = frame.kinds[j] == "O"
        cap = 20 if str(title).endswith("(status)") else 60 if str(title) in _WIDE or text else 16
        width = max(8, min(cap, longest + 2))
        prose = [v for v in values if isinstance(v, str) and (" " in v or "\n" in v)]  # text that can break
        long = any("\n" in v or len(v) + 2 > width for v in prose)
        out.append((width, str(title) in _WIDE or (text and long)))
    return out


def column_widths(frame) -> list[float]:
    """Readable widths from the header and a sample of rows: wide text capped at 60, short columns at 16."""
    return [width for width, _ in layout(frame)]


#: What each sheet shows, for the front sheet.
ABOUT = {
    "Extraction matrix": "Every case study's own answer under each extraction heading, as imported (one row per case).",
    "Summary matrix": "The uniform summary of each answer, with its status: accepted, edited, written by hand, or a "
    "machine draft no analyst has reviewed.",
    "Themes": "Each heading's themes, most supported first: definition, the projects behind it, the quotes it rests "
    "on, and the general themes it belongs to.",
    "General themes": "The final general themes, each with its definition, support (projects and headings) and "
    "member themes.",
    "Framework matrix": "Case studies against general themes: how many coded passages of each case support each "
    "general theme.",
    "Theme x heading": "Each theme label against the headings it was found under, with the number of projects.",
    "Codings": "Every coded passage: case, heading, theme, the text and where it sits (character offsets).",
    "Trail": "The coding trail in brief: for each kind of event and each analyst, how many events, how many the "
    "machine made, the first and last; the last row counts the whole trail. `synth trail PROJECT export` gives every "
    "event whole, with its payload and hash.",
}


#: Columns a reader's printout leaves out (they stay in the sheet): ids, hashes and raw payloads, always last.
NOT_PRINTED = {"Theme id", "General theme id", "Coding id", "Payload", "Hash", "Case id"}


#: Columns repeated at the left of every printed page of a wide sheet.
TITLE_COLUMN = {
    "Extraction matrix": "Case study",
    "Summary matrix": "Case study",
    "Framework matrix": "Case study",
    "Themes": "Theme",
    "General themes": "General theme",
    "Theme x heading": "Theme",
    "Codings": "Case study",
    "Trail": "Kind",
}


LINE_POINTS = 15.0  # one line of 11 pt text


MAX_ROW_POINTS = 409.0  # the tallest row Excel allows


MAX_WIDTH = 100  # a long-text column may widen up to this so its longest cell fits in one row


PAGE_PIXELS = 1045  # A4 landscape, 1 cm margins, at 100 %, in 96 dpi pixels


MIN_SCALE = 0.55  # a sheet wider than a page prints over several pages wide rather than below this scale


def _pixels(width: float) -> int:
    return int(width * 7 + 5)


def text_lines(text: str, width: float) -> int:
    """Lines a wrapped cell takes at a column width, erring on the tall side (words do not break mid-line)."""
    per_line = max(1, int((width - 1.5) * 1.2) - 3)
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def fit_widths(frame, shape: list[tuple[float, bool]]) -> list[tuple[float, bool]]:
    """Widen a wrapped column (up to :data:`MAX_WIDTH`) when its longest cell would overflow the tallest row."""
    frame = Sheet.of(frame)
    out = []
    max_lines = int(MAX_ROW_POINTS // LINE_POINTS) - 1
    for j, (width, wrap) in enumerate(shape):
        title = str(frame.columns[j])
        if wrap and title not in NOT_PRINTED and len(frame):
            longest = max((len(v) for v in frame.values[j] if isinstance(v, str)), default=0)
            while width < MAX_WIDTH and text_lines("x" * longest, width) > max_lines:
                width += 5
            width = min(width, MAX_WIDTH)
        out.append((width, wrap))
    return out


def row_heights(frame, shape: list[tuple[float, bool]]) -> list[float | None]:
    """Each data row's height in points: tall enough for its longest wrapped cell, None for one-line rows.

    Only printed columns count: a trail payload (not printed) would make every row of the trail a page tall.
    """
    frame = Sheet.of(frame)
    wrapped = [(j, w) for j, (w, wrap) in enumerate(shape) if wrap and str(frame.columns[j]) not in NOT_PRINTED]
    heights: list[float | None] = []
    columns = [(frame.values[j], w) for j, w in wrapped]
    for i in range(len(frame)):
        lines = 1
        for values, width in columns:
            v = values[i]
            if isinstance(v, str) and (len(v) > width - 2 or "\n" in v):
                lines = max(lines, text_lines(v, width))
        heights.append(None if lines == 1 else min(MAX_ROW_POINTS, lines * LINE_POINTS + 3))
    return heights


def page_setup(ws, name: str, columns: list[str], shape: list[tuple[float, bool]], n_rows: int, title: str) -> None:
    """Landscape A4, fitted to the page width (or a few pages wide), header row on every page, ids not printed."""
    from openpyxl.utils import get_column_letter

    printed = len(columns)
    while printed > 1 and columns[printed - 1] in NOT_PRINTED:
        printed -= 1
    first = 2 if columns and columns[0] in NOT_PRINTED and printed > 1 else 1
    ws.print_area = f"A1:{get_column_letter(printed)}{max(1, n_rows + 1)}".replace(
        "A1", f"{get_column_letter(first)}1", 1
    )
    ws.print_title_rows = "1:1"
    keep = TITLE_COLUMN.get(name)
    pixels = sum(_pixels(w) for w, _ in shape[first - 1 : printed])
    wide = 1 if pixels <= PAGE_PIXELS / MIN_SCALE else -(-pixels // int(PAGE_PIXELS / MIN_SCALE))
    if keep in columns and wide > 1:
        letter = get_column_letter(columns.index(keep) + 1)
        ws.print_title_cols = f"{letter}:{letter}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = wide
    ws.page_setup.fitToHeight = 0
    ws.page_setup.pageOrder = "overThenDown"  # a row's pages side by side, before the next rows
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = clean(title).replace("&", "&&")
    ws.oddHeader.right.text = "&A"
    ws.oddFooter.center.text = "Page &P of &N"


class Sheet:
    """One sheet's table, built from the report data without pandas (issue 12): column titles and, per column,
    its values and their kind as a DataFrame of the same rows would hold them (``i`` whole numbers, ``f``
    numbers with gaps, ``b`` yes/no, ``O`` anything else), so the workbook is the same cell for cell.
    ``rows`` are lists, or dicts keyed by column title. :meth:`of` takes a DataFrame too."""

    def __init__(self, rows: list, columns: list[str]) -> None:
        self.columns = list(columns)
        self.length = len(rows)
        if rows and isinstance(rows[0], dict):
            raw = [[r.get(c) for r in rows] for c in self.columns]
        else:
            raw = [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in self.columns]
        self.kinds: list[str] = []
        self.values: list[list] = []
        for col in raw:
            kind, values = _kind(col)
            self.kinds.append(kind)
            self.values.append(values)

    @classmethod
    def of(cls, frame) -> Sheet:
        if isinstance(frame, Sheet):
            return frame
        sheet = cls([], [])
        sheet.columns = [c for c in frame.columns]
        sheet.length = len(frame)
        sheet.kinds = [frame.dtypes.iloc[j].kind for j in range(len(sheet.columns))]
        sheet.values = [frame.iloc[:, j].tolist() for j in range(len(sheet.columns))]
        return sheet

    def __len__(self) -> int:
        return self.length


_INT64 = (-(1 << 63), (1 << 63) - 1)


def _kind(values: list) -> tuple[str, list]:
    """A column's kind and values as pandas infers them from Python objects (None among numbers is NaN)."""
    if not values:
        return "O", values
    types = {type(v) for v in values}
    none = type(None)
    if not types <= {str, int, float, bool, none}:
        return _pandas_kind(values)
    if types == {str, none}:  # pandas reads the gaps in a column of text as NaN (not with other values)
        return "O", [float("nan") if v is None else v for v in values]
    if str in types or types == {none} or (bool in types and types != {bool}):
        return "O", values
    if types == {bool}:
        return "b", values
    if int in types and not all(_INT64[0] <= v <= _INT64[1] for v in values if type(v) is int):
        return _pandas_kind(values)
    if types == {int}:
        return "i", values
    return "f", [float("nan") if v is None else float(v) for v in values]


def _pandas_kind(values: list) -> tuple[str, list]:
    import pandas as pd  # a rarer column (numpy values, huge numbers): pandas says

    frame = pd.DataFrame([[v] for v in values], columns=["x"])
    return frame.dtypes.iloc[0].kind, frame.iloc[:, 0].tolist()
