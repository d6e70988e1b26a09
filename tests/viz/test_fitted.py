"""The network views at first sight, in headless Chromium, at a wide and a phone-sized window.

After load every node and every axis and lane title is inside the drawing, the title and the legend
are visible; on a phone the drawing keeps the width and the panel is a drawer; a permalink restores
the filter, the selection and the zoom; the timeline reaches this year; the regime-complex page
names the forums no link places in an issue area; the norm grid's quiet links show for a selection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from cybernorms.viz.landscape import Landscape
from cybernorms.viz.views import VIEWS, ViewOptions, default_focus, render_view

from . import browser

pytestmark = pytest.mark.browser

NETWORK = [name for name in ("regime-complex", "forum-positioning", "norm-convergence", "neighbourhood", "timeline")
           if name in VIEWS]
SIZES = [(1600, 1000), (390, 844)]
OPTIONS = {name: ViewOptions(focus="issue-area/crime", depth=2) if name == "neighbourhood" else ViewOptions()
           for name in NETWORK}

#: Where each node and title is on screen, and the drawing's box, in CSS pixels of the page.
GEOMETRY = """
var v = cnView, box = document.getElementById('cn-network').getBoundingClientRect();
var ids = v.nodes.getIds().filter(function (id) { return !v.nodes.get(id).hidden; });
var pos = v.network.getPositions(ids);
var nodes = ids.map(function (id) { var p = v.network.canvasToDOM(pos[id]);
  return { label: v.data.nodes[id].label, x: p.x, y: p.y }; });
return { width: box.width, height: box.height, nodes: nodes, titles: v.titleBoxes(),
         window: window.innerWidth };
"""


def _visible(driver: Any, element_id: str) -> bool:
    return bool(driver.execute_script(
        "var e = document.getElementById(arguments[0]); if (!e) { return false; }"
        "var r = e.getBoundingClientRect(), s = getComputedStyle(e);"
        "return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'"
        " && r.right > 0 && r.left < window.innerWidth && r.bottom > 0 && r.top < window.innerHeight;",
        element_id))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, fixture_landscape: Landscape) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fitted")
    written: dict[str, Path] = {}
    for name in NETWORK:
        path = folder / f"{name}.html"
        path.write_text(render_view(fixture_landscape, name, OPTIONS[name])[0], encoding="utf-8")
        written[name] = path
    return written


@pytest.fixture(scope="module", params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def sized(request: pytest.FixtureRequest) -> Iterator[tuple[Any, tuple[int, int]]]:
    width, height = request.param
    chrome = browser.required(width, height)
    chrome.set_window_size(width, height)
    yield chrome, request.param
    chrome.quit()


@pytest.fixture(scope="module")
def wide() -> Iterator[Any]:
    chrome = browser.required(1600, 1000)
    yield chrome
    chrome.quit()


@pytest.fixture(scope="module")
def curated_pages(tmp_path_factory: pytest.TempPathFactory, curated_landscape: Landscape) -> dict[str, Path]:
    """The curated graph's views as the main job writes them (the neighbourhood of its default focus)."""
    folder = tmp_path_factory.mktemp("fitted-curated")
    focus = default_focus(curated_landscape)
    written: dict[str, Path] = {}
    for name in NETWORK:
        options = ViewOptions(focus=focus) if name == "neighbourhood" else ViewOptions()
        path = folder / f"{name}.html"
        path.write_text(render_view(curated_landscape, name, options)[0], encoding="utf-8")
        written[name] = path
    return written


@pytest.mark.parametrize("view", NETWORK)
def test_opens_fitted_with_title_and_legend(view: str, sized: tuple[Any, tuple[int, int]],
                                            pages: dict[str, Path]) -> None:
    _opens_fitted(sized, pages[view])


@pytest.mark.parametrize("view", NETWORK)
def test_the_curated_views_open_fitted_with_title_and_legend(view: str, sized: tuple[Any, tuple[int, int]],
                                                             curated_pages: dict[str, Path]) -> None:
    _opens_fitted(sized, curated_pages[view])


