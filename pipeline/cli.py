"""`python -m pipeline …`: build the dataset, open the UI, and the domain tools.

Each domain package contributes its own subcommands through a ``register(subparsers)``
function, so this module only wires them together.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.paths import CACHE_DIR, DATA_DIR, SEEDS_DIR, WORKSPACE_FILE


def ensure_dagster_home(data_dir: Path) -> Path:
    """The data folder's own Dagster home (``<data>/.dagster``, absolute as Dagster requires), so
    that runs against different ``--out`` folders never share one history."""
    from pipeline.build import dataset_home

    home = dataset_home(data_dir)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def run_build(args: argparse.Namespace) -> int:
    """Materialize the whole asset graph in-process and report the release."""
    from pipeline.build import build_dataset, exit_code

    try:
        dedup = dedup_config_from_args(args)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    progress = sys.stderr.isatty() and not os.environ.get("CI")  # a live line on a terminal; quiet in CI and pipes
    outcome = build_dataset(
        seeds_dir=args.seeds, data_dir=args.out, cache_dir=args.cache, dedup=dedup, progress=progress, wait=args.wait
    )
    print(outcome.report())
    return exit_code(outcome)


def add_dedup_options(parser: argparse.ArgumentParser) -> None:
    """``--dedup-config FILE`` (TOML) and one ``--dedup-<setting>`` per ``DedupConfig`` field."""
    from pipeline.dedup.config import DedupConfig, field_types

    group = parser.add_argument_group("dedup settings (defaults in pipeline/dedup/config.py)")
    group.add_argument("--dedup-config", type=Path, metavar="FILE",
                       help="TOML file of dedup settings, e.g. near = 0.92")
    defaults = DedupConfig().values()
    for name, kind in field_types().items():
        group.add_argument(
            f"--dedup-{name.replace('_', '-')}", dest=f"dedup_{name}", metavar=kind.__name__.upper(),
            help=f"default {defaults[name]}",
        )


def dedup_config_from_args(args: argparse.Namespace):
    """The file's settings (if any), then each ``--dedup-<setting>`` given on the command line."""
    from pipeline.dedup.config import DedupConfig, field_types

    config = DedupConfig.from_file(args.dedup_config) if args.dedup_config else DedupConfig()
    given = {
        name: getattr(args, f"dedup_{name}") for name in field_types() if getattr(args, f"dedup_{name}") is not None
    }
    return config.replace(**given)


def run_prepare(args: argparse.Namespace) -> int:
    """Distil the static embedding table now, so that no build or test pays for it later."""
    from pipeline.dedup import ensure_static_embedding

    print(f"Embedding table ready: {ensure_static_embedding(args.cache / 'embeddings')}")
    return 0


def run_ui(args: argparse.Namespace) -> int:
    """Serve the Dagster UI (webserver + daemon) for this repo's workspace, on one data folder and its history."""
    from pipeline.definitions import PATH_VARIABLES

    ensure_dagster_home(args.out)
    for name, value in (("seeds_dir", args.seeds), ("data_dir", args.out), ("cache_dir", args.cache)):
        os.environ[PATH_VARIABLES[name]] = str(value.resolve())
    from pipeline.build import dataset_instance
    from pipeline.run_hygiene import fail_dead_runs

    with dataset_instance(args.out) as instance:
        for run_id in fail_dead_runs(instance):
            print(f"run {run_id}: its process died; marked failed", file=sys.stderr)
    # A background `dagster dev` ignores SIGINT unless it is reset to the default handler.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    command = ["dagster", "dev", "-w", str(WORKSPACE_FILE), "-p", str(args.port), "-h", args.host]
    dagster = Path(sys.executable).with_name("dagster")
    os.execv(str(dagster), command)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m pipeline`` parser with every package's subcommands."""
    from pipeline.identity.cli import register as register_identity
    from pipeline.parsing.cli import register as register_parsing
    from pipeline.publish.cli import register as register_publish
    from pipeline.references.cli import register as register_references

    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True)

    build = subparsers.add_parser("build", help="build the dataset into a new release")
    build.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="input folder (default: seeds/)")
    build.add_argument("--out", type=Path, default=DATA_DIR, help="data folder (default: data/)")
    build.add_argument("--cache", type=Path, default=CACHE_DIR, help="cache folder (default: data/cache/)")
    build.add_argument("--wait", action="store_true",
                       help="when another build is running into the same --out, wait for it instead of exiting with 4")
    add_dedup_options(build)
    build.set_defaults(handler=run_build)

    prepare = subparsers.add_parser("prepare", help="distil the embedding table into the cache (once per environment)")
    prepare.add_argument("--cache", type=Path, default=CACHE_DIR, help="cache folder (default: data/cache/)")
    prepare.set_defaults(handler=run_prepare)

    ui = subparsers.add_parser("ui", help="open the Dagster UI (dagster dev) on this workspace")
    ui.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="input folder (default: seeds/)")
    ui.add_argument("--out", type=Path, default=DATA_DIR, help="data folder and its history (default: data/)")
    ui.add_argument("--cache", type=Path, default=CACHE_DIR, help="cache folder (default: data/cache/)")
    ui.add_argument("--port", type=int, default=3000)
    ui.add_argument("--host", default="127.0.0.1")
    ui.set_defaults(handler=run_ui)

    register_parsing(subparsers)
    register_references(subparsers)
    register_publish(subparsers)
    register_identity(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its exit status."""
    args = build_parser().parse_args(argv)
    return args.handler(args)
