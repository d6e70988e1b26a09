"""A view read from its part of the store draws the same page as from the whole landscape.

``cybernorms viz VIEW`` reads only what the view draws (:attr:`View.reads`, and the region
around a neighbourhood's focus); these tests draw every view both ways, on the curated graph
and on a synthetic graph with a partner's hundreds of supporters (folded into aggregates),
and compare the pages byte for byte, and check that the part read is smaller than the whole.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cybernorms.errors import UsageError
from cybernorms.graph.as_of import as_of
from cybernorms.graph.store.embedded import OxigraphStore, Store
from tests.conftest import synthetic_store as make_synthetic_store
from cybernorms.viz.kinds import kind_of
from cybernorms.viz.landscape import Landscape, load_landscape
from cybernorms.viz.region import load_region, resolve_in_store
from cybernorms.viz.views import VIEWS, ViewOptions, default_focus, load_for_view, render_view

SCOPED = [name for name, view in VIEWS.items() if view.reads is not None]
PARIS_CALL = "https://w3id.org/cybernorms/id/document/paris-call-2018"


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    return make_synthetic_store(tmp_path_factory.mktemp("synth"), states=45, years=1, seed=3)


@pytest.fixture(scope="module")
def synthetic_landscape(synthetic_store: OxigraphStore) -> Landscape:
    return load_landscape(synthetic_store)


def _page(landscape: Landscape, view: str, options: ViewOptions = ViewOptions()) -> str:
    return render_view(landscape, view, options)[0]


def test_every_view_but_the_neighbourhood_has_a_scope() -> None:
    assert SCOPED == ["regime-complex", "forum-positioning", "norm-convergence", "timeline"]


@pytest.mark.parametrize("view", SCOPED)
def test_a_scoped_view_is_the_same_page_on_the_curated_graph(
    view: str, curated_store: Store, curated_landscape: Landscape
) -> None:
    part = load_for_view(curated_store, view)
    assert len(part.entities) < len(curated_landscape.entities)
    assert _page(part, view) == _page(curated_landscape, view)


@pytest.mark.parametrize("view", SCOPED)
def test_a_scoped_view_is_the_same_page_on_a_synthetic_graph(
    view: str, synthetic_store: OxigraphStore, synthetic_landscape: Landscape
) -> None:
    part = load_for_view(synthetic_store, view)
    assert len(part.entities) < len(synthetic_landscape.entities)
    assert _page(part, view) == _page(synthetic_landscape, view)
    assert _page(part, view, ViewOptions(expand=True)) == _page(synthetic_landscape, view, ViewOptions(expand=True))


def _sample(landscape: Landscape, per_kind: int) -> list[str]:
    """The first entities of every kind, by IRI."""
    by_kind: dict[str, list[str]] = {}
    for iri in sorted(landscape.entities):
        by_kind.setdefault(kind_of(landscape.entities[iri].types), []).append(iri)
    return [iri for iris in by_kind.values() for iri in iris[:per_kind]]


def test_a_neighbourhood_is_the_same_page_from_its_region_on_the_curated_graph(
    curated_store: Store, curated_landscape: Landscape
) -> None:
    focuses = _sample(curated_landscape, 2)
    assert len(focuses) > 20
    for focus in focuses:
        for depth in (0, 1, 2):
            options = ViewOptions(focus=focus, depth=depth)
            part = load_for_view(curated_store, "neighbourhood", options)
            assert _page(part, "neighbourhood", options) == _page(curated_landscape, "neighbourhood", options), (
                focus, depth)


def test_a_neighbourhood_folds_the_same_supporters_from_its_region(
    synthetic_store: OxigraphStore, synthetic_landscape: Landscape
) -> None:
    supporters = sum(1 for link in synthetic_landscape.links
                     if link.target == PARIS_CALL and link.relation == "supports")
    assert supporters > 25  # folded into one node per kind
    focuses = [PARIS_CALL, *_sample(synthetic_landscape, 1)]
    for focus in focuses:
        for depth, expand in ((1, False), (2, False), (1, True)):
            options = ViewOptions(focus=focus, depth=depth, expand=expand)
            part = load_for_view(synthetic_store, "neighbourhood", options)
            whole = _page(synthetic_landscape, "neighbourhood", options)
            assert _page(part, "neighbourhood", options) == whole, (focus, depth, expand)
    assert "Paris Call" in _page(load_region(synthetic_store, PARIS_CALL, 1), "neighbourhood",
                                 ViewOptions(focus=PARIS_CALL))


def test_a_small_neighbourhood_reads_a_small_region(
    synthetic_store: OxigraphStore, synthetic_landscape: Landscape
) -> None:
    state = next(iri for iri in sorted(synthetic_landscape.entities) if "/state/" in iri)
    part = load_region(synthetic_store, state, 0)
    assert state in part.entities
    assert len(part.entities) < len(synthetic_landscape.entities) / 2


def test_a_focus_is_found_by_curie_or_id_and_an_unknown_one_named_with_suggestions(curated_store: Store) -> None:
    assert resolve_in_store(curated_store, "forum:un-gge") == "https://w3id.org/cybernorms/id/forum/un-gge"
    assert resolve_in_store(curated_store, "forum/un-gge") == "https://w3id.org/cybernorms/id/forum/un-gge"
    with pytest.raises(UsageError, match=r"--focus 'forum/un-ggee' is not an entity of the graph; did you mean "
                                         r".*forum:un-gge"):
        resolve_in_store(curated_store, "forum/un-ggee")


PARTNER_ORG = "https://partner.example/org/x"


def test_an_entity_of_a_partners_namespace_is_a_focus_with_its_neighbourhood(curated_copy: OxigraphStore) -> None:
    import pyoxigraph as ox

    graph = ox.NamedNode("https://w3id.org/cybernorms/graph/partner/example")
    org, cn = ox.NamedNode(PARTNER_ORG), "https://w3id.org/cybernorms/ontology#"
    curated_copy.add_quads([
        ox.Quad(org, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(cn + "Corporation"),
                graph),
        ox.Quad(org, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Partner <b>Org</b>"), graph),
        ox.Quad(org, ox.NamedNode(cn + "supports"), ox.NamedNode(PARIS_CALL), graph),
    ])
    assert resolve_in_store(curated_copy, PARTNER_ORG) == PARTNER_ORG
    options = ViewOptions(focus=PARTNER_ORG, depth=1)
    part = load_for_view(curated_copy, "neighbourhood", options)
    assert {PARTNER_ORG, PARIS_CALL} <= set(part.entities)
    page = _page(part, "neighbourhood", options)
    assert page == _page(load_landscape(curated_copy), "neighbourhood", options)
    assert "Partner <b>Org</b>" not in page and "Partner \\u003cb\\u003eOrg" in page
    # and the Paris Call's neighbourhood reaches the partner's entity
    around = load_for_view(curated_copy, "neighbourhood", ViewOptions(focus="doc:paris-call-2018", depth=1))
    assert PARTNER_ORG in around.entities
    with pytest.raises(UsageError, match="is not an entity of the graph"):
        resolve_in_store(curated_copy, "https://partner.example/org/none")


_DRAW = """
import hashlib
from cybernorms.graph.build.dataset import open_dataset
from cybernorms.viz.landscape import load_landscape
from cybernorms.viz.views import VIEWS, ViewOptions, default_focus, render_view
landscape = load_landscape(open_dataset().store)
for name in VIEWS:
    options = ViewOptions(focus=default_focus(landscape), depth=2) if name == "neighbourhood" else ViewOptions()
    print(name, hashlib.sha256(render_view(landscape, name, options)[0].encode()).hexdigest())
