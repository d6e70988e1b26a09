"""The part of the store a neighbourhood view needs, found link by link from its focus.

The neighbourhood of depth ``d`` (:func:`cybernorms.viz.projection.neighbourhood`) folds the
large groups of supporters of the whole graph before it reaches out, so it seems to need the
whole landscape. It does not: whether a supporter within ``d`` links of the focus is folded
depends on its own links (ends within ``d + 1``) and on how many supporters its target has
(the target within ``d + 1``, its supporters within ``d + 2``). The entities within ``d + 2``
links of the focus, with every link between them, therefore give the same view as the
whole graph; and a larger region gives it too. :func:`region` finds such a region with one
query per step out, and :func:`load_region` reads it, so a neighbourhood of a graph of a
million triples is drawn from the few thousand it touches.

A step follows every property between two entities in either direction (a superset of the
views' links), and crosses an n-ary record (a membership, an endorsement, an evaluation, an
alignment) from one of its ends to the others in the same step, as the landscape's links do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from cybernorms.namespaces import CN, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from cybernorms.viz.landscape import RECORD_CLASSES, RECORD_ENDS, Landscape, load_landscape, sparql_iris
from cybernorms.viz.projection import focus_candidates, unknown_focus

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = ["load_region", "region", "resolve_in_store"]

#: The steps beyond the depth that the folding of supporters looks (see the module's text).
MARGIN = 2

_ORG = PREFIXES["org"]
_TIME = PREFIXES["time"]


def resolve_in_store(store: Store, focus: str) -> str:
    """The IRI of ``focus`` (a full IRI, a CURIE such as ``forum:g20``, or an id such as ``forum/g20``)."""
    for iri in focus_candidates(focus):
        if _exists(store, iri):
            return iri
    raise unknown_focus(focus, _entity_iris(store))


def region(store: Store, centre: str, steps: int) -> tuple[set[str], set[str]]:
    """The entities within ``steps`` links of ``centre``, and the n-ary records met on the way.

    A record is crossed from one of its ends to the others in the same step, never stepped
    from; the records with an end within ``steps - 1`` links are all among those met.
    """
    found = {centre}
    frontier = {centre}
    records: set[str] = set()
    for _ in range(steps):
        if not frontier:
            break
        reached, met = _step(store, frontier)
        records |= met
        frontier = reached - found - met
        found |= frontier
    return found, records


def load_region(store: Store, focus: str, depth: int) -> Landscape:
    """The landscape of the region a neighbourhood of ``depth`` around ``focus`` is drawn from."""
    centre = resolve_in_store(store, focus)
    entities, records = region(store, centre, depth + MARGIN)
    return load_landscape(store, entities=entities | records | _record_parts(store, records))


def _exists(store: Store, iri: str) -> bool:
    """Whether ``iri`` (text a user gave) is an entity: an IRI of the project's that some triple holds,
    or any other IRI that some graph (a partner's too) gives a type."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    if iri.startswith(ID):
        return bool(store.query("ASK { { GRAPH ?g { ?iri ?p ?o } } UNION { GRAPH ?g { ?s ?p ?iri } } }",
                                {"iri": node}).boolean)
    return bool(store.query(f"ASK {{ GRAPH ?g {{ ?iri a ?type }} FILTER(?g NOT IN (<{INFERRED_GRAPH}>, <{ONTOLOGY_GRAPH}>)) }}",
                            {"iri": node}).boolean)


def _entity_iris(store: Store) -> list[str]:
    rows = store.query(
        f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}")) }}').rows
    return [row[0].value for row in rows if isinstance(row[0], ox.NamedNode)]


_STEP = """SELECT DISTINCT ?n ?r ?record WHERE {{
  VALUES ?x {{ {frontier} }}
  {{
    {{ GRAPH ?g {{ ?x ?p ?n }} }} UNION {{ GRAPH ?g {{ ?n ?p ?x }} }}
    FILTER(?p != <{type}> && (?g != <{inferred}> && !STRSTARTS(STR(?g), "{inferred}/partner/") || ?p = <{cn}stakeholderGroup>))
  }} UNION {{
    VALUES (?in ?out) {{ {ends} }}
    ?r ?in ?x ; ?out ?n .
  }}
  FILTER(isIRI(?n) && (STRSTARTS(STR(?n), "{id}") || EXISTS {{ GRAPH ?tg {{ ?n a ?any }} FILTER(?tg NOT IN (<{inferred}>, <{ontology_graph}>)) }}))
  FILTER(!STRSTARTS(STR(?n), "{ontology}"))
  OPTIONAL {{ ?n a ?record FILTER(?record IN ({records})) }}
}}"""


def _step(store: Store, frontier: set[str]) -> tuple[set[str], set[str]]:
    """The entities one link from ``frontier``, and the records (and their periods) met on the way."""
    pairs = " ".join(f"(<{a}> <{b}>)" for a, b in RECORD_ENDS)
    query = _STEP.format(frontier=sparql_iris(sorted(frontier)), type=PREFIXES["rdf"] + "type", ends=pairs, id=ID,
                         inferred=INFERRED_GRAPH, cn=CN, ontology=CN, ontology_graph=ONTOLOGY_GRAPH,
                         records=", ".join(f"<{c}>" for c in sorted(RECORD_CLASSES)))
    reached: set[str] = set()
    records: set[str] = set()
    for n, r, record in store.query(query).rows:
        if isinstance(r, ox.NamedNode):
            records.add(r.value)
        if isinstance(n, ox.NamedNode):
            (records if record is not None else reached).add(n.value)
    return reached, records


_PARTS = """SELECT DISTINCT ?relation ?period ?instant WHERE {{
  VALUES ?r {{ {records} }}
  OPTIONAL {{ ?r <{cn}relation> ?relation }}
  OPTIONAL {{ ?r <{org}memberDuring> ?period OPTIONAL {{ ?period <{time}hasBeginning>|<{time}hasEnd> ?instant }} }}
}}"""


def _record_parts(store: Store, records: set[str]) -> set[str]:
    """The periods of the memberships among ``records``, and the relations of the alignments."""
    if not records:
        return set()
    query = _PARTS.format(records=sparql_iris(sorted(records)), cn=CN, org=_ORG, time=_TIME)
    return {term.value for row in store.query(query).rows for term in row if isinstance(term, ox.NamedNode)}
