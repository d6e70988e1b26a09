"""The ontology lint: one broken fixture per pitfall, each found alone, and `cybernorms validate`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
import rdflib

from cybernorms.ontology import _owlready
from cybernorms.ontology import lint as lint_module
from cybernorms.cli.dataset import VALIDATE_CHECKS
from cybernorms.cli.dataset import run_validate as run_validate_command
from cybernorms.ontology.lint import (
    CODES,
    Finding,
    lint,
    lint_file,
    lint_source,
)
from cybernorms.ontology.reasoning import RL_LOST

FIXTURES = Path(__file__).parent / "fixtures"
ONTOLOGY = "https://w3id.org/cybernorms/ontology"
NO_JAVA = (
    f"no Java runtime found (CYBERNORMS_JAVA=/nonexistent): reasoning with OWL 2 RL (owlrl) instead; "
    f"lost: {RL_LOST}"
)

requires_java = pytest.mark.xfail(
    _owlready.find_java()[0] is None, reason="no Java runtime: HermiT cannot run", strict=True
)


def case(name: str, code: str, term: str, *message: str, marks: Any = ()) -> Any:
    """One broken fixture, the one finding it must give, and a readable id (its file name)."""
    return pytest.param(name, code, term, "".join(message), id=name.removesuffix(".ttl"), marks=marks)


BROKEN = [
    case("p38_no_ontology.ttl", "P38", ONTOLOGY,
         f"no owl:Ontology declaration: declare <{ONTOLOGY}> a owl:Ontology with its metadata ",
         "(owl:versionIRI, dcterms:license, ...)"),
    case("p41_no_licence.ttl", "P41", ONTOLOGY,
         "the ontology declares no licence: add dcterms:license with the licence's IRI"),
    case("versioniri_missing.ttl", "versionIRI", ONTOLOGY,
         "the ontology has no owl:versionIRI: add one per release (e.g. <.../ontology/0.1.0>)"),
    case("undeclared_misspelt.ttl", "undeclared", "cn:memberof",
         "used (object of rdfs:subPropertyOf) but declared nowhere; did you mean cn:memberOf?"),
    case("p34_untyped_class.ttl", "P34", "org:Organization",
         "used as a class (object of rdfs:subClassOf) but not declared owl:Class: ",
         "add `org:Organization a owl:Class`"),
    case("p35_untyped_property.ttl", "P35", "org:memberOf",
         "used as a property (object of rdfs:subPropertyOf) but not declared owl:ObjectProperty, ",
         "owl:DatatypeProperty or owl:AnnotationProperty"),
    case("p08_no_definition.ttl", "P08", "cn:State", "has no skos:definition"),
    case("p08_empty_comment.ttl", "P08", "cn:State", "has an empty rdfs:comment"),
    case("isdefinedby_wrong.ttl", "isDefinedBy", "cn:Forum",
         f"rdfs:isDefinedBy <{ONTOLOGY}#> differs from the ontology IRI <{ONTOLOGY}>"),
    case("p11_no_range.ttl", "P11", "cn:memberOf", "object property without rdfs:range"),
    case("p19_two_domains.ttl", "P19", "cn:memberOf",
         "has 2 rdfs:domain statements (cn:Actor, cn:State); OWL reads them as an intersection: ",
         "give one class, an owl:unionOf if either is meant"),
    case("range_datatype_object.ttl", "range-datatype", "cn:memberOf",
         "is an owl:ObjectProperty but its rdfs:range xsd:string is a datatype"),
    case("range_datatype_data.ttl", "range-datatype", "cn:established",
         "is an owl:DatatypeProperty but its rdfs:range cn:Forum is a class"),
    case("p04_unconnected.ttl", "P04", "cn:Treaty",
         "takes part in no axiom (no superclass or subclass, domain, range, restriction, ",
         "disjointness or member): connect it or remove it"),
    case("inconsistent.ttl", "consistency", "cnid:actor/itu",
         "cnid:actor/itu is both cn:Actor and cn:Forum, which the ontology declares disjoint ",
         "(owl:AllDisjointClasses); cn:Actor from: asserted rdf:type cn:State; ",
         "cn:State rdfs:subClassOf cn:Actor; cn:Forum from: asserted rdf:type cn:Forum [HermiT]",
         marks=requires_java),
    case("unsatisfiable.ttl", "unsatisfiable", "cn:StateForum",
         "cn:StateForum is unsatisfiable: every cn:StateForum would be both cn:Actor and cn:Forum, ",
         "which the ontology declares disjoint (owl:AllDisjointClasses); cn:Actor from: ",
         "cn:StateForum rdfs:subClassOf cn:State; cn:State rdfs:subClassOf cn:Actor; cn:Forum from: ",
         "cn:StateForum rdfs:subClassOf cn:Forum [HermiT]",
         marks=requires_java),
]


@requires_java
def test_clean_fixture_has_no_findings() -> None:
    assert lint_file(FIXTURES / "clean.ttl") == []


@pytest.mark.parametrize(("name", "code", "term", "message"), BROKEN)
def test_each_broken_fixture_triggers_exactly_its_code(name: str, code: str, term: str, message: str) -> None:
    assert lint_file(FIXTURES / name) == [Finding(code, term, message)]


def test_every_code_is_documented_and_has_a_test() -> None:
    tested = {case.values[1] for case in BROKEN} | {"commented-axiom", "syntax"}
    assert tested == set(CODES)


def test_commented_axioms_in_the_source_are_found() -> None:
    found = lint_file(FIXTURES / "commented_axiom.ttl", consistency=False)
    assert [(f.code, f.term, f.message) for f in found] == [
        ("commented-axiom", "line 33", "commented-out triple left in the source: "
                                       "rdfs:subClassOf cn:Forum ;  (delete it, or restore it)"),
        ("commented-axiom", "line 40", "commented-out triple left in the source: "
                                       "cn:Forum rdfs:subClassOf cn:Actor .  (delete it, or restore it)"),
    ]


PREFIXES = (
    "@prefix cn: <https://w3id.org/cybernorms/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)


@pytest.mark.parametrize(
    ("comment", "is_axiom"),
    [
        pytest.param("# cn:X rdfs:subClassOf cn:Y .", True, id="whole-triple"),
        pytest.param("#cn:X rdfs:subClassOf cn:Y", True, id="no-space-no-dot"),
        pytest.param('    #    rdfs:label "x"@en ;', True, id="continuation-line"),
        pytest.param("# -- Actors --", False, id="banner"),
        pytest.param("# Forums meet; regimes bind: see the EWI report, p. 12.", False, id="prose-with-colon"),
        pytest.param("# See https://oops.linkeddata.es/catalogue.jsp for codes.", False, id="prose-with-url"),
        pytest.param("# cn:State is a sovereign state.", False, id="prose-naming-a-term"),
        pytest.param("# unknown:X rdfs:subClassOf cn:Y .", False, id="undeclared-prefix"),
    ],
)
def test_lint_source_tells_axioms_from_comments(comment: str, is_axiom: bool) -> None:
    findings = lint_source(PREFIXES + comment + "\n")
    assert [f.term for f in findings] == (["line 3"] if is_axiom else [])


def test_lint_source_ignores_hash_lines_inside_long_strings() -> None:
    text = PREFIXES + 'cn:X rdfs:comment """Notes:\n# cn:X rdfs:subClassOf cn:Y .\n""" .\n'
    assert lint_source(text) == []


