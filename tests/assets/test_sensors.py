"""The seeds sensor starts a build exactly when the input folder's content changes."""

from __future__ import annotations

import os

import dagster as dg

from pipeline.assets.resources import PipelinePaths
from pipeline.definitions import build_definitions


def _tick(paths: PipelinePaths, cursor: str | None):
    sensor = build_definitions(paths).resolve_sensor_def("seeds_changed")
    context = dg.build_sensor_context(cursor=cursor, resources={"paths": paths}, definitions=build_definitions(paths))
    result = sensor(context)
    return result, context.cursor


def test_new_file_starts_a_build_and_an_unchanged_folder_does_not(tmp_path):
    (tmp_path / "a.txt").write_text("First document.\n")
    paths = PipelinePaths(seeds_dir=str(tmp_path), data_dir=str(tmp_path / "out"))
    first, cursor = _tick(paths, None)
    assert isinstance(first, dg.RunRequest)
    again, _ = _tick(paths, cursor)
    assert isinstance(again, dg.SkipReason)
    (tmp_path / "b.txt").write_text("Second document.\n")
    added, _ = _tick(paths, cursor)
    assert isinstance(added, dg.RunRequest) and added.run_key != first.run_key


def test_touching_a_file_without_changing_it_keeps_the_same_run_key(tmp_path):
    document = tmp_path / "a.txt"
    document.write_text("Same content.\n")
    paths = PipelinePaths(seeds_dir=str(tmp_path), data_dir=str(tmp_path / "out"))
    first, cursor = _tick(paths, None)
    os.utime(document, ns=(1, 1))
    touched, _ = _tick(paths, cursor)
    assert isinstance(touched, dg.RunRequest) and touched.run_key == first.run_key
