"""Every project's text under one heading, in one read-only view that highlights evidence and maps selections back.

The view holds the working text of each case (the summary if there is one,
else the answer) under a title line. It highlights spans given in each case's
own code-point offsets (a suggestion's evidence, a theme's codings), and turns
the analyst's selection back into (case, start, end) for coding.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

from synth.tui.textual_compat import highlight_map, override_highlight_map
from synth.tui.widgets.steady import fixed_size_content

THEME = TextAreaTheme(
    name="synth-evidence",
    syntax_styles={
        "case": Style(bold=True, underline=True),
        "evidence": Style(color="black", bgcolor="yellow"),
        "coded": Style(bold=True, color="magenta"),
    },
)


@dataclass(frozen=True)
class Segment:
    case_id: str
    title: str
    text: str
    target: str
    row: int  # the document row of the text's first line (its title is the row above)


class EvidenceView(TextArea):
    """Read-only text of many cases with highlighted spans."""

    virtual_size = fixed_size_content()  # a new page of text repaints the view, not the screen

    def __init__(self, **kwargs) -> None:
        super().__init__("", read_only=True, soft_wrap=True, **kwargs)
        self.register_theme(THEME)
        self.theme = "synth-evidence"
        self.segments: list[Segment] = []
        self._by_case: dict[str, Segment] = {}
        self._marks: list[tuple[int, int, int | None, str]] = []

    def show(self, items: list[tuple[str, str, str, str]]) -> None:
        """``items`` are (case_id, title, text, target) in the order to show."""
        lines: list[str] = []
        segments = []
        for case_id, title, text, target in items:
            lines.append(f"▌ {title}" + ("" if target == "summary" else "  (answer, no summary yet)"))
            segments.append(Segment(case_id, title, text, target, len(lines)))
            lines.extend(text.split("\n"))
            lines.append("")
        self.segments = segments
        self._by_case = {s.case_id: s for s in segments}
        self._marks = [(s.row - 1, 0, None, "case") for s in segments]
        text = "\n".join(lines)
        self.load_text(text)
        self._text = text

    # TextArea reads ``text`` (the whole document joined) for every line it paints, to decide whether to
    # show a placeholder: 40 projects' text joined 32 times was a third of the view's paint. The view is
    # read-only; its text changes only through load_text or edit, which forget the copy.

    @property
    def text(self) -> str:
        if getattr(self, "_text", None) is None:
            self._text = self.document.text
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self.load_text(value)

    def load_text(self, text: str) -> None:
        self._text = None
        super().load_text(text)

    def edit(self, edit):
        self._text = None
        return super().edit(edit)

    def location(self, case_id: str, offset: int) -> tuple[int, int] | None:
        """The document (row, column) of a code-point offset into a case's text."""
        seg = self._by_case.get(case_id)
        if seg is None:
            return None
        before = seg.text[:offset]
        row = seg.row + before.count("\n")
        return row, offset - (before.rfind("\n") + 1)

    def mark(self, spans: list[tuple[str, int, int]], name: str = "evidence", clear: bool = True) -> None:
        """Highlight spans given as (case_id, start, end) code points; scrolls to the first."""
        before = list(self._marks)
        if clear:
            self._marks = [m for m in self._marks if m[3] == "case"]
        first = None
        for case_id, start, end in spans:
            a, b = self.location(case_id, start), self.location(case_id, end)
            if a is None or b is None:
                continue
            first = first or a
            for row in range(a[0], b[0] + 1):
                line = self.document.get_line(row)
                col_a = a[1] if row == a[0] else 0
                col_b = b[1] if row == b[0] else len(line)
                self._marks.append((row, len(line[:col_a].encode()), len(line[:col_b].encode()), name))
        if self._marks == before:
            return  # the same highlights: nothing to repaint, and the view stays where the analyst scrolled it
        self.build_highlights()
        self.refresh()
        if first is not None:
            self.move_cursor(first, center=True)

    def build_highlights(self) -> None:
        """Fill the TextArea's highlight map from the marks (it calls this whenever it would rebuild it)."""
        highlights = highlight_map(self)
        for row, start, end, name in getattr(self, "_marks", ()):
            highlights[row].append((start, end, name))

    def selected_span(self) -> tuple[Segment, int, int] | None:
        """The selection as (segment, start, end) in that case's own text, or None if it crosses cases."""
        sel = self.selection
        (r1, c1), (r2, c2) = sorted([sel.start, sel.end])
        if (r1, c1) == (r2, c2):
            return None
        for seg in self.segments:
            n_rows = seg.text.count("\n") + 1
            if seg.row <= r1 < seg.row + n_rows:
                if not (seg.row <= r2 < seg.row + n_rows):
                    return None
                lines = seg.text.split("\n")
                start = sum(len(x) + 1 for x in lines[: r1 - seg.row]) + c1
                end = sum(len(x) + 1 for x in lines[: r2 - seg.row]) + c2
                return seg, start, end
        return None


override_highlight_map(EvidenceView, EvidenceView.build_highlights)
