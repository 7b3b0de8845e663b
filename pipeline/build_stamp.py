"""What the last complete build of a data folder was made from, so that a rebuild with nothing
changed can answer at once instead of running every stage again.

Why this is safe: a release is a function of the input entries (path, bytes, or why an entry is
not read), the code and package data, the library versions, the dedup settings and the release
history. The stamp records a digest of all of them and the release it gave; when every part
matches and that release is still the newest, a run would publish nothing new (the build's
no-op path would say "unchanged"), so the build reports that release without a run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.code_version import pipeline_code_version
from pipeline.common.file_digest import file_digest
from pipeline.parsing.corpus import InputFile
from pipeline.paths import REPO_ROOT

STAMP = "last_build.json"
LIBRARIES = REPO_ROOT / "requirements.txt"
"""The hash-pinned library versions: a new pyarrow or DuckDB may write other bytes."""


@dataclass(frozen=True)
class BuildStamp:
    """The inputs digest of one complete build and what it published."""

    key: str
    version: str
    fingerprint: str
    row_counts: dict[str, int]
    quarantined: dict[str, list[str]] = field(default_factory=dict)


def entry_fingerprint(item: InputFile) -> str:
    """What a document's rows depend on: its path and bytes, or why it is not read."""
    problem = f"{item.problem.code}:{item.problem.detail}" if item.problem else ""
    return f"{item.display_path}\0{item.sha256}\0{problem}"


def _libraries() -> str:
    return file_digest(LIBRARIES) if LIBRARIES.exists() else ""


def partition_key(item: InputFile) -> str:
    """Digest of everything one document's partition depends on: its entry, the code, the libraries.

    Why so little: a partition holds that document's rows only (nothing in it depends on another
    document or on the dedup settings), so when this digest is the one its newest version was
    built from, a build reuses that version instead of materializing the partition again.
    """
    parts = {"entry": entry_fingerprint(item), "code": pipeline_code_version(), "libraries": _libraries()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def build_key(inputs: Iterable[InputFile], settings: Mapping[str, Any], latest: tuple[str, str] | None) -> str:
    """Digest of everything a build's result depends on; ``latest`` = (version, fingerprint) of the
    newest release, since the next release's IDs and version follow it."""
    parts = {
        "entries": [entry_fingerprint(item) for item in inputs],
        "code": pipeline_code_version(),
        "libraries": _libraries(),
        "settings": settings,
        "latest": list(latest) if latest else None,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def read_stamp(folder: Path) -> BuildStamp | None:
    """The stamp in ``folder``, or None when there is none or it cannot be read."""
    try:
        raw = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        return BuildStamp(**raw)
    except (OSError, ValueError, TypeError):
        return None


def write_stamp(folder: Path, stamp: BuildStamp) -> None:
    """Replace the stamp atomically (a concurrent reader sees the old one or the new one)."""
    partial = folder / f".{STAMP}.{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(asdict(stamp), sort_keys=True), encoding="utf-8")
        os.replace(partial, folder / STAMP)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)  # no stamp only costs the next build a run


def clear_stamp(folder: Path) -> None:
    """Forget the last build (its result is no longer what the folder holds)."""
    (folder / STAMP).unlink(missing_ok=True)
