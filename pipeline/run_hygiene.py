"""Runs whose process died (SIGKILL, out of memory) are marked failed at the next start.

Why: an in-process run (``./run build``, the tests) has no run launcher watching it, so a
killed build stays ``STARTED`` in the run history forever, and enough of them stop the UI's
run queue from launching anything. Each run we start carries a tag naming its process (host,
pid and the process's start time, so a reused pid is not mistaken for it); at the next start,
a ``STARTED`` run whose process is gone is reported failed, with that reason in its event log.
Runs launched by the UI are watched by Dagster's own run monitoring (see ``dagster.yaml``).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import dagster as dg

PROCESS_TAG = "seed_pipeline/process"
_UNFINISHED = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[19]


def process_tag(pid: int | None = None) -> dict[str, str]:
    """The tag that names the current (or given) process: host:pid:start time."""
    pid = pid or os.getpid()
    return {PROCESS_TAG: f"{socket.gethostname()}:{pid}:{_start_time(pid) or ''}"}


def _is_alive(tag: str) -> bool | None:
    """True/False for a process on this host; None when the run belongs to another host."""
    host, _, rest = tag.partition(":")
    pid, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    return _start_time(int(pid)) == started


def fail_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Report every unfinished run of ours whose process no longer exists as failed; return their IDs."""
    failed = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=_UNFINISHED)):
        tag = run.tags.get(PROCESS_TAG)
        if tag is None or _is_alive(tag) is not False:
            continue
        instance.report_run_failed(
            run, f"Process {tag} ended without finishing this run (killed or out of memory); marked failed "
            "when the pipeline next started."
        )
        failed.append(run.run_id)
    return failed
