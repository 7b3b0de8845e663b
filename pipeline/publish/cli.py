"""``python -m pipeline diff A B``, ``python -m pipeline verify PATH`` and ``python -m pipeline repair``."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.code_version import REPO_ROOT
from pipeline.publish.compare import compare_releases
from pipeline.publish.repair import repair
from pipeline.publish.store import ReleaseStore
from pipeline.publish.verify import verify_release


def run_diff(args: argparse.Namespace) -> int:
    store = ReleaseStore(args.data)
    try:
        old, new = store.resolve(args.old), store.resolve(args.new)
        comparison = compare_releases(old, new)
    except (FileNotFoundError, KeyError, ValueError) as error:
        print(f"diff: {error}")
        return 2
    print(comparison.report(with_ids=args.ids))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    target = args.path
    if not target.exists():
        try:
            target = ReleaseStore(args.data).resolve(str(target))
        except FileNotFoundError as error:
            print(f"verify: {error}")
            return 2
    result = verify_release(target)
    if result.ok:
        print(f"OK: {target} (release {result.version}) is intact")
        return 0
    print(f"FAILED: {target}: {len(result.problems)} problem(s)")
    for problem in result.problems:
        print(f"  - {problem}")
    return 1


def run_repair(args: argparse.Namespace) -> int:
    report = repair(args.data)
    for problem in report.problems:
        print(f"  - {problem}")
    if not report.ok:
        print(f"FAILED: {report.failure}")
        return 1
    print(f"repaired {args.data}: {len(report.problems)} problem(s) fixed" if report.problems
          else f"OK: {args.data} needed no repair")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``diff`` and ``verify`` subcommands to the pipeline CLI."""
    data_help = "data folder holding releases/ (default: data/)"
    diff = subparsers.add_parser("diff", help="what changed between two releases (versions or folders)")
    diff.add_argument("old", help="older release: version (1.0.0), 'latest' or release folder")
    diff.add_argument("new", help="newer release: version, 'latest' or release folder")
    diff.add_argument("--ids", action="store_true", help="also list every added, removed or changed ID")
    diff.add_argument("--data", type=Path, default=REPO_ROOT / "data", help=data_help)
    diff.set_defaults(handler=run_diff)

    verify = subparsers.add_parser("verify", help="check a release folder or archive (checksums, schemas, row counts)")
    verify.add_argument("path", type=Path, help="release folder, release archive (.tar.gz) or version")
    verify.add_argument("--data", type=Path, default=REPO_ROOT / "data", help=data_help)
    verify.set_defaults(handler=run_verify)

    fix = subparsers.add_parser("repair", help="finish a release that was published but left incomplete")
    fix.add_argument("--data", type=Path, default=REPO_ROOT / "data", help=data_help)
    fix.set_defaults(handler=run_repair)
