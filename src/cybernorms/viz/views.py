"""The views: a projection, a layout and a page each, and the writer of the main job's views.

``cybernorms viz VIEW`` writes one page; ``cybernorms viz all --out DIR`` writes every view;
:func:`write_outputs` (registered in :data:`cybernorms.outputs.WRITERS`) writes the
pages, their static PNG images and the analysis into ``out/views/``.

Every view takes :class:`ViewOptions`: ``focus`` and ``depth`` for the neighbourhood, and
``as_of``, a day: the landscape is cut to what is dated on or before it
(:meth:`~cybernorms.viz.landscape.Landscape.as_of`) before it is projected; ``language``, the
reader's: each node is named in it where the data has a name in it, in English otherwise
(:func:`~cybernorms.viz.projection.localise`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from cybernorms.graph.language import DEFAULT_LANGUAGE
from cybernorms.viz import layout, projection
from cybernorms.viz.catalog import VIEW_CATALOG
from cybernorms.viz.landscape import ALIGNMENTS, Landscape, Scope, load_landscape
from cybernorms.viz.page import page_data, render_page

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = [
    "VIEWS", "View", "ViewOptions", "build_view", "load_for_view", "render_view", "write_outputs", "write_views",
]

Positions = dict[Hashable, tuple[float, float]]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class ViewOptions:
    """What a user can ask of a view: a focus and depth (neighbourhood), a day (``as_of``).

    ``expand``: draw every supporter of an entity on its own; by default more than
    :data:`~cybernorms.viz.projection.AGGREGATE_THRESHOLD` are folded into one node per kind.
    """

    focus: str | None = None
    depth: int = 1
    as_of: dt.date | None = None
    expand: bool = False
    #: The reader's language (one of the six UN languages): names in it where the data has one, else English.
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class View:
    """One view: its name on the command line, its title and caption, projection and layout."""

    name: str
    title: str
    description: str
    project: Callable[[Landscape, ViewOptions], nx.MultiDiGraph[str]]
    place: Callable[[nx.MultiDiGraph[str]], Positions]
    main: bool = True
    reads: Scope | None = None
    """What the view draws, so that it can be drawn from that part of the store alone (None: all)."""


def _scope(kinds: set[str], relations: set[str]) -> Scope:
    return Scope(frozenset(kinds), frozenset(relations))


def _described(name: str) -> tuple[str, str, str]:
    """A view's name, title and caption, from the one catalogue of views (:mod:`cybernorms.viz.catalog`)."""
    return VIEW_CATALOG[name].described()


def _neighbourhood_layout(graph: nx.MultiDiGraph[str]) -> Positions:
    return layout.generic_layout(graph, centre=graph.graph.get("focus"))


VIEWS: dict[str, View] = {
    view.name: view
    for view in (
        View(
            *_described("regime-complex"),
            lambda ls, o: projection.regime_complex(ls),
            layout.regime_complex_layout,
            reads=_scope({"forum", "regime", "regime-complex", "issue-area"},
                         {"part of regime complex", "governs", "member"}),
        ),
        View(
            *_described("forum-positioning"),
            lambda ls, o: projection.forum_positioning(ls),
            layout.forum_positioning_layout,
            reads=_scope({"proposed-forum", "stakeholder-group", "regime-complex"},
                         {"main target", "positioned between", "has characteristic", "proposed by", "realized by",
                          "resulted in", "supports", "stakeholder group", "required group", "evaluated"}),
        ),
        View(
            *_described("norm-convergence"),
            lambda ls, o: projection.norm_convergence(ls),
            layout.norm_convergence_layout,
            reads=_scope({"norm", "reference-document", "category"}, {"stated in", "in category", *ALIGNMENTS}),
        ),
        View(
            *_described("neighbourhood"),
            lambda ls, o: projection.neighbourhood(
                ls, o.focus or "", o.depth, aggregate=None if o.expand else projection.AGGREGATE_THRESHOLD),
            _neighbourhood_layout,
            main=False,
        ),
        View(
            *_described("timeline"),
            lambda ls, o: projection.timeline(ls),
            layout.timeline_layout,
            reads=_scope({"event", "document", "reference-document"},
                         {"involves", "issued by", "produced", "presented in", "member"}),
        ),
    )
}


def _view(name: str) -> View:
    from cybernorms.errors import UsageError

    if name not in VIEWS:
        raise UsageError(f"no view {name!r}; the views are {', '.join(VIEWS)} (or 'all')")
    return VIEWS[name]


def build_view(
    landscape: Landscape, name: str, options: ViewOptions = ViewOptions()
) -> tuple[nx.MultiDiGraph[str], Positions]:
    """The projected graph of one view, and its positions."""
    view = _view(name)
    graph = view.project(landscape.as_of(options.as_of), options)
    projection.localise(graph, landscape, options.language)
    if not options.expand and view.name != "neighbourhood":  # the neighbourhood folds before it reaches out
        graph = projection.aggregate_supporters(graph)
    return graph, view.place(graph)