def _opens_fitted(sized: tuple[Any, tuple[int, int]], page: Path) -> None:
    """After load: every node and title inside the drawing, labels legible, title and legend (or drawer) shown."""
    driver, (width, _height) = sized
    assert browser.open_page(driver, page).ready
    geometry = driver.execute_script(GEOMETRY)
    assert geometry["nodes"], "nothing is drawn"
    outside = [n["label"] for n in geometry["nodes"]
               if not (0 <= n["x"] <= geometry["width"] and 0 <= n["y"] <= geometry["height"])]
    assert outside == [], f"nodes out of the drawing at {sized[1]}"
    cut = [t["label"] for t in geometry["titles"]
           if t["left"] < -1 or t["top"] < -1 or t["right"] > geometry["width"] + 1
           or t["bottom"] > geometry["height"] + 1]
    assert cut == [], "axis or lane titles out of the drawing"
    # labels legible: at least 12 px high on screen, and at least one node labelled
    assert driver.execute_script("return cnView.labelPixels()") >= 12 - 1e-6
    assert driver.execute_script("return cnView.labelsShown().length") > 0
    assert _visible(driver, "cn-title")
    assert driver.execute_script("return document.getElementById('cn-title').textContent")
    legend = driver.execute_script("return document.querySelectorAll('#cn-legend-nodes li').length")
    assert legend > 0
    if width >= 1000:
        assert _visible(driver, "cn-legend")
        assert not _visible(driver, "cn-drawer")
    else:
        # a phone: the drawing keeps (almost) the full width; the panel is a drawer behind a button
        assert geometry["width"] >= 0.95 * geometry["window"]
        assert not _visible(driver, "cn-side")
        assert _visible(driver, "cn-drawer")
        driver.find_element("id", "cn-drawer").click()
        driver.execute_script("document.getElementById('cn-side').style.transition = 'none'")
        assert _visible(driver, "cn-side")
        assert _visible(driver, "cn-legend")
        assert driver.find_element("id", "cn-drawer").get_attribute("aria-expanded") == "true"


def _a_filter(driver: Any) -> tuple[str, str] | None:
    """A select filter and an option of it that is not 'all'."""
    found = driver.execute_script(
        "var s = document.querySelector('#cn-filter-fields select'); if (!s) { return null; }"
        "for (var i = 0; i < s.options.length; i++) { if (s.options[i].value) {"
        " return [s.id, s.options[i].value]; } } return null;")
    return (str(found[0]), str(found[1])) if found else None


@pytest.mark.parametrize("view", NETWORK)
def test_permalink_restores_filter_selection_and_zoom(view: str, wide: Any, pages: dict[str, Path]) -> None:
    assert browser.open_page(wide, pages[view]).ready
    choice = _a_filter(wide)
    if choice is not None:
        wide.execute_script(
            "var s = document.getElementById(arguments[0]); s.value = arguments[1];"
            "s.dispatchEvent(new Event('change'));", *choice)
    shown = wide.execute_script("return cnView.nodes.getIds().filter(function (id) {"
                                " return !cnView.nodes.get(id).hidden; })")
    node = shown[0]
    iri = wide.execute_script("return cnView.data.nodes[arguments[0]].iri", node)
    wide.execute_script("cnView.select(arguments[0]);"
                        "cnView.network.moveTo({position: {x: 40, y: -30}, scale: 1.7, animation: false});",
                        iri)
    fragment = wide.execute_script("return cnView.state()")
    assert "select=" in fragment and "zoom=1.700" in fragment
    # a fresh load of the link
    wide.get("about:blank")
    browser.drain(wide)
    link = pages[view].resolve().as_uri() + fragment
    wide.get(link)
    for _ in range(2000):
        if wide.execute_script("return !!(window.cnView && window.cnView.ready)"):
            break
    restored = wide.execute_script(
        "var v = cnView, p = v.network.getViewPosition();"
        "return { scale: v.network.getScale(), x: p.x, y: p.y, selected: v.network.getSelectedNodes(),"
        " info: document.getElementById('cn-info').textContent,"
        " shown: v.nodes.getIds().filter(function (id) { return !v.nodes.get(id).hidden; }) };")
    assert restored["scale"] == pytest.approx(1.7, abs=0.01)
    assert (round(restored["x"]), round(restored["y"])) == (40, -30)
    assert restored["selected"] == [node]
    name = wide.execute_script("return cnView.data.nodes[arguments[0]].name || cnView.data.nodes[arguments[0]].label",
                               node)
    assert str(name) in restored["info"]
    assert sorted(restored["shown"]) == sorted(shown)
    if choice is not None:
        assert wide.execute_script("return document.getElementById(arguments[0]).value", choice[0]) == choice[1]


