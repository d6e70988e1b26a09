"""Headless Chromium drives the explorer: a named query from the editor, an entity page, a view.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them when
``tests/viz/needs_browser`` exists).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.server.conftest import Server
from tests.viz import browser as chromium

XSS = "<img src=x onerror=alert(1)>"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    driver = chromium.required(1280, 900)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def console_errors(driver: object) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]  # type: ignore[attr-defined]


def wait(driver: object, condition: object, seconds: float = 15) -> object:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def no_alert(driver: object) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert  # type: ignore[attr-defined]
    except NoAlertPresentException:
        return True
    return False


def choose_example(driver: object, name: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, f"#example option[value='{name}']")) == 1)
    Select(driver.find_element(By.ID, "example")).select_by_value(name)  # type: ignore[attr-defined]


def editor_ready(driver: object) -> None:
    """Wait until the query page's editor (YASGUI) has started and run any query its URL names."""
    wait(driver, lambda d: d.execute_script("return !!(window.cnEditor && window.cnEditor.ready)"))


def set_query(driver: object, text: str) -> None:
    """Put ``text`` in the active tab's editor, as pasting it would."""
    editor_ready(driver)
    driver.execute_script("window.cnEditor.yasgui.getTab().getYasqe().setValue(arguments[0])", text)  # type: ignore[attr-defined]


def run_and_wait(driver: object) -> None:
    from selenium.webdriver.common.by import By

    runs = driver.execute_script("return window.cnEditor.runs")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "run").click()  # type: ignore[attr-defined]
    wait(driver, lambda d: d.execute_script("return window.cnEditor.runs") > runs)
    wait(driver, lambda d: d.find_element(By.ID, "status").text not in ("", "Running…"))


def result_headers(driver: object) -> list[str]:
    from selenium.webdriver.common.by import By

    cells = driver.find_elements(By.CSS_SELECTOR, "#yasgui .yasr table.dataTable thead th")  # type: ignore[attr-defined]
    return [th.text for th in cells][1:]  # the first column numbers the rows


