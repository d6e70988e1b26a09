"""The commands of exchange with partners: ``export``, ``import``, ``paris-call`` and ``diff``.

The options are cheap to build (the format names come from the syntax registry, the graph
groups and the size limit from modules that import nothing); the RDF engine is imported
inside the ``run_`` functions, which call :mod:`cybernorms.graph.exchange.export`,
:mod:`cybernorms.graph.exchange.bundle`, :mod:`cybernorms.graph.partners.gate` and
:mod:`cybernorms.graph.partners.paris_call`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from cybernorms.cli._options import is_quiet, progress_for
from cybernorms.errors import UsageError
from cybernorms.graph.exchange.groups import GRAPH_GROUPS
from cybernorms.graph.formats import NAMES
from cybernorms.graph.partners.limits import DEFAULT_MAX_MB

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = [
    "DEFAULT_MAX_MB",
    "FORMAT_KEYS",
    "GRAPH_GROUPS",
    "add_export_arguments",
    "add_import_arguments",
    "add_diff_arguments",
    "add_paris_call_arguments",
    "run_export",
    "run_diff",
    "run_import",
    "run_paris_call",
]

#: The RDF formats, as the syntax registry (:mod:`cybernorms.graph.formats`) names them; cheap to import.
FORMAT_KEYS = NAMES


# -- export --


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms export``."""
    parser.add_argument("--format", choices=list(FORMAT_KEYS),
                        help="ttl, nt and xml (RDF/XML) hold one graph: the chosen graphs are MERGED; trig, nq and "
                        "jsonld keep the named graphs apart (default: from --out's extension)")
    parser.add_argument("--out", metavar="PATH", type=Path, help="the file to write (replaced atomically)")
    parser.add_argument("--graph", metavar="IRI|NAME", action="append",
                        help="export only this graph (repeatable): a graph IRI, "
                        + ", ".join(GRAPH_GROUPS) + ", partner/NAME or claim/<source>/<locator> "
                        "(default: the whole dataset)")
    parser.add_argument("--bundle", metavar="DIR", type=Path,
                        help="write a release for partners into DIR: every format, CSV tables, VoID/DCAT, "
                        "HTML ontology documentation, README and SHA256SUMS")
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help="the release date of a --bundle (default: issued on the data release's date, DATA_RELEASED "
                        "in cybernorms/_version.py; created/modified on the ontology's newest dcterms:modified)")


def run_export(args: argparse.Namespace) -> int:
    """``cybernorms export``: one file (--format, --out, --graph) or a bundle (--bundle DIR)."""
    from cybernorms.errors import CheckFailed
    from cybernorms.graph.build.dataset import open_dataset
    from cybernorms.graph.exchange.export import format_from

    quiet = is_quiet(args)
    progress = progress_for(quiet)
    if args.bundle is None and args.out is None:
        raise UsageError("say where to write: --out PATH for one file, or --bundle DIR for a release")
    if args.bundle is not None and (args.out is not None or args.graph or args.format):
        raise UsageError("--bundle writes every format of the whole dataset: it takes no --out, --graph or --format")
    date = _parse_date(args.date) if args.date else None
    if date is not None and args.bundle is None:
        raise UsageError("--date sets the release date of a --bundle; a single export has no date")
    fmt = format_from(args.out, args.format) if args.bundle is None else ""
    result = open_dataset(getattr(args, "store", None), progress=progress)
    if not result.consistent:
        raise CheckFailed(f"the knowledge graph is inconsistent, so it is not exported: {result.explanation}")
    start = time.perf_counter()
    if args.bundle is not None:
        from cybernorms.graph.exchange.bundle import write_bundle

        files = write_bundle(result.store, args.bundle, date=date, progress=progress)
        total = sum(size for _, size in files)
        if not quiet:
            print(f"wrote the release bundle {args.bundle}: {len(files)} files, {total:,} bytes "
                  f"in {time.perf_counter() - start:.2f} s")
        return 0
    _export_one(args, result.store, fmt, quiet, start)
    return 0


def _export_one(args: argparse.Namespace, store: Store, fmt: str, quiet: bool, start: float) -> None:
    """Write the one file of ``export --out`` and say what it holds."""
    from cybernorms.graph.exchange.export import DATASET_FORMATS, export_file, resolve_graphs, selected_quads
    graphs = resolve_graphs(store, args.graph)
    size = export_file(store, fmt, args.out, graphs)
    statements = sum(1 for _ in selected_quads(store, graphs))
    if not quiet:
        kept = "named graphs kept" if fmt in DATASET_FORMATS else "graphs merged into one"
        chosen = "the whole dataset" if graphs is None else f"{len(graphs)} graph{'s' if len(graphs) > 1 else ''}"
        print(f"wrote {args.out}: {chosen} ({statements:,} statements, {kept}) as {fmt}, {size:,} bytes "
              f"in {time.perf_counter() - start:.2f} s")


