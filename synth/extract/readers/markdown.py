"""Markdown forms: ``#`` headings at any level (and underlined ones), bold lines as headings.

markdown-it-py finds the real block structure (headings, code, HTML comments)
so a ``#`` inside a code block or a guidance comment left from a blank form is
not taken for a heading; the lines in between go through the same line rules
as plain text (bold lines, numbered questions, ``Label:`` lines). Answers keep
their source text (lists, emphasis) so nothing the team wrote is lost.
"""

from __future__ import annotations

import re
from functools import lru_cache

from synth.extract.readers.blocks import Block
from synth.extract.readers.lines import classify
from synth.model import Template

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    # Only the block structure is needed: inline parsing would cost a third of the time for nothing.
    return MarkdownIt("commonmark").disable(["inline", "text_join"])


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` YAML front matter, and the text after it."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-")):
            meta[key.strip()] = value.strip().strip("'\"")
    return meta, "\n" * m.group(0).count("\n") + text[m.end() :]


def parse(text: str) -> list:
    """The bare parse (used by the benchmark as the baseline cost)."""
    return _parser().parse(text)


def markdown_blocks(text: str, template: Template) -> tuple[list[Block], dict[str, str]]:
    meta, body = front_matter(text)
    lines = body.split("\n")
    tokens = parse(body)
    kinds: dict[int, Block | None] = {}  # line number -> replacement block (None: drop the line)
    verbatim: set[int] = set()
    for index, tok in enumerate(tokens):
        if tok.map is None or tok.level != 0:
            continue
        start, end = tok.map
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            inline = tokens[index + 1]
            heading = " ".join(inline.content.split())
            kinds[start] = Block("heading", heading, level=level, raw=lines[start])
            for n in range(start + 1, end):
                kinds[n] = None
        elif tok.type == "html_block":
            content = "\n".join(lines[start:end])
            if _COMMENT.sub("", content).strip() == "":
                for n in range(start, end):
                    kinds[n] = None
        elif tok.type in ("fence", "code_block"):
            verbatim.update(range(start, end))
    blocks: list[Block] = []
    run: list[str] = []
    run_start = True

    def flush() -> None:
        nonlocal run, run_start
        if run:
            blocks.extend(classify(run, template, markdown=True, offer_title=run_start and not blocks))
            run_start = False
        run = []

    for n, line in enumerate(lines):
        if n in kinds:
            flush()
            block = kinds[n]
            if block is not None:
                blocks.append(block)
                run_start = False
            continue
        if n in verbatim:
            flush()
            blocks.append(Block("text", line))
            continue
        run.append(_COMMENT.sub("", line) if "<!--" in line else line)
    flush()
    return blocks, meta
