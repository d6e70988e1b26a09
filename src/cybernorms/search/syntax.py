"""A search text as people type it, read into an FTS5 query that cannot be a syntax error.

What a reader may type (docs/search.md):

* words, in any order: every word must be found (in any field), ``cyber weapons``;
* ``"a quoted phrase"``: the words next to each other, in that order;
* ``prefix*``: any word that starts so (``infra*``);
* ``AND``, ``OR``, ``NOT`` in capitals between terms (``NOT`` excludes what follows it); in any other
  case they are words;
* anything else is read as words: hyphens and apostrophes (``cyber-enabled``, ``country's``) join their
  words into a phrase, as the tokenizer splits them; brackets, colons, stray operators and an unbalanced
  quote are ignored.

:func:`parse` returns a :class:`Parsed` whose :meth:`~Parsed.match` is the FTS5 expression, every term
written as a quoted FTS5 string (https://www.sqlite.org/fts5.html#full_text_query_syntax), so that no
character of the text can reach FTS5 as syntax. :meth:`~Parsed.relaxed` is the same terms joined by
``OR`` without the commonest English words: what the search falls back to when every word together
finds too little and the text has no operator (an explicit ``AND``, ``OR`` or ``NOT`` is taken as
written).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["STOPWORDS", "Expand", "Parsed", "Term", "parse"]

#: Words too common to find anything by themselves, left out of the relaxed query only.
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its no not of on or that the their "
    "them they this to was were which will with".split()
)
#: The whole words of the indexed texts that start with a prefix.
Expand = Callable[[str], list[str]]
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class Term:
    """One term of a search: its words, whether a phrase, whether a prefix."""

    words: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False

    def fts(self, expand: Expand | None = None) -> str:
        """The term as an FTS5 string (a phrase when it has several words), ``*`` for a prefix.

        The index stems its words (porter), so a prefix such as ``vulnerab*`` would miss the stem
        ``vulner``: ``expand`` gives the whole words of the texts that start with the prefix, and the
        term matches any of them as well.
        """
        quoted = '"' + " ".join(self.words).replace('"', '""') + '"'
        if not self.prefix:
            return quoted
        whole = expand(self.words[0]) if expand is not None else []
        if not whole:
            return quoted + " *"
        return "(" + " OR ".join([quoted + " *", *('"' + w.replace('"', '""') + '"' for w in whole)]) + ")"

    def text(self) -> str:
        """The term as a reader would write it."""
        joined = " ".join(self.words)
        if self.phrase or len(self.words) > 1:
            return f'"{joined}"'
        return joined + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Parsed:
    """A parsed search text: terms and the operators between them (``None`` for an implicit AND)."""

    terms: tuple[Term, ...]
    operators: tuple[str | None, ...]  # operators[i] stands before terms[i]; operators[0] is None

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def plain(self) -> bool:
        """Whether the text was words only (no ``AND``, ``OR`` or ``NOT``): then it may be relaxed."""
        return all(op is None for op in self.operators)

    def match(self, expand: Expand | None = None) -> str:
        """The FTS5 expression of the text as typed (prefixes expanded with ``expand``, see :meth:`Term.fts`)."""
        parts: list[str] = []
        for op, term in zip(self.operators, self.terms, strict=True):
            if parts:
                parts.append(op or "AND")
            parts.append(term.fts(expand))
        return " ".join(parts)

    def relaxed(self, expand: Expand | None = None) -> str | None:
        """Any one of the terms (stopwords left out), or ``None`` when that is no different."""
        kept = [t for t in self.terms if t.phrase or len(t.words) > 1 or t.words[0].lower() not in STOPWORDS]
        if len(kept) < 2 and len(self.terms) < 2:
            return None
        if not kept:
            return None
        return " OR ".join(t.fts(expand) for t in kept)

    def words(self) -> list[str]:
        """Every word of the terms, lowercased, for explaining a match."""
        return [w.lower() for t in self.terms for w in t.words]


def _term(raw: str, phrase: bool) -> Term | None:
    prefix = not phrase and raw.endswith("*")
    words = tuple(_WORD.findall(raw))
    if not words:
        return None
    return Term(words, phrase=phrase or len(words) > 1, prefix=prefix and len(words) == 1)


def parse(text: str) -> Parsed:
    """Read a search text into terms and operators; never raises."""
    balanced = text if text.count('"') % 2 == 0 else text.replace('"', " ")
    terms: list[Term] = []
    operators: list[str | None] = []
    pending: str | None = None
    for match in _TOKEN.finditer(balanced):
        quoted, bare = match.group(1), match.group(2)
        if bare is not None and bare in _OPERATORS:
            pending = bare if terms else None  # an operator before any term is dropped
            continue
        term = _term(quoted if quoted is not None else bare, phrase=quoted is not None)
        if term is None:
            continue
        operators.append(pending if terms else None)
        terms.append(term)
        pending = None
    return Parsed(tuple(terms), tuple(operators))
