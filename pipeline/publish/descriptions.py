"""What each released table and column means, read from the one table specification.

Kept as a module so the card, datapackage.json and the database share one lookup; the texts
themselves live in ``schemas.spec`` only.
"""

from __future__ import annotations

from schemas.spec import ALL_SPECS

TABLE_DESCRIPTIONS: dict[str, str] = {name: table.description for name, table in ALL_SPECS.items()}


def column_description(table: str, column: str) -> str:
    """A column's description, as the table specification states it."""
    return ALL_SPECS[table].column(column).description
