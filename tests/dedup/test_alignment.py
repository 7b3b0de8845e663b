import numpy as np
import pytest

from pipeline.dedup.alignment import ALIGNMENT_LAYER, alignment, content_states
from pipeline.dedup.orchestrate import transformer


def aligned(a: str, b: str) -> float:
    first, second = transformer().read([a, b], ALIGNMENT_LAYER)
    return alignment(content_states(first), content_states(second))


def test_stopwords_punctuation_and_special_tokens_get_no_row() -> None:
    (reading,) = transformer().read(["the cause of coral bleaching, in short"], ALIGNMENT_LAYER)
    content_tokens = sum(w in {"cause", "coral", "bleaching", "short"} for w in reading.words)
    rows = content_states(reading)
    assert len(reading.words) == content_tokens + 6  # [CLS], the, of, ",", in, [SEP]
    assert len(rows) == content_tokens
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)


def test_a_paraphrase_aligns_better_than_a_same_topic_claim() -> None:
    claim = "coral bleaching is driven primarily by marine heatwaves"
    paraphrase = "marine heatwaves are the main cause of coral bleaching"
    same_topic = "coral reefs support about a quarter of all marine species"
    assert aligned(claim, paraphrase) > aligned(claim, same_topic) + 0.2


def test_a_clause_only_one_side_has_lowers_the_alignment_both_ways() -> None:
    short = "sleep deprivation impairs working memory"
    longer = "sleep deprivation impairs working memory and slows reaction times in older drivers"
    assert aligned(short, short) > 0.999
    assert aligned(short, longer) == pytest.approx(aligned(longer, short), abs=1e-6)
    assert aligned(short, longer) < 0.9


def test_text_without_content_words_aligns_with_nothing() -> None:
    assert aligned("it is as it was", "sleep deprivation impairs working memory") == 0.0
