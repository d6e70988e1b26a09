"""Whether two engines give the same answer to a query: the rows compared as a user reads them.

Used by ``cybernorms verify`` (a partner's engine against the embedded graph) and by the
tests that run every named query on real servers. Two answers are the same when they have
the same variables and the same rows, where:

* a blank node is any blank node (engines name them as they like);
* a ``GROUP_CONCAT`` cell is the same set of parts (SPARQL leaves their order to the engine);
* rows are compared in order when the query has ``ORDER BY`` (every named query's order is
  total, ties broken by an IRI), and as a multiset otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import QueryResult, Store

__all__ = ["Difference", "Verdict", "comparable_rows", "difference", "verify"]

_CONCAT = re.compile(
    r'GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?\?\w+\s*;\s*separator\s*=\s*"([^"]*)"\s*\)\s+AS\s+\?(\w+)', re.IGNORECASE
)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)

Row = tuple[str, ...]


@dataclass(frozen=True)
class Difference:
    """How an answer differs from the expected one, in a line a user can act on."""

    summary: str
    missing: tuple[Row, ...] = ()
    extra: tuple[Row, ...] = ()


def comparable_rows(result: QueryResult, text: str) -> list[Row]:
    """The rows of a SELECT as N-Triples cells, blank nodes unnamed and GROUP_CONCAT parts sorted."""
    import pyoxigraph as ox

    separators = {m[2]: m[1] for m in _CONCAT.finditer(text)}
    rows: list[Row] = []
    for row in result.rows:
        cells = []
        for name, term in zip(result.variables, row, strict=True):
            if isinstance(term, ox.BlankNode):
                cells.append("_:b")
            elif isinstance(term, ox.Literal) and separators.get(name):
                cells.append(separators[name].join(sorted(term.value.split(separators[name]))))
            else:
                cells.append("" if term is None else str(term))
        rows.append(tuple(cells))
    return rows


def difference(expected: QueryResult, actual: QueryResult, text: str) -> Difference | None:
    """None when ``actual`` is the same answer as ``expected`` to the query ``text``; how it differs otherwise."""
    if expected.kind != actual.kind:
        return Difference(f"a {actual.kind} answer where a {expected.kind} answer was expected")
    if expected.kind == "ask":
        return None if expected.boolean == actual.boolean else Difference(f"{actual.boolean} instead of {expected.boolean}")
    if expected.kind == "graph":
        return _graph_difference(expected, actual)
    if expected.variables != actual.variables:
        return Difference(f"variables {list(actual.variables)} instead of {list(expected.variables)}")
    want, got = comparable_rows(expected, text), comparable_rows(actual, text)
    missing = Counter(want) - Counter(got)
    extra = Counter(got) - Counter(want)
    if missing or extra:
        return Difference(
            f"{sum(missing.values())} row(s) missing, {sum(extra.values())} extra (of {len(want)})",
            tuple(missing.elements()), tuple(extra.elements()),
        )
    if _ORDER_BY.search(text) and want != got:
        first = next(i for i, (a, b) in enumerate(zip(want, got, strict=True)) if a != b)
        return Difference(f"the same rows in another order (from row {first + 1})")
    return None


def _graph_difference(expected: QueryResult, actual: QueryResult) -> Difference | None:
    def key(triples: object) -> Counter[str]:
        import pyoxigraph as ox

        out: Counter[str] = Counter()
        for t in triples:  # type: ignore[attr-defined]
            cells = ["_:b" if isinstance(x, ox.BlankNode) else str(x) for x in (t.subject, t.predicate, t.object)]
            out[" ".join(cells)] += 1
        return out

    want, got = key(expected.triples), key(actual.triples)
    if want == got:
        return None
    missing, extra = want - got, got - want
    return Difference(f"{sum(missing.values())} triple(s) missing, {sum(extra.values())} extra (of {sum(want.values())})")


@dataclass(frozen=True)
class Verdict:
    """What one named query gave on a store against the reference: ``same``, ``differs`` or ``error``."""

    query: str
    status: str
    detail: str = ""
    seconds: float = 0.0


def verify(
    reference: Store,
    target: Store,
    names: list[str] | None = None,
    *,
    timeout: float | None = None,
    progress: Callable[[Verdict], None] | None = None,
) -> list[Verdict]:
    """Run every named query (or those in ``names``) with its default parameters on both stores and compare."""
    import time

    from cybernorms.errors import CybernormsError
    from cybernorms.queries.library import library
    from cybernorms.queries.run import prepare, run_with_timeout

    verdicts = []
    for name in names or sorted(library()):
        prepared = prepare(name)
        expected = run_with_timeout(reference, prepared, timeout)
        started = time.perf_counter()
        try:
            actual = run_with_timeout(target, prepared, timeout)
        except CybernormsError as error:
            verdict = Verdict(name, "error", str(error), time.perf_counter() - started)
        else:
            elapsed = time.perf_counter() - started
            found = difference(expected, actual, prepared.text)
            verdict = Verdict(name, "same", "", elapsed) if found is None else Verdict(name, "differs", _explain(found), elapsed)
        verdicts.append(verdict)
        if progress is not None:
            progress(verdict)
    return verdicts


def _explain(found: Difference) -> str:
    examples = [("missing", row) for row in found.missing[:1]] + [("extra", row) for row in found.extra[:1]]
    shown = "; ".join(f"{kind}: {' | '.join(cell[:60] for cell in row)}" for kind, row in examples)
    return found.summary + (f" ({shown})" if shown else "")
