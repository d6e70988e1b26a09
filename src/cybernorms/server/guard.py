"""What a query asks of the outside world, read before the engine sees it.

Oxigraph evaluates ``SERVICE <url> { … }`` by sending an HTTP request to ``url``
(SPARQL 1.1 Federated Query), so a public endpoint that passed it on would fetch any
address a visitor names, inside the server's network too. This module finds such
queries and the endpoint refuses them before they reach a query process.

The check is lexical, so that it costs microseconds and cannot disagree with the engine's
parser about where a keyword is: comments, string literals and IRIs are skipped exactly
as the SPARQL 1.1 grammar (§19.8, productions IRIREF, STRING_LITERAL*, PN_LOCAL_ESC)
delimits them, and what remains is searched for the keyword. It errs on the side of
refusing: the text is checked both as written and with ``\\uXXXX`` escapes decoded (the
Recommendation, §19.2, decodes them before parsing; Oxigraph does so only inside strings
and IRIs), and a query refused wrongly only has to drop a word.

``FROM`` and ``FROM NAMED`` never fetch anything in Oxigraph: they pick graphs of the
local dataset. They are found here so that the query runs without the union default
graph (which would otherwise override them) and so that a graph the dataset lacks gets
a clear message instead of an empty answer.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["QueryRefused", "QueryShape", "inspect_query", "unescape_codepoints"]

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# One alternative per lexical unit that can hide a keyword; the order matters only
# where two could start at the same character, and none can.
_PN_CHARS = r"\w\u00B7\u0300-\u036F\u203F-\u2040-"
_UNIT = re.compile(
    rf"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)
        | \"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
        | '(?:[^'\\\n\r]|\\.)*(?:'|$)
        | "(?:[^"\\\n\r]|\\.)*(?:"|$))
    | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][{_PN_CHARS}]+)
    | (?P<pname>(?:[^\W\d_](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:
        (?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?\#@%]
          |\.(?=[{_PN_CHARS}:%\\]))*)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<escape>\\.)
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryRefused(Exception):
    """A query the endpoint will not run, with the HTTP status and the reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryShape:
    """What the guard learnt about a query: its dataset clauses, as IRIs."""

    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    has_dataset_clause: bool = False
    unresolved: tuple[str, ...] = field(default=())


def unescape_codepoints(text: str) -> str:
    """Decode ``\\uXXXX`` and ``\\UXXXXXXXX`` everywhere, as SPARQL 1.1 §19.2 says to."""

    def decode(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _CODEPOINT.sub(decode, text)


def _units(text: str) -> Iterator[tuple[str, str]]:
    """The IRIs and bare words of ``text``, outside comments and strings, in order."""
    for match in _UNIT.finditer(text):
        kind = match.lastgroup
        if kind in ("iri", "pname", "word"):
            yield kind, match.group()


def _refuse_service(text: str) -> None:
    for kind, value in _units(text):
        if kind == "word" and value.upper() == "SERVICE":
            raise QueryRefused(
                400,
                "SERVICE is not allowed: this endpoint answers from its own dataset only and "
                "never sends requests to other endpoints on a query's behalf",
            )
        if kind == "word" and value.upper() == "LOAD":
            raise QueryRefused(403, "LOAD is an update: this endpoint is read-only")


def _dataset_clauses(text: str) -> tuple[list[str], list[str], list[str], bool]:
    """The FROM and FROM NAMED graphs of ``text``, with prefixed names expanded."""
    prefixes: dict[str, str] = {}
    units = list(_units(text))
    default: list[str] = []
    named: list[str] = []
    unresolved: list[str] = []
    seen = False
    i = 0
    while i < len(units):
        kind, value = units[i]
        upper = value.upper() if kind == "word" else ""
        if upper == "PREFIX" and i + 2 < len(units) and units[i + 2][0] == "iri":
            prefixes[units[i + 1][1][:-1]] = units[i + 2][1][1:-1]
            i += 3
            continue
        if upper == "FROM":
            seen = True
            target = named if i + 1 < len(units) and units[i + 1][1].upper() == "NAMED" else default
            j = i + 2 if target is named else i + 1
            if j < len(units):
                iri = _resolve(units[j], prefixes)
                (target if iri else unresolved).append(iri or units[j][1])
            i = j + 1
            continue
        i += 1
    return default, named, unresolved, seen


def _resolve(unit: tuple[str, str], prefixes: dict[str, str]) -> str | None:
    kind, value = unit
    if kind == "iri":
        iri = value[1:-1]
        return iri if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) else None
    prefix, sep, local = value.partition(":")
    if sep and prefix in prefixes and "\\" not in local:
        return prefixes[prefix] + local
    return None


_CACHED_LENGTH = 16_384


def _analyse(query: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]:
    """The lexical checks, which depend on the text alone."""
    decoded = unescape_codepoints(query)
    _refuse_service(query)
    if decoded != query:
        _refuse_service(decoded)
    default, named, unresolved, seen = _dataset_clauses(query)
    return tuple(default), tuple(named), tuple(unresolved), seen


@lru_cache(maxsize=1024)
def _analyse_cached(query: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]:
    """:func:`_analyse` for the texts clients send again and again (named queries, the explorer's)."""
    return _analyse(query)


def inspect_query(query: str, graphs: Collection[str] | None = None) -> QueryShape:
    """Refuse what would reach the network; return the query's dataset clauses.

    Raises :class:`QueryRefused` (400) for ``SERVICE`` and, when ``graphs`` (the names of
    the dataset's graphs) is given, for ``FROM``/``FROM NAMED`` naming a graph the
    dataset does not hold; 403 for ``LOAD``.
    """
    default, named, unresolved, seen = (
        _analyse_cached(query) if len(query) <= _CACHED_LENGTH else _analyse(query)
    )
    if graphs is not None:
        missing = [iri for iri in (*default, *named) if iri not in graphs]
        if missing:
            raise QueryRefused(
                400,
                f"FROM <{missing[0]}>: this dataset has no such graph. FROM and FROM NAMED only "
                "pick graphs of the local dataset (see the service description for their names); "
                "this endpoint never fetches a graph from the web",
            )
    return QueryShape(tuple(default), tuple(named), seen, tuple(unresolved))
