"""Pandera schemas of every published table: the contract downstream users rely on.

Each schema is a ``pandera.polars.DataFrameSchema``; ``TABLE_SCHEMAS`` maps table name to
schema in publishing order. ``schemas.pandera_schemas`` holds the definitions.
"""

from schemas.pandera_schemas import TABLE_SCHEMAS, arrow_schema, validate_table

__all__ = ["TABLE_SCHEMAS", "arrow_schema", "validate_table"]
