"""The landscape as it stood on a date: ``as_of(store, date)``.

Issue 9, item 5: every query and view can show the graph as of a day, such as 2015-12-31 (the
EWI report's landscape) or today (with the GCSC, the Paris Call and the UN processes since).
:func:`as_of` returns a **new** in-memory store; the store it is given is only read.

What is left out, and why:

* a resource whose ``dcterms:date`` is after the day: a document not yet published, an event
  that had not happened, an endorsement not yet given, a forum not yet launched (the curated
  data dates a forum by its launch). A resource with several dates (sources that disagree)
  stood from the earliest one;
* an ``org:Membership`` whose period (``org:memberDuring``) begins after the day;
* for a curated resource, only the curated data's dates and links count: a partner cannot date
  or link a curated resource away (``docs/exchange.md``, "The trust boundary"); a partner's own
  resources (a supporter's endorsement) follow the partner's dates and links;
* what depends on a resource left out, until nothing more changes: a norm stated in a dropped
  document (:data:`DEPENDS_ON`: ``cn:statedIn``), a document presented in a dropped forum or
  event, an alignment touching a dropped norm, a membership of a dropped organisation or member,
  an endorsement by or of a dropped resource, an evaluation of a dropped forum, a statement
  about a dropped resource, an event part of a dropped forum;
* every triple, in any graph but the ontology and provenance graphs, whose subject or object is a
  resource left out (so ``proposed-forum/ewi-2015 cn:realizedBy forum/gcsc`` goes, the
  proposed forum stays); the provenance of a claim graph that is left empty.

Undated things stay: an actor, a forum or a document without a date is taken to have stood
all along. Dates are compared as stored: a year or month the source gives is stored as its
first day (``cn:datePrecision`` says which), so "2017" counts from 2017-01-01. Sources are not
dated away: a fact stays as of a day before the source that reports it was published (the
report of December 2015 still tells what happened in 2011).

The CLI applies it with ``cybernorms query NAME --as-of 2015-12-31``; a view applies it the
same way, to the store it has opened, before it runs its queries::

    from cybernorms.graph.as_of import as_of
    store = as_of(open_dataset().store, "2015-12-31")
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cybernorms.errors import UsageError
from cybernorms.namespaces import CLAIM_GRAPH_PREFIX, CN, ONTOLOGY_GRAPH, PREFIXES, PROVENANCE_GRAPH, is_curated_graph

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import OxigraphStore, Store

__all__ = ["DEPENDS_ON", "as_of", "dropped_resources", "parse_day"]

_ORG = PREFIXES["org"]
_KEPT_GRAPHS = frozenset({ONTOLOGY_GRAPH, PROVENANCE_GRAPH})

#: The links by which a resource depends on another: if the object is left out, so is the subject.
DEPENDS_ON: frozenset[str] = frozenset({
    CN + "statedIn",
    CN + "presentedIn",
    CN + "fromNorm",
    CN + "toNorm",
    CN + "endorser",
    CN + "endorsed",
    CN + "evaluatedForum",
    CN + "about",
    CN + "partOf",
    _ORG + "organization",
    _ORG + "member",
})

_STARTS = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT ?x (MIN(STR(?when)) AS ?start) WHERE {
  { ?x dcterms:date ?when }
  UNION
  { ?x a org:Membership ; org:memberDuring/time:hasBeginning/time:inXSDDate ?when }
}
GROUP BY ?x
"""


def parse_day(day: _dt.date | str) -> _dt.date:
    """``day`` as a date: a ``datetime.date`` as is, or text ``YYYY-MM-DD``."""
    if isinstance(day, _dt.datetime):
        return day.date()
    if isinstance(day, _dt.date):
        return day
    try:
        return _dt.date.fromisoformat(str(day).strip())
    except ValueError:
        raise UsageError(f"--as-of takes a day as YYYY-MM-DD, got {day!r}") from None


