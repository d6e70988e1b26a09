"""The report's analysis of the norms as data: alignments, findings and the preliminary conclusions,
checked by content against the report's Appendix I and Preliminary Conclusions."""

from __future__ import annotations

import pytest

PREFIXES = """
PREFIX cn: <https://w3id.org/cybernorms/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
ID = "https://w3id.org/cybernorms/id/"
PROVENANCE = "https://w3id.org/cybernorms/graph/provenance"
EWI = ID + "document/ewi-2015"
RELATIONS = {"same-commitment", "broader", "narrower", "related", "in-tension", "continues"}

CONCLUSIONS = {
    1: "There is considerable superficial convergence in norms, both in the general principles (Category I) and in "
       "particular areas such as mutual assistance (Category IV). This is a promising development, suggesting that "
       "where there is emerging agreement there is the possibility of more immediate and practical progress.",
    2: "Serious areas of disagreement also remain; notable among them are different views as to the appropriate "
       "limits of state sovereignty, stemming in substantial part from cultural, political and military factors.",
    3: "Relatedly, the asymmetric distribution of cyber capabilities across states affects preferences and emphases "
       "on norms. In this guise, one might imagine that progress will be faster should there be a more equal "
       "distribution of necessary capabilities among actors.",
    4: "Such equalization could be viewed as contrary to the emerging nonproliferation norm, with the potential "
       "destabilizing effect of increasing the militarization of cyberspace. Equalization, without significant "
       "progress on measures of restraint, is thus inadvisable. The lack of attention to such measures in most of "
       "the documents reviewed is disappointing, and it undermines the commitment to reducing tension and promoting "
       "stability. In addition to reducing the spread of cyber weapons, measures of restraint in action would "
       "provide additional avenues to enhancing peace in cyberspace. Such measures could include: non-aggression or "
       "no-first-use pledges; identifying assets that should not be attacked, particularly in peace time; and "
       "stronger work to help legitimate actors protect themselves and each other (thus raising the costs to "
       "attackers).",
}


def alignment(store, select, from_norm: str, to_norm: str) -> dict[str, str]:
    """The one alignment between two norms, with its relation, rationale and provenance (the
    quotes of its claim graph joined, as a passage may be quoted by several records)."""
    rows = select(store, PREFIXES + f"""
        SELECT ?a ?relation ?rationale ?source ?judgement ?note
               (GROUP_CONCAT(?q; separator=" | ") AS ?quote) WHERE {{
          GRAPH ?g {{ ?a a cn:Alignment ; cn:fromNorm <{ID}norm/{from_norm}> ; cn:toNorm <{ID}norm/{to_norm}> ;
                         cn:relation ?relation ; cn:rationale ?rationale }}
          OPTIONAL {{ GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom ?source }} }}
          OPTIONAL {{ GRAPH <{PROVENANCE}> {{ ?g cn:curatorJudgement ?judgement }} }}
          OPTIONAL {{ GRAPH <{PROVENANCE}> {{ ?g cn:curatorNote ?note }} }}
          OPTIONAL {{ GRAPH <{PROVENANCE}> {{ ?g cn:quote ?q }} }}
        }} GROUP BY ?a ?relation ?rationale ?source ?judgement ?note""")
    assert len(rows) == 1, rows
    row = rows[0]
    row["relation"] = row["relation"].removeprefix(ID + "alignment-relation/")
    return row


def finding(store, select, finding_id: str) -> dict[str, object]:
    """A finding's kind and text (from the report), and everything it is about or silent in."""
    rows = select(store, PREFIXES + f"""
        SELECT ?kind ?text ?source WHERE {{
          GRAPH ?g {{ <{ID}{finding_id}> a cn:Finding ; cn:text ?text . OPTIONAL {{ <{ID}{finding_id}> cn:findingKind ?kind }} }}
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom ?source }}
        }}""")
    assert len(rows) == 1, rows
    about = select(store, PREFIXES + f"SELECT ?x WHERE {{ <{ID}{finding_id}> cn:about ?x }}")
    silent = select(store, PREFIXES + f"SELECT ?x WHERE {{ <{ID}{finding_id}> cn:silentIn ?x }}")
    return {
        **rows[0],
        "about": {r["x"].removeprefix(ID) for r in about},
        "silentIn": {r["x"].removeprefix(ID) for r in silent},
    }


