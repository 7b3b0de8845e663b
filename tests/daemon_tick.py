"""Stand-in for the Dagster daemon and run worker, in a process of its own (for concurrency tests).

``python -m tests.daemon_tick SEEDS OUT CACHE`` ticks the seeds sensor once a second until it
requests a run or finds nothing to build (at most 120 ticks), applies its partition requests as the daemon
does, and executes the requested run in-process with the code location's definitions, as a
launched run does. Prints one JSON line: the skip reasons seen, the run ID and whether it succeeded.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import dagster as dg

from pipeline.assets.resources import PipelinePaths
from pipeline.build import dataset_instance
from pipeline.definitions import BUILD_JOB_NAME, build_definitions

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def apply_partition_requests(instance: dg.DagsterInstance, result: dg.SensorResult) -> None:
    """What the sensor daemon does with a tick's partition requests, in order."""
    for request in result.dynamic_partitions_requests or []:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)


def main(seeds: str, out: str, cache: str) -> int:
    paths = PipelinePaths(seeds_dir=seeds, data_dir=out, cache_dir=cache)
    definitions = build_definitions(paths)
    sensor = definitions.resolve_sensor_def("seeds_changed")
    skips: list[str] = []
    with dataset_instance(Path(out)) as instance:
        for _ in range(120):
            context = dg.build_sensor_context(instance=instance, resources={"paths": paths}, definitions=definitions)
            result = sensor(context)
            if isinstance(result, dg.SensorResult) and result.run_requests:
                break
            reason = result if isinstance(result, dg.SkipReason) else result.skip_reason
            skips.append(reason.skip_message if isinstance(reason, dg.SkipReason) else str(reason))
            if isinstance(result, dg.SensorResult):
                print(json.dumps({"skips": skips, "run_id": None, "success": None}))
                return 0
            time.sleep(1)
        else:
            print(json.dumps({"skips": skips, "run_id": None, "success": None}))
            return 1
        apply_partition_requests(instance, result)
        request = result.run_requests[0]
        job = definitions.resolve_job_def(BUILD_JOB_NAME)
        run = job.execute_in_process(instance=instance, tags=request.tags, asset_selection=request.asset_selection,
                                     run_config=QUIET, raise_on_error=False)
    print(json.dumps({"skips": skips, "run_id": run.run_id, "success": run.success}))
    return 0 if run.success else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
