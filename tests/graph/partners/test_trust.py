"""The trust boundary: a partner adds facts, and never changes, removes or re-sources a curated one.

Each hostile file of the issue that filed this boundary is imported into a store of the real curated
data (``--store DIR``): those that would rewrite what the curated data means are refused with the
triple and the rule, and the store is left quad for quad as it was; those that only add are taken,
and then every named query gives the same rows as on the curated data alone, the USA keeps its curated
name, ``table1 --as-of 2015-12-31`` keeps the Code of Conduct's five rows and ``forum_support`` its
verdicts, while the partner's statements and what the reasoner infers from them sit in the partner's
own graphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybernorms.errors import CheckFailed
from cybernorms.graph.as_of import as_of
from cybernorms.graph.partners.gate import ImportRejected, import_file
from cybernorms.graph.partners.shipped import add_shipped
from cybernorms.graph.store.embedded import OxigraphStore, QueryResult
from cybernorms.namespaces import (
    CN,
    ID,
    INFERRED_GRAPH,
    PARTNER_GRAPH_PREFIX,
    is_curated_graph,
    partner_inferred_graph,
    partner_of,
)
from cybernorms.queries.compare import difference, verify
from cybernorms.queries.run import prepare, run_with_timeout

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREFIXES = """@prefix cn: <https://w3id.org/cybernorms/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix state: <https://w3id.org/cybernorms/id/state/> .
@prefix forum: <https://w3id.org/cybernorms/id/forum/> .
@prefix doc: <https://w3id.org/cybernorms/id/document/> .
@prefix norm: <https://w3id.org/cybernorms/id/norm/> .
"""

REFUSED = {
    "forged-citation": (
        "<https://w3id.org/cybernorms/graph/partner/forged-citation> prov:wasDerivedFrom doc:ewi-2015 ;"
        ' cn:locator "Appendix I" .\nstate:usa cn:supports forum:gcsc .',
        "cnsh:NoGraphStatements", "prov:wasDerivedFrom doc:ewi-2015"),
    "claim-graph-type": (
        "<https://partner.example/g> a cn:ClaimGraph ; cn:quote \"words\"@en .",
        "cnsh:NoGraphStatements", "rdf:type cn:ClaimGraph"),
    "schema": ("cn:affiliation rdfs:subPropertyOf cn:supports .", "cnsh:NoSchemaStatements",
               "cn:affiliation rdfs:subPropertyOf cn:supports"),
    "ontology-header": ("<https://partner.example/data> a owl:Ontology ; owl:imports <https://partner.example/v> .",
                        "cnsh:NoSchemaStatements", "owl:imports"),
    "ontology-term": ('cn:Forum rdfs:label "Anything"@en .', "cnsh:NoSchemaStatements", "cn:Forum rdfs:label"),
    "merge": ("forum:gcsc owl:sameAs <https://w3id.org/cybernorms/id/proposed-forum/ewi-2015> .",
              "cnsh:NoIdentityStatements", "forum:gcsc owl:sameAs"),
    "merge-through-own": ("<https://partner.example/x> owl:sameAs forum:gcsc .", "cnsh:NoIdentityStatements",
                          "forum:gcsc is curated"),
    "split": ("state:usa owl:differentFrom state:usa .", "cnsh:NoIdentityStatements", "owl:differentFrom"),
    "disjoint-type": ("state:usa a cn:Forum .", "cnsh:NoContradictingTypes",
                      "the ontology declares cn:Actor and cn:Forum disjoint"),
}

#: Only additions: a corporation backing the GCSC twice over, a label, a later forum and a later date for
#: curated entities, a partner's own entity with markup in its label linked to an outside IRI, endorsing the
#: 2015 GGE report, a partner's alignment of two curated norms and a partner's finding.
ADDITIONS = PREFIXES + """
<https://partner.example/org/a> a cn:Corporation ; rdfs:label "Acme <script>alert(1)</script>"@en ;
    cn:supports forum:gcsc .
<https://partner.example/org/b> a cn:Corporation ; rdfs:label "Beta Corp"@en ; cn:supports forum:gcsc .
<https://partner.example/org/a> owl:sameAs <http://www.wikidata.org/entity/Q1> .
state:usa rdfs:label "<b>Hijacked</b>"@en .
doc:coc cn:presentedIn forum:gcsc ; <http://purl.org/dc/terms/date> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .
<https://partner.example/endorsement/1> a cn:Endorsement ; cn:endorser <https://partner.example/org/a> ;
    cn:endorsed doc:ungge-2015 .
<https://partner.example/alignment/1> a cn:Alignment ; cn:fromNorm norm:coc-7 ; cn:toNorm norm:msft-2 ;
    cn:relation <https://w3id.org/cybernorms/id/alignment-relation/in-tension> ;
    cn:rationale "A partner's reading"@en .
