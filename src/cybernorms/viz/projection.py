"""The projections: which nodes and links of the landscape each view and analysis keeps.

A projection is a networkx graph whose nodes are entity IRIs and whose edges are links of
the :class:`~cybernorms.viz.landscape.Landscape`. Node attributes: ``kind`` (a key of
:data:`~cybernorms.viz.kinds.NODES`), ``label`` (short), ``name`` (full), ``texts``
(exact texts, each with its citations), ``citations``, ``categories``, ``documents``,
``date``. Edge attributes: ``relation``, ``text`` (a rationale, a verdict, a role),
``citations``, ``date`` and ``weight``, the number of passages that state the link.

The choices, view by view, are written out in ``docs/views.md``; each function below
says them in one paragraph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from cybernorms.errors import UsageError
from cybernorms.graph.language import DEFAULT_LANGUAGE, language_or_default
from cybernorms.namespaces import PREFIXES, expand, iri_candidates, shorten, sole_partner
from cybernorms.viz.kinds import ACTOR_KINDS, NODES, kind_of
from cybernorms.viz.landscape import ALIGNMENTS, Entity, Landscape, Link
from cybernorms.viz.subgraph import ordered_subgraph

__all__ = [
    "AGGREGATE_THRESHOLD",
    "ALIGNMENTS",
    "BROKERAGE_RELATIONS",
    "aggregate_supporters",
    "brokerage_network",
    "entity_graph",
    "focus_candidates",
    "forum_positioning",
    "localise",
    "neighbourhood",
    "norm_convergence",
    "norm_network",
    "regime_complex",
    "resolve_focus",
    "short_label",
    "timeline",
    "unknown_focus",
]

_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_SKOS = PREFIXES["skos"]
_DCT = PREFIXES["dcterms"]
LABEL_LENGTH = 30
#: More supporters than this of one entity are drawn as one node per kind (``--expand``: each).
AGGREGATE_THRESHOLD = 25
#: The links a supporter may have besides its support and still be folded into an aggregate.
_PERIPHERAL = ("stakeholder group", "basedIn", "government of")

#: The links the brokerage network keeps between actors, forums and stakeholder groups.
BROKERAGE_RELATIONS = (
    "member", "supports", "proposed by", "affiliation", "government of", "stakeholder group", "run by",
    "resulted in",
)


def short_label(text: str, limit: int = LABEL_LENGTH) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if text[limit - 1] != " " and space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


class _Describer:
    """Node attributes of entities, with what norms need from their documents and categories."""

    def __init__(self, landscape: Landscape) -> None:
        self.ls = landscape
        self.documents: dict[str, list[str]] = defaultdict(list)
        self.categories: dict[str, list[str]] = defaultdict(list)
        for link in landscape.links:
            if link.relation == "stated in":
                self.documents[link.source].append(link.target)
            elif link.relation == "in category":
                self.categories[link.source].append(link.target)

    def kind(self, iri: str) -> str:
        return kind_of(self.ls.kind_types(iri))

    def name(self, entity: Entity) -> str:
        kind = kind_of(entity.types)
        if kind == "norm":
            docs = [self._short(d) for d in sorted(self.documents.get(entity.iri, []))]
            notation = entity.first("notation")
            head = "/".join(docs) or "norm"
            if notation:
                return f"{head} {notation}"
            return f"{head}: {short_label(entity.first('text') or entity.local, 40)}"
        if kind == "category":
            notation = entity.first(_SKOS + "notation")
            label = entity.first(_RDFS_LABEL, _SKOS + "prefLabel")
            return f"{notation}. {label}" if notation and label else (label or notation or entity.local)
        return (entity.first("shortName", _RDFS_LABEL, _SKOS + "prefLabel", _DCT + "title")
                or entity.first("text") or entity.local)

    def _short(self, iri: str) -> str:
        entity = self.ls.entities.get(iri)
        if entity is None:
            return iri.rsplit("/", 1)[-1]
        return entity.first("shortName", _RDFS_LABEL) or entity.local

    def label(self, entity: Entity, name: str) -> str:
        kind = kind_of(entity.types)
        if kind == "category":
            return f"Category {entity.first(_SKOS + 'notation') or ''}".strip()
        return short_label(name)

    def attributes(self, iri: str) -> dict[str, object]:
        entity = self.ls.entities.get(iri) or Entity(iri)
        name = self.name(entity)
        texts = [(text, self.ls.cite(entity.graphs("text", text))) for text in entity.values("text")]
        own = entity.graphs(_RDFS_LABEL) | entity.graphs("shortName") | entity.graphs(_DCT + "title")
        if not own:
            own = set().union(*(g for v in entity.facts.values() for g in v.values())) if entity.facts else set()
        docs = self.documents.get(iri, [])
        kind = kind_of(entity.types)
        if kind in ("document", "reference-document"):
            docs = [iri]
        cats = self.categories.get(iri, [])
        if kind == "category":
            cats = [iri]
        date = entity.date
        if date is None and kind == "norm":
            dates = [self.ls.entities[d].date for d in docs if d in self.ls.entities]
            date = min((d for d in dates if d), default=None)
        return {
            "iri": iri,
            "kind": kind,
            "partner": sole_partner(own),
            "name": name,
            "label": self.label(entity, name),
            "texts": texts,
            "citations": self.ls.cite(own),
            "categories": sorted({self._category_label(c) for c in cats}),
            "documents": sorted({self._short(d) for d in docs}),
            "date": date,
        }

    def _category_label(self, iri: str) -> str:
        entity = self.ls.entities.get(iri)
        notation = entity.first(_SKOS + "notation") if entity else None
        return notation or iri.rsplit("/", 1)[-1]


def localise(graph: nx.MultiDiGraph[str], landscape: Landscape, language: str) -> None:
    """Name each node in ``language`` where the landscape has a name in it; English names stay otherwise.

    Only a node named by its label is renamed (a state, an organisation, a forum: not a norm, named
    by its document and number, nor a category, named by its numeral), and a node keeps its ``lang``
    so that a page can mark the text's language and direction.
    """
    wanted = language_or_default(language)
    if wanted == DEFAULT_LANGUAGE:
        return
    for iri, data in graph.nodes(data=True):
        name = landscape.name_in(str(iri), wanted)
        if name and data.get("kind") not in ("norm", "category"):
            data["name"], data["label"], data["lang"] = name, short_label(name), wanted


def _build(landscape: Landscape, nodes: Iterable[str], links: Iterable[Link],
           describe: _Describer | None = None) -> nx.MultiDiGraph[str]:
    """A projection with ``nodes`` and those of ``links`` whose two ends are among them."""
    describe = describe or _Describer(landscape)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for iri in sorted(set(nodes)):
        graph.add_node(iri, **describe.attributes(iri))
    for link in links:
        if link.source in graph and link.target in graph and link.source != link.target:
            graph.add_edge(
                link.source, link.target, key=link.relation,
                relation=link.relation, text=link.text, date=link.date,
                citations=landscape.cite(link.graphs), weight=len(link.graphs - {""}) or 1,
            )
    return graph


def _of_kind(landscape: Landscape, *kinds: str) -> set[str]:
    return {iri for iri, e in landscape.entities.items() if kind_of(e.types) in kinds}


def _links(landscape: Landscape, *relations: str) -> list[Link]:
    return [link for link in landscape.links if link.relation in relations]


def regime_complex(landscape: Landscape) -> nx.MultiDiGraph[str]:
    """Nye's regime complex: institutions grouped by the issue areas they govern, with their actors.

    Institutions are every forum (not a proposed one) and regime, and everything that is part
    of a regime complex or governs an issue area. Nodes: the institutions, every regime
    complex and issue area, and every actor that is a member of or takes part in an
    institution. Links: *part of regime complex*, *governs*, *member*.
    """
    institutions = _of_kind(landscape, "forum", "regime")
    institutions |= {lk.source for lk in _links(landscape, "part of regime complex")}
    institutions |= {lk.source for lk in _links(landscape, "governs")
                     if kind_of(landscape.kind_types(lk.source)) != "regime-complex"}
    hubs = _of_kind(landscape, "regime-complex", "issue-area")
    members = [lk for lk in _links(landscape, "member") if lk.target in institutions]
    nodes = institutions | hubs | {lk.source for lk in members}
    graph = _build(landscape, nodes, [*_links(landscape, "part of regime complex", "governs"), *members])
    areas = _of_kind(landscape, "issue-area")
    placed = {lk.source for lk in _links(landscape, "governs") if lk.target in areas}
    apart = sorted((i for i in institutions if i not in placed and i in graph),
                   key=lambda i: str(graph.nodes[i]["name"]).lower())
    graph.graph["apart"] = apart
    if apart:
        names = ", ".join(str(graph.nodes[i]["name"]) for i in apart)
        graph.graph["note"] = (
            f"Not placed in an issue area ({len(apart)}): {names}. Neither source says which sub-issue area "
            "these forums and regimes govern, so no link ties them to one; they are drawn apart, on the right, "
            "with the actors that take part in them.")
    return graph


def forum_positioning(landscape: Landscape) -> nx.MultiDiGraph[str]:
    """Figure 2: the proposed forum between the stakeholder groups and the regime complex.

    Nodes: every proposed forum, stakeholder group and regime complex; the proposed forum's
    characteristics, proposer and supporters (actors that support or endorse it, or an
    initiative that resulted in it), and any forum that realised it (*realized by*) with its
    own backers. Links: *main target* (drawn as the main arrow),
    *positioned between*, *has characteristic*, *proposed by*, *supports*, each supporter's
    *stakeholder group*, and each support requirement's *required group*. A characteristic
    is still lacking unless an evaluation finds it met by the forum (or a forum that realised
    it) or, for a support requirement, unless enough supporters of its group are recorded.
    """
    forums = _of_kind(landscape, "proposed-forum")
    fixed = _of_kind(landscape, "stakeholder-group", "regime-complex")
    own = [lk for lk in landscape.links if lk.source in forums and lk.relation in (
        "main target", "positioned between", "has characteristic", "proposed by", "realized by")]
    initiatives = {lk.source for lk in _links(landscape, "resulted in") if lk.target in forums}
    realisers = {lk.target for lk in own if lk.relation == "realized by"}
    backed = forums | initiatives | realisers
    support = [lk for lk in _links(landscape, "supports") if lk.target in backed]
    actors = {lk.source for lk in support} | {lk.target for lk in own if lk.relation == "proposed by"}
    characteristics = {lk.target for lk in own if lk.relation == "has characteristic"}
    groups = [lk for lk in _links(landscape, "stakeholder group") if lk.source in actors]
    required = [lk for lk in _links(landscape, "required group") if lk.source in characteristics]
    resulted = [lk for lk in _links(landscape, "resulted in") if lk.target in forums]
    nodes = forums | fixed | initiatives | realisers | actors | characteristics
    graph = _build(landscape, nodes, [*own, *support, *groups, *required, *resulted])
    _mark_lacking(graph, landscape, forums, support)
    return graph


def _mark_lacking(graph: nx.MultiDiGraph[str], landscape: Landscape, forums: set[str], support: list[Link]) -> None:
    """Give each characteristic a ``status`` (met / still lacking) and the lacking ones their kind."""
    realisers = forums | {lk.target for lk in landscape.links
                          if lk.source in forums and lk.relation == "realized by"}
    evaluated = {lk.source for lk in _links(landscape, "evaluated")
                 if lk.target in realisers and (lk.text or "").strip().lower() == "met"}
    met = set(evaluated)
    group_of: dict[str, set[str]] = defaultdict(set)
    for link in _links(landscape, "stakeholder group"):
        group_of[link.source].add(link.target)
    supporters = {lk.source for lk in support}
    for node, data in graph.nodes(data=True):
        if data["kind"] != "characteristic":
            continue
        entity = landscape.entities[node]
        needed = entity.first("minimumCount")
        groups = {lk.target for lk in landscape.links if lk.source == node and lk.relation == "required group"}
        detail = ""
        if needed is not None and groups:
            have = sum(1 for s in supporters if group_of[s] & groups)
            detail = f"{have} of {needed} supporters recorded"
            if have >= int(needed):
                met.add(node)
        status = "met" if node in met else "still lacking"
        if node in evaluated:
            detail = "; ".join(filter(None, ["an evaluation finds it met", detail]))
        data["status"] = status
        data["detail"] = detail
        if status == "still lacking":
            data["kind"] = "characteristic-lacking"


def norm_convergence(landscape: Landscape) -> nx.MultiDiGraph[str]:
    """Appendix I: the documents, their norms, the five categories, and the links between norms.

    Nodes: every norm, every document a norm is stated in and every reference document, and
    every norm category. Links: *stated in*, *in category*, and one per alignment, named by
    its relation (*same commitment*, *in tension*, ...), with its rationale.
    """
    norms = _of_kind(landscape, "norm")
    documents = {lk.target for lk in _links(landscape, "stated in") if lk.source in norms}
    nodes = norms | documents | _of_kind(landscape, "reference-document", "category")
    graph = _build(landscape, nodes, _links(landscape, "stated in", "in category", *ALIGNMENTS))
    # a norm's column and row already say its document and category: those links show on selection
    graph.graph["quiet"] = ("stated in", "in category")
    return graph


def timeline(landscape: Landscape) -> nx.MultiDiGraph[str]:
    """The dated events, documents and memberships in order, with their actors.

    Nodes: every event and document with a ``dcterms:date``, and the actors an event
    *involves* or a document is *issued by* (submitted, written). Links: those, and *produced*
    and *presented in* between dated items. Memberships with a start (``org:memberDuring``'s
    beginning) are one node per forum and first day, "21 members join UN GGE 2014–2015" (kind
    ``membership``, its members listed in ``detail``), linked to the forum, which joins the actors;
    members only a partner's graph states are a node of their own, marked with the partner.
    """
    items = {iri for iri in _of_kind(landscape, "event", "document", "reference-document")
             if landscape.entities[iri].date}
    people = [lk for lk in _links(landscape, "involves", "issued by") if lk.source in items]
    joined = _dated_memberships(landscape)
    nodes = items | {lk.target for lk in people} | {forum for forum, _day, _partner in joined}
    describe = _Describer(landscape)
    graph = _build(landscape, nodes, [*people, *_links(landscape, "produced", "presented in")], describe)
    for (forum, day, partner), links in sorted(joined.items(), key=lambda item: (item[0][:2], item[0][2] or "")):
        _add_membership(graph, describe, landscape, (forum, day, partner), links)
    return graph


def _dated_memberships(landscape: Landscape) -> dict[tuple[str, str, str | None], list[Link]]:
    """The *member* links with a first day, by (forum, day, the partner that alone states them or None):
    a partner's members are never listed among the curated ones."""
    joined: dict[tuple[str, str, str | None], list[Link]] = defaultdict(list)
    for link in _links(landscape, "member"):
        if link.date and link.target in landscape.entities:
            joined[(link.target, link.date[:10], sole_partner(link.graphs))].append(link)
    return joined


