import numpy as np
import pytest

from pipeline.dedup.alignment import ALIGNMENT_LAYER, alignment, content_tokens
from pipeline.dedup.orchestrate import transformer


def aligned(a: str, b: str) -> float:
    first, second = transformer().read([a, b], ALIGNMENT_LAYER)
    return alignment(content_tokens(first).states, content_tokens(second).states)


def test_stopwords_punctuation_and_special_tokens_get_no_row() -> None:
    (reading,) = transformer().read(["the cause of coral bleaching, in short"], ALIGNMENT_LAYER)
    content_count = sum(w in {"cause", "coral", "bleaching", "short"} for w in reading.words)
    rows = content_tokens(reading).states
    assert len(reading.words) == content_count + 6  # [CLS], the, of, ",", in, [SEP]
    assert len(rows) == content_count
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


def test_an_omitted_detail_need_not_be_said_by_the_other_side_but_still_counts_as_a_counterpart() -> None:
    specific, general = (
        content_tokens(r)
        for r in transformer().read(
            ["in the 2019 DAPA-HF trial dapagliflozin lowered heart failure admissions",
             "dapagliflozin lowered heart failure admissions"],
            ALIGNMENT_LAYER,
        )
    )
    details = specific.uncounted(["2019", "DAPA-HF"])
    assert details is not None and {w for w, d in zip(specific.words, details) if d} == {"2019", "dapa", "hf"}
    plain = alignment(specific.states, general.states)
    omitting = alignment(specific.states, general.states, details)
    assert omitting > plain + 0.05
    # The other direction is unchanged: the general text's words are all said by the specific one.
    assert alignment(general.states, specific.states, None, details) == pytest.approx(omitting, abs=1e-6)
    assert general.uncounted(["2019"]) is None


def test_a_side_whose_every_token_is_uncounted_aligns_with_nothing() -> None:
    a, b = (content_tokens(r) for r in transformer().read(["in 2019", "in 2019"], ALIGNMENT_LAYER))
    assert alignment(a.states, b.states, a.uncounted(["2019"])) == 0.0
