"""Asset checks: the pandera contract of every published table, plus coverage and counts.

Why blocking: a table that breaks its contract must never reach a release, and the run shows
the offending rows (failure cases) instead of a bare "failed".
"""

from __future__ import annotations

import dagster as dg
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.assets.metadata import markdown_preview
from pipeline.parsing.coverage import document_coverage
from schemas import validate_table

_MAX_FAILURE_ROWS = 50


def schema_check(table_name: str, asset: str | None = None) -> dg.AssetChecksDefinition:
    """A blocking check that validates the asset ``asset`` (default: ``table_name``) against the
    pandera schema of the published table ``table_name``."""

    @dg.asset_check(
        asset=asset or table_name,
        name="matches_schema",
        blocking=True,
        description=f"Validates `{asset or table_name}` against schemas.TABLE_SCHEMAS['{table_name}'] (pandera).",
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


@dg.asset_check(
    asset="documents",
    name="every_line_accounted_for",
    blocking=True,
    additional_ins={"document_lines": dg.AssetIn("document_lines"), "rejects": dg.AssetIn("rejects")},
    description="Every non-blank input line is in document_lines or rejects (coverage per document).",
)
def every_line_accounted_for(documents: pa.Table, document_lines: pa.Table, rejects: pa.Table) -> dg.AssetCheckResult:
    """Blocking check: every non-blank input line is in document_lines or rejects."""
    coverage = document_coverage(documents, document_lines, rejects)
    incomplete = coverage.filter(pc.less(coverage.column("coverage_pct"), 100.0))
    lines_in = sum(coverage.column("lines_in").to_pylist())
    accounted = sum(coverage.column("lines_accounted").to_pylist())
    return dg.AssetCheckResult(
        passed=incomplete.num_rows == 0,
        metadata={
            "lines_in": lines_in,
            "lines_accounted": accounted,
            "documents_incomplete": incomplete.num_rows,
            "coverage": dg.MetadataValue.md(
                markdown_preview(coverage.drop_columns(["document_id"]), rows=coverage.num_rows)
            ),
        },
    )


@dg.asset_check(
    asset="parse_issues",
    name="declared_counts_match",
    description="Declared fact counts (per source, `Facts (N)`, `Model Perspectives (K)`) match what was parsed.",
)
def declared_counts_match(parse_issues: pa.Table) -> dg.AssetCheckResult:
    """Warning check: the fact counts source headers declare match the facts that follow."""
    mismatches = parse_issues.filter(pc.ends_with(parse_issues.column("code"), "_count_mismatch"))
    return dg.AssetCheckResult(
        passed=mismatches.num_rows == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "mismatches": mismatches.num_rows,
            "details": dg.MetadataValue.md(
                markdown_preview(mismatches.select(["path", "line_no", "message"]), rows=50)
            ),
        },
    )


@dg.asset_check(
    asset="rejects",
    name="no_rejected_input",
    description="Warns when an input line or file was rejected (the rest is published); lists the rejects.",
)
def no_rejected_input(rejects: pa.Table) -> dg.AssetCheckResult:
    """Warn (not block) when input was rejected, listing each rejected file or line and why."""
    shown = rejects.select(["path", "line_no", "reason"])
    return dg.AssetCheckResult(
        passed=rejects.num_rows == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "rejected": rejects.num_rows,
            "documents": len(set(rejects.column("document_id").to_pylist())),
            "reasons": dg.MetadataValue.text("\n".join(rejects.column("reason").to_pylist()[:_MAX_FAILURE_ROWS])),
            "rejects": dg.MetadataValue.md(markdown_preview(shown, rows=_MAX_FAILURE_ROWS)),
        },
    )
