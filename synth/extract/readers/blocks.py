"""From a form's blocks to one case study: title, answers per field, unplaced sections.

Every document reader (Markdown, text, Word) turns a file into a flat list of
:class:`Block` s: headings of some strength, labelled lines, table rows and
text. :func:`assemble` then decides, in one place for every format, which
blocks start a section, which field each section answers, what the title is,
and what is left unplaced. The rules, in order of trust:

* a *strong* heading (``#``, a Word heading style, an underlined line) always
  starts a section; if it matches no field it is the title (the first one,
  before any answer), a sub-heading inside an answer (deeper than the field
  headings), or an unplaced section;
* a *weak* heading (a bold line, ``Q3)``, ``PURPOSE``, ``Label:`` alone) starts
  a section when it matches a field, names the title, or looks like a question
  heading; otherwise it stays text of the answer it is in;
* a *label* line (``Purpose: text...``) starts a section only when the label
  matches a field or names the title; before the first answer a short
  unmatched ``Key: value`` line is kept as a case attribute;
* a table *row* (``question | answer``) is its own section.

Refinements learnt from messy forms: a heading or label that matches the
field already being answered continues that answer ("Outcomes" under "Impact
and outcomes"), or, before any text, is the question repeated under its
heading; a weak match ("partial": the heading only starts with or contains an
alias) never interrupts an answer on its first line; in a form written as
``Label: answer`` paragraphs, an unknown label after a blank line ("Budget:")
starts an unplaced section rather than running into the answer before it; and
the question or guidance a team left at the top of an answer is dropped.
Anything not placed is kept in ``unplaced`` with the nearest field as a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from synth.extract.matching import (
    MatchResult,
    fold_within,
    is_title_label,
    match_heading,
    normalise,
    normalised,
    split_question,
)
from synth.model import Field, FieldMatch, Template, Unplaced

PREAMBLE = "(before the first heading)"
GROUP = 10  # the level of a "Section A" / "Part 2" line that groups questions
BARE = 9  # the level of a short line standing alone (see synth.extract.readers.lines)
#: Placeholder left in a blank form by ``synth form new``.
TITLE_PLACEHOLDER = "Title of your case study"


@dataclass
class Block:
    """One unit of a form as a reader saw it."""

    kind: str  # heading | weak | label | row | text | title
    text: str  # heading text, label, or body text
    level: int = 0  # heading depth (1 = top); 0 when not a heading
    inline: str = ""  # text after a label on the same line, or a row's answer
    looks_like_heading: bool = False  # a weak heading that stands on its own even unmatched
    raw: str = ""  # the source line(s), kept when the block turns out to be answer text
    after_blank: bool = False  # a blank line (or the start) came before it


@dataclass
class Assembled:
    title: str
    title_from: str
    fields: dict[str, str]
    matches: dict[str, FieldMatch]
    unplaced: list[Unplaced]
    attributes: dict[str, str]
    decisions: list[dict]


@dataclass
class _Section:
    heading: str
    result: MatchResult | None
    parts: list[str] = field(default_factory=list)
    level: int = 0


def tidy(text: str) -> str:
    """Trim each line's end, drop blank lines at the ends, at most one blank line in a row."""
    lines = [ln.rstrip() for ln in text.split("\n")]
    out: list[str] = []
    for ln in lines:
        if not ln.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(ln)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


_ATTR_KEY = re.compile(r"^[\w][\w .'/()&-]{0,40}$")


