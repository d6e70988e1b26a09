"""The search index: every :class:`~cybernorms.search.extract.Entry` in an in-memory SQLite FTS5 table,
ranked by bm25 with field weights, and what a search gives back (hits with snippets and reasons, facets).

Columns and their bm25 weights (:data:`WEIGHTS`): a thing's label and its text weigh most, the other
names it is known by (notation, short name, symbol, other languages' names, synonyms, the category)
as much as its text, a norm's themes (label and synonyms, :mod:`cybernorms.search.extract`) and its
document's title less. So a norm is found by its theme's words even when its own text lacks them, below
the norms whose text has them. Recency breaks ties only: of two equal scores, the later dated first.

Every word must match (in any column); when that finds fewer than :data:`RELAX_BELOW` things and the
text is plain words, the things matching only some of its words follow, marked so
(:meth:`cybernorms.search.syntax.Parsed.relaxed`). Each hit says why it matched: the words or phrases
found in its label or text, the themes whose words matched, its document's title.

Snippets mark matched words with :data:`MARK_OPEN` and :data:`MARK_CLOSE` (private-use characters that
no text contains), so that a page escapes the text first and then turns the marks into ``<mark>``.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cybernorms.errors import UsageError
from cybernorms.search.extract import Entry
from cybernorms.search.facets import FACETS, FacetCount, count_facets, facet_key, facet_label, keep
from cybernorms.search.fts import TOKENIZER, connect
from cybernorms.search.syntax import STOPWORDS, Parsed, parse

__all__ = ["COLUMNS", "MARK_CLOSE", "MARK_OPEN", "RELAX_BELOW", "WEIGHTS", "Hit", "SearchIndex", "SearchResult", "marked_spans"]

#: The indexed columns, in table order.
COLUMNS: tuple[str, ...] = ("label", "text", "also", "themes", "document")
#: bm25 weight of each column (label and text above themes and document titles).
WEIGHTS: tuple[float, ...] = (10.0, 4.0, 4.0, 2.0, 1.0)
#: Below this many hits of every word together, hits of some of the words follow.
RELAX_BELOW = 10
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_SNIPPET_WORDS = 24
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: At most this many whole words stand for one prefix.
MAX_EXPANSION = 64
_THEME_SEPARATOR = "\n"


@dataclass(frozen=True)
class Hit:
    """One thing found: the entry, its score (higher is better), a snippet and why it matched."""

    entry: Entry
    score: float
    snippet: str
    reasons: tuple[str, ...]
    all_words: bool = True

    def plain_snippet(self, open_mark: str = "", close_mark: str = "") -> str:
        """The snippet with its marks replaced (removed by default)."""
        return self.snippet.replace(MARK_OPEN, open_mark).replace(MARK_CLOSE, close_mark)


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, how many there are in all, and every facet's values with counts."""

    text: str
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetCount]]
    filters: Mapping[str, str] = field(default_factory=dict)
    relaxed: bool = False


def _rank_sql(match_where: str) -> str:
    weights = ", ".join(str(w) for w in WEIGHTS)
    return (f"SELECT fts.rowid, bm25(fts, {weights}) AS score FROM fts JOIN recency ON recency.id = fts.rowid "
            f"WHERE {match_where} ORDER BY round(score, 9), recency.r")