def test_timeline_axis_reaches_this_year(wide: Any, pages: dict[str, Path]) -> None:
    assert browser.open_page(wide, pages["timeline"]).ready
    titles = [t["label"] for t in wide.execute_script("return cnView.titleBoxes()")]
    axis = wide.execute_script("return cnView.data.axis.map(function (t) { return t.label; })")
    this_year = str(dt.date.today().year)
    assert axis[-1] == this_year
    assert this_year in titles, "the current year is not labelled on the axis"
    assert wide.execute_script("return cnView.data.lanes.length") > 0


def _without_governs(landscape: Landscape) -> Landscape:
    """The landscape with the first institution that governs an issue area no longer governing any."""
    forum = sorted(lk.source for lk in landscape.links if lk.relation == "governs")[0]
    return replace(landscape, links=[lk for lk in landscape.links
                                     if not (lk.relation == "governs" and lk.source == forum)])


@pytest.mark.parametrize("unplaced", [False, True], ids=["fixture", "a-forum-unplaced"])
def test_regime_complex_names_the_forums_drawn_apart(unplaced: bool, wide: Any, tmp_path: Path,
                                                     fixture_landscape: Landscape) -> None:
    landscape = _without_governs(fixture_landscape) if unplaced else fixture_landscape
    html, graph, _positions = render_view(landscape, "regime-complex")
    page = tmp_path / "regime-complex.html"
    page.write_text(html, encoding="utf-8")
    kinds: dict[str, str] = {str(n): str(attrs.get("kind")) for n, attrs in graph.nodes(data=True)}
    areas = {n for n, kind in kinds.items() if kind == "issue-area"}
    placed = {str(u) for u, v, attrs in graph.edges(data=True)
              if attrs.get("relation") == "governs" and str(v) in areas}
    apart = sorted(str(graph.nodes[n]["name"]) for n, kind in kinds.items()
                   if kind in ("forum", "regime") and n not in placed)
    assert bool(apart) == unplaced
    assert browser.open_page(wide, page).ready
    if not apart:
        assert not _visible(wide, "cn-note")
        return
    assert _visible(wide, "cn-note")
    note = wide.execute_script("return document.getElementById('cn-note').textContent")
    for name in apart:
        assert name in note
    assert f"({len(apart)})" in note


def test_norm_grid_links_are_quiet_until_a_selection(wide: Any, pages: dict[str, Path]) -> None:
    assert browser.open_page(wide, pages["norm-convergence"]).ready
    quiet = """
    var v = cnView, q = {'stated in': true, 'in category': true}, out = [];
    v.data.edges.forEach(function (e, i) { if (q[e.relation]) {
      var d = v.edges.get(i); out.push({ from: e.from, to: e.to, shown: !d.hidden && !(d.color && d.color.opacity === 0) });
    } });
    return out;
    """
    links = wide.execute_script(quiet)
    assert links, "the norm grid has no 'stated in' or 'in category' link"
    assert [link for link in links if link["shown"]] == []
    norm = wide.execute_script(
        "return cnView.data.nodes.filter(function (n) { return n.kind === 'norm'; })[0].iri")
    node = wide.execute_script("return cnView.idOf(arguments[0])", norm)
    wide.execute_script("cnView.select(arguments[0])", norm)
    links = wide.execute_script(quiet)
    mine = [link for link in links if node in (link["from"], link["to"])]
    assert mine and all(link["shown"] for link in mine)
    assert all(not link["shown"] for link in links if node not in (link["from"], link["to"]))
