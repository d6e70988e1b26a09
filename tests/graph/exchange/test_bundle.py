"""``cybernorms export --bundle DIR``: the release a partner receives. Its files, checksums that
verify, a VoID description whose counts are the dataset's, CSV tables whose rows are the SPARQL
counts, an HTML page of the ontology that escapes its text, a README; all deterministic."""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

from cybernorms import cli
from cybernorms._version import DATA_VERSION
from cybernorms.errors import UsageError
from cybernorms.ontology.html import ontology_html
from cybernorms.graph.exchange.tables import TABLES
from cybernorms.graph.build.dataset import COUNT_QUERIES
from cybernorms.graph.exchange.bundle import write_bundle
from cybernorms.outputs import WRITERS
from cybernorms.outputs import write_outputs as all_outputs
from cybernorms.graph.store.embedded import OxigraphStore

from tests.graph.exchange_helpers import fixture_store, isolated, real_store, shared_cache  # noqa: F401 - fixtures

DATE = _dt.date(2026, 1, 15)
FILES = [
    "README.md", "SHA256SUMS", "context.jsonld", "cybernorms.jsonld", "cybernorms.nq", "cybernorms.nt",
    "cybernorms.rdf", "cybernorms.trig", "cybernorms.ttl", "ontology.html", "ontology.ttl",
    "tables/actors.csv", "tables/documents.csv", "tables/events.csv", "tables/forums.csv", "tables/norms.csv",
    "void.ttl",
]
COUNT_PREFIXES = ("PREFIX cn: <https://w3id.org/cybernorms/ontology#>\n"
                  "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")


