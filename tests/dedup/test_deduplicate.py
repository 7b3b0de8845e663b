from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest

from pipeline.dedup import DedupConfig, DedupResult, deduplicate
from schemas import validate_table
from tests.dedup.conftest import REAL_CACHE, facts_table

TEXTS = [
    "Regular aerobic exercise lowers resting blood pressure in adults with hypertension.",
    "REGULAR aerobic exercise lowers resting blood pressure in adults with hypertension",
    "Regular aerobic exercise lowers resting blood presure in adults with hypertension.",
    "Regular aerobic exercise raises resting blood pressure in adults with hypertension.",
    "Coral reefs support about a quarter of all marine species.",
]


@pytest.fixture(scope="module")
def result(fake_cache: Path) -> DedupResult:
    return deduplicate(facts_table(TEXTS, documents=["d1", "d1", "d2", "d3", "d3"], sources=["s1", None, "s2", None, None]), cache_dir=fake_cache)


def members(result: DedupResult) -> dict[str, dict]:
    return {row["fact_id"]: row for row in result.fact_cluster_members.to_pylist()}


def fact_ids() -> list[str]:
    return facts_table(TEXTS).column("fact_id").to_pylist()


def test_every_fact_is_in_exactly_one_cluster(result: DedupResult) -> None:
    assert sorted(result.assignments.column("fact_id").to_pylist()) == sorted(fact_ids())
    assert result.fact_cluster_members.num_rows == len(TEXTS)
    assert sum(result.fact_clusters.column("member_count").to_pylist()) == len(TEXTS)


def test_case_and_punctuation_variants_merge_as_exact(result: DedupResult) -> None:
    ids = fact_ids()
    rows = members(result)
    assert rows[ids[0]]["cluster_id"] == rows[ids[1]]["cluster_id"]
    assert {rows[ids[0]]["method"], rows[ids[1]]["method"]} == {"representative", "exact"}


def test_a_typo_merges_as_near_with_its_score_threshold_and_model(result: DedupResult) -> None:
    ids = fact_ids()
    typo = members(result)[ids[2]]
    assert typo["cluster_id"] == members(result)[ids[0]]["cluster_id"]
    assert typo["method"] == "near"
    assert typo["score"] >= typo["threshold"]
    assert typo["model_id"].startswith("minhash")
    assert typo["matched_fact_id"] in ids[:2]


def test_a_direction_flip_is_a_conflict_and_stays_apart(result: DedupResult) -> None:
    ids = fact_ids()
    rows = members(result)
    assert rows[ids[3]]["cluster_id"] != rows[ids[0]]["cluster_id"]
    conflicts = result.fact_conflicts.to_pylist()
    flip = [c for c in conflicts if ids[3] in (c["fact_id_a"], c["fact_id_b"])]
    assert flip and all(c["slot"] == "direction" and c["method"] == "near" for c in flip)
    row = flip[0]
    lowers_first = row["fact_id_a"] != ids[3]
    assert (row["value_a"], row["value_b"]) == (("lowers", "raises") if lowers_first else ("raises", "lowers"))
    assert row["explanation"] == f"direction: {row['value_a']} vs {row['value_b']}"


def test_a_near_merge_records_the_slots_that_matched(result: DedupResult) -> None:
    typo = members(result)[fact_ids()[2]]
    assert {"direction", "condition", "age"} <= set(typo["slots_matched"].split(", "))
    assert typo["slots_omitted"] is None


def test_unrelated_fact_is_a_singleton_representative(result: DedupResult) -> None:
    row = members(result)[fact_ids()[4]]
    assert row["method"] == "representative" and row["matched_fact_id"] is None


def test_cluster_counts_sources_and_documents_across_documents(result: DedupResult) -> None:
    cluster_id = members(result)[fact_ids()[0]]["cluster_id"]
    cluster = next(c for c in result.fact_clusters.to_pylist() if c["cluster_id"] == cluster_id)
    assert (cluster["member_count"], cluster["source_count"], cluster["document_count"]) == (3, 2, 2)


@pytest.mark.parametrize("table", ["fact_clusters", "fact_cluster_members", "fact_conflicts"])
def test_outputs_satisfy_the_published_schemas(result: DedupResult, table: str) -> None:
    assert validate_table(table, pl.from_arrow(getattr(result, table))) is None


