"""Python's garbage collector while the TUI runs: young collections only, so no collection blocks the loop.

A full collection (of the oldest generation) walks every tracked object not frozen while it holds
the interpreter lock. With a 10,000-case project open it took 70-250 ms at a time, in whichever
thread happened to allocate: a worker reading the trail or building the report stalled the event
loop as surely as a screen being built on it (``bench/bench_tui.py`` shows the longest collection
beside each stall; they were the stalls over 100 ms). So while the app runs the oldest generation is not collected automatically;
the young ones still are, each walking only what was made since the one before. What lives on is
frozen (moved out of the collector's sight) when the project opens and after each change.

The cost: a reference cycle that outlives two young collections and dies later (a closed dialog, a
replaced list page) stays allocated until the app ends, when the collector is given back as it was.
"""

from __future__ import annotations

import gc

#: the oldest generation's threshold while the app runs (young collections counted): never reached
NEVER = 2**31 - 1


class Heap:
    """The collector's settings for one app: :meth:`hold` when it mounts, :meth:`release` when it ends."""

    def __init__(self) -> None:
        self._before: tuple[int, int, int] | None = None

    def hold(self) -> None:
        """No automatic full collection from now on; what is alive now (the loaded project) is frozen."""
        if self._before is None:
            self._before = gc.get_threshold()
            young, middle, _ = self._before
            gc.set_threshold(young, middle, NEVER)
        settle()

    def release(self) -> None:
        """The collector as it was before :meth:`hold`, with everything frozen since visible to it again."""
        if self._before is not None:
            gc.set_threshold(*self._before)
            self._before = None
            gc.unfreeze()


def settle() -> None:
    """Freeze what is alive now (the state after a change): no collection walks it again.

    Frozen objects are still freed when nothing refers to them; only a cycle among them outlives its use.
    """
    gc.freeze()
