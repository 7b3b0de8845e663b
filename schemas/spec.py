"""The one description of every published table, in the spirit of PUDL's metadata.

Each :class:`TableSpec` holds the table's name, description, keys and columns; each
:class:`ColumnSpec` the column's type, meaning, nullability and allowed values or range. Every
other description of the tables is generated from this module: the pandera schemas
(``schemas.pandera_schemas``), the keys (``schemas.keys``), the Dagster asset descriptions and
``dagster/column_schema``, the dataset card, ``datapackage.json``, the DuckDB comments and
constraints, and the README's table list. ``tests/schemas/test_spec_drift.py`` fails when one
of them disagrees. Adding a column is one edit here (plus the code that fills it).

Closed vocabularies that the code emits are not typed here a second time: a
:class:`CodeVocabulary` names the constant in the module that emits the values, and is read
when a schema is built (lazily, so that this module imports nothing of the pipeline).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import polars as pl

ID_PATTERN = r"^[a-z]{3}_[0-9a-f]{16}$"
VERSION_PATTERN = r"^\d+\.\d+\.\d+$"

AUTHORS = pl.List(pl.Struct({"family": pl.Utf8, "given": pl.Utf8, "literal": pl.Utf8}))
"""CSL name records: ``family`` + ``given`` for a person, ``literal`` for an organisation."""


CSL_TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "book", "chapter",
    "dataset", "entry-encyclopedia", "paper-conference", "post", "post-weblog", "preprint",
    "report", "thesis", "webpage", "document",
)
"""The CSL item types the reference parser assigns (CSL's own vocabulary)."""


@dataclass(frozen=True)
class CodeVocabulary:
    """A closed vocabulary owned by the code that emits it: ``module.attribute`` (an iterable of
    strings), plus values the code writes as fallbacks elsewhere (``extra``)."""

    module: str
    attribute: str
    extra: tuple[str, ...] = ()

    def values(self) -> tuple[str, ...]:
        """The allowed values, read from the code that emits them."""
        return _resolve(self)

    def __str__(self) -> str:
        return f"{self.module}.{self.attribute}" + (f" + {list(self.extra)}" if self.extra else "")


@cache
def _resolve(vocabulary: CodeVocabulary) -> tuple[str, ...]:
    values = getattr(importlib.import_module(vocabulary.module), vocabulary.attribute)
    return tuple(dict.fromkeys([*values, *vocabulary.extra]))


Allowed = tuple[str, ...] | CodeVocabulary


@dataclass(frozen=True)
class ColumnSpec:
    """One column: type (a polars dtype; Arrow and every other type system follow from it),
    meaning, and the values it may hold."""

    name: str
    dtype: pl.DataType | type[pl.DataType]
    description: str
    nullable: bool = False
    unique: bool = False
    allowed: Allowed | None = None
    """Closed vocabulary (checked with ``isin``)."""
    allowed_joined: str | None = None
    """Separator when a value may be several vocabulary entries joined (``"dose; year"``)."""
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    references: str | None = None
    """Foreign key as ``"table.column"``; null means "no reference"."""
    position: bool = False
    """Where a row stands in its document, not what it is (IDs never derive from it)."""

    def allowed_values(self) -> tuple[str, ...] | None:
        """The closed vocabulary of the column, if it has one."""
        if self.allowed is None:
            return None
        return self.allowed.values() if isinstance(self.allowed, CodeVocabulary) else self.allowed

    def type_name(self) -> str:
        """Portable name of the type: string, int64, float64, boolean, date, list<...>, struct<...>."""
        return type_name(self.dtype)


def type_name(dtype: pl.DataType | type[pl.DataType]) -> str:
    """A short type name (int64, string, date, list<string>, ...) for docs and generated schemas."""
    if isinstance(dtype, pl.List):
        return f"list<{type_name(dtype.inner)}>"
    if isinstance(dtype, pl.Struct):
        return "struct<" + ", ".join(f"{f.name}: {type_name(f.dtype)}" for f in dtype.fields) + ">"
    names = {pl.Utf8: "string", pl.Int64: "int64", pl.Float64: "float64", pl.Boolean: "boolean", pl.Date: "date"}
    for known, name in names.items():
        if dtype == known:
            return name
    raise ValueError(f"no portable name for {dtype}")


@dataclass(frozen=True)
class ForeignKey:
    """``table.column`` refers to ``target_table.target_column`` (null means "no reference")."""

    table: str
    column: str
    target_table: str
    target_column: str


@dataclass(frozen=True)
class TableSpec:
    """One published table: name, description, keys and columns; every artefact is generated from it."""

    name: str
    description: str
    row: str
    """What one row is (the README's "one row per" column)."""
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...] = ()
    unique_together: tuple[str, ...] = ()
    made_by: str = ""
    """The asset (or step) that makes the table."""

    def column(self, name: str) -> ColumnSpec:
        """The spec of one column (KeyError names the table when it has no such column)."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> list[str]:
        """Column names in published order."""
        return [c.name for c in self.columns]

    @property
    def foreign_keys(self) -> list[ForeignKey]:
        """Foreign keys from this table's columns to other tables."""
        return [
            ForeignKey(self.name, c.name, *c.references.split(".")) for c in self.columns if c.references is not None
        ]