def assemble(blocks: list[Block], template: Template, fallback_title: str) -> Assembled:
    """Place a document's blocks under template fields (see the module docstring)."""
    title = ""
    title_from = ""
    attributes: dict[str, str] = {}
    preamble: list[str] = []
    sections: list[_Section] = []
    current: _Section | None = None
    field_level = 0  # depth of the headings that matched fields
    # A form written as "Label: answer" paragraphs: an unknown label there starts an unplaced section.
    label_style = (
        sum(1 for b in blocks if b.kind in ("label", "weak") and b.after_blank and _placed(b.text, template)) >= 3
    )
    # A form whose headings are short lines standing alone ("Project Summary"): an unknown one is a section too.
    bare_style = sum(1 for b in blocks if b.kind == "weak" and b.level == BARE and b.looks_like_heading) >= 3

    top_title = _title_heading(blocks, template)

    def start(heading: str, result: MatchResult | None, level: int) -> _Section:
        nonlocal current
        current = _Section(heading, result, level=level)
        sections.append(current)
        return current

    def add_text(text: str) -> None:
        if current is None:
            preamble.append(text)
        else:
            current.parts.append(text)

    for at, b in enumerate(blocks):
        if at == top_title:
            title, title_from = b.text.strip(), "heading"
            continue
        if b.kind == "title":
            if not title and b.text.strip():
                title, title_from = b.text.strip(), "title style"
            continue
        if b.kind == "text":
            add_text(b.text)
            continue
        if b.kind == "group":
            start(b.text, None, GROUP)  # "Section B - What happened": ends the answer before it
            continue
        heading = b.text.strip()
        if not heading:
            add_text(b.inline)
            continue
        if is_title_label(heading):
            if b.inline.strip() and title_from in ("", "heading", "first line"):
                # an explicit "Project name: ..." beats a guess from the first heading or line
                title, title_from = b.inline.strip().splitlines()[0].strip(), "label"
                continue
            if b.kind in ("heading", "weak", "row") and not b.inline.strip():
                # "Project name" as a heading: its text is the title
                start(heading, None, b.level).parts.append("\x00title")
                continue
        result = match_heading(heading, template)
        matched = result.heading_id is not None
        same_field = (
            matched
            and current is not None
            and current.result is not None
            and current.result.heading_id == result.heading_id
        )
        if same_field and current is not None and not _has_text(current) and b.kind in ("weak", "label"):
            if result.method == "partial":
                add_text(_as_line(b))  # "In total 30 people took part": the answer's first line
            elif b.inline:
                add_text(b.inline)  # the question repeated under its heading: not a second answer
            continue
        if (
            same_field
            and current is not None
            and _has_text(current)
            and (b.kind in ("weak", "label") or (b.kind == "heading" and field_level and b.level > field_level))
        ):
            # "Outcomes" inside "Impact and outcomes": a sub-heading of the same answer
            add_text(heading if b.kind == "heading" else _as_line(b))
            if b.kind == "heading" and b.inline:
                add_text(b.inline)
            continue
        if b.kind == "heading":
            no_answer_yet = not any(s.result and s.result.heading_id for s in sections)
            if matched:
                start(heading, result, b.level)
                field_level = field_level or b.level
            elif not title and no_answer_yet and not sections:
                title, title_from = heading, "heading"
            elif current is not None and current.result and field_level and b.level > field_level:
                add_text(heading)
            else:
                start(heading, result, b.level)
            if b.inline:
                add_text(b.inline)
            continue
        if b.kind == "row":
            if matched or not (current is None and len(b.inline) <= 80 and _ATTR_KEY.match(heading)):
                start(heading, result, 0).parts.append(b.inline)
            else:
                attributes[heading] = b.inline.strip()
            continue
        if b.kind == "weak":
            if matched and result.method == "partial" and not b.looks_like_heading:
                matched = False  # "Activities included:" inside an answer
            no_answer_yet = not any(s.result and s.result.heading_id for s in sections)
            if matched:
                start(heading, result, b.level)
            elif not title and no_answer_yet and not sections and not preamble:
                title, title_from = heading, "first line"
            elif b.looks_like_heading or (
                b.level == BARE
                and bare_style
                and current is not None
                and _has_text(current)
                and (heading.istitle() or len(heading.split()) <= 4)
            ):
                start(heading, result, b.level)
            else:
                add_text(_as_line(b))
                continue
            if b.inline:
                add_text(b.inline)
            continue
        # label: inside an answer, "Evaluation report: www..." is answer text, not a heading
        if matched and result.method == "partial" and current is not None and not _has_text(current):
            matched = False
        if matched:
            start(heading, result, b.level)
            add_text(b.inline)
        elif current is None and b.inline and len(b.inline) <= 120 and _ATTR_KEY.match(heading):
            attributes[heading] = b.inline.strip()
        elif (
            label_style
            and b.after_blank
            and (current is None or _has_text(current))
            and len(heading.split()) <= 4
            and (heading.istitle() or heading.isupper() or heading.islower())
            and not (
                title and normalise(title).startswith(normalise(heading))
            )  # "Green Minds: a garden..." in an answer
        ):
            start(heading, result, b.level)
            add_text(b.inline)
        else:
            add_text(_as_line(b))

    fields: dict[str, str] = {}
    matches: dict[str, FieldMatch] = {}
    unplaced: list[Unplaced] = []
    decisions: list[dict] = []
    by_field: dict[str, list[_Section]] = {}
    # "Part 2: Results" over "2.1 Impact": a heading that only groups deeper ones carries no answer
    sections = [
        s
        for i, s in enumerate(sections)
        if _has_text(s)
        or not (
            s.level == GROUP or (1 <= s.level <= 6 and i + 1 < len(sections) and s.level < sections[i + 1].level <= 6)
        )
    ]
    for s in sections:
        if s.parts[:1] == ["\x00title"]:
            text = tidy("\n".join(s.parts[1:]))
            if text and (title_from in ("", "heading", "first line") or _generic_title(title, template)):
                title, title_from = text.splitlines()[0].strip(), "label"
                rest = tidy("\n".join(text.splitlines()[1:]))
                if rest:
                    preamble.append(rest)
            elif text:
                attributes[s.heading] = text
            continue
        if s.result is not None and s.result.heading_id is not None:
            by_field.setdefault(s.result.heading_id, []).append(s)
            continue
        text = tidy("\n".join(s.parts))
        r = s.result
        hint = r.nearest if r is not None else None
        score = round(r.nearest_score, 3) if r is not None else 0.0
        unplaced.append(Unplaced(s.heading, text, hint, score))
        decisions.append({"heading": s.heading, "field": None, "confidence": score, "method": "unplaced", "hint": hint})
    for fid in template.heading_ids:
        group = by_field.get(fid)
        if not group:
            continue
        texts = [_drop_prompts(tidy("\n".join(s.parts)), template.field(fid)) for s in group]
        if any(texts) and not all(texts):  # "Results" over "Impact": the empty heading only announced the answer
            group, texts = [g for g, t in zip(group, texts, strict=True) if t], [t for t in texts if t]
        if len(group) == 1:
            fields[fid] = texts[0]
        else:
            fields[fid] = "\n\n".join(
                f"{s.heading}\n{t}" if t else s.heading for s, t in zip(group, texts, strict=True)
            )
        conf = min(s.result.confidence for s in group if s.result)
        methods = {s.result.method for s in group if s.result}
        matches[fid] = FieldMatch(
            fid, " / ".join(s.heading for s in group), round(conf, 3), methods.pop() if len(methods) == 1 else "fuzzy"
        )
        for s in group:
            assert s.result is not None
            decisions.append(
                {
                    "heading": s.heading,
                    "field": fid,
                    "confidence": round(s.result.confidence, 3),
                    "method": s.result.method,
                }
            )
    rest = tidy("\n".join(preamble))
    if rest:
        unplaced.insert(0, Unplaced(PREAMBLE, rest, None, 0.0))
        decisions.insert(0, {"heading": PREAMBLE, "field": None, "confidence": 0.0, "method": "unplaced", "hint": None})
    title = " ".join(title.replace("*", " ").split()).strip(" :-–—#")
    prefixed = _TITLE_PREFIX.match(title)
    if prefixed:  # "Case study: Green Minds"
        title = prefixed.group("name").strip()
    if not title or _generic_title(title, template):
        title, title_from = fallback_title, "file name"
    return Assembled(title, title_from, fields, matches, unplaced, attributes, decisions)


