"""The commands on the dataset itself: ``build``, ``reason``, ``validate``, ``load`` and ``push``.

Each command reads its options here and calls typed library functions (paths, stores,
progress callbacks); the library never sees the parsed arguments. Cheap to import: the
RDF engines are imported inside the ``run_`` functions.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Never

from cybernorms.cli._options import ByteBar, Progress, is_quiet, progress_for, terminal_progress_for
from cybernorms.errors import UsageError
from cybernorms.graph.formats import NAMES

if TYPE_CHECKING:
    from tqdm import tqdm

    from cybernorms.ontology.reasoning import ReasoningReport

__all__ = [
    "VALIDATE_CHECKS",
    "add_build_arguments",
    "add_load_arguments",
    "add_push_arguments",
    "run_build",
    "run_load",
    "run_push",
    "run_reason",
    "run_validate",
]

#: The RDF formats ``load --format`` takes, from the syntax registry (cheap to import).
LOAD_FORMATS = tuple(sorted(NAMES))
#: One finding of ``cybernorms validate``: its code, the term at fault and the message.
ValidateFinding = tuple[str, str, str]
#: A check of ``cybernorms validate``: the parsed arguments in, its findings out.
ValidateCheck = Callable[[argparse.Namespace], list[ValidateFinding]]



# -- build --


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms build``."""
    parser.add_argument("--rebuild", action="store_true",
                        help="compile and reason again even when a built dataset is cached")
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="also write the outputs (exports, views) into DIR, e.g. ./out")


def run_build(args: argparse.Namespace) -> int:
    """``cybernorms build``: build (or load) the dataset and print its counts; with ``--out``, the outputs."""
    from cybernorms._version import __version__
    from cybernorms.errors import CheckFailed
    from cybernorms.graph.build.dataset import counts, open_dataset

    progress = progress_for(args)
    result = open_dataset(getattr(args, "store", None), rebuild=getattr(args, "rebuild", False),
                          progress=progress)
    if not result.consistent:
        raise CheckFailed(f"the knowledge graph is inconsistent: {result.explanation}")
    table = counts(result.store)
    origin = "from cache" if result.from_cache else f"built, reasoned with {result.engine}"
    print(f"cybernorms {__version__}: knowledge graph {origin}")
    width = max(len(name) for name in table)
    for name, value in table.items():
        print(f"  {name:<{width}}  {value:>7,}")
    out = getattr(args, "out", None)
    if out:
        from cybernorms.outputs import write_outputs

        for line in write_outputs(result.store, Path(out), progress):
            print(line)
    return 0


# -- reason --


def run_reason(args: argparse.Namespace) -> int:
    """``cybernorms reason [--ontology FILE] [--store DIR] [--quiet]``: 0 consistent, 1 not.

    Reasons over ``--ontology FILE`` alone, else over the asserted dataset (in the store at
    ``--store DIR``, whose inferred graph is then replaced, else compiled afresh in memory).
    Prints the engine, the verdict, the counts and the classified individuals by class;
    ``--quiet`` prints only what is wrong.
    """
    ontology, store = getattr(args, "ontology", None), getattr(args, "store", None)
    quiet = is_quiet(args)
    progress = terminal_progress_for(quiet)
    if ontology is not None:
        report = _reason_over_file(Path(ontology), quiet, progress)
    elif store is not None:
        report = _reason_over_store(Path(store), quiet, progress)
    else:
        report = _reason_over_packaged(quiet, progress)
    return 0 if report.consistent else 1


def _reason_over_file(path: Path, quiet: bool, progress: Progress) -> ReasoningReport:
    """Reason over one Turtle ontology file, on its own."""
    from cybernorms.ontology.reasoning import read_turtle, reason

    graph = read_turtle(path)
    progress(f"reasoning over {path} ({len(graph)} triples)")
    report = reason(graph)
    _tell(report, str(path), len(graph), quiet)
    return report


def _reason_over_packaged(quiet: bool, progress: Progress) -> ReasoningReport:
    """Reason over the packaged ontology and curated data, compiled afresh in memory."""
    from cybernorms.graph.build.dataset import asserted_graph
    from cybernorms.ontology.reasoning import reason

    progress("compiling the packaged ontology and curated data")
    graph = asserted_graph()
    progress(f"reasoning over {len(graph)} triples")
    report = reason(graph)
    _tell(report, "the packaged ontology and curated data", len(graph), quiet)
    return report


def _reason_over_store(path: Path, quiet: bool, progress: Progress) -> ReasoningReport:
    """Reason over the asserted graphs of the store at ``path`` and replace its inferred graph."""
    from cybernorms.graph.build.dataset import reason_store
    from cybernorms.graph.store import open_store
    from cybernorms.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH

    with open_store(path) as store:
        if ONTOLOGY_GRAPH not in store.graphs():
            raise UsageError(f"{path} holds no ontology graph: run 'cybernorms build --store {path}' first")
        done = reason_store(store, progress)
        _tell(done.report, f"the asserted graphs in {path}", done.asserted, quiet)
        if done.report.consistent and not quiet:
            print(f"replaced <{INFERRED_GRAPH}> with the {len(done.report.inferred)} inferred triples")
    return done.report


def _tell(report: ReasoningReport, source: str, triples: int, quiet: bool) -> None:
    """Print what the reasoner found: its notice on stderr, the report on stdout (``-q``: only problems)."""
    from cybernorms.ontology.reasoning import report_lines

    if report.notice:
        print(report.notice, file=sys.stderr)
    if not (quiet and report.consistent):
        print(f"reasoned over {source} ({triples} triples)")
        for line in report_lines(report, quiet=quiet):
            print(line)


# -- validate --