def result_cells(driver: object) -> list[str]:
    from selenium.webdriver.common.by import By

    return [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#yasgui .yasr table.dataTable tbody td")]  # type: ignore[attr-defined]


def test_named_query_runs_from_the_editor(browser: object, server: Server) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")  # type: ignore[attr-defined]
    editor_ready(browser)
    choose_example(browser, "provenance")
    field = browser.find_element(By.ID, "param-entity")  # type: ignore[attr-defined]
    assert field.get_attribute("value") == "doc:coc"
    assert "Where does each fact about an entity come from" in browser.find_element(By.ID, "question").text  # type: ignore[attr-defined]
    run_and_wait(browser)
    status = browser.find_element(By.ID, "status").text  # type: ignore[attr-defined]
    assert status.startswith("7 rows"), status
    assert result_headers(browser) == ["entity", "property", "value", "source", "locator", "status"]
    cells = result_cells(browser)
    assert any("paragraph 1" in c for c in cells) and any("Letter of 9 January 2015 (A/69/723)" in c for c in cells)
    links = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")}  # type: ignore[attr-defined]
    assert set(links) == {"CSV with labels", "CSV for Excel", "Excel (.xlsx)", "SPARQL JSON", "SPARQL XML", "TSV"}
    assert links["TSV"].endswith("/api/queries/provenance?entity=doc%3Acoc&format=tsv")
    assert links["CSV for Excel"].endswith("/api/download?entity=doc%3Acoc&named=provenance&format=csv&bom=1")
    assert console_errors(browser) == []


def test_labels_stay_text_in_the_results_table(browser: object, server: Server) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")  # type: ignore[attr-defined]
    editor_ready(browser)
    choose_example(browser, "documents_by_submitter")
    run_and_wait(browser)
    assert any(XSS in c for c in result_cells(browser))
    assert browser.execute_script("return document.querySelectorAll('#yasgui img').length") == 0  # type: ignore[attr-defined]
    assert no_alert(browser)
    assert console_errors(browser) == []


def test_own_query_and_a_syntax_error(browser: object, server: Server) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")  # type: ignore[attr-defined]
    set_query(browser, "ASK { ?s ?p }")
    run_and_wait(browser)
    status = browser.find_element(By.ID, "status")  # type: ignore[attr-defined]
    assert status.text.startswith("Error 400: SPARQL syntax error: line 1")
    set_query(browser, "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/cybernorms/ontology#State> ; ?p ?o }")
    run_and_wait(browser)
    assert browser.find_element(By.ID, "status").text.startswith("Graph (")  # type: ignore[attr-defined]
    wait(browser, lambda d: "China" in d.find_element(By.CSS_SELECTOR, "#yasgui .yasr").text)
    errors = [e for e in console_errors(browser) if "400 (Bad Request)" not in e]  # the failed fetch is logged
    assert errors == []


def test_entity_page_shows_facts_and_escapes_labels(browser: object, server: Server) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/id/state/xss")  # type: ignore[attr-defined]
    assert browser.find_element(By.ID, "entity-label").text == XSS  # type: ignore[attr-defined]
    assert browser.execute_script("return document.images.length") == 0  # type: ignore[attr-defined]
    assert no_alert(browser)
    facts = browser.find_element(By.ID, "facts").text  # type: ignore[attr-defined]
    assert "row 1" in facts and "</script><script>alert(2)</script>" in facts
    browser.find_element(By.LINK_TEXT, "International Code of Conduct for Information Security").click()  # type: ignore[attr-defined]
    wait(browser, lambda d: d.current_url.endswith("/id/document/coc"))
    assert browser.find_element(By.ID, "entity-label").text == "International Code of Conduct for Information Security"  # type: ignore[attr-defined]
    neighbours = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#neighbours a")]  # type: ignore[attr-defined]
    assert "China" in neighbours and XSS in neighbours
    assert console_errors(browser) == []


def test_a_view_runs_under_its_policy(browser: object, server: Server) -> None:
    """The view's inline scripts run (allowed by hash) and nothing is blocked or fails."""
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")  # type: ignore[attr-defined]
    views = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#views a")}  # type: ignore[attr-defined]
    if not views:
        pytest.xfail("cybernorms.viz draws no views in this installation")
    timeline = next(href for href in views.values() if href.endswith("/views/timeline"))
    browser.get(timeline)  # type: ignore[attr-defined]
    wait(browser, lambda d: d.execute_script("return document.querySelectorAll('canvas').length") > 0)
    assert console_errors(browser) == []


def test_the_as_of_slider_cuts_the_graph(browser: object, server: Server) -> None:
    """Moving the slider to before the fixture's only dated document leaves that document out."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server.url + "/")  # type: ignore[attr-defined]
    set_query(browser, "SELECT ?doc WHERE { ?doc a <https://w3id.org/cybernorms/ontology#ReferenceDocument> }")
    slider = browser.find_element(By.ID, "as-of-year")  # type: ignore[attr-defined]
    assert slider.get_attribute("value") == slider.get_attribute("max")
    assert not browser.find_element(By.ID, "as-of-on").is_selected()  # type: ignore[attr-defined]
    run_and_wait(browser)
    assert browser.find_element(By.ID, "status").text.startswith("1 row")  # type: ignore[attr-defined]
    assert "doc:coc" in result_cells(browser)

    slider.send_keys(Keys.HOME)  # the first position: the year before the first date (2015-01-09)
    assert slider.get_attribute("value") == "2014"
    assert browser.find_element(By.ID, "as-of").get_attribute("value") == "2014-12-31"  # type: ignore[attr-defined]
    assert browser.find_element(By.ID, "as-of-on").is_selected()  # type: ignore[attr-defined]
    assert "as of 2014-12-31" in browser.find_element(By.ID, "as-of-label").text  # type: ignore[attr-defined]
    run_and_wait(browser)
    status = browser.find_element(By.ID, "status").text  # type: ignore[attr-defined]
    assert status.startswith("0 rows") and "as of 2014-12-31" in status, status
    links = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")}  # type: ignore[attr-defined]
    assert "as-of=2014-12-31" in links["CSV with labels"] and "as-of=2014-12-31" in links["SPARQL JSON"]

    slider.send_keys(Keys.END)  # today: no cut
    assert not browser.find_element(By.ID, "as-of-on").is_selected()  # type: ignore[attr-defined]
    run_and_wait(browser)
    assert browser.find_element(By.ID, "status").text.startswith("1 row")  # type: ignore[attr-defined]
    assert console_errors(browser) == []
