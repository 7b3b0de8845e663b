"""One deterministic ``.tar.gz`` per release, and its safe extraction.

Why deterministic (sorted members, zeroed owners and times, no gzip name or time): the same
release directory always packs to the same bytes, so the archive's checksum identifies it.
"""

from __future__ import annotations

import gzip
import os
import tarfile
import zlib
from pathlib import Path

from pipeline.ids import sha256_file
from pipeline.publish.fileio import fsync_path

_TIMESTAMP = 0
_LEVEL = 3
"""Most of a release is dataset.duckdb (39 of 46 MB at 100 generated pages), which deflates to a third.
Measured on that release: level 6 took 2.4 times as long as level 3 for a 4.5% smaller archive
(level 1: no faster than 3, 9% larger; level 9 costs several times level 6 for ~1% less)."""


def _member(name: str, *, size: int = 0, directory: bool = False) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = _TIMESTAMP
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.type = tarfile.DIRTYPE if directory else tarfile.REGTYPE
    info.mode = 0o755 if directory else 0o644
    return info


def pack_release(release_dir: Path, top_level: str, archive: Path) -> str:
    """Pack the files of ``release_dir`` under ``top_level/`` into ``archive``; return its sha256."""
    temporary = archive.with_name(f".{archive.name}.{os.getpid()}.tmp")
    try:
        _write_archive(release_dir, top_level, temporary)
        os.replace(temporary, archive)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_path(archive.parent)
    return sha256_file(archive)


def _write_archive(release_dir: Path, top_level: str, temporary: Path) -> None:
    with temporary.open("wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=_TIMESTAMP, compresslevel=_LEVEL) as compressed:
            with tarfile.open(fileobj=compressed, mode="w", format=tarfile.GNU_FORMAT) as tar:
                tar.addfile(_member(top_level, directory=True))
                for path in sorted(p for p in release_dir.iterdir() if p.is_file()):
                    with path.open("rb") as handle:
                        tar.addfile(_member(f"{top_level}/{path.name}", size=path.stat().st_size), handle)
        raw.flush()
        os.fsync(raw.fileno())


GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
"""The ten header bytes :func:`pack_release` always writes: deflate, no flags, time 0, unknown OS."""
_CHUNK = 1 << 20


def gzip_problems(archive: Path) -> list[str]:
    """What is wrong with the gzip layer of ``archive``, checked on its own, without a ``.sha256``.

    Why: tar stops at its end-of-archive blocks, so a reader never reaches the gzip trailer and
    never notices a flipped byte there (the CRC32 and length of the data) or in the header.
    """
    problems = []
    with archive.open("rb") as handle:
        header = handle.read(len(GZIP_HEADER))
        if header[:3] != GZIP_HEADER[:3]:
            return [f"{archive.name}: not a gzip stream (header {header[:3].hex()})"]
        if header != GZIP_HEADER:
            problems.append(f"{archive.name}: gzip header {header.hex()} differs from {GZIP_HEADER.hex()}, "
                            "the header every release archive has")
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        crc, size = 0, 0
        try:
            while not inflater.eof and (chunk := handle.read(_CHUNK)):
                data = inflater.decompress(chunk)
                crc, size = zlib.crc32(data, crc), size + len(data)
        except zlib.error as error:
            return [*problems, f"{archive.name}: damaged deflate data ({error})"]
        if not inflater.eof:
            return [*problems, f"{archive.name}: truncated gzip stream (ends after {size:,} bytes of data)"]
        trailer = inflater.unused_data + handle.read()
    if len(trailer) < 8:
        return [*problems, f"{archive.name}: gzip trailer is {len(trailer)} bytes, expected 8"]
    stored_crc, stored_size = int.from_bytes(trailer[:4], "little"), int.from_bytes(trailer[4:8], "little")
    if stored_crc != crc:
        problems.append(f"{archive.name}: gzip CRC32 {stored_crc:08x} in the trailer, data has {crc:08x}")
    if stored_size != size % (1 << 32):
        problems.append(f"{archive.name}: gzip trailer says {stored_size:,} bytes, data has {size:,}")
    if len(trailer) > 8:
        problems.append(f"{archive.name}: {len(trailer) - 8:,} unexpected byte(s) after the gzip stream")
    return problems


def member_problems(archive: Path) -> list[str]:
    """Members that a release archive must not have: anything but one folder of regular files,
    or a name twice (extraction would keep only the last copy, hiding the first)."""
    problems, seen = [], set()
    with tarfile.open(archive, mode="r:gz") as tar:
        members = tar.getmembers()
    folders = [m.name for m in members if m.isdir()]
    if len(folders) != 1:
        return [f"{archive.name}: expected one release folder, found {len(folders)}"]
    for member in members:
        if member.isdir():
            continue
        parent, _, name = member.name.partition("/")
        if not member.isfile() or parent != folders[0] or not name or "/" in name:
            problems.append(f"{archive.name}: unexpected member {member.name!r} ({member.type!r})")
        elif name in seen:
            problems.append(f"{archive.name}: member {member.name!r} occurs more than once")
        seen.add(name)
    return problems


def extract_release(archive: Path, destination: Path) -> Path:
    """Extract (refusing links, absolute paths and ``..``) and return the single release folder."""
    with tarfile.open(archive, mode="r:gz") as tar:
        tar.extractall(destination, filter="data")
    folders = [p for p in destination.iterdir() if p.is_dir()]
    if len(folders) != 1:
        raise ValueError(f"{archive.name}: expected one release folder, found {len(folders)}")
    return folders[0]


def checksum_line(archive: Path, digest: str) -> bytes:
    """Content of the ``<archive>.sha256`` file next to the archive (``sha256sum -c`` format)."""
    return f"{digest}  {archive.name}\n".encode()


def read_checksum_file(archive: Path) -> str | None:
    """The sha256 recorded beside ``archive`` (its ``.sha256`` file), or None."""
    sidecar = archive.with_name(archive.name + ".sha256")
    if not sidecar.is_file():
        return None
    return sidecar.read_text().split()[0]

