"""Pandera schemas of the published tables, generated from ``schemas.spec``.

Why polars: pandera's polars backend checks nested types (``authors`` is a list of structs)
natively and converts from Arrow without copying; the pandas backend would see ``object``.

Schemas are built on first use: closed vocabularies are read from the modules that emit them
(``spec.CodeVocabulary``), and those modules may themselves import this one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, MutableMapping
from functools import cache

import pandera.polars as pa
import polars as pl
import pyarrow as pa_arrow
from pandera.polars import Check, Column

from schemas.spec import ALL_SPECS, TABLE_SPECS, ColumnSpec, TableSpec


def column_checks(column: ColumnSpec) -> list[Check]:
    """The pandera checks that enforce a column's allowed values, pattern, range and length."""
    checks: list[Check] = []
    allowed = column.allowed_values()
    if allowed is not None and column.allowed_joined is None:
        checks.append(Check.isin(list(allowed)))
    if allowed is not None and column.allowed_joined is not None:
        one = "(?:" + "|".join(re.escape(value) for value in allowed) + ")"
        checks.append(Check.str_matches(f"^{one}(?:{re.escape(column.allowed_joined)}{one})*$"))
    if column.pattern is not None:
        checks.append(Check.str_matches(column.pattern))
    if column.minimum is not None and column.maximum is not None:
        checks.append(Check.in_range(column.minimum, column.maximum))
    elif column.minimum is not None:
        checks.append(Check.ge(column.minimum))
    elif column.maximum is not None:
        checks.append(Check.le(column.maximum))
    if column.min_length is not None:
        checks.append(Check.str_length(min_value=column.min_length))
    return checks


def pandera_schema(table: TableSpec) -> pa.DataFrameSchema:
    """The pandera schema generated from a table spec."""
    columns = {
        c.name: Column(c.dtype, column_checks(c), nullable=c.nullable, unique=c.unique, description=c.description)
        for c in table.columns
    }
    return pa.DataFrameSchema(
        columns,
        strict=True,
        unique=list(table.unique_together) or None,
        name=table.name,
        description=table.description,
    )


class _Schemas(MutableMapping[str, pa.DataFrameSchema]):
    """table name -> pandera schema, in publishing order; each built when first asked for.
    Assignable, so that a test can replace one schema (e.g. with a check that cannot pass)."""

    def __init__(self, specs: Mapping[str, TableSpec]) -> None:
        self._specs = specs
        self._replaced: dict[str, pa.DataFrameSchema] = {}

    def __getitem__(self, name: str) -> pa.DataFrameSchema:
        if name in self._replaced:
            return self._replaced[name]
        if name not in self._specs:
            raise KeyError(name)
        return _schema(name)

    def __setitem__(self, name: str, schema: pa.DataFrameSchema) -> None:
        if name not in self._specs:
            raise KeyError(f"{name} is not a table of schemas.spec")
        self._replaced[name] = schema

    def __delitem__(self, name: str) -> None:
        self._replaced.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


@cache
def _schema(name: str) -> pa.DataFrameSchema:
    return pandera_schema(ALL_SPECS[name])


TABLE_SCHEMAS: MutableMapping[str, pa.DataFrameSchema] = _Schemas(TABLE_SPECS)
"""Published tables (not release_diff, which the publish step makes: ``schema_of("release_diff")``)."""


def schema_of(name: str) -> pa.DataFrameSchema:
    """Pandera schema of any released table, release_diff included."""
    return TABLE_SCHEMAS[name] if name in TABLE_SCHEMAS else _schema(name)


def arrow_type(dtype: pl.DataType | type[pl.DataType]) -> pa_arrow.DataType:
    """The Arrow type polars writes for ``dtype`` (large strings and lists), computed without polars
    itself: polars' thread pool must not be started in a process that may fork."""
    if isinstance(dtype, pl.List):
        return pa_arrow.large_list(arrow_type(dtype.inner))
    if isinstance(dtype, pl.Struct):
        return pa_arrow.struct([pa_arrow.field(f.name, arrow_type(f.dtype)) for f in dtype.fields])
    simple = {pl.Utf8: pa_arrow.large_string(), pl.Int64: pa_arrow.int64(), pl.Float64: pa_arrow.float64(),
              pl.Boolean: pa_arrow.bool_(), pl.Date: pa_arrow.date32()}
    for known, arrow in simple.items():
        if dtype == known:
            return arrow
    raise ValueError(f"no Arrow type for {dtype}")


def arrow_schema(name: str, *, without: tuple[str, ...] = ()) -> pa_arrow.Schema:
    """Arrow schema of a released table (optionally minus columns filled by a later stage)."""
    return pa_arrow.schema([(c.name, arrow_type(c.dtype)) for c in ALL_SPECS[name].columns if c.name not in without])


def validate_table(name: str, frame: pl.DataFrame) -> pl.DataFrame | None:
    """Validate ``frame`` against the named schema; return failure cases or None when valid."""
    try:
        schema_of(name).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return errors.failure_cases
    return None
