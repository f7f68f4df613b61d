"""Readers per form format, each turning a file's bytes into assembled cases.

:func:`read_bytes` picks the reader from the format name; :func:`sniff_format`
names the format from the extension, or from the content when the extension
says nothing. Readers import their parsing library when first used.
"""

from __future__ import annotations

import io
import zipfile

from synth.extract.errors import FormError
from synth.extract.readers.blocks import Assembled, assemble
from synth.extract.readers.limits import MAX_UNZIPPED as MAX_UNZIPPED  # a "zip bomb" guard, with the other limits
from synth.extract.readers.limits import (
    LimitExceeded,
    bounded_rows,
    check_blocks,
    check_markdown,
    check_plain_text,
    check_sheet_rows,
    check_zip,
)
from synth.model import Template

#: Extensions synth reads, by format.
FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".mkd": "md",
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".docm": "docx",
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
#: Formats a team might send that synth does not read, with what to do instead.
UNSUPPORTED = {
    ".doc": "an old Word .doc file: save it as .docx and import that",
    ".xls": "an old Excel .xls file: save it as .xlsx or .csv and import that",
    ".pdf": "a PDF: synth reads .md, .txt, .docx, .csv and .xlsx; export the form as .docx or text",
    ".odt": "an OpenDocument text: save it as .docx and import that",
    ".ods": "an OpenDocument spreadsheet: save it as .xlsx or .csv and import that",
    ".rtf": "a rich text file: save it as .docx or .txt and import that",
    ".pages": "a Pages document: export it as .docx and import that",
    ".numbers": "a Numbers spreadsheet: export it as .xlsx or .csv and import that",
    ".zip": "a zip archive: unpack it and import the folder",
    ".html": "a web page: save the form as .docx, .md or .txt and import that",
    ".htm": "a web page: save the form as .docx, .md or .txt and import that",
    ".pptx": "a PowerPoint file: synth reads forms as .md, .txt, .docx, .csv or .xlsx",
    ".qdpx": "a REFI-QDA project: bring it in with 'synth import PROJECT FILE.qdpx' or 'synth init PROJECT --from FILE.qdpx'",
}


def sniff_format(suffix: str, data: bytes) -> str | None:
    """The format to read a file as: from its extension, else from its first bytes."""
    fmt = FORMATS.get(suffix.lower())
    if fmt:
        return fmt
    if suffix.lower() in UNSUPPORTED:
        return None
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if data.startswith((b"%PDF", b"\xd0\xcf\x11\xe0")):
        return None
    return "txt"


def _check_zip(data: bytes, where: str, what: str) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FormError(
            f"{where}: a password-protected or old binary-format {what} file: remove the password, or save it again as {what}"
        )
    if not data.startswith(b"PK"):
        raise FormError(f"{where}: not a {what} file (it is not a zip package; was it renamed from another format?)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            try:
                check_zip(z)  # from the zip's directory, before anything is inflated
                if what.endswith(".xlsx"):
                    check_sheet_rows(z)
            except LimitExceeded as exc:
                raise FormError(f"{where}: refused: {exc}") from None
            bad = z.testzip()
    except FormError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise FormError(f"{where}: truncated or damaged {what} file ({exc})") from None
    except Exception as exc:  # zlib.error and friends from a damaged stream
        raise FormError(f"{where}: truncated or damaged {what} file ({type(exc).__name__})") from None
    if bad is not None:
        raise FormError(f"{where}: truncated or damaged {what} file (bad data in {bad})")


def _looks_tab_separated(text: str) -> bool:
    lines = [ln for ln in text.split("\n")[:50] if ln.strip()]
    if len(lines) < 2:
        return False
    tabs = lines[0].count("\t")
    return tabs >= 2 and sum(1 for ln in lines[1:] if ln.count("\t") == tabs) >= (len(lines) - 1) * 0.8


def read_bytes(data: bytes, fmt: str, where: str, template: Template, stem: str) -> list[tuple[Assembled, int | None]]:
    """Read one file's bytes as ``fmt``: a list of (assembled case, spreadsheet row or None).

    A file past one of :mod:`synth.extract.readers.limits` is refused in one line naming the limit.
    """
    try:
        return _read_bytes(data, fmt, where, template, stem)
    except LimitExceeded as exc:
        raise FormError(f"{where}: refused: {exc}") from None


def _read_bytes(data: bytes, fmt: str, where: str, template: Template, stem: str) -> list[tuple[Assembled, int | None]]:
    from synth.extract.readers.decoding import decode

    if fmt == "md":
        from synth.extract.readers.markdown import markdown_blocks

        text, _ = decode(data, where)
        check_markdown(text)
        blocks, meta = markdown_blocks(text, template)
        check_blocks(blocks)
        case = assemble(blocks, template, stem)
        if meta:
            title = meta.pop("title", "")
            if title and case.title_from == "file name":
                case.title, case.title_from = title, "front matter"
            case.attributes = {**meta, **case.attributes}
        return [(case, None)]
    if fmt == "txt":
        from synth.extract.readers.plaintext import text_blocks

        text, _ = decode(data, where)
        if _looks_tab_separated(text):  # Excel's "Unicode Text" export is a .txt of tab-separated rows
            from synth.extract.readers.tabular import csv_rows, table_cases

            return list(table_cases(list(bounded_rows(csv_rows(text), "tab-separated export")), template, stem))
        check_plain_text(text)
        blocks = text_blocks(text, template)
        check_blocks(blocks)
        return [(assemble(blocks, template, stem), None)]
    if fmt == "docx":
        from synth.extract.readers.word import word_blocks

        _check_zip(data, where, "Word .docx")
        blocks = word_blocks(data, template)
        check_blocks(blocks)
        return [(assemble(blocks, template, stem), None)]
    if fmt == "csv":
        from synth.extract.readers.tabular import csv_rows, table_cases

        text, _ = decode(data, where)
        rows = list(bounded_rows(csv_rows(text), "CSV export"))
        return list(table_cases(rows, template, stem))
    if fmt == "xlsx":
        from synth.extract.readers.tabular import table_cases, xlsx_rows

        _check_zip(data, where, "Excel .xlsx")
        return list(table_cases(xlsx_rows(data, template), template, stem))
    if fmt == "zip":
        raise FormError(f"{where}: a zip archive that is neither .docx nor .xlsx: unpack it and import the folder")
    raise FormError(f"{where}: unknown format {fmt!r}")
