"""Whole-pipeline builds on a generated corpus: full build, one page changed, one page added, nothing changed.

    ./run bench bench_build_scale [PAGES ...]      (default: 100 1000)

For each size it writes PAGES concept pages (about 285 facts each under many source headers,
model perspectives, a synthesis with ``[fact:N|…]`` citations) and PAGES/10 prose documents
(author-year citations, a reference list). Planted across pages: exact copies of facts, near
copies (a typo), one-number look-alikes (another dose) and hostile content: lowercase-initial
facts, references with a year typo (2999), lines that begin with a citation. Then four real
builds (Dagster in-process, one DagsterInstance per build, one data and cache folder):
a full build from an empty cache, a rebuild after one line was appended to one page, a
rebuild after one page was added, and a rebuild with nothing changed. Each build runs in its
own subprocess, so its peak RSS is its own; the time printed is that of ``build_dataset``
(the process start and imports, ~5 s, are printed apart). Ratios are to the full build of the
same run, since the machine is shared.
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_dedup_scale import AUTHORS, DOWN, FRAMES, ORGANS, PAST, POPULATIONS, TARGETS, UP, drug_name, typo

FACTS_PER_PAGE = 285
SOURCES_PER_PAGE = 14
KINDS = ("claim", "claim", "claim", "measurement", "procedure", "reference")
JOURNALS = ("Journal of Psychopharmacology", "Neuron", "The Lancet Psychiatry", "Frontiers in Psychiatry", "Brain Research")
PUBLISHERS = ("frontiersin.org Frontiers in Psychiatry", "nature.com Nature", "ncbi.nlm.nih.gov NCBI",
              "link.springer.com Springer", "bbc.com BBC Sep 11, 2024", "sciencedaily.com ScienceDaily")


class Corpus:
    """A seeded generator: the same arguments always write the same files."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.drugs = [drug_name(self.rng) for _ in range(3000)]
        self.pool: list[str] = []
        """Facts already written: sources of exact copies, near copies and look-alikes."""

    def _slots(self) -> dict:
        rng = self.rng
        slots = {"drug": rng.choice(self.drugs), "verb": rng.choice(UP + DOWN), "target": rng.choice(TARGETS),
                     "organ": rng.choice(ORGANS), "pop": rng.choice(POPULATIONS), "dose": rng.choice([1, 2, 5, 10, 20, 30, 50]),
                     "author": rng.choice(AUTHORS), "year": rng.randint(1990, 2025)}
        slots["verb_past"] = PAST[slots["verb"]]
        return slots

    def fact(self) -> str:
        """A new claim, or (planted) an exact copy, a near copy or a one-number look-alike of an earlier one."""
        rng = self.rng
        roll = rng.random()
        if self.pool and roll < 0.04:
            return rng.choice(self.pool)
        if self.pool and roll < 0.07:
            return typo(rng.choice(self.pool), rng)
        if self.pool and roll < 0.10:
            earlier = rng.choice(self.pool)
            for dose in ("1 mg/kg", "2 mg/kg", "5 mg/kg", "10 mg/kg", "20 mg/kg", "30 mg/kg", "50 mg/kg"):
                if dose in earlier:
                    return earlier.replace(dose, f"{int(dose.split()[0]) * 3} mg/kg", 1)
        text = rng.choice(FRAMES).format(**self._slots())
        if roll > 0.985:
            text = text[0].lower() + text[1:]  # hostile: a fact that starts in lowercase
        self.pool.append(text)
        return text

    def reference(self) -> str:
        s = self._slots()
        year = 2999 if self.rng.random() < 0.02 else s["year"]  # hostile: a year typo
        return (f"{s['author']} et al. ({year}) published 'Effects of {s['drug']} on {s['target']} in {s['pop']}' "
                f"in {self.rng.choice(JOURNALS)}.")

    def concept_page(self, number: int) -> str:
        rng = self.rng
        topic = self.drugs[number % len(self.drugs)].lower()
        facts = [(rng.choice(KINDS), "") for _ in range(FACTS_PER_PAGE)]
        facts = [(kind, self.reference() if kind == "reference" else self.fact()) for kind, _ in facts]
        cited = rng.sample(range(len(facts)), 12)
        synthesis = []
        for paragraph in range(4):
            a, b, c = cited[paragraph * 3 : paragraph * 3 + 3]
            start = f"[fact:{a + 1}|{facts[a][1][:60]}] " if paragraph == 3 else ""  # hostile: line begins with a citation
            synthesis.append(f"{start}{topic.capitalize()} has been studied in several settings "
                             f"[fact:{b + 1}|{facts[b][1][:70]}], [fact:{c + 1}|{facts[c][1][:50]}]. "
                             f"Results differ between cohorts {facts[c][1][:40]}.")
        perspectives = []
        for model in range(3):
            a = cited[model]
            perspectives += [f"openrouter/model-{model}/preview definitive {90 + model}% confidence",
                             f"{topic.capitalize()} is discussed as a candidate treatment [fact:{a + 1}|{facts[a][1][:60]}]."]
        lines = ["concept", "", topic, "", "synthesized from dimensions", ""]
        for paragraph in synthesis:
            lines += [paragraph, ""]
        lines += [f"Model Perspectives ({len(perspectives) // 2})", *perspectives, "", f"Facts ({len(facts)})", "", "Sources"]
        per_source = len(facts) // SOURCES_PER_PAGE
        for source in range(SOURCES_PER_PAGE):
            chunk = facts[source * per_source : len(facts) if source == SOURCES_PER_PAGE - 1 else (source + 1) * per_source]
            lines.append(f"Study {number}-{source} of {topic} ... {rng.choice(PUBLISHERS)} {len(chunk)} facts")
            lines += [f"{kind}{text}" for kind, text in chunk]
        return "\n".join(lines) + "\n"

    def prose(self, number: int) -> str:
        rng = self.rng
        lines = [f"Notes on {self.drugs[number].lower()} and its neighbours, part {number}", f"By {rng.choice(AUTHORS)} Editorial", ""]
        references = []
        for paragraph in range(8):
            s = self._slots()
            lines += [(f"{self.fact()} This was discussed by {s['author']} ({s['year']}). "
                      f"Later work ({rng.choice(AUTHORS)} et al., {s['year'] + 1}) questioned the dose."), ""]
            year = 2999 if paragraph == 0 and number % 3 == 0 else s["year"]  # hostile: a year typo in a reference
            references.append(f"{s['author']}, J. ({year}). {s['drug']} and {s['target']} in {s['pop']}. "
                              f"{rng.choice(JOURNALS)}, {rng.randint(1, 40)}({rng.randint(1, 12)}), "
                              f"{rng.randint(1, 400)}-{rng.randint(401, 900)}.")
        return "\n".join([*lines, "References", "", *references]) + "\n"

    def write(self, folder: Path, pages: int) -> None:
        folder.mkdir(parents=True)
        for number in range(pages):
            (folder / f"page_{number:05d}.txt").write_text(self.concept_page(number), "utf-8")
        for number in range(max(1, pages // 10)):
            (folder / f"prose_{number:05d}.txt").write_text(self.prose(number), "utf-8")


def _build_once(seeds: Path, data: Path, cache: Path) -> None:
    """One build in this (fresh) process; prints a JSON line with its time and this process's peak RSS."""
    imported = time.perf_counter()
    import dagster as dg

    from pipeline.build import build_dataset

    with dg.DagsterInstance.ephemeral() as instance:
        started = time.perf_counter()
        outcome = build_dataset(seeds_dir=seeds, data_dir=data, cache_dir=cache, instance=instance)
        elapsed = time.perf_counter() - started
    print(json.dumps({
        "seconds": elapsed, "imports": started - imported,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "published": outcome.published, "version": outcome.version, "new_release": outcome.new_release,
        "facts": outcome.row_counts.get("facts"), "failed": outcome.failed_steps + list(outcome.failed_checks),
    }))


def _measured(seeds: Path, data: Path, cache: Path) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--once", str(seeds), str(data), str(cache)],
                          check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - started
    return result


def run(pages: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        seeds, data, cache = root / "seeds", root / "data", root / "cache"
        corpus = Corpus()
        corpus.write(seeds, pages)
        (cache / "embeddings").mkdir(parents=True)
        for table in (REPO / "data" / "cache" / "embeddings").glob("minilm-static-*.npy"):  # environment set-up, not a build
            shutil.copy(table, cache / "embeddings" / table.name)
        size_mb = sum(f.stat().st_size for f in seeds.iterdir()) / 1e6
        print(f"{pages:,} concept pages + {max(1, pages // 10):,} prose documents ({size_mb:.0f} MB):", flush=True)
        steps = []

        def step(name: str) -> None:
            result = _measured(seeds, data, cache)
            steps.append((name, result))
            ratio = result["seconds"] / steps[0][1]["seconds"]
            print(f"  {name:<22} {result['seconds']:7.1f} s ({ratio:5.1%} of full)  peak RSS {result['peak_mb']:6.0f} MB"
                  f"  [process {result['process']:.1f} s]  release {result['version']} new={result['new_release']}"
                  f" facts={result['facts']}{'  FAILED ' + str(result['failed']) if result['failed'] else ''}", flush=True)

        step("full build")
        with (seeds / "page_00000.txt").open("a", encoding="utf-8") as page:
            page.write(f"claim{corpus.fact()}\n")
        step("one line appended")
        (seeds / f"page_{pages:05d}.txt").write_text(corpus.concept_page(pages), "utf-8")
        step("one page added")
        step("nothing changed")


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--once":
        _build_once(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
        return
    for pages in [int(arg) for arg in sys.argv[1:]] or [100, 1000]:
        run(pages)


if __name__ == "__main__":
    main()
