"""Primary and foreign keys of the published tables, as declared in ``schemas.spec``.

Why a module of its own: pandera checks one table at a time, while keys are relations between
tables. Releases use them to sort rows (deterministic files), to diff two releases by stable
IDs, and to declare the relations in ``datapackage.json`` and ``dataset.duckdb``.

Tables without a natural key (``parse_issues``, ``rejects``, ``id_history``) are absent from
``PRIMARY_KEYS``: their rows are identified by their whole content.
"""

from __future__ import annotations

from schemas.spec import TABLES, ForeignKey, foreign_keys

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {t.name: t.primary_key for t in TABLES if t.primary_key}

POSITION_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(c.name for t in TABLES for c in t.columns if c.position)
)
"""Columns that say where a row stands in its document, not what it is: IDs never derive from
them, and a row whose only change is here has *moved* (``pipeline.publish.diff``)."""

FOREIGN_KEYS: list[ForeignKey] = list(foreign_keys())

__all__ = ["FOREIGN_KEYS", "POSITION_COLUMNS", "PRIMARY_KEYS", "ForeignKey"]
