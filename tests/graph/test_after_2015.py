"""What followed December 2015, checked against shared/facts/after-2015.md: the GCSC with its backers
by stakeholder group, chairs and eight norms; the Paris Call's nine principles and its supporters (the
partner's CSV converted); the Tech Accord; the UN processes that reaffirm the 2015 norms; the G20
paragraph; the lineage of the 2015 norms; the GCSC evaluated against the proposal; and the facts the
facts file marks unverified, flagged as such."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybernorms.graph.partners import paris_call
from cybernorms.graph.build.dataset import ONTOLOGY_FILE
from cybernorms.namespaces import CN, ID, ONTOLOGY_GRAPH, PROVENANCE_GRAPH
from cybernorms.queries.library import get_query

Select = Callable[[ox.Store, str], list[dict[str, str]]]

PREFIXES = f"""
PREFIX cn: <{CN}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
PROV = f"<{PROVENANCE_GRAPH}>"
GCSC = f"<{ID}forum/gcsc>"
HCSS_PAGE = ID + "document/hcss-gcsc-news"
DIGWATCH_PAGE = ID + "document/digwatch-gcsc-launched"
#: The actor classes and the stakeholder group each counts for (the ontology's restrictions).
GROUP_OF = """VALUES (?class ?group) {
  (cn:State "states") (cn:GovernmentBody "states") (cn:Corporation "private sector")
  (cn:CivilSocietyOrganization "civil society") (cn:NonGovernmentalOrganization "civil society") }"""


def local(iri: str) -> str:
    return iri.removeprefix(ID)


def run(store: ox.Store, name: str) -> list[dict[str, str]]:
    """The rows of a named query with its default parameters, as dicts of lexical values."""
    from cybernorms.queries.run import prepare

    prepared = prepare(name)
    substitutions = {ox.Variable(k): v for k, v in prepared.params.items()}
    solutions = store.query(prepared.text, use_default_graph_as_union=True, substitutions=substitutions)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


@pytest.fixture(scope="module")
def with_ontology(quads: list[ox.Quad]) -> ox.Store:
    """The curated data and the ontology (for the queries that read class axioms)."""
    graph_store = ox.Store()
    graph_store.extend(quads)
    graph_store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    return graph_store


# -- the GCSC --


def test_gcsc_backers_by_stakeholder_group(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?who ?group WHERE {{
          ?e a cn:Endorsement ; cn:endorsed {GCSC} ; cn:supportRole "backer"@en ; cn:endorser ?who .
          ?who a ?class . {GROUP_OF}
        }}""")
    by_group: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_group[row["group"]].add(local(row["who"]))
    assert by_group == {
        "states": {"state/nld", "state/fra", "state/est", "org/singapore-cyber-security-agency"},
        "private sector": {"org/microsoft"},
        "civil society": {"org/internet-society"},
    }


def test_singapore_backs_the_gcsc_through_its_agency(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?state ?label WHERE {{ <{ID}org/singapore-cyber-security-agency> a cn:GovernmentBody ;
                                        cn:governmentOf ?state . ?state a cn:State ; rdfs:label ?label ;
                                        cn:countryCode "SGP" }}""")
    assert rows == [{"state": ID + "state/sgp", "label": "Singapore"}]