def _parse_date(text: str) -> dt.date:
    """``--date``: a day as YYYY-MM-DD, or a clear error."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date {text!r} is not a date: use YYYY-MM-DD") from None


# -- import --


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms import``."""
    parser.add_argument("file", metavar="FILE", nargs="?", type=Path, help="the partner's RDF file")
    parser.add_argument("--graph", metavar="NAME",
                        help="the partner graph's name: graph/partner/NAME (default: from the file name)")
    parser.add_argument("--format", choices=list(FORMAT_KEYS),
                        help="the file's format (default: from its extension: .ttl .nt .nq .trig .rdf/.xml/.owl "
                        ".jsonld/.json)")
    parser.add_argument("--report", metavar="FILE", type=Path,
                        help="also write the findings as a W3C SHACL validation report (Turtle) to FILE")
    parser.add_argument("--max-size", metavar="MB", type=float, default=DEFAULT_MAX_MB,
                        help=f"refuse files larger than this, before parsing (default {DEFAULT_MAX_MB:g} MB)")
    parser.add_argument("--remove", metavar="NAME", help="take partner NAME's graph and its provenance out")
    parser.add_argument("--replace", action="store_true",
                        help="replace the partner graph of that name if the dataset holds one from a different file "
                        "(without it, such an import is refused and nothing changes)")


def run_import(args: argparse.Namespace) -> int:
    """``cybernorms import FILE [--graph NAME] [--format F] [--report FILE] [--max-size MB] [--store DIR]``
    and ``cybernorms import --remove NAME``."""
    if args.remove is not None:
        return _remove(args)
    from cybernorms.graph.partners.gate import import_file

    store_dir = getattr(args, "store", None)
    if args.file is None:
        raise UsageError("say which FILE to import, or --remove NAME (see 'cybernorms import --help')")
    if args.max_size <= 0:
        raise UsageError(f"--max-size must be a positive number of megabytes, not {args.max_size:g}")
    done = import_file(args.file, name=args.graph, format=args.format, max_mb=args.max_size,
                       store_dir=store_dir, report=args.report, progress=progress_for(args), replace=args.replace)
    for notice in done.notices:
        print(f"note: {notice}", file=sys.stderr)
    if done.action == "unchanged":
        print(f"{args.file} is already imported as {done.graph} (sha256 {done.sha256}): nothing to do")
        return 0
    print(f"{done.action} {args.file} as {done.graph}: {done.triples} triples, sha256 {done.sha256}")
    if done.previous is not None:
        print(f"it replaced {done.previous.describe()}, sha256 {done.previous.sha256}")
    if store_dir is None:
        print(f"kept in {done.where}; the next command rebuilds the dataset with it")
    else:
        print(f"written into the store at {done.where}; its inferred graph is recomputed")
    return 0


def _remove(args: argparse.Namespace) -> int:
    """``cybernorms import --remove NAME``: take a partner's graph out."""
    from cybernorms.graph.partners.gate import remove_partner

    if args.file is not None:
        raise UsageError("give either a FILE to import or --remove NAME, not both")
    store_dir = getattr(args, "store", None)
    done = remove_partner(args.remove, store_dir=store_dir, progress=progress_for(args))
    print(f"removed {done.graph} ({done.triples} triples) from {done.where}")
    if store_dir is None:
        print("the next command rebuilds the dataset without it")
    return 0


# -- paris-call --


def add_paris_call_arguments(parser: argparse.ArgumentParser) -> None:
    """The actions of ``cybernorms paris-call``, each a sub-command with its own options (so that an option
    may stand anywhere after the action: ``paris-call import -q CSV``)."""
    from cybernorms.cli._options import store_options

    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    convert = actions.add_parser("convert", parents=[store_options()], help="write the two Turtle files",
                                 description="Write iso-3166.ttl and paris-call.ttl into --out DIR.")
    imported = actions.add_parser("import", parents=[store_options()], help="convert and import them",
                                  description="Convert the CSV and take its two graphs through the import gate.")
    for sub in (convert, imported):
        sub.add_argument("csv", metavar="CSV", type=Path, nargs="?",
                         help="the supporters' CSV (default: the list shipped with the package, "
                         "cybernorms/graph/partners/data/paris-call-supporters.csv)")
    convert.add_argument("--out", metavar="DIR", type=Path, required=True,
                         help="the folder to write iso-3166.ttl and paris-call.ttl into")
    imported.add_argument("--replace", action="store_true",
                          help="replace the partner graphs iso-3166 and paris-call if the dataset holds them "
                          "from a different file (the shipped list is one)")


