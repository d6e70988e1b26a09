"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Every file the project writes (exports, release bundles, partner files, the dataset
cache, the JSON-LD context, synthetic data) goes through here. The data is written to
a temporary file in the target's folder (same file system, so the move is atomic),
flushed to disk, and moved into place with :func:`os.replace`; on any failure the
temporary file is removed and the old file stays as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_target", "atomic_write"]


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; moved onto ``path`` when the block ends well.

    For writers that stream to a file name themselves (pyoxigraph's ``output=``).
    """
    fd, tmp = _temporary(path)
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        _move(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring)."""
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _move(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temporary(path: Path) -> tuple[int, Path]:
    """A new temporary file in ``path``'s folder (created if need be), named after ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    return fd, Path(name)


def _move(tmp: Path, path: Path) -> None:
    """Give the written file the mode of a file written with the usual umask and move it into place."""
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