def test_every_backing_is_sourced_to_both_launch_pages(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?e ?src WHERE {{
          GRAPH ?g {{ ?e a cn:Endorsement ; cn:endorsed {GCSC} ; cn:supportRole "backer"@en }}
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }} }}""")
    sources: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        sources[row["e"]].add(row["src"])
    assert len(sources) == 6
    assert all(found == {HCSS_PAGE, DIGWATCH_PAGE} for found in sources.values())


def test_gcsc_launch_initiators_secretariat_and_chairs(store: ox.Store, select: Select) -> None:
    forum = select(store, PREFIXES + f"SELECT DISTINCT ?date ?label WHERE {{ {GCSC} a cn:Forum ; dcterms:date ?date ; rdfs:label ?label }}")
    assert forum == [{"date": "2017-02-01", "label": "Global Commission on the Stability of Cyberspace"}]
    roles = select(store, PREFIXES + f"""
        SELECT DISTINCT ?member ?role WHERE {{ ?m a org:Membership ; org:organization {GCSC} ;
                                               org:member ?member ; org:role/rdfs:label ?role }}""")
    assert {(local(r["member"]), r["role"]) for r in roles} == {
        ("org/hague-centre-for-strategic-studies", "secretariat"),
        ("org/eastwest-institute", "secretariat"),
        ("person/marina-kaljurand", "chair"),
        ("person/michael-chertoff", "co-chair"),
        ("person/latha-reddy", "co-chair"),
    }
    initiators = select(store, PREFIXES + f"""
        SELECT DISTINCT ?who WHERE {{ ?e cn:endorsed {GCSC} ; cn:supportRole "initiator"@en ; cn:endorser ?who }}""")
    assert {local(r["who"]) for r in initiators} == {"org/hague-centre-for-strategic-studies", "org/eastwest-institute"}
    launch = select(store, PREFIXES + f"""
        SELECT ?date ?place ?who WHERE {{ <{ID}event/2017-02-gcsc-launch> dcterms:date ?date ; cn:place ?place ;
                                          cn:partOf {GCSC} ; cn:involves ?who }}""")
    assert {r["date"] for r in launch} == {"2017-02-01"}
    assert {r["place"] for r in launch} == {"Munich Security Conference"}
    assert ID + "person/bert-koenders" in {r["who"] for r in launch}


def test_the_gcsc_realises_the_proposal_by_ewis_own_account(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?src ?url WHERE {{
          GRAPH ?g {{ <{ID}proposed-forum/ewi-2015> cn:realizedBy {GCSC} }}
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }} ?src cn:url ?url }}""")
    assert rows == [{"src": ID + "document/ewi-cybersummit-2017-norms",
                     "url": "http://cybersummit.info/breakthrough-2017/promoting-norms-responsible-behavior-cyberspace"}]


GCSC_NORMS = {
    "1": "non-interference with the public core of the Internet",
    "2": "protect electoral infrastructure",
    "3": "avoid tampering",
    "4": "against commandeering of ICT devices into botnets",
    "5": "states should create a vulnerability equities process",
    "6": "reduce and mitigate significant vulnerabilities",
    "7": "basic cyber hygiene as foundational defence",
    "8": "against offensive cyber operations by non-state actors",
}


def test_the_eight_gcsc_norms(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?notation ?text ?url WHERE {{ ?n a cn:NormStatement ; cn:statedIn ?d ; cn:notation ?notation ; skos:altLabel ?text .
                                             ?d cn:shortName "GCSC" ; cn:url ?url ; cn:presentedIn {GCSC} }}""")
    assert {r["notation"]: r["text"] for r in rows} == GCSC_NORMS
    assert {r["url"] for r in rows} == {"https://cyberstability.org/norms.html"}


def test_gcsc_final_report(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?date ?title ?text WHERE {{ <{ID}document/gcsc-final-report-2019> dcterms:date ?date ; dcterms:title ?title .
                                           ?s cn:about {GCSC} ; cn:text ?text . FILTER(CONTAINS(?text, "commissioners")) }}""")
    assert rows == [{"date": "2019-11-12", "title": "Advancing Cyberstability", "text": "28 commissioners from 16 countries."}]


# -- the Paris Call, the Tech Accord, the UN processes, the G20 --


def test_the_nine_paris_call_principles(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?notation ?text ?date WHERE {{ ?n cn:statedIn <{ID}document/paris-call-2018> ; cn:notation ?notation ;
                                              skos:altLabel ?text . <{ID}document/paris-call-2018> dcterms:date ?date }}""")
    assert [r["text"] for r in sorted(rows, key=lambda r: int(r["notation"]))] == [
        "protect individuals and infrastructure", "protect the Internet", "defend electoral processes",
        "defend intellectual property", "non-proliferation", "lifecycle security", "cyber hygiene",
        "no private hack-back", "international norms",
    ]
    assert {r["date"] for r in rows} == {"2018-11-12"}


def test_paris_call_supporters_at_launch_is_a_sourced_statement(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?text ?src WHERE {{ GRAPH ?g {{ ?s a cn:Statement ; cn:about <{ID}document/paris-call-2018> ; cn:text ?text }}
                                   GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }} }}""")
    assert {local(r["src"]) for r in rows} == {"document/paris-peace-forum-paris-call",
                                               "document/incyber-fic-endorses-paris-call"}
    assert {r["text"] for r in rows} == {(
        "Supporters at launch: 51 states, 93 civil-society organisations, 218 private-sector entities; later over "
        "1,200 supporters including about 80 states.")}


