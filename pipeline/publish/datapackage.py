"""Frictionless ``datapackage.json``: table schemas, keys, sizes and hashes in a standard form.

Why: generic tools (frictionless-py, data portals) can validate and load the release without
knowing this project. Field constraints are derived from the pandera checks.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from pipeline.publish.card import DATASET_NAME, LICENCE
from pipeline.publish.descriptions import TABLE_DESCRIPTIONS, column_description
from pipeline.publish.diff import DIFF_SCHEMA
from pipeline.publish.manifest import DIFF_TABLE, Manifest, parquet_name
from schemas import TABLE_SCHEMAS, arrow_schema
from schemas.keys import FOREIGN_KEYS

_PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


def _field_type(data_type: pa.DataType) -> str:
    if pa.types.is_string(data_type) or pa.types.is_large_string(data_type):
        return "string"
    if pa.types.is_integer(data_type):
        return "integer"
    if pa.types.is_floating(data_type):
        return "number"
    if pa.types.is_boolean(data_type):
        return "boolean"
    if pa.types.is_date(data_type):
        return "date"
    if pa.types.is_list(data_type) or pa.types.is_large_list(data_type):
        return "array"
    return "object" if pa.types.is_struct(data_type) else "any"


def _constraints(table: str, column: str) -> dict[str, Any]:
    if table not in TABLE_SCHEMAS:
        return {}
    spec = TABLE_SCHEMAS[table].columns[column]
    constraints: dict[str, Any] = {}
    if not spec.nullable:
        constraints["required"] = True
    if spec.unique:
        constraints["unique"] = True
    for check in spec.checks:
        statistics = check.statistics or {}
        if "allowed_values" in statistics:
            constraints["enum"] = list(statistics["allowed_values"])
        if "pattern" in statistics:
            constraints["pattern"] = str(statistics["pattern"])
        if "min_value" in statistics and check.name in ("greater_than_or_equal_to", "in_range"):
            constraints["minimum"] = statistics["min_value"]
        if check.name == "str_length" and statistics.get("min_value"):
            constraints["minLength"] = statistics["min_value"]
        if "max_value" in statistics and check.name == "in_range":
            constraints["maximum"] = statistics["max_value"]
    return constraints


def _table_schema(name: str, arrow: pa.Schema, primary_key: list[str], tables: set[str]) -> dict[str, Any]:
    fields = []
    for data_field in arrow:
        field: dict[str, Any] = {
            "name": data_field.name,
            "type": _field_type(data_field.type),
            "description": column_description(name, data_field.name),
        }
        if constraints := _constraints(name, data_field.name):
            field["constraints"] = constraints
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields}
    if primary_key:
        schema["primaryKey"] = primary_key
    foreign = [
        {"fields": key.column, "reference": {"resource": key.target_table, "fields": key.target_column}}
        for key in FOREIGN_KEYS
        if key.table == name and key.target_table in tables
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def datapackage(manifest: Manifest) -> dict[str, Any]:
    """The descriptor for every file the manifest lists (tables and the changes table get a table schema)."""
    tables = manifest["tables"]
    table_files = {parquet_name(name): (name, arrow_schema(name), tables[name]["primary_key"]) for name in tables}
    table_files[parquet_name(DIFF_TABLE)] = (DIFF_TABLE, DIFF_SCHEMA, ["entity", "id"])
    resources = []
    for file_name, entry in sorted(manifest["files"].items()):
        resource: dict[str, Any] = {
            "name": file_name.replace(".", "-").lower(),
            "path": file_name,
            "bytes": entry["bytes"],
            "hash": f"sha256:{entry['sha256']}",
        }
        if file_name in table_files:
            name, arrow, primary_key = table_files[file_name]
            resource |= {
                "name": name,
                "profile": "tabular-data-resource",
                "format": "parquet",
                "mediatype": _PARQUET_MEDIATYPE,
                "description": TABLE_DESCRIPTIONS.get(name, ""),
                "schema": _table_schema(name, arrow, primary_key, set(tables)),
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
