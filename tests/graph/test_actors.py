"""The actors of the curated graph, checked against what the sources say: the SCO members of
footnote 2, the supporters of the EWI initiative, the persons with their positions, and that every
actor has a type and a label (types the text does not state being curators' judgements)."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from cybernorms.namespaces import CN, ID, PROVENANCE_GRAPH

Select = Callable[[ox.Store, str], list[dict[str, str]]]

PREFIXES = f"""
PREFIX cn: <{CN}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
PROV = f"<{PROVENANCE_GRAPH}>"
ACTOR_CLASSES = (
    "cn:State cn:GovernmentBody cn:IntergovernmentalOrganization cn:Corporation "
    "cn:CivilSocietyOrganization cn:NonGovernmentalOrganization cn:ResearchInstitute "
    "cn:TechnicalBody cn:Person"
)
SCO_MEMBERS = {"chn", "kaz", "kgz", "rus", "tjk", "uzb"}
SUPPORTERS = {
    "Microsoft",
    "Huawei Technologies",
    "Palo Alto Networks",
    "NXP Semiconductors",
    "Qihoo 360",
    "Unisys",
    "CenturyLink",
    "The William and Flora Hewlett Foundation",
    "IEEE Communications Society",
    "Internet & Jurisdiction Project",
    "Munich Security Conference",
    "The Open Group",
    "The University of New South Wales",
}


def local(iri: str) -> str:
    return iri.removeprefix(ID)


# -- every actor --


def test_every_actor_id_has_an_actor_type_and_a_label(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?x ?type ?label WHERE {{
          {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }}
          FILTER(isIRI(?x) && (STRSTARTS(STR(?x), "{ID}state/") || STRSTARTS(STR(?x), "{ID}org/")
                               || STRSTARTS(STR(?x), "{ID}person/")))
          OPTIONAL {{ ?x a ?type VALUES ?type {{ {ACTOR_CLASSES} }} }}
          OPTIONAL {{ ?x rdfs:label ?label }}
        }}""")
    assert len({r["x"] for r in rows}) >= 75  # 26 states, 36 organisations, 13 persons
    untyped = sorted({local(r["x"]) for r in rows if "type" not in r})
    unlabelled = sorted({local(r["x"]) for r in rows if "label" not in r})
    assert untyped == []
    assert unlabelled == []


def test_each_actor_has_one_primary_label(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?x (COUNT(DISTINCT ?label) AS ?n) WHERE {{
          ?x a ?type ; rdfs:label ?label . VALUES ?type {{ {ACTOR_CLASSES} }}
        }} GROUP BY ?x HAVING (COUNT(DISTINCT ?label) > 1)""")
    assert rows == [], "variant names belong in skos:altLabel"


def test_state_ids_carry_their_iso_alpha3_code(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?s ?code WHERE { ?s a cn:State . OPTIONAL { ?s cn:countryCode ?code } }""")
    # the 26 of the 2015 sources, Singapore (GCSC backer, after-2015-gcsc.yaml) and five of
    # 2021-2026-global-mechanism-poa.yaml (El Salvador; the DPRK, Iran, Nicaragua and Syria, against 77/37)
    assert len(rows) == 32
    for row in rows:
        assert row.get("code") == local(row["s"]).removeprefix("state/").upper(), row


@pytest.mark.parametrize(
    ("actor", "klass", "stated_by_source"),
    [
        pytest.param("org/microsoft", "Corporation", True, id="microsoft-corporation-stated"),
        pytest.param("org/eastwest-institute", "NonGovernmentalOrganization", True, id="ewi-ngo-stated"),
        pytest.param("org/ict4peace", "NonGovernmentalOrganization", True, id="ict4peace-ngo-stated"),
        pytest.param("org/huawei-technologies", "Corporation", False, id="huawei-corporation-judged"),
        pytest.param("org/shanghai-cooperation-organization", "IntergovernmentalOrganization", False, id="sco-igo-judged"),
        pytest.param("org/nato-ccdcoe", "IntergovernmentalOrganization", False, id="ccdcoe-igo-judged"),
        pytest.param("org/ieee", "TechnicalBody", False, id="ieee-technical-judged"),
        pytest.param("org/fudan-university", "ResearchInstitute", False, id="fudan-research-judged"),
        pytest.param("state/can", "State", False, id="canada-state-judged"),
    ],
)
def test_actor_types_are_sourced_or_curators_judgements(
    store: ox.Store, select: Select, actor: str, klass: str, stated_by_source: bool
) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?src ?judged WHERE {{
          GRAPH ?g {{ <{ID}{actor}> a cn:{klass} }}
          OPTIONAL {{ GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }} }}
          OPTIONAL {{ GRAPH {PROV} {{ ?g cn:curatorJudgement ?judged }} }}
        }}""")
    assert rows, f"{actor} is not typed {klass}"
    if stated_by_source:
        assert {r.get("src") for r in rows} == {ID + "document/ewi-2015"}
    else:
        assert all(r.get("judged") == "true" and "src" not in r for r in rows)