def test_the_tech_accord_names_twelve_of_its_34_signatories(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?label ?date WHERE {{ ?e cn:endorsed <{ID}document/tech-accord-2018> ; cn:supportRole "signatory"@en ;
                                     dcterms:date ?date ; cn:endorser ?who . ?who a cn:Corporation ; rdfs:label ?label }}""")
    assert {r["label"] for r in rows} == {"ABB", "Arm", "Cisco", "Dell", "Facebook", "HP", "HPE", "Microsoft",
                                          "Nokia", "Oracle", "Telefónica", "Trend Micro"}
    assert {r["date"] for r in rows} == {"2018-04-17"}
    commitments = select(store, PREFIXES + f"SELECT ?text WHERE {{ ?n cn:statedIn <{ID}document/tech-accord-2018> ; cn:text ?text }}")
    assert {r["text"] for r in commitments} == {"stronger defence", "no offence", "capacity building", "collective action"}
    said = select(store, PREFIXES + f"SELECT DISTINCT ?text WHERE {{ ?s cn:about <{ID}document/tech-accord-2018> ; cn:text ?text }}")
    assert {r["text"] for r in said} == {
        "Signed 17 April 2018 at the RSA Conference by 34 companies.",
        # 2021-2026-cybercrime-convention.yaml (flagged unverified)
        "Rights groups and a coalition of major tech firms led by the Cybersecurity Tech Accord declined to attend the Hanoi signing."}


@pytest.mark.parametrize(
    ("document", "symbol", "sources"),
    [
        pytest.param("oewg-2021-report", "A/75/816", {"document/digwatch-oewg-2019-2021-report"}, id="oewg"),
        pytest.param("ungge-2021", "A/76/135", {"document/cybilportal-un-gge", "document/digwatch-un-gge-2019-2021-report"},
                     id="gge-2021"),
        pytest.param("unga-resolution-70-237", "A/RES/70/237", {"document/cyberpolicyportal-un-background"}, id="res-70-237"),
    ],
)
def test_later_un_documents_reaffirm_the_2015_report_as_their_sources_say(
    store: ox.Store, select: Select, document: str, symbol: str, sources: set[str]
) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?src ?judged ?symbol WHERE {{
          GRAPH ?g {{ <{ID}document/{document}> cn:endorses <{ID}document/ungge-2015> }}
          <{ID}document/{document}> cn:unSymbol ?symbol .
          OPTIONAL {{ GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }} }}
          OPTIONAL {{ GRAPH {PROV} {{ ?g cn:curatorJudgement ?judged }} }} }}""")
    assert {local(r["src"]) for r in rows} == sources
    assert {r["symbol"] for r in rows} == {symbol}
    assert not any("judged" in r for r in rows)


def test_the_2019_2021_gge_and_its_chair(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?label ?state WHERE {{ ?m org:organization <{ID}forum/un-gge-2019-2021> ;
            org:role <{ID}org-role/chair> ; org:member ?p . ?p rdfs:label ?label ; cn:affiliation ?state }}""")
    assert rows == [{"label": "Guilherme de Aguiar Patriota", "state": ID + "state/bra"}]


def test_asean_subscribes_to_the_eleven_norms_in_2018(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?norm ?date ?role WHERE {{ ?e cn:endorser <{ID}org/asean> ; cn:endorsed ?norm ; dcterms:date ?date ;
                                          cn:supportRole ?role }}""")
    assert sorted(local(r["norm"]) for r in rows) == [f"norm/ungge-13{x}" for x in "abcdefghijk"]
    assert {(r["date"], r["role"]) for r in rows} == {("2018-01-01", "subscribed in principle")}


