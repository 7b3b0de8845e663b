"""Seed files in, parse tables out."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa

from pipeline.assets.metadata import table_output, table_outs
from pipeline.assets.resources import PipelinePaths
from pipeline.corpus import InputFile, parse_corpus, scan_inputs
from pipeline.parsing.discovery import Problem

INPUT_FILES_SCHEMA = pa.schema([
    ("path", pa.string()),
    ("document_id", pa.string()),
    ("sha256", pa.string()),
    ("size_bytes", pa.int64()),
    ("problem_code", pa.string()),
    ("problem_detail", pa.string()),
    ("skipped", pa.bool_()),
])
"""One row per entry below the input folder; entries that are not read carry the reason (problem_*)."""

PARSE_OUTPUTS = [
    "documents", "document_lines", "sources", "raw_facts", "perspectives", "fact_citations", "parse_issues",
    "rejects",
]
"""Descriptions and column schemas come from schemas.spec."""
_PARSER_TABLE = {"raw_facts": "facts", "fact_citations": "citations"}


@dg.asset(
    group_name="ingest", description="The input entries: path, sha256 and size of each file, or why it is not read."
)
def seed_files(paths: PipelinePaths) -> dg.Output[pa.Table]:
    """The entries of the input folder, each a file to parse or the reason it is not read."""
    inputs = scan_inputs(paths.seeds)
    table = pa.Table.from_pylist(
        [
            {
                "path": i.display_path,
                "document_id": i.document_id,
                "sha256": i.sha256,
                "size_bytes": i.size_bytes,
                "problem_code": i.problem.code if i.problem else None,
                "problem_detail": i.problem.detail if i.problem else None,
                "skipped": i.problem.skipped if i.problem else False,
            }
            for i in inputs
        ],
        schema=INPUT_FILES_SCHEMA,
    )
    return table_output(table, seeds_dir=str(paths.seeds))


@dg.multi_asset(
    group_name="ingest",
    outs=table_outs(PARSE_OUTPUTS),
    description="Parse every document (cached per file content and parser version).",
)
def parsed_documents(context, paths: PipelinePaths, seed_files: pa.Table):
    """The parse tables of every input file (cached per file content and parser version)."""
    inputs = [
        InputFile(
            path=paths.seeds.parent / row["path"],
            display_path=row["path"],
            sha256=row["sha256"],
            size_bytes=row["size_bytes"],
            problem=(
                Problem(row["problem_code"], row["problem_detail"], row["skipped"]) if row["problem_code"] else None
            ),
        )
        for row in seed_files.to_pylist()
    ]
    context.log.info(f"parse: {len(inputs)} input entries")
    tables = parse_corpus(inputs, paths.cache)
    status = tables["documents"].column("status").to_pylist()
    context.log.info(
        f"parse: documents parsed {status.count('parsed') + status.count('partial')}/{len(inputs)} "
        f"({status.count('partial')} partial, {status.count('rejected')} rejected, {status.count('skipped')} skipped); "
        f"{tables['document_lines'].num_rows} lines, {tables['facts'].num_rows} facts, "
        f"{tables['rejects'].num_rows} rejects"
    )
    for name in PARSE_OUTPUTS:
        yield table_output(tables[_PARSER_TABLE.get(name, name)], output_name=name)
