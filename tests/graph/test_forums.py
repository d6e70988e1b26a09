"""Forums, the regime complex and the timeline, checked against the sources: the two membership
lists of the 2014-2015 GGE (footnote 4 of the EWI report against the UN's page), Nye's issue
areas and dimensions without ratings, and the dates of the events (and which have none)."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from cybernorms.namespaces import CN, ID, PROVENANCE_GRAPH

Select = Callable[[ox.Store, str], list[dict[str, str]]]

PREFIXES = f"""
PREFIX cn: <{CN}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX time: <http://www.w3.org/2006/time#>
"""
PROV = f"<{PROVENANCE_GRAPH}>"
GGE = f"<{ID}forum/un-gge-2014-2015>"
EWI = ID + "document/ewi-2015"
UN = ID + "document/un-odo-information-security"

COMMON = {"BLR", "BRA", "CHN", "COL", "EGY", "EST", "FRA", "DEU", "GHA", "ISR", "JPN", "KEN", "MYS", "MEX",
          "PAK", "RUS", "ESP", "GBR", "USA"}
EWI_LIST = COMMON | {"CAN"}
UN_LIST = COMMON | {"KOR"}


def local(iri: str) -> str:
    return iri.removeprefix(ID)


def gge_states(store: ox.Store, select: Select, source: str) -> list[dict[str, str]]:
    return select(store, PREFIXES + f"""
        SELECT ?m ?code ?at WHERE {{
          GRAPH ?g {{ ?m a org:Membership ; org:organization {GGE} ; org:member ?s }}
          ?s a cn:State ; cn:countryCode ?code .
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom <{source}> ; cn:locator ?at }}
        }}""")


# -- the GGE 2014-2015: two lists, two sources --


@pytest.mark.parametrize(
    ("source", "expected", "locator", "suffix"),
    [
        pytest.param(EWI, EWI_LIST, "footnote 4", "/ewi-2015", id="ewi-footnote-4-with-canada"),
        pytest.param(UN, UN_LIST, "page", "/un-odo", id="un-page-with-korea"),
    ],
)
def test_each_source_lists_twenty_participants(
    store: ox.Store, select: Select, source: str, expected: set[str], locator: str, suffix: str
) -> None:
    rows = gge_states(store, select, source)
    assert len(rows) == 20
    assert {r["code"] for r in rows} == expected
    assert {r["at"] for r in rows} == {locator}
    for row in rows:
        assert local(row["m"]) == f"membership/un-gge-2014-2015/{row['code'].lower()}{suffix}"


@pytest.mark.parametrize(
    ("code", "in_ewi", "in_un"),
    [
        pytest.param("CAN", True, False, id="canada-only-in-ewi"),
        pytest.param("KOR", False, True, id="korea-only-in-un"),
        pytest.param("USA", True, True, id="usa-in-both"),
        pytest.param("CHN", True, True, id="china-in-both"),
    ],
)
def test_who_is_in_which_list(store: ox.Store, select: Select, code: str, in_ewi: bool, in_un: bool) -> None:
    assert (code in {r["code"] for r in gge_states(store, select, EWI)}) is in_ewi
    assert (code in {r["code"] for r in gge_states(store, select, UN)}) is in_un


def test_a_query_surfaces_the_conflict(store: ox.Store, select: Select) -> None:
    """States one source lists and the other does not, with the source that lists them."""
    rows = select(store, PREFIXES + f"""
        SELECT ?code ?src WHERE {{
          GRAPH ?g {{ ?m a org:Membership ; org:organization {GGE} ; org:member ?s }}
          ?s a cn:State ; cn:countryCode ?code .
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }}
          FILTER NOT EXISTS {{
            GRAPH ?g2 {{ ?m2 a org:Membership ; org:organization {GGE} ; org:member ?s }}
            GRAPH {PROV} {{ ?g2 prov:wasDerivedFrom ?src2 }}
            FILTER(?src2 != ?src)
          }}
        }}""")
    assert {(r["code"], r["src"]) for r in rows} == {("CAN", EWI), ("KOR", UN)}


def test_only_the_un_memberships_carry_the_session_period(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?m ?begin ?end WHERE {{
          ?m a org:Membership ; org:organization {GGE} ; org:member ?s ; org:memberDuring ?i .
          ?s a cn:State .
          ?i a time:Interval ; time:hasBeginning/time:inXSDDate ?begin ; time:hasEnd/time:inXSDDate ?end .
        }}""")
    assert len(rows) == 20
    assert all(local(r["m"]).endswith("/un-odo") for r in rows)
    assert {(r["begin"], r["end"]) for r in rows} == {("2014-07-01", "2015-06-01")}