def test_the_g20_ip_theft_sentence_is_a_norm_of_the_communique(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?text ?category ?src WHERE {{
          GRAPH ?g {{ <{ID}norm/g20-2015-ip-theft> cn:text ?text ; cn:statedIn <{ID}document/g20-communique-2015> }}
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }}
          <{ID}norm/g20-2015-ip-theft> cn:inCategory ?category }}""")
    assert {r["text"] for r in rows} == {
        "no country should conduct or support ICT-enabled theft of intellectual property for commercial advantage"}
    assert {local(r["src"]) for r in rows} == {"document/lawfare-g20-cyber-sections", "document/thehill-g20-anti-hacking-pledge"}
    assert {local(r["category"]) for r in rows} == {"category/II"}


def test_the_unverified_facts_are_flagged_and_only_they(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} GRAPH {PROV} {{ ?g cn:verification "unverified" }} }}""")
    # The facts of 2021-2026 flagged as unverified (shared/facts/2021-2026.md; tests/graph/test_2021_2026.py)
    later = {
        "document/oewg-2024-third-apr", "document/tech-accord-year-six-report", "endorsement/au-common-position/au-assembly",
        "event/2026-03-30-global-mechanism-organizational-session", "statement/oewg-checklist-adopted-with-the-third-apr",
        "statement/tech-accord-led-industry-absence-from-hanoi", "tally/paris-call-2018/2022-civil-society",
        "tally/paris-call-2018/2022-companies", "tally/paris-call-2018/2022-governments", "tally/paris-call-2018/2022-supporters",
        "tally/unga-resolution-77-37/abstentions", "tally/unga-resolution-77-37/against", "tally/unga-resolution-77-37/in-favour",
    }
    assert {local(r["s"]) for r in rows} >= later
    rows = [r for r in rows if local(r["s"]) not in later]
    assert {(local(r["s"]), r["p"].rsplit("/", 1)[-1].rsplit("#", 1)[-1], r["o"].removeprefix(ID)) for r in rows} == {
        ("document/g20-communique-2015", "endorses", "document/ungge-2015"),  # "welcomes the GGE report"
        ("event/2018-11-gcsc-singapore-norm-package", "date", "2018-11-01"),
        ("event/2018-11-gcsc-singapore-norm-package", "datePrecision", "month"),
    }
    package = select(store, PREFIXES + f"""
        SELECT ?v WHERE {{ GRAPH ?g {{ <{ID}statement/gcsc-singapore-norm-package> cn:text ?t }}
                           OPTIONAL {{ GRAPH {PROV} {{ ?g cn:verification ?v }} }} }}""")
    assert package == [{}], "that norms 3-8 form the package is verified; only its date is not"


def test_every_cited_page_is_a_document_with_its_url(store: ox.Store, select: Select) -> None:
    pages = {
        "hcss-gcsc-news", "digwatch-gcsc-launched", "ewi-cybersummit-2017-norms", "gcsc-norms",
        "gcsc-final-report-2019", "paris-peace-forum-paris-call", "incyber-fic-endorses-paris-call",
        "digwatch-tech-accord", "digwatch-oewg-2019-2021-report", "cybilportal-un-gge",
        "digwatch-un-gge-2019-2021-report", "lawfare-g20-cyber-sections", "thehill-g20-anti-hacking-pledge",
        "cyberpolicyportal-un-background", "pariscall-international-repository", "iso-3166-1",
    }
    rows = select(store, PREFIXES + """
        SELECT DISTINCT ?d ?url WHERE { ?d a cn:Document ; rdfs:label ?l ; cn:url ?url }""")
    have = {local(r["d"]).removeprefix("document/") for r in rows}
    assert pages <= have


# -- lineage --


def test_lineage_of_msft_1(with_ontology: ox.Store) -> None:
    rows = [r for r in run(with_ontology, "lineage") if r["norm"] == "MSFT 1"]
    assert rows == [{"norm": "MSFT 1", "instrument": "The norms of the Global Commission on the Stability of Cyberspace",
                     "later_norm": "GCSC 3", "how": "continues", "asserted_by": "curators"}]


def test_lineage_of_the_usg_ip_norm_runs_through_the_g20_to_the_paris_call(with_ontology: ox.Store) -> None:
    rows = [r for r in run(with_ontology, "lineage") if r["norm"].startswith("USG: no cyber-enabled theft")]
    assert [(r["later_norm"], r["date"]) for r in rows] == [("G20 Antalya para. 26", "2015-11-01"),
                                                              ("Paris Call 4", "2018-11-12")]


