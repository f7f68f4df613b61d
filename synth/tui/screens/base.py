"""What every step screen shares: a header, a task bar for workers, the footer, and a redraw hook."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker, get_current_worker

from synth.tui.widgets.navbar import NavBar
from synth.tui.widgets.steady import SteadyFooter
from synth.tui.widgets.taskbar import TaskBar

#: what a task runs in its thread: given the task bar's ``(progress, cancelled)`` callbacks, returns the result
Job = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]


#: seconds a task started before the screen's first paint waits for it at most
PAINT_WAIT = 0.5


class TaskDone(Message):
    """A task started by :meth:`SynthScreen.run_task` came back from its thread with a result or an error."""

    def __init__(self, worker: Worker | None, result: Any, error: Exception | None, task: dict) -> None:
        super().__init__()
        self.worker, self.result, self.error, self.task = worker, result, error, task
        #: the analyst cancelled the task (ctrl+x): its result, if any, is dropped
        self.cancelled = False


class SynthScreen(Screen):
    """A step screen: subclasses compose ``body()`` and redraw in ``refresh_view()``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: the tasks running, by worker (what to call when each ends or is cancelled)
        self._tasks: dict[Worker, dict] = {}
        #: set once the screen is first painted: a task started before waits for it (see run_task)
        self._painted = threading.Event()

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar()
        yield from self.body()
        yield TaskBar()
        yield SteadyFooter(compact=True)  # compact: a screen's keys fit 80 columns

    def body(self) -> ComposeResult:
        yield from ()

    @property
    def project(self):
        return self.app.project

    @property
    def state(self):
        return self.app.project.state

    def set_line(self, selector: str, content) -> None:
        """Put new content in a one-line title or status (fixed height in app.tcss), without a layout of the screen.

        A layout repaints the whole screen; a line whose size cannot change needs only its own repaint.
        """
        widget = self.query_one(selector, Static)
        if widget.content != content:
            widget.update(content, layout=False)

    def set_text(self, selector: str, content) -> None:
        """New content for a Static sized by its content (``height: auto``): a layout only if its height changes."""
        widget = self.query_one(selector, Static)
        if widget.content == content:
            return
        width, shown = widget.content_region.width, widget.content_region.height
        if not width:
            widget.update(content)
            return
        before = widget.get_content_height(widget.size, widget.size, width)
        widget.update(content, layout=False)
        after = widget.get_content_height(widget.size, widget.size, width)
        if after != before and not (before > shown and after >= shown):  # both taller than its max-height: still full
            widget.refresh(layout=True)

    def focused_on(self, selector: str, what: str) -> bool:
        """Whether the widget a decision acts on has focus; if not, say where it is instead of acting.

        A key pressed while the analyst's cursor is elsewhere must not decide on a list they are not in.
        """
        widget = self.query_one(selector)
        if widget.has_focus:
            return True
        self.notify(f"Nothing decided: {what} has not got the cursor. Press tab to move there, then the key again.",
                    severity="warning")  # fmt: skip
        return False

    def cases_shown(self) -> list[str]:
        """The ids of the cases the app's filter keeps (every case without one)."""
        return self.app.filtered_cases()

    @property
    def taskbar(self) -> TaskBar:
        return self.query_one(TaskBar)

    # -- slow work ------------------------------------------------------------------------------

    def run_task(
        self,
        job: Job,
        *,
        group: str,
        done: Callable[[Any], None],
        what: str | None = None,
        title: str | None = None,
        failed: Callable[[Exception], None] | None = None,
        cancelled: Callable[[], None] | None = None,
    ) -> Worker:
        """Run ``job`` in a thread worker and hand its result to ``done`` on the screen's own thread.

        ``group``: a new task in the group cancels the one before it (the earlier one still reports back;
        ``done`` decides whether its result still matters). ``title``: shown on the task bar with the
        job's progress and a cancel button; without one, the task runs unseen. If the job raises,
        ``failed`` (if any) gets the error and, with ``what``, the error is shown as a notification
        naming what failed; without ``what`` it is not shown. Cancelled by the analyst (ctrl+x, on a task
        with a title), the task's result or error is dropped and ``cancelled`` (if any) is called instead.
        """
        task = {"done": done, "failed": failed, "what": what, "cancelled": cancelled}

        def run() -> None:
            worker = get_current_worker()
            # A task started as the screen opens would share the interpreter lock with its first paint,
            # doubling the time that paint holds the loop (the trail's read beside the trail's first page).
            self._painted.wait(PAINT_WAIT)
            bar = self.taskbar
            progress, is_cancelled = bar.callbacks()
            try:
                message = TaskDone(worker, job(progress, is_cancelled), None, task)
            except Exception as exc:  # every error goes back to the screen, none ends the session
                message = TaskDone(worker, None, exc, task)
            message.cancelled = worker in bar.cancelled
            self.post_message(message)

        worker = self.run_worker(run, group=group, exclusive=True, thread=True, exit_on_error=False)
        for gone in [w for w in self._tasks if w.is_finished and w not in self.taskbar.cancelled]:
            del self._tasks[gone]  # replaced before it ran: no TaskDone will come for it
        self._tasks[worker] = task
        if title is not None:
            self.taskbar.start(title, worker)
        return worker

    @on(TaskBar.Cancelled)
    def _task_cancelled(self, message: TaskBar.Cancelled) -> None:
        task = self._tasks.get(message.worker)
        if task is not None and task["cancelled"] is not None:
            task["cancelled"]()

    @on(TaskDone)
    def _task_done(self, message: TaskDone) -> None:
        self._tasks.pop(message.worker, None)
        self.taskbar.stop(message.worker)
        task = message.task
        if message.cancelled:  # the screen heard when it was cancelled (_task_cancelled)
            return
        if message.error is None:
            task["done"](message.result)
            return
        if task["failed"] is not None:
            task["failed"](message.error)
        if task["what"]:
            with self.app.guard(task["what"]):
                raise message.error

    # -- drawing --------------------------------------------------------------------------------

    #: the trail position the screen was last drawn at; a screen shown again unchanged is not redrawn
    drawn_at: int = -1

    #: the case filter the screen was last drawn with
    drawn_filter: object = None

    #: shown before: its styles are up to date (see on_screen_resume)
    _shown = False

    async def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown for the first time or shown again: draw from the current state if it moved on.

        Shown again, the screen's styles are kept: Textual would otherwise restyle every widget on the
        screen (most of the cost of a screen switch). They are up to date: a change of stylesheet or theme
        while the screen was away is applied by ``switch_mode`` itself, and a class set on a widget restyles
        it when set. Runs before Textual's own handler (subclass first), which reads the flag.

        After a redraw the loop gets a turn before Textual styles and paints the screen: a screen's
        messages are otherwise handled in one go, and its first redraw and first paint together held
        the loop 60-80 ms at 10,000 cases (each alone stays under 50).
        """
        if self._shown:
            event.refresh_styles = False
        else:
            self.call_after_refresh(self._painted.set)
        self._shown = True
        drawn = self.drawn_at != self.state.seq or self.drawn_filter is not self.app.case_filter
        if drawn:
            self.redraw()
        self.query_one(NavBar).draw()
        self.app.sub_title = self.subtitle()
        if drawn:
            await asyncio.sleep(0)

    def redraw(self) -> None:
        self.drawn_at = self.state.seq
        self.drawn_filter = self.app.case_filter
        if self.is_mounted:
            self.query_one(NavBar).draw()
        with self.app.batch_update():  # one repaint for the whole redraw
            self.refresh_view()
        self.app.sub_title = self.subtitle()

    def subtitle(self) -> str:
        """The line under the title while this screen shows."""
        return self.app.default_subtitle

    def refresh_view(self) -> None:
        """Redraw from ``self.state``; called on mount, on return to the screen, and after each change."""
