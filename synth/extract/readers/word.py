"""Word ``.docx`` forms: heading styles, bold paragraphs and question | answer tables.

Paragraphs and tables are read in document order (python-docx
``iter_inner_content``). A paragraph in a Heading style is a strong heading,
the Title style gives the title, a paragraph whose text is all bold is a weak
heading, and bold lead-in text (``**Purpose:** we set out to...``) is a label.
Other paragraphs go through the plain-text line rules, so numbered and
``PURPOSE:`` questions typed into Word are found too. A table row with two or
more cells is read as question | answer.
"""

from __future__ import annotations

import io
import re

from synth.extract.matching import normalise
from synth.extract.readers.blocks import Block
from synth.extract.readers.lines import classify
from synth.model import Template

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_HEADER_ROW = {"question", "questions", "section", "heading", "field", "item", "topic"}


def open_document(data: bytes):
    """The bare parse (also the benchmark's baseline)."""
    import docx

    return docx.Document(io.BytesIO(data))


def _is_bold(run, style_bold: bool | None) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    try:
        if run.style is not None and run.style.font.bold:
            return True
    except (AttributeError, KeyError, ValueError):
        pass
    return bool(style_bold)


def _style_name(paragraph) -> str:
    try:
        return paragraph.style.name if paragraph.style is not None else ""
    except (AttributeError, KeyError, ValueError):
        return ""


def _paragraph_block(paragraph) -> tuple[Block | None, str]:
    """A block for a styled or bold paragraph, else (None, its text as a line)."""
    text = paragraph.text.replace("\r", "\n").replace("\xa0", " ")
    stripped = " ".join(text.split())
    style = _style_name(paragraph)
    if not stripped:
        return None, ""
    if style.lower() == "title":
        return Block("title", stripped), ""
    m = _HEADING_STYLE.match(style.strip())
    if m:
        return Block("heading", stripped, level=int(m.group(1)), raw=text), ""
    if "list" in style.lower():
        return None, f"- {text.strip()}"
    try:
        style_bold = paragraph.style.font.bold if paragraph.style is not None else None
    except (AttributeError, KeyError, ValueError):
        style_bold = None
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and len(stripped.split()) <= 25:
        flags = [_is_bold(r, style_bold) for r in runs]
        if all(flags):
            return Block("weak", stripped.rstrip(":").strip(), level=7, looks_like_heading=True, raw=text), ""
        if flags[0]:
            lead = ""
            for r, bold in zip(runs, flags, strict=True):
                if not bold:
                    break
                lead += r.text
            rest = stripped[len(" ".join(lead.split())) :].strip().lstrip(":").strip()
            head = " ".join(lead.split()).rstrip(":").strip()
            if head and rest and len(head.split()) <= 14:
                return Block("label", head, level=7, inline=rest, raw=text), ""
    return None, text.strip()


def _cell_text(cell) -> str:
    return "\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def word_blocks(data: bytes, template: Template) -> list[Block]:
    from docx.table import Table

    document = open_document(data)
    blocks: list[Block] = []
    run: list[str] = []

    def flush() -> None:
        nonlocal run
        if run:
            blocks.extend(classify(run, template, markdown=True, offer_title=not blocks))
        run = []

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            flush()
            for row in item.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell)
                texts = [_cell_text(c) for c in cells]
                if not any(texts):
                    continue
                if len(cells) >= 2:
                    head, answer = texts[0], "\n".join(t for t in texts[1:] if t)
                    if normalise(head) in _HEADER_ROW and normalise(answer).split()[:1] in (
                        ["answer"],
                        ["response"],
                        ["your"],
                    ):
                        continue
                    blocks.append(Block("row", " ".join(head.split()), inline=answer, raw=f"{head}\n{answer}"))
                else:
                    for paragraph in cells[0].paragraphs:
                        block, line = _paragraph_block(paragraph)
                        if block is not None:
                            blocks.append(block)
                        elif line:
                            blocks.append(Block("text", line))
            continue
        block, line = _paragraph_block(item)
        if block is not None:
            flush()
            blocks.append(block)
        else:
            run.extend([line, ""] if line else [""])
    flush()
    return blocks
