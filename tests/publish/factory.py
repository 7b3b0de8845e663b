"""Small synthetic corpora whose tables satisfy schemas/pandera_schemas.py, for publishing tests.

A corpus is a list of :class:`Doc`; the tables are derived from it the way the pipeline
would (stable IDs from content), so editing one document changes exactly its rows.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipeline.ids import document_id_for_path, stable_id
from pipeline.publish import ReleaseInput, PublishResult, publish_release
from schemas import arrow_schema


FIRST_RELEASE = "1.0.0"
"""Every cluster and work counts as first published in 1.0.0: these tables stand for what
``pipeline.identity`` hands to publishing, which is tested on its own."""

TABLES = ("documents", "sources", "facts", "fact_clusters", "references", "works", "rejects")


@dataclass(frozen=True)
class Doc:
    """One synthetic input document: a source with facts, optionally citing works."""

    path: str
    facts: tuple[str, ...]
    cites: tuple[str, ...] = ()
    rejected_lines: tuple[str, ...] = ()
    publisher: str | None = None

    @property
    def content(self) -> bytes:
        lines = [self.path, *self.facts, *self.cites, *self.rejected_lines, self.publisher or ""]
        return "\n".join(lines).encode()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def document_id(self) -> str:
        return document_id_for_path(self.path)


@dataclass
class _Rows:
    tables: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, table: str, **row: object) -> None:
        self.tables.setdefault(table, []).append(row)


def _document_rows(rows: _Rows, doc: Doc) -> str:
    rows.add(
        "documents", document_id=doc.document_id, path=doc.path, sha256=doc.sha256, size_bytes=len(doc.content),
        kind="concept_page", title=f"Title of {doc.path}", author=None, publisher=doc.publisher, edition=None,
        published=None, line_count=len(doc.content.splitlines()), nonblank_line_count=len(doc.content.splitlines()),
        status="partial" if doc.rejected_lines else "parsed",
    )
    source_id = stable_id("src", doc.document_id, 2)
    rows.add(
        "sources", source_id=source_id, document_id=doc.document_id, line_no=2, title=f"Source of {doc.path}",
        title_truncated=False, domain="example.org", publisher=doc.publisher, published=None, authors=["A. Author"],
        declared_fact_count=len(doc.facts), actual_fact_count=len(doc.facts),
    )
    for offset, raw in enumerate(doc.rejected_lines):
        rows.add(
            "rejects", document_id=doc.document_id, path=doc.path, line_no=100 + offset, reason="unparseable", raw=raw
        )
    return source_id


def make_tables(docs: list[Doc]) -> dict[str, pa.Table]:
    """documents, sources, facts, fact_clusters, references, works, rejects for ``docs``."""
    rows = _Rows({name: [] for name in TABLES})
    clusters: dict[str, list[tuple[str, str]]] = {}
    mentions: dict[str, list[str]] = {}
    for doc in docs:
        source_id = _document_rows(rows, doc)
        for line_no, text in enumerate(doc.facts, start=3):
            fact_id = stable_id("fct", doc.document_id, source_id, text.lower(), 0)
            clusters.setdefault(text.lower(), []).append((fact_id, doc.document_id))
            rows.add(
                "facts", fact_id=fact_id, document_id=doc.document_id, source_id=source_id, fact_type="claim",
                text=text, line_no=line_no, section=None, cluster_id=None,
            )
        for ordinal, title in enumerate(doc.cites):
            mentions.setdefault(title, []).append(doc.document_id)
            rows.add(
                "references", reference_id=stable_id("ref", doc.document_id, 50, ordinal), document_id=doc.document_id,
                origin="reference_list", raw_text=f"Author (2020). {title}.", line_no=50, fact_id=None, authors=[
                    {"family": "Author", "given": None, "literal": None}
                ], et_al=False, year=2020, title=title, container_title=None, volume=None, issue=None, pages=None,
                doi=None, url=None, publisher=None, accessed=None, type="article-journal",
                work_id=stable_id("wrk", title),
            )
    cluster_of = {}
    for members in clusters.values():
        cluster_id = stable_id("clu", min(fact_id for fact_id, _ in members))
        cluster_of.update({fact_id: cluster_id for fact_id, _ in members})
        representative = min(fact_id for fact_id, _ in members)
        text = next(f["text"] for f in rows.tables["facts"] if f["fact_id"] == representative)
        rows.add(
            "fact_clusters", cluster_id=cluster_id, representative_fact_id=representative, representative_text=text,
            member_count=len(members), source_count=len(members), document_count=len({d for _, d in members}),
            first_release=FIRST_RELEASE,
        )
    for fact in rows.tables["facts"]:
        fact["cluster_id"] = cluster_of[fact["fact_id"]]
    for title, documents in mentions.items():
        rows.add(
            "works", work_id=stable_id("wrk", title), authors=[{"family": "Author", "given": None, "literal": None}],
            et_al=False, year=2020, title=title, container_title=None, volume=None, issue=None, pages=None, doi=None,
            url=None, publisher=None, accessed=None, type="article-journal", mention_count=len(documents),
            document_count=len(set(documents)), first_release=FIRST_RELEASE,
        )
    return {name: pa.Table.from_pylist(table, schema=arrow_schema(name)) for name, table in rows.tables.items()}


def make_inputs(docs: list[Doc]) -> list[ReleaseInput]:
    return [ReleaseInput(path=doc.path, sha256=doc.sha256, size_bytes=len(doc.content)) for doc in docs]


def base_corpus() -> list[Doc]:
    """Three documents sharing one fact and one cited work; one document has a rejected line."""
    return [
        Doc("in/a.txt", ("Water boils at 100 C at sea level.", "Ice floats on water."), cites=("On Ice",)),
        Doc("in/b.txt", ("Ice floats on water.", "Salt lowers the freezing point."), cites=("On Ice", "Salt Lakes")),
        Doc("in/c.txt", ("Fog is a low cloud.",), rejected_lines=("\x00garbled",), publisher="Weather Desk"),
    ]


def edited_corpus() -> list[Doc]:
    """base_corpus with document b's second fact reworded and a fourth document added."""
    a, b, c = base_corpus()
    return [
        a,
        Doc(b.path, (b.facts[0], "Salt raises the boiling point."), cites=b.cites),
        c,
        Doc("in/d.txt", ("Dew forms at night.",), cites=("Salt Lakes",)),
    ]


EXPORTS = {"works.bib": b"@article{on_ice}\n"}


def publish_docs(
    docs: list[Doc],
    data_dir: Path,
    *,
    tables: dict[str, pa.Table] | None = None,
    extra_files: dict[str, bytes] | None = None,
) -> PublishResult:
    """Publish the tables of ``docs`` (or ``tables`` in their place) with their input files."""
    return publish_release(
        make_tables(docs) if tables is None else tables,
        inputs=make_inputs(docs),
        data_dir=data_dir,
        code_version="code-1",
        extra_files=EXPORTS if extra_files is None else extra_files,
    )


def writable_copy(release: Path, destination: Path) -> Path:
    """A copy of a (read-only) release folder that a test may damage."""
    shutil.copytree(release, destination)
    for path in destination.iterdir():
        path.chmod(0o644)
    return destination
