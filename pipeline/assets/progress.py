"""A Dagster logger that shows the stages' messages on one terminal line (``./run build`` on a TTY).

The stages log through ``context.log`` as usual (the UI's run logs show every message); this
logger only adds a live view for the CLI, which enables it in the run config when stderr is a
terminal (see ``pipeline.build``).
"""

from __future__ import annotations

import logging
import sys

import dagster as dg

from pipeline.common.progress import ProgressLine

PROGRESS_LOGGER = "progress"


class _LineHandler(logging.Handler):
    def __init__(self, line: ProgressLine) -> None:
        super().__init__(level=logging.INFO)
        self.line = line

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        self.line.show(str(meta.get("orig_message") or record.getMessage()))


@dg.logger(description="The latest stage message on one line of stderr, rewritten in place (terminals only).")
def progress_line_logger(init_context) -> logging.Logger:
    """A logger writing INFO and above from the stages to one line of the current stderr."""
    logger = logging.Logger(PROGRESS_LOGGER, level=logging.INFO)
    logger.addHandler(_LineHandler(ProgressLine(sys.stderr)))
    return logger