def test_the_un_page_gives_the_chair_from_brazil(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?name ?role ?state ?src WHERE {{
          GRAPH ?g {{ ?m a org:Membership ; org:organization {GGE} ; org:member ?p ; org:role ?r }}
          ?r rdfs:label ?role . ?p a cn:Person ; rdfs:label ?name ; cn:affiliation ?state .
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }}
        }}""")
    assert rows == [{"name": "Carlos Luís Dantas Coutinho Perez", "role": "chair",
                     "state": ID + "state/bra", "src": UN}]


def test_the_un_page_gives_resolution_68_243(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?label WHERE {{
          GRAPH ?g {{ ?st a cn:Statement ; cn:about {GGE}, ?doc . ?doc a cn:Document ; rdfs:label ?label }}
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom <{UN}> }}
        }}""")
    assert [r["label"] for r in rows] == ["General Assembly resolution 68/243"]


# -- forums named in the report --


@pytest.mark.parametrize(
    ("forum", "klass"),
    [
        pytest.param("un-gge", "Forum", id="gge-series"),
        pytest.param("un-gge-2014-2015", "Forum", id="gge-2014-2015"),
        pytest.param("un-general-assembly", "Forum", id="unga"),
        pytest.param("itu-hleg", "Forum", id="itu-hleg"),
        pytest.param("wsis", "Forum", id="wsis"),
        pytest.param("g20", "Forum", id="g20"),
        pytest.param("netmundial", "Forum", id="netmundial"),
        pytest.param("global-conference-on-cyberspace", "Forum", id="gccs"),
        pytest.param("london-process", "Forum", id="london-process"),
        pytest.param("global-commission-on-internet-governance", "Forum", id="gcig"),
        pytest.param("global-cyberspace-cooperation-summit", "Forum", id="ewi-summit"),
        pytest.param("proliferation-security-initiative", "Forum", id="psi"),
        pytest.param("national-certs", "Forum", id="national-certs"),
        pytest.param("npt", "Regime", id="npt-regime"),
    ],
)
def test_forums_and_regimes_are_typed_and_labelled(store: ox.Store, select: Select, forum: str, klass: str) -> None:
    rows = select(store, PREFIXES + f"SELECT DISTINCT ?label WHERE {{ <{ID}forum/{forum}> a cn:{klass} ; rdfs:label ?label }}")
    assert len(rows) == 1


def test_no_first_committee_forum_from_a_citation_title(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?f WHERE { ?f a cn:Forum ; rdfs:label ?l FILTER(CONTAINS(LCASE(?l), "first committee")) }""")
    assert rows == []


# -- Nye's regime complex --


def test_the_regime_complex_is_nyes_via_the_report(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?label ?who ?doc ?at WHERE {{
          <{ID}regime-complex/nye-cyber> a cn:RegimeComplex ; rdfs:label ?label ; prov:wasAttributedTo ?who .
          GRAPH ?g {{ <{ID}regime-complex/nye-cyber> prov:wasDerivedFrom ?doc }}
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom <{EWI}> ; cn:locator ?at }}
        }}""")
    assert {(r["label"], local(r["who"]), local(r["doc"]), r["at"]) for r in rows} == {
        ("Nye's Cyber Regime Complex", "person/joseph-nye", "document/nye-2014-regime-complex", "footnote 8")
    }


def test_nyes_issue_areas_are_the_six_the_text_names(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?label WHERE {{
          ?a a cn:IssueArea ; rdfs:label ?label ; skos:inScheme <{ID}scheme/issue-areas> .
          <{ID}regime-complex/nye-cyber> cn:governs ?a .
          <{ID}scheme/issue-areas> skos:hasTopConcept ?a .
        }}""")
    labels = [r["label"] for r in rows]
    assert sorted(labels) == sorted(["war", "espionage", "human rights", "privacy", "content control", "standards"])
    assert "crime" not in labels  # the report's list does not name it


def test_the_four_dimensions(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?label WHERE {{ ?d a cn:RegimeDimension ; rdfs:label ?label ; skos:inScheme <{ID}scheme/regime-dimensions> }}""")
    assert sorted(r["label"] for r in rows) == ["breadth", "compliance", "depth", "fabric"]


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param("?r a cn:DimensionRating", id="no-rating-resources"),
        pytest.param("?r cn:ratingValue ?v", id="no-rating-values"),
        pytest.param("?r cn:ratedIssueArea ?a", id="no-rated-areas"),
        pytest.param("?f cn:partOfRegimeComplex ?rc", id="no-members-of-the-regime-complex"),
    ],
)
def test_what_the_sources_do_not_say_is_not_in_the_graph(store: ox.Store, select: Select, pattern: str) -> None:
    assert select(store, PREFIXES + f"SELECT * WHERE {{ {pattern} }}") == []