def test_lineage_of_ungge_13f(with_ontology: ox.Store) -> None:
    rows = [r for r in run(with_ontology, "lineage") if r["norm"] == "UNGGE 13(f)"]
    how = Counter((r["how"], r.get("verification", "")) for r in rows)
    # reaffirmed by the OEWG and GGE 2021 reports, A/RES/70/237, the first OEWG 2021-2025 progress report
    # and the ASEAN norms checklist (2021-2026-oewg.yaml, 2021-2026-regional.yaml)
    assert how == Counter({("reaffirms the document", ""): 5, ("reaffirms the document", "unverified"): 1,
                           ("continues", ""): 2, ("endorses the norm", ""): 1})
    assert {r["later_norm"] for r in rows if r["how"] == "continues"} == {"GCSC 1", "Paris Call 1"}
    reaffirm = {r["instrument"]: r["asserted_by"] for r in rows if r["how"] == "reaffirms the document"}
    assert set(reaffirm["Report of the 2019-2021 GGE"].split(", ")) == {
        "Cybil Portal: UN GGE", "dig.watch update: UN GGE 2019-2021 adopts consensus report"}


def test_the_2015_norms_nothing_carried_on(with_ontology: ox.Store) -> None:
    rows = run(with_ontology, "lineage_gaps")
    assert [r["norm"] for r in rows] == [
        "CoC (1)", "CoC (2)", "CoC (3)", "CoC (4)", "CoC (6)", "CoC (7)",
        "MSFT 3", "MSFT 5", "MSFT 6",
        "Tallinn Rule 1", "Tallinn Rule 2", "Tallinn Rule 5", "Tallinn Rule 9",
        "USG: acts of aggression not permissible; right to respond",
        "USG: do not prevent emergency teams from responding or use own teams to cause harm",
        "USG: help states victimized by a cyberattack",
    ]


