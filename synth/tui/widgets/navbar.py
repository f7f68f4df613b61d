"""The line of every screen's key under the title, generated from the app's bindings (never written by hand).

The footer shows the keys of the screen you are on; this bar shows where else
you can go, with the screen you are on marked, and the case filter if one is
set. It wraps onto a second line at 80 columns rather than cut a key off.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

#: app actions shown on the bar besides the screens (in this order, after them)
EXTRA = ("search", "filter", "undo", "help")


def nav_bindings(app) -> list[tuple[str, str, str | None]]:
    """(key as shown, description, mode or None) of each binding the bar shows, in the app's order."""
    out = []
    for b in app.BINDINGS:
        action = b.action
        mode = action[4:-2] if action.startswith("go('") else None
        if mode is None and action not in EXTRA:
            continue
        key = b.key.split(",")[0]
        out.append((app.get_key_display(type(b)(key, action)) if hasattr(app, "get_key_display") else key,
                    b.description, mode))  # fmt: skip
    return out


class NavBar(Static):
    """Every screen and the app-wide finders, by key; the current screen reversed."""

    DEFAULT_CSS = """
    NavBar { height: auto; padding: 0 1; background: $boost; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__("", id="navbar")

    def on_mount(self) -> None:
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def pieces(self) -> list[Text]:
        app = self.app
        here_mode = getattr(app, "current_mode", None)
        out = []
        for key, description, mode in nav_bindings(app):
            here = mode is not None and mode == here_mode
            out.append(Text.assemble((key, "bold reverse" if here else "bold"), " ",
                                     (description, "reverse" if here else "")))  # fmt: skip
        f = getattr(app, "case_filter", None)
        if f:
            out.append(Text(f"filter: {f.describe(app.state)}", style="bold yellow"))
        return out

    def draw(self) -> None:
        """Lay the keys out in lines as wide as the bar, never breaking a key from its name (closer together
        when that saves a line)."""
        width = max(20, (self.size.width or self.app.size.width) - 2)
        pieces = self.pieces()
        lines = min((_lines(pieces, width, sep) for sep in ("  ", " ")), key=len)
        text = Text("\n").join(lines)
        if text != self.content:
            self.update(text)


def _lines(pieces: list[Text], width: int, sep: str) -> list[Text]:
    lines: list[Text] = [Text()]
    for piece in pieces:
        line = lines[-1]
        if line and line.cell_len + len(sep) + piece.cell_len > width:
            lines.append(Text())
            line = lines[-1]
        if line:
            line.append(sep)
        line.append_text(piece)
    return lines
