"""The norms of the EWI report's Appendix I, checked by content against the report.

Expected values are the report's: the number each Appendix I heading states ("From CoC, two:"),
the norms' words, the documents' dates and symbols as the body and footnotes give them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

PREFIXES = """
PREFIX cn: <https://w3id.org/cybernorms/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
ID = "https://w3id.org/cybernorms/id/"
PROVENANCE = "https://w3id.org/cybernorms/graph/provenance"

#: Table 1 as Appendix I's headings give it: category -> document short name -> number of norms.
TABLE_1 = {
    "I": {"CoC": 2, "USG": 1, "UNGGE": 2},
    "II": {"CoC": 2, "USG": 3, "UNGGE": 2, "Tallinn": 1},
    "III": {"CoC": 2, "UNGGE": 3, "Tallinn": 2, "MSFT": 2},
    "IV": {"CoC": 1, "USG": 1, "UNGGE": 2, "MSFT": 1},
    "V": {"CoC": 1, "USG": 2, "UNGGE": 1, "Tallinn": 1, "MSFT": 3},
}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3}


def table_1(store, select) -> dict[str, dict[str, int]]:
    """Table 1 rebuilt from the graph: only filings stated in claim graphs derived from the report."""
    rows = select(store, PREFIXES + f"""
        SELECT ?category ?short (COUNT(DISTINCT ?norm) AS ?n) WHERE {{
          GRAPH ?g {{ ?norm cn:inCategory ?cat }}
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom <https://w3id.org/cybernorms/id/document/ewi-2015> }}
          ?norm cn:statedIn ?doc .
          ?doc cn:shortName ?short .
          ?cat skos:notation ?category .
        }} GROUP BY ?category ?short""")
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        table[row["category"]][row["short"]] = int(row["n"])
    return dict(table)


def norm_text(store, select, norm: str) -> list[str]:
    return [r["text"] for r in select(store, PREFIXES + f"SELECT ?text WHERE {{ <{ID}{norm}> cn:text ?text }}")]


# -- counts --


def test_table_1_is_reproduced_from_the_reports_own_filing(store, select) -> None:
    assert table_1(store, select) == TABLE_1


@pytest.mark.parametrize(
    ("short", "expected"),
    [("CoC", 7), ("USG", 6), ("UNGGE", 11), ("Tallinn", 4), ("MSFT", 6)],
)
def test_distinct_norm_statements_per_document(store, select, short: str, expected: int) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT (COUNT(DISTINCT ?norm) AS ?n) WHERE {{
          ?norm a cn:NormStatement ; cn:statedIn ?doc .
          ?doc cn:shortName "{short}" .
        }}""")
    assert int(rows[0]["n"]) == expected


def test_the_coc_norms_are_those_appendix_i_quotes(store, select) -> None:
    rows = select(store, PREFIXES + "SELECT ?notation WHERE { ?n cn:statedIn <https://w3id.org/cybernorms/id/document/coc> ; cn:notation ?notation }")
    assert sorted(r["notation"] for r in rows) == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]


def test_ungge_notations_run_from_13a_to_13k(store, select) -> None:
    rows = select(store, PREFIXES + "SELECT ?notation WHERE { ?n cn:statedIn <https://w3id.org/cybernorms/id/document/ungge-2015> ; cn:notation ?notation }")
    assert sorted(r["notation"] for r in rows) == [f"13({letter})" for letter in "abcdefghijk"]


def test_tallinn_and_msft_notations(store, select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?short ?notation WHERE { ?n cn:statedIn ?d ; cn:notation ?notation . ?d cn:shortName ?short .
                                        FILTER(?short IN ("Tallinn", "MSFT")) }""")
    by_doc = defaultdict(set)
    for r in rows:
        by_doc[r["short"]].add(r["notation"])
    assert by_doc == {"Tallinn": {"Rule 1", "Rule 2", "Rule 5", "Rule 9"}, "MSFT": {"1", "2", "3", "4", "5", "6"}}


