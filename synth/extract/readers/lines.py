"""Line rules shared by the plain-text and Markdown readers.

A line becomes a :class:`Block`: an ATX (``#``) or underlined heading, a bold
line, a numbered or ``Q3)`` question, an ALL CAPS label, a ``Label:`` line
with or without text after it, or plain text. Whether a weak heading really
starts a section is decided later (:func:`synth.extract.readers.blocks.assemble`);
here we only record what the line looks like, and whether it would stand as a
heading even if it matched no field.
"""

from __future__ import annotations

import re

from synth.extract.matching import could_be_question, is_title_label, match_heading, normalise, split_question
from synth.extract.readers.blocks import Block
from synth.model import Template

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<h>[^*_].*?)(?::)?\1\s*:?\s*$")
_BOLD_LEAD = re.compile(r"^\s*(\*\*|__)(?P<h>[^*_].*?)\1\s*(?P<inline>.+)$")
_NUMBERED = re.compile(
    r"^\s*(?P<q>(?:q|question|section)\s*)?(?P<n>\d{1,2})(?:\.\d+)*[a-z]?\s*(?P<sep>[.):\-–—]?)\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\s*(?P<h>[A-Za-z][^:]{0,60}?)\s*:\s*(?P<inline>.*)$")
_DASH_LABEL = re.compile(r"^\s*(?P<h>[A-Za-z][^:]{0,40}?)\s+[-–—]\s+(?P<inline>\S.*)$")
_SENTENCE_START = re.compile(
    r"^(?:we|our|i|my|they|their|the|a|an|it|this|these|there|in|on|at|for|with)\b", re.IGNORECASE
)
#: The level given to a short line standing alone (a heading only in forms that use such lines).
BARE = 9
_GROUP = re.compile(
    r"^\s*(?:section|part)\s+(?P<id>[A-Z]|\d{1,2}|[IVX]{1,4})\b\s*[-:.–—)]?\s*(?P<rest>.*)$", re.IGNORECASE
)
_QA = re.compile(r"^\s*(?P<kind>Q|Question|A|Answer|Response)\s*[:.)\-–]\s*(?P<rest>\S.*)$", re.IGNORECASE)
_PIPE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABLE_HEADER = {"question", "questions", "section", "heading", "field", "item", "topic"}
_RULE = re.compile(r"^(?:[-=_*~]\s*){3,}$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_NOT_HEADING_END = re.compile(
    r"\b(?:included|including|include|includes|follows|following|below|such as|were|are|was|is|e\.g|i\.e|example)\s*$",
    re.IGNORECASE,
)


def _words(text: str) -> int:
    return len(text.split())


def _allcaps(text: str) -> bool:
    return text.isupper() and sum(c.isalpha() for c in text) >= 3


def _split_label(rest: str) -> tuple[str, str]:
    """``Methodology: We used...`` -> (``Methodology``, ``We used...``); a question mark splits too."""
    for sep in (":", "?"):
        i = rest.find(sep)
        if i > 0 and _words(rest[:i]) <= 14 and rest[i + 1 :].strip():
            head = rest[: i + 1] if sep == "?" else rest[:i]
            return head.strip(), rest[i + 1 :].strip()
    return rest.strip(), ""


