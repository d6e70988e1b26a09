"""Search texts as people type them: terms, phrases, prefixes, operators, and text that is never an error."""

from __future__ import annotations

import pytest

from cybernorms.search import Searcher
from cybernorms.search.syntax import parse

NASTY = [
    'cyber-enabled', "country's", '"unbalanced quote', 'a "b', '""', '"', "AND", "OR OR", "NOT x", "x NOT",
    "x AND AND y", "(critical", "infra)", "label:critical", "^x", "x*y", "*", "**", "NEAR(a b)", "{text}: x",
    "x -y", "x + y", "C++", "é́", "中文", "👍", "x\x00y", "\\", "'; DROP TABLE fts; --", "a" * 5000,
]


def test_words_phrases_prefixes_and_operators() -> None:
    parsed = parse('critical "supply chain" infra* OR backdoors NOT ransomware')
    assert [t.text() for t in parsed.terms] == ["critical", '"supply chain"', "infra*", "backdoors", "ransomware"]
    assert parsed.operators == (None, None, None, "OR", "NOT")
    assert parsed.match() == '"critical" AND "supply chain" AND "infra" * OR "backdoors" NOT "ransomware"'


def test_hyphens_and_apostrophes_join_their_words_as_a_phrase() -> None:
    assert parse("cyber-enabled").terms[0].words == ("cyber", "enabled")
    assert parse("country's").match() == '"country s"'


def test_lowercase_operators_are_words_and_stray_ones_are_dropped() -> None:
    assert [t.text() for t in parse("use of force and aggression").terms] == ["use", "of", "force", "and", "aggression"]
    assert parse("OR critical AND").match() == '"critical"'


@pytest.mark.parametrize("text", NASTY)
def test_no_text_is_a_syntax_error(text: str, curated_searcher: Searcher) -> None:
    parsed = parse(text)
    if parsed.empty:
        return
    # FTS5 accepts what parse wrote: ranked() would give [] on a refused expression, so ask SQLite itself.
    curated_searcher.index.db.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (parsed.match(),)).fetchall()
    relaxed = parsed.relaxed()
    if relaxed:
        curated_searcher.index.db.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (relaxed,)).fetchall()
    curated_searcher.index.search(text, limit=3)
