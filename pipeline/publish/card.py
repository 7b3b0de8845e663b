"""Human-readable files of a release: the dataset card (``README.md``) and ``CHANGELOG.md``."""

from __future__ import annotations

from pipeline.common.markdown import escape_markdown, markdown_table
from pipeline.publish.manifest import DATABASE, DIFF_TABLE, Manifest, parquet_name
from schemas.spec import ALL_SPECS, ColumnSpec

DATASET_NAME = "Seed documents research dataset"
LICENCE = "CC-BY-4.0"
LICENCE_TEXT = (
    "The compiled dataset (structure, identifiers, derived fields) is released under CC BY 4.0. "
    "Quoted text from the input documents remains subject to the terms of its original authors."
)


def citation(manifest: Manifest) -> str:
    """How to cite the release: name, version, date and content fingerprint."""
    return (
        f"{DATASET_NAME}, version {manifest['version']}, "
        f"content fingerprint sha256:{manifest['fingerprint']}."
    )


def change_summary(manifest: Manifest) -> list[str]:
    """Markdown lines: schema changes, then added/removed/changed counts of the tables that changed."""
    schema_changes = manifest["schema_changes"]["breaking"] + manifest["schema_changes"]["additive"]
    lines = [f"- schema: {change}" for change in schema_changes]
    changed = {entity: counts for entity, counts in manifest["changes"].items() if any(counts.values())}
    kinds = ["added", "removed", "changed", "moved"]
    if changed:
        rows = [[entity, *(c.get(kind, 0) for kind in kinds)] for entity, c in changed.items()]
        lines += ([""] if lines else []) + markdown_table(["table", *kinds], rows)
    elif not schema_changes:
        lines.append("- no row changes (only inputs, exports or file encoding changed)")
    renamed = manifest.get("renamed") or []
    if renamed:
        lines += ["", "Renamed documents (same `document_id`):", ""]
        lines += [f"- `{r['document_id']}`: `{r['old_path']}` → `{r['new_path']}`" for r in renamed]
    id_changes = manifest.get("id_changes") or {}
    if id_changes:
        lines += ["", "IDs no longer current (resolve them through `id_history`):", ""]
        lines += [
            f"- {kind}: " + ", ".join(f"{count} {reason}" for reason, count in reasons.items())
            for kind, reasons in id_changes.items()
        ]
    return lines


def changelog_entry(manifest: Manifest) -> str:
    """The section of CHANGELOG.md for the release ``manifest`` describes."""
    previous = manifest["previous_version"]
    since = f"since {previous}" if previous else "first release"
    heading = f"## {manifest['version']} ({manifest['bump']}, {since})"
    return "\n".join([heading, "", *change_summary(manifest)]) + "\n"


def changelog(manifest: Manifest, previous_changelog: str | None) -> str:
    """Newest entry first, followed by the previous release's changelog (so each release carries its history)."""
    body = changelog_entry(manifest)
    if previous_changelog:
        body += "\n" + previous_changelog.removeprefix("# Changelog\n\n")
    return "# Changelog\n\n" + body


def allowed_text(column: ColumnSpec) -> str:
    """Allowed values or range of a column, as the card states them."""
    parts = []
    allowed = column.allowed_values()
    if allowed is not None:
        joined = f" (several joined by '{column.allowed_joined}')" if column.allowed_joined else ""
        parts.append("one of " + ", ".join(f"`{value}`" for value in allowed) + joined)
    if column.pattern is not None:
        parts.append(f"matches `{column.pattern}`")
    if column.minimum is not None and column.maximum is not None:
        parts.append(f"{column.minimum} to {column.maximum}")
    elif column.minimum is not None:
        parts.append(f">= {column.minimum}")
    if column.min_length is not None:
        parts.append("non-empty")
    if column.unique:
        parts.append("unique")
    if column.references is not None:
        parts.append(f"refers to `{column.references}`")
    return "; ".join(parts)


def _table_section(name: str) -> list[str]:
    spec = ALL_SPECS[name]
    keys = ", ".join(f"`{k}`" for k in spec.primary_key) or "none (rows identified by content)"
    columns = [
        [f"`{c.name}`", f"`{c.type_name()}`", "yes" if c.nullable else "no", c.description, allowed_text(c)]
        for c in spec.columns
    ]
    return [
        "", f"### {name}", "", spec.description, "", f"Primary key: {keys}.", "",
        *markdown_table(["column", "type", "nullable", "description", "allowed values"], columns),
    ]