def test_every_lineage_link_is_a_curators_judgement_with_a_rationale(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?a ?judged ?src ?note ?rationale WHERE {{
          GRAPH ?g {{ ?a a cn:Alignment ; cn:fromNorm ?from ; cn:rationale ?rationale }}
          ?from cn:statedIn/cn:shortName ?short . FILTER(?short IN ("GCSC", "Paris Call", "G20 Antalya"))
          OPTIONAL {{ GRAPH {PROV} {{ ?g cn:curatorJudgement ?judged }} }}
          OPTIONAL {{ GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }} }}
          OPTIONAL {{ GRAPH {PROV} {{ ?g cn:curatorNote ?note }} }} }}""")
    assert len(rows) == 23
    assert all(r.get("judged") == "true" and "src" not in r and r["note"].startswith("Not stated by a source") for r in rows)


# -- the GCSC against the proposal --


def test_gcsc_evaluation(with_ontology: ox.Store) -> None:
    rows = {r["characteristic"]: r for r in run(with_ontology, "gcsc_evaluation")}
    assert {name: r["verdict"] for name, r in rows.items()} == {
        "Geopolitical neutrality": "unknown",
        "Support of three states, three corporations and three civil society organizations": "partly met",
        "Broad support and participation of leading states and international actors": "partly met",
        "Mobilizes critical analysis": "partly met",
        "At least three well-placed states": "met",
        "At least three well-placed corporations": "not met",
        "At least three well-placed civil society organizations": "not met",
        "NGO-led": "met",
    }
    assert rows["At least three well-placed states"]["backers"] == "4 of at least 3"
    assert rows["At least three well-placed corporations"]["backers"] == "1 of at least 3"
    assert rows["At least three well-placed corporations"]["names"] == "Microsoft"
    assert rows["At least three well-placed civil society organizations"]["names"] == "Internet Society"
    assert {r["asserted_by"] for r in rows.values()} == {"curators"}
    assert all(r["reason"] for r in rows.values())


def test_ngo_led_is_evaluated_but_not_added_to_the_reports_list(store: ox.Store) -> None:
    assert not store.query(PREFIXES + f"ASK {{ ?f cn:hasCharacteristic <{ID}characteristic/ngo-led> }}",
                           use_default_graph_as_union=True)


def test_gcsc_evaluation_is_a_named_query_with_the_forum_parameter() -> None:
    (param,) = get_query("gcsc_evaluation").parameters
    assert (param.name, param.default) == ("forum", "forum:gcsc")


# -- the Paris Call supporters: the partner's CSV converted --

SAMPLE = """id,name,category,nature,nationality,date_signed
microsoft-private-sector-USA,Microsoft,private-sector,Entreprise,USA,
the_internet_society_isoc-civil-society-USA,The Internet Society (ISOC),civil-society,Association,USA,
huawei-private-sector-CHN,Huawei,private-sector,Entreprise,CHN,2019-05-01
france-state-FRA,France,state,,FRA,
armenie-state-ARM,Arménie,state,,ARM,2020-01-02
bod_commune-public-authority-ROM,Bod Commune,public-authority,Collectivité locale,ROM,
abelia-private-sector-NOR,Abelia,private-sector,Association professionnelle ,NOR,
smart_africa-undefined-RWA,Smart Africa,,,RWA,
interpol-international-organization,INTERPOL,public-authority,,,
rphs_law-private-sector-,RPHS Law,private-sector,,,
global_forum_on_cyber_expertise-civil-society-NLD,Global Forum on Cyber Expertise ,civil-society,,NLD,not a date
"""


@pytest.fixture(scope="module")
def conversion(tmp_path_factory: pytest.TempPathFactory) -> paris_call.Conversion:
    path = tmp_path_factory.mktemp("paris-call") / "supporters.csv"
    path.write_text(SAMPLE, encoding="utf-8")
    return paris_call.convert(path)


@pytest.fixture(scope="module")
def with_supporters(quads: list[ox.Quad], conversion: paris_call.Conversion) -> ox.Store:
    graph_store = ox.Store()
    graph_store.extend(quads)
    graph_store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    for name, triples in (("iso-3166", conversion.states), ("paris-call", conversion.supporters)):
        graph = ox.NamedNode("https://w3id.org/cybernorms/graph/partner/" + name)
        graph_store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return graph_store


def test_the_report_names_every_imperfection(conversion: paris_call.Conversion) -> None:
    report = conversion.report
    assert report.rows == 11
    assert report.stray_spaces == Counter({"nature": 1, "name": 1})
    assert report.no_category == ["smart_africa-undefined-RWA (Smart Africa)"]
    assert [x.split(" ")[0] for x in report.no_nationality] == ["interpol-international-organization", "rphs_law-private-sector-"]
    assert report.corrected_codes == Counter({"ROM": 1})
    assert report.no_state == ["interpol-international-organization (INTERPOL, public-authority, nationality none)"]
    assert report.bad_dates == ["global_forum_on_cyber_expertise-civil-society-NLD: 'not a date'"]
    assert report.dated == 2
    text = "\n".join(report.lines())
    assert "nationality ROM read as ROU in 1 rows" in text
    assert "stray spaces stripped: 1 in name, 1 in nature" in text


def test_states_not_in_the_graph_are_added_from_iso_3166(conversion: paris_call.Conversion) -> None:
    assert conversion.report.new_states == ["ARM Armenia", "NOR Norway", "ROU Romania", "RWA Rwanda"]
    labels = {t.subject.value: t.object.value for t in conversion.states if t.predicate.value.endswith("#label")}
    assert labels[ID + "state/arm"] == "Armenia"
    # The source goes into the import's provenance (a partner graph states nothing about a graph).
    assert not any(t.object.value == ID + "document/iso-3166-1" for t in conversion.states)
    sources = {name: parsed.source for name, parsed in paris_call.read_graphs(Path("supporters.csv"), conversion)}
    assert sources == {"iso-3166": ID + "document/iso-3166-1", "paris-call": ID + "document/pariscall-international-repository"}


def test_supporters_are_typed_by_category_and_resolved_to_curated_actors(with_supporters: ox.Store, select: Select) -> None:
    rows = select(with_supporters, PREFIXES + f"""
        SELECT ?id ?who ?type ?base WHERE {{
          GRAPH <https://w3id.org/cybernorms/graph/partner/paris-call> {{
            ?e cn:endorsed <{ID}document/paris-call-2018> ; cn:endorser ?who ; dcterms:identifier ?id }}
          OPTIONAL {{ GRAPH <https://w3id.org/cybernorms/graph/partner/paris-call> {{ ?who a ?type }} }}
          OPTIONAL {{ ?who cn:basedIn ?base }} }}""")
    found = {(r["id"], local(r["who"]), local(r.get("type", "")).removeprefix(CN), local(r.get("base", ""))) for r in rows}
    assert found == {
        ("microsoft-private-sector-USA", "org/microsoft", "", "state/usa"),
        ("the_internet_society_isoc-civil-society-USA", "org/internet-society", "", "state/usa"),
        ("huawei-private-sector-CHN", "org/huawei-technologies", "", "state/chn"),
        ("france-state-FRA", "state/fra", "", ""),
        ("armenie-state-ARM", "state/arm", "", ""),
        ("bod_commune-public-authority-ROM", "org/paris-call/bod-commune-public-authority-rom", "GovernmentBody", "state/rou"),
        ("abelia-private-sector-NOR", "org/paris-call/abelia-private-sector-nor", "Corporation", "state/nor"),
        ("smart_africa-undefined-RWA", "org/paris-call/smart-africa-undefined-rwa", "Actor", "state/rwa"),
        ("interpol-international-organization", "org/paris-call/interpol-international-organization", "Actor", ""),
        ("rphs_law-private-sector-", "org/paris-call/rphs-law-private-sector", "Corporation", ""),
        ("global_forum_on_cyber_expertise-civil-society-NLD",
         "org/paris-call/global-forum-on-cyber-expertise-civil-society-nld", "CivilSocietyOrganization", "state/nld"),
    }


def test_supporter_queries_on_the_converted_sample(with_supporters: ox.Store) -> None:
    by_category = {r["category"]: (r["supporters"], r["dated"]) for r in run(with_supporters, "paris_call_supporters_by_category")}
    # with the curated endorsements of 2021 (2021-2026-regional.yaml): the United States (a state, two dated
    # endorsements, one per source) and the European Union (an organisation, uncategorised, dated)
    assert by_category == {"state": ("3", "3"), "private sector": ("4", "1"), "civil society": ("2", "0"),
                           "public authority": ("1", "0"), "uncategorised": ("3", "1")}
    companies = {r["company"]: (r["signed"], r.get("date")) for r in run(with_supporters, "ewi_supporters_in_paris_call")}
    assert companies == {"Huawei Technologies": ("yes", "2019-05-01"), "Microsoft": ("yes", None),
                         "Palo Alto Networks": ("no", None), "NXP Semiconductors": ("no", None), "Qihoo 360": ("no", None),
                         "Unisys": ("no", None), "CenturyLink": ("no", None)}
    gge = {r["state"]: r["supports"] for r in run(with_supporters, "gge_states_in_paris_call")}
    assert gge["France"] == "yes" and gge["China"] == "no" and len(gge) == 21
    by_country = {r["code"]: (r["supporters"], r["state_signed"]) for r in run(with_supporters, "paris_call_supporters_by_country")}
    assert by_country["USA"] == ("2", "yes")  # the United States joined in November 2021 (2021-2026-regional.yaml)
    assert by_country["DEU"] == ("0", "no")
    assert by_country["FRA"] == ("0", "yes")
    assert by_country[""] == ("3", "no")  # with the European Union (no country), joined in 2021


def test_the_conversion_is_deterministic(conversion: paris_call.Conversion, tmp_path: Path) -> None:
    first = [p.read_bytes() for p in paris_call.write(conversion, tmp_path / "a")]
    second = [p.read_bytes() for p in paris_call.write(conversion, tmp_path / "b")]
    assert first == second
    assert b"paris-call-2018" in first[1]


@pytest.mark.slow
def test_the_sample_passes_the_import_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both graphs go through `cybernorms import`'s checks (SHACL, reasoner) into the partner files."""
    monkeypatch.setenv("CYBERNORMS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CYBERNORMS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "supporters.csv"
    path.write_text(SAMPLE, encoding="utf-8")
    # Every build holds the shipped list's two graphs: the states replace the shipped ones, and the list
    # then leaves the build whole, so the supporters come in anew.
    report, results = paris_call.import_supporters(path, replace=True)
    assert [(r.action, r.graph.rsplit("/", 1)[-1]) for r in results] == [("replaced", "iso-3166"), ("imported", "paris-call")]
    assert sorted(p.name for p in (tmp_path / "home" / "partners").glob("*.nq")) == ["iso-3166.nq", "paris-call.nq"]
    again = paris_call.import_supporters(path)[1]
    assert [r.action for r in again] == ["unchanged", "unchanged"]
    assert report.rows == 11
