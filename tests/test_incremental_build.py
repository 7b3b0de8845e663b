"""Incremental equals from-scratch: after any sequence of edits, a build that reuses every cache of
the builds before it publishes the same release, byte for byte, as a build of the same inputs and
the same release history from an empty cache.

Real builds (Dagster in-process) on small generated documents whose facts include exact copies
across documents, near copies, one-number look-alikes and rewordings, so that parse reuse, the
stored dedup result and the transformer reading cache are all exercised.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.build import build_dataset
from pipeline.dedup.static_embedding import cache_path
from pipeline.dedup.weights import pinned_model
from tests.conftest import SHARED_CACHE

CLAIMS = [
    "Ketamine lowers depressive symptoms within 24 hours in adults with treatment-resistant depression.",
    "In adults with treatment-resistant depression, ketamine reduces depressive symptoms within a day.",
    "Ketamine lowers depressive symptoms within 72 hours in adults with treatment-resistant depression.",
    "Ketamine lowers depresive symptoms within 24 hours in adults with treatment-resistant depression.",
    "Psilocybin given at 25 mg raises wellbeing scores for six weeks in healthy volunteers.",
    "Healthy volunteers given 25 mg of psilocybin report higher wellbeing for six weeks.",
    "Psilocybin given at 10 mg raises wellbeing scores for six weeks in healthy volunteers.",
    "Aerobic exercise lowers resting blood pressure in adults with hypertension.",
    "Regular aerobic training reduces resting blood pressure among hypertensive adults.",
    "Aerobic exercise raises resting blood pressure in adults with hypertension.",
    "MDMA-assisted therapy reduced PTSD severity in a phase 3 trial of 90 patients.",
    "Coral reefs support about a quarter of all marine species.",
    "Lithium reduces the risk of suicide in people with bipolar disorder.",
    "Sleep deprivation increases cortisol levels the following evening.",
]
KINDS = ("claim", "measurement", "claim", "procedure")


@dataclass
class Corpus:
    """Documents as lists of fact indices (concept pages) or sentence indices (prose)."""

    pages: dict[str, list[int]] = field(default_factory=lambda: {"page_a.txt": [0, 4, 7, 11], "page_b.txt": [1, 7, 12]})
    prose: dict[str, list[int]] = field(default_factory=lambda: {"post.txt": [2, 8]})

    def write(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, facts in self.pages.items():
            (folder / name).write_text(_page(name, facts), "utf-8")
        for name, sentences in self.prose.items():
            (folder / name).write_text(_post(name, sentences), "utf-8")


def _page(name: str, facts: list[int]) -> str:
    topic = name.removesuffix(".txt").replace("_", " ")
    half = (len(facts) + 1) // 2
    lines = ["concept", "", topic, "", "synthesized from dimensions", "",
             f"The {topic} summary cites one finding [fact:1|{CLAIMS[facts[0]][:40]}].", "",
             f"Facts ({len(facts)})", "", "Sources"]
    for source, chunk in enumerate((facts[:half], facts[half:])):
        if chunk:
            lines.append(f"Study {source + 1} of {topic} ... example.org Example Journal {len(chunk)} facts")
            lines += [f"{KINDS[i % len(KINDS)]}{CLAIMS[f]}" for i, f in enumerate(chunk)]
    return "\n".join(lines) + "\n"


def _post(name: str, sentences: list[int]) -> str:
    body = [f"{CLAIMS[s]} This was reported by Smith et al. (2019)." for s in sentences]
    return "\n\n".join([f"Notes from {name}", "By A. Writer", *body, "References",
                        "Smith, J., & Chen, L. (2019). Fast antidepressants. Journal of Mood, 12(3), 45-67."]) + "\n"


Edit = tuple[str, int, int]
EDITS = st.tuples(st.sampled_from(["append", "reword", "copy", "add", "remove", "prose"]),
                  st.integers(0, 10), st.integers(0, len(CLAIMS) - 1))


def apply(corpus: Corpus, edit: Edit) -> None:
    kind, where, claim = edit
    names = sorted(corpus.pages)
    page = corpus.pages[names[where % len(names)]]
    if kind == "append":
        page.append(claim)
    elif kind == "reword":
        page[where % len(page)] = claim
    elif kind == "copy":  # an exact copy of another page's fact
        other = corpus.pages[names[(where + 1) % len(names)]]
        page.append(other[claim % len(other)])
    elif kind == "add":
        corpus.pages[f"page_{len(corpus.pages) + where}_{claim}.txt"] = [claim, (claim + 3) % len(CLAIMS)]
    elif kind == "remove" and len(names) > 1:
        del corpus.pages[names[where % len(names)]]
    elif kind == "prose":
        corpus.prose["post.txt"].append(claim)


def _cache(folder: Path) -> Path:
    """A cache holding only the distilled static table (environment set-up, not a build's work)."""
    table = cache_path(SHARED_CACHE / "embeddings", pinned_model())
    (folder / "embeddings").mkdir(parents=True, exist_ok=True)
    if not (folder / "embeddings" / table.name).exists():
        (folder / "embeddings" / table.name).symlink_to(table)
    return folder


def _build(seeds: Path, data: Path, cache: Path) -> Path:
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = build_dataset(seeds_dir=seeds, data_dir=data, cache_dir=cache, instance=instance)
    assert outcome.published, outcome.report()
    return Path(outcome.release_path)


def _files(release: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(release.iterdir())}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unedited corpus built once (data and cache folders); each example starts from a copy."""
    root = tmp_path_factory.mktemp("first-build")
    Corpus().write(root / "seeds")
    _build(root / "seeds", root / "data", _cache(root / "cache"))
    return root


@pytest.mark.slow(26)
@pytest.mark.filterwarnings("ignore::dagster.BetaWarning", "ignore::dagster.PreviewWarning")
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDITS, min_size=1, max_size=2))
def test_an_incremental_build_publishes_the_bytes_of_a_from_scratch_build(
    edits: list[Edit], first_build: Path, tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("incremental")
    seeds, data, cache = root / "seeds", root / "data", root / "cache"
    shutil.copytree(first_build / "data", data, symlinks=True)
    shutil.copytree(first_build / "cache", cache, symlinks=True)
    corpus = Corpus()
    for edit in edits[:-1]:
        apply(corpus, edit)
        corpus.write(seeds)
        _build(seeds, data, cache)
    apply(corpus, edits[-1])
    corpus.write(seeds)
    history = shutil.copytree(data, root / "history", symlinks=True)  # the same releases before the last build
    shutil.rmtree(history / "staging")  # and no document partition to reuse: every document is built again
    incremental = _build(seeds, data, cache)
    scratch = _build(seeds, history, _cache(root / "empty-cache"))
    assert incremental.name == scratch.name
    assert _files(incremental) == _files(scratch)
    assert _cached_readings(cache) > 0  # the transformer was used, and its readings were reused across builds


def _cached_readings(cache: Path) -> int:
    (path,) = (cache / "embeddings").glob("readings-*.sqlite")
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM readings").fetchone()[0]
