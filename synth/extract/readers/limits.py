"""Limits on what one form file may hold, checked before the slow work, so a small hostile file is refused in seconds.

The 20 MB size limit alone does not bound the work: 100,000 headings fit in
3 MB, a list nested thousands deep in a few, a ``.docx`` of 1.5 MB can
inflate to 1.5 GB, and a spreadsheet of a million rows compresses well. Each
limit here is far above any real case study form or survey export, and each is
checked on the cheapest view of the file that shows it: the zip directory
before anything is inflated, the text's lines before it is parsed, the blocks
before headings are matched, the rows as they are read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator

MAX_HEADINGS = 500  # heading-like lines or blocks in one form (the default template has 14 fields)
MAX_NESTING = 32  # levels of block quotes or nested lists in a Markdown form
MAX_ROWS = 20_000  # rows of one sheet or CSV export
MAX_COLUMNS = 1_000  # columns of one sheet or CSV export
MAX_MEMBER = 100 * 1024 * 1024  # uncompressed bytes of any one part of a .docx or .xlsx
MAX_UNZIPPED = 256 * 1024 * 1024  # uncompressed bytes of all parts together
MAX_MEMBERS = 10_000  # parts in one .docx or .xlsx


class LimitExceeded(Exception):
    """A file holds more than synth will read; the message names the limit (the caller names the file)."""


_MD_HEADING = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|(?:=+|-+)[ \t]*$|\*\*[^*].*\*\*[ \t]*:?[ \t]*$)", re.M)
_PREFIX = re.compile(r"^([ \t>]*)([-*+]|\d{1,9}[.)])?[ \t]", re.M)


def check_markdown(text: str) -> None:
    """Refuse a Markdown text with too many heading lines or nesting too deep, before it is parsed."""
    headings = 0
    for headings, _ in enumerate(_MD_HEADING.finditer(text), start=1):
        if headings > MAX_HEADINGS:
            raise LimitExceeded(f"more than {MAX_HEADINGS} headings (synth's limit per form)")
    deepest = 0
    for m in _PREFIX.finditer(text):
        prefix = m.group(1)
        depth = prefix.count(">")
        if m.group(2):  # a list item: every two columns of indentation is a level
            depth += len(prefix.replace(">", "").expandtabs(4)) // 2 + 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_NESTING:
                raise LimitExceeded(f"block quotes or lists nested more than {MAX_NESTING} deep (synth's limit)")


_TXT_HEADING = re.compile(r"^[ \t]*(?:(?:Q(?:uestion)?[ \t]*)?\d{1,4}[ \t]*[.):]|[^\n]{1,160}[?:][ \t]*$)", re.M | re.I)


def check_plain_text(text: str) -> None:
    """Refuse a plain-text form with more question- or label-like lines than :data:`MAX_HEADINGS`, before reading it."""
    for n, _ in enumerate(_TXT_HEADING.finditer(text), start=1):
        if n > MAX_HEADINGS:
            raise LimitExceeded(f"more than {MAX_HEADINGS} numbered questions or labels (synth's limit per form)")


_HEADING_KINDS = frozenset({"heading", "label", "weak", "row", "group"})


def check_blocks(blocks: Iterable) -> None:
    """Refuse a form read into more heading-like blocks than :data:`MAX_HEADINGS`, before headings are matched."""
    n = sum(1 for b in blocks if b.kind in _HEADING_KINDS)
    if n > MAX_HEADINGS:
        raise LimitExceeded(f"{n} headings, more than {MAX_HEADINGS} (synth's limit per form)")


def check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a zip package whose parts would inflate past the limits, from its directory alone.

    Python's zipfile never inflates a part beyond the size its directory
    declares (a part that claims less fails its CRC check instead), so the
    declared sizes bound the work of every reader after this check.
    """
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise LimitExceeded(f"{len(infos)} parts, more than {MAX_MEMBERS} (synth's limit)")
    total = 0
    for info in infos:
        if info.file_size > MAX_MEMBER:
            raise LimitExceeded(
                f"part {info.filename} unpacks to {info.file_size // (1024 * 1024)} MB, "
                f"more than {MAX_MEMBER // (1024 * 1024)} MB (synth's limit per part)"
            )
        total += info.file_size
    if total > MAX_UNZIPPED:
        raise LimitExceeded(
            f"the file unpacks to {total // (1024 * 1024)} MB, more than {MAX_UNZIPPED // (1024 * 1024)} MB (synth's limit)"
        )


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def check_sheet_rows(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook with a sheet of more than :data:`MAX_ROWS` rows, by counting its row tags as it streams.

    openpyxl reads a whole sheet just to size it when the sheet does not state its
    dimensions, so the rows are counted here first, without parsing the XML (a
    sheet part is at most :data:`MAX_MEMBER` bytes, checked before this).
    """
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        rows, tail = 0, b""
        with archive.open(info) as fh:
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                found = _ROW_TAG.findall(data)
                rows += len(found)
                tail = data[-16:]
                rows -= len(_ROW_TAG.findall(tail))  # a tag in the overlap is counted with the next chunk
                if rows > MAX_ROWS + 1:  # the header row and MAX_ROWS answers
                    raise LimitExceeded(f"a sheet of more than {MAX_ROWS:,} rows (synth's limit)")


def bounded_rows(rows: Iterable[Iterable], what: str = "sheet") -> Iterator:
    """Yield ``rows``, refusing at the first row past :data:`MAX_ROWS` or wider than :data:`MAX_COLUMNS`."""
    for n, row in enumerate(rows, start=1):
        if n > MAX_ROWS:
            raise LimitExceeded(f"a {what} of more than {MAX_ROWS:,} rows (synth's limit)")
        width = len(row)  # type: ignore[arg-type]
        while width > MAX_COLUMNS and row[width - 1] in (None, ""):  # type: ignore[index]
            width -= 1  # empty cells padding a row out to the sheet's stated width do not count
        if width > MAX_COLUMNS:
            raise LimitExceeded(f"a {what} row of more than {MAX_COLUMNS:,} columns (synth's limit)")
        yield row
