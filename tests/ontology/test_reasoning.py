"""The reasoner: what HermiT infers, how it names culprits, and the OWL 2 RL fallback without Java."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import owlready2
import pytest
import rdflib

from cybernorms.errors import UsageError
from cybernorms.namespaces import CN, ID, expand, shorten
from cybernorms.ontology import _owlready
from cybernorms.cli.dataset import run_reason as run_reason_command
from cybernorms.ontology.reasoning import HERMIT, OWLRL, RL_LOST, ReasoningReport, reason

FIXTURES = Path(__file__).parent / "fixtures"

requires_java = pytest.mark.xfail(
    _owlready.find_java()[0] is None, reason="no Java runtime: HermiT cannot run", strict=True
)

#: What both engines infer from inference.ttl ...
COMMON = {
    ("cnid:de", "rdf:type", "cn:Actor"),
    ("cnid:fr", "rdf:type", "cn:Actor"),
    ("cnid:fr", "rdf:type", "cn:State"),
    ("cnid:fr", "rdf:type", "cn:MemberState"),
    ("cnid:fr", "cn:memberOf", "cnid:un"),
    ("cnid:un", "rdf:type", "cn:Forum"),
    ("cnid:un", "cn:hasMember", "cnid:fr"),
}
#: ... and the subsumptions only HermiT finds (the domain of cn:memberOf puts cn:MemberState under cn:State).
HERMIT_ONLY = {
    ("cn:MemberState", "rdfs:subClassOf", "cn:State"),
    ("cn:MemberState", "rdfs:subClassOf", "cn:Actor"),
}


def load(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(FIXTURES / name, format="turtle")


def curies(graph: rdflib.Graph) -> set[tuple[str, ...]]:
    return {tuple(shorten(str(term)) for term in triple) for triple in graph}


@pytest.fixture(scope="module")
def hermit_report() -> ReasoningReport:
    return reason(load("inference.ttl"))


@requires_java
def test_hermit_infers_types_values_and_subsumptions(hermit_report: ReasoningReport) -> None:
    assert hermit_report.engine == HERMIT
    assert hermit_report.consistent
    assert curies(hermit_report.inferred) == COMMON | HERMIT_ONLY


def test_owl_rl_infers_all_but_the_entailed_subsumptions() -> None:
    report = reason(load("inference.ttl"), engine="owlrl")
    assert (report.engine, report.consistent, report.notice, report.lost) == (OWLRL, True, "", RL_LOST)
    assert curies(report.inferred) == COMMON


@pytest.mark.parametrize("engine", [pytest.param("hermit", id="hermit", marks=requires_java),
                                    pytest.param("owlrl", id="owlrl")])
def test_inferred_graph_never_restates_the_input(engine: str) -> None:
    graph = load("inference.ttl")
    inferred = reason(graph, engine=engine).inferred
    assert len(inferred) > 0
    assert not set(inferred) & set(graph)


@requires_java
def test_classified_lists_new_most_specific_types_only(hermit_report: ReasoningReport) -> None:
    # cnid:de's new type cn:Actor is a superclass of its asserted cn:State: inferred, not "classified".
    assert hermit_report.classified == [(ID + "un", CN + "Forum"), (ID + "fr", CN + "MemberState")]


@requires_java
def test_inverse_values_owlready2_drops_are_restored(hermit_report: ReasoningReport) -> None:
    # Regression: owlready2 discards HermiT's cn:hasMember(un, fr) because memberOf(fr, un) "is known".
    assert (expand("cnid:un"), expand("cn:hasMember"), expand("cnid:fr")) in {
        tuple(str(t) for t in triple) for triple in hermit_report.inferred
    }


@pytest.mark.parametrize("engine", [pytest.param("hermit", id="hermit", marks=requires_java),
                                    pytest.param("owlrl", id="owlrl")])
def test_sub_property_values_of_a_chained_property_are_inferred(engine: str) -> None:
    # Regression: HermiT's "known instances" of cn:issuedBy, which a property chain uses, leave
    # out the values of its sub-property cn:submittedBy.
    assert curies(reason(load("chain.ttl"), engine=engine).inferred) == {
        ("cnid:coc", "cn:issuedBy", "cnid:chn"),
        ("cnid:chn", "cn:proposes", "cnid:norm"),
    }


@requires_java
def test_owl_imports_are_not_downloaded_and_say_so(hermit_report: ReasoningReport) -> None:
    # Regression: owlready2's load() fetches every owl:imports over the network.
    assert "owl:imports not followed (http://www.w3.org/ns/org#)" in hermit_report.lost


@requires_java
def test_unsupported_datatypes_do_not_stop_hermit(hermit_report: ReasoningReport) -> None:
    # Regression: HermiT throws UnsupportedDatatypeException on xsd:date unless told to ignore it.
    assert hermit_report.notice == ""
    assert hermit_report.lost.startswith(
        "HermiT ignores literals of datatypes outside the OWL 2 datatype map (xsd:date)"
    )


@pytest.mark.parametrize("engine", [pytest.param("hermit", id="hermit", marks=requires_java),
                                    pytest.param("owlrl", id="owlrl")])
def test_inconsistency_names_the_individual_and_the_disjointness_axiom(engine: str) -> None:
    report = reason(load("inconsistent.ttl"), engine=engine)
    assert not report.consistent
    assert len(report.inferred) == 0
    assert [clash.term for clash in report.clashes] == [ID + "actor/itu"]
    assert report.explanation == (
        "cnid:actor/itu is both cn:Actor and cn:Forum, which the ontology declares disjoint "
        "(owl:AllDisjointClasses); cn:Actor from: asserted rdf:type cn:State; cn:State rdfs:subClassOf "
        "cn:Actor; cn:Forum from: asserted rdf:type cn:Forum"
    )


@pytest.mark.parametrize("engine", [pytest.param("hermit", id="hermit", marks=requires_java),
                                    pytest.param("owlrl", id="owlrl")])
def test_unsatisfiable_class_is_named_with_its_disjoint_superclasses(engine: str) -> None:
    report = reason(load("unsatisfiable.ttl"), engine=engine)
    assert report.consistent
    assert report.unsatisfiable_classes == [CN + "StateForum"]
    assert [clash.message for clash in report.clashes] == [
        "cn:StateForum is unsatisfiable: every cn:StateForum would be both cn:Actor and cn:Forum, which the "
        "ontology declares disjoint (owl:AllDisjointClasses); cn:Actor from: cn:StateForum rdfs:subClassOf "
        "cn:State; cn:State rdfs:subClassOf cn:Actor; cn:Forum from: cn:StateForum rdfs:subClassOf cn:Forum"
    ]


@pytest.mark.slow  # about eight HermiT runs
@requires_java
def test_bisection_finds_the_minimal_assertions_hermit_rejects() -> None:
    report = reason(load("bisection.ttl"))
    assert not report.consistent
    assert [clash.term for clash in report.clashes] == [ID + "a"]
    head, *lines = report.explanation.splitlines()
    assert head.startswith(
        "HermiT proves the graph inconsistent and no class disjointness or functional property explains it "
        "directly; these assertions about cnid:a, cnid:b contradict the ontology (a minimal set, found by "
        "re-running HermiT "
    )
    assert lines == ["  cnid:a cn:controls cnid:b .", "  cnid:b cn:controls cnid:a ."]


def test_owl_rl_falls_back_on_its_own_messages_when_the_diagnosis_finds_nothing() -> None:
    report = reason(load("bisection.ttl"), engine="owlrl")
    assert not report.consistent
    assert report.explanation.splitlines() == [
        "OWL 2 RL: Erroneous usage of asymmetric property cn:controls on cnid:a and cnid:b",
        "OWL 2 RL: Erroneous usage of asymmetric property cn:controls on cnid:b and cnid:a",
    ]
    assert [clash.term for clash in report.clashes] == [ID + "a", ID + "b"]


def test_no_java_falls_back_to_owl_rl_with_one_line_saying_what_is_lost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(_owlready.JAVA_ENV, "/nonexistent")
    report = reason(load("inference.ttl"))
    assert report.engine == OWLRL
    assert report.notice == (
        f"no Java runtime found (CYBERNORMS_JAVA=/nonexistent): reasoning with OWL 2 RL (owlrl) instead; "
        f"lost: {RL_LOST}"
    )
    assert "\n" not in report.notice
    assert curies(report.inferred) == COMMON


def test_failing_java_falls_back_to_owl_rl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_owlready.JAVA_ENV, "false")  # a "Java" that exits 1 without a word
    report = reason(load("inference.ttl"))
    assert report.engine == OWLRL
    assert report.notice == (
        f"HermiT failed (Java exited with an error and no message): reasoning with OWL 2 RL (owlrl) instead; "
        f"lost: {RL_LOST}"
    )


def test_javas_heap_is_sized_for_the_input_or_set_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_owlready.JAVA_MEMORY_ENV, raising=False)
    assert _owlready.java_heap_mb(5_000) == 384  # the curated data
    assert _owlready.java_heap_mb(40_000) == 456  # with a 5 MB partner file
    assert _owlready.java_heap_mb(2_000_000) == 2000  # owlready2's own default, the most
    monkeypatch.setenv(_owlready.JAVA_MEMORY_ENV, "1500")
    assert _owlready.java_heap_mb(5_000) == 1500


@requires_java
def test_a_heap_too_small_falls_back_to_owl_rl_saying_how_to_give_java_more(monkeypatch: pytest.MonkeyPatch) -> None:
    from cybernorms.graph.build.dataset import asserted_graph

    monkeypatch.setenv(_owlready.JAVA_MEMORY_ENV, "64")
    report = reason(asserted_graph())
    assert report.engine == OWLRL and report.consistent
    assert report.notice.startswith("HermiT failed (Java ran out of its 64 MB heap reasoning over ")
    assert "set CYBERNORMS_JAVA_MEMORY to more megabytes (e.g. 128)" in report.notice


def test_a_heap_that_is_no_number_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_owlready.JAVA_MEMORY_ENV, "lots")
    report = reason(load("inference.ttl"))
    assert report.engine == OWLRL
    assert report.notice.startswith("HermiT failed (CYBERNORMS_JAVA_MEMORY='lots' is not a number of megabytes")


def test_unknown_engine_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown reasoning engine 'pellet'; use 'hermit' or 'owlrl'"):
        reason(rdflib.Graph(), engine="pellet")


@requires_java
def test_each_call_uses_a_fresh_world_and_says_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    before = list(owlready2.default_world.ontologies)
    assert not reason(load("inconsistent.ttl")).consistent
    assert reason(load("clean.ttl")).consistent
    assert list(owlready2.default_world.ontologies) == before
    assert capfd.readouterr() == ("", "")


@requires_java
def test_no_temporary_file_is_left_behind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Regression: owlready2 leaves its N-Triples copy in the temp dir when HermiT finds an inconsistency.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert not reason(load("inconsistent.ttl")).consistent
    assert list(tmp_path.iterdir()) == []


# -- cybernorms reason --


def command(path: Path, *, quiet: bool = False) -> argparse.Namespace:
    return argparse.Namespace(ontology=str(path), store=None, quiet=quiet)


@requires_java
def test_reason_command_prints_engine_counts_and_classified_individuals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = FIXTURES / "inference.ttl"
    assert run_reason_command(command(path)) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert err == ""
    assert lines[0] == f"reasoned over {path} (32 triples)"
    assert lines[1].startswith("HermiT: consistent in ")
    assert lines[1].endswith(
        " s; 9 inferred triples (5 types, 2 property values, 2 class axioms); 2 individuals classified; "
        "0 unsatisfiable classes"
    )
    assert lines[2].startswith("lost: HermiT ignores literals of datatypes outside the OWL 2 datatype map")
    assert lines[3:] == [
        "classified (new most specific types):",
        "  cn:Forum (1): cnid:un",
        "  cn:MemberState (1): cnid:fr",
    ]


def test_reason_command_without_java_exits_1_on_inconsistency(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(_owlready.JAVA_ENV, "/nonexistent")
    assert run_reason_command(command(FIXTURES / "inconsistent.ttl", quiet=True)) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"no Java runtime found (CYBERNORMS_JAVA=/nonexistent): reasoning with OWL 2 RL (owlrl) instead; "
        f"lost: {RL_LOST}"
    ]
    lines = out.splitlines()
    assert lines[1].startswith("OWL 2 RL (owlrl): INCONSISTENT in ")
    assert lines[1].endswith(" s; nothing inferred")
    assert lines[2].startswith("  cnid:actor/itu is both cn:Actor and cn:Forum, which the ontology declares")
    assert len(lines) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(None, "no such file", id="missing"),
        pytest.param("cn:X a owl:Class", "not valid Turtle", id="malformed"),
    ],
)
def test_reason_command_rejects_unreadable_files(tmp_path: Path, text: str | None, message: str) -> None:
    path = tmp_path / "ontology.ttl"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message) as caught:
        run_reason_command(command(path))
    assert caught.value.exit_code == 2
    assert str(path) in caught.value.message
