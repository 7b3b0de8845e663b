"""``python -m pipeline resolve ID``: what an ID from an older release is now."""

from __future__ import annotations

import argparse
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.identity.resolve import ID_COLUMNS, resolve_id
from pipeline.paths import DATA_DIR


def run_resolve(args: argparse.Namespace) -> int:
    """Print where an old ID went, release by release; 1 when it is no longer current, 2 when unreadable."""
    release = args.release if args.release.is_dir() else args.data / "releases" / str(args.release)
    prefix = args.id.split("_", 1)[0]
    if prefix not in ID_COLUMNS:
        print(f"resolve: {args.id!r} is not an ID of this dataset (known prefixes: {', '.join(sorted(ID_COLUMNS))})")
        return 2
    table, column = ID_COLUMNS[prefix]
    try:
        current = set(pq.read_table(release / f"{table}.parquet", columns=[column]).column(0).to_pylist())
        history_file = release / "id_history.parquet"
        history = pq.read_table(history_file).to_pylist() if history_file.exists() else []
    except (FileNotFoundError, OSError) as error:
        print(f"resolve: cannot read release {release}: {error}")
        return 2
    resolution = resolve_id(args.id, history, current)
    print(resolution.report())
    return 0 if resolution.current is not None else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``resolve`` subcommand to the pipeline CLI."""
    resolve = subparsers.add_parser("resolve", help="what an ID from an older release is now (via id_history)")
    resolve.add_argument("id", help="any dataset ID, e.g. clu_0123456789abcdef")
    resolve.add_argument("--release", type=Path, default=Path("latest"),
                         help="release folder or version under --data (default: latest)")
    resolve.add_argument("--data", type=Path, default=DATA_DIR, help="data folder holding releases/")
    resolve.set_defaults(handler=run_resolve)
