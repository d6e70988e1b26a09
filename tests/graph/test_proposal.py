"""The proposed forum (EWI report), Broitman's measures and the report's appendices, checked
against the sources' words: the fifteen characteristics in order with the support and funding
requirements as numbers, the five considerations, Bergsmo's six factors, the four pre-normative
measures and five agreement structures, Appendix II's assumptions and Appendix III's papers."""

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
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
PROV = f"<{PROVENANCE_GRAPH}>"
FORUM = f"<{ID}proposed-forum/ewi-2015>"
EWI = ID + "document/ewi-2015"
BROITMAN = ID + "document/broitman"

CHARACTERISTICS = [
    "A focus on early take-up by states of new norms of mutual restraint.",
    "An equal focus on early take-up by all stakeholders of new norms of common welfare in cyberspace.",
    "Particular attention to issues where there is large-scale intermingling among governmental, business "
    "and/or citizen interests.",
    "Geopolitical neutrality even while seeking to pressure states toward earlier agreement on new norms than "
    "might be possible if states were left to their own devices.",
    "Enjoys the support of at least three well-placed states, three well-placed corporations and three "
    "well-placed civil society organizations as enduring partners and champions.",
    "Enjoys the broad and consistent support of other leading states (e.g. those in the UNGGE and their peers) "
    "and related international actors (ICANN and ITU), as well as their active participation in its work.",
    "Annual review and analytical function (stock-take) regarding stakeholder behavior in cyberspace and "
    "suggested norms.",
    "Commitment to more vigorous and effective programs of advocacy around the general goal of normative "
    "behavior, more than any other NGO has been able to deliver so far.",
    "Mobilizes critical analysis by scholars and stakeholders from around the world.",
    "Secures commitments to move faster and produce outcomes that help catalyze existing forums.",
    "Represents multi-stakeholder interests better than existing forums.",
    "Establishes early claims to be an entirely appropriate adjunct to state action and an effective adjunct "
    "to state action.",
    "Profiles new approaches, especially from states, businesses or citizens outside the dominant discourses "
    "of the West that have not yet gained traction or been treated appropriately in existing forums.",
    "Secures a nimble organizational structure but a permanent staff adequate to the task.",
    "Sustains funding of at least $2 million per year, preferably closer to $4 million.",
]
CONSIDERATIONS = [
    "Continuing militarization of cyberspace by states, regardless of political system.",
    "Continuing securitization of cyberspace by states within their own borders, regardless of political system.",
    "Growing activism by multinational corporations and civil society around norm advocacy that does not fit "
    "neatly into the current gradualist approaches by states, not least because some corporations no longer "
    "see their government of national registration as representing their interests.",
    "Sector-based risks, for example in financial services and civil nuclear information security, that have "
    "not been adequately addressed in inter-state forums.",
    "Persistent asymmetries of power and knowledge among stakeholders, especially states, that fuels reluctance "
    "by them to commit early to new normative behavior.",
]
FACTORS = [
    "NGO mobilization and unity.",
    "Competent, well-informed specialists and lawyers in those NGOs.",
    "Sufficient transparency in the multilateral process for NGOs to be effective.",
    "A few principled states to protect the integrity of the idea throughout the reform deliberations.",
    "Adequate great power acceptance to provide hard political legitimacy.",
    'Established NGO "laboratories" to show the feasibility of the project.',
]
MEASURES = [
    "Continuous Contact",
    "Practical Confidence Building Measures",
    "Capacity Building",
    "Sector Based Incremental Agreements that Maintain and Increase Areas of Consensus",
]
STRUCTURES = [
    "Along Thematic Rather than Membership Requirements",
    "On a Sector Outside of the Security Context",
    "Leveraging Existing Technical Collaborations and Relationships",
    "Where the Spillover Benefits or Costs Impact a Number of Different Countries",
    "Shape the Agreement to Provide a Glide Path for Entry by More Signatories",
]


def local(iri: str) -> str:
    return iri.removeprefix(ID)


