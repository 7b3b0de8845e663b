"""Token alignment between two sentences (BERTScore-style): the paraphrase verifier.

Why: MiniLM's mean-pooled embedding scores a different claim on the same topic about as high
as a paraphrase (0.87-0.94 on the seed split's hard negatives), because the shared topic words
dominate the mean. Aligning every content token with its most similar token in the other
sentence asks instead whether each part of one sentence is said by the other; the weaker
direction decides, so a predicate or clause that only one side has lowers the score.
Why layer 4 of 6: of layers 2-6 it separated the seed split's paraphrases from its same-topic
negatives best, as BERTScore found intermediate layers best for other BERT models
(Zhang et al., 2020, "BERTScore: Evaluating Text Generation with BERT").
Why some tokens need not be said by the other side: a detail one side states and the other
leaves out (a year, a dose, a trial's name) is an omission, not a difference (``slots``). Its
tokens still count as counterparts for the other side's tokens, but not against their own side.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from pipeline.dedup.transformer import Reading
from pipeline.text.stopwords import STOPWORDS

ALIGNMENT_LAYER = 4
_WORD = re.compile(r"[^\W_]+")
"""Words as BERT's pre-tokenizer splits them (at spaces and punctuation, "5-HT2A" -> 5, HT2A),
so a detail's words are found among a reading's words (``normalize.words`` keeps 2.5 whole)."""


@dataclass(frozen=True, slots=True)
class ContentTokens:
    """The content tokens of one reading: their states and the word each belongs to."""

    states: np.ndarray
    """(tokens, hidden), L2-normalised rows."""
    words: tuple[str, ...]
    """Lower-cased word of each row."""

    def uncounted(self, details: Collection[str]) -> np.ndarray | None:
        """Rows whose word is one of ``details``' words (None when no row is)."""
        wanted = {w.lower() for detail in details for w in _WORD.findall(detail)}
        if not wanted:
            return None
        mask = np.fromiter((w in wanted for w in self.words), dtype=bool, count=len(self.words))
        return mask if mask.any() else None


def content_tokens(reading: Reading) -> ContentTokens:
    """States of the tokens of content words: no stopwords, punctuation or [CLS]/[SEP]."""
    keep = [w.isalnum() and w.lower() not in STOPWORDS for w in reading.words]
    rows = reading.token_states[np.array(keep, dtype=bool)]
    words = tuple(w.lower() for w, kept in zip(reading.words, keep) if kept)
    return ContentTokens(rows / np.linalg.norm(rows, axis=1, keepdims=True), words)


def alignment(
    a: np.ndarray, b: np.ndarray, uncounted_a: np.ndarray | None = None, uncounted_b: np.ndarray | None = None
) -> float:
    """min(precision, recall) of matching each token to its most similar counterpart, in [-1, 1];
    0 when either side has no content word. Rows marked in ``uncounted_a`` (``uncounted_b``)
    still serve as counterparts but are not averaged over: the other side need not say them."""
    if not len(a) or not len(b):
        return 0.0
    similarity = a @ b.T
    covered_a, covered_b = similarity.max(1), similarity.max(0)
    if uncounted_a is not None:
        covered_a = covered_a[~uncounted_a]
    if uncounted_b is not None:
        covered_b = covered_b[~uncounted_b]
    if not len(covered_a) or not len(covered_b):
        return 0.0
    return float(min(covered_a.mean(), covered_b.mean()))
