"""Markdown as the report writes it: untrusted text made inert, tables, counts and times.

Every part of the report that writes Markdown (the body, the coding appendix, the drafted
sections) uses these, so they live below all of them.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_BLOCK_START = re.compile(r"^([-+=>#:]|\d{1,9}[.)])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def esc(text: object) -> str:
    """Untrusted text as inert Markdown on a single line."""
    flat = " ".join(str(text if text is not None else "").split())
    out = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", flat))
    m = _BLOCK_START.match(out)
    if m:
        token = m.group(1)
        out = (token[:-1] + "\\" + token[-1] if token[0].isdigit() else "\\" + token) + out[len(token) :]
    return out


def cell(text: object) -> str:
    """Untrusted text for a table cell (never empty, so the table keeps its shape)."""
    return esc(text) or " "


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def when(ts: str, seconds: bool = False) -> str:
    """A trail timestamp as a reader writes it: ``2026-11-22 14:30 UTC`` (or ``14:30:05`` with seconds)."""
    return f"{ts[:10]} {ts[11 : 19 if seconds else 16]} UTC" if len(ts) >= 19 else ts or "never"


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    """A GFM table; cells must already be escaped."""
    marks = {"l": "---", "r": "--:", "c": ":-:"}
    align = align or ["l"] * len(header)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return [*lines, ""]


SECTIONS = (
    ("Scope", "scope"),
    ("Method", "method"),
    ("Project summaries", "project-summaries"),
    ("Findings by extraction heading", "findings-by-extraction-heading"),
    ("General themes", "general-themes"),
    ("Framework matrix", "framework-matrix"),
    ("Themes by heading", "themes-by-heading"),
    ("Discussion", "discussion"),
    ("Conclusions", "conclusions"),
    ("Appendix: methods and coding trail", "appendix-methods-and-coding-trail"),
)


def draft_flag(flagged: bool) -> str:
    return " *(machine draft, not reviewed)*" if flagged else ""
