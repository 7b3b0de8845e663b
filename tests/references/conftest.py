"""Small documents in the document_lines/facts contract, independent of the seeds."""

from __future__ import annotations

import pyarrow as pa
import pytest

from pipeline.ids import stable_id

DOC_A = stable_id("doc", "a")
DOC_B = stable_id("doc", "b")
DOC_C = stable_id("doc", "c")

FACTS_SCHEMA = pa.schema([
    ("fact_id", pa.string()), ("document_id", pa.string()), ("source_id", pa.string()), ("fact_type", pa.string()),
    ("text", pa.string()), ("line_no", pa.int64()), ("section", pa.string()),
])


def _lines() -> list[dict]:
    rows = [
        (DOC_A, 1, "title", "Ketamine in practice"),
        (DOC_A, 2, "content", "Rapid effects were reported (Osei & de Vries, 2021; Feder et al., 2014)."),
        (DOC_A, 3, "content", "Okafor et al. (2017) disagreed (Okafor et al., 2017, cited in Osei & de Vries, 2021)."),
        (DOC_A, 4, "heading", "References"),
        (DOC_A, 5, "reference_entry", "Osei, K. and de Vries, L. (2021) 'Esketamine in primary care', British Journal of General Practice, 71(702), pp. 12–14."),
        (DOC_A, 6, "reference_entry", "Okafor, C. et al. (2017) 'Ketamine in rural emergency departments', Emergency Medicine Journal, 34(2), pp. 80–85. doi:10.1136/emj-2016-0001."),
        (DOC_A, 7, "boilerplate", "Share this article (Facebook, 2024)"),
        (DOC_B, 1, "content", "Ketamine acts quickly [1–3] and durably [2, 5]."),
        (DOC_B, 2, "reference_entry", "[1] K. Osei and L. de Vries, “Esketamine in primary care,” Br. J. Gen. Pract., vol. 71, no. 702, pp. 12–14, 2021."),
        (DOC_B, 3, "reference_entry", "[2] M. Ortiz, “Ketamine dosing,” J. Clin. Anesth., vol. 9, no. 2, pp. 1–9, Apr. 2018."),
        (DOC_B, 4, "reference_entry", "[3] https://doi.org/10.5555/XYZ.2020.7"),
        (DOC_C, 1, "synthesis", "Ketamine is studied widely [4]."),
        (DOC_C, 2, "perspective", "Okafor et al. described rural use in the Emergency Medicine Journal (2017), while Park et al. studied dosing."),
        (DOC_C, 3, "fact", "referenceOkafor et al. published a 2017 study in the Emergency Medicine Journal on rural ketamine use."),
        (DOC_C, 4, "fact", "referenceThe Montreal model is a comprehensive approach."),
        (DOC_C, 5, "fact", "claimLindqvist et al. reported in Palliative Medicine in 2020 that ketamine eased pain."),
    ]
    return [{"document_id": d, "line_no": n, "role": r, "text": t} for d, n, r, t in rows]


def _facts() -> list[dict]:
    rows = [
        (DOC_C, 3, "reference", "Okafor et al. published a 2017 study in the Emergency Medicine Journal on rural ketamine use."),
        (DOC_C, 4, "reference", "The Montreal model is a comprehensive approach."),
        (DOC_C, 5, "claim", "Lindqvist et al. reported in Palliative Medicine in 2020 that ketamine eased pain."),
    ]
    return [
        {"fact_id": stable_id("fct", d, n), "document_id": d, "source_id": None, "fact_type": kind, "text": text, "line_no": n, "section": None}
        for d, n, kind, text in rows
    ]


@pytest.fixture
def docs() -> tuple[str, str, str]:
    """IDs of the three fixture documents: author-year with a Harvard list, numbered IEEE list, concept page."""
    return DOC_A, DOC_B, DOC_C


@pytest.fixture
def document_lines() -> pa.Table:
    return pa.Table.from_pylist(_lines())


@pytest.fixture
def facts() -> pa.Table:
    return pa.Table.from_pylist(_facts(), schema=FACTS_SCHEMA)
