"""A bar that shows a worker's progress and lets the analyst cancel it."""

from __future__ import annotations

from weakref import WeakSet

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Label, ProgressBar
from textual.worker import Worker, get_current_worker


class TaskBar(Horizontal):
    """Hidden until a task has run for a moment (or reports progress); the core's ``progress`` callbacks move the bar.

    A task that is over within :attr:`SHOW_AFTER` seconds never shows the bar: showing and hiding it
    changes the screen's layout twice, a flicker and two repaints of the whole screen for nothing.
    """

    #: seconds a task runs before the bar shows (progress reported earlier shows it at once)
    SHOW_AFTER = 0.25

    DEFAULT_CSS = """
    TaskBar { height: 1; display: none; background: $boost; }
    TaskBar.-active { display: block; }
    TaskBar Label { width: 1fr; height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    TaskBar ProgressBar { width: 44; height: 1; }
    TaskBar Button { width: 12; min-width: 12; height: 1; border: none; margin: 0 1 0 0; }
    """

    class Progressed(Message):
        """A worker reported progress; a flood of them collapses into the latest."""

        def __init__(self, done: int, total: int, what: str) -> None:
            super().__init__()
            self.done, self.total, self.what = done, total, what

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TaskBar.Progressed)

    class Cancelled(Message):
        """The analyst cancelled the task the bar showed (its screen tells the task's owner)."""

        def __init__(self, worker: Worker) -> None:
            super().__init__()
            self.worker = worker

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.worker: Worker | None = None
        self.title = ""
        self._reveal: Timer | None = None
        #: the workers the analyst cancelled here: their results, if they still come, are dropped
        self.cancelled: WeakSet[Worker] = WeakSet()

    def compose(self) -> ComposeResult:
        yield Label("", id="task-label")
        yield ProgressBar(total=1, show_eta=False, id="task-progress")  # still until a task runs
        yield Button("Cancel ^x", id="task-cancel", variant="warning", compact=True)

    @property
    def busy(self) -> bool:
        """A task is running (shown yet or not)."""
        return self.worker is not None

    def start(self, title: str, worker: Worker | None = None) -> None:
        self.title, self.worker = title, worker
        self.query_one("#task-label", Label).update(title, layout=False)
        self.query_one(ProgressBar).update(total=None, progress=0)
        if self._reveal is not None:
            self._reveal.stop()
        if self.SHOW_AFTER <= 0:
            self.show()
        else:
            self._reveal = self.set_timer(self.SHOW_AFTER, self.show)

    @property
    def shown(self) -> bool:
        return self.has_class("-active")

    def show(self) -> None:
        if (self.worker is not None or self.title) and not self.shown:
            self.add_class("-active")
            self.app.refresh_bindings()  # the footer offers ctrl+x while the bar shows (not for a task over at once)

    def stop(self, worker: Worker | None = None) -> None:
        """The task ended; with ``worker``, only if it is the one the bar shows (not one a newer task replaced)."""
        if worker is not None and self.worker is not None and worker is not self.worker:
            return
        self.worker = None
        self.title = ""
        if self._reveal is not None:
            self._reveal.stop()
            self._reveal = None
        self.query_one(ProgressBar).update(total=1, progress=0)  # an idle bar does not animate
        if self.shown:
            self.remove_class("-active")
            self.app.refresh_bindings()

    def callbacks(self):
        """``(progress, cancelled)`` for a core function, called from inside a thread worker."""
        worker = get_current_worker()

        def progress(done: int, total: int, what: str = "") -> None:
            self.post_message(TaskBar.Progressed(done, total, what))

        def cancelled() -> bool:
            return worker.is_cancelled

        return progress, cancelled

    def on_task_bar_progressed(self, message: Progressed) -> None:
        if not self.busy:
            return
        self.show()
        bar = self.query_one(ProgressBar)
        bar.update(total=max(message.total, 1), progress=message.done)
        label = f"{self.title}: {message.done}/{message.total}"
        if message.what:
            label += f" {message.what}"
        self.query_one("#task-label", Label).update(label, layout=False)

    @on(Button.Pressed, "#task-cancel")
    def cancel(self) -> None:
        """Stop the task: the core sees ``cancelled()`` and stops early where it can; a result that still comes is dropped."""
        worker = self.worker
        if worker is not None:
            self.cancelled.add(worker)
            worker.cancel()
            self.app.notify(f"{self.title}: cancelled", severity="warning")
        self.stop()
        if worker is not None:
            self.post_message(TaskBar.Cancelled(worker))