def ordered_texts(store: ox.Store, select: Select, klass: str, extra: str = "") -> list[tuple[int, str, str]]:
    """(ordinal, text, source) of every resource of ``klass``, as stated in its claim graph."""
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?ord ?text ?src WHERE {{
          GRAPH ?g {{ ?x a cn:{klass} ; cn:ordinal ?ord ; cn:text ?text {extra} }}
          GRAPH {PROV} {{ ?g prov:wasDerivedFrom ?src }}
        }} ORDER BY ?ord""")
    return [(int(r["ord"]), r["text"], r["src"]) for r in rows]


# -- the forum --


@pytest.mark.parametrize(
    ("prop", "expected"),
    [
        pytest.param("cn:proposedIn", {"document/ewi-2015"}, id="proposed-in"),
        pytest.param("cn:proposedBy", {"org/eastwest-institute"}, id="proposed-by"),
        pytest.param("cn:mainTarget", {"stakeholder-group/states"}, id="main-target-states"),
        pytest.param("cn:positionedBetween", {
            "stakeholder-group/states", "stakeholder-group/private-sector", "stakeholder-group/civil-society",
            "stakeholder-group/technical-academic", "regime-complex/nye-cyber"}, id="figure-2-position"),
    ],
)
def test_the_proposed_forum(store: ox.Store, select: Select, prop: str, expected: set[str]) -> None:
    rows = select(store, PREFIXES + f"SELECT DISTINCT ?v WHERE {{ {FORUM} a cn:ProposedForum ; {prop} ?v }}")
    assert {local(r["v"]) for r in rows} == expected


def test_its_purpose_is_the_summarys(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?text WHERE {{ ?s a cn:Statement ; cn:about {FORUM} ; rdfs:label "Purpose of the proposed forum"@en ;
                              cn:text ?text }}""")
    assert len(rows) == 1
    assert "main goal the early take-up by states of norms of mutual restraint or norms of common welfare" in rows[0]["text"]


def test_the_fifteen_characteristics_in_order(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?ord ?text WHERE {{ {FORUM} cn:hasCharacteristic ?c . ?c cn:ordinal ?ord ; cn:text ?text }}
        ORDER BY ?ord""")
    assert [int(r["ord"]) for r in rows] == list(range(1, 16))
    assert [r["text"] for r in rows] == CHARACTERISTICS


@pytest.mark.parametrize(
    "group",
    [
        pytest.param("states", id="three-states"),
        pytest.param("private-sector", id="three-corporations"),
        pytest.param("civil-society", id="three-civil-society-organizations"),
    ],
)
def test_support_of_at_least_three_per_group(store: ox.Store, select: Select, group: str) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?n WHERE {{
          {FORUM} cn:hasCharacteristic ?r .
          ?r a cn:SupportRequirement ; cn:requiredGroup <{ID}stakeholder-group/{group}> ; cn:minimumCount ?n .
          FILTER(datatype(?n) = xsd:integer)
        }}""")
    assert [int(r["n"]) for r in rows] == [3]


def test_support_requirements_cover_exactly_three_groups(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + "SELECT ?r ?g WHERE { ?r a cn:SupportRequirement ; cn:requiredGroup ?g }")
    assert len(rows) == 3
    assert all(local(r["r"]).startswith("characteristic/5/") for r in rows)


def test_funding_of_two_million_preferably_four(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?ord ?min ?pref WHERE {{
          {FORUM} cn:hasCharacteristic ?c .
          ?c a cn:FundingRequirement ; cn:ordinal ?ord ; cn:minimumAnnualFunding ?min ; cn:preferredAnnualFunding ?pref .
          FILTER(datatype(?min) = xsd:decimal && datatype(?pref) = xsd:decimal)
        }}""")
    assert [(int(r["ord"]), float(r["min"]), float(r["pref"])) for r in rows] == [(15, 2_000_000, 4_000_000)]


def test_the_five_dangerous_considerations(store: ox.Store, select: Select) -> None:
    found = ordered_texts(store, select, "Consideration", f"; cn:about {FORUM}")
    assert found == [(i + 1, text, EWI) for i, text in enumerate(CONSIDERATIONS)]


@pytest.mark.parametrize(
    ("stance", "count"),
    [pytest.param("for", 10, id="ten-for"), pytest.param("against", 9, id="nine-against")],
)
def test_arguments_for_and_against(store: ox.Store, select: Select, stance: str, count: int) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?a ?text WHERE {{ ?a a cn:Argument ; cn:stance "{stance}" ; cn:about {FORUM} ; cn:text ?text }}""")
    assert len({r["a"] for r in rows}) == count
    assert len(rows) == len({r["a"] for r in rows}), "one text per argument"


