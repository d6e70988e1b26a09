"""The YAML compiler: records become quads in claim graphs, checked against the ontology."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

from cybernorms.errors import UsageError
from cybernorms.graph.build.dataset import ONTOLOGY_FILE
from cybernorms.graph.build.compile import Vocabulary, claim_graph_iri, compile_file
from cybernorms.namespaces import CN, ID, PROVENANCE_GRAPH

VOCAB = Vocabulary.from_ontology(ONTOLOGY_FILE)
XSD = "http://www.w3.org/2001/XMLSchema#"


def compile_text(tmp_path: Path, text: str) -> list:
    path = tmp_path / "sample.yaml"
    path.write_text(text, encoding="utf-8")
    return compile_file(path, VOCAB)


def by_graph(quads: list) -> dict[str, set[tuple[str, str, str]]]:
    graphs: dict[str, set[tuple[str, str, str]]] = {}
    for q in quads:
        graphs.setdefault(q.graph_name.value, set()).add((q.subject.value, q.predicate.value, q.object.value))
    return graphs


def test_a_record_lands_in_the_claim_graph_of_its_passage(tmp_path: Path) -> None:
    quads = compile_text(tmp_path, """
source: document/ewi-2015
records:
  - id: document/coc
    type: ReferenceDocument
    at: footnote 2
    quote: United Nations A/69/723
    shortName: CoC
    dcterms:date: 2015-01-09
    submittedBy: [state/chn, state/rus]
""")
    graph = "https://w3id.org/cybernorms/graph/claim/ewi-2015/footnote-2"
    assert graph == claim_graph_iri("document/ewi-2015", "footnote 2")
    facts = by_graph(quads)
    coc = ID + "document/coc"
    assert (coc, CN + "shortName", "CoC") in facts[graph]
    assert (coc, CN + "submittedBy", ID + "state/rus") in facts[graph]
    assert (graph, "http://www.w3.org/ns/prov#wasDerivedFrom", ID + "document/ewi-2015") in facts[PROVENANCE_GRAPH]
    assert (graph, CN + "locator", "footnote 2") in facts[PROVENANCE_GRAPH]
    assert (graph, CN + "quote", "United Nations A/69/723") in facts[PROVENANCE_GRAPH]
    dates = [q.object for q in quads if q.predicate.value.endswith("/date")]
    assert dates == [Literal("2015-01-09", datatype=NamedNode(XSD + "date"))]


def test_a_year_is_stored_as_its_first_day_with_its_precision(tmp_path: Path) -> None:
    quads = compile_text(tmp_path, """
records:
  - {id: event/1998-unga, type: Event, source: document/ewi-2015, at: history, label: x, dcterms:date: 1998}
""")
    values = {q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: q.object.value for q in quads}
    assert values["date"] == "1998-01-01"
    assert values["datePrecision"] == "year"


def test_a_curator_judgement_is_attributed_to_the_curators(tmp_path: Path) -> None:
    quads = compile_text(tmp_path, """
records:
  - {id: norm/ungge-13d, source: curator, at: category of 13(d), note: not filed by the report, inCategory: category/IV}
""")
    meta = by_graph(quads)[PROVENANCE_GRAPH]
    graph = "https://w3id.org/cybernorms/graph/claim/curator/category-of-13-d"
    assert (graph, CN + "curatorJudgement", "true") in meta
    assert (graph, "http://www.w3.org/ns/prov#wasAttributedTo", ID + "agent/cybernorms-curators") in meta
    assert not any(p == "http://www.w3.org/ns/prov#wasDerivedFrom" for _, p, _ in meta)


def test_a_nested_record_gets_an_iri_under_its_parent(tmp_path: Path) -> None:
    quads = compile_text(tmp_path, """
records:
  - id: membership/un-gge-2014-2015/bra/un-odo
    type: org:Membership
    source: document/un-odo-information-security
    at: page
    org:member: state/bra
    org:memberDuring: {type: time:Interval, time:hasBeginning: {type: time:Instant, time:inXSDDate: 2014-07}}
