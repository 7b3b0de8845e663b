"""Stable IDs across releases, shown with real builds on a copy of the seeds.

One module-scoped history of builds into one data folder; each test states what one edit did.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest

from pipeline.build import BuildOutcome, build_dataset
from pipeline.cli import main
from pipeline.identity.rules import ROW_IDENTITIES
from pipeline.publish.compare import compare_releases
from tests.conftest import SEEDS, SHARED_CACHE

pytestmark = pytest.mark.slow(18)  # the module fixture's builds; xdist starts it early
CONCEPT_PAGE = "001_0a74cdca392be406.txt"
RENAMED_FROM, RENAMED_TO = "002_ef69635e03395b78.txt", "renamed/the-same-article.txt"
INSERTED = "A sentence added near the top of the synthesis, after the concept name."
# Three sentences where the middle one bridges the other two: alone, A and B stay apart
# (one states a detail twice as long); C is a near duplicate of each.
BRIDGE_A = "Mindfulness training lowers perceived stress among nurses working night shifts."
BRIDGE_B = "Mindfulness training lowers perceived stress among nurses working night shifts over several months of follow-up."
BRIDGE_C = "Mindfulness training lowers perceived stress among nurses working night shifts over several months."


@dataclass
class Step:
    outcome: BuildOutcome
    tables: dict[str, list[dict]]


def _prose(title: str, sentence: str) -> str:
    return f"{title}\n\n{sentence}\n"


def _tables(outcome: BuildOutcome) -> dict[str, list[dict]]:
    assert outcome.published and outcome.new_release, outcome.report()
    folder = Path(outcome.release_path)
    return {path.stem: pq.read_table(path).to_pylist() for path in folder.glob("*.parquet")}


def _edit_one_word(page: Path, tables: dict[str, list[dict]]) -> tuple[str, str]:
    """Change one word of a claim that is alone in its cluster and in no conflict; its fact_id and new text."""
    document = next(d for d in tables["documents"] if d["path"].endswith(CONCEPT_PAGE))
    in_conflict = {f for c in tables["fact_conflicts"] for f in (c["fact_id_a"], c["fact_id_b"])}
    single = {c["cluster_id"] for c in tables["fact_clusters"] if c["member_count"] == 1}
    fact = next(
        f for f in tables["facts"]
        if f["document_id"] == document["document_id"] and f["fact_type"] == "claim" and f["cluster_id"] in single
        and f["fact_id"] not in in_conflict and len(f["text"].split()) > 8
    )
    words = fact["text"].split(" ")
    words[len(words) // 2] = "remarkably" if words[len(words) // 2] != "remarkably" else "notably"
    edited = " ".join(words)
    lines = page.read_text("utf-8").split("\n")
    lines[fact["line_no"] - 1] = lines[fact["line_no"] - 1].replace(fact["text"], edited)
    page.write_text("\n".join(lines), "utf-8")
    return fact["fact_id"], edited


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Four releases: the seeds (+ A); one word edited; a line inserted, a file renamed, a
    repeated fact and B added; C added, which bridges A and B."""
    seeds = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, seeds)
    data = tmp_path_factory.mktemp("data")
    page = seeds / CONCEPT_PAGE
    steps: dict[str, object] = {}

    def build(name: str) -> Step:
        with dg.DagsterInstance.ephemeral() as instance:
            outcome = build_dataset(seeds_dir=seeds, data_dir=data, cache_dir=SHARED_CACHE, instance=instance)
        steps[name] = step = Step(outcome, _tables(outcome))
        return step

    (seeds / "bridge-a.txt").write_text(_prose("Stress at work", BRIDGE_A), "utf-8")
    first = build("initial")
    steps["edited_fact"] = _edit_one_word(page, first.tables)
    edited = build("one_word")
    lines = page.read_text("utf-8").split("\n")
    title_at = next(i for i, line in enumerate(lines) if line.strip() and i > 0 and lines[i - 1].strip() == "") + 1
    page.write_text("\n".join([*lines[:title_at], INSERTED, *lines[title_at:]]), "utf-8")
    (seeds / RENAMED_TO).parent.mkdir()
    (seeds / RENAMED_FROM).rename(seeds / RENAMED_TO)
    repeated = next(f for f in edited.tables["facts"] if f["fact_type"] == "claim")
    steps["repeated_fact"] = repeated
    (seeds / "repeats.txt").write_text(_prose("A repeated claim", repeated["text"]), "utf-8")
    (seeds / "bridge-b.txt").write_text(_prose("Stress on night shifts", BRIDGE_B), "utf-8")
    build("inserted_renamed_repeated")
    (seeds / "bridge-c.txt").write_text(_prose("Stress, again", BRIDGE_C), "utf-8")
    build("bridged")
    steps["data"] = data
    return steps


