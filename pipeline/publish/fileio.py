"""Durable file primitives: fsync, atomic replacement.

Why fsync everywhere: a rename is only atomic *and* durable when the renamed file's bytes and
the directory entry both reach the disk; otherwise a crash can leave a complete-looking name
pointing at empty or truncated content.
"""

from __future__ import annotations

import os
from pathlib import Path


def fsync_path(path: Path) -> None:
    """Flush a file's or a directory's content (directory: its entries) to disk."""
    descriptor = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def fsync_tree(root: Path) -> None:
    """Every file below ``root``, then every directory bottom-up, then ``root`` itself."""
    for path in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if not path.is_symlink():
            fsync_path(path)
    fsync_path(root)


def write_bytes_durably(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file and flush it before returning."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def replace_atomically(path: Path, data: bytes) -> None:
    """Readers see either the old content of ``path`` or the new one, never a mixture."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write_bytes_durably(temporary, data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a full disk must not stay full because of us
        raise
    fsync_path(path.parent)


def point_symlink_atomically(link: Path, target: str) -> None:
    """Re-point ``link`` at ``target`` without a moment in which it is missing."""
    temporary = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        temporary.symlink_to(target)
        os.replace(temporary, link)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_path(link.parent)
