"""The Dagster webserver serves this workspace: the whole asset graph with its checks."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.code_version import REPO_ROOT
from pipeline.definitions import STAGE_TABLES

QUERY = """{ assetNodes { assetKey { path } dependencyKeys { path }
  assetChecksOrError { ... on AssetChecks { checks { name blocking } } } } }"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["data"]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory: pytest.TempPathFactory):
    port = _free_port()
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    webserver = Path(sys.executable).with_name("dagster-webserver")
    process = subprocess.Popen(
        [str(webserver), "-w", "workspace.yaml", "-p", str(port), "-h", "127.0.0.1"],
        cwd=REPO_ROOT,
        env={**os.environ, "DAGSTER_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                nodes = _graphql(port, QUERY)["assetNodes"]
                if nodes:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("dagster-webserver did not serve the workspace")
            time.sleep(0.5)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_webserver_shows_every_asset_with_lineage_to_the_release(webserver):
    nodes = {"/".join(n["assetKey"]["path"]): n for n in _graphql(webserver, QUERY)["assetNodes"]}
    assert {"seed_files", "raw_facts", "release", *STAGE_TABLES} <= set(nodes)
    release_inputs = {"/".join(d["path"]) for d in nodes["release"]["dependencyKeys"]}
    assert release_inputs == set(STAGE_TABLES) | {"seed_files"}


def test_webserver_shows_a_blocking_schema_check_on_every_published_table(webserver):
    nodes = {"/".join(n["assetKey"]["path"]): n for n in _graphql(webserver, QUERY)["assetNodes"]}
    for table in STAGE_TABLES:
        checks = nodes[table]["assetChecksOrError"]["checks"]
        assert {"name": "matches_schema", "blocking": True} in checks, table
