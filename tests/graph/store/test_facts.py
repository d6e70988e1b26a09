"""The default graph holds each fact of the named graphs once (docs/provenance.md, "The default graph")."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cybernorms.errors import UsageError
from cybernorms.graph.store.embedded import OxigraphStore

EX = "http://example.org/"
G1, G2 = EX + "graph/one", EX + "graph/two"


def _t(s: str, o: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.NamedNode(EX + o))


def _count(store: OxigraphStore, where: str = "?s ?p ?o") -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows
    value = rows[0][0]
    assert isinstance(value, ox.Literal)
    return int(value.value)


@pytest.fixture
def stated_twice() -> OxigraphStore:
    """``a p b`` stated by two passages, ``a p c`` by one."""
    store = OxigraphStore.memory()
    store.replace_graph(G1, [_t("a", "b"), _t("a", "c")])
    store.replace_graph(G2, [_t("a", "b")])
    return store


def test_a_plain_count_counts_a_fact_stated_twice_once(stated_twice: OxigraphStore) -> None:
    assert _count(stated_twice) == 2
    assert stated_twice.count_facts() == 2
    assert len(stated_twice) == 3  # the named graphs keep both claims
    assert _count(stated_twice, "GRAPH ?g { ?s ?p ?o }") == 3


def test_replacing_a_graph_keeps_facts_another_graph_states(stated_twice: OxigraphStore) -> None:
    stated_twice.replace_graph(G1, [_t("x", "y")])
    assert sorted(str(t) for t in stated_twice.facts()) == sorted(str(t) for t in (_t("a", "b"), _t("x", "y")))


def test_removing_the_last_graph_that_states_a_fact_removes_it(stated_twice: OxigraphStore) -> None:
    assert stated_twice.remove_graph(G2)
    assert _count(stated_twice) == 2
    assert stated_twice.remove_graph(G1)
    assert _count(stated_twice) == 0 and len(stated_twice) == 0


def test_blank_nodes_are_the_same_nodes_in_the_default_graph() -> None:
    store = OxigraphStore.memory()
    store.load(f'<{EX}a> <{EX}p> _:x <{G1}> .\n_:x <{EX}q> "1" <{G1}> .\n', "nq")
    rows = store.query(f'SELECT ?x WHERE {{ <{EX}a> <{EX}p> ?x . ?x <{EX}q> "1" . GRAPH <{G1}> {{ <{EX}a> <{EX}p> ?x }} }}').rows
    assert len(rows) == 1 and isinstance(rows[0][0], ox.BlankNode)
    store.remove_graph(G1)
    assert store.count_facts() == 0


def test_an_export_with_its_default_graph_loads_back_unchanged(stated_twice: OxigraphStore) -> None:
    dump = stated_twice.dump("nq")
    assert dump.decode().count("\n") == 5  # two facts in the default graph, three claims
    again = OxigraphStore.memory()
    assert again.load(dump, "nq") == 3
    assert again.count_facts() == 2 and len(again) == 3


def test_a_store_written_without_facts_gets_them_when_opened(tmp_path: Path) -> None:
    engine = ox.Store(str(tmp_path / "db"))
    engine.extend([ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(G1)) for t in (_t("a", "b"), _t("a", "c"))])
    del engine
    with pytest.raises(UsageError, match="no default graph .* open it once for writing"):
        OxigraphStore.open(tmp_path / "db", read_only=True)
    store = OxigraphStore.open(tmp_path / "db")
    assert store.count_facts() == 2
    store.close()
    assert OxigraphStore.open(tmp_path / "db", read_only=True).count_facts() == 2


def test_a_failed_load_changes_neither_graphs_nor_facts(stated_twice: OxigraphStore) -> None:
    with pytest.raises(UsageError):
        stated_twice.load(f"<{EX}n> <{EX}p> <{EX}m> <{G1}> .\n<{EX}z> <{EX}p> <{EX}z> .\n", "nq")
    assert len(stated_twice) == 3 and stated_twice.count_facts() == 2


# -- a partner's graphs stay out of the default graph --

PARTNER = ox.NamedNode("https://w3id.org/cybernorms/graph/partner/tracker")
PARTNER_INFERRED = ox.NamedNode("https://w3id.org/cybernorms/graph/inferred/partner/tracker")
CLAIM = ox.NamedNode("https://w3id.org/cybernorms/graph/claim/source/p1")


def _every(store: OxigraphStore, *, partners: bool = False) -> int:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", partners=partners).rows
    return int(rows[0][0].value)  # type: ignore[union-attr]


def test_a_partners_statements_are_never_curated_facts_and_are_read_when_asked() -> None:
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    curated, repeated, own = (s, p, ox.Literal("curated")), (s, p, ox.Literal("both")), (s, p, ox.Literal("partner"))
    with OxigraphStore.memory() as store:
        store.add_quads([ox.Quad(*curated, CLAIM), ox.Quad(*repeated, CLAIM)])
        store.replace_graphs({PARTNER.value: [ox.Triple(*repeated), ox.Triple(*own)],
                              PARTNER_INFERRED.value: [ox.Triple(s, p, ox.Literal("inferred"))]})
        assert {t.object.value for t in store.facts()} == {"curated", "both"}
        assert _every(store) == 2 and store.count_facts() == 2
        assert _every(store, partners=True) == 5  # the partner's two, its inference, and "both" once more
        assert store.partner_graphs() == [PARTNER_INFERRED.value, PARTNER.value]
        store.remove_graph(CLAIM.value)  # the curated graph goes: so do its facts, the partner's repeat or not
        assert store.count_facts() == 0 and store.count(PARTNER.value) == 2


def test_replacing_several_graphs_is_one_update_that_keeps_the_default_graph() -> None:
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    other = ox.NamedNode("https://w3id.org/cybernorms/graph/claim/source/p2")
    with OxigraphStore.memory() as store:
        store.add_quads([ox.Quad(s, p, ox.Literal("a"), CLAIM), ox.Quad(s, p, ox.Literal("b"), other)])
        store.replace_graphs({CLAIM.value: [ox.Triple(s, p, ox.Literal("b"))], other.value: [],
                              PARTNER.value: [ox.Triple(s, p, ox.Literal("c"))]})
        assert {t.object.value for t in store.facts()} == {"b"}
        assert store.graphs() == sorted([CLAIM.value, PARTNER.value])


def test_a_replacement_that_only_adds_keeps_every_graph_and_adds_curated_facts_once() -> None:
    """A new partner's import only adds (its graph, its inferences, its provenance beside the others'): the
    store then writes it with one Store.extend, which must leave what a replacement would."""
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    kept, added = ox.Triple(s, p, ox.Literal("a")), ox.Triple(s, p, ox.Literal("new"))
    blank = ox.Triple(ox.BlankNode(), p, ox.Literal("partner"))
    with OxigraphStore.memory() as store:
        store.add_quads([ox.Quad(*kept, CLAIM)])
        store.replace_graphs({CLAIM.value: [kept, added], PARTNER.value: [blank, ox.Triple(s, p, ox.Literal("b"))]})
        assert {t.object.value for t in store.facts()} == {"a", "new"}
        assert store.count(CLAIM.value) == 2 and store.count(PARTNER.value) == 2
        assert store.count_facts() == 2
        store.replace_graphs({CLAIM.value: [added], PARTNER.value: []})  # not only additions: replaced
        assert {t.object.value for t in store.facts()} == {"new"}
        assert store.graphs() == [CLAIM.value]


def test_a_replacement_that_only_adds_is_all_or_nothing(tmp_path: Path) -> None:
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")

    def triples() -> list[ox.Triple]:
        return [ox.Triple(s, p, ox.Literal("a")), "not a triple"]  # type: ignore[list-item]

    with OxigraphStore.open(tmp_path / "store") as store:
        with pytest.raises(TypeError):
            store.replace_graphs({PARTNER.value: [ox.Triple(s, p, ox.Literal("b"))], CLAIM.value: triples()})
        assert store.graphs() == []
