"""SQLite FTS5, the full-text engine of the search: the check that it is there, and an index in memory.

FTS5 ships with the SQLite that CPython links on every platform it releases for, but a Python built
against an SQLite compiled without ``SQLITE_ENABLE_FTS5`` lacks it; :func:`connect` says so in one line
instead of failing on the first ``CREATE VIRTUAL TABLE``. The tokenizer is ``porter unicode61`` with
diacritics removed (https://www.sqlite.org/fts5.html#tokenizers): words are stemmed ("norms" finds
"norm"), case and accents are folded, and hyphens and apostrophes separate words.
"""

from __future__ import annotations

import sqlite3

from cybernorms.errors import UsageError

__all__ = ["TOKENIZER", "connect", "has_fts5"]

#: The tokenizer of every indexed column.
TOKENIZER = "porter unicode61 remove_diacritics 2"


def has_fts5() -> bool:
    """Whether this Python's SQLite has the FTS5 extension."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
    return True


def connect() -> sqlite3.Connection:
    """A new in-memory SQLite database, after checking that it has FTS5."""
    if not has_fts5():
        raise UsageError(
            f"search needs SQLite's FTS5 extension, which this Python's SQLite {sqlite3.sqlite_version} "
            "lacks: use a Python whose sqlite3 module is built with FTS5 (python.org and most Linux "
            "distributions' builds are)"
        )
    return sqlite3.connect(":memory:", check_same_thread=False)