@dataclass(frozen=True)
class StageSpec:
    """An asset that holds part of a published table before a later stage completes it."""

    name: str
    table: str
    description: str
    without: tuple[str, ...] = ()
    """Columns of the table that a later stage adds."""


# -- column builders ---------------------------------------------------------------------------------


def id_column(name: str, prefix: str, description: str, *, nullable: bool = False, unique: bool = False,
              references: str | None = None) -> ColumnSpec:
    """A stable-ID column with its prefix."""
    return ColumnSpec(name, pl.Utf8, description, nullable=nullable, unique=unique,
                      pattern=rf"^{prefix}_[0-9a-f]{{16}}$", references=references)


def text(name: str, description: str, *, nullable: bool = True) -> ColumnSpec:
    """A free-text column."""
    return ColumnSpec(name, pl.Utf8, description, nullable=nullable, min_length=None if nullable else 1)


def count(name: str, description: str, *, nullable: bool = False, minimum: int = 0) -> ColumnSpec:
    """A non-negative count column."""
    return ColumnSpec(name, pl.Int64, description, nullable=nullable, minimum=minimum)


def choice(name: str, allowed: Allowed, description: str, *, nullable: bool = False) -> ColumnSpec:
    """A text column restricted to a closed vocabulary."""
    return ColumnSpec(name, pl.Utf8, description, nullable=nullable, allowed=allowed)


def line_no(description: str = "1-based line number in the input file.", *, nullable: bool = False) -> ColumnSpec:
    """A 1-based line-number column."""
    return ColumnSpec("line_no", pl.Int64, description, nullable=nullable, minimum=1, position=True)


def release_column(name: str, description: str) -> ColumnSpec:
    """A column naming a release version."""
    return ColumnSpec(name, pl.Utf8, description, nullable=True, pattern=VERSION_PATTERN)


def share(name: str, description: str, *, nullable: bool = True) -> ColumnSpec:
    """A fraction in [0, 1]."""
    return ColumnSpec(name, pl.Float64, description, nullable=nullable, minimum=0.0, maximum=1.0)


DOCUMENT = "documents.document_id"
FACT = "facts.fact_id"


def document_id(description: str = "Document the row comes from.") -> ColumnSpec:
    """The document_id foreign-key column."""
    return id_column("document_id", "doc", description, references=DOCUMENT)


def _bibliographic() -> tuple[ColumnSpec, ...]:
    return (
        ColumnSpec("authors", AUTHORS, "Authors as CSL names (family, given; literal for organisations); "
                   "null when the text names none.", nullable=True),
        ColumnSpec("et_al", pl.Boolean, "True when the author list ends with 'et al.' (more authors than listed)."),
        ColumnSpec("year", pl.Int64, "Publication year (1000-2100; implausible years are null and reported).",
                   nullable=True, minimum=1000, maximum=2100),
        text("title", "Title of the work as written."),
        text("container_title", "Journal, book or site the work appeared in."),
        text("volume", "Volume."),
        text("issue", "Issue."),
        text("pages", "Page range as written (start-end)."),
        ColumnSpec("doi", pl.Utf8, "DOI without resolver prefix (10.x/...).", nullable=True, pattern=r"^10\.\S+/\S+$"),
        ColumnSpec("url", pl.Utf8, "URL (http or https).", nullable=True, pattern=r"^https?://\S+$"),
        text("publisher", "Publisher."),
        text("accessed", "Date the URL was accessed, as written."),
        choice("type", CSL_TYPES, "CSL item type (works.csl.json writes preprint as CSL 1.0.2's article).",
               nullable=True),
    )