_TITLE_PREFIX = re.compile(
    r"^(?:case study|project(?: name| title)?|title|name of project|project case study)\s*(?:[:\-–—]|\s-\s)\s*(?P<name>\S.*)$",
    re.IGNORECASE,
)


def _title_heading(blocks: list[Block], template: Template) -> int:
    """The index of a first heading that names the case though a word of it is a field's alias
    ("# Legacy Songs at Strathmore Hospice" over "## Overview": above the first field heading, with
    nothing between them), or -1."""
    heads = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.text.strip()]
    if len(heads) < 2 or any(b.kind == "title" for b in blocks[: heads[0]]):
        return -1
    if any(b.text.strip() or b.inline.strip() for b in blocks[heads[0] + 1 : heads[1]]):
        return -1
    first, second = blocks[heads[0]], blocks[heads[1]]
    if (
        first.level < second.level
        and not first.inline.strip()
        and match_heading(first.text.strip(), template).method == "partial"
        and match_heading(second.text.strip(), template).heading_id is not None
    ):
        return heads[0]
    return -1


def _generic_title(title: str, template: Template) -> bool:
    """A heading that names the form, not the project: "Case study template", the template's own name."""
    norm = normalise(title)
    if not norm:
        return True
    if norm in (normalise(TITLE_PLACEHOLDER), normalise(template.name), normalise(template.id)):
        return True
    words = set(norm.split())
    return (
        "case" in words
        and "study" in words
        and bool(words & {"form", "template", "submission", "proforma"})
        and len(words) <= 6
    )


def _drop_prompts(text: str, f: Field) -> str:
    """Drop the question or guidance a team left at the top of its answer (a Word template's grey text)."""
    lines = text.split("\n")
    dropped = False
    for _ in range(2):
        first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        if first is None:
            break
        line = lines[first].strip().strip("[]()_*").strip()
        question, rest = split_question(line, f.question) if f.question else ("", line)
        guidance = normalised(f.guidance) if f.guidance else ""
        folded = fold_within(line, 2 * len(guidance) + 50) if guidance else None  # ratio 90 needs <= 1.23x
        is_guidance = folded is not None and fuzz.ratio(folded, guidance) >= 90
        if (question and not rest) or is_guidance:
            del lines[first]
            dropped = True
        else:
            break
    return tidy("\n".join(lines)) if dropped else text


def _placed(heading: str, template: Template) -> bool:
    r = match_heading(heading, template)
    return r.heading_id is not None and r.method != "partial"


def _has_text(section: _Section) -> bool:
    return any(p.strip() for p in section.parts)


def _as_line(b: Block) -> str:
    if b.raw:
        return b.raw
    if b.kind == "label":
        return f"{b.text}: {b.inline}" if b.inline else f"{b.text}:"
    return f"{b.text}\n{b.inline}" if b.inline else b.text