def clean_with(old: str, new: str) -> rdflib.Graph:
    """The clean fixture with one change, parsed."""
    text = (FIXTURES / "clean.ttl").read_text(encoding="utf-8")
    assert old in text
    return rdflib.Graph().parse(data=text.replace(old, new), format="turtle")


def test_undeclared_reused_annotation_property_is_P35() -> None:
    graph = clean_with("skos:definition a owl:AnnotationProperty .", "")
    assert lint(graph, consistency=False) == [
        Finding("P35", "skos:definition", "used as a property (predicate of a triple) but not declared "
                "owl:ObjectProperty, owl:DatatypeProperty or owl:AnnotationProperty"),
    ]


def test_a_term_declared_as_the_wrong_kind_is_P34_not_undeclared() -> None:
    graph = clean_with("rdfs:subClassOf cn:Actor ;", "rdfs:subClassOf cn:memberOf ;")
    assert lint(graph, consistency=False) == [
        Finding("P34", "cn:memberOf", "used as a class (object of rdfs:subClassOf) but not declared "
                "owl:Class (declared only owl:ObjectProperty): add `cn:memberOf a owl:Class`"),
    ]


def test_one_union_domain_is_not_P19() -> None:
    graph = clean_with("    rdfs:domain cn:State ;\n    rdfs:range cn:Forum ;",
                       "    rdfs:domain [ a owl:Class ; owl:unionOf ( cn:State cn:Forum ) ] ;\n"
                       "    rdfs:range cn:Forum ;")
    assert lint(graph, consistency=False) == []