<https://partner.example/finding/1> a cn:Finding ; cn:findingKind "gap" ; cn:text "A partner's gap"@en .
"""


def store_of(quads: Iterator[ox.Quad], folder: Path) -> Path:
    with OxigraphStore.open(folder) as store:
        store.add_quads(quads)
    return folder


def snapshot(folder: Path) -> dict[str, int]:
    with OxigraphStore.open(folder, read_only=True) as store:
        return {graph: store.count(graph) for graph in store.graphs()} | {"": store.count_facts()}


@pytest.fixture(scope="module")
def curated_dir(curated_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_of(curated_store.quads(), tmp_path_factory.mktemp("curated") / "store")


@pytest.fixture(scope="module")
def with_partners(curated_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated data, the shipped Paris Call list and the additions above, through the gate."""
    folder = tmp_path_factory.mktemp("partners")
    store_dir = store_of(curated_store.quads(), folder / "store")
    with OxigraphStore.open(store_dir) as store:
        add_shipped(store)
    path = folder / "additions.ttl"
    path.write_text(ADDITIONS, encoding="utf-8")
    done = import_file(path, name="additions", store_dir=store_dir)
    assert done.action == "imported"
    return store_dir


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_statement_that_would_rewrite_curated_meaning_is_refused_by_its_rule(
        name: str, curated_dir: Path, tmp_path: Path) -> None:
    text, rule, shown = REFUSED[name]
    path = tmp_path / f"{name}.ttl"
    path.write_text(PREFIXES + text + "\n", encoding="utf-8")
    before = snapshot(curated_dir)
    with pytest.raises(ImportRejected) as refused:
        import_file(path, name=name, store_dir=curated_dir)
    message = str(refused.value)
    assert message.splitlines()[0].startswith(f"{path} was not imported:") and "(trust)" in message
    assert rule in message and shown in message
    assert isinstance(refused.value, CheckFailed)
    assert snapshot(curated_dir) == before


def test_every_named_query_gives_the_curated_rows_whatever_partners_add(
        curated_store: OxigraphStore, with_partners: Path) -> None:
    with OxigraphStore.open(with_partners, read_only=True) as store:
        verdicts = verify(curated_store, store)
    assert [v for v in verdicts if v.status != "same"] == []
    assert len(verdicts) >= 36


def test_the_as_of_rule_and_forum_support_ignore_a_partner_link_to_a_later_forum(
        curated_store: OxigraphStore, with_partners: Path) -> None:
    with OxigraphStore.open(with_partners, read_only=True) as store:
        then, curated_then = as_of(store, "2015-12-31"), as_of(curated_store, "2015-12-31")
        for spec, on, reference in (("table1", then, curated_then), ("forum_support", store, curated_store)):
            query = prepare(spec)
            assert difference(run_with_timeout(reference, query), run_with_timeout(on, query), query.text) is None
        table = run_with_timeout(then, prepare("table1"))
        coc_rows = [row for row in table.rows if any(getattr(v, "value", "") == "CoC" for v in row)]
        assert len(coc_rows) == 5
        assert f"<{ID}document/coc>" in {f"<{q.subject.value}>" for q in then.quads() if isinstance(q.subject, ox.NamedNode)}


def test_a_partner_label_stays_beside_the_curated_one(with_partners: Path) -> None:
    usa = f"<{ID}state/usa>"
    with OxigraphStore.open(with_partners, read_only=True) as store:
        curated = {row[0].value for row in store.query(f"SELECT ?l WHERE {{ {usa} <{RDFS_LABEL}> ?l }}").rows}
        assert "United States" in " ".join(curated) and "<b>Hijacked</b>" not in curated
        rows = store.query(f"SELECT ?g ?l WHERE {{ GRAPH ?g {{ {usa} <{RDFS_LABEL}> ?l }} }}").rows
        marked = {(partner_of(g.value), label.value) for g, label in rows}
        assert ("additions", "<b>Hijacked</b>") in marked


def test_what_a_partner_adds_and_what_follows_from_it_is_the_partners(with_partners: Path) -> None:
    acme = "<https://partner.example/org/a>"
    with OxigraphStore.open(with_partners, read_only=True) as store:
        assert not store.query(f"ASK {{ {acme} ?p ?o }}").boolean  # not a curated fact
        assert store.query(f"ASK {{ {acme} ?p ?o }}", partners=True).boolean  # asked for with the partners
        graphs = {row[0].value for row in store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {acme} ?p ?o }} }}").rows}
        assert graphs == {PARTNER_GRAPH_PREFIX + "additions", partner_inferred_graph(PARTNER_GRAPH_PREFIX + "additions")}
        assert not any(is_curated_graph(g) for g in graphs)
        curated_inferred = store.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ {acme} ?p ?o }} }}").boolean
        assert not curated_inferred  # "inferred by the reasoner" from curated data never rests on a partner
        backers = f"SELECT DISTINCT ?x WHERE {{ ?x <{CN}supports> <{ID}forum/gcsc> }}"
        curated = {row[0] for row in store.query(backers).rows}
        with_partners = {row[0] for row in store.query(backers, partners=True).rows}
        added = {ox.NamedNode("https://partner.example/org/a"), ox.NamedNode("https://partner.example/org/b")}
        assert added <= with_partners - curated and not added & curated


def test_a_row_that_counts_partner_endorsements_names_the_partner_graph_it_rests_on(
        with_partners: Path) -> None:
    query = prepare("paris_call_supporters_by_category")
    with OxigraphStore.open(with_partners, read_only=True) as store:
        curated, shared = run_with_timeout(store, query), run_with_timeout(store, query, partners=True)

    def by_category(result: QueryResult) -> dict[str, tuple[int, set[str]]]:
        rows = [{k: v.value if v is not None else "" for k, v in zip(result.variables, row)} for row in result.rows]
        return {r["category"]: (int(r["supporters"]), set(r["rests_on"].split(", ")) - {""}) for r in rows}

    counted, with_list = by_category(curated), by_category(shared)
    # the curated sources name the US and EU endorsements: counted as curated, the partner's list not at all
    assert counted["state"] == (1, {"curated"})
    assert all(on <= {"curated"} for _, on in counted.values())
    # with the partners: the Paris Call list's 1,222 supporters, each row saying it rests on that list
    assert sum(n for n, _ in with_list.values()) > 1000
    assert with_list["state"][0] > 50 and {"curated", "paris-call"} <= with_list["state"][1]
    assert "paris-call" in with_list["private sector"][1]