def _add_membership(graph: nx.MultiDiGraph[str], describe: _Describer, landscape: Landscape,
                    key: tuple[str, str, str | None], links: list[Link]) -> None:
    """One timeline node for the members who joined a forum on a day, linked to the forum."""
    forum, day, partner = key
    forum_name = str(graph.nodes[forum]["name"])
    members = sorted({describe.name(landscape.entities.get(lk.source) or Entity(lk.source)) for lk in links})
    name = (f"{members[0]} joins {forum_name}" if len(members) == 1
            else f"{len(members)} members join {forum_name}")
    citations = landscape.cite(set().union(*(lk.graphs for lk in links)))
    node = f"{forum}#members-{day}" + (f"-{partner}" if partner else "")
    graph.add_node(
        node, iri=node, kind="membership", name=name, label=short_label(name), texts=[], citations=citations,
        categories=[], documents=[], date=day, status=f"members from {day}", detail="; ".join(members),
        partner=partner,
    )
    graph.add_edge(node, forum, key="member", relation="member", text=None, date=day, citations=citations,
                   weight=len(links))


def entity_graph(landscape: Landscape) -> nx.MultiDiGraph[str]:
    """Every entity of the curated data and every link between two of them."""
    return _build(landscape, landscape.entities, landscape.links)


