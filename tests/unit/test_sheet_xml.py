"""The workbook's own row writer writes, byte for byte, what openpyxl's write-only mode writes for the same rows."""

from __future__ import annotations

import zipfile

from synth.report.sheet_xml import Rows, Text, Top
from synth.report.xlsx import _named_styles

TEXTS = [
    "plain",
    " lead",
    "trail ",
    "\n",
    "x\r\ny\tz",
    "é€😀 \u00a0nbsp",
    "&<>\"'",
    "a]]>b",
    "\x7f del",
    "#N/A",
    "=1+1",
    "",
    "x" * 5000,
]
NUMBERS = [0, 1, -7, 10**16, 2**53 + 1, 2.5, 1e-7, 1 / 3, -0.0, 409.0]


def _rows():
    styles = [None, "synth header", "synth wrapped text", "synth top"]
    out = []
    for i, text in enumerate(TEXTS):
        out.append(
            [
                text if text and text[0] not in "=#" else None,  # the workbook makes formula-like text a Text
                Text(text, styles[i % 4], i % 3 == 0),
                NUMBERS[i % len(NUMBERS)],
                None,
                Top(NUMBERS[(i + 3) % len(NUMBERS)], "synth top"),
                Text(text, None, False),
            ]
        )
    out.append([None, None])
    out.append([])
    return out


def _openpyxl_cell(ws, v):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(v, Text):
        cell = WriteOnlyCell(ws, v.text)
        cell.data_type = "s"
        if v.style:
            cell.style = v.style
        if v.inert:
            cell.quotePrefix = True
        return cell
    if isinstance(v, Top):
        cell = WriteOnlyCell(ws, v.value)
        cell.style = v.style
        return cell
    return v


def _sheet(tmp_path, fast: bool) -> tuple[bytes, bytes]:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    _named_styles(wb)
    ws = wb.create_sheet("S")
    ws.column_dimensions["A"].width = 30
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = "A1:F10"
    heights = [None if i % 2 else 15.0 * i + 3 for i in range(len(_rows()))]
    letters = [get_column_letter(j) for j in range(1, 7)]
    rows = Rows(ws) if fast else None
    for r, (row, height) in enumerate(zip(_rows(), heights, strict=True), start=1):
        if fast:
            rows.append(r, row, letters, height)
        else:
            if height is not None:
                ws.row_dimensions[r].height = height
            ws.append([_openpyxl_cell(ws, v) for v in row])
    if fast:
        rows.splice()
    path = tmp_path / f"{fast}.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml"), z.read("xl/styles.xml")


def test_rows_are_written_as_openpyxl_writes_them(tmp_path) -> None:
    sheet, styles = _sheet(tmp_path, fast=True)
    want_sheet, want_styles = _sheet(tmp_path, fast=False)
    assert sheet == want_sheet
    assert styles == want_styles  # the same style ids, registered in the same order


def test_the_rows_read_back(tmp_path) -> None:
    from openpyxl import load_workbook

    _sheet(tmp_path, fast=True)
    ws = load_workbook(tmp_path / "True.xlsx")["S"]
    assert ws["B2"].value == " lead" and ws["B5"].value == "x\r\ny\tz" and ws["B6"].value.startswith("é€😀")
    assert ws["B11"].value == "=1+1" and ws["B11"].data_type == "s" and ws["C4"].value == 10**16


COLUMNS = {
    "int": [1, 2],
    "int_none": [1, None],
    "float_none": [1.5, None],
    "int_float": [1, 2.5],
    "none": [None, None],
    "bool": [True, False],
    "bool_none": [True, None],
    "bool_int": [True, 1],
    "str_int": ["a", 1],
    "str_none": ["a", None],
    "str_int_none": ["a", 1, None],
    "str_nan": ["a", float("nan")],
    "bool_float": [True, 1.5],
    "nan": [float("nan"), 1],
    "big": [2**63, 1],
    "neg": [-1, 2],
}


def test_a_sheet_types_its_columns_as_pandas_would() -> None:
    import math

    import pandas as pd

    from synth.report.sheet_layout import Sheet

    for name, values in COLUMNS.items():
        for rows in ([[v] for v in values], [{"x": v} for v in values]):
            frame, sheet = pd.DataFrame(rows, columns=["x"]), Sheet(rows, ["x"])
            assert sheet.kinds == [frame.dtypes.iloc[0].kind], name
            want = frame.iloc[:, 0].tolist()
            got = sheet.values[0]
            assert [type(v) for v in got] == [type(v) for v in want], name
            assert all(
                a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
                for a, b in zip(got, want, strict=True)
            ), name
    assert Sheet([], ["a", "b"]).kinds == ["O", "O"] == [k.kind for k in pd.DataFrame([], columns=["a", "b"]).dtypes]
