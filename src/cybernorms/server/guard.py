"""What a query asks of the outside world, read before the engine sees it, in linear time.

Oxigraph evaluates ``SERVICE <url> { … }`` by sending an HTTP request to ``url``
(SPARQL 1.1 Federated Query), so a public endpoint that passed it on would fetch any
address a visitor names, inside the server's network too. This module finds such
queries and the endpoint refuses them before they reach a query process.

The check is lexical: one pass of a tokenizer over the text, in which every pattern is
possessive (``*+``, ``++``: nothing is ever matched twice), so that its cost is linear in
the length of the text whatever its shape. (The pattern it replaces rescanned the rest of
the text at every letter of a run such as ``a.a.a.…``: 62.7 s for 32 KB.) Comments, string
literals and IRIs are skipped exactly as the SPARQL 1.1 grammar (§19.8, productions
IRIREF, STRING_LITERAL*, PNAME_LN, PN_LOCAL_ESC, LANGTAG) delimits them, and the bare
words that remain are compared with the keywords. It errs on the side of refusing: the
text is checked both as written and with ``\\uXXXX`` escapes decoded (the Recommendation,
§19.2, decodes them before parsing; Oxigraph does so only inside strings and IRIs), and a
query refused wrongly only has to drop a word.

``FROM`` and ``FROM NAMED`` never fetch anything in Oxigraph: they pick graphs of the
local dataset. They are read here as the engine reads them (codepoint escapes decoded,
``\\``-escapes of prefixed names' local parts removed, relative IRIs resolved against
``BASE`` as RFC 3986 §5 says), so that the query runs over exactly the graphs they name
and so that a graph the dataset lacks gets a clear
message instead of an empty answer.

The engine parses and evaluates nested groups, expressions and operator chains by
recursion, and a query nested deep enough overflows its stack (measured with pyoxigraph
0.5: 3,000 nested groups, 10,000 ``UNION``s or 1,000 ``OPTIONAL``s end the process with
SIGSEGV). Brackets nested deeper than :data:`MAX_DEPTH` and more than :data:`MAX_CHAIN`
group operators are refused with 400 before any query process sees them.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import multiprocessing
import os
import re
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

__all__ = [
    "MAX_CHAIN",
    "MAX_CLAUSES",
    "MAX_DEPTH",
    "MAX_TEXT",
    "QueryRefused",
    "QueryShape",
    "check_query",
    "deeper_than",
    "inspect_query",
    "unescape_codepoints",
]

MAX_DEPTH = 128
"""Brackets (``{``, ``(``, ``[``) nested deeper than this are refused: far below what the engine survives."""

MAX_CHAIN = 512
"""More ``UNION``, ``OPTIONAL`` and ``MINUS`` than this in one query are refused (each nests the algebra once)."""

MAX_TEXT = 4_000_000
"""The longest text the guard reads (characters); the server's body limit is far below it."""

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_PN = "\\w\u00b7\u0300-\u036f\u203f\u2040\\-"  # PN_CHARS (\w covers PN_CHARS_U and the digits)
# The terminals inside which a keyword is not one, in one alternation matched left to right
# as the grammar's terminals follow each other: comments, strings (their escapes inside
# them), IRIs, and a backslash escape elsewhere (a prefixed name's ``\\#`` starts no
# comment). Every quantifier is possessive, so no character is matched twice; the passes
# over the text run inside the regular expression engine, never a Python step per token.
_SKIPPED = (
    "(?P<comment>#[^\\n\\r]*+)"
    "|(?P<string>'''(?:[^'\\\\]++|\\\\.|'(?!''))*+(?:'''|\\Z)"
    '|"""(?:[^"\\\\]++|\\\\.|"(?!""))*+(?:"""|\\Z)'
    "|'(?:[^'\\\\\\n\\r]++|\\\\.)*+'?"
    '|"(?:[^"\\\\\\n\\r]++|\\\\.)*+"?)'
)
_MASK = re.compile(_SKIPPED + '|<[^<>"{}|^`\\\\\\x00-\\x20]*+>|\\\\[^\\n\\r]?', re.DOTALL)
_SPLIT = re.compile("(?:" + _SKIPPED + ")|(<[^<>\"{}|^`\\\\\\x00-\\x20]*+>|\\\\[^\\n\\r]?)", re.DOTALL)
_NOT_BEFORE = "[" + _PN + ":?$@]"  # a keyword glued to these is part of a name, variable or tag


def _keywords(*words: str) -> re.Pattern[str]:
    """Any of ``words`` (lower case) as a keyword of lower-cased text: literal first, so that the
    search skips ahead in C, with the character before checked by a fixed-width lookbehind."""
    branches = "|".join(f"{w}(?<!{_NOT_BEFORE}{w})" for w in words)
    return re.compile(f"(?P<kw>{branches})(?![{_PN}])")


_EDGE = "(?<!" + _NOT_BEFORE + ")"
_END = "(?![" + _PN + "])"
_REFUSED = _keywords("service", "load")  # other updates are the engine's syntax errors: nothing runs
_CHAIN = _keywords("union", "optional", "minus")
_CLAUSE_WORD = _keywords("from")
_LOCAL = "(?:[" + _PN + ".:]++|%[0-9A-Fa-f]{2}|\\\\[_~.\\-!$&'()*+,;=/?#@%])*+"
_CLAUSE = re.compile(
    _EDGE + "(?:(?P<base>BASE)|(?P<prefix>PREFIX)|FROM(?P<named>\\s++NAMED)?)" + _END + "\\s*+"
    "(?:(?P<label>[" + _PN + ".]*+:)\\s*+(?=<))?"
    "(?P<target><[^>]*+>|[" + _PN + ".]*+:" + _LOCAL + ")?",
    re.IGNORECASE,
)
_NOT_BRACKET = re.compile("[^{}()\\[\\]]++")
_DEEP_RUN = re.compile("[{(\\[]{%d}" % (MAX_DEPTH + 1))
_ONE_KIND = str.maketrans("{[}]", "(())")
_LOCAL_ESCAPE = re.compile("\\\\(.)", re.DOTALL)
_SCHEME = re.compile("[A-Za-z][A-Za-z0-9+.\\-]*+:")

MAX_CLAUSES = 1024
"""More PREFIX, BASE and FROM clauses than this are refused: no query needs them."""


class QueryRefused(Exception):
    """A query the endpoint will not run, with the HTTP status and the reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def __reduce__(self) -> tuple[type[QueryRefused], tuple[int, str]]:
        return (QueryRefused, (self.status, self.message))  # crosses from the checking process


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


def _too_deep(what: str) -> QueryRefused:
    return QueryRefused(
        400,
        f"the query is nested deeper than this endpoint evaluates ({what}); the engine would run out of "
        "stack. Flatten it: fewer nested groups, fewer UNION/OPTIONAL/MINUS in one query (VALUES for lists)",
    )


def deeper_than(brackets: str, limit: int) -> bool:
    """Whether ``{``, ``(`` and ``[`` nest more than ``limit`` deep in ``brackets`` (brackets only).

    Each pass removes every innermost pair (an opener directly followed by its closer), so
    the deepest nesting left falls by one per pass: if a pair is left after ``limit`` passes,
    or more than ``limit`` openers never close, the nesting is deeper. Each pass is one
    ``str.replace`` (no Python step per bracket), and a text that shrinks slowly has a run
    of openers that the pattern before it catches at once.
    """
    text = brackets.translate(_ONE_KIND)
    for _ in range(limit):
        shorter = text.replace("()", "")
        if len(shorter) == len(text):
            return shorter.count("(") > limit
        text = shorter
    return "()" in text or text.count("(") > limit


def _refuse_outside(text: str) -> str:
    """Refuse SERVICE, LOAD and nesting deeper than the engine evaluates; return the words
    outside comments, strings and IRIs, in lower case."""
    words = _MASK.sub(" ", text).lower()
    if (match := _REFUSED.search(words)) is not None:
        keyword = match["kw"].upper()
        if keyword == "SERVICE":
            raise QueryRefused(
                400,
                "SERVICE is not allowed: this endpoint answers from its own dataset only and "
                "never sends requests to other endpoints on a query's behalf",
            )
        raise QueryRefused(403, "LOAD is an update: this endpoint is read-only")
    if len(_CHAIN.findall(words)) > MAX_CHAIN:
        raise _too_deep(f"more than {MAX_CHAIN} UNION, OPTIONAL and MINUS")
    brackets = _NOT_BRACKET.sub("", words)
    if _DEEP_RUN.search(brackets) or (len(brackets) > MAX_DEPTH and deeper_than(brackets, MAX_DEPTH)):
        raise _too_deep(f"more than {MAX_DEPTH} brackets inside each other")
    return words


def _clause_text(text: str) -> str:
    """``text`` with comments and strings replaced by a space; IRIs and escapes kept."""
    pieces = _SPLIT.split(text)
    # re.split gives: text, comment, string, kept, text, …; None for a group that did not match
    out = [piece if piece is not None else "" for piece in pieces]
    for i in range(1, len(out), 4):
        if out[i] or out[i + 1]:
            out[i] = " "
            out[i + 1] = ""
    return "".join(out)


def _dataset_clauses(text: str, words: str) -> tuple[list[str], list[str], list[str], bool]:
    """The FROM and FROM NAMED graphs of ``text`` (``words``: its words, as :func:`_refuse_outside`
    returns them), resolved as the engine resolves them."""
    if not _CLAUSE_WORD.search(words):
        return [], [], [], False
    tokens = _clause_text(text)
    prefixes: dict[str, str] = {}
    base: str | None = None
    default: list[str] = []
    named: list[str] = []
    unresolved: list[str] = []
    seen = False
    for count, match in enumerate(_CLAUSE.finditer(tokens)):
        if count >= MAX_CLAUSES:
            raise QueryRefused(400, f"more than {MAX_CLAUSES} PREFIX, BASE and FROM clauses: no query needs them")
        target = match["target"]
        if match["base"]:
            if target and not match["label"]:
                base = _resolve(target, prefixes, base) or base
        elif match["prefix"]:
            if target and match["label"] and target.startswith("<"):
                iri = _resolve(target, prefixes, base)
                prefixes[match["label"][:-1]] = iri if iri is not None else target[1:-1]
        else:
            seen = True
            into = named if match["named"] else default
            iri = _resolve(target, prefixes, base) if target and not match["label"] else None
            if iri is not None:
                into.append(iri)
            else:
                unresolved.append((match["label"] or "") + (target or ""))
    return default, named, unresolved, seen


def _resolve(token: str, prefixes: dict[str, str], base: str | None) -> str | None:
    """An IRI (``<…>``) or prefixed name as an absolute IRI; ``None`` if it cannot be one."""
    if token.startswith("<"):
        iri = token[1:-1]
    else:
        prefix, _, local = token.partition(":")
        if prefix not in prefixes:
            return None
        iri = prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
    if _SCHEME.match(iri):
        return iri
    if base is not None and _SCHEME.match(base):
        return urljoin(base, iri)
    return None


_CACHED_LENGTH = 16_384


def _analyse(query: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]:
    """The lexical checks, which depend on the text alone."""
    if len(query) > MAX_TEXT:
        raise QueryRefused(413, f"the query is longer than this endpoint reads ({MAX_TEXT:,} characters)")
    decoded = unescape_codepoints(query) if "\\" in query else query
    words = _refuse_outside(query)
    if decoded != query:
        words = _refuse_outside(decoded)
    default, named, unresolved, seen = _dataset_clauses(decoded, words)
    return tuple(default), tuple(named), tuple(unresolved), seen


@lru_cache(maxsize=1024)
def _analyse_cached(query: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]:
    """:func:`_analyse` for the texts clients send again and again (named queries, the explorer's)."""
    return _analyse(query)


def inspect_query(query: str, graphs: Collection[str] | None = None) -> QueryShape:
    """Refuse what would reach the network or the engine's limits; return the query's dataset clauses.

    Raises :class:`QueryRefused`: 400 for ``SERVICE``, for nesting past :data:`MAX_DEPTH`
    or :data:`MAX_CHAIN` and, when ``graphs`` (the names of the dataset's graphs) is given,
    for ``FROM``/``FROM NAMED`` naming a graph the dataset does not hold; 403 for ``LOAD``;
    413 past :data:`MAX_TEXT`. Time linear in ``len(query)``.
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


_INLINE_LENGTH = 4_096  # shorter texts are checked at once: well under a millisecond
_REPEAT_DELAY = 1.0  # seconds a text refused before waits for its refusal again
_REFUSED_TEXTS: OrderedDict[bytes, QueryRefused] = OrderedDict()
_checks: ProcessPoolExecutor | None = None


def _lower_priority() -> None:
    """In the checking process: below the server's priority, so that a flood of long texts
    takes CPU from nothing else (nice 10)."""
    with contextlib.suppress(OSError):
        os.nice(10)


def _checker() -> ProcessPoolExecutor:
    global _checks
    if _checks is None:
        _checks = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                      initializer=_lower_priority)
    return _checks


async def check_query(query: str, graphs: Collection[str] | None = None) -> QueryShape:
    """:func:`inspect_query` as the server runs it: long texts in a process of their own.

    A text past 4 KB is checked in a separate process at a lower priority: the check holds
    Python's global lock while it runs (about 0.1 s a megabyte), so on a thread it would
    still stall the event loop under a flood of long queries. A text refused once is
    refused again only after :data:`_REPEAT_DELAY` seconds, so that a client repeating it
    in a loop gets one answer a second and costs next to nothing.
    """
    digest = hashlib.blake2b(query.encode("utf-8", "surrogatepass"), digest_size=16).digest() \
        if len(query) > _INLINE_LENGTH else None
    if digest is not None and (refused := _REFUSED_TEXTS.get(digest)) is not None:
        await asyncio.sleep(_REPEAT_DELAY)
        raise QueryRefused(refused.status, refused.message)
    try:
        if digest is None:
            return inspect_query(query, graphs)
        loop = asyncio.get_running_loop()
        known = None if graphs is None else frozenset(graphs)
        try:
            return await loop.run_in_executor(_checker(), inspect_query, query, known)
        except BrokenProcessPool:  # the checking process died: a new one, once
            global _checks
            _checks = None
            return await loop.run_in_executor(_checker(), inspect_query, query, known)
    except QueryRefused as refused:
        if digest is not None:
            _REFUSED_TEXTS[digest] = refused
            while len(_REFUSED_TEXTS) > 1024:
                _REFUSED_TEXTS.popitem(last=False)
        raise