# -- SCO members (footnote 2) and the CoC's submitters --


def test_sco_members_are_the_six_of_footnote_2(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?member ?at ?src WHERE {{
          GRAPH ?g {{ ?m a org:Membership ; org:organization <{ID}org/shanghai-cooperation-organization> ;
                         org:member ?member }}
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src ; cn:locator ?at }}
        }}""")
    assert {local(r["member"]).removeprefix("state/") for r in rows} == SCO_MEMBERS
    assert {(r["at"], r["src"]) for r in rows} == {("footnote 2", ID + "document/ewi-2015")}


def test_coc_submitters_are_sco_members_including_china_and_russia(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"SELECT DISTINCT ?s WHERE {{ <{ID}document/coc> cn:submittedBy ?s }}")
    submitters = {local(r["s"]).removeprefix("state/") for r in rows}
    assert {"chn", "rus"} <= submitters <= SCO_MEMBERS


# -- the EWI initiative and its supporters --


def test_the_initiative_is_run_by_ewi(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?label ?by WHERE {{ <{ID}initiative/ewi-global-cooperation-in-cyberspace>
          a cn:Initiative ; rdfs:label ?label ; cn:runBy ?by }}""")
    assert {(r["label"], local(r["by"])) for r in rows} == {
        ("Global Cooperation in Cyberspace Initiative", "org/eastwest-institute")
    }


def test_the_thirteen_supporters_endorse_the_initiative(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?label ?role ?src WHERE {{
          GRAPH ?g {{ ?e a cn:Endorsement ; cn:endorser ?who ; cn:supportRole ?role ;
                         cn:endorsed <{ID}initiative/ewi-global-cooperation-in-cyberspace> .
                      ?who cn:supports <{ID}initiative/ewi-global-cooperation-in-cyberspace> }}
          ?who rdfs:label ?label .
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }}
        }}""")
    assert {r["label"] for r in rows} == SUPPORTERS
    assert len(rows) == 13
    assert {(r["role"], r["src"]) for r in rows} == {("supporter", ID + "document/ewi-2015")}


def test_supporters_span_private_sector_civil_society_and_technical_community(
    store: ox.Store, select: Select
) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?type (COUNT(DISTINCT ?who) AS ?n) WHERE {{
          ?who cn:supports <{ID}initiative/ewi-global-cooperation-in-cyberspace> ; a ?type .
          VALUES ?type {{ cn:Corporation cn:NonGovernmentalOrganization cn:TechnicalBody cn:ResearchInstitute }}
        }} GROUP BY ?type""")
    counts = {r["type"].removeprefix(CN): int(r["n"]) for r in rows}
    assert counts == {"Corporation": 7, "NonGovernmentalOrganization": 3, "TechnicalBody": 2, "ResearchInstitute": 1}


# -- persons --