def classify(lines: list[str], template: Template, *, markdown: bool = False, offer_title: bool = True) -> list[Block]:
    """Turn lines of a text (or a Markdown run between headings) into blocks.

    With ``offer_title``, a short first line is offered as the case's title.
    """
    blocks: list[Block] = []
    last_number = 0
    prev_blank = True
    prev_item = False
    first_seen = not offer_title
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped or _RULE.match(stripped):
            blocks.append(Block("text", ""))
            prev_blank, prev_item = True, False
            i += 1
            continue
        if _PIPE_RULE.match(stripped) and "|" in stripped:
            i += 1
            continue
        row = _PIPE_ROW.match(line)
        if row:
            cells = [c.strip() for c in row.group("cells").split("|")]
            if len(cells) >= 2 and cells[0] and normalise(cells[0]) not in _TABLE_HEADER:
                answer = "\n".join(c for c in cells[1:] if c).replace("<br>", "\n").replace("<br/>", "\n")
                blocks.append(
                    Block("row", cells[0].strip("*_ "), inline=answer, raw=line.rstrip(), after_blank=prev_blank)
                )
                prev_blank, prev_item, first_seen = False, False, True
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        block = _classify_one(line, stripped, nxt, template, markdown, prev_blank, prev_item, last_number)
        if block is None:
            block = Block("text", line.rstrip())
        elif block.kind == "heading" and not _ATX.match(line) and not markdown:
            i += 1  # consumed the underline
        m = _NUMBERED.match(line)
        if (
            m
            and block.kind in ("weak", "label")
            and (block.looks_like_heading or match_heading(block.text, template).heading_id)
        ):
            last_number = int(m.group("n"))
        if not first_seen:
            first_seen = True
            title_like = _words(stripped) <= 15 and not stripped.endswith((".", ",", ";"))
            if title_like and (
                block.kind == "text"
                or (
                    block.kind == "label"
                    and not is_title_label(block.text)
                    and not match_heading(block.text, template).heading_id
                )
            ):
                block = Block("weak", stripped.strip("*_ "), raw=line.rstrip())
        block.after_blank = prev_blank
        blocks.append(block)
        prev_blank = False
        prev_item = bool(_LIST_ITEM.match(line)) and block.kind == "text"
        i += 1
    return blocks


_HEAD_SEP = re.compile(r"\s*:\s*|\s+[-–—]\s+")


def _question_split(rest: str, head: str, template: Template) -> tuple[str, str] | None:
    """Keep a repeated question with its heading: ``Data collection: what data...? Two focus groups...``.

    Returns (heading with its question, the answer after it), or None when no
    field's question follows the heading.
    """
    m = _HEAD_SEP.search(rest)
    if m and _words(rest[: m.start()]) <= 8:
        r = match_heading(rest[: m.start()], template)
        if r.heading_id and r.method != "partial":
            question, after = split_question(rest[m.end() :], template.field(r.heading_id).question)
            if question:
                return rest[: m.end()] + question, after
    r = match_heading(head, template)
    if r.heading_id:
        question, after = split_question(rest, template.field(r.heading_id).question)
        if question:  # "6. who took part? give demographics and numbers." is all question
            return question, after
    return None


def _label(head: str, inline: str, raw: str, template: Template) -> Block:
    """A ``Label: text`` block; question text repeated after the label joins the heading, not the answer."""
    r = match_heading(head, template)
    if r.heading_id and r.method == "partial" and (_SENTENCE_START.match(head) or _words(head) > 4):
        return Block("text", raw)  # "We used a co-production approach: ..." is a sentence
    if r.heading_id:
        question, rest = split_question(inline, template.field(r.heading_id).question)
        if question:
            return Block(
                "weak" if not rest else "label",
                f"{head}: {question}",
                level=8,
                inline=rest,
                raw=raw,
                looks_like_heading=True,
            )
    elif _SENTENCE_START.match(head) and not is_title_label(head):
        return Block("text", raw)
    return Block("label", head, level=8, inline=inline, raw=raw)


