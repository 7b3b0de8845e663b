"""No input, however hostile, gives two rows the same ID: generated documents through the real parsers."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.parsing.corpus import FRESH_ID_TABLES, PARSE_TABLES, parse_table_schema
from pipeline.identity import assign_fresh_ids
from pipeline.identity.rules import GROUP_IDENTITIES, ROW_IDENTITIES
from pipeline.parsing import parse_document
from pipeline.references import build_reference_tables

SYNTHESIS = st.sampled_from([
    "van Dyck et al. (2020) reported faster onset [fact:1|Ketamine acts fast].",
    "Smith (2019) found the same [fact:2|Ketamine acts fast] and [fact:2|Ketamine acts fast].",
    "Ketamine acts fast [fact:1|Ketamine acts fast] (Jones & Lee, 2021; Jones & Lee, 2021).",
    "[fact:3|Esketamine] Esketamine is a nasal spray [1, 2].",
    "Plain synthesis without citations.",
])
FACT = st.sampled_from([
    "claimKetamine acts fast.", "claimKetamine acts fast.", "referencevan Dyck et al. (2020) reported onset in hours.",
    "measurementEsketamine 56 mg doses were used.", "accountSmith (2019) published in the BMJ in 2019.",
    "claim\x1fodd\x1fseparators", "perspectiveKetamine acts fast.",
])
SOURCE = st.sampled_from([
    "A review of ketamine pubmed.gov Smith J · Journal of Psychiatry 2020-01-01 2 facts",
    "A review of ketamine pubmed.gov Smith J · Journal of Psychiatry 2020-01-01 2 facts",
    "Another source example.org 1 fact",
])
PERSPECTIVE = st.sampled_from([
    ("model-a cautious 70% confidence", "van Dyck et al. (2020) reported it [fact:1|Ketamine acts fast]."),
    ("model-a cautious 70% confidence", "van Dyck et al. (2020) reported it [fact:1|Ketamine acts fast]."),
])


@st.composite
def concept_pages(draw) -> str:
    lines = ["concept", "", "ketamine", ""]
    lines += draw(st.lists(SYNTHESIS, max_size=4))
    perspectives = draw(st.lists(PERSPECTIVE, max_size=3))
    lines += ["", f"Model Perspectives ({len(perspectives)})"]
    for header, text in perspectives:
        lines += [header, text]
    lines += ["", "Facts (9)", "", "Sources"]
    for _ in range(draw(st.integers(0, 3))):
        lines.append(draw(SOURCE))
        lines += draw(st.lists(FACT, max_size=4))
    return "\n".join(lines) + "\n"


def _parse(paths: list[Path]) -> dict[str, pa.Table]:
    rows: dict[str, list[dict]] = {name: [] for name in PARSE_TABLES}
    for path in paths:
        for table, row in parse_document(path, display_path=path.name):
            rows[table].append(row)
    tables = {name: pa.Table.from_pylist(rows[name], schema=parse_table_schema(name)) for name in PARSE_TABLES}
    return dict(assign_fresh_ids(tables, FRESH_ID_TABLES))


@given(st.lists(concept_pages(), min_size=1, max_size=3))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_documents_never_yield_two_rows_with_one_id(tmp_path, pages):
    paths = []
    for index, page in enumerate(pages):
        paths.append(tmp_path / f"page-{index}.txt")
        paths[-1].write_text(page, "utf-8")
    tables = _parse(paths)
    references = build_reference_tables(tables["document_lines"], tables["facts"], tables["perspectives"])
    references["citations"] = pa.concat_tables(
        [tables["citations"], references["citations"].cast(tables["citations"].schema)]
    )
    assign_fresh_ids(references, ["references", "citations"], groups=["works"])
    tables |= references
    for identity in [*ROW_IDENTITIES, *(g for g in GROUP_IDENTITIES if g.table in tables)]:
        ids = tables[identity.table].column(identity.id_column).to_pylist()
        assert len(ids) == len(set(ids)), identity.table
