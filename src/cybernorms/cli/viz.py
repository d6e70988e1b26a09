"""The ``cybernorms viz`` and ``cybernorms analyze`` commands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from cybernorms.cli._options import progress_for
from cybernorms.errors import UsageError
from cybernorms.viz.catalog import MATRIX_NAMES, PAGE_NAMES, VIEW_NAMES

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store
    from cybernorms.viz.landscape import Landscape

__all__ = ["add_analyze_arguments", "add_viz_arguments", "run_analyze", "run_viz"]


def add_viz_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms viz``."""
    parser.add_argument("view", choices=[*PAGE_NAMES, "all"], metavar="VIEW",
                        help=f"a network view ({', '.join(VIEW_NAMES)}), a matrix ({', '.join(MATRIX_NAMES)}: "
                             "Table 1 as a heat map, the crosswalk of aligned norms), or 'all' to write every "
                             "page into --out DIR")
    parser.add_argument("--out", metavar="FILE.html|DIR", type=Path,
                        help="where to write the page (default VIEW.html); for 'all' a folder (default ./views)")
    parser.add_argument("--focus", metavar="IRI",
                        help="the entity of the neighbourhood view: an IRI, a CURIE (forum:g20) or an id "
                             "(forum/g20); for 'all', the default is the proposed forum")
    parser.add_argument("--depth", metavar="N", type=int, default=1,
                        help="how many links from the focus the neighbourhood reaches (default 1)")
    parser.add_argument("--png", action="store_true", help="also write a static PNG image next to each page, the matrices' included")
    parser.add_argument("--expand", action="store_true",
                        help="draw every supporter on its own: by default an entity's supporters beyond 25 "
                             "are drawn as one node per kind (its panel in the page has a button that expands it)")
    _add_as_of(parser)


def _add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="show the landscape as it stood on that day: documents, memberships, "
                             "endorsements and events dated later are left out (undated ones stay)")


def add_analyze_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms analyze``."""
    parser.add_argument("-f", "--format", choices=("table", "json", "csv"), default="table",
                        help="table (default, for people), json or csv (for tools)")
    parser.add_argument("--graphml", metavar="FILE", type=Path,
                        help="also write the brokerage network as GraphML to FILE, and the norm network "
                             "next to it (FILE's name with -norms)")
    parser.add_argument("--gexf", metavar="FILE", type=Path,
                        help="the same as GEXF, for Gephi")
    parser.add_argument("--seed", type=int, default=42, help="the seed of the community detection (default 42)")
    _add_as_of(parser)


def _store(args: argparse.Namespace) -> Store:
    """The dataset the view or analysis reads, cut to ``--as-of`` when given."""
    from cybernorms.graph.build.dataset import open_dataset

    store = open_dataset(getattr(args, "store", None), progress=progress_for(args)).store
    day = _as_of(args)
    if day is not None:  # the same cut as `cybernorms query --as-of`, before the views' own
        from cybernorms.graph.as_of import as_of

        store = as_of(store, day)
    return store


def _landscape(args: argparse.Namespace) -> Landscape:
    """The landscape of the whole dataset (read once, for ``viz all`` and ``analyze``)."""
    from cybernorms.viz.landscape import load_landscape

    store = _store(args)
    progress_for(args)("reading the landscape")
    return load_landscape(store)


def _as_of(args: argparse.Namespace) -> dt.date | None:
    """``--as-of``: a day, or None when not given."""
    value = getattr(args, "as_of", None)
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UsageError(f"--as-of takes a day as YYYY-MM-DD, got {value!r}") from None


def run_viz(args: argparse.Namespace) -> int:
    """Write one view's page, or with ``all`` every view into a folder."""
    from cybernorms.viz.images import draw_png
    from cybernorms.viz.views import VIEWS, ViewOptions, load_for_view, render_view, write_views

    if args.view in MATRIX_NAMES:
        return _run_matrix(args)
    if args.view == "neighbourhood" and not args.focus:
        raise UsageError("the neighbourhood view needs --focus IRI (e.g. --focus forum/un-gge)")
    options = ViewOptions(focus=args.focus, depth=args.depth, as_of=_as_of(args),
                          expand=bool(getattr(args, "expand", False)), language=getattr(args, "lang", "en"))
    if args.view == "all":
        folder = args.out or Path("views")
        if folder.suffix == ".html":
            raise UsageError("'viz all' writes a folder of pages: give --out DIR, not a .html file")
        for line in write_views(_landscape(args), folder, options, progress_for(args), images=args.png):
            print(line)
        for line in _write_matrices(args, folder, MATRIX_NAMES):
            print(line)
        return 0
    path = args.out or Path(f"{args.view}.html")
    if path.is_dir():
        path = path / f"{args.view}.html"
    html, graph, positions = render_view(load_for_view(_store(args), args.view, options), args.view, options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    print(f"  {path}  ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links)")
    if args.png:
        image = draw_png(graph, positions, path.with_suffix(".png"), VIEWS[args.view].title)
        print(f"  {image}")
    return 0


def _matrix_store(args: argparse.Namespace) -> Store:
    """The dataset a matrix reads, not yet cut: the matrices cut it to ``--as-of`` themselves."""
    from cybernorms.graph.build.dataset import open_dataset

    return open_dataset(getattr(args, "store", None), progress=progress_for(args)).store


def _write_matrices(args: argparse.Namespace, folder: Path, names: tuple[str, ...]) -> list[str]:
    """The matrix pages (:mod:`cybernorms.viz.matrices`) into ``folder``, as of ``--as-of``."""
    from cybernorms.viz.matrices import write_matrices

    return write_matrices(_matrix_store(args), folder, _as_of(args), progress_for(args), names,
                          images=bool(args.png))


def _run_matrix(args: argparse.Namespace) -> int:
    """``cybernorms viz table1-matrix|crosswalk``: one matrix page (``--out FILE.html`` or a folder)."""
    from cybernorms.viz.matrices import build_matrix, summary

    path = args.out or Path(f"{args.view}.html")
    if path.is_dir():
        path = path / f"{args.view}.html"
    day = _as_of(args)  # a bad day fails before the dataset is opened
    progress_for(args)(f"drawing the {args.view} matrix")
    page, data = build_matrix(_matrix_store(args), args.view, day)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    print(f"  {path}  ({summary(data)})")
    if args.png:
        from cybernorms.viz.matrix_images import draw_matrix_png

        print(f"  {draw_matrix_png(data, path.with_suffix('.png'))}")
    return 0


def run_analyze(args: argparse.Namespace) -> int:
    """Print the analysis; with --graphml / --gexf, write the networks too."""
    from cybernorms.viz.analytics import analyse
    from cybernorms.viz.export import write_gexf, write_graphml
    from cybernorms.viz.report import as_csv, as_json, as_table

    landscape = _landscape(args).as_of(_as_of(args))
    progress_for(args)("measuring brokerage, bridging and norm communities")
    analysis = analyse(landscape, seed=args.seed)
    text = {"table": as_table, "json": as_json, "csv": as_csv}[args.format](analysis)
    sys.stdout.write(text)
    for option, write in ((args.graphml, write_graphml), (args.gexf, write_gexf)):
        if option is None:
            continue
        main = write(analysis.networks["brokerage"], option)
        norms = write(analysis.networks["norms"], option.with_name(f"{option.stem}-norms{option.suffix}"))
        print(f"wrote {main} and {norms}", file=sys.stderr)
    return 0
