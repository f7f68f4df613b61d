"""The synth App: opens a project, switches between the step screens, undoes, and never blocks.

Screens are Textual modes, built the first time they are shown (so the first
paint needs only the Home screen). Every change to the project goes through a
core function or :meth:`synth.project.Project.commit`; afterwards
:meth:`SynthApp.changed` asks the visible screen to redraw from the new state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, ParamSpec, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from synth.browse import CaseFilter, labels, namer
from synth.history import describe
from synth.project import Project
from synth.tui.commands import SynthCommands
from synth.tui.heap import Heap, settle

if TYPE_CHECKING:
    from synth.tui.engines import Engines

P = ParamSpec("P")
R = TypeVar("R")


def _screen(module: str, name: str) -> Callable[[], Any]:
    def build():
        import importlib

        from synth.tui.textual_compat import mark_styles_current

        screen = getattr(importlib.import_module(f"synth.tui.screens.{module}"), name)()
        # A mode's new screen is styled when it mounts, from the current stylesheet; marked as up to date,
        # Textual does not re-parse every stylesheet and restyle the whole app for it (a third of a second).
        return mark_styles_current(screen)

    return build


#: the modules of the screens opened after the first one (see SynthApp.import_screens)
SCREEN_MODULES = ("extract", "normalise", "themes", "collate", "refine", "report", "trail", "codebook", "memos",
                  "search", "document", "form", "reconcile", "help", "filter", "rejected")  # fmt: skip


class SynthApp(App):
    """The analyst's workbench over one synthesis project."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "synth"
    COMMANDS = App.COMMANDS | {SynthCommands}
    MODES: ClassVar[dict] = {
        "home": _screen("home", "HomeScreen"),
        "extract": _screen("extract", "ExtractScreen"),
        "normalise": _screen("normalise", "NormaliseScreen"),
        "themes": _screen("themes", "ThemesScreen"),
        "collate": _screen("collate", "CollateScreen"),
        "refine": _screen("refine", "RefineScreen"),
        "report": _screen("report", "ReportScreen"),
        "trail": _screen("trail", "TrailScreen"),
        "form": _screen("form", "FormScreen"),
        "reconcile": _screen("reconcile", "ReconcileScreen"),
        "codebook": _screen("codebook", "CodebookScreen"),
        "memos": _screen("memos", "MemosScreen"),
    }
    #: the screens, the finders and help are shown on every screen's NavBar (widgets/navbar.py), not the footer
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "go('home')", "Home", show=False, tooltip="Home: progress and what needs attention"),
        Binding("1", "go('extract')", "Extract", show=False, tooltip="Step 1: extract (cases and their forms)"),
        Binding("2", "go('normalise')", "Normalise", show=False, tooltip="Step 1: normalise (summaries grid)"),
        Binding("3", "go('themes')", "Themes", show=False, tooltip="Step 2: themes per heading"),
        Binding("4", "go('collate')", "Collate", show=False, tooltip="Step 3: collate general themes"),
        Binding("5", "go('refine')", "Refine", show=False, tooltip="Step 4: refine general themes"),
        Binding("6", "go('report')", "Report", show=False, tooltip="The report: preview and export"),
        Binding("7", "go('trail')", "Trail", show=False, tooltip="The coding trail: log, undo, verify"),
        Binding("8", "go('form')", "Form", show=False, tooltip="Fill in a new case study form"),
        Binding("9", "go('reconcile')", "Reconcile", show=False, tooltip="Reconcile a double-coding round"),
        Binding(
            "0",
            "go('codebook')",
            "Codebook",
            show=False,
            tooltip="The codebook tree: general themes, themes, codings, counts",
        ),
        Binding("ctrl+o", "go('memos')", "Memos", show=False, tooltip="Every memo, by what it is on"),
        Binding("ctrl+f", "search", "Search", show=False, tooltip="Search every answer, summary and memo"),
        Binding(
            "f",
            "filter",
            "Filter",
            show=False,
            tooltip="Filter the cases every screen shows (attributes, answers, themes)",
        ),
        Binding("ctrl+z", "undo", "Undo", show=False, tooltip="Undo the last decision (recorded on the trail)"),
        Binding("ctrl+y", "redo", "Redo", show=False, tooltip="Redo the decision last undone"),
        Binding("f1,question_mark", "help", "Help", show=False, tooltip="Keys and how the four steps work"),
        # shown in the footer while a task runs (check_action), hidden otherwise
        Binding("ctrl+x", "cancel_task", "Cancel task", tooltip="Cancel the running task (suggesting, import…)"),
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False, tooltip="Switch between light and dark themes"),
        Binding("ctrl+q", "quit", "Quit", show=False, tooltip="Quit synth"),
    ]

    def __init__(
        self,
        project_path: Path | None = None,
        *,
        project: Project | None = None,
        analyst: str | None = None,
        notice: str | None = None,
        warm_up: bool = True,
        live: bool | None = None,
        engines: Engines | None = None,
    ) -> None:
        super().__init__()
        #: the slow core functions the screens run in workers (synth.tui.engines); None: the real ones, loaded when first used
        self._engines = engines
        #: watch for teammates' commits (synth.stores.watch_head); default: as warm_up
        self._live = warm_up if live is None else live
        self._pending_redraw = False
        self.project_path = Path(project_path) if project_path else (project.path if project else None)
        self._given = project
        self.analyst = analyst
        self.notice = notice
        self._warm = warm_up
        self.project: Project | None = project
        #: the cases every screen shows (see synth.browse.CaseFilter); empty: every case
        self.case_filter = CaseFilter()
        #: the garbage collector's settings while the app runs (see synth.tui.heap)
        self.heap = Heap()

    # -- lifecycle -------------------------------------------------------------

    def on_mount(self) -> None:
        if self.project is None:
            assert self.project_path is not None
            self.project = Project.open(self.project_path, analyst=self.analyst)
        from synth.tui.recent import remember

        remember(self.project.path)
        self.heap.hold()
        self.sub_title = self.default_subtitle
        self.switch_mode("home")
        if self.notice:
            self.notify(self.notice, title="synth", timeout=10)
        self.call_after_refresh(self.import_screens)
        if self._warm:
            self.call_after_refresh(self.warm_up)
        if self._live:
            self.watch_teammates()

    def on_unmount(self) -> None:
        self.heap.release()
        if self.project is None:
            return
        self.project.save_snapshot()
        if self._given is None:
            self.project.close()

    @work(thread=True, exclusive=True, group="imports", exit_on_error=False)
    def import_screens(self) -> None:
        """Import every screen's module after the first paint, off the loop: a first opening does not import.

        On the loop, the report screen's import took 28 ms, reconcile's 83 ms, the themes screen's 18 ms.
        """
        import importlib

        for module in SCREEN_MODULES:
            importlib.import_module(f"synth.tui.screens.{module}")

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def warm_up(self) -> None:
        """Load the NLP pipeline after the first paint, so the first suggestion does not wait for it."""
        from synth.nlp import get_nlp

        get_nlp()

    #: seconds between looks at the trail's head (on PostgreSQL: the longest wait for a NOTIFY)
    LIVE_EVERY = 1.0

    @work(thread=True, exclusive=True, group="teammates", exit_on_error=False)
    def watch_teammates(self) -> None:
        """Wait, off the main thread, for commits by others; the main thread folds them in (teammates_committed)."""
        from textual.worker import get_current_worker

        from synth.stores import open_trail, watch_head

        worker = get_current_worker()
        with open_trail(self.project.path) as trail, watch_head(trail) as changed:
            seen = trail.head()[0]
            while not worker.is_cancelled:
                moved = changed(seen, self.LIVE_EVERY)
                if worker.is_cancelled:
                    return
                if moved or self._pending_redraw:
                    seen = moved or seen
                    self.call_from_thread(self.teammates_committed)

    def _typing(self) -> bool:
        from textual.widgets import Input, TextArea

        focused = self.focused
        return isinstance(focused, Input | TextArea) and not getattr(focused, "read_only", False)

    def teammates_committed(self) -> None:
        """Fold in teammates' events and redraw, but never under the analyst's typing: then redraw once they leave the field."""
        from synth.stores import catch_up

        with self.guard("teammates' changes"):
            new = catch_up(self.project)
            if new:
                who = ", ".join(sorted({e.analyst for e in new}))
                self.notify(f"{who} recorded {len(new)} change(s)", title="teammates")
            if new or self._pending_redraw:
                if self._typing():
                    self._pending_redraw = True
                else:
                    self._pending_redraw = False
                    self.changed()

    # -- helpers the screens use --------------------------------------------------

    @property
    def default_subtitle(self) -> str:
        return f"{self.project.state.name} · {self.project.analyst}"

    @property
    def state(self):
        return self.project.state

    @property
    def engines(self) -> Engines:
        """The suggestion engines, checks and import the screens run (imported on first use: not before the first paint)."""
        if self._engines is None:
            from synth.tui.engines import Engines

            self._engines = Engines()
        return self._engines

    def changed(self) -> None:
        """The project changed: redraw the visible screen from the new state."""
        settle()
        redraw = getattr(self.screen, "redraw", None)
        if redraw is not None:
            redraw()

    @contextmanager
    def guard(self, what: str) -> Iterator[None]:
        """Run a decision; a bad input or a core error becomes a notification, never a crash."""
        try:
            yield
        except Exception as exc:  # every core error is shown, none ends the session
            self.notify(f"{what}: {exc}", title=type(exc).__name__, severity="error", timeout=10)

    def call(self, what: str, action: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R | None:
        """Call one quick core function on the main thread and redraw; None if it failed (and was shown).

        A decision recorded on the trail is named in a toast that says ctrl+z takes it back.
        """
        result = None
        ok = False
        before, seq = labels(self.state), self.state.seq
        with self.guard(what):
            result = action(*args, **kwargs)
            ok = True
        if ok:
            self.decided(seq, before)
            self.changed()
        return result if ok else None

    def decided(self, seq: int, before: dict[str, str]) -> None:
        """Name the command recorded since ``seq`` (by names, never ids) in a toast offering its undo."""
        if self.state.seq == seq:
            return
        new = [e for e in self.project.trail.events(after=seq) if e.kind not in ("undo", "redo")]
        if not new:
            return
        name = namer(self.state, before)
        text = describe(new[0], name) + (f" (+{len(new) - 1} more)" if len(new) > 1 else "")
        self.notify(f"{text}. ctrl+z undoes.", title="recorded")

    # -- actions -------------------------------------------------------------------

    def action_go(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    def _history(self, which: str) -> None:
        before = labels(self.state)  # names of what the undo takes away
        with self.guard(which):
            event = self.project.undo() if which == "undo" else self.project.redo()
            if event is None:
                self.notify(f"Nothing to {which}.", severity="warning")
                return
            txn = event.payload["txn"]
            first = next((e for e in self.project.trail.events(after=txn - 1) if e.txn == txn), None)
            what = describe(first, namer(self.state, before)) if first else f"transaction {txn}"
            self.notify(f"{which.capitalize()}: {what}")
            self.changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_task":  # shown while a task's bar shows
            return any(bar.shown for bar in self._running_tasks())
        return True

    def _running_tasks(self) -> list:
        from synth.tui.widgets.taskbar import TaskBar

        try:
            return [b for b in self.screen.query(TaskBar) if b.busy]
        except Exception:  # no screen yet (the app is starting or closing)
            return []

    def action_cancel_task(self) -> None:
        bars = self._running_tasks()
        if not bars:
            self.notify("No task is running.", severity="warning")
        for bar in bars:
            bar.cancel()

    def action_help(self) -> None:
        from synth.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        from synth.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_filter(self) -> None:
        from synth.tui.screens.filter import FilterScreen

        self.push_screen(FilterScreen(self.case_filter), self.set_filter)

    def set_filter(self, f: CaseFilter | None) -> None:
        """Show only the cases ``f`` keeps on every screen (None: leave the filter as it is)."""
        if f is None:
            return
        self.case_filter = f
        self.notify(f"Showing {f.describe(self.state)}" + (" (f to change)" if f else "."), title="filter")
        self.changed()

    def filtered_cases(self) -> list[str]:
        """The ids of the cases the current filter keeps."""
        from synth.browse import filter_cases

        return filter_cases(self.state, self.case_filter)

    def open_case(self, case_id: str, heading_id: str | None = None, offset: int | None = None) -> None:
        """Show a case as one document, at a section (and a place in it) if given."""
        from synth.tui.screens.document import DocumentScreen

        self.push_screen(DocumentScreen(case_id, heading_id, offset))

    def show_theme(self, theme_id: str) -> None:
        """Open the Themes screen on a theme's heading with the theme highlighted (from any screen)."""
        theme = self.state.themes.get(theme_id)
        if theme is None:
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.switch_mode("themes")

        def highlight() -> None:
            screen = self.screen
            if hasattr(screen, "show_theme") and screen.is_mounted:
                screen.show_theme(theme_id)

        self.call_after_refresh(highlight)

    def show_memo(self, memo_id: str) -> None:
        """Open the memos browser with one memo highlighted."""
        self.switch_mode("memos")
        self.call_after_refresh(lambda: getattr(self.screen, "show_memo", lambda m: None)(memo_id))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
