"""The partner data shipped with the package: in every built dataset, through the gate, marked as the partner's.

The main job (``cybernorms build --out out``) is run once, in a real process, from a copy of the package in a
folder with nothing beside it (as a user's clone or an installed wheel has it: no ``../shared``), with fresh
user folders. Its release and views hold the Paris Call supporters in the partner graphs ``partner/iso-3166``
and ``partner/paris-call``, each described in the provenance graph as the gate describes an import.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybernorms import cli
from cybernorms.graph.build import dataset
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.graph.partners.shipped import PARIS_CALL_CSV, SHIPPED_AT
from cybernorms.namespaces import CN, ID, PARTNER_GRAPH_PREFIX, PREFIXES, PROVENANCE_GRAPH

PACKAGE = Path(dataset.__file__).resolve().parents[2]
PARIS_CALL = PARTNER_GRAPH_PREFIX + "paris-call"
ISO_3166 = PARTNER_GRAPH_PREFIX + "iso-3166"


@dataclass(frozen=True)
class MainJob:
    """A run of the main job from a clone-like copy of the package."""

    root: Path
    out: Path
    cache: Path
    stdout: str


@pytest.fixture(scope="module")
def main_job(tmp_path_factory: pytest.TempPathFactory) -> MainJob:
    root = tmp_path_factory.mktemp("clone")
    shutil.copytree(PACKAGE, root / "src" / "cybernorms", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(root / "home"),
           "CYBERNORMS_HOME": str(root / "data-home"), "CYBERNORMS_CACHE": str(root / "cache"),
           "PYTHONPATH": str(root / "src"), "JAVA_HOME": os.environ.get("JAVA_HOME", "")}
    done = subprocess.run([sys.executable, "-m", "cybernorms", "build", "--out", "out", "-q"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return MainJob(root, root / "out", root / "cache", done.stdout)


def release_quads(job: MainJob) -> list[ox.Quad]:
    return list(ox.parse(path=str(job.out / "release" / "cybernorms.nq"), format=ox.RdfFormat.N_QUADS))


@pytest.mark.slow
def test_the_clone_has_the_data_and_no_path_outside_it(main_job: MainJob) -> None:
    copied = main_job.root / "src" / "cybernorms" / "graph" / "partners" / "data" / "paris-call-supporters.csv"
    assert copied.read_bytes() == PARIS_CALL_CSV.read_bytes()
    assert not (main_job.root.parent / "shared").exists()
    for source in (main_job.root / "src").rglob("*.py"):
        assert "../shared" not in source.read_text(encoding="utf-8"), source


@pytest.mark.slow
def test_the_main_jobs_release_holds_the_shipped_partner_graphs(main_job: MainJob) -> None:
    quads = release_quads(main_job)
    per_graph = Counter(q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode))
    assert per_graph[PARIS_CALL] == 11_965
    assert per_graph[ISO_3166] == 267
    supports = ox.NamedNode(CN + "supports")
    call = ox.NamedNode(ID + "document/paris-call-2018")
    supporters = {q.subject for q in quads if q.graph_name == ox.NamedNode(PARIS_CALL)
                  and q.predicate == supports and q.object == call}
    assert len(supporters) == 1_222
    assert ox.NamedNode(ID + "org/paris-call/aapti-institute-civil-society-ind") in supporters


@pytest.mark.slow
def test_the_shipped_graphs_are_described_as_the_partners(main_job: MainJob) -> None:
    provenance = {(q.subject.value, q.predicate.value): q.object.value for q in release_quads(main_job)
                  if q.graph_name == ox.NamedNode(PROVENANCE_GRAPH) and isinstance(q.subject, ox.NamedNode)}
    for graph in (PARIS_CALL, ISO_3166):
        assert provenance[(graph, PREFIXES["rdf"] + "type")] == CN + "PartnerGraph"
        assert provenance[(graph, CN + "fileName")] == "paris-call-supporters.csv"
        assert provenance[(graph, PREFIXES["prov"] + "generatedAtTime")] == SHIPPED_AT.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert provenance[(PARIS_CALL, PREFIXES["dcterms"] + "source")] == ID + "document/pariscall-international-repository"
    assert provenance[(ISO_3166, PREFIXES["dcterms"] + "source")] == ID + "document/iso-3166-1"
    derived = {q.object for q in release_quads(main_job) if q.subject in (ox.NamedNode(PARIS_CALL), ox.NamedNode(ISO_3166))
               and q.predicate == ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")}
    assert derived == set()  # prov:wasDerivedFrom is the curated claim graphs' alone


@pytest.mark.slow
def test_the_main_jobs_counts_and_views_include_the_supporters(main_job: MainJob) -> None:
    actors = next(line for line in main_job.stdout.splitlines() if line.split()[:2] == ["partner", "actors"])
    assert int(actors.split()[-1].replace(",", "")) > 1_100  # the supporters the curated data does not hold
    views = main_job.out / "views"
    neighbourhood = (views / "neighbourhood.html").read_text(encoding="utf-8")
    assert '"citations":["partner import paris-call (paris-call-supporters.csv)"]' in neighbourhood
    assert '"citations":["partner import iso-3166 (paris-call-supporters.csv)"]' in neighbourhood
    assert "Aapti Institute" in (views / "brokerage.graphml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_importing_the_shipped_list_again_changes_nothing(
    main_job: MainJob, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CYBERNORMS_CACHE", str(main_job.cache))  # the main job's built dataset, same content key
    monkeypatch.setenv("CYBERNORMS_HOME", str(tmp_path / "home"))
    cached = sorted(main_job.cache.iterdir())
    code = cli.main(["paris-call", "import", "-q", str(PARIS_CALL_CSV)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert f"{ISO_3166} is already imported from this data" in out
    assert f"{PARIS_CALL} is already imported from this data" in out
    assert not (tmp_path / "home").exists()
    assert sorted(main_job.cache.iterdir()) == cached


def test_the_shipped_file_is_part_of_the_cache_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    copy = tmp_path / PARIS_CALL_CSV.name
    copy.write_bytes(PARIS_CALL_CSV.read_bytes())
    monkeypatch.setattr(dataset, "SHIPPED_PARTNER_FILES", (copy, *dataset.SHIPPED_PARTNER_FILES[1:]))
    key = dataset.content_key()
    copy.write_bytes(PARIS_CALL_CSV.read_bytes().replace(b"Aapti Institute", b"Aapti Institut"))
    assert dataset.content_key() != key


def test_the_cache_key_lists_the_shipped_files() -> None:
    from cybernorms.graph.partners import shipped

    assert dataset.SHIPPED_PARTNER_FILES[0] == PARIS_CALL_CSV
    assert Path(shipped.__file__).resolve() in dataset.SHIPPED_PARTNER_FILES
    assert all(path.is_file() for path in dataset.SHIPPED_PARTNER_FILES)


def test_a_fixture_dataset_without_the_call_gets_no_shipped_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    from tests.graph.exchange_helpers import FIXTURE_DATA

    monkeypatch.setattr(dataset, "DATA_DIR", FIXTURE_DATA)
    messages: list[str] = []
    with OxigraphStore.memory() as store:
        assert dataset.build(store, messages.append, shipped=True).consistent
        assert not any(graph.startswith(PARTNER_GRAPH_PREFIX) for graph in store.graphs())
    assert "no shipped partner data: the curated data does not describe document/paris-call-2018" in messages


@pytest.fixture(scope="module")
def released(main_job: MainJob) -> OxigraphStore:
    """The main job's release (cybernorms.nq) in a store: the curated data with the shipped partners."""
    store = OxigraphStore.memory()
    store.load(main_job.out / "release" / "cybernorms.nq", "nq")
    return store


