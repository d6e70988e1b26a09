"""Headless Chromium drives the query page's YASGUI editor: completion, permalinks, a 100,000-row result.

Every test opens the page in a browser that records its console and its network requests
(``tests/viz/browser.py``) and checks that nothing was logged as an error and that no request
went anywhere but to the server under test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.server.conftest import BULK_GRAPH, Server, start_server, stop_server
from tests.server.test_browser import editor_ready, result_cells, result_headers, wait
from tests.viz import browser as chromium

pytestmark = pytest.mark.browser

BIG = 100_000
#: 400 x 400 bulk triples: 160,000 rows, of which the server sends the first 100,000.
CROSS_JOIN = (f"SELECT ?a ?b WHERE {{ GRAPH <{BULK_GRAPH}> {{ ?a ?p ?x }} GRAPH <{BULK_GRAPH}> {{ ?b ?q ?y }} }} "
              f"LIMIT {BIG}")


@pytest.fixture(scope="module")
def big_server(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server that sends up to 100,000 rows, with time to write them."""
    running = start_server(store_dir, tmp_path_factory.mktemp("big") / "server.log",
                           "--max-rows", str(BIG), "--timeout", "60", "--workers", "1")
    yield running
    stop_server(running)


@pytest.fixture()
def fresh() -> Iterator[Any]:
    """A new browser with a profile of its own (nothing remembered from another test)."""
    driver = chromium.required(1280, 900)
    driver.set_page_load_timeout(60)
    chromium.drain(driver)
    yield driver
    driver.quit()


def errors_and_requests(driver: Any) -> tuple[list[str], list[str]]:
    """What the page logged as errors and the http(s) URLs it requested, since the last call."""
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                urls.append(url)
    return errors, urls


def assert_clean(driver: Any, server: Server) -> None:
    errors, urls = errors_and_requests(driver)
    assert errors == []
    assert urls and all(u.startswith(server.url + "/") for u in urls), [u for u in urls if not u.startswith(server.url)]


def status(driver: Any) -> str:
    return str(driver.find_element("id", "status").text)


