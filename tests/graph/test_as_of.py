"""The landscape as of a date (cybernorms.graph.as_of): the graph of 2015-12-31 holds the report's world,
the same Table 1, and none of what came after (the GCSC, the Paris Call, the UN processes since); today's
graph holds them; the original store is never changed."""

from __future__ import annotations

import argparse
import datetime as dt

import pyoxigraph as ox
import pytest

from cybernorms.errors import UsageError
from cybernorms.graph.as_of import as_of, dropped_resources, parse_day
from cybernorms.graph.build.dataset import ONTOLOGY_FILE, BuildResult
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import CLAIM_GRAPH_PREFIX, CN, ID, ONTOLOGY_GRAPH, PREFIXES, PROVENANCE_GRAPH
from cybernorms.queries.run import prepare

PREFIX = f"PREFIX cn: <{CN}>\nPREFIX org: <{PREFIXES['org']}>\nPREFIX dcterms: <{PREFIXES['dcterms']}>\n"
LATER = [
    "forum/gcsc", "document/gcsc-norms", "norm/gcsc-1", "norm/gcsc-8", "document/gcsc-final-report-2019",
    "document/paris-call-2018", "norm/paris-call-4", "document/tech-accord-2018", "norm/tech-accord-1",
    "forum/un-oewg-2019-2021", "document/oewg-2021-report", "forum/un-gge-2019-2021", "document/ungge-2021",
    "endorsement/gcsc/microsoft", "endorsement/ungge-2015-norms/asean", "evaluation/gcsc/characteristic-5",
    "alignment/gcsc-3--msft-1", "alignment/paris-call-4--usg-ip-theft", "statement/gcsc-singapore-norm-package",
    "membership/gcsc/marina-kaljurand/hcss-gcsc-news", "event/2017-02-gcsc-launch",
]
STAYS = [
    "document/ungge-2015", "norm/ungge-13f", "norm/msft-1", "proposed-forum/ewi-2015", "characteristic/5",
    "state/sgp", "org/internet-society", "person/marina-kaljurand",  # undated actors stand all along
    "norm/g20-2015-ip-theft", "alignment/g20-2015-ip-theft--usg-ip-theft",  # November 2015
    "alignment/msft-1--ungge-13i", "document/unga-resolution-70-237",  # the report's; undated
]


@pytest.fixture(scope="module")
def full(quads: list[ox.Quad]) -> OxigraphStore:
    store = OxigraphStore.memory()
    store.add_quads(quads)
    store.load(ONTOLOGY_FILE, "ttl", graph=ONTOLOGY_GRAPH)
    return store


@pytest.fixture(scope="module")
def end_of_2015(full: OxigraphStore) -> OxigraphStore:
    return as_of(full, "2015-12-31")


def mentions(store: OxigraphStore, iri: str) -> int:
    node = f"<{ID}{iri}>"
    return int(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}").rows[0][0].value)


def table_1(store: OxigraphStore) -> list[tuple[str, ...]]:
    prepared = prepare("table1")
    return [tuple(t.value for t in row) for row in store.query(prepared.text, prepared.params).rows]


@pytest.mark.parametrize("iri", LATER)
def test_what_came_after_2015_is_not_in_the_2015_graph(end_of_2015: OxigraphStore, full: OxigraphStore, iri: str) -> None:
    assert mentions(full, iri) > 0
    assert mentions(end_of_2015, iri) == 0


@pytest.mark.parametrize("iri", STAYS)
def test_what_stood_in_2015_stays(end_of_2015: OxigraphStore, iri: str) -> None:
    assert mentions(end_of_2015, iri) > 0


def test_the_2015_graph_has_the_same_table_1(end_of_2015: OxigraphStore, full: OxigraphStore) -> None:
    assert table_1(end_of_2015) == table_1(full)
    assert len(table_1(end_of_2015)) == 20


def test_the_2015_graph_has_the_report_norms_and_the_g20s(end_of_2015: OxigraphStore) -> None:
    rows = end_of_2015.query(PREFIX + "SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?n a cn:NormStatement }").rows
    assert int(rows[0][0].value) == 35  # 34 of the reference documents (13(d) included) and the G20's


def test_the_proposal_stays_but_its_realisation_goes(end_of_2015: OxigraphStore, full: OxigraphStore) -> None:
    ask = f"ASK {{ <{ID}proposed-forum/ewi-2015> cn:realizedBy ?f }}"
    assert full.query(PREFIX + ask).boolean
    assert not end_of_2015.query(PREFIX + ask).boolean
    assert end_of_2015.query(PREFIX + f"ASK {{ <{ID}proposed-forum/ewi-2015> cn:hasCharacteristic ?c }}").boolean


