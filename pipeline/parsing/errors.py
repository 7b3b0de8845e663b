"""How failures become reasons: one wording for OS errors and parser crashes, whichever entry
point (build, ``coverage``, ``refs parse``) meets them."""

from __future__ import annotations

import traceback
from pathlib import Path


def os_error_text(error: OSError) -> str:
    """The OS error as a reason: "[Errno 13] Permission denied" (the file is named by the row)."""
    if error.errno is not None and error.strerror:
        return f"[Errno {error.errno}] {error.strerror}"
    return f"{type(error).__name__}: {error}"


CRASH_PREFIX = "parser error: "


def is_crash_reason(reason: str) -> bool:
    """Whether a reject's reason says the parser crashed on the document."""
    return reason.startswith(CRASH_PREFIX)


def crash_reason(error: BaseException) -> str:
    """"parser error: <type>: <message> (at <file>:<line>)" for an exception a parser raised."""
    where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    reason = f"{CRASH_PREFIX}{type(error).__name__}: {error}"
    if where is not None:
        reason += f" (at {Path(where.filename).name}:{where.lineno})"
    return reason
