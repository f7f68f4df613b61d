"""The help screen: the four steps in words, and every key of every screen, generated from the bindings.

Nothing here names a key by hand: :func:`help_markdown` reads the ``BINDINGS``
of the app and of each screen, so help cannot drift from what the keys do
(``tests/tui/test_keys.py`` holds it to that).
"""

from __future__ import annotations

import importlib
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

STEPS = """\
# synth: the four steps and every key

1. **Extract and normalise**: each case's form, answer under field, with how sure each heading match
   was (unplaced sections and uncertain matches are marked "!"); then the framework matrix, cases x
   headings, where each answer gets a short uniform summary.
2. **Themes per heading**: every project's summary under one heading beside ranked theme suggestions.
3. **Collate**: the theme x heading matrix and proposed general themes.
4. **Refine**: general themes with merge proposals, definitions and their final order.

Every decision is an event on the coding trail: who, when, what, hash-chained. Undo adds an event;
nothing is ever deleted. A decision that rewrites your work says what it will do first, and a toast
names it afterwards. In a text field every letter is text: Escape leaves it.
"""

#: (module, class, title) of each screen whose keys help lists, in the order an analyst meets them
SCREENS: tuple[tuple[str, str, str], ...] = (
    ("home", "HomeScreen", "Home (h)"),
    ("extract", "ExtractScreen", "Extract (1)"),
    ("normalise", "NormaliseScreen", "Normalise: the summaries grid (2)"),
    ("normalise", "CellScreen", "Normalise: one cell's summary editor"),
    ("themes", "ThemesScreen", "Themes per heading (3)"),
    ("collate", "CollateScreen", "Collate general themes (4)"),
    ("refine", "RefineScreen", "Refine (5)"),
    ("report", "ReportScreen", "Report (6)"),
    ("trail", "TrailScreen", "Trail (7)"),
    ("form", "FormScreen", "Form: a new case study (8)"),
    ("codebook", "CodebookScreen", "Codebook tree (0)"),
    ("memos", "MemosScreen", "Memos (ctrl+o)"),
    ("reconcile", "ReconcileScreen", "Reconcile a double-coding round (9)"),
    ("document", "DocumentScreen", "Case document (o on Extract, or a search result)"),
    ("search", "SearchScreen", "Search"),
)


#: (module, class, title) of the widgets whose own keys help lists after the screens'
WIDGETS: tuple[tuple[str, str, str], ...] = (
    ("synth.tui.widgets.paged", "PagedOptionList",
     "Long lists, 200 rows a page (cases, grid, trail, search, memos, collate, refine; moving past a page's end turns it too)"),
)  # fmt: skip


def key_text(app, binding: Binding) -> str:
    """Every key of a binding as the footer shows it, joined by ' or '."""
    return " or ".join(app.get_key_display(Binding(k.strip(), binding.action)) for k in binding.key.split(","))


def bindings_of(cls) -> list[Binding]:
    """A class's own bindings as Binding objects (tuples made into them), including the hidden ones."""
    out = []
    for b in getattr(cls, "BINDINGS", []):
        out.append(b if isinstance(b, Binding) else Binding(*b))
    return out


def sections(app) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(keys, what they do)]) for the app and each screen, from the bindings."""
    out = [
        ("Anywhere", [(key_text(app, b), b.tooltip or b.description) for b in bindings_of(type(app)) if b.description])
    ]
    for module, name, title in SCREENS:
        cls = getattr(importlib.import_module(f"synth.tui.screens.{module}"), name)
        rows = [(key_text(app, b), b.tooltip or b.description) for b in bindings_of(cls) if b.description]
        if rows:
            out.append((title, rows))
    for module, name, title in WIDGETS:
        cls = getattr(importlib.import_module(module), name)
        rows = [(key_text(app, b), b.tooltip or b.description) for b in bindings_of(cls) if b.description]
        out.append((title, rows))
    return out


def help_markdown(app) -> str:
    lines = [STEPS]
    for title, rows in sections(app):
        lines.append(f"\n## {title}\n")
        lines += [f"- `{keys}`: {what}" for keys, what in rows]
    return "\n".join(lines) + "\n"


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-wide", id="help"):
            yield Markdown(help_markdown(self.app))

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
