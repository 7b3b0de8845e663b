"""Time and peak memory of fact deduplication on synthetic corpora of 100,000 and 1,000,000 facts.

The corpus is generated from templates with a seeded RNG: distinct claims plus planted exact
variants, near duplicates (typo, added clause, reordered list), paraphrases (another sentence
frame) and look-alike traps (changed number, direction, population). Each size runs in a
fresh subprocess so its peak RSS is its own. Prints time, peak memory, clusters, and how many
planted duplicates were merged and traps kept apart.
Run: .venv/bin/python benchmarks/bench_dedup_scale.py [SIZE ...]
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.dedup import deduplicate  # noqa: E402
from pipeline.ids import stable_id  # noqa: E402

CACHE = REPO / "data" / "cache" / "embeddings"
SYLLABLES = [
    "ka", "ro", "mi", "ten", "zol", "phe", "dra", "vex", "lor", "bu", "si", "nat", "qui", "fen", "tra", "mol", "gli",
    "cor", "pax", "ver", "dal", "ose", "ine",
]
TARGETS = [
    "BDNF", "cortisol", "dopamine", "serotonin", "glutamate", "GABA", "insulin", "IL-6", "TNF-alpha", "CRP",
    "ferritin", "melatonin", "oxytocin", "leptin", "ghrelin", "VEGF", "histamine", "adrenaline", "noradrenaline",
    "acetylcholine", "prolactin", "testosterone", "estradiol", "glucose", "lactate", "creatinine", "albumin",
    "hemoglobin",
]
ORGANS = [
    "hippocampus", "cortex", "amygdala", "striatum", "liver", "kidney", "plasma", "serum", "retina", "cerebellum",
    "thalamus", "spleen", "pancreas", "heart", "lungs", "skin", "muscle", "bone", "marrow",
]
POPULATIONS = [
    "mice", "rats", "adults", "adolescents", "children", "women", "men", "patients", "volunteers", "veterans",
]
UP, DOWN = ("increases", "raises", "enhances"), ("decreases", "reduces", "lowers")
PAST = {"increases": "rose", "raises": "rose", "enhances": "rose", "decreases": "fell", "reduces": "fell", "lowers": "fell"}
AUTHORS = [
    "Smith", "Chen", "Garcia", "Müller", "Rossi", "Tanaka", "Novak", "Silva", "Kowalski", "Haddad", "Okafor",
    "Lindqvist",
]
FRAMES = (
    "{drug} {verb} {target} levels in the {organ} of {pop} at {dose} mg/kg, according to {author} et al. ({year}).",
    "A {year} trial by {author} and colleagues showed that {drug} {verb} {target} in the {organ} of {pop} given {dose} mg/kg.",
    "In {pop}, a dose of {dose} mg/kg of {drug} {verb} {organ} {target}, as reported by {author} in {year}.",
    "{author} et al. ({year}) observed that {dose} mg/kg {drug} {verb} the concentration of {target} in {pop} {organ}.",
    "Treatment with {drug} {verb} {target}; the effect was seen in the {organ} of {pop} ({author}, {year}).",
    "{drug}, given to {pop} at {dose} mg/kg, {verb} {target} within the {organ}.",
    "Researchers led by {author} reported in {year} that {target} in the {organ} of {pop} {verb_past} after {drug}.",
    "{target} signalling in the {organ} of {pop} depends on {drug}, which {verb} it at {dose} mg/kg ({author} {year}).",
)
PARAPHRASE = "{author} ({year}) found that giving {pop} {dose} mg/kg of {drug} {verb} the {target} level in their {organ}."


def drug_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def typo(text: str, rng: random.Random) -> str:
    words = text.split()
    candidates = [i for i, w in enumerate(words) if w.isalpha() and len(w) > 5]
    if not candidates:
        return text + " Indeed."
    i = rng.choice(candidates)
    w = words[i]
    k = rng.randrange(1, len(w) - 1)
    words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    return " ".join(words)


SLOT_FIELDS = {"dose": {"dose"}, "direction": {"direction"}, "year": {"year"}, "species": {"pop"}, "age": {"pop"},
               "sex": {"pop"}, "substance": {"drug", "target"}, "subject": {"target"}}
"""Which generator fields each slot can name: a conflict row is right when the two facts'
fields differ in some of these and in nothing else."""


def corpus(
    size: int, seed: int = 1,
) -> tuple[pa.Table, list[tuple[int, int, str]], list[tuple[int, int, str]], list[dict]]:
    """Facts, planted duplicates (a, b, kind: exact, near or paraphrase), planted traps (a, b, kind: direction or number)
    and the generator fields of every text."""
    rng = random.Random(seed)
    drugs = [drug_name(rng) for _ in range(5000)]
    texts: list[str] = []
    fields: list[dict] = []
    planted: list[tuple[int, int, str]] = []
    traps: list[tuple[int, int, str]] = []
    while len(texts) < size:
        slots = {"drug": rng.choice(drugs), "verb": rng.choice(UP + DOWN), "target": rng.choice(TARGETS),
                 "organ": rng.choice(ORGANS), "pop": rng.choice(POPULATIONS), "dose": rng.choice([1, 2, 5, 10, 20, 30, 50]),
                 "author": rng.choice(AUTHORS), "year": rng.randint(1990, 2025)}
        slots["verb_past"] = PAST[slots["verb"]]
        record = {k: v for k, v in slots.items() if k not in ("verb", "verb_past")} | {"direction": slots["verb"] in UP}
        base = len(texts)
        texts.append(rng.choice(FRAMES).format(**slots))
        fields.append(record)
        roll = rng.random()
        kind = "exact" if roll < 0.05 else "near" if roll < 0.10 else "paraphrase"
        if roll < 0.05:
            texts.append(texts[base].upper().replace(",", " ,"))
        elif roll < 0.10:
            texts.append(typo(texts[base], rng))
        elif roll < 0.13:
            texts.append(PARAPHRASE.format(**slots))
        elif roll < 0.18:
            opposite = rng.choice(DOWN if slots["verb"] in UP else UP)
            trap = texts[base].replace(slots["verb"], opposite, 1).replace(slots["verb_past"], PAST[opposite], 1)
            changed, trap_kind = record | {"direction": opposite in UP}, "direction"
            if roll >= 0.16:
                trap = texts[base].replace(f"{slots['dose']} mg/kg", f"{slots['dose'] * 3} mg/kg", 1)
                changed, trap_kind = record | {"dose": slots["dose"] * 3}, "number"
            if trap != texts[base]:
                texts.append(trap)
                fields.append(changed)
                traps.append((base, base + 1, trap_kind))
            continue
        else:
            continue
        fields.append(record)
        planted.append((base, base + 1, kind))
    texts, fields = texts[:size], fields[:size]
    planted = [p for p in planted if p[1] < size]
    traps = [p for p in traps if p[1] < size]
    table = pa.table({
        "fact_id": [stable_id("fct", "synthetic", i) for i in range(size)],
        "document_id": [stable_id("doc", i // 200) for i in range(size)],
        "source_id": [stable_id("src", i // 50) if i % 3 else None for i in range(size)],
        "fact_type": ["claim"] * size,
        "text": texts,
    })
    return table, planted, traps, fields


def _stated(record: dict, text: str) -> set[str]:
    """The generator fields a text actually states (a frame may leave out the dose or the author)."""
    shown = {"dose": f"{record['dose']} mg/kg", "direction": "", "year": str(record["year"])}
    return {k for k, v in record.items() if (shown.get(k, str(v)) in text)}


def conflict_quality(result, ids: list[str], texts: list[str], traps: list[tuple[int, int, str]], records: pa.Table) -> str:
    """Conflict rows that name exactly the generator fields that differ (among those both texts
    state, or one states and the other contradicts), and recall of the planted traps."""
    index = {fact_id: i for i, fact_id in enumerate(ids)}
    rows = result.fact_conflicts.select(["fact_id_a", "fact_id_b", "slot"]).to_pylist()
    involved = sorted({index[row[side]] for row in rows for side in ("fact_id_a", "fact_id_b")})
    fields = dict(zip(involved, records.take(involved).to_pylist()))
    right = 0
    named: dict[tuple[int, int], str] = {}
    for row in rows:
        a, b = index[row["fact_id_a"]], index[row["fact_id_b"]]
        named[(min(a, b), max(a, b))] = row["slot"]
        stated = _stated(fields[a], texts[a]) | _stated(fields[b], texts[b])
        differing = {k for k in stated if fields[a][k] != fields[b][k]}
        allowed = set().union(*(SLOT_FIELDS.get(slot, set()) for slot in row["slot"].split("; ")))
        right += bool(differing) and differing <= allowed
    expected_slot = {"number": "dose", "direction": "direction"}
    found = {kind: sum(named.get((a, b)) == expected_slot[kind] for a, b, k in traps if k == kind) for kind in expected_slot}
    total = {kind: sum(k == kind for *_, k in traps) for kind in expected_slot}
    precision = right / len(rows) if rows else float("nan")
    return (f"conflict precision {precision:.3f} ({right}/{len(rows)} rows differ exactly in the named slot), "
            f"{len(rows) / len(ids):.3f} conflicts per fact; planted one-number look-alikes reported "
            f"{found['number']}/{total['number']} ({found['number'] / max(total['number'], 1):.3f}), "
            f"direction flips {found['direction']}/{total['direction']}")


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def run(size: int) -> None:
    facts, planted, traps, fields = corpus(size)
    records = pa.Table.from_pylist(fields)  # the generator fields as columns: a million dicts held ~0.6 GB
    del fields
    before_mb = _rss_mb()
    started = time.perf_counter()
    result = deduplicate(facts, cache_dir=CACHE)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cluster_of = dict(zip(result.assignments.column("fact_id").to_pylist(), result.assignments.column("cluster_id").to_pylist()))
    ids = facts.column("fact_id").to_pylist()
    merged = sum(cluster_of[ids[a]] == cluster_of[ids[b]] for a, b, _ in planted)
    by_kind = ", ".join(
        f"{kind} {sum(cluster_of[ids[a]] == cluster_of[ids[b]] for a, b, k in planted if k == kind)}"
        f"/{sum(k == kind for *_, k in planted)}" for kind in ("exact", "near", "paraphrase"))
    false = sum(cluster_of[ids[a]] == cluster_of[ids[b]] for a, b, _ in traps)
    false_number = sum(cluster_of[ids[a]] == cluster_of[ids[b]] for a, b, kind in traps if kind == "number")
    counts = result.fact_cluster_members.column("method").value_counts().to_pylist()
    methods = ", ".join(f"{row['values']}: {row['counts']}" for row in counts)
    stats = result.stats
    print(f"{size:>9,} facts: {elapsed:7.1f} s, peak RSS {peak_mb:7.0f} MB, {result.fact_clusters.num_rows:,} clusters, "
          f"{result.fact_conflicts.num_rows:,} conflicts; planted duplicates merged {merged}/{len(planted)} ({by_kind}), "
          f"traps merged {false}/{len(traps)} (one-number look-alikes merged {false_number}); methods {{{methods}}}",
          flush=True)
    print(f"           {conflict_quality(result, ids, facts.column('text').to_pylist(), traps, records)}", flush=True)
    print(f"           resident before deduplication (the generated corpus and its labels) {before_mb:,.0f} MB", flush=True)
    print(f"           candidate pairs {stats.candidate_pairs:,}, look-alike {stats.look_alike_pairs:,}, "
          f"sent to transformer {stats.sent_to_transformer:,}, not judged (transformer budget) {stats.not_judged_budget:,}, "
          f"neighbour pairs over pool {stats.neighbour_pairs_over_pool:,}; blocked per slot {stats.blocked}", flush=True)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        run(int(sys.argv[2]))
        return
    for size in [int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000]:
        subprocess.run([sys.executable, __file__, "--one", str(size)], check=True)


if __name__ == "__main__":
    main()