def test_typing_a_query_completes_the_datasets_classes_and_adds_the_prefix(fresh: Any, server: Server) -> None:
    """Ctrl-Space after ``a cn:Sta`` offers cn:State (from the ontology, not a remote service);
    typing ``cn:`` adds the PREFIX line the query needs; the query then runs."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    fresh.get(server.url + "/")
    editor_ready(fresh)
    fresh.execute_script("window.cnEditor.yasgui.getTab().getYasqe().setValue('')")
    fresh.find_element(By.CSS_SELECTOR, "#yasgui .CodeMirror").click()
    typed = fresh.find_element(By.CSS_SELECTOR, "#yasgui .CodeMirror textarea")
    typed.send_keys("SELECT ?s WHERE { ?s a cn:Sta")
    typed.send_keys(Keys.CONTROL, " ")
    wait(fresh, lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
    hints = [li.text for li in fresh.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li")]
    assert "cn:State" in hints, hints
    chosen = next(li for li in fresh.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li") if li.text == "cn:State")
    chosen.click()
    typed.send_keys(" }")
    text = fresh.execute_script("return window.cnEditor.yasgui.getTab().getYasqe().getValue()")
    assert "PREFIX cn: <https://w3id.org/cybernorms/ontology#>" in text
    assert "?s a cn:State" in text
    runs = fresh.execute_script("return window.cnEditor.runs")
    fresh.find_element(By.ID, "run").click()
    wait(fresh, lambda d: d.execute_script("return window.cnEditor.runs") > runs)
    assert status(fresh).startswith("3 rows"), status(fresh)
    assert "state:chn" in result_cells(fresh)
    assert_clean(fresh, server)


def test_a_permalink_runs_a_named_query_with_its_parameter_in_a_fresh_browser(fresh: Any, server: Server) -> None:
    """The link carries the named query, its parameter, the as-of day and the view; opening it runs it."""
    from selenium.webdriver.common.by import By

    fresh.get(server.url + "/?" + urlencode({"named": "provenance", "p.entity": "doc:coc", "as-of": "2015-12-31"}))
    editor_ready(fresh)
    wait(fresh, lambda d: d.execute_script("return window.cnEditor.runs") >= 1)
    assert status(fresh).startswith("7 rows") and "as of 2015-12-31" in status(fresh), status(fresh)
    assert fresh.find_element(By.ID, "param-entity").get_attribute("value") == "doc:coc"
    assert fresh.find_element(By.ID, "example").get_attribute("value") == "provenance"
    assert result_headers(fresh) == ["entity", "property", "value", "source", "locator", "status"]
    assert any("Letter of 9 January 2015 (A/69/723)" in c for c in result_cells(fresh))
    cite = fresh.find_element(By.ID, "cite").text
    assert "named=provenance" in cite and "p.entity=doc%3Acoc" in cite and "as of 2015-12-31" in cite
    assert "data release" in cite
    # The page's own permalink, changed to ask about China, opened in the same fresh way.
    link = fresh.find_element(By.ID, "permalink").text
    assert link == fresh.current_url
    fresh.get(link.replace("doc%3Acoc", "state%3Achn"))
    editor_ready(fresh)
    wait(fresh, lambda d: d.execute_script("return window.cnEditor.runs") >= 1)
    assert fresh.find_element(By.ID, "param-entity").get_attribute("value") == "state:chn"
    assert "state:chn" in result_cells(fresh)
    assert_clean(fresh, server)


def test_a_permalink_of_query_text_opens_in_its_view(fresh: Any, server: Server) -> None:
    from selenium.webdriver.common.by import By

    text = "SELECT ?doc WHERE { ?doc a <https://w3id.org/cybernorms/ontology#ReferenceDocument> }"
    fresh.get(server.url + "/?" + urlencode({"text": text, "view": "response"}))
    editor_ready(fresh)
    wait(fresh, lambda d: d.execute_script("return window.cnEditor.runs") >= 1)
    assert status(fresh).startswith("1 row"), status(fresh)
    assert fresh.execute_script("return window.cnEditor.yasgui.getTab().getYasqe().getValue()") == text
    assert fresh.execute_script("return window.cnEditor.yasgui.getTab().getYasr().selectedPlugin") == "response"
    wait(fresh, lambda d: "https://w3id.org/cybernorms/id/document/coc" in d.find_element(
        By.CSS_SELECTOR, "#yasgui .yasr").text)
    assert "view=response" in fresh.find_element(By.ID, "permalink").text
    assert_clean(fresh, server)


def test_a_100000_row_result_pages_and_the_page_answers_a_click(fresh: Any, big_server: Server) -> None:
    """The whole answer arrives, the table draws one page of it, and a click on the next page is
    answered (the page's click handler fires and the next rows are drawn) within a second."""
    from selenium.webdriver.common.by import By

    fresh.get(big_server.url + "/?" + urlencode({"text": CROSS_JOIN}))
    editor_ready(fresh)
    wait(fresh, lambda d: d.execute_script("return window.cnEditor.runs") >= 1, seconds=120)
    assert status(fresh).startswith("100,000 rows"), status(fresh)
    wait(fresh, lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .yasr table.dataTable tbody tr"))
    drawn = fresh.find_elements(By.CSS_SELECTOR, "#yasgui .yasr table.dataTable tbody tr")
    assert 0 < len(drawn) <= 100  # one page, not 100,000 rows of DOM
    assert drawn[0].find_element(By.CSS_SELECTOR, "td").text == "1"
    fresh.execute_script("window.__answered = false; document.addEventListener('click', "
                         "() => { window.__answered = true; }, { once: true, capture: true })")
    fresh.find_element(By.CSS_SELECTOR, "#yasgui .yasr .dt-paging-button.next").click()
    wait(fresh, lambda d: d.execute_script("return window.__answered"), seconds=1)
    first = len(drawn) + 1
    wait(fresh, lambda d: d.find_element(By.CSS_SELECTOR, "#yasgui .yasr table.dataTable tbody tr td").text
         == str(first), seconds=1)
    assert_clean(fresh, big_server)


def test_result_links_stay_on_this_server(fresh: Any, server: Server) -> None:
    """An IRI in a result links to this server's page for it, never to the IRI itself."""
    from selenium.webdriver.common.by import By

    fresh.get(server.url + "/?" + urlencode({"named": "provenance"}))
    editor_ready(fresh)
    wait(fresh, lambda d: d.execute_script("return window.cnEditor.runs") >= 1)
    hrefs = [a.get_attribute("href") for a in fresh.find_elements(By.CSS_SELECTOR, "#yasgui .yasr table a")]
    assert hrefs and all(h.startswith(server.url + "/") for h in hrefs), hrefs
    assert server.url + "/id/document/coc" in hrefs and server.url + "/id/state/chn" in hrefs
    assert fresh.execute_script("return document.querySelectorAll('#yasgui img').length") == 0
    assert_clean(fresh, server)


def test_each_tab_keeps_its_named_query_and_the_share_button_gives_the_permalink(fresh: Any, server: Server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    fresh.get(server.url + "/?" + urlencode({"named": "provenance", "p.entity": "doc:coc"}))
    editor_ready(fresh)
    wait(fresh, lambda d: d.execute_script("return window.cnEditor.runs") >= 1)
    fresh.find_element(By.CSS_SELECTOR, "#yasgui .addTab").click()
    wait(fresh, lambda d: d.find_element(By.ID, "example").get_attribute("value") == "")
    Select(fresh.find_element(By.ID, "example")).select_by_value("documents_by_submitter")
    runs = fresh.execute_script("return window.cnEditor.runs")
    fresh.find_element(By.ID, "run").click()
    wait(fresh, lambda d: d.execute_script("return window.cnEditor.runs") > runs)
    assert status(fresh).startswith("2 rows"), status(fresh)
    assert "named=documents_by_submitter" in fresh.current_url
    tabs = fresh.find_elements(By.CSS_SELECTOR, "#yasgui .tabsList .tab a")
    assert [t.text.split("\n")[0] for t in tabs] == ["provenance", "documents_by_submitter"]
    tabs[0].click()
    wait(fresh, lambda d: d.find_element(By.ID, "example").get_attribute("value") == "provenance")
    assert fresh.find_element(By.ID, "param-entity").get_attribute("value") == "doc:coc"
    fresh.find_element(By.CSS_SELECTOR, "#yasgui .yasqe_share").click()
    shared = wait(fresh, lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .yasqe_sharePopup input"))
    assert shared[0].get_attribute("value") == server.url + "/?named=provenance&p.entity=doc%3Acoc"
    assert_clean(fresh, server)
