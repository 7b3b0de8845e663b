"""Works: reference mentions of every document merged into one record per cited work."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa

from pipeline.assets.metadata import table_output
from pipeline.identity import assign_fresh_ids
from pipeline.references.tables import merge_works

REFERENCE_OUTPUTS = {
    "references": "Every reference mention (list entry, narrative sentence) parsed into CSL fields, with its work.",
    "works": "References merged across documents and forms into one record per cited work.",
}


@dg.multi_asset(
    group_name="references",
    outs={name: dg.AssetOut(description=text) for name, text in REFERENCE_OUTPUTS.items()},
    description="Merge the reference mentions of all documents into works (the corpus-wide part of references).",
)
def reference_tables(document_references: pa.Table):
    tables = merge_works(document_references)
    assign_fresh_ids(tables, [], groups=["works"])
    yield table_output(tables["references"], output_name="references")
    yield table_output(tables["works"], output_name="works")