def load_for_view(store: Store, name: str, options: ViewOptions = ViewOptions()) -> Landscape:
    """The landscape one view is drawn from: what the view reads, not the whole store.

    A view with a scope (:attr:`View.reads`) reads the entities and links it draws; the
    neighbourhood of a focus reads the region around it
    (:func:`cybernorms.viz.region.load_region`). The page is the same as from the whole
    landscape; a graph of a million triples is read in a fraction of the time.
    """
    view = _view(name)
    if view.name == "neighbourhood" and options.focus:
        from cybernorms.viz.region import load_region

        return load_region(store, options.focus, options.depth)
    return load_landscape(store, view.reads)


def _caption(view: View, graph: nx.MultiDiGraph[str], options: ViewOptions) -> tuple[str, str]:
    title = view.title
    if view.name == "neighbourhood":
        focus = graph.nodes[graph.graph["focus"]]["name"]
        title = f"Neighbourhood of {focus} (within {options.depth} link{'s' if options.depth != 1 else ''})"
    description = view.description
    if options.as_of is not None:
        description += f" As of {options.as_of.isoformat()}: what is dated later is left out."
    return title, description


def render_view(
    landscape: Landscape, name: str, options: ViewOptions = ViewOptions()
) -> tuple[str, nx.MultiDiGraph[str], Positions]:
    """The HTML page of one view, the graph it draws and the positions."""
    view = _view(name)
    graph, positions = build_view(landscape, name, options)
    title, description = _caption(view, graph, options)
    data = page_data(graph, positions, title, description, focus=graph.graph.get("focus"))
    return render_page(data), graph, positions


def default_focus(landscape: Landscape) -> str | None:
    """The neighbourhood the main job draws: the proposed forum's, when there is one."""
    from cybernorms.viz.kinds import kind_of

    forums = [iri for iri, e in landscape.entities.items() if kind_of(e.types) == "proposed-forum"]
    links = {iri: sum(1 for lk in landscape.links if iri in (lk.source, lk.target)) for iri in forums}
    return min(forums, key=lambda iri: (-links[iri], iri)) if forums else None


#: The most nodes the default neighbourhood draws two links out; beyond that it is drawn one link out
#: (two links from the proposed forum reach, through the stakeholder groups, every partner's supporter).
READABLE_NEIGHBOURHOOD = 400


def default_neighbourhood(landscape: Landscape, options: ViewOptions = ViewOptions()) -> ViewOptions | None:
    """The neighbourhood drawn when no focus is given: the proposed forum's (:func:`default_focus`), two
    links out (or ``options.depth``, if more) when that stays within :data:`READABLE_NEIGHBOURHOOD`
    nodes, else one; None when the landscape has no proposed forum."""
    focus = default_focus(landscape)
    if focus is None:
        return None
    deep = replace(options, focus=focus, depth=max(options.depth, 2))
    graph, _ = build_view(landscape, "neighbourhood", deep)
    if graph.number_of_nodes() <= READABLE_NEIGHBOURHOOD:
        return deep
    return replace(options, focus=focus, depth=1)


def write_views(landscape: Landscape, folder: Path, options: ViewOptions = ViewOptions(),
                progress: Progress = lambda _: None, images: bool = False) -> list[str]:
    """Write every view (and with ``images`` their PNGs) into ``folder``; one line per file."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, view in VIEWS.items():
        opts = options
        if name == "neighbourhood":
            if options.focus is None:
                chosen = default_neighbourhood(landscape, options)
                if chosen is None:
                    continue
                opts = chosen
        progress(f"drawing the {name} view")
        html, graph, positions = render_view(landscape, name, opts)
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        lines.append(f"  {path}  ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links)")
        if images:
            from cybernorms.viz.images import draw_png

            image = folder / f"{name}.png"
            draw_png(graph, positions, image, _caption(view, graph, opts)[0])
            lines.append(f"  {image}")
    return lines


def write_outputs(store: Store, out_dir: Path, progress: Progress) -> list[str]:
    """The main job's views: every page and PNG, the two matrices, the analysis and the networks, in ``out_dir/views``.

    The matrices (:mod:`cybernorms.viz.matrices`) are ``table1-matrix.html`` and ``crosswalk.html``, each
    with its PNG.
    """
    from cybernorms.viz.analytics import analyse
    from cybernorms.viz.matrices import write_matrices
    from cybernorms.viz.report import write_analysis

    folder = out_dir / "views"
    landscape = load_landscape(store)
    lines = write_views(landscape, folder, progress=progress, images=True)
    lines.extend(write_matrices(store, folder, progress=progress, images=True))
    progress("analysing the networks")
    lines.extend(write_analysis(analyse(landscape), folder))
    return lines
