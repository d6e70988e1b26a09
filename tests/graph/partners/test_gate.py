"""``cybernorms import``: the gate partner data passes before it is merged.

Each bad file of ``bad_files/`` is refused with its own message naming the file, the line and
the problem, exit code 1, and the dataset afterwards identical to before (the partner folder
byte for byte, the built dataset quad for quad). Good files are imported into their own
graph with provenance, idempotently; a changed file replaces the graph; ``--remove`` takes it
out; ``--store DIR`` imports straight into an on-disk store.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import SH

from cybernorms import cli
from cybernorms.errors import CheckFailed, UsageError
from cybernorms.graph.build import dataset as build
from cybernorms.graph.checks.literals import XSD, lexical_problem
from cybernorms.graph.build.dataset import content_key, data_home, open_dataset
from cybernorms.graph.partners.gate import default_name, import_file, partner_graph
from cybernorms.graph.partners.safe_parse import FileRejected, format_for, parse_safely
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import CN, INFERRED_GRAPH, PARTNER_GRAPH_PREFIX, PROVENANCE_GRAPH, partner_inferred_graph

from tests.graph.exchange_helpers import (  # noqa: F401 - fixtures
    BAD_FILES,
    FIXTURE_DATA,
    PARTNER_FILES,
    canonical_set,
    isolated,
    shared_cache,
)

PORTAL = PARTNER_GRAPH_PREFIX + "portal"
EX = "https://partner.example.org/id/"


def snapshot(store_dir: Path | None = None) -> tuple[dict[str, bytes], set[str]]:
    """The partner folder byte for byte and the built dataset quad for quad (blank nodes canonical)."""
    partners = data_home() / "partners"
    files = {p.name: p.read_bytes() for p in sorted(partners.iterdir())} if partners.exists() else {}
    if store_dir is None:
        return files, canonical_set(open_dataset().store.quads())
    with OxigraphStore.open(store_dir) as store:
        return files, canonical_set(store.quads())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- the corpus of bad files --


BAD = [
    pytest.param("truncated.ttl", [], ["truncated.ttl: line 7, column 1: not valid Turtle: Unexpected end",
                                       "is it truncated?"], id="truncated-turtle"),
    pytest.param("truncated.jsonld", [], ["truncated.jsonld: line 4, column 1: not valid JSON",
                                          "is it truncated?"], id="truncated-jsonld"),
    pytest.param("latin1.ttl", [], ["latin1.ttl: line 3, column 54: bad encoding: byte 0xFC is not valid UTF-8",
                                    "Turtle files are UTF-8 by definition", "re-save it as UTF-8"],
                 id="latin1-turtle"),
    pytest.param("latin1_declared_utf8.rdf", [],
                 ["latin1_declared_utf8.rdf: line 5, column 34: bad encoding: byte 0xE8 is not valid UTF-8 although "
                  "the file declares encoding 'UTF-8'", "looks like Latin-1"], id="latin1-declared-utf8"),
    pytest.param("entity_bomb.rdf", [],
                 ["entity_bomb.rdf: line 2: entity declarations refused (10 <!ENTITY> in the DOCTYPE)",
                  "entity-expansion bomb ('billion laughs')"], id="entity-bomb"),
    pytest.param("external_entity.rdf", [],
                 ["external_entity.rdf: line 3: external entity refused: <!ENTITY secret SYSTEM ...> would make the "
                  "parser read another file or URL"], id="external-entity"),
    pytest.param("remote_context.jsonld", [],
                 ["remote_context.jsonld: line 2: remote @context refused: "
                  "https://partner.example.org/contexts/norms.jsonld is not fetched",
                  "only the context shipped with cybernorms (https://w3id.org/cybernorms/context.jsonld)"],
                 id="remote-context"),
    pytest.param("undefined_key.jsonld", [],
                 ["undefined_key.jsonld: line 5: the key 'lable' is defined by no @context, so JSON-LD would drop "
                  "its values"], id="undefined-jsonld-key"),
    pytest.param("iri_with_space.ttl", [],
                 ["iri_with_space.ttl: line 4, column 1: invalid IRI <https://partner.example.org/id/cyber portal>: "
                  "Invalid IRI code point ' ' (IRIs may not hold spaces: write %20)"], id="iri-with-space"),
    pytest.param("bad_integer.ttl", [],
                 ['bad_integer.ttl: line 7: literal does not fit its datatype: "abc" is not an xsd:integer',
                  f"object of <{CN}minimumCount> for <{EX}requirement>"], id="abc-integer"),
    pytest.param("oversize.ttl", ["--max-size", "0.0001"],
                 ["oversize.ttl: the file is 234 bytes, over the import limit of 0.0001 MB: refused before parsing"],
                 id="over-the-size-limit"),
    pytest.param("table.csv", [], ["table.csv: unknown format: cannot tell an RDF format from the extension '.csv'",
                                   "name it with --format"], id="unknown-format"),
    pytest.param("rdfxml_named.ttl", [],
                 ["rdfxml_named.ttl: line 1: wrong format: read as Turtle, but the file looks like RDF/XML",
                  "give --format xml"], id="wrong-format"),
    pytest.param("latin1.ttl", ["--format", "xml"], ["latin1.ttl: line 3, column 54: bad encoding"],
                 id="encoding-checked-before-format"),
    pytest.param("shacl_violation.ttl", [],
                 ["shacl_violation.ttl was not imported: 1 problem (shacl); the dataset is unchanged",
                  f"{EX}nameless-company rdfs:label: an actor needs a label (rdfs:label) [cnsh:ActorShape]"],
                 id="breaks-a-shacl-shape"),
    pytest.param("inconsistent.ttl", [],
                 ["inconsistent.ttl was not imported: 1 problem (consistency); the dataset is unchanged",
                  f"{EX}acme is both cn:Corporation and cn:State, which the ontology declares disjoint"],
                 id="state-and-corporation-inconsistent"),
]


@pytest.fixture(scope="session")
def portal_import(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The partner file of an accepted import of ``portal.ttl``, made once (at a fixed time, so every
    test that installs it has the same dataset and the dataset cache serves them all)."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CYBERNORMS_HOME", str(home))
        patch.setenv("CYBERNORMS_CACHE", str(tmp_path_factory.mktemp("cache")))
        patch.setattr(build, "DATA_DIR", FIXTURE_DATA)
        import_file(PARTNER_FILES / "portal.ttl", name="portal", now=_dt.datetime(2026, 1, 15, tzinfo=_dt.timezone.utc))
    return (home / "partners" / "portal.nq").read_bytes()


@pytest.mark.parametrize(("name", "options", "messages"), BAD)
def test_a_bad_file_is_refused_with_its_message_and_changes_nothing(
        isolated: Path, capsys: pytest.CaptureFixture[str], portal_import: bytes,
        name: str, options: list[str], messages: list[str]) -> None:
    (data_home() / "partners").mkdir(parents=True)
    (data_home() / "partners" / "portal.nq").write_bytes(portal_import)  # an earlier import of the same partner
    before = snapshot()
    code, out, err = run(capsys, "import", "-q", str(BAD_FILES / name), "--graph", "portal", "--replace", *options)
    assert code == 1
    assert out == ""
    assert err.startswith("cybernorms: error: ")
    for message in messages:
        assert message in err
    assert str(BAD_FILES / name) in err  # the file is named by the path given
    assert "Traceback" not in err
    assert snapshot() == before


def test_every_bad_file_has_a_case() -> None:
    covered = {param.values[0] for param in BAD}
    assert covered == {p.name for p in BAD_FILES.iterdir()}


def test_a_bad_file_in_a_real_process_is_one_message_and_exit_1(tmp_path: Path) -> None:
    env = {"CYBERNORMS_HOME": str(tmp_path / "home"), "CYBERNORMS_CACHE": str(tmp_path / "cache"),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "cybernorms", "import", str(BAD_FILES / "external_entity.rdf")],
                          capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (f"cybernorms: error: {BAD_FILES / 'external_entity.rdf'}: line 3: external entity refused: "
                           "<!ENTITY secret SYSTEM ...> would make the parser read another file or URL; "
                           "remove the DOCTYPE\n")
    assert not (tmp_path / "home").exists()


def test_the_size_limit_is_checked_before_reading(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reading(self: Path) -> bytes:
        raise AssertionError("read before the size check")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(FileRejected, match="over the import limit of 0.0001 MB"):
        parse_safely(BAD_FILES / "oversize.ttl", max_mb=0.0001)


# -- the SHACL report --


def test_report_file_for_a_shacl_failure(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = isolated / "report.ttl"
    assert run(capsys, "import", "-q", str(BAD_FILES / "shacl_violation.ttl"), "--report", str(report))[0] == 1
    graph = rdflib.Graph().parse(report, format="turtle")
    root = graph.value(None, rdflib.RDF.type, SH.ValidationReport)
    assert graph.value(root, SH.conforms) == rdflib.Literal(False)
    results = list(graph.objects(root, SH.result))
    assert len(results) == 1
    assert graph.value(results[0], SH.focusNode) == rdflib.URIRef(EX + "nameless-company")
    assert graph.value(results[0], SH.resultPath) == rdflib.RDFS.label
    assert graph.value(results[0], SH.sourceShape) == rdflib.URIRef("https://w3id.org/cybernorms/shapes#ActorShape")
    assert str(graph.value(results[0], SH.resultMessage)) == "an actor needs a label (rdfs:label)"


def test_report_file_for_an_inconsistency_and_for_a_parse_failure(
        isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = isolated / "report.ttl"
    assert run(capsys, "import", "-q", str(BAD_FILES / "inconsistent.ttl"), "--report", str(report))[0] == 1
    graph = rdflib.Graph().parse(report, format="turtle")
    result = graph.value(None, rdflib.RDF.type, SH.ValidationResult)
    assert graph.value(result, SH.focusNode) == rdflib.URIRef(EX + "acme")
    assert graph.value(result, SH.sourceConstraintComponent) == rdflib.URIRef(
        "https://w3id.org/cybernorms/shapes#ConsistencyConstraintComponent")
    assert "disjoint" in str(graph.value(result, SH.resultMessage))
    assert run(capsys, "import", "-q", str(BAD_FILES / "entity_bomb.rdf"), "--report", str(report))[0] == 1
    graph = rdflib.Graph().parse(report, format="turtle")
    result = graph.value(None, rdflib.RDF.type, SH.ValidationResult)
    assert graph.value(result, SH.focusNode) == rdflib.URIRef((BAD_FILES / "entity_bomb.rdf").as_uri())
    assert graph.value(result, SH.sourceConstraintComponent) == rdflib.URIRef(
        "https://w3id.org/cybernorms/shapes#SafeParsingConstraintComponent")


# -- good files --


def partner_triples(graph: str = PORTAL) -> set[str]:
    return canonical_set(ox.Quad(q.subject, q.predicate, q.object) for q in open_dataset().store.quads(graph))


def provenance_of(graph: str = PORTAL) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for quad in open_dataset().store.quads(PROVENANCE_GRAPH):
        if quad.subject == ox.NamedNode(graph):
            found.setdefault(quad.predicate.value, []).append(quad.object.value)
    return found


def test_import_reimport_change_and_remove(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = snapshot()
    key = content_key()
    portal = PARTNER_FILES / "portal.ttl"
    digest = hashlib.sha256(portal.read_bytes()).hexdigest()

    code, out, err = run(capsys, "import", str(portal), "--graph", "portal")
    assert code == 0
    assert out.splitlines()[0] == f"imported {portal} as {PORTAL}: 7 triples, sha256 {digest}"
    stored = data_home() / "partners" / "portal.nq"
    assert stored.is_file() and content_key() != key  # the next command rebuilds
    assert len(partner_triples()) == 7
    provenance = provenance_of()
    assert provenance[CN + "fileName"] == ["portal.ttl"]
    assert provenance[CN + "sha256"] == [digest]
    assert provenance["http://www.w3.org/1999/02/22-rdf-syntax-ns#type"] == [CN + "PartnerGraph"]
    assert provenance["http://purl.org/dc/terms/identifier"] == ["portal"]
    stamp = provenance["http://www.w3.org/ns/prov#generatedAtTime"][0]
    assert abs(_dt.datetime.fromisoformat(stamp) - _dt.datetime.now(_dt.timezone.utc)) < _dt.timedelta(minutes=5)
    store = open_dataset().store
    inferred = store.query(
        f"ASK {{ GRAPH <{partner_inferred_graph(PORTAL)}> {{ <{EX}switzerland> a <{CN}Actor> }} }}").boolean
    assert inferred  # the partner's data is reasoned over with the rest, its conclusions marked as the partner's
    assert not store.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ <{EX}switzerland> ?p ?o }} }}").boolean
    assert not store.query(f"ASK {{ <{EX}switzerland> ?p ?o }}").boolean  # not in the curated default graph

    stored_bytes = stored.read_bytes()
    code, out, _ = run(capsys, "import", str(portal), "--graph", "portal")
    assert (code, out) == (0, f"{portal} is already imported as {PORTAL} (sha256 {digest}): nothing to do\n")
    assert stored.read_bytes() == stored_bytes

    changed = PARTNER_FILES / "portal_v2.ttl"
    code, out, _ = run(capsys, "import", "-q", str(changed), "--graph", "portal", "--replace")
    assert code == 0 and out.startswith(f"replaced {changed} as {PORTAL}: 2 triples")
    assert partner_triples() == canonical_set([
        ox.Quad(ox.NamedNode(EX + "cyber-portal"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode(CN + "CivilSocietyOrganization")),
        ox.Quad(ox.NamedNode(EX + "cyber-portal"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal("Cyber Policy Portal (2nd edition)", language="en"))])
    assert provenance_of()[CN + "sha256"] == [hashlib.sha256(changed.read_bytes()).hexdigest()]

    code, out, _ = run(capsys, "import", "--remove", "portal")
    assert code == 0 and out.startswith(f"removed {PORTAL} (2 triples)")
    assert not stored.exists()
    assert snapshot() == original


def test_the_same_data_in_turtle_rdfxml_and_jsonld_with_the_shipped_context(
        isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, graph in (("portal.rdf", "from-xml"), ("portal.jsonld", "from-jsonld"), ("portal.ttl", "from-ttl")):
        assert run(capsys, "import", "-q", str(PARTNER_FILES / name), "--graph", graph)[0] == 0
    from_xml = partner_triples(PARTNER_GRAPH_PREFIX + "from-xml")
    assert len(from_xml) == 7
    assert partner_triples(PARTNER_GRAPH_PREFIX + "from-jsonld") == from_xml
    assert partner_triples(PARTNER_GRAPH_PREFIX + "from-ttl") == from_xml


def test_the_partner_name_defaults_to_the_file_name(isolated: Path) -> None:
    assert default_name(Path("Partner Data (v2).ttl")) == "partner-data-v2"
    assert partner_graph("partner/portal") == partner_graph(PORTAL) == PORTAL
    done = import_file(PARTNER_FILES / "portal_v2.ttl")
    assert done.graph == PARTNER_GRAPH_PREFIX + "portal_v2"


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(["--remove", "nobody"], "there is no partner import named 'nobody'; imports: none", id="remove-unknown"),
    pytest.param(["x.ttl", "--graph", "Bad Name"], "'Bad Name' cannot name a partner graph", id="bad-name"),
    pytest.param([], "say which FILE to import, or --remove NAME", id="no-file"),
    pytest.param(["missing.ttl"], "no such file: missing.ttl", id="missing-file"),
    pytest.param(["x.ttl", "--remove", "x"], "give either a FILE to import or --remove NAME", id="both"),
    pytest.param(["x.ttl", "--max-size", "0"], "--max-size must be a positive number", id="zero-limit"),
])
def test_import_usage_errors(isolated: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                             args: list[str], message: str) -> None:
    monkeypatch.chdir(isolated)
    (isolated / "x.ttl").write_text("<https://partner.example.org/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "
                                    "\"x\" .\n")
    code, _, err = run(capsys, "import", "-q", *args)
    assert code == 2
    assert message in err


# -- an on-disk store --


def test_import_into_an_on_disk_store(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_dir = isolated / "store"
    portal = PARTNER_FILES / "portal.ttl"
    assert run(capsys, "import", "-q", str(portal), "--graph", "portal", "--store", str(store_dir))[0] == 0
    assert not (data_home() / "partners").exists()  # straight into the store, not the default dataset
    with OxigraphStore.open(store_dir) as store:
        assert store.count(PORTAL) == 7
        assert store.query(f"ASK {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{PORTAL}> a <{CN}PartnerGraph> ; "
                           f"<{CN}sha256> \"{hashlib.sha256(portal.read_bytes()).hexdigest()}\" }} }}").boolean
        assert store.query(f"ASK {{ GRAPH <{partner_inferred_graph(PORTAL)}> {{ <{EX}switzerland> a <{CN}Actor> }} }}").boolean
        assert not store.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ <{EX}switzerland> ?p ?o }} }}").boolean
        claims = store.count(PROVENANCE_GRAPH)
    code, out, _ = run(capsys, "import", str(portal), "--graph", "portal", "--store", str(store_dir))
    assert code == 0 and "nothing to do" in out

    before = snapshot(store_dir)
    assert run(capsys, "import", "-q", str(BAD_FILES / "inconsistent.ttl"), "--graph", "portal", "--replace",
               "--store", str(store_dir))[0] == 1
    assert snapshot(store_dir) == before

    assert run(capsys, "import", "-q", "--remove", "portal", "--store", str(store_dir))[0] == 0
    with OxigraphStore.open(store_dir) as store:
        assert PORTAL not in store.graphs() and partner_inferred_graph(PORTAL) not in store.graphs()
        assert store.count(PROVENANCE_GRAPH) == claims - 6
        assert not store.query(f"ASK {{ GRAPH ?g {{ <{EX}switzerland> ?p ?o }} }}").boolean


# -- the checks one by one --


@pytest.mark.parametrize(("lexical", "datatype", "problem"), [
    pytest.param("abc", "integer", '"abc" is not an xsd:integer', id="integer"),
    pytest.param("-1", "nonNegativeInteger", "out of the range of xsd:nonNegativeInteger", id="range"),
    pytest.param("300", "byte", "out of the range of xsd:byte (-128 to 127)", id="byte"),
    pytest.param("2015-02-30", "date", "February has no day 30", id="calendar"),
    pytest.param("2015-13-01", "date", "there is no month 13", id="month"),
    pytest.param("15/01/2015", "date", "is not an xsd:date (YYYY-MM-DD", id="date-format"),
    pytest.param("yes", "boolean", "is not an xsd:boolean (true, false, 1 or 0)", id="boolean"),
    pytest.param("1,5", "decimal", "is not an xsd:decimal", id="decimal-comma"),
    pytest.param(" 7", "integer", "leading or trailing white space", id="white-space"),
    pytest.param("2015-01-09T10:00:00", "dateTimeStamp", "is not an xsd:dateTimeStamp", id="no-time-zone"),
    pytest.param("a b", "anyURI", "is not an xsd:anyURI", id="any-uri"),
])
def test_a_literal_that_does_not_fit_its_datatype(lexical: str, datatype: str, problem: str) -> None:
    found = lexical_problem(lexical, XSD + datatype)
    assert found is not None and problem in found


@pytest.mark.parametrize(("lexical", "datatype"), [
    ("42", "integer"), ("-0", "integer"), ("1.5", "decimal"), (".5", "decimal"), ("1.5E3", "double"),
    ("INF", "float"), ("NaN", "double"), ("true", "boolean"), ("0", "boolean"), ("2016-02-29", "date"),
    ("2015-01-09Z", "date"), ("2015-01-09T10:00:00+01:00", "dateTime"), ("2015", "gYear"), ("2015-12", "gYearMonth"),
    ("P1Y2M3DT4H5M6.5S", "duration"), ("en-GB", "language"), ("anything at all", "string"),
    ("https://example.org/a", "anyURI"), ("3q2+7w==", "base64Binary"), ("0FB8", "hexBinary"),
])
def test_a_literal_that_fits(lexical: str, datatype: str) -> None:
    assert lexical_problem(lexical, XSD + datatype) is None


def test_format_from_the_extension_or_the_option(tmp_path: Path) -> None:
    assert format_for(Path("a.TTL")) == "ttl"
    assert format_for(Path("a.owl")) == "xml"
    assert format_for(Path("a.json")) == "jsonld"
    assert format_for(Path("a.data"), "nq") == "nq"
    with pytest.raises(UsageError, match="unknown RDF format 'csv'"):
        format_for(Path("a.ttl"), "csv")
    with pytest.raises(CheckFailed, match="cannot tell an RDF format from a file without an extension"):
        format_for(Path("README"))


def test_named_graphs_of_a_partner_file_are_merged_into_its_graph(
        isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trig = isolated / "portal.trig"
    trig.write_text(f"<{EX}g1> {{ <{EX}x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\"@en }}\n"
                    f"<{EX}g2> {{ <{EX}y> <http://www.w3.org/2000/01/rdf-schema#label> \"y\"@en }}\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(trig))
    assert code == 0 and "2 triples" in out
    assert f"the file's 2 named graphs were merged into {PARTNER_GRAPH_PREFIX}portal" in err
    assert build.partner_files() == [data_home() / "partners" / "portal.nq"]


def test_an_untagged_name_is_refused_with_the_fix(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ttl = isolated / "untagged.ttl"
    ttl.write_text(f"<{EX}x> <http://www.w3.org/2000/01/rdf-schema#label> \"Cyber Policy Portal\" .\n",
                   encoding="utf-8")
    code, out, err = run(capsys, "import", str(ttl))
    assert code != 0 and out == ""
    assert 'rdfs:label is natural-language text: write it with a language tag, such as "..."@en' in err
    assert build.partner_files() == []  # nothing merged


@pytest.mark.parametrize(("name", "content", "message"), [
    pytest.param("relative.jsonld", b'{"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"},\n'
                 b' "@id": "portal", "label": "x"}', "line 2: invalid IRI 'portal': No scheme found", id="relative-iri"),
    pytest.param("plain_doctype.rdf", b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF>\n<rdf:RDF xmlns:rdf='
                 b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n', "line 2: DOCTYPE refused", id="doctype"),
    pytest.param("latin1_declared.rdf", b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<rdf:RDF/>\n',
                 "line 1: the file declares encoding 'ISO-8859-1'; only UTF-8 is accepted", id="declared-latin1"),
    pytest.param("broken.rdf", b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-'
                 b'ns#">\n<rdf:Description>\n</rdf:RDF>\n', "line 4, column 3: not well-formed XML: mismatched tag",
                 id="xml-syntax"),
    pytest.param("empty.ttl", b"# nothing here\n", "the file holds no triples", id="empty"),
    pytest.param("relative.ttl", b"<portal> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .\n",
                 "line 1, column 1: invalid IRI <portal>", id="relative-turtle-iri"),
])
def test_more_safe_parsing_refusals(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileRejected) as refused:
        parse_safely(path)
    assert str(refused.value).startswith(f"{path}: ")
    assert message in str(refused.value)


def test_an_import_above_the_realisation_limit_is_checked_by_hermit_and_inferred_by_the_rules(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above ``REALISE_AT_MOST`` triples the gate's reasoning is HermiT's consistency check with the rules for
    the individuals: the store ends the same as with HermiT's realisation, the import says how it reasoned,
    and an inconsistent file is still refused, naming its culprit."""
    from cybernorms.ontology import reasoning

    now = _dt.datetime(2026, 1, 15, tzinfo=_dt.timezone.utc)
    portal = PARTNER_FILES / "portal.ttl"
    realised = import_file(portal, name="portal", store_dir=isolated / "realised", now=now)
    assert not any("more than HermiT realises" in notice for notice in realised.notices)
    monkeypatch.setattr(reasoning, "REALISE_AT_MOST", 0)
    ruled = import_file(portal, name="portal", store_dir=isolated / "ruled", now=now)
    assert any("triples are more than HermiT realises here (0): HermiT checked their consistency" in notice
               for notice in ruled.notices)
    assert snapshot(isolated / "ruled")[1] == snapshot(isolated / "realised")[1]
    with OxigraphStore.open(isolated / "ruled") as store:
        assert store.query(f"ASK {{ GRAPH <{partner_inferred_graph(PORTAL)}> {{ <{EX}switzerland> a <{CN}Actor> }} }}").boolean

    before = snapshot(isolated / "ruled")
    with pytest.raises(CheckFailed, match=f"{EX}acme is both cn:Corporation and cn:State"):
        import_file(BAD_FILES / "inconsistent.ttl", name="portal", replace=True, store_dir=isolated / "ruled", now=now)
    assert snapshot(isolated / "ruled") == before
