"""Run the asset graph in-process, as `python -m pipeline build` and the tests do."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from pipeline.assets.ingest import CONTRACT_CHECK, DOCUMENT_ASSET
from pipeline.assets.io_manager import collect_garbage, current_built_from, partitions_folder
from pipeline.assets.partitions import range_tags, sync_for_build
from pipeline.assets.progress import PROGRESS_LOGGER
from pipeline.assets.resources import PipelinePaths, dedup_settings
from pipeline.build_lock import BUSY_EXIT, BuildBusy, exclusive_build
from pipeline.build_stamp import BuildStamp, build_key, clear_stamp, partition_key, read_stamp, write_stamp
from pipeline.common.progress import ProgressLine
from pipeline.dedup.config import DedupConfig
from pipeline.definitions import BUILD_JOB_NAME, build_definitions
from pipeline.parsing.corpus import InputFile, scan_inputs
from pipeline.publish.repair import pointer_problems
from pipeline.publish.store import ReleaseStore, read_latest_manifest
from pipeline.run_hygiene import fail_dead_runs, process_tag

INSTANCE_FOLDER = ".dagster"
"""Where a data folder keeps its own Dagster history (runs, events, partitions): ``<data>/.dagster``."""

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
    quarantined: dict[str, list[str]] = field(default_factory=dict)
    """Path of every document quarantined in this run -> its failures (its rows are withheld)."""
    error: str | None = None
    """Why no run could start (the data folder cannot hold its history, say)."""
    busy: bool = False
    """Another build holds the data folder's build lock: nothing was built."""

    def report(self) -> str:
        """What the build did, for the terminal: the release, or why none was published."""
        if self.busy:
            return f"Another build is publishing into this data folder; nothing was built.\n  {self.error}"
        if not self.published:
            lines = [f"No release published (run {self.run_id})."]
            lines += [f"  error: {self.error}"] if self.error else []
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
        for path, reasons in self.quarantined.items():
            lines += [f"  quarantined (rows withheld, reasons in rejects): {path}", *(f"    {r}" for r in reasons)]
        return "\n".join(lines)


def dataset_home(data_dir: Path) -> Path:
    """The Dagster home of one data folder, so that runs against different folders never share a history."""
    home = (data_dir / INSTANCE_FOLDER).resolve()
    home.mkdir(parents=True, exist_ok=True)
    settings = home / "dagster.yaml"
    if not settings.exists():
        # run_monitoring: the daemon marks a launched run whose process died as failed.
        settings.write_text("telemetry:\n  enabled: false\nrun_monitoring:\n  enabled: true\nnux:\n  enabled: false\n")
    return home


def dataset_instance(data_dir: Path) -> dg.DagsterInstance:
    """The persistent Dagster instance (SQLite under ``<data_dir>/.dagster``) of one data folder."""
    return dg.DagsterInstance.from_config(str(dataset_home(data_dir)))


def build_dataset(
    *, seeds_dir: Path, data_dir: Path, cache_dir: Path, instance: dg.DagsterInstance | None = None,
    dedup: DedupConfig | None = None, progress: bool = False, reuse_unchanged: bool = True, wait: bool = True,
) -> BuildOutcome:
    """Materialize every asset (with checks) from ``seeds_dir`` into ``data_dir``; dedup settings are
    the defaults unless given.

    One run: the partition set is made to match the input folder, the partitions of documents
    whose newest version was not built from this entry, code and libraries are materialized in
    one step (the others are reused as they are), then the corpus-wide stages and the release.
    ``instance``: default, the data folder's own (a given one stays open). ``progress``: show the
    stages' messages on one line of stderr while the run goes.
    ``reuse_unchanged``: when inputs, code, libraries, settings and the newest release are exactly
    those of the last complete build (``pipeline.build_stamp``), report its release without a run.
    ``wait``: when another build holds the data folder (``exclusive_build``), wait for it to end;
    otherwise return at once with ``busy`` set.
    """
    paths = PipelinePaths(
        seeds_dir=str(seeds_dir.resolve()),
        data_dir=str(data_dir.resolve()),
        cache_dir=str(cache_dir.resolve()),
    )
    config = dedup or DedupConfig()
    inputs = scan_inputs(paths.seeds)
    digest = _build_key(paths, inputs, config)
    if reuse_unchanged and (last := _unchanged_outcome(paths, digest)) is not None:
        return last
    job = build_definitions(paths, dedup_settings(config)).resolve_job_def(BUILD_JOB_NAME)
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(exclusive_build(paths.data, wait=wait, what="a CLI build"))
            active = instance if instance is not None else stack.enter_context(dataset_instance(paths.data))
        except BuildBusy as busy:
            return BuildOutcome(run_id="none", published=False, error=str(busy), busy=True)
        except OSError as error:
            reason = f"cannot keep the run history in {paths.data}: {error}"
            return BuildOutcome(run_id="none", published=False, error=reason)
        fail_dead_runs(active)
        collect_garbage(active, paths.data)
        reused, stale = _reusable_partitions(paths, inputs)
        partitions = sync_for_build(active, [item.document_id for item in inputs], stale)
        corpus_only = [key for key in job.asset_layer.executable_asset_keys if key != DOCUMENT_ASSET]
        selection = None if partitions else corpus_only  # no document to (re)build: the corpus-wide stages only
        tags = {**process_tag(), **range_tags(partitions)}
        run_config = {"loggers": {**_QUIET["loggers"], **({PROGRESS_LOGGER: {}} if progress else {})}}
        try:
            result = job.execute_in_process(
                instance=active, raise_on_error=False, run_config=run_config, tags=tags, asset_selection=selection
            )
        finally:
            if progress:
                ProgressLine(sys.stderr).clear()
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
        quarantined=_quarantined(result.get_asset_check_evaluations(), reused),
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
    _record_stamp(paths, inputs, config, outcome)
    return outcome