# -- the tables -------------------------------------------------------------------------------------

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "documents",
        "One row per input entry (file, or an entry that could not be read): kind, title, byline, line counts "
        "and parse status.",
        "input file: kind, title, author, publisher, edition, date, line counts, parse status",
        (
            id_column("document_id", "doc", "Document ID: from the path in the corpus when first seen; kept through "
                      "edits and renames.", unique=True),
            text("path", "Input file path relative to the input folder's parent.", nullable=False),
            ColumnSpec("sha256", pl.Utf8, "sha256 of the input file bytes (null when the file could not be read).",
                       nullable=True, pattern=r"^[0-9a-f]{64}$"),
            count("size_bytes", "Input file size in bytes (null when unknown).", nullable=True),
            choice("kind", ("concept_page", "newsletter", "blog_post", "article", "unknown"),
                   "Document kind, detected from the text's structure (never from the file name)."),
            text("title", "Document title."),
            text("author", "Author line of the document."),
            text("publisher", "Publisher or site."),
            text("edition", "Edition or issue label of the document."),
            text("published", "Publication date as written."),
            count("line_count", "Number of lines in the file."),
            count("nonblank_line_count", "Number of non-blank lines in the file (the reader's own count)."),
            choice("status", ("parsed", "partial", "rejected", "skipped"),
                   "parsed; partial (some lines rejected); rejected (the file could not be parsed); skipped "
                   "(hidden entry or link leading outside the input folder)."),
        ),
        primary_key=("document_id",),
        made_by="corpus_tables",
    ),
    TableSpec(
        "document_lines",
        "Every non-blank input line with the role it plays, so nothing is lost.",
        "non-blank input line (`line_id`) with its role: nothing is lost",
        (
            id_column("line_id", "lin", "Line ID: from document, line text and rank among identical lines; kept "
                      "through edits elsewhere.", unique=True),
            document_id(),
            line_no(),
            choice("role", CodeVocabulary("pipeline.parsing.rows", "LINE_ROLES"),
                   "What the line is (fact, synthesis, heading, boilerplate, reference_entry, ...)."),
            text("text", "The line as written.", nullable=False),
        ),
        primary_key=("line_id",),
        unique_together=("document_id", "line_no"),
        made_by="corpus_tables",
    ),
    TableSpec(
        "sources",
        "Source headers of concept pages: title, domain, publisher, date, authors, declared and actual fact counts.",
        "source header of a concept page: title, domain, publisher, date, authors, declared and actual fact counts",
        (
            id_column("source_id", "src", "Source ID: from document and header fields; kept across releases.",
                      unique=True),
            document_id(),
            line_no("Line of the source header."),
            text("title", "Source title.", nullable=False),
            ColumnSpec("title_truncated", pl.Boolean, "True when the source title was cut off in the input."),
            text("domain", "Web domain of the source."),
            text("publisher", "Publisher of the source."),
            ColumnSpec("published", pl.Date, "Publication date of the source.", nullable=True),
            ColumnSpec("authors", pl.List(pl.Utf8), "Authors of the source as written.", nullable=True),
            count("declared_fact_count", "Number of facts the source header announces.", nullable=True),
            count("actual_fact_count", "Number of facts found under the source header."),
        ),
        primary_key=("source_id",),
        made_by="corpus_tables",
    ),
    TableSpec(
        "facts",
        "Typed facts and prose statements with provenance and their duplicate cluster.",
        "typed fact (`claim`, `reference`, `procedure`, `measurement`, `account`, `perspective`) or prose sentence "
        "(`statement`), with source, line and `cluster_id`",
        (
            id_column("fact_id", "fct", "Fact ID: from document, type and text; kept across releases, also when the "
                      "fact is edited in place.", unique=True),
            document_id(),
            id_column("source_id", "src", "Source header the fact is listed under (null for prose).", nullable=True,
                      references="sources.source_id"),
            choice("fact_type", CodeVocabulary("pipeline.parsing.concept", "FACT_TYPES", ("statement", "unknown")),
                   "Fact type as written on the page; statement for a prose sentence, unknown for an unknown prefix."),
            text("text", "The fact as written.", nullable=False),
            line_no(),
            text("section", "Section heading the fact appears under."),
            id_column("cluster_id", "clu", "Cluster of facts that say the same thing.",
                      references="fact_clusters.cluster_id"),
        ),
        primary_key=("fact_id",),
        made_by="deduplicated_facts",
    ),
    TableSpec(
        "fact_clusters",
        "Distinct claims: each cluster groups the facts that say the same thing.",
        "distinct claim: representative text, member/source/document counts, `first_release`",
        (
            id_column("cluster_id", "clu", "Cluster ID: kept as members join or leave; merges keep the older ID "
                      "(see id_history).", unique=True),
            id_column("representative_fact_id", "fct", "The fact chosen to represent the cluster.", references=FACT),
            text("representative_text", "Text of the representative fact.", nullable=False),
            count("member_count", "Number of facts in the cluster.", minimum=1),
            count("source_count", "Number of distinct sources of the cluster's facts."),
            count("document_count", "Number of distinct documents of the cluster's facts.", minimum=1),
            release_column("first_release", "Release that first published this cluster ID."),
        ),
        primary_key=("cluster_id",),
        made_by="deduplicated_facts",
    ),
    TableSpec(
        "fact_cluster_members",
        "Why each fact is in its cluster: method, score, threshold and model, and how its details compare.",
        "fact in a cluster, with the method (exact, near, paraphrase), score, threshold and model that justified "
        "the merge",
        (
            id_column("cluster_id", "clu", "The cluster.", references="fact_clusters.cluster_id"),
            id_column("fact_id", "fct", "The member fact.", unique=True, references=FACT),
            id_column("matched_fact_id", "fct", "The fact this one was matched to (null for the representative).",
                      nullable=True, references=FACT),
            choice("method", ("representative", "exact", "near", "paraphrase"),
                   "How the fact joined the cluster: representative, exact (after normalisation), near "
                   "(characters), paraphrase (transformer)."),
            share("score", "Similarity score of the match (0-1)."),
            share("threshold", "Threshold the score had to reach (0-1)."),
            text("model_id", "Model (and weights hash) that produced the score."),
            text("slots_matched", "Slots (dose, year, substance, ...) both facts state with the same values, "
                 "comma-separated; null for the representative and exact members."),
            text("slots_omitted", "Slots only one of the two facts states, with the value and which fact states it, "
                 "e.g. 'year 2021 (this fact); phase phase 2 (matched fact)': an omission never blocks a merge."),
        ),
        primary_key=("fact_id",),
        made_by="deduplicated_facts",
    ),
    TableSpec(
        "fact_conflicts",
        "Contradictions: pairs of facts that make the same claim except for different values in one slot "
        "(dose, direction, negation, substance, ...).",
        "contradiction: two facts that make the same claim except for another value in one slot, with both values "
        "and an explanation",
        (
            id_column("fact_id_a", "fct", "First fact of the pair.", references=FACT),
            id_column("fact_id_b", "fct", "Second fact of the pair.", references=FACT),
            ColumnSpec("slot", pl.Utf8, "The slot whose values differ; slots joined by '; ' when the settings allow "
                       "two.", allowed=CodeVocabulary("pipeline.dedup.slots", "SLOTS"), allowed_joined="; "),
            text("value_a", "The slot's value in fact_id_a.", nullable=False),
            text("value_b", "The slot's value in fact_id_b.", nullable=False),
            text("explanation", "Short explanation, e.g. 'dose: 25 mg vs 10 mg'.", nullable=False),
            choice("method", ("near", "paraphrase"),
                   "How the rest of the claim was found to match: near (characters) or paraphrase (transformer)."),
            share("score", "Character similarity (near) or token alignment (paraphrase) of the two facts."),
        ),
        primary_key=("fact_id_a", "fact_id_b"),
        made_by="deduplicated_facts",
    ),
    TableSpec(
        "perspectives",
        "Model perspectives on a concept: model, stance, confidence, text.",
        "model perspective: model id, stance, confidence, text",
        (
            id_column("perspective_id", "per", "Perspective ID: from document, model, stance and text; kept across "
                      "releases.", unique=True),
            document_id(),
            line_no("Line of the perspective's header."),
            text("model_id", "Model that wrote the perspective, as named on the page.", nullable=False),
            text("stance", "Stance of the perspective."),
            share("confidence", "Confidence of the perspective (0-1)."),
            text("text", "The perspective as written."),
        ),
        primary_key=("perspective_id",),
        made_by="corpus_tables",
    ),
    TableSpec(
        "references",
        "Reference mentions parsed into CSL bibliographic fields, linked to their work. Quote the name in SQL: "
        "REFERENCES is a reserved word.",
        "reference mention (list entry, narrative sentence): CSL fields (authors, year, title, container, volume, "
        "issue, pages, DOI, URL, publisher, type) and `work_id`",
        (
            id_column("reference_id", "ref", "Reference ID: from document, origin and raw text; kept across "
                      "releases.", unique=True),
            document_id(),
            choice("origin", ("reference_list", "narrative", "in_text", "identifier"),
                   "Where the reference was found: reference_list, narrative (a sentence), in_text, identifier "
                   "(a bare DOI or URL)."),
            text("raw_text", "The reference as written.", nullable=False),
            line_no(),
            id_column("fact_id", "fct", "Fact whose text holds the reference (narrative references in facts).",
                      nullable=True, references=FACT),
            *_bibliographic(),
            id_column("work_id", "wrk", "The cited work.", references="works.work_id"),
        ),
        primary_key=("reference_id",),
        made_by="reference_tables",
    ),
    TableSpec(
        "works",
        "Cited works, merged across documents and citation forms.",
        "cited work, merged across documents and forms, `first_release`",
        (
            id_column("work_id", "wrk", "Work ID: kept as mentions join or leave; merges keep the older ID "
                      "(see id_history).", unique=True),
            *_bibliographic(),
            count("mention_count", "Number of references to the work.", minimum=1),
            count("document_count", "Number of distinct documents citing the work.", minimum=1),
            release_column("first_release", "Release that first published this work ID."),
        ),
        primary_key=("work_id",),
        made_by="reference_tables",
    ),
    TableSpec(
        "citations",
        "In-text citations and fact markers with what they resolve to, or why not.",
        "in-text citation or `[fact:N\\|…]` marker, with what it resolves to (or why not)",
        (
            id_column("citation_id", "cit", "Citation ID: from document, context, kind, marker and quoted text; "
                      "kept across releases.", unique=True),
            document_id(),
            line_no(),
            choice("context", ("synthesis", "perspective", "prose", "fact"),
                   "Where the citation occurs: synthesis, perspective, prose, fact."),
            id_column("perspective_id", "per", "Perspective the citation occurs in.", nullable=True,
                      references="perspectives.perspective_id"),
            choice("kind", ("fact_marker", "claim_title", "author_year", "numeric"),
                   "Citation form: fact_marker ([fact:N|...]), claim_title, author_year, numeric."),
            text("marker", "The citation marker as written.", nullable=False),
            count("fact_number", "Fact number the marker states (a label, not a position).", nullable=True),
            text("quoted_text", "Text quoted by the marker."),
            id_column("target_fact_id", "fct", "Fact the citation resolves to.", nullable=True, references=FACT),
            id_column("target_reference_id", "ref", "Reference the citation resolves to.", nullable=True,
                      references="references.reference_id"),
            choice("status", ("resolved", "unresolved", "ambiguous"), "resolved, unresolved or ambiguous."),
            text("reason", "Why the citation is unresolved or ambiguous."),
        ),
        primary_key=("citation_id",),
        made_by="reference_tables",
    ),
    TableSpec(
        "parse_issues",
        "Warnings and errors about parsed rows: count mismatches, unknown fact types, unresolved citations, "
        "implausible values, encodings.",
        "warning about a parsed row (fact-count mismatch, unknown fact type, unresolved citation, implausible "
        "value, encoding)",
        (
            document_id(),
            text("path", "Input file path.", nullable=False),
            line_no("Line the issue is about (null for the whole file).", nullable=True),
            choice("severity", ("warning", "error"), "warning or error."),
            choice("code", CodeVocabulary("pipeline.parsing.rows", "ISSUE_CODES"), "Machine-readable issue code."),
            text("message", "Human-readable message, starting with file and line.", nullable=False),
        ),
        made_by="corpus_tables",
    ),
    TableSpec(
        "id_history",
        "IDs that stopped being current (merged, split off, removed) and what they became.",
        "ID that stopped being current: `kind`, `old_id`, `new_id` (what it became, if anything), `release`, "
        "`reason` (`merged`, `split`, `removed`)",
        (
            choice("kind", ("document", "line", "source", "fact", "perspective", "reference", "citation", "cluster",
                            "work"), "Kind of ID."),
            ColumnSpec("old_id", pl.Utf8, "The ID that stopped being current (or that a part split off from).",
                       pattern=ID_PATTERN),
            ColumnSpec("new_id", pl.Utf8, "What it became: the surviving ID of a merge, the new ID of a split-off "
                       "part; null when removed.", nullable=True, pattern=ID_PATTERN),
            release_column("release", "Release in which the old ID stopped being current."),
            choice("reason", ("merged", "split", "removed"),
                   "merged (into new_id), split (new_id split off; old_id stays current) or removed."),
        ),
        made_by="release",
    ),
    TableSpec(
        "rejects",
        "Input lines or whole files that could not be parsed, with the reason.",
        "input line or file that could not be parsed, with the reason",
        (
            document_id(),
            text("path", "Input file path.", nullable=False),
            line_no("Rejected line (null when the whole file was rejected).", nullable=True),
            text("reason", "Why the line or file was rejected: '<code> (<path>[:<line>]): <detail>'.", nullable=False),
            text("raw", "The rejected input text (an excerpt for an over-long line)."),
        ),
        made_by="corpus_tables",
    ),
)

