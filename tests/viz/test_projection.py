"""The projections: each view's nodes are what an independent SPARQL count says they are."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from cybernorms.errors import UsageError
from cybernorms.graph.store.embedded import Store
from cybernorms.namespaces import ID, PARTNER_GRAPH_PREFIX
from cybernorms.viz import projection
from cybernorms.viz.landscape import Landscape, Link
from cybernorms.viz.views import ViewOptions, build_view

from .conftest import count

_INSTITUTION = """
  { ?i a cn:Forum . FILTER NOT EXISTS { ?i a cn:ProposedForum } } UNION { ?i a cn:Regime }
  UNION { ?i cn:partOfRegimeComplex ?rc0 }
  UNION { ?i cn:governs ?ia0 . FILTER NOT EXISTS { ?i a cn:RegimeComplex } }
"""

#: Each view's nodes, counted in SPARQL without the projection's code.
VIEW_COUNTS = {
    "regime-complex": f"""
        {{ {_INSTITUTION} BIND(?i AS ?x) }}
        UNION {{ ?x a cn:RegimeComplex }} UNION {{ ?x a cn:IssueArea }}
        UNION {{ {_INSTITUTION} {{ ?m org:member ?x ; org:organization ?i }}
                 UNION {{ ?x cn:participatesIn|org:memberOf ?i }} UNION {{ ?i cn:hasParticipant ?x }} }}
    """,
    "forum-positioning": """
        { ?x a cn:ProposedForum } UNION { ?x a cn:StakeholderGroup } UNION { ?x a cn:RegimeComplex }
        UNION { ?f a cn:ProposedForum ; cn:hasCharacteristic|cn:proposedBy ?x }
        UNION { ?f a cn:ProposedForum . ?x cn:resultedIn ?f }
        UNION { ?f a cn:ProposedForum . { ?x cn:supports ?f } UNION { ?e cn:endorser ?x ; cn:endorsed ?f } }
        UNION { ?f a cn:ProposedForum . ?t cn:resultedIn ?f .
                { ?x cn:supports ?t } UNION { ?e cn:endorser ?x ; cn:endorsed ?t } }
        UNION { ?f a cn:ProposedForum ; cn:realizedBy ?x }
        UNION { ?f a cn:ProposedForum ; cn:realizedBy ?r .
                { ?x cn:supports ?r } UNION { ?e cn:endorser ?x ; cn:endorsed ?r } }
    """,
    "norm-convergence": """
        { ?x a cn:NormStatement } UNION { ?n a cn:NormStatement ; cn:statedIn ?x }
        UNION { ?x a cn:ReferenceDocument } UNION { ?x a cn:NormCategory }
    """,
    "timeline": """
        { { ?x a cn:Event } UNION { ?x a/rdfs:subClassOf* cn:Document } ?x dcterms:date ?d }
        UNION { { ?i a cn:Event } UNION { ?i a/rdfs:subClassOf* cn:Document }
                ?i dcterms:date ?d ; cn:involves|cn:issuedBy|cn:submittedBy|cn:author|cn:contributor ?x }
        UNION { ?m a org:Membership ; org:organization ?f ; org:memberDuring/time:hasBeginning/time:inXSDDate ?d
                VALUES ?which { "forum" "joined" }
                BIND(IF(?which = "forum", ?f, IRI(CONCAT(STR(?f), "#members-", STR(?d)))) AS ?x) }
    """,
}

#: The hand-made landscape's view sizes, counted by hand from tests/viz/fixtures/landscape.
FIXTURE_NODES = {
    # 3 forums, the regime complex, 3 issue areas, 6 members
    "regime-complex": 13,
    # the forum, 4 groups, the regime complex, 3 characteristics, 3 supporters (Open Net also proposes)
    "forum-positioning": 12,
    # 6 norms, 3 reference documents, 5 categories
    "norm-convergence": 14,
    # 3 events, 3 dated documents (DocA, DocB, the fixture report), 4 actors; AAA joining Alpha, and Alpha
    "timeline": 12,
}


@pytest.mark.parametrize("view", list(VIEW_COUNTS))
def test_fixture_view_has_the_nodes_counted_by_hand_and_by_sparql(
    view: str, fixture_landscape: Landscape, fixture_store: Store
) -> None:
    graph, _ = build_view(fixture_landscape, view)
    assert graph.number_of_nodes() == FIXTURE_NODES[view] == count(fixture_store, VIEW_COUNTS[view])


@pytest.mark.parametrize("view", list(VIEW_COUNTS))
def test_curated_view_has_the_nodes_sparql_counts(
    view: str, curated_landscape: Landscape, curated_store: Store
) -> None:
    graph, _ = build_view(curated_landscape, view)
    assert graph.number_of_nodes() == count(curated_store, VIEW_COUNTS[view]) > 0


def test_norm_nodes_carry_exact_text_and_citation(fixture_landscape: Landscape) -> None:
    graph = projection.norm_convergence(fixture_landscape)
    norm = graph.nodes[ID + "norm/doca-1"]
    assert norm["name"] == "DocA (1)"
    assert norm["texts"] == [("Not to use information and communications technologies to carry out hostile activities.",
                              ["FR, Appendix I, DocA (1)"])]
    assert norm["categories"] == ["I"] and norm["documents"] == ["DocA"]


def test_alignment_links_are_named_by_relation_with_rationale_and_citation(fixture_landscape: Landscape) -> None:
    graph = projection.norm_convergence(fixture_landscape)
    edges = {(u.rsplit("/", 1)[-1], v.rsplit("/", 1)[-1], d["relation"]): d
             for u, v, d in graph.edges(data=True)}
    tension = edges[("doca-2", "docb-2", "in tension")]
    assert tension["text"] == "One asks for cooperation, the other for a response </script><script>alert(2)</script>"
    assert tension["citations"] == ["FR, Appendix I, category II, Analysis"]
    assert edges[("doca-3", "docb-3", "related")]["citations"] == ["curators' judgement, alignment of DocA (3) and DocB 3"]


def test_characteristics_still_lacking_are_told_apart(fixture_landscape: Landscape) -> None:
    graph = projection.forum_positioning(fixture_landscape)
    status = {n.rsplit("/", 1)[-1]: (d["status"], d["detail"], d["kind"]) for n, d in graph.nodes(data=True)
              if "status" in d}
    assert status == {
        "1": ("still lacking", "1 of 2 supporters recorded", "characteristic-lacking"),  # only Atlantis
        "2": ("still lacking", "", "characteristic-lacking"),
        "3": ("met", "an evaluation finds it met", "characteristic"),
    }


def test_main_target_is_the_states(fixture_landscape: Landscape) -> None:
    graph = projection.forum_positioning(fixture_landscape)
    targets = [v for u, v, d in graph.edges(data=True) if d["relation"] == "main target"]
    assert targets == [ID + "stakeholder-group/states"]


def test_membership_collapses_to_a_dated_link(fixture_landscape: Landscape) -> None:
    links = [lk for lk in fixture_landscape.links if lk.relation == "member" and lk.target == ID + "forum/alpha"]
    assert {(lk.source.rsplit("/", 1)[-1], lk.date) for lk in links} == {("aaa", "2004-01-01"), ("bbb", None)}
    assert not [iri for iri in fixture_landscape.entities if "/membership/" in iri or "memberDuring" in iri]


def test_the_timeline_has_a_lane_of_memberships_by_forum_and_first_day(curated_landscape: Landscape,
                                                                      curated_store: Store) -> None:
    graph, positions = build_view(curated_landscape, "timeline")
    joined = {n: d for n, d in graph.nodes(data=True) if d["kind"] == "membership"}
    rows = curated_store.query(
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX time: <http://www.w3.org/2006/time#> "
        "SELECT ?f ?d (COUNT(DISTINCT ?who) AS ?n) WHERE { ?m a org:Membership ; org:member ?who ; "
        "org:organization ?f ; org:memberDuring/time:hasBeginning/time:inXSDDate ?d } GROUP BY ?f ?d").rows
    expected = {f"{f.value}#members-{d.value}": int(n.value) for f, d, n in rows}
    assert {n: len(d["detail"].split("; ")) for n, d in joined.items()} == expected
    gge = joined[ID + "forum/un-gge-2014-2015#members-2014-07-01"]
    assert gge["name"] == "21 members join 2014-2015 UNGGE for Information Security" and gge["date"] == "2014-07-01"
    assert "United States" in gge["detail"].split("; ") and gge["citations"]
    assert list(graph.successors(ID + "forum/un-gge-2014-2015#members-2014-07-01")) == [ID + "forum/un-gge-2014-2015"]
    assert "memberships" in [title for _, title in graph.graph["lanes"]]
    events = [positions[n][1] for n, d in graph.nodes(data=True) if d["kind"] == "event"]
    assert all(positions[n][1] < min(events) for n in joined)  # above the events


def test_members_only_a_partner_states_are_a_node_of_their_own_marked_as_the_partners(
        curated_landscape: Landscape) -> None:
    gge = ID + "forum/un-gge-2014-2015"
    claim = Link(ID + "state/zzz", "member", gge, {PARTNER_GRAPH_PREFIX + "tracker"}, date="2014-07-01")
    graph = projection.timeline(replace(curated_landscape, links=[*curated_landscape.links, claim]))
    curated = graph.nodes[gge + "#members-2014-07-01"]
    theirs = graph.nodes[gge + "#members-2014-07-01-tracker"]
    assert curated["partner"] is None and "zzz" not in curated["detail"] and curated["name"].startswith("21 ")
    assert theirs["partner"] == "tracker" and theirs["detail"] == "state/zzz" and theirs["name"].startswith("state/zzz joins")


def test_as_of_leaves_out_what_is_dated_later(fixture_landscape: Landscape) -> None:
    before = ViewOptions(as_of=dt.date(2015, 3, 1))
    graph, _ = build_view(fixture_landscape, "timeline", before)
    names = sorted(d["name"] for n, d in graph.nodes(data=True) if d.get("date"))
    assert names == ["<img src=x onerror=alert(1)>", "Atlantis joins Alpha Group", "DocA"]
    norms, _ = build_view(fixture_landscape, "norm-convergence", before)
    norm_names = sorted(d["name"] for _, d in norms.nodes(data=True) if d["kind"] == "norm")
    assert norm_names == ["DocA (1)", "DocA (2)", "DocA (3)"]


@pytest.mark.parametrize(
    ("focus", "depth", "expected"),
    [
        pytest.param("forum/beta", 0, {"beta"}, id="depth-0"),
        pytest.param("forum/beta", 1, {"beta", "cyber", "standards", "acme", "globex", "cyber-lab"}, id="depth-1"),
        pytest.param("forum:beta", 1, {"beta", "cyber", "standards", "acme", "globex", "cyber-lab"}, id="curie"),
    ],
)
def test_neighbourhood_reaches_depth_links(
    fixture_landscape: Landscape, focus: str, depth: int, expected: set[str]
) -> None:
    graph = projection.neighbourhood(fixture_landscape, focus, depth)
    assert {n.rsplit("/", 1)[-1] for n in graph} == expected


def test_unknown_focus_is_a_usage_error_with_suggestion(fixture_landscape: Landscape) -> None:
    message = r"--focus 'forum/betta' is not an entity of the graph; did you mean forum:beta"
    with pytest.raises(UsageError, match=message):
        projection.neighbourhood(fixture_landscape, "forum/betta", 1)


def test_short_labels_are_cut_at_a_word() -> None:
    text = "International Code of Conduct for Information Security"
    assert projection.short_label(text) == "International Code of Conduct…"
    assert projection.short_label("<img src=x onerror=alert(1)>") == "<img src=x onerror=alert(1)>"


def test_forum_positioning_shows_the_forum_that_realised_the_proposal_only_after_2015(
    curated_store: Store,
) -> None:
    from cybernorms.graph.as_of import as_of
    from cybernorms.viz.landscape import load_landscape

    gcsc = "https://w3id.org/cybernorms/id/forum/gcsc"
    now, _ = build_view(load_landscape(curated_store), "forum-positioning")
    then, _ = build_view(load_landscape(as_of(curated_store, "2015-12-31")), "forum-positioning")
    assert gcsc in now and gcsc not in then
    backers = {now.nodes[n]["name"] for n in now.predecessors(gcsc)}
    assert {"Microsoft", "Netherlands", "Estonia", "France"} <= backers
