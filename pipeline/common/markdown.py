"""Markdown tables and escaping, for dataset cards and Dagster UI previews."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|])")
"""What can open markup inside a line: code, emphasis, links/images, HTML, table cells (a heading or
list needs a line start, which an escaped newline never gives)."""
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def escape_markdown(text: str) -> str:
    r"""Text shown literally in Markdown (a table cell, a line).

    Control characters such as a newline in a file name become visible escapes (``\n``) and
    Markdown syntax is backslash-escaped, so a name can neither start a new line nor inject markup.
    """
    visible = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """The lines of a Markdown table; a ``|`` inside a cell that is not escaped yet is escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_UNESCAPED_PIPE.sub(r"\\|", str(cell)) for cell in row) + " |" for row in rows]
    return lines