def test_every_argument_has_a_known_stance(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + "SELECT DISTINCT ?s WHERE { ?a a cn:Argument ; cn:stance ?s }")
    assert {r["s"] for r in rows} == {"for", "against"}


def test_the_strongest_argument_in_favor(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + """SELECT ?text WHERE { ?a a cn:Argument ; cn:stance "for" ; cn:text ?text
        FILTER(STRSTARTS(?text, "The strongest argument in favor")) }""")
    assert len(rows) == 1
    assert "contestation about cyber norms relating to military uses of cyberspace" in rows[0]["text"]


def test_the_netherlands_is_considering_such_an_organization(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?text ?at WHERE {{
          GRAPH ?g {{ ?s a cn:Statement ; cn:about <{ID}state/nld>, {FORUM} ; cn:text ?text }}
          GRAPH {PROV} {{ ?g cn:locator ?at }}
        }}""")
    assert rows == [{
        "text": "As suggested earlier, the government of the Netherlands is considering the creation of an "
                "organization like that recommended here.",
        "at": "Conclusion",
    }]


# -- Bergsmo's six factors and the norm campaigns --


def test_bergsmos_six_factors(store: ox.Store, select: Select) -> None:
    found = ordered_texts(store, select, "SuccessFactor", f"; cn:proposedBy <{ID}person/morten-bergsmo>")
    assert found == [(i + 1, text, EWI) for i, text in enumerate(FACTORS)]


@pytest.mark.parametrize(
    ("campaign", "result", "curator"),
    [
        pytest.param("icc", "org/international-criminal-court", True, id="icc"),
        pytest.param("ottawa-treaty", "document/ottawa-treaty", False, id="landmines-ottawa"),
        pytest.param("arms-trade-treaty", "document/arms-trade-treaty", False, id="arms-trade-treaty"),
    ],
)
def test_campaigns_exemplify_the_six_factors(
    store: ox.Store, select: Select, campaign: str, result: str, curator: bool
) -> None:
    rows = select(store, PREFIXES + f"SELECT ?r WHERE {{ <{ID}campaign/{campaign}> a cn:NormCampaign ; cn:resultedIn ?r }}")
    assert [local(r["r"]) for r in rows] == [result]
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?f ?judged WHERE {{
          GRAPH ?g {{ <{ID}campaign/{campaign}> cn:exemplifies ?f }}
          OPTIONAL {{ GRAPH {PROV} {{ ?g cn:curatorJudgement ?judged }} }}
        }}""")
    assert {local(r["f"]) for r in rows} == {f"factor/bergsmo-{n}" for n in range(1, 7)}
    assert {r.get("judged") == "true" for r in rows} == {curator}


# -- Broitman --


def test_the_four_pre_normative_measures(store: ox.Store, select: Select) -> None:
    found = ordered_texts(store, select, "PreNormativeMeasure", f"; cn:proposedBy <{ID}person/elana-broitman>")
    assert found == [(i + 1, text, BROITMAN) for i, text in enumerate(MEASURES)]


@pytest.mark.parametrize(
    ("measure", "klass"),
    [
        pytest.param("practical-confidence-building-measures", "ConfidenceBuildingMeasure", id="cbm"),
        pytest.param("capacity-building", "CapacityBuilding", id="capacity"),
        pytest.param("sector-based-incremental-agreements", "SectorAgreement", id="sector"),
    ],
)
def test_measures_typed_as_the_slides_word_them(store: ox.Store, select: Select, measure: str, klass: str) -> None:
    assert select(store, PREFIXES + f"SELECT * WHERE {{ <{ID}measure/{measure}> a cn:{klass}, cn:PreNormativeMeasure }}")