def resolve_focus(landscape: Landscape, focus: str) -> str:
    """The IRI of ``focus``: a full IRI, a CURIE (``forum:g20``) or an id (``forum/g20``)."""
    for iri in focus_candidates(focus):
        if iri in landscape.entities:
            return iri
    raise unknown_focus(focus, landscape.entities)


def focus_candidates(focus: str) -> list[str]:
    """The IRIs ``focus`` may stand for, in order: itself, the CURIE expanded, an id under ``id/``."""
    return iri_candidates(focus)


def unknown_focus(focus: str, known: Iterable[str]) -> UsageError:
    """The error for a focus that is no entity, with the closest of the ``known`` entities."""
    import difflib

    names = {shorten(i): i for i in known}
    close = difflib.get_close_matches(shorten(focus_candidates(focus)[-1]), list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return UsageError(f"--focus {focus!r} is not an entity of the graph{hint}")


def neighbourhood(landscape: Landscape, focus: str, depth: int = 1,
                  aggregate: int | None = AGGREGATE_THRESHOLD) -> nx.MultiDiGraph[str]:
    """``focus`` and every entity within ``depth`` links of it, whichever their direction.

    With ``aggregate`` (the default), the whole graph's large groups of supporters are folded
    (:func:`aggregate_supporters`, never the focus) before the neighbourhood is taken, so that
    what is reached only through a folded supporter (its country) is not drawn either.
    """
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, got {depth}")
    whole = entity_graph(landscape)
    centre = resolve_focus(landscape, focus)
    if aggregate is not None:
        whole = aggregate_supporters(whole, aggregate, keep={centre})
    near = nx.single_source_shortest_path_length(whole.to_undirected(as_view=True), centre, cutoff=depth)
    sub = ordered_subgraph(whole, near)
    for node, distance in near.items():
        sub.nodes[node]["distance"] = distance
    sub.graph["focus"] = centre
    return sub


def aggregate_supporters(graph: nx.MultiDiGraph[str], threshold: int = AGGREGATE_THRESHOLD,
                         keep: Iterable[str] = ()) -> nx.MultiDiGraph[str]:
    """``graph`` with the supporters of each entity that has more than ``threshold`` folded by kind.

    A supporter is folded when its only other links in ``graph`` are peripheral (its stakeholder
    group, the state it is based in, the state it is the government of): a partner's list of
    signatories, not an actor the curated data says more about, which stays a node of its own.
    The folded supporters of one entity become one node per kind ("Paris Call supporters:
    corporation (708)") with a *supports* link to it; the node's ``aggregate`` is the count and
    its ``members`` the members' IRI, name, label and kind (the page can expand them), its
    ``detail`` the count in words. The folded supporters and their links are left out.
    ``keep`` are never folded (a neighbourhood's focus). A new graph is returned.
    """
    keep = set(keep)
    supporters: dict[str, list[str]] = defaultdict(list)
    for u, v, data in graph.edges(data=True):
        if data.get("relation") == "supports" and u != v:
            supporters[v].append(u)
    folds: dict[str, list[str]] = {}
    for target, found in supporters.items():
        if len(set(found)) <= threshold:
            continue
        folded = sorted(s for s in set(found) if s not in keep and s != target
                        and _peripheral(graph, s, target))
        if folded:
            folds[target] = folded
    if not folds:
        return graph
    out = graph.copy()
    gone = {s for members in folds.values() for s in members}
    for target, members in folds.items():
        by_kind: dict[str, list[str]] = defaultdict(list)
        for member in members:
            by_kind[graph.nodes[member].get("kind", "other")].append(member)
        target_name = graph.nodes[target].get("name", str(target))
        for kind, group in sorted(by_kind.items()):
            node = f"{target}#supporters-{kind}"
            listed = sorted(group, key=lambda m: (graph.nodes[m].get("name", ""), m))
            legend = NODES[kind].legend if kind in NODES else kind
            name = f"{target_name} supporters: {legend} ({len(group)})"
            citations = sorted({c for m in group for _, _, d in graph.out_edges(m, data=True)
                                if d.get("relation") == "supports" for c in d.get("citations", [])})
            dates = sorted(d for m in group for _, t, d in
                           ((u, t, dd.get("date")) for u, t, dd in graph.out_edges(m, data=True)
                            if t == target and dd.get("relation") == "supports") if d)
            out.add_node(
                node, iri=node, kind=kind, name=name, label=short_label(f"{legend} ({len(group)})"),
                texts=[], citations=citations, categories=[], documents=[], date=None,
                status=f"{len(group)} supporters", aggregate=len(group),
                detail=f"{len(group)} supporters of {target_name} of this kind, shown as one node; "
                       "expand to see each",
                members=[{"iri": m, "name": graph.nodes[m].get("name", m), "label": graph.nodes[m].get("label", m),
                          "kind": graph.nodes[m].get("kind", "other")} for m in listed],
            )
            out.add_edge(node, target, key="supports", relation="supports",
                         text=f"{len(group)} supporters", date=dates[0] if dates else None,
                         citations=citations, weight=len(group))
    out.remove_nodes_from(gone)
    out.graph.update(graph.graph)
    return out


def _peripheral(graph: nx.MultiDiGraph[str], node: str, target: str) -> bool:
    """Whether ``node``'s links other than its support of ``target`` are all peripheral."""
    for u, v, data in [*graph.out_edges(node, data=True), *graph.in_edges(node, data=True)]:
        if data.get("relation") == "supports" and (u, v) == (node, target):
            continue
        if data.get("relation") not in _PERIPHERAL:
            return False
    return True


def brokerage_network(landscape: Landscape, without: Iterable[str] = ()) -> nx.Graph[Any]:
    """The network the brokerage measures run on: actors, forums and stakeholder groups.

    Nodes: every actor, forum (proposed ones included), initiative and stakeholder group.
    Edges (undirected): the links of :data:`BROKERAGE_RELATIONS` between two of them; ``weight``
    is the number of passages stating the link (kept for export; the measures count hops).
    The proposed forum's own *positioned between* and *main target* links are left out:
    they are the claim the network tests. ``without`` drops nodes (for the comparison).
    """
    keep = _of_kind(landscape, "forum", "proposed-forum", "stakeholder-group", "initiative", *ACTOR_KINDS)
    keep -= set(without)
    multi = _build(landscape, keep, _links(landscape, *BROKERAGE_RELATIONS))
    return _simple(multi)


def norm_network(landscape: Landscape) -> nx.Graph[Any]:
    """Norms linked by their alignments (every relation, tension included: same subject)."""
    norms = _of_kind(landscape, "norm")
    return _simple(_build(landscape, norms, _links(landscape, *ALIGNMENTS)))


def _simple(multi: nx.MultiDiGraph[str]) -> nx.Graph[Any]:
    """An undirected simple graph: parallel links merged, weights added, relations listed."""
    graph: nx.Graph[Any] = nx.Graph()
    graph.add_nodes_from(multi.nodes(data=True))
    for u, v, data in multi.edges(data=True):
        if graph.has_edge(u, v):
            edge = graph.edges[u, v]
            edge["weight"] += data["weight"]
            edge["relations"] = sorted(set(edge["relations"]) | {data["relation"]})
            edge["citations"] = sorted(set(edge["citations"]) | set(data["citations"]))
        else:
            graph.add_edge(u, v, weight=data["weight"], relations=[data["relation"]],
                           citations=list(data["citations"]))
    return graph
