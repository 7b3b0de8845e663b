"""The hostile corpus: the committed byte fixtures (tests/fixtures/hostile/) plus the cases that
only exist on a file system (links, loops, permissions, odd names), made in a temporary folder."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

from pipeline.paths import REPO_ROOT

HOSTILE = REPO_ROOT / "tests" / "fixtures" / "hostile"
LONG_LINE_BYTES = 60_000
NEWLINE_NAME = "line\nbreak | *name*.txt"


def make_hostile_corpus(folder: Path, *, with_seeds: Path | None = None) -> Path:
    """``folder`` filled with every hostile case (and the good documents of ``with_seeds``)."""
    folder.mkdir(parents=True, exist_ok=True)
    if with_seeds is not None:
        for path in sorted(with_seeds.glob("*.txt")):
            shutil.copy(path, folder / path.name)
    for path in sorted(HOSTILE.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    (folder / "empty_a.txt").write_bytes(b"")
    (folder / "empty_b.txt").write_bytes(b"")
    seed = sorted((with_seeds or HOSTILE).glob("*.txt"))[0]
    shutil.copy(seed, folder / "zz_byte_identical_copy.txt")
    sentence = "A single very long line of prose goes on and on without a break "
    (folder / "long_single_line.txt").write_text("A Long Line\n" + (sentence * (LONG_LINE_BYTES // len(sentence))) + "\n")
    (folder / NEWLINE_NAME).write_text("A Title\nA file whose name has a newline and Markdown in it.\n")
    (folder / "folder.txt").mkdir()
    (folder / "folder.txt" / "inside.txt").write_text("Inside a Folder\nA document inside a folder named like a file.\n")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]\n\tbare = false\n")
    os.symlink("/etc/passwd", folder / "outside_link.txt")
    os.symlink(folder / "missing-target.txt", folder / "dangling_link.txt")
    os.symlink(folder / "loop_b.txt", folder / "loop_a.txt")
    os.symlink(folder / "loop_a.txt", folder / "loop_b.txt")
    os.symlink(folder / "folder.txt", folder / "folder_link")
    os.mkfifo(folder / "pipe.txt")
    unreadable = folder / "unreadable.txt"
    unreadable.write_text("A Secret\nNobody may read this.\n")
    unreadable.chmod(0)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "socket.txt"))
    return folder


def can_be_denied() -> bool:
    """Root reads files whatever their mode: the permission case can only be shown as another user."""
    return os.geteuid() != 0
