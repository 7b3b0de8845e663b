"""Asset checks: the pandera contract of every published table, plus coverage and counts.

Why blocking: a table that breaks its contract must never reach a release, and the run shows
the offending rows (failure cases) instead of a bare "failed".
"""

from __future__ import annotations

import dagster as dg
import polars as pl
import pyarrow as pa

from pipeline.assets.metadata import markdown_preview
from schemas import validate_table

_MAX_FAILURE_ROWS = 50


def schema_check(table_name: str) -> dg.AssetChecksDefinition:
    """A blocking check that validates the asset ``table_name`` against its pandera schema."""

    @dg.asset_check(
        asset=table_name,
        name="matches_schema",
        blocking=True,
        description=f"Validates `{table_name}` against schemas.TABLE_SCHEMAS['{table_name}'] (pandera).",
    )
    def _matches_schema(table: pa.Table) -> dg.AssetCheckResult:
        failures = validate_table(table_name, pl.from_arrow(table))
        if failures is None:
            return dg.AssetCheckResult(passed=True, metadata={"rows_checked": table.num_rows})
        shown = failures.head(_MAX_FAILURE_ROWS).to_arrow()
        return dg.AssetCheckResult(
            passed=False,
            metadata={
                "rows_checked": table.num_rows,
                "failure_count": failures.height,
                "failure_cases": dg.MetadataValue.md(markdown_preview(shown, rows=_MAX_FAILURE_ROWS)),
            },
        )

    return _matches_schema
