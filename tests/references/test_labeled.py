"""The hand-labeled set is well-formed, and the parser keeps its quality on the tuning (dev) split."""

from pathlib import Path

from pipeline.references import parse_reference
from pipeline.references.evaluation import load_labeled, score
from pipeline.references.fields import FIELDS

LABELED = load_labeled(Path(__file__).parent / "labeled")


def test_labels_use_only_bibliographic_fields_and_known_splits():
    assert LABELED
    for item in LABELED:
        assert set(item.expected) <= set(FIELDS), item.source
        assert item.split in {"dev", "heldout"}, item.source


def test_every_style_has_a_held_out_part():
    styles = {item.style for item in LABELED}
    assert styles >= {"harvard", "apa", "vancouver", "ama", "mla", "chicago", "ieee", "nature", "narrative"}
    for style in styles - {"identifiers"}:
        assert any(i.split == "heldout" for i in LABELED if i.style == style), style


def test_dev_split_quality_stays_above_target():
    dev = [item for item in LABELED if item.split == "dev"]
    result = score((item.expected, parse_reference(item.text)) for item in dev)
    assert result.micro.f1 >= 0.97
    assert result.exact_rate >= 0.85


def test_narrative_sentences_from_other_fields_are_at_least_forty_and_held_out_mostly():
    other = [item for item in LABELED if item.collection == "narrative_other_fields"]
    assert all(item.style == "narrative" for item in other)
    assert sum(item.split == "heldout" for item in other) >= 40


def test_held_out_narrative_field_f1_reaches_the_target_on_sentences_never_tuned_on():
    """The issue's target (F1 >= 0.90); benchmarks/bench_references.py prints the exact figures."""
    for collection in ("narrative", "narrative_other_fields"):
        items = [i for i in LABELED if i.split == "heldout" and i.style == "narrative" and i.collection == collection]
        assert score((i.expected, parse_reference(i.text)) for i in items).micro.f1 >= 0.90, collection
