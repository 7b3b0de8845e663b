"""Seed files in; per-document tables (one partition per document) and their corpus-wide concatenation out."""


import warnings

import dagster as dg
import pyarrow as pa
from dagster import AssetExecutionContext

from pipeline.assets.io_manager import BuiltPartition, PartitionTables
from pipeline.assets.metadata import markdown_preview, table_output, table_outs
from pipeline.assets.partitions import DOCUMENTS
from pipeline.assets.resources import PipelinePaths
from pipeline.build_stamp import partition_key
from pipeline.common.progress import is_checkpoint
from pipeline.documents import DocumentTables, absent_document, concat_documents, corpus_order, many_document_tables
from pipeline.parsing.corpus import InputFile, scan_inputs
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

DOCUMENT_TABLE_DESCRIPTIONS = {
    "documents": "One row per input file: kind, title, byline, status (rejected: quarantined or unreadable).",
    "document_lines": "Every non-blank input line with the role it plays (nothing is lost).",
    "sources": "Source headers of concept pages: title, domain, publisher, date, declared facts.",
    "facts": "Facts and prose statements as parsed, before deduplication.",
    "perspectives": "Model perspectives of concept pages.",
    "citations": "Inline [fact:N|…] citations, claim titles and in-text citations with what they resolve to.",
    "references": "Reference mentions parsed into CSL fields (before merging into works).",
    "parse_issues": "Warnings about parsed rows: count mismatches, unknown fact types, unresolved citations, "
                    "implausible reference values stored as null.",
    "rejects": "Input lines (or whole files) that could not be parsed, and quarantined rows, with the reason.",
}
"""The tables each document partition holds (``pipeline.documents``)."""

DOCUMENT_ASSET = dg.AssetKey("document")
"""The per-document asset: one partition per document, its value that document's tables.

Why one asset for all of a document's tables, not one per table: Dagster records a
materialization per asset and partition, so nine assets would cost nine events per document.
"""

CORPUS_OUTPUTS = {
    "documents": "documents",
    "document_lines": "document_lines",
    "sources": "sources",
    "raw_facts": "facts",
    "perspectives": "perspectives",
    "citations": "citations",
    "document_references": "references",
    "parse_issues": "parse_issues",
    "rejects": "rejects",
}
"""Corpus-wide asset -> the per-document table it concatenates."""

CONTRACT_CHECK = "rows_meet_contract"


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


def _inputs_by_document(paths: PipelinePaths, seed_files: pa.Table) -> dict[str, InputFile]:
    return {
        row["document_id"]: InputFile(
            path=paths.seeds.parent / row["path"],
            display_path=row["path"],
            sha256=row["sha256"],
            size_bytes=row["size_bytes"],
            problem=(
                Problem(row["problem_code"], row["problem_detail"], row["skipped"]) if row["problem_code"] else None
            ),
        )
        for row in seed_files.to_pylist()
    }


def _partition_metadata(outcome: DocumentTables, path: str | None) -> dict:
    """What the UI shows for one document's partition: status, row counts, rejects."""
    rejects = outcome.tables["rejects"]
    status = outcome.tables["documents"].column("status").to_pylist()
    counts = outcome.row_counts()
    return {
        "path": path or "(entry gone from the input folder)",
        "status": "quarantined" if outcome.quarantined else (status[0] if status else "absent"),
        "quarantined": outcome.quarantined,
        "dagster/row_count": dg.MetadataValue.int(sum(counts.values())),
        "row_counts": dg.MetadataValue.json(counts),
        "facts": counts["facts"],
        "references": counts["references"],
        "rejects": rejects.num_rows,
        "rejects_preview": dg.MetadataValue.md(markdown_preview(rejects.select(["line_no", "reason"]), rows=20)),
    }


def _built_partition(outcome: DocumentTables, item: InputFile | None) -> BuiltPartition:
    """A partition's tables with what they were built from, and why it is quarantined (so that a
    build which reuses this version can still say so)."""
    built_from = {
        "key": partition_key(item) if item else None,
        "path": item.display_path if item else None,
        "quarantine": outcome.reasons(),
    }
    return BuiltPartition(outcome.tables, built_from)


# Single-run backfills are what keep a build at one step for all documents; Dagster flags the
# parameter as beta on every import, which would open every CLI build and test run.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


