"""Search over HTTP and in the explorer, on the curated graph with a partner's label that carries markup.

The server runs as a deployment does (``cybernorms serve --store DIR``); a headless Chromium then uses
the search page as a reader would: types, sees highlighted and escaped snippets, clicks a facet, and
opens the permalink again.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest

from cybernorms.graph.store.embedded import OxigraphStore
from tests.server.conftest import Server, start_server, stop_server
from tests.server.test_browser import no_alert, wait
from tests.viz import browser as chromium

ID = "https://w3id.org/cybernorms/id/"
CN = "https://w3id.org/cybernorms/ontology#"
PARTNER = "https://w3id.org/cybernorms/graph/partner/portal"
MARKUP = "<img src=x onerror=alert(1)> Zanzibar Cyber"


@pytest.fixture(scope="module")
def search_server(curated_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on an on-disk copy of the curated graph, plus a partner's company whose label is markup."""
    where = tmp_path_factory.mktemp("search-server") / "store"
    store = OxigraphStore.open(where)
    store.add_quads(curated_store.quads())
    company = ox.NamedNode(ID + "org/zanzibar-cyber")
    graph = ox.NamedNode(PARTNER)
    store.add_quads([
        ox.Quad(company, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode(CN + "Corporation"), graph),
        ox.Quad(company, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal(MARKUP, language="en"), graph),
    ])
    store.close()
    running = start_server(where, tmp_path_factory.mktemp("logs") / "search.log", "--workers", "1")
    yield running
    stop_server(running)


def test_api_search_answers_hits_and_facets(search_server: Server) -> None:
    answer = httpx.get(search_server.url + "/api/search", params={"q": "election interference", "kind": "norm"},
                       timeout=60).json()
    assert {hit["iri"] for hit in answer["hits"][:2]} == {ID + "norm/gcsc-2", ID + "norm/paris-call-3"}
    assert {"iri", "kind", "label", "snippet", "score", "document", "category"} <= set(answer["hits"][0])
    assert answer["facets"]["kind"][0] == {"value": "norm", "label": "norm", "count": answer["total"]}
    documents = {f["label"]: f["count"] for f in answer["facets"]["document"]}
    assert answer["total"] == len(answer["hits"])
    assert documents == {d: sum(1 for h in answer["hits"] if h["document"] == d) for d in documents}


def test_partner_data_is_searched_and_marked(search_server: Server) -> None:
    hit = httpx.get(search_server.url + "/api/search", params={"q": "Zanzibar"}, timeout=60).json()["hits"][0]
    assert (hit["label"], hit["partner"], hit["kind"]) == (MARKUP, "portal", "actor")


@pytest.mark.parametrize(("params", "message"), [
    ({"q": ""}, "the search text is empty"),
    ({"q": "x", "kind": "nonsense"}, "--kind 'nonsense' is not a known kind; known: actor, "),
    ({"q": "x", "as_of": "soon"}, "--as-of takes a day as YYYY-MM-DD, got 'soon'"),
    ({"q": "x", "limit": "many"}, "limit must be a whole number, got 'many'"),
])
def test_bad_input_is_a_400_with_the_command_lines_words(search_server: Server, params: dict[str, str],
                                                         message: str) -> None:
    response = httpx.get(search_server.url + "/api/search", params=params, timeout=60)
    assert response.status_code == 400
    assert response.text.startswith(message) and response.text.count("\n") == 1


def test_api_similar_and_an_unknown_norm(search_server: Server) -> None:
    rows = httpx.get(search_server.url + "/api/similar", params={"norm": "norm:coc-5"}, timeout=60).json()
    assert any(r["iri"] == ID + "norm/paris-call-6" and r["alignment"] == "continues" for r in rows)
    missing = httpx.get(search_server.url + "/api/similar", params={"norm": "norm/coc-9"}, timeout=60)
    assert missing.status_code == 400 and "is not a norm of the graph; did you mean" in missing.text


def test_search_page_escapes_labels_and_marks_snippets(search_server: Server) -> None:
    html = httpx.get(search_server.url + "/search", params={"q": "Zanzibar"}, headers={"Accept": "text/html"},
                     timeout=60).text
    assert "&lt;img src=x onerror=alert(1)&gt; Zanzibar Cyber" in html
    assert "<img src=x" not in html
    page = httpx.get(search_server.url + "/search", params={"q": "botnets"}, headers={"Accept": "text/html"},
                     timeout=60).text
    assert "<mark>botnets</mark>" in page
    assert 'href="/id/norm/gcsc-4"' in page


def test_a_norms_page_lists_its_similar_norms(search_server: Server) -> None:
    html = httpx.get(search_server.url + "/id/norm/coc-5", headers={"Accept": "text/html"}, timeout=60).text
    assert "<h2>Similar norms</h2>" in html
    assert 'href="/id/norm/paris-call-6"' in html
    assert "curated alignment: continues" in html


def test_every_page_has_the_search_box(search_server: Server) -> None:
    html = httpx.get(search_server.url + "/ontology", headers={"Accept": "text/html"}, timeout=60).text
    assert 'class="site-search" action="/search"' in html


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    driver = chromium.required(1280, 900)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.mark.browser
def test_a_reader_searches_filters_and_reopens_the_permalink(browser: object, search_server: Server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.get(search_server.url + "/ontology")  # type: ignore[attr-defined]
    box = driver.find_element(By.CSS_SELECTOR, "header .site-search input[name=q]")  # type: ignore[attr-defined]
    box.send_keys("critical infrastructure", Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.ID, "hits"))
    marks = driver.find_elements(By.CSS_SELECTOR, "#hits .snippet mark")  # type: ignore[attr-defined]
    assert {m.text.lower() for m in marks} >= {"critical", "infrastructure"}
    total_before = driver.find_element(By.ID, "search-summary").text  # type: ignore[attr-defined]
    link = driver.find_element(By.CSS_SELECTOR, "#facets [data-facet=kind] li a")  # type: ignore[attr-defined]
    chosen_kind = link.text
    link.click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#facets li.chosen"))
    kinds = {li.get_attribute("data-kind") for li in driver.find_elements(By.CSS_SELECTOR, "#hits li.hit")}  # type: ignore[attr-defined]
    assert kinds == {chosen_kind}
    permalink = driver.current_url  # type: ignore[attr-defined]
    assert "kind=" + quote(chosen_kind) in permalink and "q=critical+infrastructure" in permalink
    summary = driver.find_element(By.ID, "search-summary").text  # type: ignore[attr-defined]
    assert summary != total_before
    driver.get("about:blank")  # type: ignore[attr-defined]
    driver.get(permalink)  # type: ignore[attr-defined]
    wait(driver, lambda d: d.find_elements(By.ID, "hits"))
    assert driver.find_element(By.ID, "search-summary").text == summary  # type: ignore[attr-defined]
    assert driver.find_element(By.ID, "search-text").get_attribute("value") == "critical infrastructure"  # type: ignore[attr-defined]
    assert driver.find_element(By.CSS_SELECTOR, "#facets li.chosen a").text == chosen_kind  # type: ignore[attr-defined]


@pytest.mark.browser
def test_markup_in_a_partners_label_shows_as_text(browser: object, search_server: Server) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(search_server.url + "/search?q=Zanzibar")  # type: ignore[attr-defined]
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#hits .hit-label"))
    assert driver.find_element(By.CSS_SELECTOR, "#hits .hit-label").text == MARKUP  # type: ignore[attr-defined]
    assert not driver.find_elements(By.CSS_SELECTOR, "#hits img")  # type: ignore[attr-defined]
    assert no_alert(driver)
