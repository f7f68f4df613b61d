"""A worksheet's rows as SpreadsheetML, written straight into the sheet openpyxl made (issue 12).

openpyxl's write-only mode makes a cell object per value and an lxml element per cell: about
20 microseconds a cell, 6 s for the Codings sheet of a 1,000-case project. Here the rows are
formatted as strings and spliced into the ``<sheetData>`` of the sheet openpyxl wrote with
everything else (columns, panes, filter, page setup), byte for byte what openpyxl would have
written for the same rows (``tests/unit/test_xlsx.py`` holds the two equal): inline strings
escaped as lxml escapes them (``&``, ``<``, ``>``, carriage returns, and every character
outside ASCII as a decimal reference), numbers as ``%.16g``, ``xml:space`` where text has
leading or trailing space, and each (named style, quote prefix) pair given its style id the
first time a row uses it, as openpyxl registers them.

A value is ``None`` (no cell), a number, a plain string, or a :class:`Text` (a string cell with a
named style and perhaps the quote prefix); a :class:`Top` is a number in the top-aligned style.
A plain string is always written as text; openpyxl would read one starting with ``=`` as a formula
and ``#N/A`` as an error, and the workbook never hands it those as plain strings
(:class:`synth.report.xlsx._Cells` makes them a :class:`Text` with the quote prefix).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from typing import NamedTuple


class Text(NamedTuple):
    """A string cell with a named style (or none) and Excel's quote prefix when ``inert``."""

    text: str
    style: str | None
    inert: bool


class Top(NamedTuple):
    """A number in a named style (a one-line value in a tall row)."""

    value: int | float
    style: str


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if not text.isascii():
        text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    return text


def _string(ref: str, style: str, text: str) -> str:
    if not text:
        return f'<c r="{ref}"{style} t="inlineStr"></c>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def _number(value: int | float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    return f"{value:.16g}"  # what openpyxl writes ("%.16g")


class Rows:
    """Formats one sheet's rows; :meth:`splice` puts them into the sheet openpyxl wrote."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.ids: dict[tuple[str | None, bool], str] = {}
        self.parts: list[str] = []  # rows not yet written to ``self.spool``
        self.spool = tempfile.TemporaryFile("w+", encoding="ascii", newline="")  # noqa: SIM115 (closed by splice)

    def _style(self, style: str | None, inert: bool) -> str:
        key = (style, inert)
        found = self.ids.get(key)
        if found is None:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(self.ws, "")
            if style:
                cell.style = style
            if inert:
                cell.quotePrefix = True
            found = self.ids[key] = f' s="{cell.style_id}"' if cell.has_style else ""
        return found

    def append(self, r: int, row: Iterable, letters: list[str], height: float | None = None) -> None:
        """Row ``r`` (from 1) of values, ``letters`` the column letters, ``height`` in points when set."""
        cells = []
        for letter, v in zip(letters, row, strict=False):
            if v is None:
                continue
            kind = type(v)
            ref = f"{letter}{r}"
            if kind is str:
                cells.append(_string(ref, "", v))
            elif kind is Text:
                cells.append(_string(ref, self._style(v.style, v.inert), v.text))
            elif kind is Top:
                cells.append(f'<c r="{ref}"{self._style(v.style, False)} t="n"><v>{_number(v.value)}</v></c>')
            elif kind is int or kind is float:
                cells.append(f'<c r="{ref}" t="n"><v>{_number(v)}</v></c>')
            else:
                raise TypeError(f"not a worksheet value: {v!r}")
        ht = f' ht="{_number(height)}" customHeight="1"' if height is not None else ""
        self.parts.append(f'<row r="{r}"{ht}>{"".join(cells)}</row>')
        if len(self.parts) >= 1000:
            self.spool.write("".join(self.parts))
            self.parts.clear()

    def splice(self) -> None:
        """Close the sheet (openpyxl writes it with an empty ``<sheetData>``) and put the rows in."""
        ws = self.ws
        ws.close()
        path = ws._writer.out  # openpyxl's temporary file for this sheet, read by ExcelWriter next
        with open(path, encoding="ascii") as fh:
            xml = fh.read()
        for empty in ("<sheetData/>", "<sheetData></sheetData>"):
            head, found, tail = xml.partition(empty)
            if found:
                break
        else:  # pragma: no cover - an openpyxl that writes sheets some other way
            raise RuntimeError("openpyxl wrote no empty <sheetData> to fill")
        spool = self.spool
        spool.write("".join(self.parts))
        self.parts = []
        spool.seek(0)
        with spool, open(path + ".rows", "w", encoding="ascii", newline="") as out:
            out.write(head)
            out.write("<sheetData>")
            shutil.copyfileobj(spool, out, 1 << 20)
            out.write("</sheetData>")
            out.write(tail)
        os.replace(path + ".rows", path)
