"""Cluster facts from all documents: exact, then near and paraphrase merges behind guards.

Why exact groups first: identical normalized texts need no model, and only one exemplar
per group enters candidate generation, which shrinks the expensive stages. Candidates come
from MinHash LSH (near) and IVF over static embeddings (paraphrase); both are sub-quadratic.
Every look-alike candidate pair is judged once, slot by slot (``slots``), with slots read only
for texts that appear in such a pair or in a paraphrase candidate that is screened.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.common.parallel import Workers
from pipeline.dedup import minhash, neighbours
from pipeline.dedup.abbreviations import definitions, spelled_out
from pipeline.dedup.alignment import ALIGNMENT_LAYER, ContentTokens, alignment, content_tokens
from pipeline.dedup.cluster_tables import EXACT_MODEL_ID, ConflictRows, DedupResult, DedupStats, Member, build_tables
from pipeline.dedup.clustering import Edge, accepted_edges, parent_links
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.judge import (
    Blocked,
    Merge,
    NeedsConfirmation,
    PairConflict,
    PairText,
    Verdict,
    bulk_similarity,
    confirm,
    screen_scored,
    similarity,
)
from pipeline.dedup.judgment_cache import JudgmentCache, pair_key, side_digest
from pipeline.dedup.reading_cache import ReadingCache, one_blas_thread
from pipeline.dedup.result_cache import ResultCache, run_key
from pipeline.dedup.slots import SlotComparison, describe_matched, describe_omitted, read_slots
from pipeline.dedup.static_embedding import DIMENSIONS, StaticEmbedder, load_or_distil
from pipeline.dedup.static_embedding import cache_path as static_cache_path
from pipeline.dedup.transformer import MiniLM
from pipeline.dedup.weights import MODEL_NAME, pinned_model
from pipeline.text.normalize import comparison_text

DEFAULT_CONFIG = DedupConfig()
_PAIR_CHUNK = 100_000
_RANKED_CHUNK = 5_000
_READ_CHUNK = 128
NEAR_MODEL_ID = (
    f"minhash:{minhash.NUM_PERMUTATIONS}x{minhash.BANDS}+rapidfuzz:indel/v2 (defined abbreviations spelled out)"
)


@lru_cache(maxsize=4)
def static_embedder(cache_dir: Path) -> StaticEmbedder:
    """Verified weights -> cached distilled table -> embedder; loaded once per process."""
    model = pinned_model()
    return StaticEmbedder(load_or_distil(model, cache_dir), model.tokenizer)


@lru_cache(maxsize=1)
def transformer() -> MiniLM:
    """The pinned MiniLM transformer."""
    return MiniLM(pinned_model())


def reading_cache(cache_dir: Path) -> ReadingCache:
    """Transformer readings of the alignment layer, kept across builds under ``cache_dir``."""
    return ReadingCache(cache_dir, pinned_model().sha256, ALIGNMENT_LAYER, transformer)


def paraphrase_model_id(config: DedupConfig) -> str:
    """Model, weights digest and the two tests a paraphrase merge passed (the score is the alignment)."""
    return (
        f"{MODEL_NAME}@sha256:{pinned_model().sha256[:16]} (token alignment at layer {ALIGNMENT_LAYER}"
        f" >= {config.paraphrase_alignment} and cosine >= {config.paraphrase}; candidates: static-pca{DIMENSIONS})"
    )


def _exact_groups(fact_ids: list[str], texts: list[str]) -> tuple[list[str], list[list[int]]]:
    """Normalized key and fact indices (fact_id order) of each exact group, ordered by first fact_id."""
    groups: dict[str, list[int]] = {}
    for index in sorted(range(len(fact_ids)), key=fact_ids.__getitem__):
        key = comparison_text(texts[index]) or texts[index]
        groups.setdefault(key, []).append(index)
    return list(groups), list(groups.values())


def _pair_cosines(vectors: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    out = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), 100_000):
        chunk = pairs[start : start + 100_000]
        out[start : start + len(chunk)] = np.einsum("ij,ij->i", vectors[chunk[:, 0]], vectors[chunk[:, 1]])
    return out


_PARALLEL_READS_FROM = 2_000
"""Texts from which a batch's slots are read on every core (below it, the workers' start costs more)."""


def _read_sides(
    exemplars: list[int], keys: list[str], texts: list[str], exemplar_fact: list[int], sides: dict[int, PairText],
    workers: Workers,
) -> None:
    """Read the slots of ``exemplars`` in one batch, on every core when the batch is large."""
    batch = [texts[exemplar_fact[exemplar]] for exemplar in exemplars]
    read = workers.map(read_slots, batch, min_items=_PARALLEL_READS_FROM, chunksize=500)
    for exemplar, slots in zip(exemplars, read):
        sides[exemplar] = PairText(keys[exemplar], slots)


def _judge_candidates(  # noqa: C901 - issue 14's tuned decision sequence; to be split when next changed
    keys: list[str], texts: list[str], exemplar_fact: list[int], pairs: np.ndarray, cosines: np.ndarray,
    config: DedupConfig, stats: DedupStats, readings: ReadingCache, judgments: JudgmentCache,
    workers: Workers,
) -> tuple[list[Edge], ConflictRows, array]:
    """Screen every look-alike pair, then let the transformer confirm the best paraphrase candidates.

    Pairs below the static candidate level are dropped first, in bulk: near duplicates and
    look-alikes score far above it, so only unrelated pairs are lost. Character similarity is
    computed in bulk; a pair that does not look alike can only become a paraphrase candidate,
    so its slots are read lazily, best static cosine first, until the transformer budget is
    full: the outcome is the same as screening every pair, at a fraction of the work. Verdicts
    of pairs screened by an earlier build with the same inputs come from ``judgments``. Returns
    the merges, the conflicts and the blocked pairs (flattened a, b), which may not end up in
    one cluster either.
    """
    keep = cosines >= config.paraphrase_candidate
    pairs, cosines = pairs[keep], cosines[keep]
    stats.candidate_pairs = len(pairs)
    sides: dict[int, PairText] = {}

    def side(exemplar: int) -> PairText:
        if exemplar not in sides:
            sides[exemplar] = PairText(keys[exemplar], read_slots(texts[exemplar_fact[exemplar]]))
        return sides[exemplar]

    ordered = np.empty(len(pairs), dtype=np.float64)
    near = np.empty(len(pairs), dtype=np.float64)
    for start in range(0, len(pairs), _PAIR_CHUNK):
        chunk = pairs[start : start + _PAIR_CHUNK].tolist()
        stop = start + len(chunk)
        ordered[start:stop], near[start:stop] = bulk_similarity(
            [keys[a] for a, _ in chunk], [keys[b] for _, b in chunk]
        )
    _rescore_abbreviations(keys, texts, exemplar_fact, pairs, ordered, near)
    look_alike = near >= config.conflict_near
    stats.look_alike_pairs = int(look_alike.sum())
    candidate = ~look_alike
    known: dict[bytes, Verdict] = {}
    fresh: list[tuple[bytes, Verdict]] = []
    digests: list[bytes | None] = [None] * len(keys)

    def digest(exemplar: int) -> bytes:
        found = digests[exemplar]
        if found is None:
            found = digests[exemplar] = side_digest(texts[exemplar_fact[exemplar]], keys[exemplar])
        return found

    def pair_keys(indices: list[int]) -> list[bytes]:
        """Cache keys of pairs ``indices``; their cached verdicts are fetched in bulk into ``known``."""
        scores = zip(ordered[indices].tolist(), near[indices].tolist(), cosines[indices].tolist())
        found = [pair_key(digest(a), digest(b), o, n, c) for (a, b), (o, n, c) in zip(pairs[indices].tolist(), scores)]
        known.update(judgments.lookup([k for k in found if k not in known]))
        return found

    def screened(i: int, a: int, b: int, key: bytes) -> Verdict:
        """The verdict on pair ``i``: from the cache, else screened now (reading slots only then)."""
        if key not in known:
            known[key] = screen_scored(side(a), side(b), float(ordered[i]), float(near[i]), float(cosines[i]), config)
            fresh.append((key, known[key]))
        return known[key]

    edges: list[Edge] = []
    conflicts = ConflictRows()
    blocked = array("q")
    retired = _last_chunk_of_each_text(pairs, look_alike, len(keys))
    for chunk_number, start in enumerate(range(0, len(pairs), _PAIR_CHUNK)):
        chunk = pairs[start : start + _PAIR_CHUNK].tolist()
        offsets = np.flatnonzero(look_alike[start : start + len(chunk)]).tolist()
        chunk_keys = pair_keys([start + offset for offset in offsets])
        unread = {
            exemplar for offset, key in zip(offsets, chunk_keys) if key not in known
            for exemplar in chunk[offset] if exemplar not in sides
        }
        _read_sides(sorted(unread), keys, texts, exemplar_fact, sides, workers)
        for offset, key in zip(offsets, chunk_keys):
            a, b = chunk[offset]
            i = start + offset
            verdict = screened(i, a, b, key)
            if isinstance(verdict, Merge):
                edges.append(_edge(a, b, verdict, NEAR_MODEL_ID))
            elif isinstance(verdict, PairConflict):
                conflicts.append(a, b, verdict.conflicts, verdict.method, verdict.score)
            elif isinstance(verdict, Blocked):
                _count_blocked(stats, verdict, blocked, a, b)
            elif isinstance(verdict, NeedsConfirmation):
                candidate[i] = True
                continue
            del known[key]  # used once: only a pair waiting for confirmation is looked at again
        judgments.store(fresh)  # chunk by chunk, so a million verdicts are never all held at once
        fresh.clear()
        for exemplar in retired[chunk_number].tolist():  # no later look-alike pair needs its slots
            sides.pop(exemplar, None)
    ranked = np.flatnonzero(candidate)
    ranked = ranked[np.lexsort((pairs[ranked, 1], pairs[ranked, 0], -cosines[ranked]))]

    screened_count = [0]

    def screened_candidates() -> Iterator[tuple[int, int, SlotComparison]]:
        """Best first; cache keys are made and looked up a chunk at a time, since the transformer
        budget usually ends the ranking long before its end (most of a million pairs are never screened)."""
        for start in range(0, len(ranked), _RANKED_CHUNK):
            chunk = ranked[start : start + _RANKED_CHUNK].tolist()
            for i, key in zip(chunk, pair_keys(chunk)):
                screened_count[0] += 1
                a, b = pairs[i].tolist()
                verdict = screened(i, a, b, key)
                if isinstance(verdict, NeedsConfirmation):
                    yield a, b, verdict.comparison
                elif isinstance(verdict, Blocked):
                    _count_blocked(stats, verdict, blocked, a, b)

    confirmed, paraphrase_conflicts = _confirmed(keys, screened_candidates(), config, stats, readings)
    if stats.not_judged_budget:  # the transformer budget ran out: the rest of the ranking was never screened
        stats.not_judged_budget += len(ranked) - screened_count[0]
    judgments.store(fresh)
    stats.screened_pairs_cached = judgments.hits
    edges.extend(confirmed)
    for a, b, comparison, score in paraphrase_conflicts:
        conflicts.append(a, b, comparison.conflicts, "paraphrase", score)
    for edge in edges:
        stats.count(stats.confirmed, edge.method)
    for method in conflicts.method:
        stats.count(stats.conflicts, method)
    return edges, conflicts, blocked


def _last_chunk_of_each_text(pairs: np.ndarray, look_alike: np.ndarray, texts: int) -> list[np.ndarray]:
    """For each chunk of ``_PAIR_CHUNK`` pairs, the texts whose last look-alike pair is in it.

    Why: the slots of every text of a million facts' look-alike pairs, all held until the end,
    were 2 GB of the memory peak; a text's slots are dropped after its last look-alike pair (a
    later paraphrase candidate reads them again, which the transformer budget keeps rare).
    """
    chunks = max(1, -(-len(pairs) // _PAIR_CHUNK))
    index = np.flatnonzero(look_alike)
    last = np.full(texts, -1, dtype=np.int64)
    np.maximum.at(last, pairs[index, 0], index // _PAIR_CHUNK)
    np.maximum.at(last, pairs[index, 1], index // _PAIR_CHUNK)
    order = np.argsort(last, kind="stable")
    bounds = np.searchsorted(last[order], np.arange(chunks + 1))
    return [order[bounds[c] : bounds[c + 1]] for c in range(chunks)]


def _count_blocked(stats: DedupStats, verdict: Blocked, blocked: array, a: int, b: int) -> None:
    for slot in verdict.slots:
        stats.count(stats.blocked, slot)
    blocked.extend((a, b))


def _edge(a: int, b: int, verdict: Merge, model_id: str, comparison: SlotComparison | None = None) -> Edge:
    """A merge with the slot comparison that allowed it (matched slots, omissions on each side)."""
    comparison = comparison or verdict.comparison
    if comparison is None:
        return Edge(a, b, verdict.method, verdict.score, verdict.threshold, model_id)
    return Edge(
        a, b, verdict.method, verdict.score, verdict.threshold, model_id,
        describe_matched(comparison), comparison.only_a, comparison.only_b,
    )


def _rescore_abbreviations(
    keys: list[str], texts: list[str], exemplar_fact: list[int], pairs: np.ndarray, ordered: np.ndarray,
    near: np.ndarray,
) -> None:
    """Raise the character similarity of pairs in which a side defines an abbreviation to that
    of the texts with every abbreviation spelled out ("CBT is…" vs "cognitive behavioral
    therapy (CBT) is…"). Costs ~12 µs per text with a parenthesis and ~6 µs per pair that
    involves a definition: small while such texts are a minority, as they are in prose."""
    defined = {
        e: found for e, fact in enumerate(exemplar_fact) if "(" in texts[fact] and (found := definitions(texts[fact]))
    }
    if not defined:
        return
    has = np.zeros(len(keys), dtype=bool)
    has[list(defined)] = True
    for i in np.flatnonzero(has[pairs[:, 0]] | has[pairs[:, 1]]).tolist():
        a, b = pairs[i].tolist()
        abbreviations = defined.get(a, {}) | defined.get(b, {})
        spelled = similarity(spelled_out(keys[a], abbreviations), spelled_out(keys[b], abbreviations))
        ordered[i], near[i] = max(ordered[i], spelled[0]), max(near[i], spelled[1])


def _confirmed(
    keys: list[str], candidates: Iterator[tuple[int, int, SlotComparison]], config: DedupConfig, stats: DedupStats,
    readings: ReadingCache,
) -> tuple[list[Edge], list[tuple[int, int, SlotComparison, float]]]:
    """Transformer check of screened reworded candidates, best static score first, within the
    text budget: merges, and conflicts (pairs whose slots differ but whose claims align).
    The first candidate beyond the budget is counted in ``stats.not_judged_budget`` (the caller
    adds those never screened)."""
    chosen: list[tuple[int, int, SlotComparison]] = []
    texts: dict[int, int] = {}
    for a, b, comparison in candidates:
        new = {a, b} - texts.keys()
        if len(texts) + len(new) > config.transformer_budget:
            stats.not_judged_budget = 1
            break
        for exemplar in sorted(new):
            texts[exemplar] = len(texts)
        chosen.append((a, b, comparison))
    stats.sent_to_transformer = len(chosen)
    stats.transformer_texts = len(texts)
    if not chosen:
        return [], []
    embeddings: list[np.ndarray] = []
    tokens: list[ContentTokens] = []
    ordered_texts = [keys[e] for e in texts]
    for start in range(0, len(ordered_texts), _READ_CHUNK):  # all token states at once could take ~1 GB
        for reading in readings.read(ordered_texts[start : start + _READ_CHUNK]):
            embeddings.append(reading.embedding)
            tokens.append(content_tokens(reading))
    stats.transformer_cached = readings.hits
    model_id = paraphrase_model_id(config)
    edges = []
    conflicts = []
    with one_blas_thread():  # products of ~20x20 tokens: threads only add waiting
        for a, b, comparison in chosen:
            i, j = texts[a], texts[b]
            omitted_a, omitted_b = comparison.omitted_details()
            aligned = alignment(
                tokens[i].states, tokens[j].states, tokens[i].uncounted(omitted_a), tokens[j].uncounted(omitted_b)
            )
            verdict = confirm(float(embeddings[i] @ embeddings[j]), aligned, config)
            if verdict is None:
                continue
            if comparison.conflicts:
                conflicts.append((a, b, comparison, verdict.score))
            else:
                edges.append(_edge(a, b, verdict, model_id, comparison))
    return edges, conflicts


def _cluster_members(groups: list[list[int]], roots: list[int], used: list[Edge]) -> list[list[Member]]:
    """Members of each cluster, representative first, each explained by the edge that linked it."""
    by_root: dict[int, list[int]] = {}
    for exemplar, root in enumerate(roots):
        by_root.setdefault(root, []).append(exemplar)
    representative = {root: max(members, key=lambda e: (len(groups[e]), -e)) for root, members in by_root.items()}
    links = parent_links(representative, used)
    clusters = []
    for root, members in by_root.items():
        rows = []
        for exemplar in sorted(members, key=lambda e: e != representative[root]):
            fact = groups[exemplar][0]
            if exemplar == representative[root]:
                rows.append(Member(fact, None, "representative", None, None, None))
            else:
                parent, edge = links[exemplar]
                here, there = (edge.only_a, edge.only_b) if edge.a == exemplar else (edge.only_b, edge.only_a)
                rows.append(Member(
                    fact, groups[parent][0], edge.method, edge.score, edge.threshold, edge.model_id,
                    edge.matched, describe_omitted(here, there),
                ))
            rows.extend(Member(i, fact, "exact", 1.0, 1.0, EXACT_MODEL_ID) for i in groups[exemplar][1:])
        clusters.append(rows)
    return clusters


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a run builds millions of small objects.

    Why: each full collection rescans every live object, so at 1M facts the collector alone
    costs tens of seconds; the run creates no reference cycles, and reference counting still
    frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def deduplicate(facts: pa.Table, *, cache_dir: Path, config: DedupConfig = DEFAULT_CONFIG) -> DedupResult:
    """Assign every fact to exactly one cluster and explain each membership; see module docstring.

    What earlier builds computed is reused from ``cache_dir``: the whole result when the facts,
    settings, code and models are the same (``result_cache``), else each transformer reading
    of a text seen before (``reading_cache``). Both hold values a fresh run computes bit for bit.
    """
    cache_dir = Path(cache_dir)
    static_embedder(cache_dir)  # distils the table first if it is missing: its bytes are part of the key
    model = pinned_model()
    key = run_key(facts, config, model.sha256, static_cache_path(cache_dir, model))

    def compute() -> DedupResult:
        with _cycle_collector_paused():
            return _deduplicate(facts, cache_dir, config)

    result, _ = ResultCache(cache_dir).get_or_compute(key, compute)
    return result


def _deduplicate(facts: pa.Table, cache_dir: Path, config: DedupConfig) -> DedupResult:
    fact_ids: list[str] = facts.column("fact_id").to_pylist()
    texts: list[str] = facts.column("text").to_pylist()
    keys, groups = _exact_groups(fact_ids, texts)
    exemplar_fact = [group[0] for group in groups]
    stats = DedupStats(facts=len(fact_ids), exact_groups=len(groups))

    embedder = static_embedder(cache_dir)
    token_ids = embedder.token_ids(keys)
    vectors = embedder.embed_ids(token_ids)
    near_pairs = minhash.candidate_pairs(token_ids, config.minhash_min_jaccard)
    del token_ids  # a million small arrays: freed before the neighbour search, the memory peak
    similar, scores = neighbours.similar_pairs(vectors, config.paraphrase_candidate, config.neighbours_per_text)
    best_similar = similar[np.lexsort((similar[:, 1], similar[:, 0], -scores))[: config.paraphrase_pool]]
    stats.near_candidate_pairs, stats.neighbour_pairs = len(near_pairs), len(similar)
    stats.neighbour_pairs_over_pool = max(0, len(similar) - config.paraphrase_pool)
    pairs = np.unique(np.concatenate([near_pairs, best_similar]), axis=0)
    del near_pairs, similar, scores
    pairs, stats.too_long = _without_long_texts(keys, pairs, config.max_compare_chars)
    cosines = _pair_cosines(vectors, pairs)
    del vectors
    judgments = JudgmentCache(cache_dir, config)
    try:
        with Workers(preload=["pipeline.dedup.slots"]) as workers:
            edges, conflicts, blocked = _judge_candidates(
                keys, texts, exemplar_fact, pairs, cosines, config, stats, reading_cache(cache_dir), judgments,
                workers,
            )
    finally:
        judgments.close()
    del keys, pairs, cosines  # the table building below is the other memory peak

    linked = {e.a for e in edges} | {e.b for e in edges}
    kept_apart = [*conflicts.pairs(), *zip(blocked[0::2], blocked[1::2])]
    cannot_link = [(a, b) for a, b in kept_apart if a in linked and b in linked]
    roots, used = accepted_edges(len(groups), edges, cannot_link)
    clusters = _cluster_members(groups, roots, used)
    return build_tables(
        fact_ids, texts, facts.column("source_id").to_pylist(), facts.column("document_id").to_pylist(),
        clusters, conflicts.remapped(exemplar_fact), stats,
    )


def _without_long_texts(keys: list[str], pairs: np.ndarray, limit: int) -> tuple[np.ndarray, int]:
    """Drop pairs with a text longer than ``limit``: such texts (pasted pages, hostile input)
    merge only as exact duplicates, so no comparison costs the product of two huge lengths."""
    long = np.fromiter((len(k) > limit for k in keys), dtype=bool, count=len(keys))
    if not long.any():
        return pairs, 0
    return pairs[~(long[pairs[:, 0]] | long[pairs[:, 1]])], int(long.sum())
