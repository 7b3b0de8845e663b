import os
from functools import partial

import pytest

from pipeline.common.parallel import WORKERS_ENV, Workers, ordered_map, worker_count


def square_with_pid(value: int) -> tuple[int, int]:
    return value * value, os.getpid()


def die_outside(parent: int, value: int) -> int:
    """Kills the worker process it runs in (as the OOM killer would); harmless in the parent."""
    if os.getpid() != parent and value == 3:
        os._exit(1)
    return value + 1


@pytest.fixture
def two_workers(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "2")


def test_results_come_in_input_order_from_worker_processes(two_workers):
    results = list(ordered_map(square_with_pid, list(range(40)), min_items=10, chunksize=3))
    assert [value for value, _ in results] == [n * n for n in range(40)]
    assert {pid for _, pid in results} - {os.getpid()}, "the items ran in other processes"


def test_a_small_batch_runs_in_this_process(two_workers):
    results = list(ordered_map(square_with_pid, [1, 2, 3], min_items=10))
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_one_worker_configured_means_no_pool(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "1")
    assert worker_count() == 1
    assert {pid for _, pid in ordered_map(square_with_pid, list(range(50)), min_items=1)} == {os.getpid()}


def test_a_killed_worker_costs_speed_not_results(two_workers):
    function = partial(die_outside, os.getpid())
    with Workers() as workers:
        assert list(workers.map(function, list(range(8)), min_items=2)) == list(range(1, 9))
        assert list(workers.map(function, [10, 11], min_items=1)) == [11, 12], "a broken pool is not used again"