DIFF = TableSpec(
    "release_diff",
    "Rows added, removed, changed or moved since the previous release, by stable ID.",
    "row added, removed, changed or moved since the previous release",
    (
        choice("entity", tuple(t.name for t in TABLES), "Table the changed row belongs to."),
        text("id", "Stable ID of the row (primary key values joined by '/'; row_<digest> for tables without a key).",
             nullable=False),
        choice("change", CodeVocabulary("pipeline.publish.diff", "CHANGES"),
               "added, removed, changed, or moved (only its line number changed)."),
        ColumnSpec("columns", pl.List(pl.Utf8), "Columns whose values differ (changed and moved rows).", nullable=True),
    ),
    primary_key=("entity", "id"),
    made_by="release",
)

STAGES: tuple[StageSpec, ...] = (
    StageSpec("raw_facts", "facts", "Facts and prose statements as parsed, before deduplication (no cluster_id yet).",
              without=("cluster_id",)),
    StageSpec("document_references", "references", "Reference mentions of every document parsed into CSL "
              "fields, before they are merged into works (work_id still null)."),
)

TABLE_SPECS: dict[str, TableSpec] = {t.name: t for t in TABLES}
"""Published tables, in publishing order (release_diff is made while publishing: ``DIFF``)."""
ALL_SPECS: dict[str, TableSpec] = {**TABLE_SPECS, DIFF.name: DIFF}
STAGE_SPECS: dict[str, StageSpec] = {s.name: s for s in STAGES}


