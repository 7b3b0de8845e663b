"""Column-by-column contract of the published tables.

Why polars: pandera's polars backend checks nested types (``authors`` is a list of structs)
natively and converts from Arrow without copying; the pandas backend would see ``object``.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
import pyarrow as pa_arrow
from pandera.polars import Check, Column

ID = r"^[a-z]{3}_[0-9a-f]{16}$"

AUTHOR = pl.Struct({"family": pl.Utf8, "given": pl.Utf8, "literal": pl.Utf8})
AUTHORS = pl.List(AUTHOR)

FACT_TYPES = ["claim", "reference", "procedure", "measurement", "account", "perspective", "statement", "unknown"]
DOCUMENT_KINDS = ["concept_page", "newsletter", "blog_post", "article", "unknown"]
CSL_TYPES = [
    "article", "article-journal", "article-magazine", "article-newspaper", "book", "chapter",
    "dataset", "entry-encyclopedia", "paper-conference", "post", "post-weblog", "preprint",
    "report", "thesis", "webpage", "document",
]


def _id(prefix: str, *, nullable: bool = False, unique: bool = False) -> Column:
    return Column(pl.Utf8, Check.str_matches(rf"^{prefix}_[0-9a-f]{{16}}$"), nullable=nullable, unique=unique)


def _text(*, nullable: bool = True) -> Column:
    checks = [] if nullable else [Check.str_length(min_value=1)]
    return Column(pl.Utf8, checks, nullable=nullable)


def _count(*, nullable: bool = False) -> Column:
    return Column(pl.Int64, Check.ge(0), nullable=nullable)


LINE_NO = Column(pl.Int64, Check.ge(1), nullable=False)
VERSION = r"^\d+\.\d+\.\d+$"
RELEASE = Column(pl.Utf8, Check.str_matches(VERSION), nullable=True)
"""A release version; null while a build is not yet published (publishing fills it in)."""
ID_KINDS = ["document", "line", "source", "fact", "perspective", "reference", "citation", "cluster", "work"]
ID_CHANGES = ["merged", "split", "removed"]

BIBLIOGRAPHIC = {
    "authors": Column(AUTHORS, nullable=True),
    "et_al": Column(pl.Boolean, nullable=False),
    "year": Column(pl.Int64, Check.in_range(1000, 2100), nullable=True),
    "title": _text(),
    "container_title": _text(),
    "volume": _text(),
    "issue": _text(),
    "pages": _text(),
    "doi": Column(pl.Utf8, Check.str_matches(r"^10\.\S+/\S+$"), nullable=True),
    "url": Column(pl.Utf8, Check.str_matches(r"^https?://\S+$"), nullable=True),
    "publisher": _text(),
    "accessed": _text(),
    "type": Column(pl.Utf8, Check.isin(CSL_TYPES), nullable=True),
}

TABLE_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "documents": pa.DataFrameSchema(
        {
            "document_id": _id("doc", unique=True),
            "path": _text(nullable=False),
            "sha256": Column(pl.Utf8, Check.str_matches(r"^[0-9a-f]{64}$"), nullable=True),
            "size_bytes": _count(nullable=True),
            "kind": Column(pl.Utf8, Check.isin(DOCUMENT_KINDS)),
            "title": _text(),
            "author": _text(),
            "publisher": _text(),
            "edition": _text(),
            "published": _text(),
            "line_count": _count(),
            "nonblank_line_count": _count(),
            "status": Column(pl.Utf8, Check.isin(["parsed", "partial", "rejected", "skipped"])),
        },
        strict=True,
        name="documents",
    ),
    "document_lines": pa.DataFrameSchema(
        {
            "line_id": _id("lin", unique=True),
            "document_id": _id("doc"),
            "line_no": LINE_NO,
            "role": _text(nullable=False),
            "text": _text(nullable=False),
        },
        strict=True,
        unique=["document_id", "line_no"],
        name="document_lines",
    ),
    "sources": pa.DataFrameSchema(
        {
            "source_id": _id("src", unique=True),
            "document_id": _id("doc"),
            "line_no": LINE_NO,
            "title": _text(nullable=False),
            "title_truncated": Column(pl.Boolean),
            "domain": _text(),
            "publisher": _text(),
            "published": Column(pl.Date, nullable=True),
            "authors": Column(pl.List(pl.Utf8), nullable=True),
            "declared_fact_count": _count(nullable=True),
            "actual_fact_count": _count(),
        },
        strict=True,
        name="sources",
    ),
    "facts": pa.DataFrameSchema(
        {
            "fact_id": _id("fct", unique=True),
            "document_id": _id("doc"),
            "source_id": _id("src", nullable=True),
            "fact_type": Column(pl.Utf8, Check.isin(FACT_TYPES)),
            "text": _text(nullable=False),
            "line_no": LINE_NO,
            "section": _text(),
            "cluster_id": _id("clu"),
        },
        strict=True,
        name="facts",
    ),
    "fact_clusters": pa.DataFrameSchema(
        {
            "cluster_id": _id("clu", unique=True),
            "representative_fact_id": _id("fct"),
            "representative_text": _text(nullable=False),
            "member_count": Column(pl.Int64, Check.ge(1)),
            "source_count": _count(),
            "document_count": Column(pl.Int64, Check.ge(1)),
            "first_release": RELEASE,
        },
        strict=True,
        name="fact_clusters",
    ),
    "fact_cluster_members": pa.DataFrameSchema(
        {
            "cluster_id": _id("clu"),
            "fact_id": _id("fct", unique=True),
            "matched_fact_id": _id("fct", nullable=True),
            "method": Column(pl.Utf8, Check.isin(["representative", "exact", "near", "paraphrase"])),
            "score": Column(pl.Float64, Check.in_range(0.0, 1.0), nullable=True),
            "threshold": Column(pl.Float64, Check.in_range(0.0, 1.0), nullable=True),
            "model_id": _text(),
            # Dedup slots (issue 14): how the details of the fact compare with its matched fact.
            "slots_matched": Column(pl.Utf8, nullable=True, description=(
                "Slots (dose, year, substance, ...) both facts state with the same values, comma-separated; "
                "null for the representative and exact members.")),
            "slots_omitted": Column(pl.Utf8, nullable=True, description=(
                "Slots only one of the two facts states, with the value and which fact states it, "
                "e.g. 'year 2021 (this fact); phase phase 2 (matched fact)': an omission never blocks a merge.")),
        },
        strict=True,
        name="fact_cluster_members",
    ),
    "fact_conflicts": pa.DataFrameSchema(
        {
            "fact_id_a": _id("fct"),
            "fact_id_b": _id("fct"),
            # Dedup slots (issue 14): a conflict is the same claim with other values in one slot.
            "slot": Column(pl.Utf8, Check.str_length(min_value=1), description=(
                "The slot whose values differ (dose, duration, direction, negation, substance, ...); "
                "slots joined by '; ' when the settings allow two.")),
            "value_a": Column(pl.Utf8, Check.str_length(min_value=1), description="The slot's value in fact_id_a."),
            "value_b": Column(pl.Utf8, Check.str_length(min_value=1), description="The slot's value in fact_id_b."),
            "explanation": Column(
                pl.Utf8, Check.str_length(min_value=1), description="Short explanation, e.g. 'dose: 25 mg vs 10 mg'."
            ),
            "method": Column(pl.Utf8, Check.isin(["near", "paraphrase"]), description=(
                "How the rest of the claim was found to match: near (characters) or paraphrase (transformer).")),
            "score": Column(pl.Float64, Check.in_range(0.0, 1.0), nullable=True, description=(
                "Character similarity (near) or token alignment (paraphrase) of the two facts.")),
        },
        strict=True,
        unique=["fact_id_a", "fact_id_b"],
        name="fact_conflicts",
    ),
    "perspectives": pa.DataFrameSchema(
        {
            "perspective_id": _id("per", unique=True),
            "document_id": _id("doc"),
            "line_no": LINE_NO,
            "model_id": _text(nullable=False),
            "stance": _text(),
            "confidence": Column(pl.Float64, Check.in_range(0.0, 1.0), nullable=True),
            "text": _text(),
        },
        strict=True,
        name="perspectives",
    ),
    "references": pa.DataFrameSchema(
        {
            "reference_id": _id("ref", unique=True),
            "document_id": _id("doc"),
            "origin": Column(pl.Utf8, Check.isin(["reference_list", "narrative", "in_text", "identifier"])),
            "raw_text": _text(nullable=False),
            "line_no": LINE_NO,
            "fact_id": _id("fct", nullable=True),
            **BIBLIOGRAPHIC,
            "work_id": _id("wrk"),
        },
        strict=True,
        name="references",
    ),
    "works": pa.DataFrameSchema(
        {
            "work_id": _id("wrk", unique=True),
            **BIBLIOGRAPHIC,
            "mention_count": Column(pl.Int64, Check.ge(1)),
            "document_count": Column(pl.Int64, Check.ge(1)),
            "first_release": RELEASE,
        },
        strict=True,
        name="works",
    ),
    "citations": pa.DataFrameSchema(
        {
            "citation_id": _id("cit", unique=True),
            "document_id": _id("doc"),
            "line_no": LINE_NO,
            "context": Column(pl.Utf8, Check.isin(["synthesis", "perspective", "prose", "fact"])),
            "perspective_id": _id("per", nullable=True),
            "kind": Column(pl.Utf8, Check.isin(["fact_marker", "claim_title", "author_year", "numeric"])),
            "marker": _text(nullable=False),
            "fact_number": _count(nullable=True),
            "quoted_text": _text(),
            "target_fact_id": _id("fct", nullable=True),
            "target_reference_id": _id("ref", nullable=True),
            "status": Column(pl.Utf8, Check.isin(["resolved", "unresolved", "ambiguous"])),
            "reason": _text(),
        },
        strict=True,
        name="citations",
    ),
    "parse_issues": pa.DataFrameSchema(
        {
            "document_id": _id("doc"),
            "path": _text(nullable=False),
            "line_no": Column(pl.Int64, Check.ge(1), nullable=True),
            "severity": Column(pl.Utf8, Check.isin(["warning", "error"])),
            "code": _text(nullable=False),
            "message": _text(nullable=False),
        },
        strict=True,
        name="parse_issues",
    ),
    "id_history": pa.DataFrameSchema(
        {
            "kind": Column(pl.Utf8, Check.isin(ID_KINDS)),
            "old_id": Column(pl.Utf8, Check.str_matches(ID)),
            "new_id": Column(pl.Utf8, Check.str_matches(ID), nullable=True),
            "release": RELEASE,
            "reason": Column(pl.Utf8, Check.isin(ID_CHANGES)),
        },
        strict=True,
        name="id_history",
    ),
    "rejects": pa.DataFrameSchema(
        {
            "document_id": _id("doc"),
            "path": _text(nullable=False),
            "line_no": Column(pl.Int64, Check.ge(1), nullable=True),
            "reason": _text(nullable=False),
            "raw": _text(),
        },
        strict=True,
        name="rejects",
    ),
}


def arrow_schema(name: str, *, without: tuple[str, ...] = ()) -> pa_arrow.Schema:
    """Arrow schema of a published table (optionally minus columns filled by a later stage)."""
    columns = {col: spec.dtype.type for col, spec in TABLE_SCHEMAS[name].columns.items() if col not in without}
    return pl.DataFrame(schema=columns).to_arrow().schema


def validate_table(name: str, frame: pl.DataFrame) -> pl.DataFrame | None:
    """Validate ``frame`` against the named schema; return failure cases or None when valid."""
    try:
        TABLE_SCHEMAS[name].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return errors.failure_cases
    return None
