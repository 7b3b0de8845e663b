"""reconcile: IDs are a function of the inputs plus the previous release, unique whatever the input."""

from __future__ import annotations

import hashlib

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.identity import PreviousRelease, assign_fresh_ids, reconcile
from pipeline.ids import document_id_for_path, stable_id
from schemas import arrow_schema

DOCUMENTS = pa.schema([("document_id", pa.large_string()), ("path", pa.large_string()), ("sha256", pa.large_string())])
Corpus = dict[str, list[str]]
"""path -> the texts of its facts, in order."""

TEXTS = st.sampled_from(["Alpha is high.", "Beta is low.", "Gamma rises.", "Delta falls.", "Alpha is high!"])


def _build(corpus: Corpus) -> dict[str, pa.Table]:
    """The tables a build of ``corpus`` makes (facts clustered by exact text), with fresh IDs."""
    documents, facts = [], []
    for path, texts in sorted(corpus.items()):
        document_id = document_id_for_path(path)
        documents.append({"document_id": document_id, "path": path,
                          "sha256": hashlib.sha256("\n".join(texts).encode()).hexdigest()})
        facts += [{"fact_id": f"fct_{len(facts) + i:016x}", "document_id": document_id, "source_id": None,
                   "fact_type": "claim", "text": text, "line_no": i + 1, "section": None, "cluster_id": None}
                  for i, text in enumerate(texts)]
    tables = {"documents": pa.Table.from_pylist(documents, schema=DOCUMENTS),
              "facts": pa.Table.from_pylist(facts, schema=arrow_schema("facts"))}
    assign_fresh_ids(tables, ["facts"])
    first = {}
    for fact_id, text in zip(tables["facts"].column("fact_id").to_pylist(), tables["facts"].column("text").to_pylist()):
        first[text] = min(first.get(text, fact_id), fact_id)
    cluster_of = {text: stable_id("clu", fact_id) for text, fact_id in first.items()}
    tables["facts"] = tables["facts"].set_column(
        tables["facts"].schema.get_field_index("cluster_id"), "cluster_id",
        pa.array([cluster_of[t] for t in tables["facts"].column("text").to_pylist()], pa.large_string()))
    tables["fact_clusters"] = pa.table({"cluster_id": pa.array(sorted(set(cluster_of.values())), pa.large_string())})
    return tables


def _publish(tables: dict[str, pa.Table], version: str) -> PreviousRelease:
    """What the release would hold: null release columns filled with its version."""
    published = {}
    for name, table in tables.items():
        for column in ("first_release", "release"):
            if column in table.column_names:
                index = table.schema.get_field_index(column)
                table = table.set_column(index, column, pc.fill_null(table.column(column), version))
        published[name] = table
    return PreviousRelease(version, published)


def _history(corpora: list[Corpus]) -> list[dict[str, pa.Table]]:
    releases, previous = [], None
    for n, corpus in enumerate(corpora):
        tables = reconcile(_build(corpus), previous)
        releases.append(tables)
        previous = _publish(tables, f"1.{n}.0")
    return releases


def _fact_ids(tables: dict[str, pa.Table]) -> dict[tuple[str, int], str]:
    facts = tables["facts"]
    return {(d, n): f for d, n, f in zip(facts.column("document_id").to_pylist(), facts.column("line_no").to_pylist(),
                                         facts.column("fact_id").to_pylist())}


CORPORA = st.dictionaries(st.sampled_from(["a.txt", "b.txt", "c/d.txt"]), st.lists(TEXTS, max_size=6), max_size=3)


@given(st.lists(CORPORA, min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_ids_are_unique_in_every_release_and_rebuilding_the_same_history_gives_the_same_ids(corpora):
    first, second = _history(corpora), _history(corpora)
    for tables, again in zip(first, second):
        for name, column in (("facts", "fact_id"), ("fact_clusters", "cluster_id"), ("documents", "document_id")):
            ids = tables[name].column(column).to_pylist()
            assert len(ids) == len(set(ids)), name
            assert ids == again[name].column(column).to_pylist()


@given(st.lists(TEXTS, min_size=1, max_size=8), st.data())
@settings(max_examples=80, deadline=None)
def test_editing_one_fact_changes_no_other_fact_id(texts, data):
    at = data.draw(st.integers(0, len(texts) - 1))
    edited = texts[:at] + [data.draw(st.text(min_size=1, max_size=30))] + texts[at + 1:]
    before, after = _history([{"a.txt": texts}, {"a.txt": edited}])
    old, new = _fact_ids(before), _fact_ids(after)
    assert all(new[key] == old[key] for key in old if key[1] != at + 1)


def test_a_renamed_file_with_the_same_bytes_keeps_its_document_and_fact_ids():
    before, after = _history([{"a.txt": ["Alpha is high.", "Beta is low."]}, {"moved/a.txt": ["Alpha is high.", "Beta is low."]}])
    assert after["documents"].column("document_id").to_pylist() == before["documents"].column("document_id").to_pylist()
    assert after["facts"].column("fact_id").to_pylist() == before["facts"].column("fact_id").to_pylist()


def test_a_new_file_at_a_renamed_file_s_old_path_gets_an_id_of_its_own():
    _, after = _history([{"a.txt": ["Alpha is high."]}, {"b.txt": ["Alpha is high."], "a.txt": ["Gamma rises."]}])
    ids = after["documents"].column("document_id").to_pylist()
    assert len(set(ids)) == 2 and document_id_for_path("a.txt") in ids


def test_every_id_that_stops_being_current_is_in_id_history():
    before, after = _history([{"a.txt": ["Alpha is high.", "Beta is low."]}, {"a.txt": ["Alpha is high."]}])
    gone = set(before["facts"].column("fact_id").to_pylist()) - set(after["facts"].column("fact_id").to_pylist())
    rows = after["id_history"].to_pylist()
    assert {(r["kind"], r["old_id"], r["reason"]) for r in rows} >= {("fact", fact_id, "removed") for fact_id in gone}
    assert all(r["release"] is None for r in rows), "the release being published fills in its version"