def table_spec(name: str) -> TableSpec:
    """The spec of table ``name``."""
    return ALL_SPECS[name]


def asset_description(asset: str) -> str:
    """The Dagster description of a table asset (published table or stage)."""
    if asset in STAGE_SPECS:
        return STAGE_SPECS[asset].description
    return ALL_SPECS[asset].description


def asset_columns(asset: str) -> tuple[ColumnSpec, ...]:
    """The columns an asset holds: its table's, minus those a later stage adds."""
    if asset in STAGE_SPECS:
        stage = STAGE_SPECS[asset]
        return tuple(c for c in ALL_SPECS[stage.table].columns if c.name not in stage.without)
    return ALL_SPECS[asset].columns


def asset_table(asset: str) -> str | None:
    """The published table an asset is (part of), or None for other assets."""
    if asset in STAGE_SPECS:
        return STAGE_SPECS[asset].table
    return asset if asset in ALL_SPECS else None


def foreign_keys() -> Iterator[ForeignKey]:
    """Every foreign key of every table."""
    for table in TABLES:
        yield from table.foreign_keys


@dataclass(frozen=True)
class ReadmeTable:
    """The README's table list, generated: ``| table | one row per |``."""

    marker_start: str = "<!-- tables: generated from schemas/spec.py by `python -m schemas.spec README.md` -->"
    marker_end: str = "<!-- /tables -->"
    rows: list[tuple[str, str]] = field(default_factory=lambda: [(t.name, t.row) for t in (*TABLES, DIFF)])

    def render(self) -> str:
        """The explanation as a short sentence."""
        lines = ["| table | one row per |", "| --- | --- |"]
        lines += [f"| `{name}` | {row} |" for name, row in self.rows]
        return "\n".join([self.marker_start, *lines, self.marker_end])


def update_readme(text: str) -> str:
    """``text`` with its generated table list replaced by the current one (appended if absent)."""
    block = ReadmeTable()
    start, end = text.find(block.marker_start), text.find(block.marker_end)
    if start < 0 or end < 0:
        raise ValueError(f"README has no generated table list ({block.marker_start!r} ... {block.marker_end!r})")
    return text[:start] + block.render() + text[end + len(block.marker_end):]


if __name__ == "__main__":
    import sys
    from pathlib import Path

    readme = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    readme.write_text(update_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated the table list in {readme}")