@pytest.mark.parametrize(
    ("person", "label", "affiliations", "positions", "source"),
    [
        pytest.param("greg-austin", "Greg Austin", {"org/eastwest-institute"},
                     {"Professorial Fellow, EastWest Institute", "organizer of the 2006 roundtable"},
                     "ewi-2015", id="austin"),
        pytest.param("bruce-mcconnell", "Bruce McConnell", {"org/eastwest-institute"},
                     {"Global Vice President, EastWest Institute"}, "ewi-2015", id="mcconnell"),
        pytest.param("jan-neutze", "Jan Neutze", {"org/microsoft"},
                     {"Director of Cybersecurity Policy, Europe, Middle East and Africa (EMEA), Microsoft"},
                     "ewi-2015", id="neutze"),
        pytest.param("shen-yi", "Shen Yi", {"org/fudan-university"},
                     {"Associate Professor and Executive Director, Workshop on the Studies of National Cyber "
                      "Security Strategy and Technology, Fudan University"}, "ewi-2015", id="shen-yi"),
        pytest.param("john-savage", "John Savage", {"org/eastwest-institute", "org/brown-university"},
                     {"Professorial Fellow, EastWest Institute",
                      "An Wang Professor of Computer Science, Brown University"}, "ewi-2015", id="savage"),
        pytest.param("john-kerry", "John Kerry", {"state/usa"}, {"U.S. Secretary of State"}, "ewi-2015", id="kerry"),
        pytest.param("morten-bergsmo", "Morten Bergsmo", {"org/international-criminal-court"}, set(),
                     "ewi-2015", id="bergsmo"),
        pytest.param("joseph-nye", "Joseph Nye", set(), set(), "ewi-2015", id="nye"),
        pytest.param("robert-keohane", "Robert O. Keohane", set(), set(), "ewi-2015", id="keohane"),
        pytest.param("david-victor", "David G. Victor", set(), set(), "ewi-2015", id="victor"),
        pytest.param("elana-broitman", "Elana Broitman", {"org/new-america"}, {"Director, New America NYC"},
                     "broitman", id="broitman"),
        pytest.param("carlos-luis-dantas-coutinho-perez", "Carlos Luís Dantas Coutinho Perez", {"state/bra"},
                     set(), "un-odo-information-security", id="gge-chair"),
    ],
)
def test_persons_as_the_sources_give_them(
    store: ox.Store, select: Select, person: str, label: str, affiliations: set[str], positions: set[str],
    source: str,
) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?label ?src WHERE {{
          GRAPH ?g {{ <{ID}person/{person}> a cn:Person ; rdfs:label ?label }}
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }} }}""")
    assert {(r["label"], r["src"]) for r in rows} == {(label, ID + "document/" + source)}
    sourced = f"GRAPH ?g {{ <{ID}person/{person}> ?p ?v }} GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }}"
    found_aff = select(store, PREFIXES + f"SELECT ?v WHERE {{ {sourced} FILTER(?p = cn:affiliation) }}")
    found_pos = select(store, PREFIXES + f"SELECT ?v WHERE {{ {sourced} FILTER(?p = cn:position) }}")
    assert {local(r["v"]) for r in found_aff} == affiliations
    assert {r["v"] for r in found_pos} == positions


def test_paul_nicholas_affiliation_is_only_a_curators_reading(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?judged ?src WHERE {{
          GRAPH ?g {{ <{ID}person/paul-nicholas> cn:affiliation <{ID}org/microsoft> }}
          OPTIONAL {{ GRAPH {PROV} {{ ?g cn:curatorJudgement ?judged }} }}
          OPTIONAL {{ GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }} }}
        }}""")
    assert rows == [{"judged": "true"}]


def test_no_person_outside_the_curated_list(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + "SELECT DISTINCT ?p WHERE { ?p a cn:Person }")
    assert {local(r["p"]) for r in rows} == {
        "person/" + p for p in (
            "john-kerry", "greg-austin", "bruce-mcconnell", "jan-neutze", "shen-yi", "john-savage",
            "elana-broitman", "paul-nicholas", "joseph-nye", "morten-bergsmo", "robert-keohane",
            "david-victor", "carlos-luis-dantas-coutinho-perez",
            # after 2015 (shared/facts/after-2015.md): the GCSC's chairs, the Dutch minister who announced it,
            # the chair of the 2019-2021 GGE
            "marina-kaljurand", "michael-chertoff", "latha-reddy", "bert-koenders", "guilherme-de-aguiar-patriota",
            # 2021-2026 (shared/facts/2021-2026.md): the chairs of the OEWG 2021-2025 and of the Global Mechanism
            "burhan-gafoor", "egriselda-lopez",
        )
    }


def test_the_russian_mfa_is_a_body_of_russia(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?state WHERE {{ <{ID}org/ministry-of-foreign-affairs-russia> a cn:GovernmentBody ;
                                cn:governmentOf ?state }}""")
    assert [local(r["state"]) for r in rows] == ["state/rus"]