def _reusable_partitions(paths: PipelinePaths, inputs: list[InputFile]) -> tuple[dict[str, list[str]], list[str]]:
    """(path -> recorded quarantine reasons of every document whose newest partition version was
    built from this entry, code and libraries; the other documents, to be built), in input order."""
    folder = partitions_folder(paths.data, DOCUMENT_ASSET)
    reused: dict[str, list[str]] = {}
    stale = []
    for item in inputs:
        recorded = current_built_from(folder / item.document_id)
        if recorded is not None and recorded.get("key") == partition_key(item):
            reused[item.display_path] = list(recorded.get("quarantine") or [])
        else:
            stale.append(item.document_id)
    return reused, stale


def _build_key(paths: PipelinePaths, inputs: list[InputFile], config: DedupConfig) -> str | None:
    """The build's digest (``pipeline.build_stamp``) against the newest release, or None when that
    release cannot be read."""
    try:
        latest = read_latest_manifest(ReleaseStore(paths.data))
    except (OSError, ValueError):
        return None
    newest = (latest["version"], latest["fingerprint"]) if latest else None
    return build_key(inputs, {"dedup": config.values()}, newest)


def _unchanged_outcome(paths: PipelinePaths, key: str | None) -> BuildOutcome | None:
    """The last build's outcome when nothing it depends on changed and its release is still complete."""
    stamp = read_stamp(paths.data / INSTANCE_FOLDER)  # never created here: the folder may be unwritable
    store = ReleaseStore(paths.data)
    if key is None or stamp is None or stamp.key != key or store.latest_version() != stamp.version:
        return None
    if pointer_problems(store):
        return None  # index.json, latest or the catalog to repair (or a leftover to remove): a run does that
    return BuildOutcome(
        run_id=f"none (nothing changed since the build that gave {stamp.version})",
        published=True,
        release_path=str(store.release_dir(stamp.version)),
        version=stamp.version,
        new_release=False,
        row_counts=dict(stamp.row_counts),
        quarantined={path: list(reasons) for path, reasons in stamp.quarantined.items()},
    )


def _record_stamp(paths: PipelinePaths, inputs: list[InputFile], config: DedupConfig, outcome: BuildOutcome) -> None:
    """Remember a complete build under the key the next build will compute (its release is then
    the newest); forget the last build after any other outcome."""
    home = paths.data / INSTANCE_FOLDER
    with contextlib.suppress(OSError):
        clear_stamp(home)
    if not outcome.published or outcome.incomplete or outcome.failed_steps or outcome.failed_checks:
        return
    key = _build_key(paths, inputs, config)
    manifest = read_latest_manifest(ReleaseStore(paths.data))
    if key is None or manifest is None or manifest["version"] != outcome.version:
        return  # another build published meanwhile: this build's result is not the newest
    write_stamp(home, BuildStamp(
        key=key, version=outcome.version, fingerprint=manifest["fingerprint"],
        row_counts=dict(outcome.row_counts), quarantined=outcome.quarantined,
    ))


def _quarantined(evaluations: list[dg.AssetCheckEvaluation], reused: dict[str, list[str]]) -> dict[str, list[str]]:
    """Path -> failures of every quarantined document: those the run built (its contract check
    says why), then those whose earlier version it reused (``reused``: recorded with that version)."""
    found: dict[str, list[str]] = {}
    for evaluation in evaluations:
        if evaluation.check_name == CONTRACT_CHECK and not evaluation.passed:
            for entry in evaluation.metadata["failure_list"].value:
                found.setdefault(entry["document"], []).append(entry["failure"])
    return {**found, **{path: reasons for path, reasons in reused.items() if reasons and path not in found}}


def exit_code(outcome: BuildOutcome) -> int:
    """0 published and complete, 1 nothing published, 3 published but incomplete (see ``repair``),
    4 another build is running into the same data folder (nothing was built)."""
    if outcome.busy:
        return BUSY_EXIT
    if not outcome.published:
        return 1
    return 3 if outcome.incomplete else 0


def _failure_text(evaluation: dg.AssetCheckEvaluation) -> str:
    cases = evaluation.metadata.get("failure_cases")
    return str(cases.value) if cases is not None else ""
