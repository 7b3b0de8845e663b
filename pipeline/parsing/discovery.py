"""Input discovery: every entry below the input folder, either a file to read or a reason not to.

Why a walk of our own rather than ``rglob``: a glob silently drops what it cannot follow
(dangling links, loops, unreadable folders) and follows what it should not (a link to
``/etc/passwd``). Here every entry ends up either as a readable file or as an entry with a
``problem`` (code and reason) that the corpus stage turns into a ``rejects`` row. Hidden entries
(names starting with ".") and links leading outside the folder are skipped by default, and
recorded as skipped.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.ids import sha256_file
from pipeline.parsing.errors import os_error_text


@dataclass(frozen=True)
class Problem:
    """Why an entry is not read: ``skipped`` entries are deliberate (policy), others are errors."""

    code: str
    detail: str
    skipped: bool = False


@dataclass(frozen=True)
class Entry:
    """One entry found below the input folder: a readable file (``problem`` None) or not."""

    path: Path
    relative: str
    """Path below the input folder, POSIX separators."""
    sha256: str | None = None
    size_bytes: int | None = None
    problem: Problem | None = None
    modified_ns: int | None = None


@dataclass(frozen=True)
class DiscoveryPolicy:
    """What the walk may read beyond plain files and folders."""

    follow_outside_links: bool = False
    read_hidden: bool = False


_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def discover(root: Path, policy: DiscoveryPolicy = DiscoveryPolicy(), *, digest: bool = True) -> list[Entry]:
    """Every entry below ``root``, in path order (folders are walked, never followed through links).

    ``digest=False`` skips the sha256 of each file (a cheap listing: size and modification time).
    """
    base = root.resolve()
    entries: list[Entry] = []
    _walk(root, "", base, policy, entries, digest)
    return sorted(entries, key=lambda entry: entry.relative)


def listing_digest(root: Path, policy: DiscoveryPolicy = DiscoveryPolicy()) -> str:
    """Cheap: sha256 over names, sizes, modification times and problems. Changes when the folder does."""
    digest = hashlib.sha256()
    for e in discover(root, policy, digest=False):
        problem = e.problem.code if e.problem else ""
        digest.update(f"{e.relative}\0{e.size_bytes}\0{e.modified_ns}\0{problem}\n".encode())
    return digest.hexdigest()


def content_digest(root: Path, policy: DiscoveryPolicy = DiscoveryPolicy()) -> str:
    """Exact: sha256 over names and the sha256 of each file's contents (a touched file keeps it)."""
    digest = hashlib.sha256()
    for e in discover(root, policy):
        digest.update(f"{root.name}/{e.relative}\0{e.sha256}\n".encode())
    return digest.hexdigest()


def _walk(
    directory: Path, prefix: str, base: Path, policy: DiscoveryPolicy, entries: list[Entry], digest: bool
) -> None:
    try:
        children = sorted(os.scandir(directory), key=lambda child: child.name)
    except OSError as error:
        problem = Problem("unreadable_folder", os_error_text(error))
        entries.append(Entry(directory, prefix.rstrip("/") or ".", problem=problem))
        return
    for child in children:
        relative = prefix + child.name
        path = Path(child.path)
        if child.name.startswith(".") and not policy.read_hidden:
            what = "folder" if child.is_dir(follow_symlinks=False) else "file"
            entries.append(Entry(path, relative, problem=Problem(
                "skipped_hidden", f"hidden {what} (name starts with '.'), not read", skipped=True)))
            continue
        if child.is_symlink():
            entry = _link(path, relative, base, policy)
            if entry is not None:
                entries.append(entry)
                continue
        elif child.is_dir(follow_symlinks=False):
            if child.name.lower().endswith(".txt"):
                entries.append(Entry(path, relative, problem=Problem(
                    "not_a_file", "a folder with a document's name: not a document (the files inside it are read)")))
            _walk(path, relative + "/", base, policy, entries, digest)
            continue
        entries.append(_file(path, relative, digest))


def _link(path: Path, relative: str, base: Path, policy: DiscoveryPolicy) -> Entry | None:
    """The entry for a symbolic link that is not read, or None when its target is read as a file."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop this way
        loop = f"[Errno {errno.ELOOP}] {os.strerror(errno.ELOOP)}"
        return Entry(path, relative, problem=Problem("symlink_loop", loop))
    except OSError as error:
        code = "symlink_loop" if error.errno == errno.ELOOP else "broken_symlink"
        return Entry(path, relative, problem=Problem(code, os_error_text(error)))
    if not target.is_relative_to(base) and not policy.follow_outside_links:
        return Entry(path, relative, problem=Problem(
            "skipped_outside_link", "symbolic link to a target outside the input folder, not followed", skipped=True))
    if target.is_dir():
        return Entry(path, relative, problem=Problem(
            "skipped_folder_link", "symbolic link to a folder, not followed (files inside the input folder are read "
            "where they are)", skipped=True))
    return None


def _file(path: Path, relative: str, digest: bool) -> Entry:
    """A file to read, or the reason it cannot be (not a regular file, OS error while reading)."""
    try:
        info = path.stat()
        for test, what in _FILE_KINDS:
            if test(info.st_mode):
                return Entry(path, relative, problem=Problem("not_a_regular_file", f"{what}, not a document"))
        sha256 = sha256_file(path) if digest else None
        return Entry(path, relative, sha256=sha256, size_bytes=info.st_size, modified_ns=info.st_mtime_ns)
    except OSError as error:
        return Entry(path, relative, problem=Problem("unreadable_file", os_error_text(error)))