def run_validate(args: argparse.Namespace) -> int:
    """``cybernorms validate [--ontology FILE]``: one line per finding, a summary; 1 if any.

    Runs :data:`VALIDATE_CHECKS` in order: the ontology lint, then the data check of the
    built dataset (SHACL shapes, sources), skipped when ``--ontology`` names another file
    (a draft or a fixture is linted on its own).
    """
    counts = []
    total = 0
    for name, check in VALIDATE_CHECKS:
        findings = check(args)
        width = max((len(code) for code, _, _ in findings), default=0)
        for code, term, message in findings:
            print(f"{code:<{width}}  {term}  {message}".replace("\n", "\n    "))
        counts.append(f"{name}: {len(findings)}")
        total += len(findings)
    verdict = f"{total} finding{'s' if total != 1 else ''}" if total else "clean"
    print(f"validate: {verdict} ({'; '.join(counts)})")
    return 1 if total else 0


def _lint_findings(args: argparse.Namespace) -> list[ValidateFinding]:
    """The lint of ``--ontology FILE`` or of the packaged ontology, as (code, term, message)."""
    from cybernorms.ontology import ONTOLOGY_FILE
    from cybernorms.ontology.lint import lint_file

    ontology = getattr(args, "ontology", None)
    path = Path(ontology) if ontology else ONTOLOGY_FILE
    found = lint_file(path, notify=lambda notice: print(notice, file=sys.stderr))
    return [(f.code, f.term, f.message) for f in found]


def _data_findings(args: argparse.Namespace) -> list[ValidateFinding]:
    """The data check of the built dataset, as (code, term, message); none with ``--ontology``."""
    if getattr(args, "ontology", None):
        return []
    from cybernorms.graph.build.dataset import open_dataset
    from cybernorms.graph.checks.shacl import check_data

    store = open_dataset(getattr(args, "store", None)).store
    return [(p.code, p.term, p.message) for p in check_data(store)]


#: What ``cybernorms validate`` checks, in order, each with the name its summary gives it.
VALIDATE_CHECKS: list[tuple[str, ValidateCheck]] = [
    ("ontology lint", _lint_findings),
    ("data (SHACL shapes, sources)", _data_findings),
]


# -- load and push --


def add_load_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms load``."""
    parser.add_argument("files", nargs="+", metavar="FILE", type=Path,
                        help="RDF files: .nq, .trig, .ttl, .nt, .rdf/.owl/.xml, .jsonld, each possibly .gz")
    parser.add_argument("--format", choices=list(LOAD_FORMATS),
                        help="the format of every file, when their names do not tell it")
    parser.add_argument("--graph", metavar="IRI",
                        help="the named graph for triples outside any graph (required for ttl, nt, xml)")
    parser.add_argument("--base", metavar="IRI", help="the base IRI for relative IRIs in the files")


def run_load(args: argparse.Namespace) -> int:
    """``cybernorms load FILE... --store DIR|URL``: bulk-load, all or nothing."""
    from cybernorms.graph.store import open_store
    from cybernorms.graph.store.load import load_files

    if args.store is None:
        raise UsageError("load needs a store to load into: --store DIR (or an endpoint URL)")
    quiet = is_quiet(args)
    progress_for(quiet)(f"loading {len(args.files)} file(s) into {args.store} in one transaction")
    with open_store(args.store) as store:
        report = load_files(store, args.files, format=args.format, graph=args.graph, base_iri=args.base,
                            meter=None if quiet else ByteBar)
    rate = report.quads / report.seconds if report.seconds else 0.0
    print(f"loaded {report.quads:,} quads from {report.files} file(s) in {report.seconds:.1f} s "
          f"({rate:,.0f} quads/s); the store holds {report.total:,}")
    return 0


def add_push_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms push``."""
    parser.add_argument("--from-store", metavar="DIR", type=Path,
                        help="push the on-disk store in DIR (default: the built dataset)")
    parser.add_argument("--clear", action="store_true",
                        help="remove the dataset's graphs and default graph at the endpoint first "
                        "(default: replace only the graphs sent; the engine's own graphs are never touched)")


def run_push(args: argparse.Namespace) -> int:
    """``cybernorms push --store URL [--from-store DIR]``: upload the named graphs, names kept, and
    derive the default graph (each fact once) on the server."""
    from cybernorms.graph.build.dataset import open_dataset
    from cybernorms.graph.store import RemoteStore, is_store_url
    from cybernorms.graph.store.remote import push

    if not is_store_url(args.store):
        raise UsageError("push needs the endpoint to upload to: --store http(s)://…")
    quiet = is_quiet(args)
    source = open_dataset(args.from_store, progress=progress_for(quiet)).store
    target = RemoteStore.from_url(str(args.store))
    facts = source.count_facts()
    bar = _GraphBar(not quiet)
    try:
        graphs, triples = push(source, target, clear=args.clear, progress=bar.step)
    finally:
        bar.close()
        target.close()
        source.close()
    where = target.endpoints.graph_store or target.endpoints.update
    print(f"pushed {graphs:,} named graphs ({triples:,} triples, {facts:,} facts in the default graph) "
          f"to {where} ({target.endpoints.engine})")
    return 0


class _GraphBar:
    """A tqdm bar over the graphs pushed, on stderr, shown once a push takes over a second."""

    def __init__(self, enabled: bool) -> None:
        self._bar: tqdm[Never] | None = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(unit="graph", desc="push", delay=1.0, file=sys.stderr, disable=None, leave=False)

    def step(self, index: int, total: int, name: str) -> None:
        """One graph sent (the push's progress callback)."""
        if self._bar is not None:
            self._bar.total = total
            self._bar.update(1)

    def close(self) -> None:
        """Take the bar off the terminal."""
        if self._bar is not None:
            self._bar.close()
