"""Split a concept page's source header line into its fields.

Shape: ``<title> <domain> [<authors> · ]<publisher> [<date>] [<N> facts]``, e.g.
"Effects of psychedelics on ... link.springer.com Springer Dec 19, 2024 61 facts".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.parsing.counts import parse_count
from pipeline.text.dates import split_trailing_date

_COUNT = re.compile(r"\s+(\d+)\s+facts?$")
_DOMAIN = re.compile(r"(?<!\S)((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?!\S)")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)$")


@dataclass(frozen=True)
class SourceHeader:
    """What a concept page's source header line states."""

    title: str
    title_truncated: bool
    domain: str | None
    publisher: str | None
    published: dt.date | None
    authors: list[str] | None
    declared_fact_count: int | None
    implausible_count: str | None = None
    """The digits of a declared count too large to store (the count is then None)."""


def looks_like_source_header(line: str) -> bool:
    """A header names a web domain or ends with a fact count; fact lines do neither this way."""
    return bool(_COUNT.search(line)) or bool(_DOMAIN.search(line))


def parse_source_header(line: str) -> SourceHeader:
    """Title, domain, publisher, date and declared fact count of one header line."""
    rest = line.strip()
    declared = implausible = None
    count = _COUNT.search(rest)
    if count:
        declared = parse_count(count.group(1))
        implausible = count.group(1) if declared is None else None
        rest = rest[: count.start()]
    domains = list(_DOMAIN.finditer(rest))
    if not domains:
        title, truncated = _title(rest)
        return SourceHeader(title, truncated, None, None, None, None, declared, implausible)
    domain = domains[-1]
    title, truncated = _title(rest[: domain.start()])
    tail = rest[domain.end():].strip()
    published, tail = split_trailing_date(tail)
    authors = None
    if "·" in tail:
        names, tail = tail.rsplit("·", 1)
        authors = [name.strip() for name in names.split(",") if name.strip()] or None
    return SourceHeader(
        title=title or domain.group(1),
        title_truncated=truncated,
        domain=domain.group(1),
        publisher=tail.strip() or None,
        published=published,
        authors=authors,
        declared_fact_count=declared,
        implausible_count=implausible,
    )


def _title(text: str) -> tuple[str, bool]:
    text = text.strip()
    truncated = bool(_ELLIPSIS.search(text))
    return _ELLIPSIS.sub("", text).strip(), truncated
