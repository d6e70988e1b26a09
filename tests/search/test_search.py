"""Searching the curated graph as an analyst would: ranking, themes and synonyms, reasons, facets, errors."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cybernorms.errors import UsageError
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import CN, ID, PARTNER_GRAPH_PREFIX
from cybernorms.search import Searcher, run_search, searcher_for
from cybernorms.search.index import MARK_CLOSE, MARK_OPEN


def norms(searcher: Searcher, text: str, **facets: str) -> list[str]:
    result = run_search(searcher, text, {"kind": "norm", **facets}, limit=10)
    return [hit.entry.iri.removeprefix(ID) for hit in result.hits]


def test_a_norm_is_found_by_its_themes_synonyms_when_its_text_lacks_the_words(curated_searcher: Searcher) -> None:
    # "election" and "electoral" stem apart, and GCSC 2 says "elections": plain FTS5 finds neither for both words.
    assert set(norms(curated_searcher, "election interference")[:2]) == {"norm/gcsc-2", "norm/paris-call-3"}
    # No norm text says "force"; the USG's norm on acts of aggression is filed under that theme.
    assert norms(curated_searcher, "use of force")[0] == "norm/usg-aggression-right-to-respond"


def test_each_hit_says_why_it_matched(curated_searcher: Searcher) -> None:
    result = run_search(curated_searcher, "election interference", {"kind": "norm"}, limit=5)
    reasons = {hit.entry.iri.removeprefix(ID): hit.reasons for hit in result.hits}
    assert "theme: electoral processes" in reasons["norm/gcsc-2"]
    assert "words: interference" in reasons["norm/paris-call-3"]
    phrase = run_search(curated_searcher, '"supply chain"', {"kind": "norm"}, limit=3).hits[0]
    assert 'phrase: "supply chain"' in phrase.reasons


def test_snippets_mark_the_matched_words(curated_searcher: Searcher) -> None:
    hit = run_search(curated_searcher, "botnets", {}, limit=1).hits[0]
    assert hit.entry.iri == ID + "norm/gcsc-4"
    assert f"{MARK_OPEN}botnets{MARK_CLOSE}" in hit.snippet
    assert "**botnets**" in hit.plain_snippet("**", "**")


def test_label_weighs_more_than_themes(curated_searcher: Searcher) -> None:
    # The theme "critical infrastructure" (its own label) ranks above documents whose title has the words,
    # and norms whose text has both words rank above a norm filed under the theme alone.
    ranked = norms(curated_searcher, "critical infrastructure")
    assert ranked.index("norm/usg-critical-infrastructure") < ranked.index("norm/ungge-13h")


def test_every_kind_is_searched(curated_searcher: Searcher) -> None:
    kinds = {f.value for f in run_search(curated_searcher, "paris call", {}, limit=1).facets["kind"]}
    assert {"norm", "document", "event"} <= kinds
    assert run_search(curated_searcher, "Microsoft", {"kind": "actor"}, limit=1).hits[0].entry.actor_type


def test_prefix_phrase_and_operators(curated_searcher: Searcher) -> None:
    assert "norm/gcsc-5" in norms(curated_searcher, "vulnerab*")
    assert {"norm/ungge-13k", "norm/gcsc-4"} <= set(norms(curated_searcher, "CERTS OR botnets"))
    assert norms(curated_searcher, "CERTS AND botnets") == []  # an explicit AND is never relaxed
    assert norms(curated_searcher, "CERTS botnets")[:2] != []  # plain words are, when together they find little
    without = norms(curated_searcher, "theft NOT G20")
    assert "norm/usg-ip-theft" in without and "norm/g20-2015-ip-theft" not in without


def test_facets_count_and_filter(curated_searcher: Searcher) -> None:
    result = run_search(curated_searcher, "critical infrastructure", {"kind": "norm"}, limit=50)
    documents = {f.label: f.count for f in result.facets["document"]}
    assert documents["UNGGE"] == sum(1 for h in result.hits if h.entry.document_label == "UNGGE")
    kinds = {f.value: f.count for f in result.facets["kind"]}
    assert kinds["norm"] == result.total and kinds["document"] > 0  # a facet's own filter leaves its counts
    only = run_search(curated_searcher, "critical infrastructure", {"kind": "norm", "document": "UNGGE"}, limit=50)
    assert only.total == documents["UNGGE"]
    assert {h.entry.document_label for h in only.hits} == {"UNGGE"}
    assert norms(curated_searcher, "critical infrastructure", category="III") == \
        norms(curated_searcher, "critical infrastructure", category="category:III")
    years = run_search(curated_searcher, "supply chain", {"kind": "norm", "year": "2018"}, limit=10)
    assert [h.entry.iri for h in years.hits] == [ID + "norm/paris-call-6"]


def test_as_of_leaves_out_what_was_not_there_yet(curated_store: OxigraphStore) -> None:
    then = searcher_for(curated_store, "2015-12-31")
    found = {h.entry.iri for h in run_search(then, "theft", {"kind": "norm"}, limit=10).hits}
    assert ID + "norm/usg-ip-theft" in found  # Kerry's speech of May 2015
    assert ID + "norm/paris-call-4" not in found  # the Paris Call of November 2018
    assert ID + "norm/paris-call-4" in {h.entry.iri for h in run_search(
        searcher_for(curated_store), "theft", {"kind": "norm"}, limit=10).hits}


@pytest.mark.parametrize(("text", "facets", "message"), [
    ("", {}, "the search text is empty"),
    ("  ", {}, "the search text is empty"),
    ("(( ))", {}, "the search text has no words"),
    ("x", {"kind": "nonsense"}, "--kind 'nonsense' is not a known kind; known: actor, characteristic"),
    ("x", {"document": "nowhere"}, "--document 'nowhere' is not a known document; known: CoC, "),
    ("x", {"category": "VI"}, "--category 'VI' is not a known category; known: I, II, III, IV, V"),
])
def test_bad_input_is_one_clear_line(curated_searcher: Searcher, text: str, facets: dict[str, str],
                                     message: str) -> None:
    with pytest.raises(UsageError) as raised:
        run_search(curated_searcher, text, dict(facets), limit=10)
    assert message in raised.value.message
    assert "\n" not in raised.value.message


def test_the_index_follows_the_dataset(curated_copy: OxigraphStore) -> None:
    before = searcher_for(curated_copy)
    assert run_search(before, "Zanzibar", {}, limit=5).total == 0
    partner = ox.NamedNode(PARTNER_GRAPH_PREFIX + "portal")
    company = ox.NamedNode(ID + "org/zanzibar-cyber")
    curated_copy.add_quads([
        ox.Quad(company, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode(CN + "Corporation"), partner),
        ox.Quad(company, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal("<b>Zanzibar</b> Cyber & Co", language="en"), partner),
    ])
    after = searcher_for(curated_copy)
    assert after is not before
    hit = run_search(after, "Zanzibar", {}, limit=5).hits[0]
    assert hit.entry.label == "<b>Zanzibar</b> Cyber & Co"
    assert hit.entry.partner == "portal" and hit.entry.kind == "actor"
    assert searcher_for(curated_copy) is after  # the same content: the same index
