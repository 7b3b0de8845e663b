"""Frictionless ``datapackage.json``: table schemas, keys, sizes and hashes in a standard form.

Why: generic tools (frictionless-py, data portals) can validate and load the release without
knowing this project. Every field, constraint and key comes from ``schemas.spec``.

Two choices follow from how frictionless reads Parquet (pyarrow, then pandas):
- Parquet resources carry no ``bytes``/``hash``: frictionless checks those against the stream
  its reader consumed, which for Parquet is not the file's bytes (every Parquet resource then
  fails with ``byte-count``). ``SHA256SUMS`` and ``manifest.json`` hold each file's size and sha256.
- nested columns (lists) are typed ``any``: pandas hands frictionless a numpy array, which its
  ``array`` type rejects; the description and ``x-arrow-type`` say what they hold.
"""

from __future__ import annotations

from typing import Any

from pipeline.publish.card import DATASET_NAME, LICENCE
from pipeline.publish.manifest import DIFF_TABLE, Manifest, parquet_name
from schemas.spec import ALL_SPECS, ColumnSpec, TableSpec

_PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
MISSING_VALUES = ["", "<NA>"]
"""How pandas (``pd.NA``, which nullable columns read as) prints a null; frictionless compares ``str(cell)``."""

_FIELD_TYPES = {"string": "string", "int64": "integer", "float64": "number", "boolean": "boolean", "date": "date"}


def field_type(column: ColumnSpec) -> str:
    """The Table Schema field type of a spec column."""
    return _FIELD_TYPES.get(column.type_name(), "any")


def _constraints(column: ColumnSpec) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if not column.nullable:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    allowed = column.allowed_values()
    if allowed is not None and column.allowed_joined is None:
        constraints["enum"] = list(allowed)
    if allowed is not None and column.allowed_joined is not None:
        one = "(?:" + "|".join(allowed) + ")"
        constraints["pattern"] = f"{one}(?:{column.allowed_joined}{one})*"
    if column.pattern is not None:
        constraints["pattern"] = column.pattern.removeprefix("^").removesuffix("$")
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.maximum is not None:
        constraints["maximum"] = column.maximum
    if column.min_length is not None:
        constraints["minLength"] = column.min_length
    return constraints


def field_descriptor(column: ColumnSpec) -> dict[str, Any]:
    """One Table Schema field: name, type, description, constraints."""
    field: dict[str, Any] = {"name": column.name, "type": field_type(column), "description": column.description}
    if field["type"] == "any":
        field["x-arrow-type"] = column.type_name()
    if constraints := _constraints(column):
        field["constraints"] = constraints
    return field


def table_schema(table: TableSpec, published: set[str]) -> dict[str, Any]:
    """The Table Schema of a published table: fields, primary key, foreign keys to published tables."""
    schema: dict[str, Any] = {"fields": [field_descriptor(c) for c in table.columns], "missingValues": MISSING_VALUES}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    foreign = [
        {"fields": key.column, "reference": {"resource": key.target_table, "fields": key.target_column}}
        for key in table.foreign_keys
        if key.target_table in published
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def datapackage(manifest: Manifest) -> dict[str, Any]:
    """The descriptor for every file the manifest lists (tables and the changes table get a table schema)."""
    tables = set(manifest["tables"])
    table_files = {parquet_name(name): name for name in [*manifest["tables"], DIFF_TABLE]}
    resources = []
    for file_name, entry in sorted(manifest["files"].items()):
        if file_name in table_files:
            spec = ALL_SPECS[table_files[file_name]]
            resource: dict[str, Any] = {
                "name": spec.name,
                "path": file_name,
                "profile": "tabular-data-resource",
                "format": "parquet",
                "mediatype": _PARQUET_MEDIATYPE,
                "description": spec.description,
                "schema": table_schema(spec, tables),
            }
        else:
            resource = {
                "name": file_name.replace(".", "-").lower(),
                "path": file_name,
                "bytes": entry["bytes"],
                "hash": f"sha256:{entry['sha256']}",
            }
        resources.append(resource)
    return {
        "profile": "data-package",
        "name": "seed-documents-dataset",
        "title": DATASET_NAME,
        "version": manifest["version"],
        "licenses": [{"name": LICENCE, "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": [
            {"title": i["path"], "hash": f"sha256:{i['sha256']}", "bytes": i["size_bytes"]} for i in manifest["inputs"]
        ],
        "resources": resources,
    }
