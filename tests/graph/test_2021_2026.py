"""The landscape 2021-2026, checked by content against shared/facts/2021-2026.md and norm-texts.md:
each new document's date and symbol, the conflicts held both ways with their sources, the facts the
facts file marks unverified flagged, and the full texts of Paris Call principles and GCSC norms with
their sources."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from cybernorms.namespaces import CN, ID, PROVENANCE_GRAPH

Select = Callable[[ox.Store, str], list[dict[str, str]]]

PREFIXES = f"""
PREFIX cn: <{CN}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
PROV = f"<{PROVENANCE_GRAPH}>"


def _sourced(store: ox.Store, select: Select, subject: str, prop: str) -> set[tuple[str, str]]:
    """Each value of one property of one resource, with the source of its claim graph."""
    rows = select(store, PREFIXES + f"""
        SELECT ?v ?src WHERE {{ GRAPH ?g {{ <{ID}{subject}> {prop} ?v }}
                                GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }} }}""")
    return {(r["v"], r["src"].removeprefix(ID)) for r in rows}


@pytest.mark.parametrize(("doc", "date", "symbol"), [
    ("document/oewg-2022-first-apr", "2022-07-29", "A/77/275"),
    ("document/oewg-2025-final-report", "2025-07-11", "A/AC.292/2025/CRP.1"),
    ("document/oewg-2025-final-report", "2025-07-11", "A/80/257"),
    ("document/unga-decision-78-541", "2023-12-22", "78/541"),
    ("document/unga-resolution-77-37", "2022-12-01", "A/RES/77/37"),
    ("document/unga-resolution-79-243", "2024-12-24", "A/RES/79/243"),
    ("document/eu-cyber-diplomacy-toolbox-guidelines-2023", "2023-06-08", "10289/23"),
    ("document/eu-cyber-resilience-act", "2024-10-10", "Regulation (EU) 2024/2847"),
])
def test_new_documents_have_their_date_and_symbol(store: ox.Store, select: Select, doc: str, date: str,
                                                  symbol: str) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?date ?symbol WHERE {{ <{ID}{doc}> dcterms:date ?date ; cn:unSymbol ?symbol }}""")
    assert {"date": date, "symbol": symbol} in rows


def test_the_cybercrime_convention_signature_and_entry_into_force(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?from ?until ?n WHERE {{ <{ID}document/un-convention-against-cybercrime> cn:openForSignatureFrom ?from ;
                   cn:openForSignatureUntil ?until ; cn:entryIntoForceThreshold ?n }}""")
    assert rows == [{"from": "2025-10-25", "until": "2026-12-31", "n": "40"}]


def test_the_cybercrime_convention_signatory_counts_are_all_held(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?count ?src WHERE {{ GRAPH ?g {{ ?t cn:tallyOf <{ID}document/un-convention-against-cybercrime> ;
                                                 cn:tallyCount ?count }}
                                    GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }} }}""")
    held = {(r["count"], r["src"].removeprefix(ID)) for r in rows}
    assert {("72", "document/untc-xviii-16"), ("69", "document/vir-hanoi-high-level-talks"),
            ("65", "document/wikipedia-un-convention-on-cybercrime-proxy"),
            ("60", "document/particle-news-60-nations-sign")} <= held


def test_the_au_common_position_date_is_held_both_ways(store: ox.Store, select: Select) -> None:
    held = _sourced(store, select, "document/au-common-position-international-law-cyberspace", "dcterms:date")
    assert ("2024-01-29", "document/ejiltalk-common-african-position") in held
    assert ("2024-01-31", "document/digwatch-au-position-to-oewg") in held


def test_the_cyber_diplomacy_toolbox_date_is_held_both_ways(store: ox.Store, select: Select) -> None:
    held = _sourced(store, select, "document/eu-cyber-diplomacy-toolbox-2017", "dcterms:date")
    assert {d for d, _ in held} == {"2017-06-19", "2017-07-19"}


def test_the_us_joining_the_paris_call_is_dated_both_ways(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?date WHERE {{ ?e cn:endorser <{ID}state/usa> ; cn:endorsed <{ID}document/paris-call-2018> ;
                                 dcterms:date ?date }}""")
    assert {r["date"] for r in rows} == {"2021-11-10", "2021-11-12"}


@pytest.mark.parametrize("graph_of", [
    f"<{ID}document/oewg-2024-third-apr> cn:unSymbol \"A/79/214\"",
    f"<{ID}statement/oewg-checklist-adopted-with-the-third-apr> cn:text ?x",
    f"<{ID}endorsement/au-common-position/au-assembly> cn:endorsed ?x",
    f"<{ID}statement/tech-accord-led-industry-absence-from-hanoi> cn:text ?x",
    f"<{ID}tally/unga-resolution-77-37/in-favour> cn:tallyCount ?x",
    f"<{ID}tally/paris-call-2018/2022-governments> cn:tallyCount ?x",
])
def test_unverified_facts_are_flagged(store: ox.Store, select: Select, graph_of: str) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?v WHERE {{ GRAPH ?g {{ {graph_of} }} GRAPH {PROV} {{ ?g cn:verification ?v }} }}""")
    assert rows and {r["v"] for r in rows} == {"unverified"}


def test_the_second_apr_has_no_symbol(store: ox.Store, select: Select) -> None:
    assert not select(store, PREFIXES + f"SELECT ?s WHERE {{ <{ID}document/oewg-2023-second-apr> cn:unSymbol ?s }}")


@pytest.mark.parametrize(("norm", "start", "source"), [
    ("norm/paris-call-1", "Prevent and recover from malicious cyber activities", "document/pariscall-international-call-text"),
    ("norm/paris-call-5", "Develop ways to prevent the proliferation of malicious ICT tools", "document/pariscall-international-call-text"),
    ("norm/paris-call-8", "Take steps to prevent non-State actors", "document/pariscall-international-call-text"),
    ("norm/gcsc-1", "State and non-state actors should neither conduct nor knowingly allow", "document/gcsc-norms"),
    ("norm/gcsc-2", "State and non-state actors must not pursue", "document/wikispooks-gcsc"),
    ("norm/gcsc-8", "Non-state actors should not engage in offensive cyber operations", "document/vumetric-international-infosec-rules"),
])
def test_full_texts_with_their_sources(store: ox.Store, select: Select, norm: str, start: str, source: str) -> None:
    held = _sourced(store, select, norm, "cn:text")
    assert len(held) == 1
    ((text, src),) = held
    assert text.startswith(start) and src == source


def test_short_names_stay_as_alternative_labels(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"SELECT ?l WHERE {{ <{ID}norm/paris-call-1> skos:altLabel ?l }}")
    assert {r["l"] for r in rows} == {"protect individuals and infrastructure"}
