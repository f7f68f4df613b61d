"""Lists that hold one page of a long list at a time, so a 10,000-case project never mounts 10,000 rows at once.

:class:`PagedOptionList` keeps every id but builds options for one page only;
:class:`PagedDataTable` tells its screen when the cursor tries to leave the
page's first or last row, and the screen shows the page before or after. On
both, ``>`` and ``<`` turn the page, and moving past either end of a page turns
it, so the keyboard reaches every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.option_list import Option

from synth.tui.widgets.steady import SteadyOptionList

#: rows shown at once: a page is quick to build and lay out; a screen of 40 lines shows 5 of them
PAGE = 200


def page_count(n: int, size: int = PAGE) -> int:
    return max(1, -(-n // size))


def page_span(page: int, n: int, size: int = PAGE) -> tuple[int, int]:
    """The first index and one past the last of ``page`` (clamped to the pages there are)."""
    page = max(0, min(page, page_count(n, size) - 1))
    return page * size, min(n, (page + 1) * size)


class PagedOptionList(SteadyOptionList):
    """An option list of many ids, built one page at a time from ``prompt(id)``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("greater_than_sign", "turn(1)", "Next page", show=False, tooltip="Show the next page of the list"),
        Binding("less_than_sign", "turn(-1)", "Previous page", show=False, tooltip="Show the previous page"),
    ]

    class PageTurned(Message):
        """The list shows another page (or a new list); the screen may say which."""

        def __init__(self, paged: PagedOptionList) -> None:
            super().__init__()
            self.paged = paged

        @property
        def control(self) -> PagedOptionList:
            return self.paged

    def __init__(self, *args, page_size: int = PAGE, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.page_size = page_size
        self.ids: list[str] = []
        self.page = 0
        self._where: dict[str, int] = {}
        self._prompt: Callable[[str], object] = str
        self._disabled: Callable[[str], bool] | None = None

    @property
    def pages(self) -> int:
        return page_count(len(self.ids), self.page_size)

    def describe_page(self) -> str:
        """``page 2/50 (< >)`` when there is more than one page, else empty."""
        return f"page {self.page + 1}/{self.pages} (< > turn)" if self.pages > 1 else ""

    def show_ids(
        self,
        ids: Sequence[str],
        prompt: Callable[[str], object],
        keep: str | None = None,
        disabled: Callable[[str], bool] | None = None,
    ) -> None:
        """Hold these ids; show the page of ``keep`` (if given and held) or the page shown before.

        ``disabled(id)``: the ids shown but not choosable (a list's section titles).
        """
        self.ids, self._prompt, self._disabled = list(ids), prompt, disabled
        self._where = {i: n for n, i in enumerate(self.ids)}
        page = self._where[keep] // self.page_size if keep in self._where else self.page
        self.show_page(page, None)

    def show_page(self, page: int, highlight: int | None = 0) -> None:
        """Show one page; ``highlight`` is the index on it to highlight (-1 the last; None: leave it to the caller)."""
        start, end = page_span(page, len(self.ids), self.page_size)
        turned = start // self.page_size != self.page
        self.page = start // self.page_size
        prompt, disabled = self._prompt, self._disabled or (lambda i: False)
        self.replace(Option(prompt(i), id=i, disabled=disabled(i)) for i in self.ids[start:end])
        if highlight is not None and self.option_count:
            self.highlighted = highlight % self.option_count
        if turned or highlight is None:
            self.post_message(self.PageTurned(self))

    def index_of(self, item: str) -> int | None:
        """Where ``item`` is on the shown page, turning to its page first; None if it is not held."""
        n = self._where.get(item)
        if n is None:
            return None
        if n // self.page_size != self.page:
            self.show_page(n // self.page_size, None)
        return n - self.page * self.page_size

    def action_turn(self, by: int) -> None:
        if 0 <= self.page + by < self.pages:
            self.show_page(self.page + by, 0 if by > 0 else -1)

    def action_cursor_down(self) -> None:
        """Past the page's last option: the next page's first (from the last page, the first page: the list wraps)."""
        if self.pages > 1 and self.highlighted is not None and self.highlighted >= self.option_count - 1:
            self.show_page((self.page + 1) % self.pages, 0)
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.pages > 1 and self.highlighted == 0:
            self.show_page((self.page - 1) % self.pages, -1)
            return
        super().action_cursor_up()


class PagedDataTable(DataTable):
    """A DataTable holding one page of rows; the cursor leaving the page asks the screen for the next one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("greater_than_sign", "turn(1)", "Next page", show=False, tooltip="Show the next page of rows"),
        Binding("less_than_sign", "turn(-1)", "Previous page", show=False, tooltip="Show the previous page of rows"),
    ]

    class Turn(Message):
        """The analyst asked for the page after (``by`` 1) or before (-1) the one shown."""

        def __init__(self, table: PagedDataTable, by: int) -> None:
            super().__init__()
            self.table, self.by = table, by

        @property
        def control(self) -> PagedDataTable:
            return self.table

    def action_turn(self, by: int) -> None:
        self.post_message(self.Turn(self, by))

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.Turn(self, 1))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.row_count and self.cursor_row == 0:
            self.post_message(self.Turn(self, -1))
            return
        super().action_cursor_up()
