"""Run the asset graph in-process, as `python -m pipeline build` and the tests do."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from pipeline.assets.resources import PipelinePaths, dedup_settings
from pipeline.dedup.config import DedupConfig
from pipeline.definitions import BUILD_JOB_NAME, build_definitions
from pipeline.run_hygiene import fail_dead_runs, process_tag

_QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
"""The CLI prints its own summary; step-by-step events stay in the run history (UI)."""


@dataclass
class BuildOutcome:
    """What a build produced: the release (if any) and why not otherwise."""

    run_id: str
    published: bool
    release_path: str | None = None
    version: str | None = None
    new_release: bool = False
    incomplete: str | None = None
    """Set when the release is committed but index.json, latest or the catalog were not updated."""
    row_counts: dict[str, int] = field(default_factory=dict)
    failed_checks: dict[str, str] = field(default_factory=dict)
    """Failed blocking check -> its failure cases (Markdown), as the UI shows them."""
    failed_steps: list[str] = field(default_factory=list)

    def report(self) -> str:
        """What the build did, for the terminal: the release, or why none was published."""
        if not self.published:
            lines = [f"No release published (run {self.run_id})."]
            for name, failures in self.failed_checks.items():
                lines += [f"  failed check: {name}", failures]
            lines += [f"  failed step: {name}" for name in self.failed_steps]
            return "\n".join(lines)
        state = "new release" if self.new_release else "unchanged: inputs and code match"
        lines = [f"Release {self.version} ({state}): {self.release_path}"]
        if self.incomplete:
            lines.insert(0, f"Release {self.version} is published but INCOMPLETE: {self.incomplete}. "
                            "`./run pipeline repair --data DIR` (or the next build) completes it.")
        width = max(map(len, self.row_counts), default=0)
        lines += [f"  {name:<{width}}  {count:>9,} rows" for name, count in self.row_counts.items()]
        return "\n".join(lines)


def build_dataset(
    *, seeds_dir: Path, data_dir: Path, cache_dir: Path, instance: dg.DagsterInstance | None = None,
    dedup: DedupConfig | None = None,
) -> BuildOutcome:
    """Materialize every asset (with checks) from ``seeds_dir`` into ``data_dir``.

    Dedup settings are the defaults unless given.
    """
    paths = PipelinePaths(
        seeds_dir=str(seeds_dir.resolve()),
        data_dir=str(data_dir.resolve()),
        cache_dir=str(cache_dir.resolve()),
    )
    job = build_definitions(paths, dedup_settings(dedup or DedupConfig())).resolve_job_def(BUILD_JOB_NAME)
    with instance or dg.DagsterInstance.get() as active:
        fail_dead_runs(active)
        result = job.execute_in_process(instance=active, raise_on_error=False, run_config=_QUIET, tags=process_tag())
    failed_checks = {
        f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}": _failure_text(evaluation)
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    }
    outcome = BuildOutcome(
        run_id=result.run_id,
        published=False,
        failed_checks=failed_checks,
        failed_steps=sorted(result.get_failed_step_keys()),
    )
    releases = result.asset_materializations_for_node("release") if result.is_node_success("release") else []
    unchanged = result.asset_observations_for_node("release") if result.is_node_success("release") else []
    if releases or unchanged:
        event = releases[-1] if releases else unchanged[-1]
        metadata = {key: value.value for key, value in event.metadata.items()}
        outcome.published = True
        outcome.release_path = str(metadata["path"])
        outcome.version = str(metadata["version"])
        outcome.new_release = bool(metadata["new_release"])
        outcome.row_counts = dict(metadata["row_counts"])
        outcome.incomplete = str(metadata.get("incomplete") or "") or None
    return outcome


def exit_code(outcome: BuildOutcome) -> int:
    """0 published and complete, 1 nothing published, 3 published but incomplete (see ``repair``)."""
    if not outcome.published:
        return 1
    return 3 if outcome.incomplete else 0


def _failure_text(evaluation: dg.AssetCheckEvaluation) -> str:
    cases = evaluation.metadata.get("failure_cases")
    return str(cases.value) if cases is not None else ""