class SearchIndex:
    """The searchable entries of one dataset, in an in-memory FTS5 table."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries: list[Entry] = list(entries)
        self.by_iri: dict[str, int] = {e.iri: i for i, e in enumerate(self.entries)}
        self.db: sqlite3.Connection = connect()
        self.db.execute(f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(COLUMNS)}, tokenize='{TOKENIZER}')")
        self.db.executemany(
            "INSERT INTO fts (rowid, label, text, also, themes, document) VALUES (?, ?, ?, ?, ?, ?)",
            ((i, e.label, e.text, " ; ".join(e.also), _THEME_SEPARATOR.join(t.line() for t in e.themes),
              e.document_words) for i, e in enumerate(self.entries)),
        )
        self.db.commit()
        self.vocabulary: list[str] = sorted({
            w.lower() for e in self.entries
            for w in _WORD.findall(" ".join((e.label, e.text, *e.also, *(t.line() for t in e.themes))))
        })
        self.known: dict[str, dict[str, str]] = {facet: {} for facet in FACETS}
        self.keys: dict[str, list[str | None]] = {facet: [] for facet in FACETS}
        for entry in self.entries:
            for facet in FACETS:
                key = facet_key(entry, facet)
                self.keys[facet].append(key)
                if key is not None:
                    self.known[facet].setdefault(key, facet_label(entry, facet))
        # Recency, for ties: 0 for the latest date, undated last.
        dates = sorted({e.date for e in self.entries if e.date}, reverse=True)
        order = {date: n for n, date in enumerate(dates)}
        self.db.execute("CREATE TABLE recency (id INTEGER PRIMARY KEY, r INTEGER)")
        self.db.executemany("INSERT INTO recency VALUES (?, ?)",
                            ((i, order.get(e.date, len(dates))) for i, e in enumerate(self.entries)))
        self.db.commit()

    def __len__(self) -> int:
        return len(self.entries)

    def close(self) -> None:
        self.db.close()

    # -- matching --

    def expand(self, prefix: str) -> list[str]:
        """The whole words of the indexed texts that start with ``prefix`` (at most :data:`MAX_EXPANSION`)."""
        start = prefix.lower()
        at = bisect.bisect_left(self.vocabulary, start)
        found: list[str] = []
        while at < len(self.vocabulary) and self.vocabulary[at].startswith(start) and len(found) < MAX_EXPANSION:
            found.append(self.vocabulary[at])
            at += 1
        return found

    def ranked(self, match: str, *, where: str = "", params: Sequence[object] = ()) -> list[tuple[int, float]]:
        """``(row, bm25)`` of every entry the FTS5 expression matches, best first, later dates first on ties.

        An expression FTS5 refuses (which :func:`~cybernorms.search.syntax.parse` never writes) matches nothing.
        """
        sql = _rank_sql("fts MATCH ?" + (f" AND {where}" if where else ""))
        try:
            return self.db.execute(sql, (match, *params)).fetchall()
        except sqlite3.OperationalError:
            return []

    def search(self, text: str, filters: Mapping[str, str] | None = None, *, limit: int = 20,
               offset: int = 0) -> SearchResult:
        """The hits of ``text`` (see :mod:`cybernorms.search.syntax`) under ``filters`` (index keys)."""
        parsed = parse(text)
        if parsed.empty:
            raise UsageError("the search text has no words: give one or more words, a \"quoted phrase\" "
                             "or a prefix* (see docs/search.md)")
        if limit < 1:
            raise UsageError(f"--limit must be 1 or more, got {limit}")
        chosen = dict(filters or {})
        strict = self.ranked(parsed.match(self.expand))
        rows = [i for i, _ in strict]
        scores = dict(strict)
        whole = len(rows)  # rows[:whole] matched every term
        shown = keep(self.keys, rows, chosen)
        loose = parsed.relaxed(self.expand) if parsed.plain else None
        if len(shown) < RELAX_BELOW and loose is not None:
            seen = set(rows)
            extra = [(i, s) for i, s in self.ranked(loose) if i not in seen]
            rows += [i for i, _ in extra]
            scores.update(extra)
            shown = keep(self.keys, rows, chosen)
        facets = count_facets(self.keys, self.known, rows, chosen)
        strict_rows = set(rows[:whole])
        page = [self._hit(i, scores[i], parsed, parsed.match(self.expand) if i in strict_rows else loose,
                          i in strict_rows)
                for i in shown[offset:offset + limit]]
        return SearchResult(text, page, len(shown), facets, chosen, len(rows) > whole)

    # -- explaining a hit --

    def highlights(self, row: int, match: str) -> list[str]:
        """Every column of one row with the words ``match`` matched marked."""
        columns = ", ".join(f"highlight(fts, {n}, '{MARK_OPEN}', '{MARK_CLOSE}')" for n in range(len(COLUMNS)))
        try:
            found = self.db.execute(f"SELECT {columns} FROM fts WHERE fts MATCH ? AND rowid = ?",
                                    (match, row)).fetchone()
        except sqlite3.OperationalError:
            found = None
        if found is None:
            e = self.entries[row]
            return [e.label, e.text, "", "", ""]
        return [str(c or "") for c in found]

    def snippet(self, row: int, match: str, column: int) -> str:
        """Up to :data:`_SNIPPET_WORDS` words of one column around what ``match`` matched."""
        try:
            found = self.db.execute(
                f"SELECT snippet(fts, ?, '{MARK_OPEN}', '{MARK_CLOSE}', '…', {_SNIPPET_WORDS}) "
                "FROM fts WHERE fts MATCH ? AND rowid = ?", (column, match, row)).fetchone()
        except sqlite3.OperationalError:
            found = None
        return str(found[0]) if found and found[0] else ""

    def _hit(self, row: int, score: float, parsed: Parsed, match: str | None, whole: bool) -> Hit:
        entry = self.entries[row]
        match = match or parsed.match(self.expand)
        marked = self.highlights(row, match)
        reasons = _reasons(marked, entry)
        text_column = COLUMNS.index("text")
        if MARK_OPEN in marked[text_column]:
            snippet = self.snippet(row, match, text_column)
        else:
            snippet = _head(entry.text) if entry.text else ""
            for name in ("also", "themes", "document"):
                if not snippet and MARK_OPEN in marked[COLUMNS.index(name)]:
                    snippet = self.snippet(row, match, COLUMNS.index(name))
        if not whole:
            reasons = ("some of the words", *reasons)
        return Hit(entry, round(-score, 4), snippet, tuple(reasons), whole)


def _head(text: str) -> str:
    words = text.split()
    return " ".join(words[:_SNIPPET_WORDS]) + ("…" if len(words) > _SNIPPET_WORDS else "")


def marked_spans(marked: str) -> list[str]:
    """The marked spans of a highlighted column, lowercased, in order, without repeats."""
    spans: list[str] = []
    rest = marked
    while MARK_OPEN in rest:
        _, _, after = rest.partition(MARK_OPEN)
        span, _, rest = after.partition(MARK_CLOSE)
        span = " ".join(span.split()).lower()
        if span and span not in spans:
            spans.append(span)
    return spans


def _reasons(marked: Sequence[str], entry: Entry) -> tuple[str, ...]:
    """Why an entry matched: phrases and words in its own fields, themes, its document."""
    own = [s for name in ("label", "text", "also") for s in marked_spans(marked[COLUMNS.index(name)])]
    reasons: list[str] = []
    phrases = [s for s in dict.fromkeys(own) if " " in s]
    words = [s for s in dict.fromkeys(own) if " " not in s and s not in STOPWORDS]
    if phrases:
        reasons.append("phrase: " + ", ".join(f'"{p}"' for p in phrases))
    if words:
        reasons.append("words: " + ", ".join(words))
    theme_lines = marked[COLUMNS.index("themes")].split(_THEME_SEPARATOR)
    themes = [t.label for t, line in zip(entry.themes, theme_lines, strict=False) if MARK_OPEN in line]
    if themes:
        reasons.append("theme: " + ", ".join(themes))
    if MARK_OPEN in marked[COLUMNS.index("document")]:
        reasons.append("document: " + entry.document_label)
    return tuple(reasons)
