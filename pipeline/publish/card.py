"""Human-readable files of a release: the dataset card (``README.md``) and ``CHANGELOG.md``."""

from __future__ import annotations

import re

from pipeline.publish.descriptions import TABLE_DESCRIPTIONS, column_description
from pipeline.publish.manifest import DATABASE, DIFF_TABLE, Manifest, parquet_name

DATASET_NAME = "Seed documents research dataset"
LICENCE = "CC-BY-4.0"
LICENCE_TEXT = (
    "The compiled dataset (structure, identifiers, derived fields) is released under CC BY 4.0. "
    "Quoted text from the input documents remains subject to the terms of its original authors."
)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|])")
"""What can open markup inside a line: code, emphasis, links/images, HTML, table cells (a heading or
list needs a line start, which an escaped newline never gives)."""
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def escape_markdown(text: str) -> str:
    """Text shown literally in Markdown (a table cell, a line): control characters such as a newline
    in a file name become visible escapes (``\\n``) and Markdown syntax is backslash-escaped, so a
    name can neither start a new line nor inject markup."""
    visible = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible)


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_UNESCAPED_PIPE.sub(r"\\|", str(cell)) for cell in row) + " |" for row in rows]
    return lines


def citation(manifest: Manifest) -> str:
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
        lines += ([""] if lines else []) + _table(["table", *kinds], rows)
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
    """This release's section of CHANGELOG.md."""
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


def _table_section(name: str, table: Manifest) -> list[str]:
    keys = ", ".join(table["primary_key"]) or "none (rows identified by content)"
    columns = [
        [c["name"], f"`{c['type']}`", "yes" if c["nullable"] else "no", column_description(name, c["name"])]
        for c in table["schema"]
    ]
    return [
        "", f"### {name}", "", TABLE_DESCRIPTIONS.get(name, ""), "", f"Primary key: {keys}.", "",
        *_table(["column", "type", "nullable", "description"], columns),
    ]


def dataset_card(manifest: Manifest) -> str:
    """README.md of a release: contents, tables and columns, changes, provenance, citation, licence."""
    tables = manifest["tables"]
    previous = manifest["previous_version"]
    lineage = f"; previous release {previous} ({manifest['bump']} bump)." if previous else "."
    contents = [
        [name, f"{t['rows']:,}", parquet_name(name), TABLE_DESCRIPTIONS.get(name, "")] for name, t in tables.items()
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
        *_table(["table", "rows", "file", "description"], contents),
        "",
        f"The same tables are stored as real tables in `{DATABASE}` (DuckDB, readable by DuckDB 1.0 and later): "
        f"`duckdb -readonly {DATABASE}`. `{parquet_name(DIFF_TABLE)}` lists the rows changed since the previous "
        "release, `CHANGELOG.md` summarises them, `datapackage.json` describes the tables (Frictionless), "
        "`manifest.json` records provenance and checksums, and `sha256sum -c SHA256SUMS` verifies every file.",
        "",
        "## Tables",
        *(line for name, table in tables.items() for line in _table_section(name, table)),
        "",
        "## Changes",
        "",
        *change_summary(manifest),
        "",
        "## Provenance",
        "",
        f"Built from {len(inputs)} input file(s) by pipeline code version `{manifest['code_version']}`.",
        "",
        *_table(["input file", "sha256", "bytes"], inputs),
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