def test_ids_and_rows_do_not_depend_on_input_order(result: DedupResult, fake_cache: Path) -> None:
    facts = facts_table(TEXTS, documents=["d1", "d1", "d2", "d3", "d3"], sources=["s1", None, "s2", None, None])
    shuffled = deduplicate(facts.take(pa.array([4, 2, 0, 3, 1])), cache_dir=fake_cache)
    for name in ("assignments", "fact_clusters", "fact_cluster_members", "fact_conflicts"):
        assert getattr(shuffled, name).equals(getattr(result, name))


def test_empty_input_gives_empty_tables(fake_cache: Path) -> None:
    empty = deduplicate(facts_table([]), cache_dir=fake_cache)
    assert empty.assignments.num_rows == empty.fact_clusters.num_rows == empty.fact_conflicts.num_rows == 0


def test_paraphrase_merges_with_the_real_model_across_fact_kinds() -> None:
    texts = [
        "Coral bleaching is mainly caused by marine heatwaves.",
        "Marine heatwaves are the main cause of coral bleaching.",
        "Coral reefs support about a quarter of all marine species.",
    ]
    facts = facts_table(texts, documents=["page", "blog", "blog"])
    facts = facts.set_column(3, "fact_type", pa.array(["claim", "statement", "statement"]))
    rows = members(deduplicate(facts, cache_dir=REAL_CACHE))
    ids = facts.column("fact_id").to_pylist()
    assert rows[ids[0]]["cluster_id"] == rows[ids[1]]["cluster_id"] != rows[ids[2]]["cluster_id"]
    merged = rows[ids[1]] if rows[ids[1]]["method"] != "representative" else rows[ids[0]]
    assert merged["method"] == "paraphrase" and "MiniLM" in merged["model_id"]


def test_a_defined_abbreviation_is_a_near_duplicate_of_the_short_form() -> None:
    facts = facts_table([
        "Cognitive behavioral therapy (CBT) is an effective first-line treatment for insomnia.",
        "CBT is an effective first-line treatment for insomnia.",
    ], documents=["page", "blog"])
    rows = members(deduplicate(facts, cache_dir=REAL_CACHE))
    first, second = (rows[i] for i in facts.column("fact_id").to_pylist())
    assert first["cluster_id"] == second["cluster_id"]
    merged = second if second["method"] != "representative" else first
    assert merged["method"] == "near" and merged["score"] == 1.0


def test_a_detail_one_side_omits_merges_and_is_recorded_as_omitted() -> None:
    facts = facts_table([
        "In a 2021 phase 2 trial, 25 mg psilocybin reduced depression scores in adults within 3 weeks.",
        "In a phase 2 trial, 25 mg psilocybin reduced depression scores in adults within 3 weeks.",
    ])
    rows = list(members(deduplicate(facts, cache_dir=REAL_CACHE)).values())
    merged = next(r for r in rows if r["method"] != "representative")
    assert rows[0]["cluster_id"] == rows[1]["cluster_id"] and merged["method"] == "near"
    assert "year 2021" in merged["slots_omitted"] and "phase" in merged["slots_matched"]


def test_two_differing_slots_are_neither_merged_nor_a_conflict() -> None:
    facts = facts_table(["Patients received 4 doses of clonidine over 1 week.", "Patients received 4 doses of lidocaine over 4 weeks."])
    result = deduplicate(facts, cache_dir=REAL_CACHE)
    assert result.fact_clusters.num_rows == 2 and result.fact_conflicts.num_rows == 0
    assert result.stats.blocked == {"duration": 1, "substance": 1}


def test_a_look_alike_that_differs_outside_every_slot_is_blocked_not_a_conflict() -> None:
    facts = facts_table(["A dose of 20 mg of drug X eased knee pain in the trial.", "A dose of 40 mg of drug X eased knee swelling in the trial."])
    result = deduplicate(facts, cache_dir=REAL_CACHE)
    assert result.fact_clusters.num_rows == 2 and result.fact_conflicts.num_rows == 0
    assert result.stats.blocked == {"dose": 1}


