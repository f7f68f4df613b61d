"""A bar that shows a worker's progress and lets the analyst cancel it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Label, ProgressBar
from textual.worker import Worker, get_current_worker


class TaskBar(Horizontal):
    """Hidden until a task starts; the core's ``progress`` callbacks move the bar."""

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

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.worker: Worker | None = None
        self.title = ""

    def compose(self) -> ComposeResult:
        yield Label("", id="task-label")
        yield ProgressBar(total=None, show_eta=False, id="task-progress")
        yield Button("Cancel ^x", id="task-cancel", variant="warning", compact=True)

    def start(self, title: str, worker: Worker | None = None) -> None:
        self.title, self.worker = title, worker
        self.query_one("#task-label", Label).update(title)
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.add_class("-active")

    def stop(self) -> None:
        self.worker = None
        self.remove_class("-active")

    def callbacks(self):
        """``(progress, cancelled)`` for a core function, called from inside a thread worker."""
        worker = get_current_worker()

        def progress(done: int, total: int, what: str = "") -> None:
            self.post_message(TaskBar.Progressed(done, total, what))

        def cancelled() -> bool:
            return worker.is_cancelled

        return progress, cancelled

    def on_task_bar_progressed(self, message: Progressed) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(message.total, 1), progress=message.done)
        label = f"{self.title}: {message.done}/{message.total}"
        if message.what:
            label += f" {message.what}"
        self.query_one("#task-label", Label).update(label)

    @on(Button.Pressed, "#task-cancel")
    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.app.notify(f"{self.title}: cancelled", severity="warning")
        self.stop()
