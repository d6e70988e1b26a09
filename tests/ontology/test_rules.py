"""Large inputs: HermiT's consistency check and classification, and the rules for the individuals
(:mod:`cybernorms.ontology.rules`), infer what HermiT's realisation infers."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from cybernorms.graph.build.dataset import asserted_graph
from cybernorms.namespaces import CN, ID
from cybernorms.ontology import _owlready
from cybernorms.ontology.reasoning import HERMIT, HERMIT_RULES, ReasoningReport, reason
from cybernorms.ontology.rules import RULES_LOST

FIXTURES = Path(__file__).parent / "fixtures"
P = "https://partner.example/"
ALWAYS_RULES = 0
NEVER_RULES = 10**9

requires_java = pytest.mark.xfail(
    _owlready.find_java()[0] is None, reason="no Java runtime: HermiT cannot run", strict=True
)


def load(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(FIXTURES / name, format="turtle")


@pytest.fixture(scope="module")
def with_partner() -> rdflib.Graph:
    """The ontology and the curated data, with a partner's statements that call on every rule."""
    graph = asserted_graph()
    graph.parse(FIXTURES / "rules.ttl", format="turtle")
    return graph


@pytest.fixture(scope="module")
def by_rules(with_partner: rdflib.Graph) -> ReasoningReport:
    return reason(with_partner, realise_at_most=ALWAYS_RULES)


@pytest.mark.slow  # HermiT realises the curated data with the partner's statements
@requires_java
def test_the_rules_infer_what_hermit_realises_for_every_rule(with_partner: rdflib.Graph,
                                                             by_rules: ReasoningReport) -> None:
    by_hermit = reason(with_partner, realise_at_most=NEVER_RULES)
    assert (by_rules.engine, by_hermit.engine) == (HERMIT_RULES, HERMIT)
    assert set(by_rules.inferred) == set(by_hermit.inferred)
    assert by_rules.classified == by_hermit.classified


@requires_java
def test_each_rule_adds_its_conclusion(by_rules: ReasoningReport) -> None:
    inferred, rdf_type = by_rules.inferred, rdflib.RDF.type
    expected = [
        (P + "forum", rdf_type, CN + "MultiStakeholderForum"),  # cls-int1, cls-svf1 over prp-inv, prp-spo1
        (P + "acme", rdf_type, CN + "NormEntrepreneur"),  # over the chain of cn:proposes
        (P + "acme", CN + "proposes", P + "norm-1"),  # prp-spo2 with inverses, through cn:submittedBy
        (P + "acme", CN + "stakeholderGroup", ID + "stakeholder-group/private-sector"),  # cls-hv1
        (P + "watch", CN + "stakeholderGroup", ID + "stakeholder-group/civil-society"),  # cax-sco, then cls-hv1
        (P + "freedonia", rdf_type, CN + "State"),  # prp-rng
        (P + "freedonia-government", rdf_type, CN + "GovernmentBody"),  # prp-dom
        (P + "watch", CN + "supports", P + "pledge"),  # prp-spo2 through an endorsement
        (P + "acme", CN + "participatesIn", P + "consortium"),  # prp-spo2 through a membership
        (P + "norm-2", CN + "alignedWith", P + "norm-1"),  # prp-spo2, then prp-symp
        (ID + "norm/msft-5", rdf_type, CN + "ContestedNorm"),  # cls-svf2 and cls-hv2 through a blank alignment
    ]
    missing = [(s, p, o) for s, p, o in expected
               if (rdflib.URIRef(s), rdflib.URIRef(p), rdflib.URIRef(o)) not in inferred]
    assert missing == []
    asserted_fact = (rdflib.URIRef(ID + "state/usa"), rdflib.URIRef(CN + "supports"), rdflib.URIRef(P + "forum"))
    assert asserted_fact not in inferred  # what the input states is never restated


@requires_java
def test_the_report_says_how_it_reasoned_and_what_is_lost(with_partner: rdflib.Graph,
                                                          by_rules: ReasoningReport) -> None:
    assert by_rules.notice == (
        f"{len(with_partner):,} triples are more than HermiT realises here (0): HermiT checked their consistency "
        f"and classified the classes, and the rules of OWL 2 RL found the types and values of the individuals; "
        f"lost: {RULES_LOST}")
    assert by_rules.lost.endswith(RULES_LOST)


@requires_java
def test_a_small_input_is_still_realised_by_hermit() -> None:
    report = reason(load("inference.ttl"))
    assert report.engine == HERMIT and report.notice == ""


@requires_java
def test_the_engine_is_chosen_by_the_size_given_for_an_input_without_its_annotations() -> None:
    graph = load("inference.ttl")
    report = reason(graph, size=50_000, realise_at_most=40_000, known_consistent=True)
    assert report.engine == HERMIT_RULES
    assert report.notice.startswith("50,000 triples are more than HermiT realises here (40,000)")
    assert reason(graph, size=len(graph), realise_at_most=40_000).engine == HERMIT


@requires_java
def test_an_inconsistent_input_is_found_by_hermits_check_and_its_culprit_named() -> None:
    report = reason(load("inconsistent.ttl"), realise_at_most=ALWAYS_RULES)
    assert not report.consistent and report.engine == HERMIT_RULES
    assert len(report.inferred) == 0
    assert [clash.term for clash in report.clashes] == [ID + "actor/itu"]


@requires_java
def test_a_consistency_known_is_not_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(graph: rdflib.Graph, java: str) -> bool:
        raise AssertionError("checked again")

    monkeypatch.setattr(_owlready, "hermit_consistent", refuse)
    report = reason(load("inference.ttl"), realise_at_most=ALWAYS_RULES, known_consistent=True)
    assert report.consistent and report.engine == HERMIT_RULES
    assert (rdflib.URIRef(ID + "fr"), rdflib.RDF.type, rdflib.URIRef(CN + "MemberState")) in report.inferred


@requires_java
def test_the_subsumptions_come_from_hermits_classification() -> None:
    report = reason(load("inference.ttl"), realise_at_most=ALWAYS_RULES)
    # the domain of cn:memberOf puts cn:MemberState under cn:State: only a DL reasoner finds it
    assert (rdflib.URIRef(CN + "MemberState"), rdflib.RDFS.subClassOf, rdflib.URIRef(CN + "State")) in report.inferred


@requires_java
def test_a_heap_that_runs_out_in_the_consistency_check_is_doubled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_owlready.JAVA_MEMORY_ENV, raising=False)
    monkeypatch.setattr(_owlready, "consistency_heap_mb", lambda triples: 6)  # too small for the curated data (5,752 triples)
    heaps: list[int] = []
    check = _owlready._check_consistency

    def spy(java: str, heap_mb: int, path: Path) -> object:
        heaps.append(heap_mb)
        return check(java, heap_mb, path)

    monkeypatch.setattr(_owlready, "_check_consistency", spy)
    java = _owlready.find_java()[0]
    assert java is not None
    assert _owlready.hermit_consistent(asserted_graph(), java)
    assert heaps == [6, 12]


def test_the_consistency_checks_heap_is_sized_for_the_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_owlready.JAVA_MEMORY_ENV, raising=False)
    assert _owlready.consistency_heap_mb(20_000) == 256
    assert _owlready.consistency_heap_mb(362_479) == 490  # 450 MB held it; 400 MB ran out
    assert _owlready.consistency_heap_mb(10**8) == 4000
    monkeypatch.setenv(_owlready.JAVA_MEMORY_ENV, "1500")
    assert _owlready.consistency_heap_mb(20_000) == 1500
