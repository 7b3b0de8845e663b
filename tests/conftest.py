"""Shared fixtures: one real end-to-end build of seeds/ per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from _pytest.nodeid import NodeId

from pipeline.build import BuildOutcome, build_dataset
from pipeline.paths import CACHE_DIR, SEEDS_DIR

SEEDS = SEEDS_DIR
SHARED_CACHE = CACHE_DIR
"""Parse results and the distilled embedding are keyed by content, so tests may share them."""


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildOutcome, Path]:
    """The whole asset graph materialized on seeds/ into a temporary data folder."""
    out = tmp_path_factory.mktemp("data")
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = build_dataset(seeds_dir=SEEDS, data_dir=out, cache_dir=SHARED_CACHE, instance=instance)
    return outcome, out


SHARED_SESSION_FIXTURES = ("seeds_build", "history")
"""Session fixtures that cost real builds or publishes (``history``: tests/publish/conftest.py)."""


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> Iterator[None]:
    """With ``--dist loadgroup`` (pyproject.toml), the tests that share an expensive session fixture, or
    any module-scoped fixture, run on one xdist worker: each worker would otherwise build it again.

    A wrapper, so the marks are there before xdist's worker hook reads them. That hook tells the
    controller a test's group by appending ``@group`` to ``item._nodeid``, which pytest 9.2 no longer
    reads (node IDs live in ``item._id``): the groups were silently ignored and each worker built the
    shared fixtures again. After it ran, a node ID still without its group gets it here.
    """
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        defs = {name: info.name2fixturedefs[name][-1] for name in item.fixturenames if name in info.name2fixturedefs}
        shared = [f"{defs[name].baseid}::{name}" for name in SHARED_SESSION_FIXTURES
                  if name in defs and defs[name].scope == "session"]
        shared += sorted({defs[name].baseid for name in defs if defs[name].scope == "module"})
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared[0]))
    yield
    if not config.getoption("loadgroup", default=False):  # set in xdist workers only
        return
    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        groups = sorted({str(mark.args[0]) for mark in item.iter_markers("xdist_group") if mark.args})
        if groups and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")
        units.setdefault("_".join(groups) or item.nodeid, []).append(item)
    items[:] = [item for unit in sorted(units.values(), key=_longest_first) for item in unit]


def _longest_first(unit: list[pytest.Item]) -> tuple[float, int]:
    """Order of the units xdist hands out (``--no-loadscope-reorder``): the ``slow(seconds)`` ones by
    their estimate, longest first, so that no long test starts last while the other worker idles;
    then groups by size (xdist's own order), then single tests in collection order (a stable sort)."""
    seconds = max((float(mark.args[0]) for item in unit for mark in item.iter_markers("slow") if mark.args), default=0)
    return -seconds, -len(unit)
