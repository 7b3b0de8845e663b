"""Works: reference mentions of every document merged into one record per cited work."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa

from pipeline.assets.metadata import table_output, table_outs
from pipeline.assets.resources import PipelinePaths
from pipeline.identity import assign_fresh_ids
from pipeline.references.reference_tables import merge_works

REFERENCE_OUTPUTS = ["references", "works"]
"""Descriptions and column schemas come from schemas.spec."""


@dg.multi_asset(
    group_name="references",
    outs=table_outs(REFERENCE_OUTPUTS),
    description="Merge the reference mentions of all documents into works (the corpus-wide part of references).",
)
def reference_tables(context, paths: PipelinePaths, document_references: pa.Table):
    """Works merged from every document's reference mentions, with carried-over IDs."""
    context.log.info(f"references: merging {document_references.num_rows} reference mentions into works")
    tables = merge_works(document_references, paths.cache)
    assign_fresh_ids(tables, [], groups=["works"])
    context.log.info(f"references: {tables['works'].num_rows} works")
    yield table_output(tables["references"], output_name="references")
    yield table_output(tables["works"], output_name="works")