def test_keohane_and_victor_on_climate_change(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?text ?doc WHERE {{
          <{ID}statement/keohane-victor-climate> a cn:Statement ; cn:text ?text ;
             cn:about <{ID}regime-complex/nye-cyber> ; prov:wasDerivedFrom ?doc ;
             prov:wasAttributedTo <{ID}person/robert-keohane>, <{ID}person/david-victor> .
        }}""")
    assert len(rows) == 1
    assert local(rows[0]["doc"]) == "document/keohane-victor-2011"
    assert '"actually many different cooperation problems, implying different tasks and structures."' in rows[0]["text"]
    assert 'divergences in "power weighted" interests' in rows[0]["text"]


# -- the timeline --

EXPECTED_DATES = {
    "event/1980-ewi-founding": {"1980-01-01"},
    "event/1998-unga-annual-resolutions": {"1998-01-01"},
    "event/2002-wsis": {"2002-01-01"},
    "event/2002-icc-formation": {"2002-01-01"},
    "event/2004-brussels-ngo-roundtable": {"2004-01-01", "2006-01-01"},
    "event/2008-world-federation-of-scientists": {"2008-01-01"},
    "event/2008-conficker-working-group": {"2008-01-01"},
    "event/2009-itu-hleg": {"2009-01-01"},
    "event/2009-research-organizations-norms-work": {"2009-01-01"},
    "event/2009-ewi-cyberspace-work": {"2009-01-01"},
    "event/2010-ewi-summit": {"2010-01-01"},
    "event/2011-ewi-summit": {"2011-01-01"},
    "event/2011-london-process": {"2011-01-01"},
    "event/2011-russia-draft-convention": {"2011-01-01"},
    "event/2011-coc": {"2011-01-01"},
    "event/2013-microsoft-five-principles": {"2013-01-01"},
    "event/2013-tallinn-manual": {"2013-01-01"},
    "event/2014-global-commission-on-internet-governance": {"2014-01-01"},
    "event/2014-07-un-gge-2014-2015-sessions": {"2014-07-01"},
    "event/2014-12-msft-norms-paper": {"2014-12-01"},
    "event/2015-01-09-coc": {"2015-01-09"},
    "event/2015-04-gccs-the-hague": {"2015-04-01"},
    "event/2015-netherlands-commitment": {"2015-01-01"},
    "event/2015-05-18-kerry-seoul": {"2015-05-18"},
    "event/2015-07-22-ungge-report": {"2015-07-22"},
    "event/2015-russia-china-commitments": {"2015-01-01"},
    "event/2015-china-us-commitments": {"2015-01-01"},
    "event/2015-09-us-china-summit": {"2015-09-01"},
    "event/2015-11-g20-agreement": {"2015-11-01"},
    "event/2015-12-ewi-report": {"2015-12-01"},
    # after 2015 (after-2015-*.yaml, shared/facts/after-2015.md)
    "event/2017-02-gcsc-launch": {"2017-02-01"},
    "event/2018-04-17-tech-accord-signing": {"2018-04-17"},
    "event/2018-11-12-paris-call-launch": {"2018-11-12"},
    "event/2018-11-gcsc-singapore-norm-package": {"2018-11-01"},  # date unverified, flagged
    "event/2019-11-paris-peace-forum": {"2019-11-01"},
    "event/2019-11-12-gcsc-final-report": {"2019-11-12"},
    "event/2021-03-oewg-report-adopted": {"2021-03-01"},
    "event/2021-05-gge-report-adopted": {"2021-05-01"},
    # 2021-2026 (shared/facts/2021-2026.md, 2021-2026-*.yaml)
    "event/2021-10-13-cri-first-meeting": {"2021-10-13"},
    "event/2022-07-29-oewg-first-apr-adopted": {"2022-07-29"},
    "event/2022-10-31-cri-second-summit": {"2022-10-31"},
    "event/2023-05-poa-regional-consultations": {"2023-05-01"},
    "event/2023-10-31-cri-third-meeting": {"2023-10-31"},
    "event/2023-12-22-unga-decision-78-541": {"2023-12-22"},
    "event/2024-02-06-pall-mall-conference": {"2024-02-06"},
    "event/2024-05-global-poc-directory-launch": {"2024-05-01"},
    "event/2024-07-oewg-eighth-session": {"2024-07-08"},
    "event/2024-09-30-cri-fourth-meeting": {"2024-09-30"},
    "event/2024-12-24-cybercrime-convention-adopted": {"2024-12-24"},
    "event/2025-07-11-oewg-final-report-adopted": {"2025-07-11"},
    "event/2025-10-24-cri-fifth-summit": {"2025-10-24"},
    "event/2025-10-25-hanoi-signing-ceremony": {"2025-10-25"},
    "event/2026-03-30-global-mechanism-organizational-session": {"2026-03-30"},
    "event/2026-07-20-global-mechanism-first-plenary": {"2026-07-20"},
    "event/2026-12-07-global-mechanism-thematic-groups": {"2026-12-07"},
}
UNDATED = {
    "event/ewi-sixth-global-cyberspace-cooperation-summit",
    "event/sony-entertainment-attacks",
    "event/un-gge-first-convening",
}


def events(store: ox.Store, select: Select) -> dict[str, set[str]]:
    rows = select(store, PREFIXES + "SELECT ?e ?date WHERE { ?e a cn:Event OPTIONAL { ?e dcterms:date ?date } }")
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(local(row["e"]), set()).update({row["date"]} if "date" in row else set())
    return found


def test_every_event_is_dated_except_those_the_text_leaves_undated(store: ox.Store, select: Select) -> None:
    found = events(store, select)
    assert {e for e, dates in found.items() if not dates} == UNDATED
    assert {e: d for e, d in found.items() if d} == EXPECTED_DATES


def test_dated_event_ids_start_with_their_year(store: ox.Store, select: Select) -> None:
    for event, dates in events(store, select).items():
        if dates:
            assert event.removeprefix("event/")[:4] == min(dates)[:4], event


@pytest.mark.parametrize(
    ("event", "precision"),
    [
        pytest.param("event/1998-unga-annual-resolutions", "year", id="unga-year"),
        pytest.param("event/2015-04-gccs-the-hague", "month", id="gccs-month"),
        pytest.param("event/2015-05-18-kerry-seoul", "day", id="kerry-day"),
        pytest.param("event/2015-07-22-ungge-report", "day", id="ungge-day"),
    ],
)
def test_dates_keep_their_precision(store: ox.Store, select: Select, event: str, precision: str) -> None:
    rows = select(store, PREFIXES + f"SELECT DISTINCT ?p WHERE {{ <{ID}{event}> cn:datePrecision ?p }}")
    assert [r["p"] for r in rows] == [precision]


def test_the_roundtable_conflict_is_held_as_two_claims(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?date ?at WHERE {{
          GRAPH ?g {{ <{ID}event/2004-brussels-ngo-roundtable> dcterms:date ?date }}
          GRAPH {PROV} {{ ?g cn:locator ?at ; prov:wasDerivedFrom <{EWI}> ; cn:curatorNote ?note }}
        }}""")
    assert {(r["date"], r["at"]) for r in rows} == {
        ("2004-01-01", "NGO-led Norms Entrepreneurship Can Work, paragraph 1"),
        ("2006-01-01", "footnote 14"),
    }