def test_all_four_lay_the_foundation_of_trust(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?m WHERE {{ ?m a cn:PreNormativeMeasure ; cn:leadsTo <{ID}outcome/foundation-of-trust-for-formal-agreement> }}""")
    assert len(rows) == 4


def test_sector_agreements_narrow_ungoverned_spaces(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"SELECT ?o WHERE {{ <{ID}measure/sector-based-incremental-agreements> cn:leadsTo ?o }}")
    assert {local(r["o"]) for r in rows} >= {"outcome/ungoverned-spaces-narrowed", "outcome/comprehensive-governance"}


def test_the_closing_bullets_are_outcomes_nothing_is_said_to_lead_to(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?ord ?text ?cause WHERE {{
          GRAPH ?g {{ ?o a cn:Outcome ; cn:ordinal ?ord ; cn:text ?text }}
          GRAPH {PROV} {{ ?g cn:locator "slide 'Multi-Stakeholder'" }}
          OPTIONAL {{ ?cause cn:leadsTo ?o }}
        }} ORDER BY ?ord""")
    assert [r["text"] for r in rows] == [
        "Create and deepen support for cyber norms",
        "Build trust among stakeholders",
        "Maintain forward momentum",
        "Narrow ungoverned areas or ones lacking consensus",
    ]
    assert all("cause" not in r for r in rows)


def test_the_five_agreement_structures(store: ox.Store, select: Select) -> None:
    found = ordered_texts(store, select, "AgreementStructure", f"; cn:proposedBy <{ID}person/elana-broitman>")
    assert found == [(i + 1, text, BROITMAN) for i, text in enumerate(STRUCTURES)]


@pytest.mark.parametrize(
    ("role", "of"),
    [
        pytest.param("civil-society-and-private-sector-partners",
                     {"stakeholder-group/civil-society", "stakeholder-group/private-sector"}, id="partners"),
        pytest.param("searchable-databases", {"tool/searchable-databases"}, id="databases"),
    ],
)
def test_the_multi_stakeholder_roles(store: ox.Store, select: Select, role: str, of: set[str]) -> None:
    rows = select(store, PREFIXES + f"SELECT ?x WHERE {{ <{ID}role/{role}> a cn:Role ; cn:roleOf ?x }}")
    assert {local(r["x"]) for r in rows} == of


# -- appendices --


@pytest.mark.parametrize(
    ("prefix", "count", "first"),
    [
        pytest.param("assumption/international-law-", 7,
                     'Discussions are often confounded by loose usage of the term "norms"', id="international-law"),
        pytest.param("assumption/cyberspace-", 4, "Cyberspace is ubiquitous and highly variegated", id="cyberspace"),
    ],
)
def test_appendix_ii_assumptions(store: ox.Store, select: Select, prefix: str, count: int, first: str) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?ord ?text WHERE {{ ?a a cn:Assumption ; cn:ordinal ?ord ; cn:text ?text
          FILTER(STRSTARTS(STR(?a), "{ID}{prefix}")) }} ORDER BY ?ord""")
    assert [int(r["ord"]) for r in rows] == list(range(1, count + 1))
    assert rows[0]["text"].startswith(first)


def test_appendix_iii_sixteen_papers(store: ox.Store, select: Select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?ord ?label (SAMPLE(?d) AS ?date) WHERE {{
          GRAPH ?g {{ ?p a cn:Document ; cn:ordinal ?ord ; rdfs:label ?label ;
                         cn:issuedBy <{ID}org/eastwest-institute> OPTIONAL {{ ?p dcterms:date ?d }} }}
          GRAPH {PROV} {{ ?g cn:locator "Appendix III, Table A-1" }}
        }} GROUP BY ?ord ?label ORDER BY ?ord""")
    assert [int(r["ord"]) for r in rows] == list(range(1, 17))
    years = [r.get("date", "")[:4] for r in rows]
    assert years == ["2010"] * 4 + ["2011"] * 4 + [""] + ["2012"] * 2 + ["2014"] * 3 + ["2015"] * 2
    assert rows[8]["label"] == "Mobilizing for International Action"  # "(2011 Summit Report)": no year of its own
