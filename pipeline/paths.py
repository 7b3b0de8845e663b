"""Where the repository and its folders are: the one place that knows the layout on disk."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
"""The default input folder."""
DATA_DIR = REPO_ROOT / "data"
"""The default data folder (releases/, cache/)."""
CACHE_DIR = DATA_DIR / "cache"
"""Parse cache and model files, shared by the build, the UI and ``coverage``."""
DAGSTER_HOME = REPO_ROOT / ".dagster"
"""Dagster's instance folder unless ``DAGSTER_HOME`` says otherwise."""
WORKSPACE_FILE = REPO_ROOT / "workspace.yaml"