def test_claims_attributed_to_different_authors_differ_in_the_name_slot() -> None:
    facts = facts_table(["Smith et al. found that 20 mg of drug X eased pain.", "Chen et al. found that 40 mg of drug X eased pain."])
    result = deduplicate(facts, cache_dir=REAL_CACHE)
    assert result.fact_clusters.num_rows == 2 and result.fact_conflicts.num_rows == 0
    assert result.stats.blocked == {"dose": 1, "name": 1}


def test_settings_change_the_outcome() -> None:
    facts = facts_table(["Patients received 4 doses of clonidine over 1 week.", "Patients received 4 doses of lidocaine over 4 weeks."])
    two = deduplicate(facts, cache_dir=REAL_CACHE, config=DedupConfig(conflict_max_slots=2))
    assert two.fact_conflicts.column("slot").to_pylist() == ["duration; substance"]
    assert two.fact_conflicts.column("explanation").to_pylist()[0] in (
        "duration: 1 week vs 4 weeks; substance: clonidine vs lidocaine", "duration: 4 weeks vs 1 week; substance: lidocaine vs clonidine")


def test_a_text_too_long_to_compare_merges_only_exactly(fake_cache: Path) -> None:
    long = "Coral reefs host many species. " * 20
    facts = facts_table([long, long.upper(), long + "Indeed."])
    result = deduplicate(facts, cache_dir=fake_cache, config=DedupConfig(max_compare_chars=100))
    assert result.fact_clusters.num_rows == 2 and result.stats.too_long == 2


def test_a_reworded_claim_with_another_value_in_one_slot_is_a_conflict_confirmed_by_the_transformer() -> None:
    facts = facts_table(["Regular cycling lowers resting heart rate in older adults.",
                         "In older adults, resting heart rate rises with regular cycling."])
    result = deduplicate(facts, cache_dir=REAL_CACHE)
    assert result.fact_clusters.num_rows == 2
    (row,) = result.fact_conflicts.to_pylist()
    assert (row["slot"], row["method"]) == ("direction", "paraphrase") and {row["value_a"], row["value_b"]} == {"lowers", "rises"}


def test_a_one_megabyte_single_line_is_deduplicated(fake_cache: Path) -> None:
    """No timing here (bench_dedup_long_line prints it): the line is read, kept whole and merged only exactly."""
    line = "A" * 1_000_000
    result = deduplicate(facts_table([line, line, "Coral reefs host many species."]), cache_dir=fake_cache)
    assert result.fact_clusters.num_rows == 2 and result.stats.too_long == 1


def test_judging_pairs_in_small_chunks_gives_the_same_tables(fake_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slots are dropped after a text's last look-alike chunk and read again when a later
    paraphrase candidate needs them: the chunking is invisible in the result."""
    import shutil

    from pipeline.dedup import orchestrate

    texts = [
        f"{drug} {verb} serum {target} by {dose} mg in adults ({author}, {year})."
        for drug in ("Atorvastatin", "Rosuvastatin") for verb in ("raises", "lowers") for target in ("LDL", "HDL")
        for dose, author, year in ((10, "Smith", 2001), (20, "Chen", 2004))
    ]
    facts = facts_table(texts + [t.replace("mg", "mg daily") for t in texts[::3]])

    def tables(directory: Path) -> list[pa.Table]:
        shutil.copytree(fake_cache, directory)
        result = orchestrate._deduplicate(facts, directory, DedupConfig())
        return [result.fact_cluster_members, result.fact_clusters, result.fact_conflicts]

    whole = tables(tmp_path / "whole")
    monkeypatch.setattr(orchestrate, "_PAIR_CHUNK", 3)
    monkeypatch.setattr(orchestrate, "_RANKED_CHUNK", 2)
    chunked = tables(tmp_path / "chunked")
    assert whole[2].num_rows > 0 and whole[0].num_rows == len(facts)
    assert [t.to_pylist() for t in chunked] == [t.to_pylist() for t in whole]


def test_each_text_is_retired_after_its_last_look_alike_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from pipeline.dedup import orchestrate

    monkeypatch.setattr(orchestrate, "_PAIR_CHUNK", 2)
    pairs = np.array([[0, 1], [0, 2], [1, 3], [2, 4], [0, 4]])
    look_alike = np.array([True, True, True, False, True])
    retired = orchestrate._last_chunk_of_each_text(pairs, look_alike, 6)
    assert [sorted(chunk.tolist()) for chunk in retired] == [[2], [1, 3], [0, 4]]