""")
    subjects = {q.subject.value for q in quads}
    assert ID + "membership/un-gge-2014-2015/bra/un-odo/memberDuring-1/hasBeginning-1" in subjects


@pytest.mark.parametrize(
    ("record", "message"),
    [
        pytest.param("{id: x/1, type: Norm, source: s, at: p}",
                     r"sample.yaml, line 3: type 'Norm' is not a class of the ontology", id="unknown-class"),
        pytest.param("{id: x/1, source: s, at: p, stakeholdrGroup: y}",
                     r"'stakeholdrGroup' is not a property of the ontology \(did you mean cn:stakeholderGroup", id="misspelt-property"),
        pytest.param("{id: x/1, source: s}", r"needs a 'source' and an 'at'", id="no-locator"),
        pytest.param("{source: s, at: p}", r"a record needs an 'id'", id="no-id"),
        pytest.param("{id: x/1, source: s, at: p, dcterms:date: 'May 2015'}",
                     r"dcterms:date: expected a date as YYYY, YYYY-MM or YYYY-MM-DD", id="bad-date"),
        pytest.param("{id: x/1, source: s, at: p, minimumCount: three}",
                     r"cn:minimumCount: expected a whole number", id="bad-integer"),
        pytest.param("{id: x/1, source: s, at: p, foo:bar: 1}", r"unknown prefix in 'foo:bar'", id="unknown-prefix"),
    ],
)
def test_a_broken_record_is_named_with_its_line(tmp_path: Path, record: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        compile_text(tmp_path, f"records:\n\n  - {record}\n")


def test_broken_yaml_says_where(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"sample.yaml, line 3, column 1: not valid YAML: expected the node content"):
        compile_text(tmp_path, "records:\n  - {id: [\n")


def test_a_web_address_is_kept_as_a_uri_the_reasoner_accepts(tmp_path: Path) -> None:
    """Regression: HermiT refused `communiqué` in an xsd:anyURI and the build fell back to OWL 2 RL."""
    quads = compile_text(tmp_path, """
records:
  - {id: document/x, source: s, at: p, url: "https://lawfaremedia.org/article/g20-leaders-communiqué"}
""")
    (url,) = [q.object for q in quads if q.predicate.value == CN + "url"]
    assert url == Literal("https://lawfaremedia.org/article/g20-leaders-communiqu%C3%A9",
                          datatype=NamedNode(XSD + "anyURI"))


def test_natural_language_text_is_tagged_and_codes_are_not(tmp_path: Path) -> None:
    quads = compile_text(tmp_path, """
source: document/ewi-2015
records:
  - id: norm/coc-1
    type: NormStatement
    at: Appendix I
    quote: Each State voluntarily subscribing to the code pledges
    note: Read from the appendix.
    label: CoC (1)
    text: To comply with the Charter of the United Nations
    notation: "(1)"
  - id: document/coc
    at: footnote 2
    lang: fr
    quote: {value: '"Code de conduite", A/69/723', lang: fr}
    label: Code of Conduct
    skos:prefLabel: [Code of Conduct, {value: Code de conduite international, lang: en}, {value: Code de conduite international, lang: fr}]
    dcterms:title: Code de conduite international pour la sécurité de l'information
    unSymbol: A/69/723
""")
    objects = {(q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], q.object.value): q.object for q in quads}
    assert objects[("text", "To comply with the Charter of the United Nations")].language == "en"
    assert objects[("label", "CoC (1)")].language == "en"
    assert objects[("quote", "Each State voluntarily subscribing to the code pledges")].language == "en"
    assert objects[("curatorNote", "Read from the appendix.")].language == "en"
    assert {q.object.language for q in quads if q.object.value == "Code de conduite international"} == {"en", "fr"}
    assert objects[("label", "Code of Conduct")].language == "fr"  # the record's lang
    assert objects[("title", "Code de conduite international pour la sécurité de l'information")].language == "fr"
    assert objects[("quote", '"Code de conduite", A/69/723')].language == "fr"
    for code in (("notation", "(1)"), ("unSymbol", "A/69/723"), ("locator", "footnote 2")):
        assert objects[code].language is None and objects[code].datatype.value == XSD + "string"


@pytest.mark.parametrize(("record", "message"), [
    ("{id: x/1, source: s, at: p, label: {text: a}}", "text in another language is written {value: ..., lang: ...}"),
    ("{id: x/1, source: s, at: p, lang: 'en gb', label: a}", "lang 'en gb' is not a language tag"),
])
def test_a_badly_written_language_is_refused_with_its_line(tmp_path: Path, record: str, message: str) -> None:
    with pytest.raises(UsageError, match="sample.yaml, line 2: .*" + message.replace("{", r"\{").replace(".", r"\.")):
        compile_text(tmp_path, f"records:\n  - {record}\n")