@pytest.mark.parametrize(
    ("event", "prop", "value"),
    [
        pytest.param("event/2002-wsis", "cn:endDate", "2005-01-01", id="wsis-ends-2005"),
        pytest.param("event/2015-04-gccs-the-hague", "cn:place", "The Hague", id="gccs-the-hague"),
        pytest.param("event/2015-05-18-kerry-seoul", "cn:place", "Seoul", id="kerry-seoul"),
        pytest.param("event/2015-05-18-kerry-seoul", "cn:involves", ID + "person/john-kerry", id="kerry-involved"),
        pytest.param("event/2015-07-22-ungge-report", "cn:produced", ID + "document/ungge-2015", id="gge-report"),
        pytest.param("event/2015-07-22-ungge-report", "cn:partOf", ID + "forum/un-gge-2014-2015", id="gge-part-of"),
        pytest.param("event/2015-11-g20-agreement", "cn:partOf", ID + "forum/g20", id="g20"),
        pytest.param("event/2015-09-us-china-summit", "cn:involves", ID + "state/chn", id="summit-china"),
        pytest.param("event/ewi-sixth-global-cyberspace-cooperation-summit", "cn:partOf",
                     ID + "forum/global-cyberspace-cooperation-summit", id="sixth-summit"),
    ],
)
def test_event_details(store: ox.Store, select: Select, event: str, prop: str, value: str) -> None:
    rows = select(store, PREFIXES + f"SELECT ?v WHERE {{ <{ID}{event}> {prop} ?v }}")
    assert value in {r["v"] for r in rows}