def as_of(store: Store, day: _dt.date | str) -> OxigraphStore:
    """A new in-memory store with what stood on ``day``; ``store`` is left as it was."""
    from cybernorms.graph.store.embedded import OxigraphStore

    quads = list(store.quads())
    dropped = dropped_resources(store, parse_day(day), quads)
    result = OxigraphStore.memory()
    result.add_quads(_kept(quads, dropped))
    return result


def dropped_resources(store: Store, day: _dt.date, quads: Iterable[ox.Quad] | None = None) -> set[str]:
    """The IRIs of the resources that did not yet stand on ``day`` (see the module's rules).

    The curated data alone decides for a curated resource: a partner's date or link (``doc:coc
    cn:presentedIn forum:gcsc``) never drops one. A partner's dates and links decide only for the
    resources the curated data does not describe (a partner's own endorsements).
    """
    every = list(store.quads()) if quads is None else list(quads)
    curated = [quad for quad in every if is_curated_graph(_graph(quad))]
    known = {_iri(quad.subject) for quad in curated}
    starts = _starts(store)
    try:
        partner_starts = {iri: start for iri, start in _starts(store, partners=True).items() if iri not in known}
    except UsageError:  # a store that cannot read the partner graphs with the curated facts
        partner_starts = {}
    dropped = {iri for iri, start in {**partner_starts, **starts}.items() if start > day}
    dependencies = dict(_dependencies(curated))
    for subject, objects in _dependencies(q for q in every if not is_curated_graph(_graph(q))).items():
        if subject not in known:
            dependencies.setdefault(subject, set()).update(objects)
    changed = True
    while changed:
        changed = False
        for subject, objects in dependencies.items():
            if subject not in dropped and not objects.isdisjoint(dropped):
                dropped.add(subject)
                changed = True
    return dropped


def _starts(store: Store, *, partners: bool = False) -> dict[str, _dt.date]:
    """Each dated resource's earliest date (documents, events, endorsements, forums, memberships); the
    curated dates, or (``partners``) the curated and the partners' together."""
    starts: dict[str, _dt.date] = {}
    for subject, start in store.query(_STARTS, partners=partners).rows:
        day = _leading_day(start.value if isinstance(start, ox.Literal) else "")
        iri = _iri(subject)
        if iri and day is not None:
            starts[iri] = day
    return starts


def _leading_day(text: str) -> _dt.date | None:
    """The day a date literal begins with (xsd:date or xsd:dateTime), or None if it has none."""
    match = re.match(r"(\d{4}-\d{2}-\d{2})", text)
    if not match:
        return None
    try:
        return _dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _dependencies(quads: Iterable[ox.Quad]) -> Mapping[str, set[str]]:
    """For each subject, the resources it depends on by a :data:`DEPENDS_ON` link."""
    links: dict[str, set[str]] = {}
    for quad in quads:
        subject, target = _iri(quad.subject), _iri(quad.object)
        if subject and target and quad.predicate.value in DEPENDS_ON and _graph(quad) not in _KEPT_GRAPHS:
            links.setdefault(subject, set()).add(target)
    return links


def _kept(quads: list[ox.Quad], dropped: set[str]) -> list[ox.Quad]:
    """The quads that mention no dropped resource, and the provenance of the claim graphs left."""
    data = [
        quad for quad in quads
        if _graph(quad) in _KEPT_GRAPHS or (_iri(quad.subject) not in dropped and _iri(quad.object) not in dropped)
    ]
    live = {_graph(quad) for quad in data if _graph(quad) not in _KEPT_GRAPHS}
    return [
        quad for quad in data
        if _graph(quad) != PROVENANCE_GRAPH or not _is_claim_graph(_iri(quad.subject)) or _iri(quad.subject) in live
    ]


def _graph(quad: ox.Quad) -> str:
    return getattr(quad.graph_name, "value", "")


def _iri(term: object) -> str:
    """The IRI of a named node; an empty string for a literal, a blank node or a quoted triple."""
    return term.value if isinstance(term, ox.NamedNode) else ""


def _is_claim_graph(iri: str) -> bool:
    return iri.startswith(CLAIM_GRAPH_PREFIX)
