from pipeline.dedup.config import DedupConfig
from pipeline.dedup.judge import (
    Blocked,
    Merge,
    NeedsConfirmation,
    PairConflict,
    PairText,
    bulk_similarity,
    confirm,
    screen,
    similarity,
)
from pipeline.dedup.normalize import normalize
from pipeline.dedup.slots import read_slots

THRESHOLDS = DedupConfig()


def side(text: str) -> PairText:
    return PairText(normalize(text), read_slots(text))


def test_a_typo_is_a_near_merge_whatever_the_embedding_says() -> None:
    verdict = screen(side("Coral bleaching is driven by heatwaves."), side("Coral bleeching is driven by heatwaves."), 0.1, THRESHOLDS)
    assert isinstance(verdict, Merge) and verdict.method == "near" and verdict.score >= verdict.threshold


def test_a_look_alike_with_a_changed_number_is_a_conflict() -> None:
    verdict = screen(side("Patients took 20 mg daily."), side("Patients took 40 mg daily."), 0.99, THRESHOLDS)
    assert isinstance(verdict, PairConflict) and [c.slot for c in verdict.conflicts] == ["dose"]
    assert verdict.conflicts[0].explanation == "dose: 20 mg vs 40 mg" and verdict.method == "near"


def test_a_look_alike_with_a_swapped_content_word_is_blocked_but_no_conflict() -> None:
    verdict = screen(side("Sleep loss impairs working memory in adults."), side("Sleep loss impairs working attention in adults."), 0.99, THRESHOLDS)
    assert verdict == Blocked(("substitution",))


def test_a_reworded_pair_differing_in_one_slot_awaits_the_transformer_as_a_possible_conflict() -> None:
    verdict = screen(side("Marine heatwaves cause coral bleaching in 2016."), side("Coral bleaching in 2020 is driven by marine heatwaves."), 0.9, THRESHOLDS)
    assert isinstance(verdict, NeedsConfirmation) and [c.slot for c in verdict.comparison.conflicts] == ["year"]
    assert screen(side("Marine heatwaves cause coral bleaching in 2016."), side("Coral bleaching in 2020 is driven by marine heatwaves."), 0.9,
                  DedupConfig(paraphrase_conflicts=False)) == Blocked(("year",))


def test_a_reworded_pair_with_a_close_embedding_awaits_the_transformer() -> None:
    verdict = screen(side("Marine heatwaves cause coral bleaching."), side("Coral bleaching is driven by marine heatwaves."), 0.9, THRESHOLDS)
    assert isinstance(verdict, NeedsConfirmation)


def test_unrelated_texts_are_neither_merged_nor_conflicts() -> None:
    assert screen(side("The budget passed."), side("Coral reefs host many species."), 0.2, THRESHOLDS) is None


def test_a_paraphrase_merge_needs_both_the_alignment_and_the_cosine() -> None:
    aligned, close = THRESHOLDS.paraphrase_alignment, THRESHOLDS.paraphrase
    assert confirm(close, aligned, THRESHOLDS) == Merge("paraphrase", aligned, aligned)
    assert confirm(close, aligned - 0.01, THRESHOLDS) is None
    assert confirm(close - 0.01, 1.0, THRESHOLDS) is None


def test_bulk_similarity_matches_the_pairwise_similarity() -> None:
    left = ["coral bleaching is driven by heatwaves", "a b c d", ""]
    right = ["coral bleeching is driven by heat waves", "d c b a", "x"]
    ordered, near = bulk_similarity(left, right)
    assert [(float(o), float(n)) for o, n in zip(ordered, near)] == [similarity(a, b) for a, b in zip(left, right)]
