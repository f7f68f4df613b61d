"""Untrusted text made inert for a terminal, and the core's one channel for notices.

Analyst names, file names and case titles come from other people's files and
trails. Printed raw, a newline forges a line of ``synth trail log`` and an
escape sequence drives the terminal; :func:`terminal_safe` writes every
character that is not printable (controls, escapes, bidirectional overrides,
line and paragraph separators) as a visible backslash escape.
"""

from __future__ import annotations

from collections.abc import Callable

#: Where the core's notices go (the CLI prints them to standard error; unset, they are only kept on the object).
NOTICE_HANDLER: Callable[[str], None] | None = None


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def terminal_safe(text: object) -> str:
    """``text`` with every non-printable character written as ``\\xNN``, ``\\uNNNN`` or ``\\UNNNNNNNN``."""
    value = str(text)
    if value.isprintable():
        return value
    out = []
    for ch in value:
        if ch.isprintable():
            out.append(ch)
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)


def notify(message: str) -> None:
    if NOTICE_HANDLER is not None:
        NOTICE_HANDLER(message)