def test_the_usg_norms_have_no_notation(store, select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?n ?notation WHERE { ?n cn:statedIn <https://w3id.org/cybernorms/id/document/usg-kerry-seoul-2015> OPTIONAL { ?n cn:notation ?notation } }""")
    assert len(rows) == 6
    assert all("notation" not in r for r in rows)


def test_each_heading_states_the_number_of_norms_filed_under_it(store, select) -> None:
    """Each filing's claim graph quotes its Appendix I heading ("From the USG, three:"); the graph
    files under that category, from that document, as many norms as the heading says."""
    rows = select(store, PREFIXES + f"""
        SELECT ?norm ?category ?short ?quote WHERE {{
          GRAPH ?g {{ ?norm cn:inCategory ?cat }}
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom <https://w3id.org/cybernorms/id/document/ewi-2015> ; cn:quote ?quote }}
          ?norm cn:statedIn/cn:shortName ?short .
          ?cat skos:notation ?category .
        }}""")
    headings: dict[tuple[str, str], set[str]] = defaultdict(set)
    norms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        match = re.match(r"From (?:the )?(\w+), (one|two|three):", r["quote"])
        assert match, r
        assert match.group(1) == r["short"], r
        headings[(r["category"], r["short"])].add(match.group(2))
        norms[(r["category"], r["short"])].add(r["norm"])
    assert len(norms) == sum(len(docs) for docs in TABLE_1.values())
    for key, words in headings.items():
        assert len(words) == 1, key
        assert len(norms[key]) == NUMBER_WORDS[words.pop()], key


def test_at_least_two_documents_propose_norms_in_each_category(store, select) -> None:
    """The report: 'In each category, at least two of the reference documents propose one or more norms'."""
    table = table_1(store, select)
    assert set(table) == {"I", "II", "III", "IV", "V"}
    assert all(len(documents) >= 2 for documents in table.values())


# -- texts --


def test_ungge_13c_word_for_word(store, select) -> None:
    assert norm_text(store, select, "norm/ungge-13c") == [
        "States should not knowingly allow their territory to be used for internationally wrongful acts using ICTs."
    ]


def test_msft_1_keeps_the_reports_brackets(store, select) -> None:
    assert norm_text(store, select, "norm/msft-1") == [
        "States should not target ICT companies to insert vulnerabilities (backdoors) or take actions that would "
        "otherwise undermine public trust in [commercial] products and services."
    ]


def test_tallinn_rule_2_keeps_its_lettered_clauses(store, select) -> None:
    assert norm_text(store, select, "norm/tallinn-rule-2") == [
        "Without prejudice to applicable international obligations, a State may exercise its jurisdiction: "
        "(a) over persons engaged in cyber activities on its territory; (b) over cyber infrastructure located on "
        "its territory; and, (c) extraterritorially, in accordance with international law."
    ]


def test_coc_7_keeps_its_brackets_and_ellipsis_without_the_footnote_marker(store, select) -> None:
    (text,) = norm_text(store, select, "norm/coc-7")
    assert "taking into account that [international law] attaches to that right special duties and responsibilities...." in text
    assert text.endswith("responsibilities....")
    assert "17" not in text and "<sup>" not in text


def test_usg_critical_infrastructure_word_for_word(store, select) -> None:
    assert norm_text(store, select, "norm/usg-critical-infrastructure") == [
        "No country should conduct or knowingly support online activity that intentionally damages or impedes "
        "the use of another country's critical infrastructure."
    ]


def test_every_norm_has_exactly_one_text_and_one_document(store, select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?norm (COUNT(DISTINCT ?text) AS ?texts) (COUNT(DISTINCT ?doc) AS ?docs) WHERE {
          ?norm a cn:NormStatement . OPTIONAL { ?norm cn:text ?text } OPTIONAL { ?norm cn:statedIn ?doc }
        } GROUP BY ?norm""")
    # 34 of the 2015 sources; GCSC 8, Paris Call 9, Tech Accord 4, G20 1 (after-2015-*.yaml); the GGE 2021
    # guidance on 13(g), the Pall Mall Code, the CRI's 2023 statement, the Tech Accord's supply-chain norm (2021-2026-*.yaml)
    assert len(rows) == 60
    assert all(r["texts"] == "1" and r["docs"] == "1" for r in rows), [r for r in rows if r["texts"] != "1"]


# -- a norm in two categories --


def test_coc_2_is_one_resource_in_two_categories(store, select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?category ?locator ?quote WHERE {{
          GRAPH ?g {{ <https://w3id.org/cybernorms/id/norm/coc-2> cn:inCategory ?cat }}
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom <https://w3id.org/cybernorms/id/document/ewi-2015> ; cn:locator ?locator ; cn:quote ?quote }}
          ?cat skos:notation ?category .
        }}""")
    assert {r["category"]: r["locator"] for r in rows} == {
        "II": "Appendix I, category II, CoC (2)",
        "V": "Appendix I, category V, CoC (2)",
    }
    # one text, the category II wording; the category V passage's own wording is held as its quote
    assert norm_text(store, select, "norm/coc-2") == [
        "Not to use information and communications technologies and information and communications networks "
        "to carry out activities, which run counter to the task of maintaining international peace and security."
    ]
    (quote_v,) = [r["quote"] for r in rows if r["category"] == "V"]
    assert "communications technologies networks to carry out activities which run counter" in quote_v


def test_the_usg_aggression_norm_is_one_resource_in_categories_i_and_v(store, select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?category WHERE { <https://w3id.org/cybernorms/id/norm/usg-aggression-right-to-respond> cn:inCategory/skos:notation ?category }""")
    assert sorted(r["category"] for r in rows) == ["I", "V"]


def test_only_those_two_norms_sit_in_two_categories_in_the_report(store, select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?norm (COUNT(DISTINCT ?cat) AS ?n) WHERE {{
          GRAPH ?g {{ ?norm cn:inCategory ?cat }}
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom <https://w3id.org/cybernorms/id/document/ewi-2015> }}
        }} GROUP BY ?norm HAVING (COUNT(DISTINCT ?cat) > 1)""")
    assert {r["norm"] for r in rows} == {ID + "norm/coc-2", ID + "norm/usg-aggression-right-to-respond"}


# -- UNGGE 13(d) --


def test_ungge_13d_comes_from_dig_watch_not_from_the_report(store, select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?source ?text WHERE {{
          GRAPH ?g {{ <https://w3id.org/cybernorms/id/norm/ungge-13d> cn:text ?text }}
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom ?source }}
        }}""")
    assert rows == [{
        "source": ID + "document/digwatch-ungge-13d",
        "text": "States should consider how best to cooperate to exchange information, assist each other, prosecute "
                "terrorist and criminal use of ICTs and implement other cooperative measures to address such threats. "
                "States may need to consider whether new measures need to be developed in this respect.",
    }]


def test_the_category_of_ungge_13d_is_a_curator_judgement_with_a_note(store, select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?category ?judgement ?note ?source WHERE {{
          GRAPH ?g {{ <https://w3id.org/cybernorms/id/norm/ungge-13d> cn:inCategory ?cat }}
          ?cat skos:notation ?category .
          OPTIONAL {{ GRAPH <{PROVENANCE}> {{ ?g cn:curatorJudgement ?judgement }} }}
          OPTIONAL {{ GRAPH <{PROVENANCE}> {{ ?g cn:curatorNote ?note }} }}
          OPTIONAL {{ GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom ?source }} }}
        }}""")
    assert len(rows) == 1
    (row,) = rows
    assert row["category"] == "IV"
    assert row["judgement"] == "true"
    assert "source" not in row
    assert "Not the report's filing" in row["note"]
    # and the report's own filing counts two UNGGE norms in category IV, not three
    assert table_1(store, select)["IV"]["UNGGE"] == 2


# -- curators' readings --


def test_modality_is_read_from_the_modal_verb_by_the_curators(store, select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?norm ?force ?judgement WHERE {{
          GRAPH ?g {{ ?norm cn:modality ?force }}
          GRAPH <{PROVENANCE}> {{ ?g cn:curatorJudgement ?judgement }}
        }}""")
    modality = {r["norm"].removeprefix(ID + "norm/"): r["force"].removeprefix(ID + "force/") for r in rows}
    assert len(modality) == 33  # every norm but the USG's "Acts of aggression are not permissible ..."
    assert "usg-aggression-right-to-respond" not in modality
    assert Counter(modality.values()) == Counter({"should": 22, "infinitive": 7, "may": 3, "shall": 1})
    assert modality["tallinn-rule-5"] == "shall"
    assert modality["coc-2"] == "infinitive"
    assert len(select(store, PREFIXES + "SELECT ?n WHERE { ?n cn:modality ?f }")) == 33


def test_every_norm_has_a_theme_of_the_themes_scheme(store, select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?norm WHERE { ?norm a cn:NormStatement .
          FILTER NOT EXISTS { ?norm cn:theme ?t . ?t a cn:Theme ; skos:inScheme <https://w3id.org/cybernorms/id/scheme/themes> } }""")
    assert rows == []


# -- documents --


def test_the_ungge_date_conflict_is_held_not_resolved(store, select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?locator ?date ?quote WHERE {{
          GRAPH ?g {{ <https://w3id.org/cybernorms/id/document/ungge-2015> ?p ?o . OPTIONAL {{ <https://w3id.org/cybernorms/id/document/ungge-2015> dcterms:date ?date }} }}
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom <https://w3id.org/cybernorms/id/document/ewi-2015> ; cn:locator ?locator }}
          OPTIONAL {{ GRAPH <{PROVENANCE}> {{ ?g cn:quote ?quote }} }}
        }}""")
    by_locator = defaultdict(set)
    for r in rows:
        by_locator[r["locator"]].add((r.get("date"), r.get("quote")))
    body = "Progress on Norms of State Behavior in Cyberspace, reference documents, item 3"
    assert {date for date, _ in by_locator["footnote 4"]} == {"2015-07-22"}
    assert {date for date, _ in by_locator[body]} == {None}
    assert any("August 2015" in quote for _, quote in by_locator[body])


def test_reference_documents_short_names_symbols_and_dates(store, select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?doc ?short ?symbol ?date WHERE {
          ?doc a cn:ReferenceDocument ; cn:shortName ?short .
          OPTIONAL { ?doc cn:unSymbol ?symbol } OPTIONAL { ?doc dcterms:date ?date } }""")
    found = defaultdict(lambda: (set(), set()))
    for r in rows:
        found[r["short"]][0].add(r.get("symbol"))
        found[r["short"]][1].add(r.get("date"))
    assert set(found) == {"CoC", "USG", "UNGGE", "Tallinn", "MSFT"}
    assert found["CoC"] == ({"A/69/723"}, {"2015-01-09"})
    assert found["UNGGE"] == ({"A/70/174"}, {"2015-07-22"})
    assert found["USG"][1] == {"2015-05-18"}
    assert found["Tallinn"][1] == {"2013-01-01"}
    assert found["MSFT"][1] == {"2014-12-14", "2014-12-03"}  # footnote 6 vs Microsoft's page: both held


def test_coc_submitters_per_passage(store, select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?source ?state WHERE {{
          GRAPH ?g {{ <https://w3id.org/cybernorms/id/document/coc> cn:submittedBy ?state }}
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom ?source }}
        }}""")
    by_source = defaultdict(set)
    for r in rows:
        by_source[r["source"].removeprefix(ID)].add(r["state"].removeprefix(ID + "state/"))
    assert by_source["document/ewi-2015"] == {"chn", "rus"}  # "proposed by China, Russia and others"
    six = {"chn", "kaz", "kgz", "rus", "tjk", "uzb"}
    assert by_source["document/digwatch-coc-updated-proposal"] == six
    assert by_source["document/ccdcoe-incyder-coc-updated-draft"] == six


def test_the_2015_coc_updates_the_2011_version(store, select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?symbol ?date WHERE { <https://w3id.org/cybernorms/id/document/coc> cn:updates ?old . ?old cn:unSymbol ?symbol ; dcterms:date ?date }""")
    assert {(r["symbol"], r["date"]) for r in rows} >= {("A/66/359", "2011-09-12")}


def test_every_category_is_labelled_with_the_body_wording(store, select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?notation ?label WHERE { ?c a cn:NormCategory ; skos:inScheme <https://w3id.org/cybernorms/id/scheme/norm-categories> ;
                                        skos:notation ?notation ; rdfs:label ?label }""")
    labels = {r["notation"]: r["label"] for r in rows}
    assert labels["II"].startswith("The responsibility of states to avoid and to prevent")
    assert labels["V"] == "Restraint in the development or use of cyber weapons in peace time"
    alt = select(store, PREFIXES + "SELECT ?alt WHERE { <https://w3id.org/cybernorms/id/category/V> skos:altLabel ?alt }")
    assert {r["alt"] for r in alt} == {"Restraint in the development and use of cyber weapons in peace time"}


def test_every_claim_graph_of_these_files_has_a_source_or_is_the_curators(store, select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?g WHERE {{
          GRAPH <{PROVENANCE}> {{ ?g a cn:ClaimGraph }}
          FILTER NOT EXISTS {{ GRAPH <{PROVENANCE}> {{ ?g cn:locator ?l }} }}
        }}""")
    assert rows == []
    rows = select(store, PREFIXES + f"""
        SELECT DISTINCT ?source WHERE {{
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom ?source }}
          FILTER NOT EXISTS {{ ?source a ?type . FILTER(?type IN (cn:Document, cn:ReferenceDocument)) }}
        }}""")
    assert rows == [], "claim graphs cite sources that have no document record"