# -- alignments --


def test_msft_1_goes_beyond_ungge_13i_in_the_reports_words(store, select) -> None:
    row = alignment(store, select, "msft-1", "ungge-13i")
    assert row["a"] == ID + "alignment/msft-1--ungge-13i"
    assert row["relation"] == "broader"
    assert row["source"] == EWI and "judgement" not in row
    assert "is unsurprisingly stronger than the government-led UNGGE recommendation" in row["rationale"]
    assert "stronger than" in row["quote"]


@pytest.mark.parametrize(
    ("from_norm", "to_norm"),
    [("usg-mitigate-from-soil", "ungge-13c"), ("ungge-13c", "tallinn-rule-5"), ("usg-mitigate-from-soil", "tallinn-rule-5")],
)
def test_category_ii_convergence_is_the_same_commitment_pairwise(store, select, from_norm: str, to_norm: str) -> None:
    row = alignment(store, select, from_norm, to_norm)
    assert row["relation"] == "same-commitment"
    assert row["source"] == EWI
    assert '"mitigate malicious cyber activity emanating from its soil,"' in row["quote"]
    assert "that state has a responsibility to try to stop the activity" in row["rationale"]


@pytest.mark.parametrize("coc_norm", ["coc-2", "coc-3"])
def test_the_narrower_coc_language_is_pinned_to_norms_by_the_curators(store, select, coc_norm: str) -> None:
    row = alignment(store, select, coc_norm, "ungge-13c")
    assert row["relation"] == "narrower"
    assert row["judgement"] == "true" and "source" not in row
    assert row["quote"].startswith("While the language in the CoC is narrower")
    assert "does not say which CoC norms" in row["note"]


def test_the_usg_right_to_respond_is_in_tension_with_coc_2(store, select) -> None:
    row = alignment(store, select, "usg-aggression-right-to-respond", "coc-2")
    assert row["relation"] == "in-tension"
    assert row["source"] == EWI
    assert 'the 2015 version of the CoC dropped the reference' in row["quote"]
    assert '"right to respond."' in row["rationale"]


@pytest.mark.parametrize(
    ("from_norm", "to_norm", "relation"),
    [
        ("usg-emergency-teams", "ungge-13k", "related"),
        ("usg-critical-infrastructure", "ungge-13f", "same-commitment"),
        ("usg-help-victims", "ungge-13h", "related"),
    ],
)
def test_links_the_report_does_not_state_are_the_curators_with_a_note(store, select, from_norm, to_norm, relation) -> None:
    row = alignment(store, select, from_norm, to_norm)
    assert row["relation"] == relation
    assert row["judgement"] == "true" and "source" not in row
    assert row["note"].startswith("Not stated by the report")


def test_every_alignment_links_two_norms_of_different_documents(store, select) -> None:
    rows = select(store, PREFIXES + """
        SELECT ?a ?relation ?fromDoc ?toDoc ?rationale WHERE {
          ?a a cn:Alignment ; cn:fromNorm ?from ; cn:toNorm ?to ; cn:relation ?relation .
          OPTIONAL { ?a cn:rationale ?rationale }
          OPTIONAL { ?from cn:statedIn ?fromDoc } OPTIONAL { ?to cn:statedIn ?toDoc }
        }""")
    assert len(rows) >= 10
    for row in rows:
        assert row["relation"].removeprefix(ID + "alignment-relation/") in RELATIONS, row
        assert row.get("rationale"), row
        assert row["fromDoc"] != row["toDoc"], row
        slug = row["a"].removeprefix(ID + "alignment/")
        assert "--" in slug, row