def _ids_of(tables: dict[str, list[dict]], document_id: str | None = None) -> dict[str, set[str]]:
    """Every row ID of every table (of one document, when given)."""
    ids = {}
    for identity in ROW_IDENTITIES:
        rows = tables.get(identity.table, [])
        ids[identity.table] = {
            r[identity.id_column] for r in rows if document_id is None or r["document_id"] == document_id
        }
    ids["documents"] = {r["document_id"] for r in tables["documents"] if document_id in (None, r["document_id"])}
    return ids


def _cluster_of(tables: dict[str, list[dict]]) -> dict[str, str]:
    return {f["fact_id"]: f["cluster_id"] for f in tables["facts"]}


def _release(step: Step) -> Path:
    return Path(step.outcome.release_path)


def test_a_one_word_edit_keeps_every_id_of_the_document_and_is_a_patch_listing_exactly_that_fact(history):
    before, after = history["initial"], history["one_word"]
    fact_id, edited = history["edited_fact"]
    page_id = next(d["document_id"] for d in before.tables["documents"] if d["path"].endswith(CONCEPT_PAGE))
    assert _ids_of(after.tables, page_id) == _ids_of(before.tables, page_id)
    assert next(f for f in after.tables["facts"] if f["fact_id"] == fact_id)["text"] == edited
    assert _cluster_of(after.tables) == _cluster_of(before.tables)
    comparison = compare_releases(_release(before), _release(after))
    assert (before.outcome.version, after.outcome.version) == ("1.0.0", "1.0.1") and comparison.bump == "patch"
    changed_facts = [r for r in comparison.rows.to_pylist() if r["entity"] == "facts"]
    assert changed_facts == [{"entity": "facts", "id": fact_id, "change": "changed", "columns": ["text"]}]


def test_inserting_a_line_near_the_top_keeps_every_id_and_shifted_rows_have_moved(history):
    before, after = history["one_word"], history["inserted_renamed_repeated"]
    old, new = _ids_of(before.tables), _ids_of(after.tables)
    assert all(old[table] <= new[table] for table in old)
    page_id = next(d["document_id"] for d in before.tables["documents"] if d["path"].endswith(CONCEPT_PAGE))
    assert len(_ids_of(after.tables, page_id)["document_lines"] - old["document_lines"]) == 1
    page_facts = sum(f["document_id"] == page_id for f in before.tables["facts"])
    counts = compare_releases(_release(before), _release(after)).counts["facts"]
    assert (counts["removed"], counts["changed"], counts["moved"]) == (0, 0, page_facts)


def test_renaming_a_file_keeps_its_ids_and_the_diff_says_it_was_renamed(history):
    before, after = history["one_word"], history["inserted_renamed_repeated"]
    moved = next(d for d in before.tables["documents"] if d["path"].endswith(RENAMED_FROM))
    now = next(d for d in after.tables["documents"] if d["document_id"] == moved["document_id"])
    assert now["path"].endswith(RENAMED_TO) and now["sha256"] == moved["sha256"]
    assert _ids_of(after.tables, moved["document_id"]) == _ids_of(before.tables, moved["document_id"])
    comparison = compare_releases(_release(before), _release(after))
    assert [(r.document_id, r.new_path) for r in comparison.renamed] == [(moved["document_id"], now["path"])]
    assert "renamed" in comparison.report()