def _classify_one(
    line: str,
    stripped: str,
    nxt: str,
    template: Template,
    markdown: bool,
    prev_blank: bool,
    prev_item: bool,
    last_number: int,
) -> Block | None:
    raw = line.rstrip()
    if not markdown:
        m = _ATX.match(line)
        if m and m.group(2).strip():
            return Block("heading", m.group(2).strip(), level=len(m.group(1)), raw=raw)
        u = _UNDERLINE.match(nxt)
        if u and len(u.group(1)) >= 3 and _words(stripped) <= 16 and not _LIST_ITEM.match(line):
            return Block("heading", stripped.strip("*_ :"), level=1 if u.group(1)[0] == "=" else 2, raw=raw)
    m = _BOLD_LINE.match(line)
    if m:
        head = m.group("h").strip().rstrip(":").strip()
        return Block("weak", head, level=7, looks_like_heading=_words(head) <= 20, raw=raw)
    m = _BOLD_LEAD.match(line)
    if m:
        head = m.group("h").strip().rstrip(":").strip()
        inline = m.group("inline").strip().lstrip(":-–—").strip()
        if _words(head) <= 14:
            return Block("label", head, level=7, inline=inline, raw=raw)
    m = _GROUP.match(line)
    if (
        m
        and _words(stripped) <= 10
        and (m.group("id").isalpha() or not match_heading(m.group("rest"), template).heading_id)
    ):
        return Block("group", stripped.rstrip(":"), raw=raw)
    m = _QA.match(line)
    if m:
        if m.group("kind").casefold().startswith("q"):
            head, inline = _split_label(m.group("rest"))
            return Block("weak", head, level=8, inline=inline, looks_like_heading=True, raw=raw)
        return Block("text", m.group("rest"))
    m = _NUMBERED.match(line)
    if m:
        rest = m.group("rest").strip()
        if not m.group("sep") and not m.group("q") and (_words(rest) > 8 or rest.endswith((".", ","))):
            return None  # "8 volunteers supported the sessions." is a sentence, not question 8
        head, inline = _split_label(rest)
        if _words(head) > 30:
            return None
        number = int(m.group("n"))
        q_prefixed = bool(m.group("q"))
        ends_as_question = head.endswith(("?", ":")) or bool(inline)
        in_sequence = prev_blank and not prev_item and last_number > 0 and number == last_number + 1
        looks = q_prefixed or (in_sequence and (ends_as_question or _words(head) <= 8))
        if not looks and not prev_item and ends_as_question and prev_blank and number != 1:
            looks = last_number > 0
        prefix = line[: m.start("rest")].strip()
        if inline:
            split = _question_split(rest, head, template)
            if split is not None:
                head, inline = split
        return Block(
            "weak",
            line.strip() if not inline else f"{prefix} {head}",
            level=8,
            inline=inline,
            looks_like_heading=looks,
            raw=raw,
        )
    m = _LABEL.match(line)
    if m:
        head, inline = m.group("h").strip(), m.group("inline").strip()
        if _words(head) <= 8 and not head.startswith(("http", "www")):
            if not inline:
                looks = (
                    prev_blank
                    and head[:1].isupper()
                    and not _NOT_HEADING_END.search(head)
                    and not _LIST_ITEM.match(line)
                )
                return Block("weak", head, level=8, looks_like_heading=looks, raw=raw)
            if _allcaps(head) or is_title_label(head) or _words(head) <= 6:
                return _label(head, inline, raw, template)
    m = _DASH_LABEL.match(line)
    if m and _words(m.group("h")) <= 5:
        head, inline = m.group("h").strip(), m.group("inline").strip()
        r = match_heading(head, template)
        if r.heading_id and r.method != "partial":
            return _label(head, inline, raw, template)
    if _allcaps(stripped) and _words(stripped) <= 10 and not _LIST_ITEM.match(line):
        return Block("weak", stripped.rstrip(":").strip(), level=8, looks_like_heading=prev_blank, raw=raw)
    if prev_blank and not _LIST_ITEM.match(line):
        n = _words(stripped)
        if not stripped.endswith((".", ",", ";")) and (n <= 8 or (stripped.endswith("?") and n <= 25)):
            r = match_heading(stripped, template)
            if r.heading_id and r.method != "partial":
                return Block("weak", stripped, level=BARE, looks_like_heading=True, raw=raw)
            if n <= 6 and stripped[:1].isupper() and not stripped.endswith((":", "?", "!")):
                # a short line on its own: a heading if the form uses bare lines as headings
                return Block("weak", stripped, level=BARE, raw=raw)
        elif stripped.endswith(".") and n <= 25 and could_be_question(stripped, template):
            # "Who took part? Give demographics and numbers." standing alone: the question as heading
            r = match_heading(stripped, template)
            if r.heading_id and r.method != "partial":
                question, after = split_question(stripped, template.field(r.heading_id).question)
                if question and not after:
                    return Block("weak", stripped, level=8, looks_like_heading=True, raw=raw)
    return None