def test_every_alignment_of_the_report_quotes_its_passage(store, select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?a (COUNT(?quote) AS ?quotes) WHERE {{
          GRAPH ?g {{ ?a a cn:Alignment }}
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom <{EWI}> }}
          OPTIONAL {{ GRAPH <{PROVENANCE}> {{ ?g cn:quote ?quote }} }}
        }} GROUP BY ?a""")
    assert len(rows) == 5
    assert all(int(r["quotes"]) >= 1 for r in rows)


# -- findings --


def test_commercial_cyber_espionage_is_a_gap_in_the_ungge_and_the_coc(store, select) -> None:
    row = finding(store, select, "finding/ii-commercial-espionage-gap")
    assert row["kind"] == "gap"
    assert row["source"] == EWI
    assert row["text"] == "Of special note, neither the UNGGE nor the CoC refer to commercial cyber espionage by states."
    assert row["silentIn"] == {"document/ungge-2015", "document/coc"}
    assert {"category/II", "norm/usg-ip-theft"} <= row["about"]


def test_the_usg_is_silent_on_category_iii_as_a_domestic_matter(store, select) -> None:
    row = finding(store, select, "finding/iii-usg-domestic-matter")
    assert row["kind"] == "gap"
    assert row["silentIn"] == {"document/usg-kerry-seoul-2015"}
    assert "perhaps because it is seen as a domestic matter" in row["text"]
    assert "category/III" in row["about"]


def test_the_missing_ungge_norm_on_security_standards(store, select) -> None:
    row = finding(store, select, "finding/iii-security-standards-gap")
    assert row["kind"] == "gap"
    assert row["silentIn"] == {"document/ungge-2015"}
    assert "limiting government action to undermine international security standards" in row["text"]


def test_content_control_is_a_disagreement_about_coc_4(store, select) -> None:
    row = finding(store, select, "finding/iv-content-control-disagreement")
    assert row["kind"] == "disagreement"
    assert row["about"] == {"norm/coc-4", "category/IV"}
    assert "(SCO-4)" in row["text"] and "differences will remain" in row["text"]
    alt = select(store, PREFIXES + f"SELECT ?alt WHERE {{ <{ID}norm/coc-4> skos:altLabel ?alt }}")
    assert [r["alt"] for r in alt] == ["SCO-4"]


def test_the_lack_of_attention_to_measures_of_restraint(store, select) -> None:
    row = finding(store, select, "finding/v-restraint-measures-gap")
    assert row["kind"] == "gap"
    assert row["text"].startswith("The lack of attention to such measures in most of the documents reviewed")
    assert row["silentIn"] == set()  # "most of the documents": the report names none
    # its category is the curators' reading
    rows = select(store, PREFIXES + f"""
        SELECT ?judgement WHERE {{
          GRAPH ?g {{ <{ID}finding/v-restraint-measures-gap> cn:about <{ID}category/V> }}
          GRAPH <{PROVENANCE}> {{ ?g cn:curatorJudgement ?judgement }}
        }}""")
    assert rows == [{"judgement": "true"}]


def test_at_least_two_documents_in_each_category_is_a_finding_of_the_report(store, select) -> None:
    row = finding(store, select, "finding/each-category-two-documents")
    assert row["text"] == (
        "In each category, at least two of the reference documents propose one or more norms of state behavior."
    )
    assert {f"category/{c}" for c in ("I", "II", "III", "IV", "V")} <= row["about"]


def test_every_finding_kind_is_one_of_the_three(store, select) -> None:
    rows = select(store, PREFIXES + "SELECT ?f ?kind WHERE { ?f a cn:Finding . OPTIONAL { ?f cn:findingKind ?kind } }")
    assert rows
    assert all(r.get("kind") in {"agreement", "disagreement", "gap"} for r in rows), rows


# -- preliminary conclusions --


def test_the_four_preliminary_conclusions_word_for_word(store, select) -> None:
    rows = select(store, PREFIXES + f"""
        SELECT ?ordinal ?text ?source ?locator WHERE {{
          GRAPH ?g {{ ?c a cn:Conclusion ; cn:ordinal ?ordinal ; cn:text ?text }}
          GRAPH <{PROVENANCE}> {{ ?g prov:wasDerivedFrom ?source ; cn:locator ?locator }}
        }} ORDER BY ?ordinal""")
    assert {int(r["ordinal"]): r["text"] for r in rows} == CONCLUSIONS
    assert {r["source"] for r in rows} == {EWI}
    assert [r["locator"] for r in rows] == [f"Preliminary Conclusions, {n}" for n in range(1, 5)]


def test_the_first_conclusion_is_about_categories_i_and_iv(store, select) -> None:
    rows = select(store, PREFIXES + f"SELECT ?x WHERE {{ <{ID}conclusion/preliminary-1> cn:about ?x }}")
    assert {r["x"] for r in rows} == {ID + "category/I", ID + "category/IV"}
