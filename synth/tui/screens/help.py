"""The help screen: the four steps and the keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# synth: keys and the four steps

**Anywhere**: `h` Home · `1` Extract · `2` Normalise · `3` Themes · `4` Collate · `5` Refine ·
`6` Report · `7` Trail · `8` Form · `ctrl+z` undo · `ctrl+y` redo · `ctrl+p` every action by name ·
`ctrl+t` light/dark · `ctrl+q` quit. The footer lists the keys of the screen you are on.

1. **Extract** (`1`): each case's form, answer under field, with how sure the heading match was.
   Unplaced sections and uncertain matches are marked `!`; `m` moves a section to another field,
   `i` imports more forms from a path.
2. **Normalise** (`2`): the framework matrix, cases x headings. `enter` opens a cell: the answer
   beside the suggested summary; `a` accept, `ctrl+s` save your edit, `r` redraft, `n` next cell.
   `d` drafts summaries for the whole heading, `D` for every heading; `A` records a heading's drafts
   as machine summaries marked unreviewed (`m`), for later review.
3. **Themes** (`3`): every project's summary under one heading and ranked theme suggestions;
   `a` accept, `x` reject, `e` rename, `m` merge, `s` split, `+`/`-` add or remove a project,
   `c` code the selected text with a theme (fuzzy search), `M` write a memo, `D` define a theme,
   `]`/`[` next or previous heading, `>`/`<` next or previous page of projects' text.
4. **Collate** (`4`): the theme x heading matrix and proposed general themes; `a` confirm,
   `e` edit the label, `x` set aside, `n` build one by hand.
5. **Refine** (`5`): general themes with merge proposals; `m` merge, `d` define,
   `ctrl+up`/`ctrl+down` order them.
6. **Report** (`6`): the Markdown preview; `e` export one format, `a` export every format.
7. **Trail** (`7`): every decision with who and when; `/` filter, `u` undo, `y` redo, `v` verify.
8. **Form** (`8`): project teams fill in a new case study; `ctrl+n`/`ctrl+b` next or previous
   question, autosaved as a draft, `ctrl+s` saves it as Markdown.

Every decision is an event on the coding trail (`7`): who, when, what, hash-chained.
Undo adds an event; nothing is ever deleted.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-wide", id="help"):
            yield Markdown(HELP)

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
