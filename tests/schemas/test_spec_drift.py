"""Every artefact that describes the tables agrees with schemas/spec.py (the one description).

Each test reads a generated artefact as a user meets it (the release's files, the DuckDB
catalogue, the Dagster definitions, the README) and compares it with the spec.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.assets.metadata import table_metadata
from pipeline.code_version import REPO_ROOT
from pipeline.definitions import defs
from pipeline.publish.manifest import parquet_name
from pipeline.publish.table_files import constrained_order
from schemas import TABLE_SCHEMAS, arrow_schema
from schemas.keys import FOREIGN_KEYS, PRIMARY_KEYS
from schemas.spec import ALL_SPECS, STAGE_SPECS, TABLE_SPECS, ReadmeTable, asset_columns, asset_description


@pytest.fixture(scope="module")
def release(seeds_build) -> Path:
    outcome, _ = seeds_build
    return Path(outcome.release_path)


def test_pandera_schemas_have_exactly_the_spec_columns_types_and_nullability():
    for name, spec in TABLE_SPECS.items():
        schema = TABLE_SCHEMAS[name]
        assert list(schema.columns) == spec.column_names, name
        for column in spec.columns:
            declared = schema.columns[column.name]
            assert (declared.dtype.type, declared.nullable, declared.unique) == (
                column.dtype, column.nullable, column.unique), (name, column.name)
            assert declared.description == column.description
            if column.allowed is not None and column.allowed_joined is None:
                (isin,) = [c for c in declared.checks if c.name == "isin"]
                assert sorted(isin.statistics["allowed_values"]) == sorted(column.allowed_values() or ())


def test_closed_vocabularies_come_from_the_code_that_emits_them():
    from pipeline.dedup.slots import SLOTS
    from pipeline.parsing.rows import ISSUE_CODES, LINE_ROLES

    assert ALL_SPECS["document_lines"].column("role").allowed_values() == LINE_ROLES
    assert ALL_SPECS["parse_issues"].column("code").allowed_values() == ISSUE_CODES
    assert ALL_SPECS["fact_conflicts"].column("slot").allowed_values() == SLOTS


def test_release_files_have_the_spec_arrow_schemas(release):
    for name in [*json.loads((release / "manifest.json").read_text())["tables"], "release_diff"]:
        assert pq.read_schema(release / parquet_name(name)).remove_metadata().equals(arrow_schema(name)), name


def test_datapackage_fields_keys_and_descriptions_match_the_spec(release):
    package = json.loads((release / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"] if r.get("profile") == "tabular-data-resource"}
    assert set(resources) == set(ALL_SPECS)
    for name, spec in ALL_SPECS.items():
        schema = resources[name]["schema"]
        assert resources[name]["description"] == spec.description
        assert [(f["name"], f["description"]) for f in schema["fields"]] == [
            (c.name, c.description) for c in spec.columns], name
        for field, column in zip(schema["fields"], spec.columns, strict=True):
            constraints = field.get("constraints", {})
            assert constraints.get("required", False) == (not column.nullable), (name, column.name)
            if column.allowed is not None and column.allowed_joined is None:
                assert constraints["enum"] == list(column.allowed_values() or ())
        assert schema.get("primaryKey", []) == list(spec.primary_key)
        assert [(k["fields"], k["reference"]["resource"], k["reference"]["fields"]) for k in
                schema.get("foreignKeys", [])] == [(k.column, k.target_table, k.target_column) for k in
                                                   spec.foreign_keys]


def test_dataset_card_lists_every_column_with_its_spec_description(release):
    card = (release / "README.md").read_text()
    for name, spec in ALL_SPECS.items():
        section = card.split(f"\n### {name}\n", 1)[1].split("\n### ", 1)[0]
        assert spec.description in section, name
        rows = [line for line in section.splitlines() if line.startswith("| `")]
        assert [row.split(" | ")[0].strip("| `") for row in rows] == spec.column_names, name
        for row, column in zip(rows, spec.columns, strict=True):
            assert f"| {column.description} |" in row.replace("\\|", "|"), (name, column.name)
    assert '"references"' in card and "reserved word" in card


def test_duckdb_comments_and_constraints_match_the_spec(release):
    with duckdb.connect(str(release / "dataset.duckdb"), read_only=True) as con:
        tables = dict(con.execute("select table_name, comment from duckdb_tables()").fetchall())
        columns = con.execute(
            "select table_name, column_name, comment, is_nullable from duckdb_columns() where not internal"
        ).fetchall()
        constraints = con.execute(
            "select table_name, constraint_type, constraint_column_names, referenced_table, referenced_column_names "
            "from duckdb_constraints() where constraint_type in ('PRIMARY KEY', 'FOREIGN KEY')"
        ).fetchall()
    published = [n for n in TABLE_SPECS if n in tables]
    assert tables == {n: TABLE_SPECS[n].description for n in published}
    assert sorted(columns) == sorted(
        (n, c.name, c.description, c.nullable) for n in published for c in TABLE_SPECS[n].columns)
    primary = {(t, tuple(cols)) for t, kind, cols, _, _ in constraints if kind == "PRIMARY KEY"}
    assert primary == {(t, k) for t, k in PRIMARY_KEYS.items() if t in published}
    foreign = {(t, cols[0], target, ref[0]) for t, kind, cols, target, ref in constraints if kind == "FOREIGN KEY"}
    _, undeclared = constrained_order(published)
    expected = {(k.table, k.column, k.target_table, k.target_column) for k in FOREIGN_KEYS
                if k.table in published and k.target_table in published and k not in undeclared}
    assert foreign == expected
    assert {(k.table, k.column) for k in undeclared} == {("facts", "cluster_id")}  # the one cycle, named in the card


def test_dagster_assets_carry_the_spec_descriptions_and_column_schemas(release):
    graph = defs.resolve_asset_graph()
    for asset in [*TABLE_SPECS, *STAGE_SPECS]:
        if asset == "id_history":  # made while publishing, inside the release asset
            continue
        node = graph.get(dg.AssetKey(asset))
        assert node.description == asset_description(asset), asset
        schema = node.metadata["dagster/column_schema"]
        assert [(c.name, c.type, c.description) for c in schema.columns] == [
            (c.name, c.type_name(), c.description) for c in asset_columns(asset)], asset
    materialized = table_metadata(pq.read_table(release / "facts.parquet"), "facts")["dagster/column_schema"]
    assert [(c.name, c.type, c.description) for c in materialized.columns] == [
        (c.name, c.type_name(), c.description) for c in ALL_SPECS["facts"].columns]


def test_readme_table_list_is_the_generated_one():
    readme = (REPO_ROOT / "README.md").read_text()
    assert ReadmeTable().render() in readme, "run `python -m schemas.spec README.md`"


def test_readme_quotes_the_reserved_word_references_in_every_query():
    readme = (REPO_ROOT / "README.md").read_text()
    code = "\n".join(re.findall(r"```[\w-]*\n(.*?)```", readme, flags=re.S))
    unquoted = re.findall(r"(?i)\b(?:from|join)\s+(?:\w+\.)?references\b", code)
    assert not unquoted, unquoted
    assert '"references"' in code
