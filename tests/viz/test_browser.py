"""Every view in headless Chromium: drawn, silent, offline, safe; and a 5,000-node page measured.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them because
``tests/viz/needs_browser`` exists). Screenshots go to pytest's temporary folder; the scale
measurements are printed and written to ``timings.json`` there (copy them to docs/views.md).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cybernorms.bench.synthetic_view import synthetic_view
from cybernorms.viz.landscape import Landscape
from cybernorms.viz.layout import generic_layout
from cybernorms.viz.page import page_data, render_page
from cybernorms.viz.views import VIEWS, ViewOptions, default_focus, render_view

from . import browser
from .conftest import XSS_IMG, XSS_SCRIPT

pytestmark = pytest.mark.browser

OPTIONS = {name: ViewOptions(focus="issue-area/crime", depth=2) if name == "neighbourhood" else ViewOptions()
           for name in VIEWS}
#: The name in each view of the fixture that is partner data with markup in it.
XSS_NAME = {
    "regime-complex": XSS_IMG, "forum-positioning": XSS_SCRIPT, "norm-convergence": XSS_IMG,
    "neighbourhood": XSS_IMG, "timeline": XSS_IMG,
}


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    chrome = browser.required()
    yield chrome
    chrome.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, fixture_landscape: Landscape) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("views")
    written = {}
    for name in VIEWS:
        path = folder / f"{name}.html"
        path.write_text(render_view(fixture_landscape, name, OPTIONS[name])[0], encoding="utf-8")
        written[name] = path
    return written


def _no_alert(driver: Any) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        _ = driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_is_drawn_silent_offline_and_safe(
    view: str, driver: Any, pages: dict[str, Path], tmp_path: Path
) -> None:
    visit = browser.open_page(driver, pages[view])
    assert visit.ready, "the page never drew"
    assert visit.console == []
    assert [url for url in visit.requests if not url.startswith(("file://", "data:", "about:"))] == []
    assert [url for url in visit.requests if url.startswith("file://")] == [pages[view].resolve().as_uri()]
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    name = XSS_NAME[view]
    hits = driver.execute_script("return cnView.search(arguments[0])", name)
    assert len(hits) == 1
    assert name in driver.find_element("id", "cn-search-result").text
    driver.execute_script("cnView.select(cnView.data.nodes[arguments[0]].iri)", hits[0])
    assert driver.find_element("id", "cn-info").find_element("class name", "cn-tip-name").text == name
    assert driver.execute_script("return document.querySelectorAll('img, script:not([id]) ~ script[src]').length") == 0
    assert _no_alert(driver)
    assert driver.get_log("browser") == []
    driver.save_screenshot(str(tmp_path / f"{view}.png"))


def test_norm_tooltip_is_its_exact_text_and_citation(driver: Any, pages: dict[str, Path]) -> None:
    browser.open_page(driver, pages["norm-convergence"])
    parts = driver.execute_script(
        "return Array.from(cnView.tooltipFor(arguments[0]).children).map(function (c) { return c.textContent; })",
        "https://w3id.org/cybernorms/id/norm/docb-2")
    assert parts == ["DocB 2", "norm · 2015-07-22", "States should respond to requests for assistance.",
                     "— FR, Appendix I, DocB 2"]


def test_tension_tooltip_shows_markup_as_text(driver: Any, pages: dict[str, Path]) -> None:
    browser.open_page(driver, pages["norm-convergence"])
    texts = driver.execute_script(
        "var e = cnView.edges.get().filter(function (e) { return cnView.data.edges[e.id].relation === 'in tension'; })[0];"
        "return [e.title.textContent, e.title.querySelectorAll('script, img').length];")
    assert texts[0].startswith("in tensionDocA (2) → DocB 2One asks for cooperation, the other for a response "
                               "</script><script>alert(2)</script>")
    assert texts[1] == 0


@pytest.mark.parametrize(
    ("view", "legend"),
    [
        pytest.param("forum-positioning", ["proposed forum", "regime complex", "stakeholder group", "state",
                                           "corporation", "civil society organization", "characteristic",
                                           "characteristic still lacking"], id="forum-positioning"),
        pytest.param("norm-convergence", ["reference document", "norm category", "norm"], id="norm-convergence"),
    ],
)
def test_legend_shows_each_kind_drawn(view: str, legend: list[str], driver: Any, pages: dict[str, Path]) -> None:
    browser.open_page(driver, pages[view])
    items = driver.find_elements("css selector", "#cn-legend-nodes li")
    assert [item.text for item in items] == legend


def test_click_on_a_node_highlights_its_neighbours(driver: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    browser.open_page(driver, pages["regime-complex"])
    beta = driver.execute_script("return cnView.idOf('https://w3id.org/cybernorms/id/forum/beta')")
    x, y = driver.execute_script(
        "var p = cnView.network.canvasToDOM(cnView.network.getPosition(arguments[0])); return [p.x, p.y];", beta)
    canvas = driver.find_element("id", "cn-network")
    size = canvas.size
    offset = (x - size["width"] / 2, y - size["height"] / 2)
    ActionChains(driver).move_to_element_with_offset(canvas, *offset).click().perform()
    time.sleep(0.2)
    assert driver.find_element("id", "cn-info").find_element("class name", "cn-tip-name").text == "Beta Forum"
    dimmed = driver.execute_script(
        "return cnView.nodes.get().filter(function (n) { return n.color.background === '#eeeeee'; })"
        ".map(function (n) { return cnView.data.nodes[n.id].label; }).sort()")
    # Beta's neighbours (the regime complex, standards, Acme, Globex, Cyber Lab) stay; the other 7 dim
    assert dimmed == ["<img src=x onerror=alert(1)>", "Alpha Group", "Atlantis", "Borduria", "Gamma Dialogue",
                      "Open Net", "war"]


def test_category_filter_hides_other_norms(driver: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.support.ui import Select

    browser.open_page(driver, pages["norm-convergence"])
    Select(driver.find_element("id", "cn-filter-categories")).select_by_visible_text("II")
    shown = driver.execute_script(
        "return cnView.nodes.get().filter(function (n) { return !n.hidden; })"
        ".map(function (n) { return cnView.data.nodes[n.id].name; }).sort()")
    # the two norms of II, their documents (no category: kept, their norms are shown), category II
    assert shown == ["DocA", "DocA (2)", "DocB", "DocB 2", "II. Avoiding attacks"]
    assert driver.find_element("id", "cn-count").text == "5 of 14 nodes shown"


@pytest.mark.slow
def test_a_5000_node_page_becomes_interactive(driver: Any, tmp_path: Path) -> None:
    graph = synthetic_view(5000)
    started = time.perf_counter()
    positions = generic_layout(graph)
    layout_seconds = time.perf_counter() - started
    path = tmp_path / "synthetic-5000.html"
    path.write_text(render_page(page_data(graph, positions, "5,000 nodes", "synthetic")), encoding="utf-8")
    visit = browser.open_page(driver, path)
    assert visit.ready and visit.console == []
    click = driver.execute_script(
        "var t = performance.now(); cnView.select('urn:synthetic:0'); return performance.now() - t;")
    search = driver.execute_script(
        "var t = performance.now(); cnView.search('synthetic state 42'); return performance.now() - t;")
    driver.save_screenshot(str(tmp_path / "synthetic-5000.png"))
    timings = {
        "nodes": graph.number_of_nodes(), "links": graph.number_of_edges(),
        "layout_seconds_python": round(layout_seconds, 2),
        "page_megabytes": round(path.stat().st_size / 1e6, 1),
        "ready_ms_since_navigation": round(visit.ready["sinceNavigationMs"]),
        "script_ms": round(visit.ready["scriptMs"]), "select_and_highlight_ms": round(click),
        "search_ms": round(search),
    }
    (tmp_path / "timings.json").write_text(json.dumps(timings, indent=2))
    print("\n5,000-node page:", json.dumps(timings))
    assert timings["ready_ms_since_navigation"] < 60_000


def test_curated_views_are_silent_offline_and_timed(driver: Any, curated_landscape: Landscape, tmp_path: Path) -> None:
    timings = {}
    for name in VIEWS:
        focus = default_focus(curated_landscape)
        options = ViewOptions(focus=focus, depth=2) if name == "neighbourhood" else ViewOptions()
        page, graph, _ = render_view(curated_landscape, name, options)
        path = tmp_path / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        visit = browser.open_page(driver, path)
        assert visit.ready and visit.console == [], name
        assert [url for url in visit.requests if not url.startswith(("file://", "data:", "about:"))] == []
        timings[name] = {"nodes": graph.number_of_nodes(), "links": graph.number_of_edges(),
                         "ready_ms_since_navigation": round(visit.ready["sinceNavigationMs"])}
        driver.save_screenshot(str(tmp_path / f"{name}.png"))
    print("\ncurated views:", json.dumps(timings))
