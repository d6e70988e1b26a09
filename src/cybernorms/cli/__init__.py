"""The ``cybernorms`` command line: one subcommand per task, each with ``--help``.

Subcommands are rows of :data:`COMMANDS`; each runs a small ``_cmd_<name>`` function
that imports its implementation only when called, so ``cybernorms --help`` stays fast.
To add one, write its ``_cmd_`` function and its ``_args_`` function (if it has its
own options) and add a row.

Errors reach the user as one line on stderr: ``cybernorms: error: <message>`` with the
:class:`~cybernorms.errors.CybernormsError`'s exit code, 130 on Ctrl-C, and for a bug
``cybernorms: internal error: …`` with exit code 70 (the traceback is shown when the
environment sets ``CYBERNORMS_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from cybernorms._version import __version__
from cybernorms.errors import CybernormsError, UsageError

PROG = "cybernorms"
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
EXIT_INTERNAL = 70  # EX_SOFTWARE in sysexits.h
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as when `cybernorms … | head` stops reading


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line, via :class:`UsageError`."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """As argparse's, but an unknown option points at its own subcommand's help."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(parsed, "command", None)
            prog = f"{self.prog} {command}" if command else self.prog
            raise UsageError(f"unrecognized arguments: {' '.join(extras)} (see '{prog} --help')")
        return parsed


# -- shared options --


def _store_location(text: str) -> Path | str:
    """``--store``: an http(s) URL stays a string (a SPARQL endpoint), anything else is a directory."""
    from cybernorms.graph.store import is_store_url  # at parse time only: --help loads no RDF engine

    return text if is_store_url(text) else Path(text)


def _store_options() -> _Parser:
    parent = _Parser(add_help=False)
    parent.add_argument(
        "--store",
        metavar="DIR|URL",
        type=_store_location,
        help="keep the dataset on disk in DIR (an Oxigraph store, created if missing) "
        "instead of in memory; one process at a time may open it. An http(s) URL is a "
        "SPARQL 1.1 endpoint used as it is (see docs/stores.md)",
    )
    parent.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    return parent


def _ontology_options() -> _Parser:
    parent = _Parser(add_help=False)
    parent.add_argument(
        "--ontology",
        metavar="FILE",
        type=Path,
        help="use this Turtle ontology file instead of the packaged one (for fixtures and drafts)",
    )
    return parent


_PARENTS: dict[str, Callable[[], _Parser]] = {
    "store": _store_options,
    "ontology": _ontology_options,
}


# -- subcommands: each imports its implementation when it runs --


def _cmd_build(args: argparse.Namespace) -> int:
    from cybernorms.graph.build.dataset import run_build_command

    return run_build_command(args)


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true",
                        help="compile and reason again even when a built dataset is cached")
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="also write the outputs (exports, views) into DIR, e.g. ./out")


def _cmd_queries(args: argparse.Namespace) -> int:
    from cybernorms.cli.query import run_queries_command

    return run_queries_command(args)


def _cmd_query(args: argparse.Namespace) -> int:
    from cybernorms.cli.query import run_query_command

    return run_query_command(args)


def _query_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.cli.query import add_query_arguments

    add_query_arguments(parser)


def _cmd_reason(args: argparse.Namespace) -> int:
    from cybernorms.ontology.reasoning import run_reason_command

    return run_reason_command(args)


def _cmd_validate(args: argparse.Namespace) -> int:
    from cybernorms.ontology.lint import run_validate_command

    return run_validate_command(args)


def _cmd_load(args: argparse.Namespace) -> int:
    from cybernorms.graph.store.load import run_load_command

    return run_load_command(args)


def _load_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.graph.store.load import add_load_arguments

    add_load_arguments(parser)


def _cmd_push(args: argparse.Namespace) -> int:
    from cybernorms.graph.store.load import run_push_command

    return run_push_command(args)


def _push_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.graph.store.load import add_push_arguments

    add_push_arguments(parser)


def _cmd_synth(args: argparse.Namespace) -> int:
    from cybernorms.bench.synth import run_synth_command

    return run_synth_command(args)


def _synth_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.bench.synth import add_synth_arguments

    add_synth_arguments(parser)


def _cmd_bench(args: argparse.Namespace) -> int:
    from cybernorms.bench.run import run_bench_command

    return run_bench_command(args)


def _bench_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.bench.run import add_bench_arguments

    add_bench_arguments(parser)


