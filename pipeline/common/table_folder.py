"""A folder of tables written all at once: the storage of every on-disk cache and of each
document's staged tables.

Why Arrow IPC files (``<name>.arrow``), not Parquet: a build writes and reads every document's
tables, tens of thousands of small files; measured on a 1,000-page corpus, an IPC file is
written in a fifth of the time of a Parquet file (0.06 against 0.34 ms) and read in a third
(0.18 against 0.52 ms), for about twice the bytes. The types round-trip exactly; pandas
(``read_feather``), polars and pyarrow open them directly.

Why atomic: builds may run concurrently (the UI's sensor and a CLI build) and be killed at
any moment; a folder is written under a private name and renamed into place, so a reader
sees a complete folder or none, and a damaged one is removed and recomputed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

COMPLETE = "_COMPLETE"
TABLE_SUFFIX = ".arrow"


def write_table(table: pa.Table, path: Path) -> None:
    """One table as an Arrow IPC file (uncompressed: the point is speed)."""
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def read_table(path: Path) -> pa.Table:
    """A table written by :func:`write_table`, read into memory (the file may be deleted afterwards)."""
    with pa.OSFile(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def read_parquet(path: Path) -> pa.Table:
    """One Parquet file, read whole: the same table as ``pq.read_table``, without the dataset
    machinery, which cost 2-3 times as long per small file (a build reads thousands of them:
    every document's cached and staged tables)."""
    with pq.ParquetFile(path) as file:
        return file.read()


def read_table_folder(folder: Path, names: Iterable[str], files: Iterable[str] = ()) -> tuple[
    dict[str, pa.Table], dict[str, bytes]
] | None:
    """The tables ``names`` (and the raw ``files``) stored in ``folder``, or None when it is
    missing, incomplete or damaged (a damaged folder is removed)."""
    if not (folder / COMPLETE).exists():
        return None
    try:
        tables = {name: read_table(folder / f"{name}{TABLE_SUFFIX}") for name in names}
        extra = {name: (folder / name).read_bytes() for name in files}
    except (OSError, pa.ArrowException):
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return tables, extra


def write_table_folder(
    folder: Path, tables: Mapping[str, pa.Table], files: Mapping[str, bytes] | None = None, *, strict: bool = False
) -> bool:
    """Store ``tables`` (and raw ``files``) as ``folder``, atomically; False when it could not be
    written (an unwritable cache only costs the next build time) or another writer came first.
    ``strict``: raise the error instead (a run's own intermediate data must not go missing)."""
    partial = folder.with_name(f".{folder.name}.{os.getpid()}.partial")
    try:
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for name, table in tables.items():
            write_table(table, partial / f"{name}{TABLE_SUFFIX}")
        for name, data in (files or {}).items():
            (partial / name).write_bytes(data)
        (partial / COMPLETE).touch()
        if folder.exists():
            shutil.rmtree(partial, ignore_errors=True)  # another build stored the same entry meanwhile
            return False
        os.replace(partial, folder)
        return True
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
        if strict:
            raise
        return False