def test_two_definitions_in_one_language_are_P08() -> None:
    graph = clean_with('skos:definition "A sovereign state."@en ;',
                       'skos:definition "A sovereign state."@en , "A country."@en ;')
    assert lint(graph, consistency=False) == [
        Finding("P08", "cn:State", "has 2 skos:definition values in @en: keep one"),
    ]


def test_a_class_typing_an_individual_is_connected() -> None:
    text = (FIXTURES / "p04_unconnected.ttl").read_text(encoding="utf-8")
    text += "\n<https://w3id.org/cybernorms/id/norm/t> a cn:Treaty .\n"
    assert lint(rdflib.Graph().parse(data=text, format="turtle"), consistency=False) == []


def test_an_inverse_with_domain_and_range_satisfies_P11() -> None:
    graph = clean_with(
        "# -- Forums and regimes --\n",
        "# -- Forums and regimes --\n"
        "cn:hasMember a owl:ObjectProperty ; owl:inverseOf cn:memberOf ;\n"
        '    rdfs:label "has member"@en ;\n'
        '    skos:definition "The forum has the state as a member."@en ;\n'
        "    rdfs:isDefinedBy <https://w3id.org/cybernorms/ontology> .\n",
    )
    assert lint(graph, consistency=False) == []


def test_consistency_false_does_not_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("reasoner called")

    monkeypatch.setattr(lint_module, "reason", fail)
    assert lint(rdflib.Graph().parse(FIXTURES / "inconsistent.ttl"), consistency=False) == []


def test_syntax_error_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix cn: <https://w3id.org/cybernorms/ontology#> .\ncn:X a \n", encoding="utf-8")
    [finding] = lint_file(path)
    assert (finding.code, finding.term) == ("syntax", str(path))
    assert "\n" not in finding.message


# -- cybernorms validate --


def test_validate_lints_the_ontology_then_checks_the_data() -> None:
    assert [name for name, _ in VALIDATE_CHECKS] == ["ontology lint", "data (SHACL shapes, sources)"]


def test_validate_prints_one_line_per_finding_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(ontology=str(FIXTURES / "p11_no_range.ttl"))
    assert run_validate_command(args) == 1
    assert capsys.readouterr().out == (
        "P11  cn:memberOf  object property without rdfs:range\n"
        "validate: 1 finding (ontology lint: 1; data (SHACL shapes, sources): 0)\n"
    )


@requires_java
def test_validate_clean_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_validate_command(argparse.Namespace(ontology=str(FIXTURES / "clean.ttl"))) == 0
    assert capsys.readouterr() == ("validate: clean (ontology lint: 0; data (SHACL shapes, sources): 0)\n", "")


def test_validate_without_java_says_so_and_still_finds_the_clash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(_owlready.JAVA_ENV, "/nonexistent")
    assert run_validate_command(argparse.Namespace(ontology=str(FIXTURES / "inconsistent.ttl"))) == 1
    out, err = capsys.readouterr()
    assert err == NO_JAVA + "\n"
    first = out.splitlines()[0]
    assert first.startswith("consistency  cnid:actor/itu  cnid:actor/itu is both cn:Actor and cn:Forum")
    assert first.endswith("[OWL 2 RL (owlrl)]")
