"""The Dagster webserver serves this workspace: the whole asset graph with its checks, and a real
browser (Debian's headless ``chromium``, driven by playwright) sees what a person would: column
descriptions, a warning check listing the rejects, no first-visit modal. Screenshots go to
``SCREENSHOTS``."""

from __future__ import annotations

import contextlib
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

import dagster as dg

from pipeline.build import build_dataset
from pipeline.paths import REPO_ROOT
from pipeline.definitions import STAGE_TABLES
from schemas.spec import ALL_SPECS

from tests.conftest import SEEDS, SHARED_CACHE

pytestmark = pytest.mark.slow(18)  # the module fixture's builds; xdist starts it early
SCREENSHOTS = REPO_ROOT / "data" / "screenshots" / "test_ui"
CHROMIUM = Path("/usr/bin/chromium")

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
    """The webserver on this workspace, with one real run in its instance: a small corpus (one seed
    document and one binary file, which is rejected) built while the server starts."""
    port = _free_port()
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\nnux:\n  enabled: false\n")
    seeds = tmp_path_factory.mktemp("seeds")
    (seeds / "newsletter.txt").write_bytes(min(SEEDS.glob("002_*.txt")).read_bytes())
    (seeds / "broken.txt").write_bytes(b"\x00\x01\x02 not text \x00\x00")
    webserver = Path(sys.executable).with_name("dagster-webserver")
    # The instance's SQLite storage exists before the server opens it too (two processes creating one
    # fresh schema at once can make the server exit); its log says why if it does not serve.
    dg.DagsterInstance.from_config(str(home)).dispose()
    log = home / "webserver.log"
    process = subprocess.Popen(
        [str(webserver), "-w", "workspace.yaml", "-p", str(port), "-h", "127.0.0.1"],
        cwd=REPO_ROOT,
        env={**os.environ, "DAGSTER_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )
    try:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            outcome = build_dataset(seeds_dir=seeds, data_dir=home / "data", cache_dir=SHARED_CACHE, instance=instance)
        assert outcome.published, outcome.report()
        deadline = time.monotonic() + 90
        while True:
            try:
                nodes = _graphql(port, QUERY)["assetNodes"]
                if nodes:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"dagster-webserver did not serve the workspace: {log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have exited on its own
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


@pytest.fixture(scope="module")
def browser_page(webserver):
    """A headless Chromium page (Debian's chromium; ``./run test`` installs it when missing)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `./run test` installs Debian's chromium")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        yield page, f"http://127.0.0.1:{webserver}"
        browser.close()


def test_browser_shows_the_asset_graph_without_a_first_visit_modal(browser_page):
    page, base = browser_page
    page.goto(f"{base}/asset-groups")
    page.get_by_text("release", exact=True).first.wait_for()
    page.wait_for_timeout(1_500)  # let the graph lay out
    page.screenshot(path=SCREENSHOTS / "asset_graph.png")
    assert page.locator("[role=dialog]").count() == 0
    for group in ("ingest", "facts", "references", "release"):
        assert page.get_by_text(group, exact=True).count() > 0, group


def test_browser_shows_the_facts_columns_with_types_and_spec_descriptions(browser_page):
    page, base = browser_page
    page.goto(f"{base}/assets/facts")
    spec = ALL_SPECS["facts"]
    page.get_by_text(spec.description).first.wait_for()
    page.get_by_text(spec.column("cluster_id").description).first.wait_for()
    page.screenshot(path=SCREENSHOTS / "facts.png", full_page=True)
    body = page.inner_text("body")
    for column in spec.columns:
        assert column.description in body, column.name
    assert "large_string" not in body


def test_browser_shows_rejected_input_as_a_warning_check_listing_the_rejects(browser_page):
    page, base = browser_page
    page.goto(f"{base}/assets/rejects?view=checks&checkDetail=no_rejected_input")
    page.get_by_text("Warns when an input line or file was rejected").first.wait_for()
    page.get_by_text("binary_file").first.wait_for()
    page.screenshot(path=SCREENSHOTS / "rejects_check.png", full_page=True)
    body = page.inner_text("body")
    assert "non-blocking" in body and "Failed" in body
    assert "broken.txt" in body
