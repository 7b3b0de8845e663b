"""Materialization metadata that makes a table legible in the Dagster UI."""

from __future__ import annotations

from typing import Any

import dagster as dg
import pyarrow as pa

from pipeline.common.markdown import escape_markdown, markdown_table

_PREVIEW_ROWS = 5
_PREVIEW_CELL_CHARS = 60


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    text = text if len(text) <= _PREVIEW_CELL_CHARS else text[: _PREVIEW_CELL_CHARS - 1] + "…"
    return escape_markdown(text)


def markdown_preview(table: pa.Table, rows: int = _PREVIEW_ROWS) -> str:
    """A small Markdown table of the first rows (long cells shortened)."""
    body = [[_cell(v) for v in row.values()] for row in table.slice(0, rows).to_pylist()]
    return "\n".join(markdown_table(table.column_names, body))


def table_metadata(table: pa.Table) -> dict[str, Any]:
    """Row count, column schema and preview, under the keys the Dagster UI understands."""
    columns = [dg.TableColumn(name=field.name, type=str(field.type)) for field in table.schema]
    return {
        "dagster/row_count": dg.MetadataValue.int(table.num_rows),
        "dagster/column_schema": dg.TableSchema(columns=columns),
        "preview": dg.MetadataValue.md(markdown_preview(table)),
    }


def table_output(table: pa.Table, output_name: str = "result", **extra: Any) -> dg.Output:
    """The table as an Output with row count, schema and preview metadata."""
    return dg.Output(table, output_name=output_name, metadata={**table_metadata(table), **extra})