def run_paris_call(args: argparse.Namespace) -> int:
    """``cybernorms paris-call convert CSV --out DIR`` and ``cybernorms paris-call import CSV``."""
    from cybernorms.graph.partners.paris_call import (
        STATES_GRAPH,
        SUPPORTERS_GRAPH,
        convert,
        import_supporters,
        write,
    )

    if args.csv is None:
        from cybernorms.graph.partners.shipped import PARIS_CALL_CSV

        args.csv = PARIS_CALL_CSV
    if args.action == "convert":
        conversion = convert(args.csv)
        for written in write(conversion, args.out):
            print(f"wrote {written}")
        print("\n".join(conversion.report.lines()))
        print(f"then: cybernorms import {args.out / 'iso-3166.ttl'} --graph {STATES_GRAPH} && "
              f"cybernorms import {args.out / 'paris-call.ttl'} --graph {SUPPORTERS_GRAPH}")
        return 0
    report, results = import_supporters(args.csv, store_dir=getattr(args, "store", None),
                                        progress=progress_for(args), replace=args.replace)
    print("\n".join(report.lines()))
    for done in results:
        if done.action == "unchanged":
            print(f"{done.graph} is already imported from this data (sha256 {done.sha256}): nothing to do")
            continue
        replaced = f" (it replaced {done.previous.describe()})" if done.previous is not None else ""
        print(f"{done.action} {done.graph}: {done.triples} triples, sha256 {done.sha256}{replaced}")
    return 0


# -- diff --


def add_diff_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms diff``."""
    parser.add_argument("old", metavar="OLD", type=Path,
                        help="the earlier release: a bundle folder (export --bundle) or an .nq or .trig file")
    parser.add_argument("new", metavar="NEW", type=Path, help="the later release, likewise")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="table (default): one row per changed graph, then totals; csv and json: every graph")
    parser.add_argument("--rdf", metavar="FILE", type=Path,
                        help="also write the difference as TriG: per changed graph G, the named graphs "
                        "<https://w3id.org/cybernorms/diff/added?graph=G> and …/removed?graph=G")


def run_diff(args: argparse.Namespace) -> int:
    """``cybernorms diff OLD NEW [--format table|csv|json] [--rdf FILE]``."""
    import csv
    import io
    import json

    from cybernorms.graph.exchange.diff import diff_releases, write_difference

    difference = diff_releases(args.old, args.new)
    if args.rdf is not None:
        size = write_difference(difference, args.rdf)
        print(f"wrote {args.rdf}: the difference as TriG, {size:,} bytes", file=sys.stderr)
    graphs = difference.graphs
    if args.format == "json":
        print(json.dumps({
            "old": str(difference.old), "new": str(difference.new),
            "graphs": [{"graph": g.graph, "added": len(g.added), "removed": len(g.removed),
                        "unchanged": g.unchanged} for g in graphs],
            "total": {"graphs": len(graphs), "changed": len(difference.changed), "added": difference.added,
                      "removed": difference.removed, "unchanged": difference.unchanged},
        }, indent=2))
        return 0
    if args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["graph", "added", "removed", "unchanged"])
        writer.writerows([g.graph, len(g.added), len(g.removed), g.unchanged] for g in graphs)
        sys.stdout.write(out.getvalue())
        return 0
    rows = [(g.graph, f"{len(g.added):,}", f"{len(g.removed):,}") for g in difference.changed]
    total = (f"total: {len(difference.changed)} of {len(graphs)} graphs changed",
             f"{difference.added:,}", f"{difference.removed:,}")
    width = max(len(r[0]) for r in [("graph", "", ""), *rows, total])
    numbers = [max(len(r[i]) for r in [("", "added", "removed"), *rows, total]) for i in (1, 2)]

    def line(row: tuple[str, str, str]) -> str:
        return f"{row[0]:<{width}}  {row[1]:>{numbers[0]}}  {row[2]:>{numbers[1]}}"

    print(line(("graph", "added", "removed")))
    for row in rows:
        print(line(row))
    print(line(total))
    return 0