"""


def test_pages_do_not_change_with_the_string_hashing_of_the_process(curated_cache: Path) -> None:
    """Layouts once followed the order of a set of nodes: the same data gave other pages each run.

    The processes load the session's cache (``curated_cache``), so neither builds."""
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _DRAW], env=env, capture_output=True, text=True,
                              timeout=300, cwd=Path(__file__).parent, check=True)
        runs.append(done.stdout)
    assert runs[0].count("\n") == len(VIEWS)
    assert runs[0] == runs[1]


def test_a_focus_that_is_no_iri_is_refused_with_the_usual_message(curated_store: Store) -> None:
    with pytest.raises(UsageError, match=r"--focus 'forum/g20> \} ASK \{' is not an entity of the graph"):
        resolve_in_store(curated_store, "forum/g20> } ASK {")


@pytest.mark.parametrize("day", ["2013-06-30", "2015-08-01"])
def test_every_view_is_the_same_page_as_of_a_day(day: str, curated_store: Store) -> None:
    when = dt.date.fromisoformat(day)
    cut = as_of(curated_store, when)
    whole = load_landscape(cut)
    for view in VIEWS:
        options = ViewOptions(as_of=when)
        if view == "neighbourhood":
            options = ViewOptions(focus=default_focus(whole), depth=1, as_of=when)
        assert _page(load_for_view(cut, view, options), view, options) == _page(whole, view, options), view


def test_the_default_neighbourhood_stays_readable_when_partners_add_hundreds_of_actors(
    curated_landscape: Landscape, curated_copy: OxigraphStore
) -> None:
    """Two links from the proposed forum reach, through the stakeholder groups, every actor of a group:
    with a partner's 500 corporations the main job's default neighbourhood is drawn one link out."""
    import pyoxigraph as ox

    from cybernorms.viz.views import READABLE_NEIGHBOURHOOD, build_view, default_neighbourhood

    curated = default_neighbourhood(curated_landscape)
    assert curated is not None and curated.depth == 2  # the proposed forum, two links out
    graph, cn = ox.NamedNode("https://w3id.org/cybernorms/graph/partner/tracker"), "https://w3id.org/cybernorms/ontology#"
    group = ox.NamedNode("https://w3id.org/cybernorms/id/stakeholder-group/private-sector")
    curated_copy.add_quads(q for i in range(500) for q in (
        ox.Quad(ox.NamedNode(f"https://tracker.example/org/{i}"),
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(cn + "Corporation"), graph),
        ox.Quad(ox.NamedNode(f"https://tracker.example/org/{i}"), ox.NamedNode(cn + "stakeholderGroup"), group, graph)))
    landscape = load_landscape(curated_copy)
    crowded = default_neighbourhood(landscape)
    assert crowded is not None and crowded.focus == curated.focus
    two_out, _ = build_view(landscape, "neighbourhood", ViewOptions(focus=crowded.focus, depth=2))
    drawn, _ = build_view(landscape, "neighbourhood", crowded)
    assert two_out.number_of_nodes() > 500 > READABLE_NEIGHBOURHOOD  # what the main job drew before
    assert crowded.depth == 1 and drawn.number_of_nodes() <= READABLE_NEIGHBOURHOOD
