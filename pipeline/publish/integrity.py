"""Relations between tables: every declared foreign key value must exist in its target table.

Why check at publish and verify time: ``datapackage.json`` declares these keys to downstream
tools, so a release must not contain a dangling reference (the per-table pandera checks cannot
see across tables).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb

from pipeline.publish.table_files import quote_identifier, quote_literal
from schemas.keys import FOREIGN_KEYS

_EXAMPLES = 3


def foreign_key_violations(parquet_files: Mapping[str, Path]) -> list[str]:
    """One message per violated foreign key among the given tables (keys to absent tables are skipped)."""
    messages = []
    with duckdb.connect() as con:
        for key in FOREIGN_KEYS:
            if key.table not in parquet_files or key.target_table not in parquet_files:
                continue
            column, target = quote_identifier(key.column), quote_identifier(key.target_column)
            dangling = con.sql(
                f"SELECT DISTINCT {column} FROM read_parquet({quote_literal(str(parquet_files[key.table]))}) "
                f"WHERE {column} IS NOT NULL AND {column} NOT IN "
                f"(SELECT {target} FROM read_parquet({quote_literal(str(parquet_files[key.target_table]))}) "
                f"WHERE {target} IS NOT NULL) ORDER BY 1"
            ).fetchall()
            if dangling:
                examples = ", ".join(repr(row[0]) for row in dangling[:_EXAMPLES])
                messages.append(
                    f"{key.table}.{key.column}: {len(dangling)} value(s) missing from "
                    f"{key.target_table}.{key.target_column}, e.g. {examples}"
                )
    return messages
