"""The matrix pages in headless Chromium: a real click on a cell opens its norms or its alignment, the
headers stay in view, a permalink restores filters and cell, partner markup stays text, nothing is asked
of the network, the console is silent; and a synthetic 200 × 200 crosswalk is drawn and answers a click."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cybernorms.api import KnowledgeGraph
from cybernorms.bench.matrices import synthetic_crosswalk
from cybernorms.graph.store.embedded import OxigraphStore, Store
from cybernorms.viz.matrices import build_matrix, render_matrix

from . import browser
from .conftest import XSS_IMG, XSS_SCRIPT
from .test_matrices import _with_partner

pytestmark = pytest.mark.browser

SIZES = {"wide": (1600, 1000), "phone": (390, 844)}


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    chrome = browser.required(*SIZES["wide"])
    yield chrome
    chrome.quit()


@pytest.fixture(scope="module")
def partnered(curated_store: Store) -> OxigraphStore:
    return _with_partner(curated_store)


@pytest.fixture(scope="module")
def pages(partnered: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("matrices")
    written = {}
    for name in ("table1-matrix", "crosswalk"):
        path = folder / f"{name}.html"
        path.write_text(build_matrix(partnered, name)[0], encoding="utf-8")
        written[name] = path
    synthetic = folder / "synthetic.html"
    synthetic.write_text(render_matrix(synthetic_crosswalk()), encoding="utf-8")
    written["synthetic"] = synthetic
    return written


def _quiet_and_offline(visit: browser.Visit, page: Path) -> None:
    assert visit.ready, "the page never drew"
    assert visit.console == []
    assert visit.requests == [page.resolve().as_uri()]


def _cell(driver: Any, row: str, col: str) -> Any:
    """The table cell of the row and column with these ids, as the page draws them."""
    i, j = driver.execute_script(
        "var s = cnView.shown(); return [s.rows.indexOf(arguments[0]), s.cols.indexOf(arguments[1])];", row, col)
    assert i >= 0 and j >= 0
    return driver.find_element("css selector", f"#mx-table tbody tr:nth-child({i + 1}) td:nth-of-type({j + 1})")


def _click(driver: Any, cell: Any) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", cell)
    cell.click()


def test_a_table1_cell_opens_exactly_its_norms(driver: Any, pages: dict[str, Path], partnered: OxigraphStore) -> None:
    visit = browser.open_page(driver, pages["table1-matrix"])
    _quiet_and_offline(visit, pages["table1-matrix"])
    cell = _cell(driver, "category/III", "document/ungge-2015")
    assert cell.text == "3"
    _click(driver, cell)
    names = [a.text for a in driver.find_elements("css selector", "#mx-info .mx-norm h3 a")]
    rows = partnered.query(
        "PREFIX cn: <https://w3id.org/cybernorms/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "SELECT DISTINCT ?name WHERE { GRAPH ?g { ?n cn:inCategory <https://w3id.org/cybernorms/id/category/III> } "
        "?g prov:wasDerivedFrom <https://w3id.org/cybernorms/id/document/ewi-2015> . "
        "?n cn:statedIn <https://w3id.org/cybernorms/id/document/ungge-2015> ; cn:notation ?x . "
        "BIND(CONCAT('UNGGE ', ?x) AS ?name) }").rows
    assert sorted(names) == sorted(row[0].value for row in rows)
    texts = [q.text for q in driver.find_elements("css selector", "#mx-info .mx-text")]
    assert len(texts) >= 3 and all(texts)
    assert driver.find_element("css selector", "#mx-info .mx-norm h3 a").get_attribute("href").startswith(
        "https://w3id.org/cybernorms/id/norm/ungge-")
    assert "row=category%2FIII" in driver.current_url
    assert driver.get_log("browser") == []


def test_a_crosswalk_cell_shows_the_alignment_of_aligned_norms(driver: Any, pages: dict[str, Path],
                                                               partnered: OxigraphStore) -> None:
    browser.open_page(driver, pages["crosswalk"])
    _click(driver, _cell(driver, "norm/msft-1", "norm/ungge-13i"))
    expected = next(r for r in KnowledgeGraph(partnered).query("aligned_norms").to_records()
                    if r["from_norm"] == "MSFT 1" and r["to_norm"] == "UNGGE 13(i)")
    box = driver.find_element("css selector", "#mx-info .mx-alignment")
    assert box.find_element("class name", "mx-relation").text == "broader than" == f"{expected['relation']} than"
    assert box.find_element("class name", "mx-rationale").text == expected["rationale"]
    assert expected["locator"] in box.find_element("class name", "mx-cite").text
    assert driver.get_log("browser") == []


def test_partner_markup_stays_text_and_is_marked(driver: Any, pages: dict[str, Path]) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    browser.open_page(driver, pages["crosswalk"])
    _click(driver, _cell(driver, "norm/coc-5", "norm/msft-1"))
    info = driver.find_element("id", "mx-info")
    assert info.find_element("class name", "mx-rationale").text == XSS_SCRIPT
    assert "partner data: xss" in info.text
    labels = [e.text for e in info.find_elements("class name", "mx-label")]
    assert XSS_IMG in labels
    assert info.find_element("css selector", ".mx-norm h3 a").text == "CoC (5)"  # the curated name stays
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert
    assert driver.get_log("browser") == []


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", ["table1-matrix", "crosswalk", "synthetic"])
def test_the_headers_stay_in_view_when_scrolled(name: str, size: str, driver: Any, pages: dict[str, Path]) -> None:
    driver.set_window_size(*SIZES[size])
    try:
        browser.open_page(driver, pages[name])
        seen = driver.execute_script("""
            var box = document.getElementById('mx-scroll');
            box.scrollTop = box.scrollHeight; box.scrollLeft = box.scrollWidth;
            var frame = box.getBoundingClientRect();
            function onTop(el) {
              var r = el.getBoundingClientRect();
              var x = r.left + r.width / 2, y = r.top + r.height / 2;  // its middle: in the window, and on top
              var hit = document.elementFromPoint(x, y);
              return x > 0 && y > 0 && x < innerWidth && y < innerHeight && !!hit && el.contains(hit);
            }
            var heads = Array.from(document.querySelectorAll('#mx-table thead th:not(.mx-corner)'));
            var rows = Array.from(document.querySelectorAll('#mx-table tbody th'));
            var col = heads[heads.length - 1], row = rows[rows.length - 1];
            return {col: onTop(col), row: onTop(row), corner: onTop(document.querySelector('.mx-corner')),
                    colTop: col.getBoundingClientRect().top - frame.top, rowLeft: row.getBoundingClientRect().left - frame.left};
        """)
        assert seen["col"] and seen["row"] and seen["corner"], seen
        assert abs(seen["colTop"]) < 2 and abs(seen["rowLeft"]) < 2, seen
    finally:
        driver.set_window_size(*SIZES["wide"])


def test_a_permalink_restores_the_filters_and_the_cell(driver: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.support.ui import Select

    browser.open_page(driver, pages["crosswalk"])
    Select(driver.find_element("id", "mx-rows")).select_by_visible_text("MSFT")
    Select(driver.find_element("id", "mx-category")).select_by_value("category/III")
    _click(driver, _cell(driver, "norm/msft-1", "norm/ungge-13i"))
    link = driver.current_url
    assert "#" in link and "rows=document%2Fmsft-norms-2014" in link
    driver.get("about:blank")
    driver.get(link)
    assert Select(driver.find_element("id", "mx-rows")).first_selected_option.text == "MSFT"
    assert Select(driver.find_element("id", "mx-category")).first_selected_option.get_attribute("value") == "category/III"
    rows = driver.execute_script("return cnView.shown().rows")
    assert rows and all(r.startswith("norm/msft-") for r in rows)
    selected = driver.find_elements("css selector", "#mx-table td.mx-selected")
    assert len(selected) == 1 and selected[0] == _cell(driver, "norm/msft-1", "norm/ungge-13i")
    assert driver.find_element("css selector", "#mx-info .mx-cell-title").text == "MSFT 1 × UNGGE 13(i)"
    assert driver.get_log("browser") == []


def test_a_200_by_200_crosswalk_is_drawn_and_answers_a_click(driver: Any, pages: dict[str, Path]) -> None:
    visit = browser.open_page(driver, pages["synthetic"])
    _quiet_and_offline(visit, pages["synthetic"])
    assert driver.execute_script("return document.querySelectorAll('#mx-table tbody td').length") == 200 * 200
    hit = driver.find_elements("css selector", "#mx-table td.mx-hit")[-1]
    _click(driver, hit)
    assert driver.find_element("css selector", "#mx-info .mx-rationale").text.startswith("rationale ")
    print(f"\n200 × 200 crosswalk: ready {visit.ready['sinceNavigationMs']:.0f} ms after navigation, "
          f"script {visit.ready['scriptMs']:.0f} ms")
