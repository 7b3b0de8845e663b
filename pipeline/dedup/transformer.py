"""MiniLM-L6 (BERT) forward pass in numpy, so the model runs without torch.

Why numpy: torch would pull gigabytes of packages for six small layers; the same float32
arithmetic in numpy (GELU via an erf approximation accurate to 1.5e-7) is fast enough to
distil the vocabulary once and to confirm a bounded number of paraphrase candidates.
Why ``read`` also returns an intermediate layer's token states: the paraphrase check aligns
tokens (``alignment``), and one forward pass serves both that and the sentence embedding.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from pipeline.dedup.weights import PinnedModel

_LAYERS = 6
_HEADS = 12
_EPS = 1e-12
_MAX_TOKENS = 256


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 with max error 1.5e-7: numpy has no vectorised erf."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


@dataclass(frozen=True, slots=True)
class Reading:
    """One sentence as the transformer sees it."""

    embedding: np.ndarray
    """Mean-pooled final layer, L2-normalised: the sentence-transformers embedding."""
    token_states: np.ndarray
    """(tokens, hidden) states of the requested layer, [CLS] and [SEP] included."""
    words: list[str]
    """The word of the text each token belongs to ("" for [CLS] and [SEP])."""


def _token_words(text: str, word_ids: list[int | None], offsets: list[tuple[int, int]]) -> list[str]:
    spans: dict[int, tuple[int, int]] = {}
    for word, (start, end) in zip(word_ids, offsets):
        if word is not None:
            first, last = spans.get(word, (start, end))
            spans[word] = (min(first, start), max(last, end))
    return ["" if word is None else text[slice(*spans[word])] for word in word_ids]


class MiniLM:
    """Token-level hidden states and mean-pooled, L2-normalised sentence embeddings."""

    def __init__(self, model: PinnedModel) -> None:
        # Encoder matrices are stored (out, in); keep them as (in, out) so each layer is one GEMM.
        self.w = {
            k: np.ascontiguousarray(v.T if k.startswith("encoder.") and v.ndim == 2 else v, dtype=np.float32)
            for k, v in load_file(str(model.weights)).items()
        }
        self.tokenizer = Tokenizer.from_file(str(model.tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(_MAX_TOKENS)

    @property
    def vocab_size(self) -> int:
        """Number of tokens in the vocabulary."""
        return self.w["embeddings.word_embeddings.weight"].shape[0]

    def hidden_states(self, ids: np.ndarray, mask: np.ndarray, layers: Sequence[int] = (_LAYERS,)) -> list[np.ndarray]:
        """States after each requested layer (0 = embeddings, 6 = last) for a padded (batch,
        length) id matrix; ``mask`` marks real tokens. Stops after the deepest requested layer."""
        if not layers or not all(0 <= layer <= _LAYERS for layer in layers):
            raise ValueError(f"layers must be between 0 and {_LAYERS}, got {list(layers)}")
        w = self.w
        batch, length = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.position_embeddings.weight"][:length] + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        states = {0: x}
        attention_bias = np.where(mask[:, None, None, :], 0.0, -1e9).astype(np.float32)
        head = x.shape[-1] // _HEADS
        for i in range(max(layers)):
            p = f"encoder.layer.{i}."

            def dense(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                flat = h.reshape(-1, h.shape[-1]) @ w[p + name + ".weight"] + w[p + name + ".bias"]
                return flat.reshape(*h.shape[:-1], -1)

            def split(h: np.ndarray) -> np.ndarray:
                return h.reshape(batch, length, _HEADS, head).transpose(0, 2, 1, 3)

            q, k, v = (split(dense(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + attention_bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = _layer_norm(
                dense(context, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(
                dense(inner, "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
            )
            states[i + 1] = x
        return [states[layer] for layer in layers]

    def pooled(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean over real tokens, L2-normalised: the sentence-transformers pooling of this model."""
        return _mean_pooled(self.hidden_states(ids, mask)[0], mask)

    def _batches(
        self, texts: Sequence[str], batch_size: int
    ) -> Iterator[tuple[list[int], np.ndarray, np.ndarray, list]]:
        """(text indices, ids, mask, encodings) batched by similar length to waste little padding."""
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=bool)
            for row, i in enumerate(chunk):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = True
            yield chunk, ids, mask, [encodings[i] for i in chunk]

    def read(self, texts: Sequence[str], layer: int, batch_size: int = 32) -> list[Reading]:
        """Sentence embedding plus one layer's token states (and their words) for each text."""
        readings: list[Reading | None] = [None] * len(texts)
        for chunk, ids, mask, encodings in self._batches(texts, batch_size):
            inner, last = self.hidden_states(ids, mask, (layer, _LAYERS))
            embeddings = _mean_pooled(last, mask)
            for row, (i, encoding) in enumerate(zip(chunk, encodings)):
                length = len(encoding.ids)
                words = _token_words(texts[i], encoding.word_ids, encoding.offsets)
                readings[i] = Reading(embeddings[row], inner[row, :length].copy(), words)
        return readings  # type: ignore[return-value]


def _mean_pooled(states: np.ndarray, mask: np.ndarray) -> np.ndarray:
    summed = (states * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return summed / np.linalg.norm(summed, axis=1, keepdims=True)
