"""Static sentence embeddings distilled from MiniLM (model2vec-style): the candidate stage.

Why static: the numpy transformer embeds ~35-90 sentences/s on this 2-core CPU, so
1,000,000 facts would take hours; the 5-minute budget leaves room only for a lookup table.
Each vocabulary token is run through the transformer once (``[CLS] token [SEP]``, mean
pooled), the table is reduced to ``DIMENSIONS`` by PCA (drops the shared "any token"
direction that makes every pair look similar) and a sentence is the normalised mean of its
tokens' rows: ~15,000 sentences/s. Frequency weighting was tried (Zipf/SIF on vocabulary
rank) and changed no labeled pair's outcome, so it is left out.

Why a hybrid: static vectors rank candidates well but score "same topic" close to "same
claim", so a paraphrase merge is confirmed by the full transformer (``judge.confirm``) for a
bounded number of the best candidates. The table is cached under ``cache_dir`` keyed by the
weights' sha256; distillation is deterministic (fixed batches, sign-fixed PCA).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from pipeline.dedup.transformer import MiniLM
from pipeline.dedup.weights import PinnedModel, pinned_model

DIMENSIONS = 256
_DISTIL_BATCH = 512
_TOKENIZE_CHUNK = 20_000
_KNOWN_WORDS = 500_000
_FORMAT_VERSION = 1


def _distil(model: MiniLM) -> np.ndarray:
    """One transformer pass per vocabulary token, then PCA with a deterministic sign."""
    cls_id, sep_id = model.tokenizer.token_to_id("[CLS]"), model.tokenizer.token_to_id("[SEP]")
    vocab = np.arange(model.vocab_size)
    rows = []
    for start in range(0, len(vocab), _DISTIL_BATCH):
        tokens = vocab[start : start + _DISTIL_BATCH]
        ids = np.stack([np.full_like(tokens, cls_id), tokens, np.full_like(tokens, sep_id)], axis=1)
        rows.append(model.pooled(ids, np.ones(ids.shape, dtype=bool)))
    table = np.concatenate(rows).astype(np.float64)
    centred = table - table.mean(0)
    eigenvalues, eigenvectors = np.linalg.eigh(centred.T @ centred)
    components = eigenvectors[:, np.argsort(eigenvalues)[::-1][:DIMENSIONS]]
    components *= np.sign(components[np.abs(components).argmax(0), np.arange(DIMENSIONS)])
    return (centred @ components).astype(np.float32)


def cache_path(cache_dir: Path, model: PinnedModel) -> Path:
    """Where the distilled static embedding of ``model`` is cached."""
    return cache_dir / f"minilm-static-{model.sha256[:16]}-d{DIMENSIONS}-v{_FORMAT_VERSION}.npy"


def load_or_distil(model: PinnedModel, cache_dir: Path) -> np.ndarray:
    """The token table, distilled once per weights digest and then read from the cache."""
    path = cache_path(cache_dir, model)
    if path.exists():
        return np.load(path)
    table = _distil(MiniLM(model))
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(partial, table)
    os.replace(partial, path)
    return table


def ensure_static_embedding(cache_dir: Path) -> Path:
    """Path of the distilled table for the pinned weights, distilling it first if it is missing.

    Why: distillation takes ~100 s; environment set-up calls this once, so that pipeline runs
    and tests only ever read the cache.
    """
    model = pinned_model()
    path = cache_path(cache_dir, model)
    if not path.exists():
        load_or_distil(model, cache_dir)
    return path


class StaticEmbedder:
    """Sentence = L2-normalised mean of its (sub)word rows in the distilled table."""

    def __init__(self, table: np.ndarray, tokenizer_file: Path) -> None:
        self.table = table
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def token_ids(self, texts: Sequence[str]) -> list[np.ndarray]:
        """WordPiece ids without [CLS]/[SEP]; also the shingle source for MinHash.

        Why word by word: BERT's pre-tokenizer never joins characters across a space and its
        normalizer works character by character, so a text's ids are those of its
        space-separated words in order; a corpus repeats its words, so each distinct word is
        tokenized once (a million facts: 21 s of tokenizing whole texts).
        """
        ids: list[np.ndarray] = []
        known: dict[str, np.ndarray] = {}
        for start in range(0, len(texts), _TOKENIZE_CHUNK):
            if len(known) > _KNOWN_WORDS:
                known.clear()  # a corpus of ever new words (codes, hashes) must not grow it without bound
            chunk = [text.split(" ") for text in texts[start : start + _TOKENIZE_CHUNK]]
            new = sorted({word for words in chunk for word in words if word not in known})
            for word, encoding in zip(new, self.tokenizer.encode_batch_fast(new, add_special_tokens=False)):
                known[word] = word_ids = np.asarray(encoding.ids, dtype=np.int32)
                word_ids.setflags(write=False)  # shared by every one-word text that is this word
            for words in chunk:
                ids.append(known[words[0]] if len(words) == 1 else np.concatenate([known[w] for w in words]))
        return ids

    def embed_ids(self, token_ids: Sequence[np.ndarray]) -> np.ndarray:
        """Mean of table rows per text, each text summed on its own.

        Why one text at a time: a product over a block of texts sums each text's rows in an order
        that depends on the block's other texts, so the same text could get a vector differing in
        its last bits from one build to the next; summed alone, a text's vector is a function of
        the text only, which is what lets pair decisions be reused across builds. (A block GEMM
        was tried: no faster on this 2-core machine.)
        """
        out = np.zeros((len(token_ids), self.table.shape[1]), dtype=np.float32)
        table = self.table
        for row, ids in enumerate(token_ids):
            if len(ids):
                out[row] = np.add.reduce(table[ids], axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One vector per text."""
        return self.embed_ids(self.token_ids(texts))