def test_todays_graph_has_the_gcsc_and_the_paris_call(full: OxigraphStore) -> None:
    today = as_of(full, dt.date.today())
    for iri in ("forum/gcsc", "document/paris-call-2018", "norm/paris-call-9", "norm/gcsc-8",
                "evaluation/gcsc/ngo-led", "document/ungge-2021"):
        assert mentions(today, iri) > 0, iri
    # Everything curated is dated by the end of 2026: the Global Mechanism's meetings scheduled for
    # December 2026 (2021-2026-global-mechanism-poa.yaml) are the latest items.
    assert len(as_of(full, max(dt.date.today(), dt.date(2026, 12, 31)))) == len(full)


def test_as_of_is_pure(full: OxigraphStore) -> None:
    before = set(full.quads())
    result = as_of(full, "2016-06-30")
    assert result is not full
    assert set(full.quads()) == before
    assert len(result) < len(full)


def test_a_date_in_between(full: OxigraphStore) -> None:
    """As of mid-2018: the GCSC (2017) and the Tech Accord (April 2018) stand; the Paris Call (November) not yet."""
    mid_2018 = as_of(full, "2018-06-30")
    assert mentions(mid_2018, "forum/gcsc") > 0
    assert mentions(mid_2018, "endorsement/tech-accord-2018/abb") > 0
    assert mentions(mid_2018, "document/paris-call-2018") == 0
    assert mentions(mid_2018, "endorsement/ungge-2015-norms/asean") > 0  # dated 2018: the year's first day
    # Its date unverified, the Singapore Norm Package (November 2018) is left out as of June.
    assert mentions(mid_2018, "event/2018-11-gcsc-singapore-norm-package") == 0


def test_provenance_of_emptied_claim_graphs_goes_and_the_rest_stays(end_of_2015: OxigraphStore, full: OxigraphStore) -> None:
    def described(store: OxigraphStore) -> set[str]:
        return {q.subject.value for q in store.quads(PROVENANCE_GRAPH) if q.subject.value.startswith(CLAIM_GRAPH_PREFIX)}

    kept = described(end_of_2015)
    assert CLAIM_GRAPH_PREFIX + "gcsc-norms/norm-1" not in kept
    assert CLAIM_GRAPH_PREFIX + "ewi-2015/footnote-4" in kept
    assert kept == {g for g in end_of_2015.graphs() if g.startswith(CLAIM_GRAPH_PREFIX)}
    assert kept < described(full)


def test_memberships_whose_period_begins_later_are_left_out() -> None:
    store = OxigraphStore.memory()
    store.load(f"""
        @prefix org: <{PREFIXES['org']}> . @prefix time: <{PREFIXES['time']}> . @prefix xsd: <{PREFIXES['xsd']}> .
        <{ID}membership/early> a org:Membership ; org:member <{ID}state/fra> ; org:organization <{ID}forum/f> ;
            org:memberDuring [ time:hasBeginning [ time:inXSDDate "2014-07-01"^^xsd:date ] ] .
        <{ID}membership/late> a org:Membership ; org:member <{ID}state/deu> ; org:organization <{ID}forum/f> ;
            org:memberDuring [ time:hasBeginning [ time:inXSDDate "2016-01-01"^^xsd:date ] ] .
        <{ID}membership/undated> a org:Membership ; org:member <{ID}state/usa> ; org:organization <{ID}forum/f> .
    """, "ttl", graph=CLAIM_GRAPH_PREFIX + "test/page")
    assert dropped_resources(store, dt.date(2015, 12, 31)) == {ID + "membership/late"}
    members = {q.object.value for q in as_of(store, "2015-12-31").quads() if q.predicate.value == PREFIXES["org"] + "member"}
    assert members == {ID + "state/fra", ID + "state/usa"}


def test_a_bad_day_is_refused() -> None:
    assert parse_day("2015-12-31") == dt.date(2015, 12, 31)
    with pytest.raises(UsageError, match=r"--as-of takes a day as YYYY-MM-DD, got '2015-13-01'"):
        parse_day("2015-13-01")


def test_the_query_command_applies_as_of(full: OxigraphStore, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from cybernorms.graph.build import dataset as build
    from cybernorms.cli.query import add_query_arguments, run_query

    monkeypatch.setattr(build, "open_dataset", lambda *a, **k: BuildResult(store=full, from_cache=True))
    parser = argparse.ArgumentParser()
    add_query_arguments(parser)
    sparql = PREFIX + f"SELECT ?d WHERE {{ <{ID}forum/gcsc> dcterms:date ?d }}"
    for day, expected in (("2015-12-31", "(0 rows)"), ("2020-01-01", "2017-02-01")):
        args = parser.parse_args([sparql, "--as-of", day])
        args.store, args.quiet = None, True
        assert run_query(args) == 0
        assert expected in capsys.readouterr().out
