"""Materialization metadata that makes a table legible in the Dagster UI.

Column types and descriptions come from ``schemas.spec`` (the same text as the dataset card);
the preview shows a few key columns with their full text, one row per line.
"""

from __future__ import annotations

from typing import Any

import dagster as dg
import pyarrow as pa

from pipeline.common.markdown import escape_markdown, markdown_table
from schemas.spec import ColumnSpec, asset_columns, asset_description, asset_table

_PREVIEW_ROWS = 5
_PREVIEW_COLUMNS = 4
_PREVIEW_CELL_CHARS = 400
"""Long enough for a whole fact or reference; a pasted page is still cut."""


def _cell(value: Any, limit: int = _PREVIEW_CELL_CHARS) -> str:
    text = "" if value is None else str(value)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return escape_markdown(text)


def markdown_preview(table: pa.Table, rows: int = _PREVIEW_ROWS) -> str:
    """A small Markdown table of the first rows (long cells shortened)."""
    body = [[_cell(v) for v in row.values()] for row in table.slice(0, rows).to_pylist()]
    return "\n".join(markdown_table(table.column_names, body))


def preview_columns(asset: str, table: pa.Table) -> list[str]:
    """The key column(s) and the few columns that say what a row is: the first text column that is not
    an ID or a path comes first after the key, so the preview shows the content, not the plumbing."""
    columns = asset_columns(asset) if asset_table(asset) else ()
    if not columns:
        return table.column_names[:_PREVIEW_COLUMNS]
    chosen = [c.name for c in columns[:1]]
    content = [c.name for c in columns if _is_content(c)]
    labels = [c.name for c in columns if c.allowed is not None]
    for name in [*content, *labels, *(c.name for c in columns)]:
        if name not in chosen and name in table.column_names and len(chosen) < _PREVIEW_COLUMNS:
            chosen.append(name)
    return chosen


def _is_content(column: ColumnSpec) -> bool:
    return column.type_name() == "string" and column.pattern is None and column.allowed is None and \
        column.name not in ("path", "model_id")


def column_schema(asset: str, table: pa.Table) -> dg.TableSchema:
    """``dagster/column_schema``: the spec's portable type, description and constraints for each column."""
    specs = {c.name: c for c in asset_columns(asset)} if asset_table(asset) else {}
    columns = []
    for field in table.schema:
        spec = specs.get(field.name)
        if spec is None:
            columns.append(dg.TableColumn(name=field.name, type=str(field.type)))
            continue
        columns.append(_column(spec))
    return dg.TableSchema(columns=columns)


def _column(spec: ColumnSpec) -> dg.TableColumn:
    other = [f"allowed: {', '.join(spec.allowed_values() or ())}"] if spec.allowed is not None else []
    other += [f"refers to {spec.references}"] if spec.references else []
    return dg.TableColumn(
        name=spec.name,
        type=spec.type_name(),
        description=spec.description,
        constraints=dg.TableColumnConstraints(nullable=spec.nullable, unique=spec.unique, other=other),
    )


def table_metadata(table: pa.Table, asset: str = "") -> dict[str, Any]:
    """Row count, column schema and preview, under the keys the Dagster UI understands."""
    shown = table.select(preview_columns(asset, table))
    return {
        "dagster/row_count": dg.MetadataValue.int(table.num_rows),
        "dagster/column_schema": column_schema(asset, table),
        "preview": dg.MetadataValue.md(markdown_preview(shown)),
    }


def table_output(table: pa.Table, output_name: str = "result", **extra: Any) -> dg.Output:
    """The table as an Output with row count, schema and preview metadata."""
    return dg.Output(table, output_name=output_name, metadata={**table_metadata(table, output_name), **extra})


def spec_column_schema(asset: str) -> dg.TableSchema:
    """The column schema an asset declares before any run (from the spec alone)."""
    return dg.TableSchema(columns=[_column(c) for c in asset_columns(asset)])


def table_outs(names: list[str]) -> dict[str, dg.AssetOut]:
    """``outs`` of a multi-asset of tables: each described by the spec, with its column schema."""
    return {
        name: dg.AssetOut(description=asset_description(name),
                          metadata={"dagster/column_schema": spec_column_schema(name)})
        for name in names
    }
