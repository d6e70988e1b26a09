"""The explorer's profiles and side-by-side pages on the curated dataset, driven by headless Chromium.

Each page's facts and sources are checked against the graph itself (SPARQL on the store the server
reads); a partner graph whose labels carry markup (``graph/partner/evil``) shows that a partner's
label never replaces a curated one, stays text, and is marked as the partner's; the browser's
console has no error and the page asks nothing of another origin.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.server.wording import word_diff
from tests.server.conftest import Server, start_server, stop_server
from tests.viz import browser as chromium_browser

XSS = "<img src=x onerror=alert(1)>"
EVIL = "https://w3id.org/cybernorms/graph/partner/evil"
PARTNER_ORG = "https://partner.example/org/x"
CN = "https://w3id.org/cybernorms/ontology#"
ID = "https://w3id.org/cybernorms/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

pytestmark = pytest.mark.browser


def _partner_quads() -> list[ox.Quad]:
    g = ox.NamedNode(EVIL)
    usa, org = ox.NamedNode(ID + "state/usa"), ox.NamedNode(PARTNER_ORG)
    label = ox.NamedNode(RDFS_LABEL)
    return [
        ox.Quad(usa, label, ox.Literal(XSS, language="en"), g),
        ox.Quad(org, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(CN + "Corporation"), g),
        ox.Quad(org, label, ox.Literal("Partner <b>Org</b> " + XSS), g),
        ox.Quad(org, ox.NamedNode(CN + "supports"), ox.NamedNode(ID + "document/paris-call-2018"), g),
        ox.Quad(org, ox.NamedNode(CN + "basedIn"), usa, g),
        ox.Quad(ox.NamedNode(ID + "state/fra"), ox.NamedNode(CN + "supports"), ox.NamedNode(ID + "document/paris-call-2018"), g),
    ]


@pytest.fixture(scope="module")
def curated_dir(curated_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store: the curated dataset and a partner graph with markup in its labels."""
    where = tmp_path_factory.mktemp("profiles") / "store"
    store = OxigraphStore.open(where)
    store.add_quads(curated_store.quads())
    store.add_quads(_partner_quads())
    store.close()
    return where


