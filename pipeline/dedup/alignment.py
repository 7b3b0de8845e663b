"""Token alignment between two sentences (BERTScore-style): the paraphrase verifier.

Why: MiniLM's mean-pooled embedding scores a different claim on the same topic about as high
as a paraphrase (0.87-0.94 on the seed split's hard negatives), because the shared topic words
dominate the mean. Aligning every content token with its most similar token in the other
sentence asks instead whether each part of one sentence is said by the other; the weaker
direction decides, so a predicate or clause that only one side has lowers the score.
Why layer 4 of 6: of layers 2-6 it separated the seed split's paraphrases from its same-topic
negatives best, as BERTScore found intermediate layers best for other BERT models
(Zhang et al., 2020, "BERTScore: Evaluating Text Generation with BERT").
"""

from __future__ import annotations

import numpy as np

from pipeline.dedup.transformer import Reading
from pipeline.text.stopwords import STOPWORDS

ALIGNMENT_LAYER = 4


def content_states(reading: Reading) -> np.ndarray:
    """L2-normalised states of the tokens of content words: no stopwords, punctuation or [CLS]/[SEP]."""
    content = (w.isalnum() and w.lower() not in STOPWORDS for w in reading.words)
    keep = np.fromiter(content, dtype=bool, count=len(reading.words))
    rows = reading.token_states[keep]
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def alignment(a: np.ndarray, b: np.ndarray) -> float:
    """min(precision, recall) of matching each token to its most similar counterpart, in [-1, 1];
    0 when either side has no content word."""
    if not len(a) or not len(b):
        return 0.0
    similarity = a @ b.T
    return float(min(similarity.max(1).mean(), similarity.max(0).mean()))