def test_a_new_document_repeating_a_fact_joins_its_cluster_without_changing_the_cluster_id(history):
    before, after = history["one_word"], history["inserted_renamed_repeated"]
    repeated = history["repeated_fact"]
    cluster_id = _cluster_of(before.tables)[repeated["fact_id"]]
    members = [f for f in after.tables["facts"] if f["cluster_id"] == cluster_id]
    assert {f["text"] for f in members} == {repeated["text"]} and len(members) == 2
    assert _cluster_of(after.tables)[repeated["fact_id"]] == cluster_id


def test_a_fact_bridging_two_clusters_merges_them_under_the_older_id_and_records_the_absorbed_one(history):
    before, after = history["inserted_renamed_repeated"], history["bridged"]
    clusters_before = {f["text"]: f["cluster_id"] for f in before.tables["facts"] if f["text"] in (BRIDGE_A, BRIDGE_B)}
    assert len(set(clusters_before.values())) == 2, "precondition: alone, the two bridged facts stay apart"
    merged = {f["cluster_id"] for f in after.tables["facts"] if f["text"] in (BRIDGE_A, BRIDGE_B, BRIDGE_C)}
    assert merged == {clusters_before[BRIDGE_A]}, "the merged cluster keeps the ID first published (A's)"
    absorbed = clusters_before[BRIDGE_B]
    history_rows = [r for r in after.tables["id_history"] if r["old_id"] == absorbed]
    assert history_rows == [{"kind": "cluster", "old_id": absorbed, "new_id": clusters_before[BRIDGE_A],
                             "release": after.outcome.version, "reason": "merged"}]
    current = {c["cluster_id"] for c in after.tables["fact_clusters"]}
    assert absorbed not in current and history_rows[0]["new_id"] in current


def test_whoever_holds_the_absorbed_cluster_id_resolves_it_from_the_command_line(history, capsys):
    before, after = history["inserted_renamed_repeated"], history["bridged"]
    absorbed = next(f["cluster_id"] for f in before.tables["facts"] if f["text"] == BRIDGE_B)
    survivor = next(f["cluster_id"] for f in before.tables["facts"] if f["text"] == BRIDGE_A)
    assert main(["resolve", absorbed, "--data", str(history["data"])]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{absorbed} merged in {after.outcome.version} -> {survivor}", f"{survivor} is current"
    ]


def test_clusters_and_works_record_the_release_that_first_published_them(history):
    first, last = history["initial"], history["bridged"]
    assert {c["first_release"] for c in first.tables["fact_clusters"]} == {"1.0.0"}
    bridge_b = next(f["cluster_id"] for f in history["inserted_renamed_repeated"].tables["facts"] if f["text"] == BRIDGE_B)
    assert next(c for c in history["inserted_renamed_repeated"].tables["fact_clusters"]
                if c["cluster_id"] == bridge_b)["first_release"] == "1.1.0"
    since = {c["cluster_id"]: c["first_release"] for c in last.tables["fact_clusters"]}
    assert all(since[c["cluster_id"]] == "1.0.0" for c in first.tables["fact_clusters"] if c["cluster_id"] in since)
    assert {w["first_release"] for w in first.tables["works"]} == {"1.0.0"}


def test_every_id_is_unique_in_every_release(history):
    for name in ("initial", "one_word", "inserted_renamed_repeated", "bridged"):
        step = history[name]
        for identity in ROW_IDENTITIES:
            ids = [r[identity.id_column] for r in step.tables[identity.table]]
            assert len(ids) == len(set(ids)), (name, identity.table)