@pytest.mark.slow
def test_search_finds_each_shipped_supporter_as_the_partners(released: OxigraphStore) -> None:
    """A supporter is typed in ``partner/paris-call`` and, by HermiT, in that partner's inferred graph:
    both are the partner's, so every hit of one says so."""
    from cybernorms.search import build_searcher, run_search

    searcher = build_searcher(released)
    by_partner = Counter(e.partner for e in searcher.index.entries if e.kind == "actor")
    assert by_partner["paris-call"] > 1_000 and by_partner[None] == 110
    hit = run_search(searcher, "Aapti Institute", {}, limit=5).hits[0]
    assert hit.entry.iri == ID + "org/paris-call/aapti-institute-civil-society-ind"
    assert hit.entry.partner == "paris-call"


@pytest.mark.slow
def test_the_shipped_supporters_never_move_a_norms_similar_norms(released: OxigraphStore) -> None:
    """bm25 weighs words by how few entries hold them: 1,200 supporters with their names must not change
    which norms are most like a curated norm, nor their order. (A curated state's entry also holds the
    names a partner gives it, which are searched: that moves a score in its fourth decimal, no more.)"""
    from cybernorms.search import build_searcher, run_similar

    curated = OxigraphStore.memory()
    curated.add_quads(q for q in released.quads() if "/partner/" not in getattr(q.graph_name, "value", ""))
    curated.derive_facts()
    whole, alone = build_searcher(released), build_searcher(curated)
    assert len(whole.index) > len(alone.index) + 1_000
    norms = [e.iri for e in alone.index.entries if e.kind == "norm"]
    assert len(norms) == 60
    for norm in norms:
        mine, curated_only = run_similar(whole, norm, limit=10), run_similar(alone, norm, limit=10)
        assert [s.iri for s in mine] == [s.iri for s in curated_only], norm
        assert [s.score for s in mine] == pytest.approx([s.score for s in curated_only], abs=1e-3), norm


@pytest.mark.slow
def test_the_rules_for_large_inputs_infer_what_hermit_inferred_with_the_shipped_partners(
        released: OxigraphStore) -> None:
    """Above :data:`~cybernorms.ontology.reasoning.REALISE_AT_MOST` triples, HermiT only checks consistency and
    classifies: the rules that find the individuals' types and values then must give what HermiT's realisation
    gave the main job, for the 1,222 supporters too."""
    from cybernorms.graph.build.inferred import asserted
    from cybernorms.graph.store.rdflib_bridge import from_rdflib
    from cybernorms.namespaces import is_inferred_graph
    from cybernorms.ontology.reasoning import HERMIT_RULES, reason

    graph = asserted(released)
    stated = set(from_rdflib(graph))
    # what follows from the curated data alone stays in graph/inferred even where a partner also states it
    built = {q.triple for q in released.quads() if is_inferred_graph(getattr(q.graph_name, "value", ""))} - stated
    report = reason(graph, realise_at_most=0)
    assert report.engine == HERMIT_RULES and report.consistent
    assert set(from_rdflib(report.inferred)) == built
    assert len(built) > 10_000