USING_THE_FILES = [
    "## Using the files",
    "",
    "- SQL: `references` is a reserved word in DuckDB SQL; quote it as `\"references\"` in every query, "
    "e.g. `select count(*) from \"references\" where doi is not null`.",
    f"- `{DATABASE}` declares each table's primary key, NOT NULL columns and foreign keys, and carries every "
    "table and column description (`select * from duckdb_columns()`), except `facts.cluster_id`: DuckDB cannot "
    "declare two foreign keys that point at each other (`fact_clusters.representative_fact_id` is declared).",
    "- pandas: `pd.read_parquet` keeps nullable integer and float columns as `Int64`/`Float64` (the files carry "
    "pandas metadata); polars and DuckDB read the declared types natively.",
    "- Hugging Face `datasets`: `load_dataset(\"parquet\", data_files=...)` loads every non-empty table; a table "
    "with zero rows cannot become a split there (`Instruction \"train\" corresponds to no data`), so load an "
    "empty table with `streaming=True`, which yields its declared features and no rows.",
    "- Frictionless: `frictionless validate datapackage.json` checks every table against its schema. Parquet "
    "resources declare no `bytes`/`hash` (frictionless would check them against the decoded stream); "
    "`SHA256SUMS` covers every file. List columns are typed `any` with `x-arrow-type`.",
    "- Bibliographies: a truncated author list (\"et al.\" in the source, `et_al` in the tables) is kept where "
    "the format can say it: `works.bib` ends the author list with BibTeX's `and others`, `works.csl.json` with a "
    "final name `{\"literal\": \"others\"}` (pandoc's own reading of `and others`; pandoc renders both as "
    "\"(Medeiros et al. 2023)\"). RIS cannot: it has no tag for it, so `works.ris` lists the named authors and "
    "says so in a note (`N1`).",
]


def dataset_card(manifest: Manifest) -> str:
    """README.md of a release: contents, tables and columns, changes, provenance, citation, licence."""
    tables = manifest["tables"]
    previous = manifest["previous_version"]
    lineage = f"; previous release {previous} ({manifest['bump']} bump)." if previous else "."
    contents = [
        [name, f"{t['rows']:,}", parquet_name(name), ALL_SPECS[name].description] for name, t in tables.items()
    ]
    inputs = [[escape_markdown(i["path"]), f"`{i['sha256']}`", i["size_bytes"]] for i in manifest["inputs"]]
    lines = [
        f"# {DATASET_NAME} {manifest['version']}",
        "",
        f"Built by code version `{manifest['code_version']}`{lineage} The publication date is in "
        "`index.json` beside the release folders: a clock reading inside the release would make two "
        "builds of the same inputs differ.",
        "",
        "## Contents",
        "",
        *markdown_table(["table", "rows", "file", "description"], contents),
        "",
        f"The same tables are stored as real tables in `{DATABASE}` (DuckDB, readable by DuckDB 1.0 and later): "
        f"`duckdb -readonly {DATABASE}`. `{parquet_name(DIFF_TABLE)}` lists the rows changed since the previous "
        "release, `CHANGELOG.md` summarises them, `datapackage.json` describes the tables (Frictionless), "
        "`manifest.json` records provenance and checksums, and `sha256sum -c SHA256SUMS` verifies every file.",
        "",
        *USING_THE_FILES,
        "",
        "## Tables",
        *(line for name in [*tables, DIFF_TABLE] for line in _table_section(name)),
        "",
        "## Changes",
        "",
        *change_summary(manifest),
        "",
        "## Provenance",
        "",
        f"Built from {len(inputs)} input file(s) by pipeline code version `{manifest['code_version']}`.",
        "",
        *markdown_table(["input file", "sha256", "bytes"], inputs),
        "",
        "## How to cite",
        "",
        citation(manifest),
        "",
        "## Licence",
        "",
        LICENCE_TEXT,
        "",
    ]
    return "\n".join(lines)