@pytest.fixture(scope="module")
def graph(curated_dir: Path, curated_server: Server) -> Iterator[OxigraphStore]:
    """The store the server reads, opened read-only to check its pages against."""
    store = OxigraphStore.open(curated_dir, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def curated_server(curated_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(curated_dir, tmp_path_factory.mktemp("logs") / "profiles.log", "--timeout", "20")
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    d = chromium_browser.required(1300, 900)
    yield d
    d.quit()


def visit(driver: Any, server: Server, path: str) -> None:
    """Open a page; then check that it logged no error and asked nothing of another origin."""
    chromium_browser.drain(driver)
    driver.get(server.url + path)
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
    requests = [json.loads(e["message"])["message"]["params"]["request"]["url"]
                for e in driver.get_log("performance")
                if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"]
    assert requests and all(url.startswith(server.url + "/") for url in requests), requests
    assert driver.execute_script("return document.images.length") == 0
    assert driver.execute_script("return document.querySelectorAll('b, script:not([src])').length") == 0


def rows(driver: Any, table_id: str, tier: str = "curated") -> list[list[str]]:
    """The cells' text of one tier of a profile table."""
    from selenium.webdriver.common.by import By

    found = []
    for tr in driver.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody[data-tier='{tier}'] tr:not(.tier-heading)"):
        found.append([td.text for td in tr.find_elements(By.TAG_NAME, "td")])
    return found


def select(store: OxigraphStore, query: str) -> list[dict[str, str]]:
    prologue = ("PREFIX cn: <https://w3id.org/cybernorms/ontology#> PREFIX org: <http://www.w3.org/ns/org#> "
                "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                "PREFIX dcterms: <http://purl.org/dc/terms/> ")
    result = store.query(prologue + query)
    return [{name: term.value for name, term in zip(result.variables, row, strict=True) if term is not None}
            for row in result.rows]


def test_state_profile_shows_memberships_documents_endorsements_with_sources(driver: Any, curated_server: Server,
                                                                              graph: OxigraphStore) -> None:
    from selenium.webdriver.common.by import By

    visit(driver, curated_server, "/id/state/usa")
    assert driver.find_element(By.ID, "entity-label").text == "United States"  # the curated name, not the partner's
    partner_labels = driver.find_element(By.ID, "partner-labels").text
    assert XSS in partner_labels and "(the partner data evil)" in partner_labels

    memberships = rows(driver, "profile-memberships")
    expected = select(graph, """SELECT ?fl ?loc ?srcl WHERE { GRAPH ?g { ?m org:member <https://w3id.org/cybernorms/id/state/usa> ;
        org:organization ?f } ?f rdfs:label ?fl . ?g cn:locator ?loc ; prov:wasDerivedFrom/rdfs:label ?srcl }""")
    assert expected
    for row in expected:
        match = [r for r in memberships if r[0] == row["fl"]]
        assert match, (row, memberships)
        assert row["srcl"] in match[0][-1] and row["loc"] in match[0][-1]

    documents = {r[0]: r for r in rows(driver, "profile-documents")}
    issued = select(graph, """SELECT ?dl ?loc WHERE { GRAPH ?g { ?d cn:issuedBy <https://w3id.org/cybernorms/id/state/usa> }
        ?d rdfs:label ?dl . ?g cn:locator ?loc }""")
    assert {r["dl"] for r in issued} == set(documents)
    for r in issued:
        assert r["loc"] in documents[r["dl"]][-1]

    endorsements = {r[0]: r for r in rows(driver, "profile-endorsements")}
    paris = endorsements["Paris Call for Trust and Security in Cyberspace"]
    assert "supporter" in paris[1] and "2021-11-10" in paris[2]
    assert "TrustNet: U.S. Gov Announces Support for Paris Call" in paris[-1]  # a curated source
    assert "inferred by the reasoner" in paris[-1]  # the reasoner's agreement marked as such, beside it
    timeline = [r[0] for r in rows(driver, "profile-timeline")]
    assert timeline == sorted(timeline) and "2021-11-10" in timeline
    names = rows(driver, "profile-names", "partner")
    assert names and names[0][0].startswith(XSS) and "the partner data evil" in names[0][-1]


def test_forum_profile_members_supporters_and_evaluation(driver: Any, curated_server: Server,
                                                         graph: OxigraphStore) -> None:
    from selenium.webdriver.common.by import By

    visit(driver, curated_server, "/id/forum/gcsc")
    assert "Profile of a forum" in driver.find_element(By.ID, "profile-kind").text
    backers = {r[0] for r in rows(driver, "profile-supporters")}
    stated = select(graph, """SELECT DISTINCT ?wl WHERE { GRAPH ?g { ?w cn:supports <https://w3id.org/cybernorms/id/forum/gcsc> }
        ?w rdfs:label ?wl FILTER(!STRSTARTS(STR(?g), "https://w3id.org/cybernorms/graph/partner/")
        && !STRSTARTS(STR(?g), "https://w3id.org/cybernorms/graph/inferred")) }""")
    assert {"Netherlands", "France", "Estonia"} <= backers
    assert {r["wl"] for r in stated} <= backers
    verdicts = rows(driver, "profile-characteristics")
    assert any("met" in r[1] for r in verdicts)


def test_document_profile_shows_each_claimed_date_with_its_source(driver: Any, curated_server: Server,
                                                                 graph: OxigraphStore) -> None:
    visit(driver, curated_server, "/id/document/msft-norms-2014")
    claimed = select(graph, """SELECT ?d ?loc WHERE { GRAPH ?g { <https://w3id.org/cybernorms/id/document/msft-norms-2014>
        dcterms:date ?d } ?g cn:locator ?loc }""")
    assert len({r["d"] for r in claimed}) == 2  # the sources disagree
    shown = rows(driver, "profile-dates")
    for r in claimed:
        row = next(s for s in shown if s[0] == r["d"])
        assert r["loc"] in row[-1]
    norms = [r[1] for r in rows(driver, "profile-norms")]
    stated = select(graph, f"""SELECT ?l ?o WHERE {{ ?n cn:statedIn <{ID}document/msft-norms-2014> ; rdfs:label ?l
        OPTIONAL {{ ?n cn:ordinal ?o }} }}""")
    assert sorted(norms) == sorted(r["l"] for r in stated)


def test_norm_profile_text_alignments_and_later_instruments(driver: Any, curated_server: Server,
                                                            graph: OxigraphStore) -> None:
    from selenium.webdriver.common.by import By

    visit(driver, curated_server, "/id/norm/ungge-13f")
    text = select(graph, "SELECT ?t WHERE { <https://w3id.org/cybernorms/id/norm/ungge-13f> cn:text ?t }")[0]["t"]
    assert rows(driver, "profile-text")[0][0] == text + " @en"
    alignments = rows(driver, "profile-alignments")
    gcsc = next(r for r in alignments if r[0] == "GCSC 1")
    rationale = select(graph, """SELECT ?r WHERE { ?a cn:fromNorm <https://w3id.org/cybernorms/id/norm/gcsc-1> ;
        cn:toNorm <https://w3id.org/cybernorms/id/norm/ungge-13f> ; cn:rationale ?r }""")[0]["r"]
    assert gcsc[1] == "continues" and gcsc[3] == rationale + " @en" and "the curators' judgement" in gcsc[4]
    later = {r[0] for r in rows(driver, "profile-later")}
    assert "GCSC 1" in later
    href = driver.find_element(By.ID, "compare-aligned").get_attribute("href")
    assert "/compare/norms?n=" in href and "gcsc-1" in href


def test_actor_and_partner_entity_profiles(driver: Any, curated_server: Server) -> None:
    from selenium.webdriver.common.by import By

    visit(driver, curated_server, "/id/org/microsoft")
    assert "organisation or person" in driver.find_element(By.ID, "profile-kind").text
    assert rows(driver, "profile-about")
    visit(driver, curated_server, "/resource?iri=https%3A%2F%2Fpartner.example%2Forg%2Fx")
    assert driver.find_element(By.ID, "entity-label").text == "Partner <b>Org</b> " + XSS
    assert "Named only by the partner data evil" in driver.find_element(By.ID, "title-partner").text
    supported = rows(driver, "profile-endorsements", "partner")
    assert supported[0][0] == "Paris Call for Trust and Security in Cyberspace"
    assert "the partner data evil" in supported[0][-1]


def test_unknown_iri_is_a_clear_404(driver: Any, curated_server: Server) -> None:
    import httpx

    answer = httpx.get(curated_server.url + "/resource", params={"iri": "https://partner.example/none"},
                       headers={"Accept": "text/html"})
    assert answer.status_code == 404 and "Nothing known about this IRI" in answer.text


def test_two_states_compared(driver: Any, curated_server: Server) -> None:
    from selenium.webdriver.common.by import By

    visit(driver, curated_server, "/compare/states?s=state:usa&s=state:fra")
    title = driver.find_element(By.ID, "compare-title").text
    assert "United States" in title and "France" in title and XSS not in title
    table = driver.find_element(By.CSS_SELECTOR, "#compare-endorsements table")
    paris = next(tr for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")
                 if tr.find_element(By.TAG_NAME, "th").text == "Paris Call for Trust and Security in Cyberspace")
    usa, fra = paris.find_elements(By.TAG_NAME, "td")
    assert usa.text.startswith("yes") and "TrustNet" in usa.text
    assert fra.text.startswith("partner data") and "the partner data evil" in fra.text  # only the partner says so
    gcsc = [tr for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")
            if "Global Commission on the Stability of Cyberspace" in tr.find_element(By.TAG_NAME, "th").text]
    assert gcsc, "France backs the GCSC"
    cells = gcsc[0].find_elements(By.TAG_NAME, "td")
    assert cells[0].text == "—" and cells[1].text.startswith("yes")


def test_norms_side_by_side_highlight_the_difference(driver: Any, curated_server: Server,
                                                    graph: OxigraphStore) -> None:
    from selenium.webdriver.common.by import By

    visit(driver, curated_server, "/compare/norms?n=norm:gcsc-1&n=norm:ungge-13f")
    texts = [select(graph, f"SELECT ?t WHERE {{ <{ID}norm/{n}> cn:text ?t }}")[0]["t"] for n in ("gcsc-1", "ungge-13f")]
    left, right = word_diff(*texts)
    for column, pieces, text in (("norm-1", left, texts[0]), ("norm-2", right, texts[1])):
        marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, f"#{column} .norm-text mark.changed")]
        assert marks == [p.text for p in pieces if p.changed]
        assert driver.find_element(By.CSS_SELECTOR, f"#{column} .norm-text").text == text
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#norm-1 .norm-text mark.changed")]
    assert "and non-state actors" in marks and "State" not in marks
    link = driver.find_element(By.CSS_SELECTOR, "#alignments tbody tr").text
    assert "continues" in link and "public core of the Internet" in link


def test_a_category_opens_side_by_side(driver: Any, curated_server: Server, graph: OxigraphStore) -> None:
    from selenium.webdriver.common.by import By

    visit(driver, curated_server, "/compare/norms?category=category:IV")
    expected = select(graph, f"SELECT (COUNT(DISTINCT ?n) AS ?k) WHERE {{ ?n cn:inCategory <{ID}category/IV> }}")
    assert len(driver.find_elements(By.CSS_SELECTOR, ".norm-column")) == int(expected[0]["k"])


def test_bad_input_is_one_line_with_400(curated_server: Server) -> None:
    import httpx

    for path in ("/compare/norms?n=norm:nope&n=norm:gcsc-1", "/compare/norms?n=norm:gcsc-1",
                 "/compare/states?s=doc:coc", "/compare/norms?category=category:IX"):
        answer = httpx.get(curated_server.url + path, headers={"Accept": "text/html"})
        assert answer.status_code == 400, path
        assert "Traceback" not in answer.text


def test_word_diff_marks_only_what_differs() -> None:
    left, right = word_diff("States should not attack.", "states should NOT attack the core.")
    assert [p.text for p in left if p.changed] == []
    assert [p.text for p in right if p.changed] == ["the core."]


def test_a_partner_entitys_neighbourhood_view_takes_its_iri_or_a_curie(driver: Any, curated_server: Server) -> None:
    """The server's focus takes what --focus takes: a partner's own IRI, and a CURIE; markup stays text."""
    import httpx
    from urllib.parse import quote

    for focus in (PARTNER_ORG, "doc:paris-call-2018"):
        chromium_browser.drain(driver)
        driver.get(f"{curated_server.url}/views/neighbourhood?focus={quote(focus, safe='')}")
        for _ in range(600):
            if driver.execute_script("return !!(window.cnView && window.cnView.ready)"):
                break
            time.sleep(0.05)
        errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], errors
        assert driver.execute_script("return document.images.length") == 0
        assert driver.execute_script("return document.querySelectorAll('b').length") == 0
        names = driver.execute_script("return window.cnView.data.nodes.map(function (n) { return n.name; })")
        assert any(name.startswith("Partner <b>Org</b>") for name in names), names
        driver.execute_script("window.cnView.select(arguments[0])", PARTNER_ORG)
        link = driver.execute_script("var a = document.querySelector('#cn-info a.cn-page'); return a && a.href")
        assert link == curated_server.url + "/resource?iri=" + quote(PARTNER_ORG, safe="")
    missing = httpx.get(curated_server.url + "/views/neighbourhood", params={"focus": "https://partner.example/none"})
    assert missing.status_code == 404
