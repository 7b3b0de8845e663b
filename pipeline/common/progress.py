"""Progress of long stages: when a loop should report, and the CLI's one-line display.

Why throttled: every Dagster log message is an event in the run's history, so a stage over
thousands of documents reports about twenty times, not once per document.
"""

from __future__ import annotations

import shutil
from typing import TextIO

REPORTS_PER_STAGE = 20


def is_checkpoint(done: int, total: int, reports: int = REPORTS_PER_STAGE) -> bool:
    """Whether ``done`` of ``total`` items is a point to report at: about ``reports`` times, and at the end."""
    step = max(1, -(-total // reports))
    return done == total or (done > 0 and done % step == 0)


class ProgressLine:
    """One terminal line, rewritten in place, showing the latest stage message.

    Writes only when ``stream`` is a terminal, so output captured by CI or a pipe stays clean.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.active = stream.isatty()

    def show(self, message: str) -> None:
        """Replace the line with ``message`` (first line only, cut to the terminal's width)."""
        if not self.active:
            return
        width = shutil.get_terminal_size((80, 24)).columns
        text = message.splitlines()[0] if message else ""
        self.stream.write("\r" + text[: max(width - 1, 1)] + "\x1b[K")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the line (whoever wrote it), so that what is printed next starts on a clean line."""
        if self.active:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