@dg.asset(
    key=DOCUMENT_ASSET,
    group_name="documents",
    partitions_def=DOCUMENTS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[dg.AssetCheckSpec(
        CONTRACT_CHECK, asset=DOCUMENT_ASSET,
        description="Every row of the documents in this run meets the table contracts; a document that does "
                    "not is quarantined (its rows withheld, each failure in rejects) and the release goes on.",
    )],
    description="Each document's tables (" + ", ".join(DOCUMENT_TABLE_DESCRIPTIONS) + "): parsed, its references "
                "and citations extracted, its rows validated (cached per file content and parser version; "
                "quarantined when a row breaks a contract).",
)
def document(context: AssetExecutionContext, paths: PipelinePaths, seed_files: pa.Table):
    """Each document of the run's partition range: parsed, its references read, its rows validated."""
    entries = _inputs_by_document(paths, seed_files)
    present = [entries[key] for key in context.partition_keys if key in entries]

    def report(done: int, total: int) -> None:
        if is_checkpoint(done, total):
            context.log.info(f"parse: {done}/{total} documents parsed")

    built = {outcome.document_id: outcome for outcome in many_document_tables(present, paths.cache, report)}
    outcomes = {key: built[key] if key in built else absent_document(key) for key in context.partition_keys}
    for key, outcome in outcomes.items():
        item = entries.get(key)
        context.add_asset_metadata(_partition_metadata(outcome, item.display_path if item else None), partition_key=key)
    yield dg.Output({key: _built_partition(outcome, entries.get(key)) for key, outcome in outcomes.items()})
    quarantined = sum(outcome.quarantined for outcome in outcomes.values())
    context.log.info(f"parse: {len(outcomes)} documents done, {quarantined} quarantined")
    failures = [
        {"document": (entries[key].display_path if key in entries else key), "failure": reason}
        for key, outcome in outcomes.items()
        for reason in outcome.reasons()
    ]
    documents = sorted({failure["document"] for failure in failures})
    yield dg.AssetCheckResult(
        check_name=CONTRACT_CHECK,
        passed=not failures,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "documents_checked": len(outcomes),
            "documents_quarantined": len(documents),
            "quarantined": dg.MetadataValue.json(documents),
            "failure_list": dg.MetadataValue.json(failures),
            "failures": dg.MetadataValue.md(markdown_preview(pa.Table.from_pylist(failures), rows=50))
            if failures else "",
        },
    )


def _built_from(documents: pa.Table, sha256: str | None) -> bool:
    """Whether a partition's ``documents`` row was parsed from the file bytes ``sha256`` (none: no row)."""
    recorded = documents.column("sha256").to_pylist()
    return recorded == [sha256] or (not recorded and sha256 is None) or (recorded == [None] and sha256 is None)


@dg.multi_asset(
    group_name="ingest",
    outs=table_outs(list(CORPUS_OUTPUTS)),
    description="Every document's tables, concatenated in input-folder order: what the corpus-wide stages read.",
)
def corpus_tables(context, seed_files: pa.Table, document: PartitionTables):
    """The tables of every document of this run's input folder, concatenated in input-folder order.

    Only this run's documents: a partition that another build into the same data folder added is
    never read. Each document's tables must come from the bytes this run scanned; a version built
    from other bytes (another input folder with a file of the same name) stops the run.
    """
    wanted = seed_files.column("document_id").to_pylist()
    missing = [key for key in wanted if key not in document]
    if missing:
        raise ValueError(f"documents of the input folder without a partition (materialize them first): {missing}")
    hashes = dict(zip(wanted, seed_files.column("sha256").to_pylist(), strict=True))
    parts = {key: document[key] for key in corpus_order(wanted, wanted)}
    foreign = [key for key, tables in parts.items() if not _built_from(tables["documents"], hashes[key])]
    if foreign:
        raise ValueError(
            f"documents whose partition was built from other bytes than this run's input (another build into the "
            f"same data folder?); re-materialize them: {foreign}"
        )
    ordered = list(parts)
    combined = concat_documents(parts.values())
    counts = ", ".join(f"{combined[table].num_rows} {table}" for table in ("facts", "references", "citations"))
    context.log.info(f"corpus: {len(ordered)} documents combined ({counts})")
    for output, table in CORPUS_OUTPUTS.items():
        yield table_output(combined[table], output_name=output)
