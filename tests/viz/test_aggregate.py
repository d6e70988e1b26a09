"""Large groups of supporters (a partner's list of signatories) are drawn as one node per kind.

A document endorsed by 60 synthetic supporters, 40 corporations and 20 civil-society
organisations (each based in a state, as the Paris Call import records them), and one curated
corporation that both supports it and is a member of a forum: by default the neighbourhood of the
document has two aggregate nodes (40 and 20) and the curated one on its own; with ``expand``
every supporter is a node. The page embeds the members (safely) and expands them on a click.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cybernorms.namespaces import CN, ID, PARTNER_GRAPH_PREFIX, PREFIXES
from cybernorms.viz import projection
from cybernorms.viz.landscape import Entity, Landscape, Link
from cybernorms.viz.views import ViewOptions, build_view, render_view

from .conftest import XSS_IMG

DOC = ID + "document/call"
STATE = ID + "state/fra"
FORUM = ID + "forum/club"
CURATED = ID + "organization/curated-co"
PARTNER = PARTNER_GRAPH_PREFIX + "signatories"
LABEL = PREFIXES["rdfs"] + "label"


def _entity(iri: str, klass: str, name: str, graph: str = "") -> Entity:
    return Entity(iri, {CN + klass}, {LABEL: {name: {graph}}, PREFIXES["rdf"] + "type": {CN + klass: {graph}}})


def supporters_landscape() -> Landscape:
    entities = {
        DOC: _entity(DOC, "Document", "The Call"),
        STATE: _entity(STATE, "State", "France"),
        FORUM: _entity(FORUM, "Forum", "The Club"),
        CURATED: _entity(CURATED, "Corporation", "Curated Co"),
    }
    links = [Link(CURATED, "supports", DOC, {""}), Link(CURATED, "member", FORUM, {""})]
    for i in range(60):
        klass, kind = ("Corporation", "company") if i < 40 else ("NonGovernmentalOrganization", "ngo")
        iri = f"{ID}organization/{kind}-{i:02d}"
        name = XSS_IMG if i == 41 else f"Signatory {kind} {i:02d}"
        entities[iri] = _entity(iri, klass, name, PARTNER)
        links.append(Link(iri, "supports", DOC, {PARTNER}, date="2018-11-12"))
        links.append(Link(iri, "basedIn", STATE, {PARTNER}))
    return Landscape(entities, links, {PARTNER: "partner import signatories"})


def _aggregates(graph: Any) -> dict[str, dict[str, Any]]:
    return {n: d for n, d in graph.nodes(data=True) if d.get("aggregate")}


def test_the_neighbourhood_folds_the_supporters_by_kind() -> None:
    graph, _ = build_view(supporters_landscape(), "neighbourhood", ViewOptions(focus=DOC, depth=1))
    aggregates = _aggregates(graph)
    assert sorted((d["kind"], d["aggregate"]) for d in aggregates.values()) == [
        ("civil-society", 20), ("corporation", 40)]
    assert set(graph) == {DOC, CURATED, *aggregates}  # the curated supporter stays itself
    company = aggregates[DOC + "#supporters-corporation"]
    assert company["name"] == "The Call supporters: corporation (40)"
    assert len(company["members"]) == 40
    assert company["members"][0]["name"] == "Signatory company 00"
    assert company["citations"] == ["partner import signatories"]
    assert [(u, v, d["relation"]) for u, v, d in graph.out_edges(DOC + "#supporters-corporation", data=True)] == [
        (DOC + "#supporters-corporation", DOC, "supports")]


def test_depth_two_does_not_reach_through_the_folded_supporters() -> None:
    graph, _ = build_view(supporters_landscape(), "neighbourhood", ViewOptions(focus=DOC, depth=2))
    assert STATE not in graph  # reached only through the signatories
    assert FORUM in graph  # through the curated supporter


def test_expand_draws_every_supporter() -> None:
    graph, _ = build_view(supporters_landscape(), "neighbourhood", ViewOptions(focus=DOC, depth=1, expand=True))
    assert _aggregates(graph) == {}
    assert sum(1 for _, v, d in graph.in_edges(DOC, data=True) if d["relation"] == "supports") == 61
    assert graph.number_of_nodes() == 62


def test_a_folded_supporter_in_focus_stays_itself() -> None:
    focus = f"{ID}organization/company-03"
    graph, _ = build_view(supporters_landscape(), "neighbourhood", ViewOptions(focus=focus, depth=2))
    assert focus in graph and DOC in graph and STATE in graph
    assert {d["aggregate"] for d in _aggregates(graph).values()} == {39, 20}


def test_few_supporters_are_not_folded(fixture_landscape: Landscape) -> None:
    graph = projection.entity_graph(fixture_landscape)
    assert projection.aggregate_supporters(graph) is graph
    small = projection.entity_graph(supporters_landscape())
    assert _aggregates(projection.aggregate_supporters(small, threshold=61)) == {}


def _page_json(html: str) -> dict[str, Any]:
    match = re.search(r'<script id="cn-data" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert match
    return json.loads(match[1])


def test_the_page_embeds_the_members_as_data() -> None:
    html, _, _ = render_view(supporters_landscape(), "neighbourhood", ViewOptions(focus=DOC))
    assert XSS_IMG not in html  # escaped inside the JSON
    data = _page_json(html)
    ngo = next(n for n in data["nodes"] if n.get("aggregate") == 20)
    assert ngo["status"] == "20 supporters"
    assert XSS_IMG in [m["name"] for m in ngo["members"]]
    assert len(data["nodes"]) == 4


@pytest.mark.browser
def test_the_page_shows_the_count_and_expands_on_click(tmp_path: Path) -> None:
    from . import browser

    page = tmp_path / "call.html"
    page.write_text(render_view(supporters_landscape(), "neighbourhood", ViewOptions(focus=DOC))[0], encoding="utf-8")
    driver = browser.required()
    try:
        visit = browser.open_page(driver, page)
        assert visit.ready and visit.console == []
        ngo = DOC + "#supporters-civil-society"
        tip = driver.execute_script("return cnView.tooltipFor(arguments[0]).textContent", ngo)
        assert "20 supporters" in tip and XSS_IMG in tip
        driver.execute_script("cnView.select(arguments[0])", ngo)
        button = driver.find_element("class name", "cn-expand")
        assert button.text == "Show the 20 supporters one by one"
        button.click()
        state = driver.execute_script(
            "var id = cnView.idOf(arguments[0]);"
            "return [cnView.nodes.get(id).hidden, cnView.nodes.get().filter(function (n) { return !n.hidden; }).length,"
            " cnView.edges.length, document.querySelectorAll('img').length,"
            " cnView.search('signatory ngo').length];", ngo)
        assert state == [True, 3 + 20, 3 + 20, 0, 19]
        assert driver.get_log("browser") == []
    finally:
        driver.quit()