def _cmd_serve(args: argparse.Namespace) -> int:
    from cybernorms.cli.serve import run_serve_command

    return run_serve_command(args)


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.cli.serve import add_serve_arguments

    add_serve_arguments(parser)


def _cmd_export(args: argparse.Namespace) -> int:
    from cybernorms.graph.exchange.export import run_export_command

    return run_export_command(args)


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.cli.exchange_options import add_export_arguments

    add_export_arguments(parser)


def _cmd_import(args: argparse.Namespace) -> int:
    from cybernorms.graph.partners.gate import run_import_command

    return run_import_command(args)


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.cli.exchange_options import add_import_arguments

    add_import_arguments(parser)


def _cmd_paris_call(args: argparse.Namespace) -> int:
    from cybernorms.graph.partners.paris_call import run_paris_call_command

    return run_paris_call_command(args)


def _paris_call_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.cli.paris_call_options import add_paris_call_arguments

    add_paris_call_arguments(parser)


def _cmd_viz(args: argparse.Namespace) -> int:
    from cybernorms.cli.viz import run_viz_command

    return run_viz_command(args)


def _viz_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.cli.viz import add_viz_arguments

    add_viz_arguments(parser)


def _cmd_analyze(args: argparse.Namespace) -> int:
    from cybernorms.cli.viz import run_analyze_command

    return run_analyze_command(args)


