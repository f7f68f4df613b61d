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

from synth.extract.matching import match_heading, normalise
from synth.extract.readers.blocks import Block
from synth.extract.readers.lines import classify
from synth.model import Template

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_HEADER_ROW = {"question", "questions", "section", "heading", "field", "item", "topic"}


def open_document(data: bytes):
    """The bare parse (also the benchmark's baseline)."""
    import docx

    return docx.Document(io.BytesIO(data))


class _Styles:
    """Style facts read once from styles.xml (python-docx's per-paragraph style lookup is slow)."""

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self._element = document.styles.element
        self._val = qn("w:val")
        self._tags = (qn("w:name"), f"{qn('w:rPr')}/{qn('w:b')}", qn("w:basedOn"))
        self._facts: dict[str, tuple[str, bool | None, str]] = {}
        found = self._element.xpath('w:style[@w:type="paragraph"][@w:default="1" or @w:default="true"]/@w:styleId')
        self.default = str(found[0]) if found else ""

    def _fact(self, sid: str) -> tuple[str, bool | None, str]:
        """(lower-case name, bold or None, based-on id) of one style, read when first needed."""
        fact = self._facts.get(sid)
        if fact is None:
            fact = (sid.lower(), None, "")
            if '"' not in sid:
                hits = self._element.xpath(f'w:style[@w:styleId="{sid}"]')
                if hits:
                    style, val = hits[0], self._val
                    name, bold, based = (style.find(tag) for tag in self._tags)
                    fact = (
                        (name.get(val) if name is not None else sid or "").lower(),
                        None if bold is None else bold.get(val) not in ("0", "false", "off"),
                        (based.get(val) or "") if based is not None else "",
                    )
            self._facts[sid] = fact
        return fact

    def _chain(self, sid: str) -> list[str]:
        chain = []
        while sid and sid not in chain and len(chain) < 8:
            chain.append(sid)
            sid = self._fact(sid)[2]
        return chain

    def name(self, sid: str | None) -> str:
        """The style's name, or the name of the built-in heading/title style it is based on."""
        chain = self._chain(sid or self.default)
        for s in chain:
            name = self._fact(s)[0]
            if _HEADING_STYLE.match(name) or name in ("title", "subtitle"):
                return name
        return self._fact(chain[0])[0] if chain else ""

    def is_bold(self, sid: str | None) -> bool | None:
        for s in self._chain(sid or ""):
            bold = self._fact(s)[1]
            if bold is not None:
                return bold
        return None


_RUNS = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r | ./w:hyperlink/w:ins/w:r"
    " | ./w:sdt/w:sdtContent/w:r | ./w:sdt/w:sdtContent/w:hyperlink/w:r"
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_FALSE = ("0", "false", "off")


def _runs(p_element) -> list[tuple[str, bool | None, str | None]]:
    """(text, bold or None when inherited, character style id) of each run, read straight from the XML."""
    out = []
    for r in p_element.xpath(_RUNS):
        parts = []
        bold: bool | None = None
        rstyle = None
        for child in r:
            tag = child.tag
            if tag in _RUN_TEXT:
                parts.append(child.text or "" if _RUN_TEXT[tag] is None else _RUN_TEXT[tag])
            elif tag == f"{_W}rPr":
                for prop in child:
                    if prop.tag == f"{_W}b":
                        bold = prop.get(f"{_W}val") not in _FALSE
                    elif prop.tag == f"{_W}rStyle":
                        rstyle = prop.get(f"{_W}val")
        out.append(("".join(parts), bold, rstyle))
    return out


def _paragraph_block(paragraph, styles: _Styles) -> tuple[Block | None, str]:
    """A block for a styled or bold paragraph, else (None, its text as a line)."""
    p_element = paragraph._p if hasattr(paragraph, "_p") else paragraph
    all_runs = _runs(p_element)
    text = "".join(t for t, _, _ in all_runs).replace("\r", "\n").replace("\xa0", " ")
    stripped = " ".join(text.split())
    if not stripped:
        return None, ""
    sid = p_element.style
    style = styles.name(sid)
    if style == "title":
        return Block("title", stripped), ""
    m = _HEADING_STYLE.match(style.strip())
    if m:
        return Block("heading", stripped, level=int(m.group(1)), raw=text), ""
    if "list" in style:
        return None, f"- {text.strip()}"
    style_bold = styles.is_bold(sid or styles.default)
    runs = [(t, b, rs) for t, b, rs in all_runs if t.strip()]
    if runs and len(stripped.split()) <= 25:
        flags = []
        for _, bold, rstyle in runs:
            if bold is None and rstyle:
                bold = styles.is_bold(rstyle)
            flags.append(bool(style_bold) if bold is None else bool(bold))
        if all(flags):
            return Block("weak", stripped.rstrip(":").strip(), level=7, looks_like_heading=True, raw=text), ""
        if flags[0]:
            lead = ""
            for (t, _, _), bold in zip(runs, flags, strict=True):
                if not bold:
                    break
                lead += t
            rest = stripped[len(" ".join(lead.split())) :].strip().lstrip(":").strip()
            head = " ".join(lead.split()).rstrip(":").strip()
            if head and rest and len(head.split()) <= 14:
                return Block("label", head, level=7, inline=rest, raw=text), ""
    return None, text.strip()


def _cell_paragraphs(cell) -> list:
    return cell._tc.xpath(".//w:p")


def _cell_text(cell) -> str:
    texts = ("".join(t for t, _, _ in _runs(p)).strip() for p in _cell_paragraphs(cell))
    return "\n".join(t for t in texts if t)


def _body_items(container, parent):
    """Paragraphs and tables in document order, including those inside content controls (w:sdt)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield Paragraph(child, parent)
        elif child.tag == f"{_W}tbl":
            yield Table(child, parent)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_items(content, parent)


def word_blocks(data: bytes, template: Template) -> list[Block]:
    from docx.table import Table

    document = open_document(data)
    styles = _Styles(document)
    blocks: list[Block] = []
    run: list[str] = []

    def flush() -> None:
        nonlocal run
        if run:
            blocks.extend(classify(run, template, offer_title=not blocks))
        run = []

    for item in _body_items(document.element.body, document._body):
        if isinstance(item, Table):
            flush()
            rows = []
            for row in item.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell)
                rows.append(cells)
            two_columns = any(len(cells) >= 2 for cells in rows)
            for cells in rows:
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
                elif two_columns and len(texts[0].split()) <= 12:
                    # a row across a question | answer table: a question, or a banner grouping the rows below
                    banner = " ".join(texts[0].split())
                    if match_heading(banner, template).heading_id:
                        blocks.append(Block("weak", banner, level=7, looks_like_heading=True, raw=texts[0]))
                    else:
                        blocks.append(Block("group", banner, raw=texts[0]))
                else:
                    for paragraph in _cell_paragraphs(cells[0]):
                        block, line = _paragraph_block(paragraph, styles)
                        if block is not None:
                            blocks.append(block)
                        elif line:
                            blocks.append(Block("text", line))
            continue
        block, line = _paragraph_block(item, styles)
        if block is not None:
            flush()
            blocks.append(block)
        else:
            run.extend([*line.split("\n"), ""] if line else [""])
    flush()
    return blocks
