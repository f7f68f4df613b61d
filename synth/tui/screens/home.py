"""Home: the project, its cases and extraction headings, progress through the four steps, what next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from synth.tui import views
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.steady import SteadyOptionList

SHOWN_CASES = 200
#: cells (cases x headings) counted on the event loop; more are counted in a worker (70,000 take 50 ms)
INLINE_CELLS = 20_000


class HomeScreen(SynthScreen):
    """Where a session starts: where the synthesis stands and what to do next."""

    def body(self) -> ComposeResult:
        with Horizontal(id="home"):
            with VerticalScroll(id="home-left"):
                yield Static(id="home-project", classes="panel")
                yield Static(id="home-steps", classes="panel")
                yield Static(id="home-next", classes="panel")
            with Vertical(id="home-right"):
                yield Label("Cases", classes="section-title", id="home-cases-title")
                yield SteadyOptionList(id="home-cases")
                yield Label("Extraction headings", classes="section-title")
                yield Static(id="home-fields")

    def refresh_view(self) -> None:
        s = self.state
        p = self.project
        tpl = s.template
        self.set_text(
            "#home-project",
            f"[b]{s.name}[/b]\nfolder: {p.path.name}   template: {tpl.name if tpl else '?'}   analyst: {p.analyst}\n"
            f"{views.plural(len(s.cases), 'case')} · {views.plural(len(s.fields), 'extraction heading')}"
            f" · {views.plural(s.seq, 'event')} on the trail",
        )
        if len(s.cases) * max(1, len(s.fields)) <= INLINE_CELLS:
            self._counted(views.progress(s), views.attention(s))
        else:  # tens of thousands of cells: counted in a worker, the panels keep their text meanwhile
            self.run_task(lambda progress, cancelled: (views.progress(s), views.attention(s)), group="home-counts",
                          title="Counting the summaries", done=lambda found: self._counted(*found))  # fmt: skip
        kept = self.cases_shown()
        shown = [s.cases[c] for c in kept[:SHOWN_CASES]]
        self.query_one("#home-cases", SteadyOptionList).replace(
            Option(("! " if views.needs_review(c) else "  ") + c.title, id=c.id) for c in shown
        )
        more = len(kept) - len(shown)
        title = f"Cases ({len(kept)}" + (f" of {len(s.cases)})" if len(kept) != len(s.cases) else ")")
        title += f", first {SHOWN_CASES} shown" if more > 0 else ""
        self.set_text("#home-cases-title", title)
        self.set_text("#home-fields", "\n".join(f"{views.heading(s, f)} [dim]({f})[/]" for f in s.fields))

    def _counted(self, steps, notes) -> None:
        lines = []
        for step in steps:
            mark = "[green]✓[/]" if step.done else "·"
            lines.append(f"{mark} {step.line}")
        self.set_text("#home-steps", "[b]Progress[/b]\n" + "\n".join(lines))
        self.set_text("#home-next", "[b]Needs attention next[/b]\n" + "\n".join(f"→ {n}" for n in notes))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        case_id = event.option.id
        self.app.switch_mode("extract")

        def open_case() -> None:  # once the Extract screen is up (it may be built for the first time)
            screen = self.app.screen
            if hasattr(screen, "show_case") and screen.is_mounted:
                screen.show_case(case_id)

        self.app.call_after_refresh(open_case)
