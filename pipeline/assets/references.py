"""References, works and the citations that point at them."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa

from pipeline.assets.metadata import table_output, table_outs
from pipeline.identity import assign_fresh_ids
from pipeline.references import build_reference_tables

REFERENCE_OUTPUTS = ["references", "works", "citations", "reference_issues"]


@dg.multi_asset(
    group_name="references",
    outs=table_outs(REFERENCE_OUTPUTS),
    description="Parse references, link in-text citations, merge works.",
)
def reference_tables(
    documents: pa.Table, document_lines: pa.Table, raw_facts: pa.Table, perspectives: pa.Table, fact_citations: pa.Table
):
    """References, works and citations (fact citations and in-text ones) with their IDs."""
    tables = build_reference_tables(document_lines, raw_facts, perspectives, documents)
    tables["citations"] = pa.concat_tables([fact_citations, tables["citations"].cast(fact_citations.schema)])
    assign_fresh_ids(tables, ["references", "citations"], groups=["works"])
    yield table_output(tables["references"], output_name="references")
    yield table_output(tables["works"], output_name="works")
    yield table_output(tables["citations"], output_name="citations")
    yield table_output(tables["issues"], output_name="reference_issues")