def _analyze_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.cli.viz import add_analyze_arguments

    add_analyze_arguments(parser)


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, one-line help, what it runs and which options it takes."""

    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    parents: tuple[str, ...] = ()
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None
    description: str | None = None


COMMANDS: tuple[Command, ...] = (
    Command(
        "build",
        "compile the ontology and curated data into the dataset",
        _cmd_build,
        parents=("store",),
        add_arguments=_build_arguments,
        description="Compile the ontology and the curated data into named graphs, one per cited passage, "
        "reason over them, cache the result and print its counts; with --out, write the outputs too.",
    ),
    Command(
        "queries",
        "list the named queries with their questions and parameters",
        _cmd_queries,
    ),
    Command(
        "query",
        "run a named query, a .rq file or SPARQL text",
        _cmd_query,
        parents=("store",),
        add_arguments=_query_arguments,
        description="Run a SPARQL 1.1 query on the knowledge graph. SELECT and ASK answers print as a table "
        "or in the W3C results formats; CONSTRUCT and DESCRIBE answers as RDF.",
    ),
    Command(
        "reason",
        "run the OWL reasoner and store what it infers",
        _cmd_reason,
        parents=("store", "ontology"),
        description="Check the ontology and data for consistency and write the inferences "
        "into the inferred graph, apart from the asserted ones.",
    ),
    Command(
        "validate",
        "lint the ontology and check the data against it",
        _cmd_validate,
        parents=("store", "ontology"),
        description="Lint the ontology (labels, definitions, domains and ranges, undeclared terms) "
        "and validate the data; exit 1 when something is found.",
    ),
    Command(
        "load",
        "bulk-load RDF files into an on-disk store, all or nothing",
        _cmd_load,
        parents=("store",),
        add_arguments=_load_arguments,
        description="Bulk-load RDF files (N-Quads, TriG, Turtle, N-Triples, RDF/XML, JSON-LD; .gz too) into "
        "the store given by --store. The load is atomic: it goes into a staging copy that replaces the "
        "store only when every file is in, so a load that fails or is killed leaves the store as it was.",
    ),
    Command(
        "push",
        "upload the named graphs to a SPARQL endpoint (Graph Store Protocol)",
        _cmd_push,
        parents=("store",),
        add_arguments=_push_arguments,
        description="Upload every named graph of the built dataset (or of --from-store DIR) to the "
        "endpoint given by --store URL, one Graph Store Protocol PUT per graph, graph names kept.",
    ),
    Command(
        "synth",
        "write a synthetic graph of a chosen size, for tests and benchmarks",
        _cmd_synth,
        add_arguments=_synth_arguments,
        description="Write a deterministic synthetic knowledge graph (N-Quads or TriG) that conforms to the "
        "ontology and the SHACL shapes: states, forums with memberships by year, documents with norms, "
        "alignments, endorsements, partner graphs. About 10^4 to 10^6 triples and beyond.",
    ),
    Command(
        "bench",
        "measure load, query, reasoning and memory at several sizes",
        _cmd_bench,
        add_arguments=_bench_arguments,
        description="Benchmark the store: load time, every named query's median latency, reasoning time, "
        "peak memory, rdflib's default store for comparison, and the query layer's overhead; "
        "on the curated graph and on synthetic graphs of the given sizes.",
    ),
    Command(
        "serve",
        "serve the SPARQL endpoint and the web explorer",
        _cmd_serve,
        parents=("store",),
        add_arguments=_serve_arguments,
        description="Serve the knowledge graph over HTTP under uvicorn: the SPARQL 1.1 Protocol at /sparql "
        "(read-only), Graph Store reads at /store, and the explorer at / with a page per entity. Queries "
        "run in processes that are killed at --timeout; see docs/server.md.",
    ),
    Command(
        "export",
        "write the dataset as RDF (one format) or a release bundle for partners",
        _cmd_export,
        parents=("store",),
        add_arguments=_export_arguments,
        description="Write the dataset, or the graphs chosen with --graph, deterministically and atomically: "
        "TriG, N-Quads and JSON-LD keep the named graphs apart; Turtle, N-Triples and RDF/XML merge the "
        "chosen graphs into one. --bundle DIR writes a release: every format, CSV tables, a VoID/DCAT "
        "description, HTML documentation of the ontology, a README and SHA256SUMS.",
    ),
    Command(
        "import",
        "take a partner's RDF file into its own named graph, after validation",
        _cmd_import,
        parents=("store",),
        add_arguments=_import_arguments,
        description="Import a partner's RDF into graph/partner/NAME with its provenance. Nothing is merged "
        "until it has passed safe parsing, the SHACL shapes and the reasoner's consistency check; on failure "
        "the dataset is unchanged, each problem is named, and the exit code is 1. The same file again is a "
        "no-op; a changed file replaces the partner's graph; --remove NAME takes it out.",
    ),
    Command(
        "paris-call",
        "convert the Paris Call supporters' CSV to RDF and import it as a partner's dataset",
        _cmd_paris_call,
        parents=("store",),
        add_arguments=_paris_call_arguments,
        description="Convert shared/data/paris-call-supporters.csv into two partner graphs, iso-3166 (states "
        "the graph lacks, named from ISO 3166 by pycountry) and paris-call (each supporter typed by its "
        "category, its country and its dated endorsement of the Call), and print the data's imperfections. "
        "'convert CSV --out DIR' writes the Turtle files; 'import CSV' also takes both through the import gate.",
    ),
    Command(
        "viz",
        "write an interactive view of the graph as one offline HTML page",
        _cmd_viz,
        parents=("store",),
        add_arguments=_viz_arguments,
        description="Write a self-contained HTML page (no network request, safe with any label) of one view: "
        "regime-complex, forum-positioning, norm-convergence, neighbourhood (--focus, --depth) or timeline; "
        "'all' writes every view into --out DIR. See docs/views.md.",
    ),
    Command(
        "analyze",
        "measure brokerage, bridging and norm communities on the graph's networks",
        _cmd_analyze,
        parents=("store",),
        add_arguments=_analyze_arguments,
        description="Betweenness, Burt's constraint and effective size of every forum and actor, the proposed "
        "forum's rank, paths between the stakeholder groups with and without it, and norm communities next "
        "to the five categories; as a table, JSON or CSV; GraphML and GEXF exports. See docs/views.md.",
    ),
    # query, queries, export, import, viz, analyze, serve: add rows here.
)


def build_parser() -> argparse.ArgumentParser:
    """The parser for the whole command line (built fresh on each call)."""
    parser = _Parser(
        prog=PROG,
        description="A knowledge graph of international cyber norms.",
        epilog=f"Run '{PROG} COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    parents = {name: make() for name, make in _PARENTS.items()}
    for command in sorted(COMMANDS, key=lambda c: c.name):
        sub = subparsers.add_parser(
            command.name,
            help=command.help,
            description=command.description or command.help,
            parents=[parents[p] for p in command.parents],
        )
        if command.add_arguments is not None:
            command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except CybernormsError as error:
        _say(f"error: {error.message}")
        return error.exit_code
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as error:
        if os.environ.get("CYBERNORMS_DEBUG") == "1":
            raise
        _say(f"internal error: {type(error).__name__}: {error} (set CYBERNORMS_DEBUG=1 for the traceback)")
        return EXIT_INTERNAL


def _run(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help and --version end here
        return done.code if isinstance(done.code, int) else 0
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    return int(args.run(args))


def _say(line: str) -> None:
    print(f"{PROG}: {line}", file=sys.stderr)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