@pytest.fixture(scope="module")
def bundle(fixture_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("bundle") / "release"
    write_bundle(fixture_store, target, date=DATE)
    return target


def files_of(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def count(store: OxigraphStore, name: str) -> int:
    return int(store.query(COUNT_PREFIXES + COUNT_QUERIES[name]).rows[0][0].value)


# -- files and checksums --


def test_the_bundle_holds_every_file(bundle: Path) -> None:
    assert files_of(bundle) == FILES


def test_checksums_cover_every_other_file_and_verify(bundle: Path) -> None:
    lines = (bundle / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    names = [line.split("  ", 1)[1] for line in lines]
    assert names == [name for name in FILES if name != "SHA256SUMS"]
    for line in lines:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == digest


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils' sha256sum")
def test_sha256sum_checks_the_bundle(bundle: Path) -> None:
    done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=bundle, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK\n") == len(FILES) - 1


def test_same_dataset_and_date_same_bundle_bytes(fixture_store: OxigraphStore, bundle: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    with OxigraphStore.memory() as reloaded:  # new blank node labels, same graph
        reloaded.load(fixture_store.dump("nq"), "nq")
        write_bundle(reloaded, again, date=DATE)
    for name in FILES:
        assert (again / name).read_bytes() == (bundle / name).read_bytes(), name


def test_the_dataset_files_are_the_exports(fixture_store: OxigraphStore, bundle: Path) -> None:
    from cybernorms.graph.exchange.export import export_bytes

    for fmt, name in (("trig", "cybernorms.trig"), ("ttl", "cybernorms.ttl"), ("jsonld", "cybernorms.jsonld"),
                      ("xml", "cybernorms.rdf")):
        assert (bundle / name).read_bytes() == export_bytes(fixture_store, fmt), name
    assert (bundle / "ontology.ttl").read_bytes() == export_bytes(fixture_store, "ttl", ["https://w3id.org/cybernorms/graph/ontology"])


# -- VoID and DCAT --


@pytest.fixture(scope="module")
def void(bundle: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(bundle / "void.ttl", format="turtle")


def test_void_triple_count_is_the_datasets(void: rdflib.Graph, fixture_store: OxigraphStore) -> None:
    dataset = rdflib.URIRef("https://w3id.org/cybernorms/dataset")
    assert int(void.value(dataset, VOID.triples)) == len(fixture_store) > 1000
    partitions = [int(void.value(p, VOID.triples)) for p in void.objects(dataset, VOID.propertyPartition)]
    assert sum(partitions) == len(fixture_store)


def test_void_describes_title_version_licence_date_and_endpoint(void: rdflib.Graph) -> None:
    dataset = rdflib.URIRef("https://w3id.org/cybernorms/dataset")
    assert set(void.objects(dataset, RDF.type)) == {VOID.Dataset, DCAT.Dataset}
    assert str(void.value(dataset, DCTERMS.title)).startswith("cybernorms")
    dcat3_version = rdflib.URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; rdflib knows DCAT 2
    assert str(void.value(dataset, dcat3_version)) == str(void.value(dataset, OWL.versionInfo)) == DATA_VERSION
    assert void.value(dataset, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert void.value(dataset, DCTERMS.created) == rdflib.Literal("2026-01-15", datatype=XSD.date)
    assert void.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef("https://w3id.org/cybernorms/sparql")
    assert void.value(dataset, VOID.vocabulary) == rdflib.URIRef("https://w3id.org/cybernorms/ontology")


def test_void_class_partitions_count_the_instances(void: rdflib.Graph, fixture_store: OxigraphStore) -> None:
    dataset = rdflib.URIRef("https://w3id.org/cybernorms/dataset")
    by_class = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
                for p in void.objects(dataset, VOID.classPartition)}
    cn = rdflib.Namespace("https://w3id.org/cybernorms/ontology#")
    assert by_class[cn.NormStatement] == 2
    assert by_class[cn.State] == 2
    assert by_class[cn.ClaimGraph] == 8
    assert by_class[OWL.Class] == len(fixture_store.query(
        "SELECT DISTINCT ?c WHERE { GRAPH ?g { ?c a <http://www.w3.org/2002/07/owl#Class> } }").rows)
    assert int(void.value(dataset, VOID.classes)) == len(by_class)


def test_void_examples_and_distributions(void: rdflib.Graph, bundle: Path) -> None:
    dataset = rdflib.URIRef("https://w3id.org/cybernorms/dataset")
    examples = {str(x) for x in void.objects(dataset, VOID.exampleResource)}
    assert examples == {"https://w3id.org/cybernorms/id/norm/fix-1", "https://w3id.org/cybernorms/id/state/chn",
                        "https://w3id.org/cybernorms/id/forum/fixture-gge",
                        "https://w3id.org/cybernorms/id/document/fixture-report",
                        "https://w3id.org/cybernorms/id/event/2015-fixture-summit"}
    sizes = {str(void.value(d, DCTERMS.title)): int(void.value(d, DCAT.byteSize))
             for d in void.objects(dataset, DCAT.distribution)}
    assert sizes["cybernorms.nq"] == (bundle / "cybernorms.nq").stat().st_size
    assert sizes["tables/norms.csv"] == (bundle / "tables/norms.csv").stat().st_size
    dumps = sorted(str(d).rsplit("/", 1)[1] for d in void.objects(dataset, VOID.dataDump))
    assert dumps == ["cybernorms.jsonld", "cybernorms.nq", "cybernorms.nt", "cybernorms.rdf", "cybernorms.trig",
                     "cybernorms.ttl"]


def test_the_date_defaults_to_the_ontologys_newest_modified(fixture_store: OxigraphStore, tmp_path: Path) -> None:
    modified = fixture_store.query(
        "SELECT ?d WHERE { <https://w3id.org/cybernorms/ontology> <http://purl.org/dc/terms/modified> ?d }").rows
    write_bundle(fixture_store, tmp_path / "release")
    void = rdflib.Graph().parse(tmp_path / "release" / "void.ttl", format="turtle")
    created = void.value(rdflib.URIRef("https://w3id.org/cybernorms/dataset"), DCTERMS.created)
    assert str(created) == max(r[0].value for r in modified)


def test_the_release_is_issued_on_the_data_release_date_by_default(fixture_store: OxigraphStore,
                                                                  tmp_path: Path) -> None:
    from cybernorms._version import DATA_RELEASED

    write_bundle(fixture_store, tmp_path / "release")
    void = rdflib.Graph().parse(tmp_path / "release" / "void.ttl", format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/cybernorms/dataset")
    assert void.value(dataset, DCTERMS.issued) == rdflib.Literal(DATA_RELEASED.isoformat(), datatype=XSD.date)
    readme = (tmp_path / "release" / "README.md").read_text(encoding="utf-8")
    assert f"Release {DATA_VERSION} of {DATA_RELEASED.isoformat()}" in readme


# -- CSV tables --


def test_csv_rows_are_the_sparql_counts(bundle: Path, fixture_store: OxigraphStore) -> None:
    for table in TABLES:
        assert len(rows(bundle / "tables" / f"{table.name}.csv")) == count(fixture_store, table.name), table.name


def test_the_norms_table_reads_in_a_spreadsheet(bundle: Path) -> None:
    raw = (bundle / "tables" / "norms.csv").read_bytes()
    assert raw.startswith(b"id,notation,label,text,document,document_short_name,categories,themes\r\n")
    norms = rows(bundle / "tables" / "norms.csv")
    assert [n["id"] for n in norms] == ["https://w3id.org/cybernorms/id/norm/fix-1",
                                       "https://w3id.org/cybernorms/id/norm/fix-2"]
    assert norms[1]["text"] == 'States should protect critical infrastructure; "quotes", commas, and ünïcödé survive.'
    assert norms[1]["document_short_name"] == "FIX"
    assert norms[1]["categories"] == "I"


def test_multiple_values_are_sorted_and_joined(bundle: Path) -> None:
    forums = rows(bundle / "tables" / "forums.csv")
    assert forums == [{"id": "https://w3id.org/cybernorms/id/forum/fixture-gge", "label": "Fixture Group of Experts",
                       "types": "cn:Forum", "participants": "https://w3id.org/cybernorms/id/state/chn; "
                       "https://w3id.org/cybernorms/id/state/usa", "part_of_regime_complex": ""}]
    actors = {row["id"].rsplit("/", 1)[1]: row for row in rows(bundle / "tables" / "actors.csv")}
    assert actors["fixture-corp"]["types"] == "cn:Corporation"
    assert actors["fixture-corp"]["stakeholder_groups"] == "private sector"  # inferred from the class
    assert actors["usa"]["country_code"] == "USA"


# -- HTML documentation and README --


def test_the_html_documents_every_class_and_property(bundle: Path, fixture_store: OxigraphStore) -> None:
    page = (bundle / "ontology.html").read_text(encoding="utf-8")
    terms = fixture_store.query(
        "SELECT ?t WHERE { GRAPH <https://w3id.org/cybernorms/graph/ontology> { ?t a ?k "
        "VALUES ?k { <http://www.w3.org/2002/07/owl#Class> <http://www.w3.org/2002/07/owl#ObjectProperty> "
        "<http://www.w3.org/2002/07/owl#DatatypeProperty> } "
        "FILTER(STRSTARTS(STR(?t), 'https://w3id.org/cybernorms/ontology#')) } }").rows
    assert len(terms) > 100
    for (term,) in terms:
        local = term.value.rsplit("#", 1)[1]
        assert f'<section class="term" id="{local}">' in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert '<a href="#State"><rect' in page  # the diagram links to the sections
    assert "A sovereign state, acting through its government." in page  # a definition
    assert "<script" not in page and 'src="http' not in page and "<link" not in page  # nothing from elsewhere


def test_the_html_escapes_every_text() -> None:
    graph = rdflib.Graph()
    cn = rdflib.Namespace("https://w3id.org/cybernorms/ontology#")
    evil = '<script>alert("x")</script> & "quotes"'
    graph.add((rdflib.URIRef("https://w3id.org/cybernorms/ontology"), DCTERMS.title, rdflib.Literal(evil)))
    graph.add((cn.Thing, RDF.type, OWL.Class))
    graph.add((cn.Thing, RDFS.label, rdflib.Literal(evil)))
    graph.add((cn.Thing, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#definition"), rdflib.Literal(evil)))
    graph.add((cn.Sub, RDF.type, OWL.Class))
    graph.add((cn.Sub, RDFS.subClassOf, cn.Thing))
    graph.add((cn.Sub, RDFS.subClassOf, rdflib.URIRef('http://example.org/"><script>')))
    page = ontology_html(graph)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in page
    assert page.count("<svg") == 1


def test_the_readme_says_what_the_partner_gets(bundle: Path, fixture_store: OxigraphStore) -> None:
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    assert f"Release {DATA_VERSION} of 2026-01-15" in readme
    assert "Creative Commons Attribution 4.0" in readme
    assert f"The dataset holds {len(fixture_store):,} statements in {len(fixture_store.graphs())} named graphs" \
        in readme
    assert "8 claim graphs" in readme
    for name in FILES:
        if name != "README.md":
            assert f"`{name}`" in readme, name
    assert "sha256sum -c SHA256SUMS" in readme and "cybernorms import FILE" in readme


# -- where the bundle goes --


def test_a_new_bundle_replaces_an_earlier_one(fixture_store: OxigraphStore, tmp_path: Path) -> None:
    target = tmp_path / "release"
    write_bundle(fixture_store, target, date=DATE)
    (target / "stale.txt").write_text("from an older release")
    write_bundle(fixture_store, target, date=DATE)
    assert files_of(target) == FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]  # no staging or old folders left


def test_a_folder_of_other_files_is_refused(fixture_store: OxigraphStore, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="holds other files and is not an earlier bundle"):
        write_bundle(fixture_store, tmp_path, date=DATE)
    assert files_of(tmp_path) == ["notes.txt"]


def test_the_main_job_writes_the_release(fixture_store: OxigraphStore, tmp_path: Path) -> None:
    assert "cybernorms.graph.exchange.export:write_outputs" in WRITERS
    lines = all_outputs(fixture_store, tmp_path / "out", lambda _: None)
    release = tmp_path / "out" / "release"
    assert files_of(release) == FILES
    assert sum(1 for line in lines if str(release) in line) == len(FILES)


def test_export_bundle_command(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = isolated / "release"
    assert cli.main(["export", "--bundle", str(target), "--date", "2026-01-15"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote the release bundle {target}: {len(FILES)} files, ")
    assert files_of(target) == FILES


# -- on the curated data, whatever it holds today --


@pytest.mark.slow
def test_real_dataset_bundle_counts(real_store: OxigraphStore, tmp_path: Path) -> None:
    target = tmp_path / "release"
    write_bundle(real_store, target, date=DATE)
    void = rdflib.Graph().parse(target / "void.ttl", format="turtle")
    assert int(void.value(rdflib.URIRef("https://w3id.org/cybernorms/dataset"), VOID.triples)) == len(real_store)
    for table in TABLES:
        assert len(rows(target / "tables" / f"{table.name}.csv")) == count(real_store, table.name), table.name
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=target, timeout=60).returncode == 0
