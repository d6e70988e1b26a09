"""A large change to an on-disk Oxigraph store, written into a copy of the store and swapped in at once.

A transaction of pyoxigraph (``Store.extend``, ``Store.update``) holds every write in memory until it
commits: the 930,000 quads of a 50 MB partner import took 1.5 GB that way (``docs/benchmarks.md``,
"A partner import"). A change of many quads is therefore made atomic another way, with bounded memory:

1. :func:`copy_store`: a RocksDB checkpoint of the store (``pyoxigraph.Store.backup``) into a sibling
   directory, ``.<name>.swap``; on the same file system it hard-links the immutable table files, so it
   costs next to nothing. Nobody reads the copy;
2. the change is written into the copy in bounded steps (:meth:`OxigraphStore.replace_graphs
   <cybernorms.graph.store.embedded.OxigraphStore.replace_graphs>`: ``Store.bulk_extend``, which writes
   table files without holding the quads, and removals one quad at a time);
3. :func:`swap_in`: with both directories locked (``flock``), the store is closed and the two
   directories are exchanged by one ``renameat2(RENAME_EXCHANGE)`` system call (Linux), atomic on the
   file system: the path names the old store or the new one, never a mix;
4. the old store, now the sibling, is deleted.

A process killed at any point leaves either the old store with an unfinished copy beside it, or the new
store with the old one beside it; :func:`remove_leftover` deletes that sibling the next time the store is
opened for writing. An opener for writing takes the lock of the directory for a moment
(:func:`checked_open`), so it never opens a store in the middle of the exchange. Where the system has no
``renameat2`` (not Linux, or a file system without it), :func:`exchange_supported` says so and the
caller keeps its one transaction.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from cybernorms.errors import CybernormsError

__all__ = ["StillOpen", "SwapUnavailable", "checked_open", "copy_store", "exchange_supported", "remove_leftover",
           "sibling", "swap_in"]

_T = TypeVar("_T")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class StillOpen(CybernormsError):
    """The store is still open elsewhere in this process, so it cannot be swapped; it is unchanged on disk."""


class SwapUnavailable(Exception):
    """The swap cannot be made here (no ``renameat2``, no room beside the store, the store still in use):
    the caller writes in one transaction instead; the store is unchanged."""


def sibling(path: Path) -> Path:
    """Where the copy of the store at ``path`` is written: ``.<name>.swap`` beside it."""
    path = path.resolve()
    return path.parent / f".{path.name}.swap"


def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    return function


def _exchange(first: Path, second: Path) -> None:
    """Exchange two paths atomically (``renameat2(RENAME_EXCHANGE)``); OSError when the system cannot."""
    function = _renameat2()
    if function is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def exchange_supported(path: Path) -> bool:
    """Whether two directories beside ``path`` can be exchanged atomically (tried on two empty ones)."""
    parent = path.resolve().parent
    first, second = parent / f".{path.name}.swap-probe-a", parent / f".{path.name}.swap-probe-b"
    try:
        first.mkdir()
        second.mkdir()
        _exchange(first, second)
        return True
    except OSError:
        return False
    finally:
        for probe in (first, second):
            if probe.is_dir():
                probe.rmdir()


@contextmanager
def _locked(path: Path, *, wait: bool) -> Iterator[None]:
    """Hold the ``flock`` of directory ``path``; without ``wait``, OSError (EWOULDBLOCK) if it is held."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def checked_open(path: Path, opener: Callable[[str], _T]) -> _T:
    """``opener(path)`` with the directory's lock held, so that no swap of ``path`` is under way.

    Raises BlockingIOError when a swap holds the lock; the opener's own errors go through.
    """
    with _locked(path, wait=False):
        if os.stat(path).st_ino != os.stat(path.resolve()).st_ino:  # pragma: no cover - a symlink swapped
            raise BlockingIOError(errno.EWOULDBLOCK, "the store directory changed while it was opened")
        return opener(str(path))


def remove_leftover(path: Path) -> bool:
    """Delete the sibling an interrupted swap of the store at ``path`` left; whether there was one.

    Call it only with the store open for writing (its RocksDB lock held): then no swap of it is under way.
    """
    leftover = sibling(path)
    if not leftover.exists():
        return False
    shutil.rmtree(leftover)
    return True


def copy_store(engine: ox.Store, path: Path) -> ox.Store:
    """A copy of the open store ``engine`` (at ``path``) in :func:`sibling`, opened for writing."""
    target = sibling(path)
    if target.exists():
        shutil.rmtree(target)
    try:
        engine.flush()
        engine.backup(str(target))
        return ox.Store(str(target))
    except OSError as error:
        shutil.rmtree(target, ignore_errors=True)
        raise SwapUnavailable(f"cannot copy the store beside {path}: {error}") from error


def _closed(path: Path) -> bool:
    """Whether no engine of this process holds the store at ``path`` open (opening it again works)."""
    try:
        probe = ox.Store(str(path))
    except OSError:
        return False
    del probe
    return True


def swap_in(path: Path, close: Callable[[], None]) -> ox.Store:
    """Make the copy in :func:`sibling` the store at ``path``; the store reopened.

    ``close`` drops this process's engine of ``path`` (the copy's must already be dropped). Raises
    :class:`SwapUnavailable` (the store unchanged and reopened, the copy deleted) when the copy is still
    open or the directories cannot be exchanged; :class:`StillOpen` (the store unchanged on disk) when
    something in this process still holds the store after ``close``.
    """
    path = path.resolve()  # a symbolic link to the store keeps pointing at it: the directories are exchanged
    copy = sibling(path)
    if not _closed(copy):
        shutil.rmtree(copy, ignore_errors=True)
        raise SwapUnavailable(f"the copy of the store at {path} is still open")
    with _locked(path, wait=True), _locked(copy, wait=True):
        close()
        if not _closed(path):
            shutil.rmtree(copy, ignore_errors=True)
            raise StillOpen(f"the store at {path} was not changed: something in this process still holds it "
                            "open (an unfinished iterator over it)")
        try:
            _exchange(path, copy)
        except OSError as error:
            shutil.rmtree(copy, ignore_errors=True)
            raise SwapUnavailable(f"cannot exchange {copy} and {path}: {error}") from error
        _sync_directory(path.parent)
        engine = ox.Store(str(path))
    shutil.rmtree(copy)  # the old store
    return engine


def _sync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
