"""Fixtures for publishing tests: a data folder, a one-call publish, a shared two-release history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.publish import PublishResult

from .factory import Doc, base_corpus, edited_corpus, publish_docs

Publish = Callable[..., PublishResult]
@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def publish(data_dir: Path) -> Publish:
    """publish(docs=base_corpus(), *, tables=None, into=data_dir, extra_files=factory.EXPORTS)."""

    def _publish(docs: list[Doc] | None = None, *, into: Path | None = None, **options) -> PublishResult:
        return publish_docs(base_corpus() if docs is None else docs, into or data_dir, **options)

    return _publish


@pytest.fixture(scope="session")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[PublishResult]]:
    """A data folder with two releases (1.0.0, then 1.1.0 from an edited corpus). Read-only: copy to tamper."""
    data_dir = tmp_path_factory.mktemp("history")
    return data_dir, [publish_docs(docs, data_dir) for docs in (base_corpus(), edited_corpus())]
