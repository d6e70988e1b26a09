"""The names of states in the six UN languages, from the ISO 3166-1 translations (iso-codes)."""

from __future__ import annotations

from cybernorms.graph.build.names import SOURCE, TRANSLATIONS_GRAPH, state_names
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import ID, PROVENANCE_GRAPH

PREFIXES = """PREFIX cn: <https://w3id.org/cybernorms/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _names(store: OxigraphStore, state: str) -> list[tuple[str, str, str]]:
    rows = store.query(PREFIXES + f"""SELECT ?name (LANG(?name) AS ?lang) ?g
        WHERE {{ GRAPH ?g {{ <{ID}state/{state}> skos:prefLabel ?name }} }}""").rows
    return [(str(getattr(r[0], "value", "")), str(getattr(r[1], "value", "")), str(getattr(r[2], "value", "")))
            for r in rows]


def test_six_names_of_three_states(curated_store: OxigraphStore) -> None:
    known = {
        "usa": {"en": "United States", "es": "Estados Unidos", "zh": "美国", "fr": "États-Unis"},
        "fra": {"en": "France", "fr": "France", "ru": "Франция", "es": "Francia", "zh": "法国"},
        "chn": {"en": "China", "zh": "中国", "fr": "Chine", "ru": "Китай"},
    }
    for state, expected in known.items():
        names = _names(curated_store, state)
        by_lang = {lang: name for name, lang, _ in names}
        assert len(names) == 6, names
        assert set(by_lang) == {"ar", "zh", "en", "fr", "ru", "es"}
        assert all(by_lang.values())
        for lang, name in expected.items():
            assert by_lang[lang] == name
        assert {graph for _, _, graph in names} == {TRANSLATIONS_GRAPH}


def test_one_claim_graph_citing_iso_3166_1(curated_store: OxigraphStore) -> None:
    rows = curated_store.query(PREFIXES + """SELECT DISTINCT ?g WHERE {
        GRAPH ?g { ?s skos:prefLabel ?name . FILTER(LANG(?name) != "") } }""").rows
    assert [str(getattr(r[0], "value", "")) for r in rows] == [TRANSLATIONS_GRAPH], rows
    prov = curated_store.query(PREFIXES + f"""SELECT ?src ?loc WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{
        <{TRANSLATIONS_GRAPH}> a cn:ClaimGraph ; prov:wasDerivedFrom ?src ; cn:locator ?loc }} }}""").rows
    assert len(prov) == 1
    assert getattr(prov[0][0], "value", "") == SOURCE == ID + "document/iso-3166-1"
    locator = str(getattr(prov[0][1], "value", ""))
    assert "iso3166-1" in locator and "pycountry" in locator
    document = curated_store.query(PREFIXES + f"ASK {{ <{SOURCE}> a ?c . ?c rdfs:subClassOf* cn:Document }}")
    assert document.boolean is True


def test_rdfs_label_unchanged(curated_store: OxigraphStore) -> None:
    for state, label_graphs in (("usa", 1), ("fra", 1), ("chn", 1)):
        rows = curated_store.query(PREFIXES + f"""SELECT DISTINCT ?label WHERE {{
            GRAPH ?g {{ <{ID}state/{state}> rdfs:label ?label }} }}""").rows
        assert len(rows) == label_graphs, rows
        assert getattr(rows[0][0], "language", None) == "en"  # the curated label, in its source's language
        assert TRANSLATIONS_GRAPH not in {
            str(getattr(r[0], "value", "")) for r in curated_store.query(PREFIXES + f"""SELECT ?g WHERE {{
                GRAPH ?g {{ <{ID}state/{state}> rdfs:label ?label }} }}""").rows}


def test_states_without_a_code_are_skipped_and_counted() -> None:
    names = state_names([ID + "state/fra", ID + "state/eu", ID + "org/un", ID + "state/FRA"])
    assert (names.named, names.skipped) == (1, 3)
    assert len([q for q in names.quads if q.graph_name.value == TRANSLATIONS_GRAPH]) == 6
    assert state_names([]).quads == []
