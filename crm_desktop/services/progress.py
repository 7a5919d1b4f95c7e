"""A tiny Qt-free progress and cancel object that long core operations report to.

The UI subclasses or wraps it (a worker polls `cancelled()` and forwards `report` to a
signal); the command line and tests use it as it is. Operations call `report(done, total)`
between batches and stop, rolling back everything, as soon as `cancelled()` is true.
"""

from __future__ import annotations

from collections.abc import Callable


class Progress:
    """Progress of one long operation; `cancel()` asks it to stop at the next batch."""

    def __init__(self, callback: Callable[[int, int], None] | None = None) -> None:
        self._callback = callback
        self._cancelled = False
        self.done = 0
        self.total = 0

    def report(self, done: int, total: int) -> None:
        """Record that `done` of `total` units are finished."""
        self.done, self.total = done, total
        if self._callback is not None:
            self._callback(done, total)

    def cancel(self) -> None:
        """Ask the operation to stop; it rolls back and raises at its next check."""
        self._cancelled = True

    def cancelled(self) -> bool:
        """True once `cancel()` was called."""
        return self._cancelled


def report(progress: Progress | None, done: int, total: int) -> None:
    """`progress.report` when there is a progress object."""
    if progress is not None:
        progress.report(done, total)


def cancelled(progress: Progress | None) -> bool:
    """True when there is a progress object and it was cancelled."""
    return progress is not None and progress.cancelled()
