"""The ``cybernorms`` command line: one subcommand per task, each with ``--help``.

Subcommands are rows of :data:`COMMANDS`. A row names, as ``"module:function"`` within
this package, the function that adds its options and the one that runs it; the module
(one per family of commands: :mod:`~cybernorms.cli.dataset`, :mod:`~cybernorms.cli.exchange`,
:mod:`~cybernorms.cli.query`, :mod:`~cybernorms.cli.viz`, :mod:`~cybernorms.cli.serve`,
:mod:`~cybernorms.cli.bench`) is imported only when the parser is built or the command runs.
Family modules are cheap to import and import their RDF engines inside their ``run_``
functions, so ``cybernorms --help`` stays fast. To add a command, write its two functions
in its family's module and add a row.

Errors reach the user as one line on stderr: ``cybernorms: error: <message>`` with the
:class:`~cybernorms.errors.CybernormsError`'s exit code, 130 on Ctrl-C, and for a bug
``cybernorms: internal error: …`` with exit code 70 (the traceback is shown when the
environment sets ``CYBERNORMS_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from cybernorms._version import DATA_RELEASED, DATA_VERSION, __version__
from cybernorms.cli._options import PARENTS, Parser
from cybernorms.errors import CybernormsError

__all__ = ["COMMANDS", "Command", "PROG", "build_parser", "main"]

PROG = "cybernorms"
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
EXIT_INTERNAL = 70  # EX_SOFTWARE in sysexits.h
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as when `cybernorms … | head` stops reading

#: What runs a command: the parsed arguments in, the exit code out.
Runner = Callable[[argparse.Namespace], int]
#: What adds a command's own options to its parser.
Arguments = Callable[[argparse.ArgumentParser], None]


def _resolve(target: str) -> object:
    """The function a row names as ``"module:function"`` in this package, imported now."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, one-line help, what it runs and which options it takes.

    ``run`` and ``add_arguments`` are functions, or ``"module:function"`` names in this
    package, imported when the command runs or its parser is built.
    """

    name: str
    help: str
    run: Runner | str
    parents: tuple[str, ...] = ()
    add_arguments: Arguments | str | None = None
    description: str | None = None

    def runner(self) -> Runner:
        """The function that runs the command (imported now if the row names it)."""
        return cast(Runner, _resolve(self.run)) if isinstance(self.run, str) else self.run

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's own options to its parser."""
        add = self.add_arguments
        if isinstance(add, str):
            add = cast(Arguments, _resolve(add))
        if add is not None:
            add(parser)


def _run_command(args: argparse.Namespace) -> int:
    """Run the parsed command's row: its function is looked up only now."""
    command = cast(Command, args.command_row)
    return int(command.runner()(args))


COMMANDS: tuple[Command, ...] = (
    Command(
        "build",
        "compile the ontology and curated data into the dataset",
        "dataset:run_build",
        parents=("store",),
        add_arguments="dataset:add_build_arguments",
        description="Compile the ontology and the curated data into named graphs, one per cited passage, "
        "reason over them, cache the result and print its counts; with --out, write the outputs too.",
    ),
    Command(
        "queries",
        "list the named queries with their questions and parameters",
        "query:run_queries",
    ),
    Command(
        "query",
        "run a named query, a .rq file or SPARQL text",
        "query:run_query",
        parents=("store",),
        add_arguments="query:add_query_arguments",
        description="Run a SPARQL 1.1 query on the knowledge graph. SELECT and ASK answers print as a table "
        "or in the W3C results formats; CONSTRUCT and DESCRIBE answers as RDF.",
    ),
    Command(
        "search",
        "search the whole dataset by words, with facets and snippets",
        "search:run_search",
        parents=("store",),
        add_arguments="search:add_search_arguments",
        description="Ranked keyword search over norms, documents, actors, forums, events, measures, "
        "characteristics, findings and themes (partner data included): words in any order, \"phrases\", "
        "prefix*, AND/OR/NOT; a norm is also found by its themes' words and synonyms. Each hit has a "
        "snippet and says why it matched; the facets (kind, document, category, actor type, year) come "
        "with counts. See docs/search.md.",
    ),
    Command(
        "similar",
        "list the norms of other documents that say the same thing as a norm",
        "search:run_similar",
        parents=("store",),
        add_arguments="search:add_similar_arguments",
        description="The norms of other documents most similar to NORM: by the themes they share, then by "
        "the similarity of their texts, each with the themes in common, the shared words and the curated "
        "alignment between the two where there is one. See docs/search.md.",
    ),
    Command(
        "verify",
        "check that a store gives the embedded rows for every named query",
        "query:run_verify",
        parents=("store",),
        add_arguments="query:add_verify_arguments",
        description="Run every named query on the store given with --store (a partner's engine after loading "
        "the release, or a pushed endpoint) and on the embedded graph, and print per query: same, differs "
        "(how) or error. Exits 1 when any query differs.",
    ),
    Command(
        "reason",
        "run the OWL reasoner and store what it infers",
        "dataset:run_reason",
        parents=("store", "ontology"),
        description="Check the ontology and data for consistency and write the inferences "
        "into the inferred graph, apart from the asserted ones.",
    ),
    Command(
        "validate",
        "lint the ontology and check the data against it",
        "dataset:run_validate",
        parents=("store", "ontology"),
        description="Lint the ontology (labels, definitions, domains and ranges, undeclared terms) "
        "and validate the data; exit 1 when something is found.",
    ),
    Command(
        "load",
        "bulk-load RDF files into an on-disk store, all or nothing",
        "dataset:run_load",
        parents=("store",),
        add_arguments="dataset:add_load_arguments",
        description="Bulk-load RDF files (N-Quads, TriG, Turtle, N-Triples, RDF/XML, JSON-LD; .gz too) into "
        "the store given by --store. The load is atomic: it goes into a staging copy that replaces the "
        "store only when every file is in, so a load that fails or is killed leaves the store as it was.",
    ),
    Command(
        "push",
        "upload the named graphs to a SPARQL endpoint (Graph Store Protocol)",
        "dataset:run_push",
        parents=("store",),
        add_arguments="dataset:add_push_arguments",
        description="Upload every named graph of the built dataset (or of --from-store DIR) to the "
        "endpoint given by --store URL, one Graph Store Protocol PUT per graph, graph names kept.",
    ),
    Command(
        "synth",
        "write a synthetic graph of a chosen size, for tests and benchmarks",
        "bench:run_synth",
        add_arguments="bench:add_synth_arguments",
        description="Write a deterministic synthetic knowledge graph (N-Quads or TriG) that conforms to the "
        "ontology and the SHACL shapes: states, forums with memberships by year, documents with norms, "
        "alignments, endorsements, partner graphs. About 10^4 to 10^6 triples and beyond.",
    ),
    Command(
        "bench",
        "measure load, query, reasoning and memory at several sizes",
        "bench:run_bench",
        add_arguments="bench:add_bench_arguments",
        description="Benchmark the store: load time, every named query's median latency, reasoning time, "
        "peak memory, rdflib's default store for comparison, and the query layer's overhead; "
        "on the curated graph and on synthetic graphs of the given sizes.",
    ),
    Command(
        "serve",
        "serve the SPARQL endpoint and the web explorer",
        "serve:run_serve",
        parents=("store", "language"),
        add_arguments="serve:add_serve_arguments",
        description="Serve the knowledge graph over HTTP under uvicorn: the SPARQL 1.1 Protocol at /sparql "
        "(read-only), Graph Store reads at /store, and the explorer at / with a page per entity. Queries "
        "run in processes that are killed at --timeout; see docs/server.md.",
    ),
    Command(
        "export",
        "write the dataset as RDF (one format) or a release bundle for partners",
        "exchange:run_export",
        parents=("store",),
        add_arguments="exchange:add_export_arguments",
        description="Write the dataset, or the graphs chosen with --graph, deterministically and atomically: "
        "TriG, N-Quads and JSON-LD keep the named graphs apart; Turtle, N-Triples and RDF/XML merge the "
        "chosen graphs into one. --bundle DIR writes a release: every format, CSV tables, a VoID/DCAT "
        "description, HTML documentation of the ontology, a README and SHA256SUMS.",
    ),
    Command(
        "diff",
        "compare two releases: statements added and removed per named graph",
        "exchange:run_diff",
        add_arguments="exchange:add_diff_arguments",
        description="Compare two releases, each a bundle folder (export --bundle) or an N-Quads or TriG file, "
        "graph by graph, blank nodes in their canonical (RDFC-1.0) form: the statements added and removed per "
        "named graph as a table (changed graphs, then totals), CSV or JSON; --rdf FILE writes the difference "
        "as TriG. See docs/exchange.md.",
    ),
    Command(
        "import",
        "take a partner's RDF file into its own named graph, after validation",
        "exchange:run_import",
        parents=("store",),
        add_arguments="exchange:add_import_arguments",
        description="Import a partner's RDF into graph/partner/NAME with its provenance. Nothing is merged "
        "until it has passed safe parsing, the SHACL shapes and the reasoner's consistency check; on failure "
        "the dataset is unchanged, each problem is named, and the exit code is 1 (2 for input it does not take: "
        "RDF-star, JSON nested too deep). The same file again is a no-op; a different file under a name the "
        "dataset holds is refused, showing what would be lost, unless --replace; --remove NAME takes it out.",
    ),
    Command(
        "paris-call",
        "convert the Paris Call supporters' CSV to RDF and import it as a partner's dataset",
        "exchange:run_paris_call",
        add_arguments="exchange:add_paris_call_arguments",
        description="Convert the Paris Call supporters' CSV (by default the list shipped with the package, which "
        "every build already admits) into two partner graphs, iso-3166 (states "
        "the graph lacks, named from ISO 3166 by pycountry) and paris-call (each supporter typed by its "
        "category, its country and its dated endorsement of the Call), and print the data's imperfections. "
        "'convert [CSV] --out DIR' writes the Turtle files; 'import CSV --replace' takes a newer list through the "
        "import gate in place of the shipped one.",
    ),
    Command(
        "viz",
        "write an interactive view of the graph as one offline HTML page",
        "viz:run_viz",
        parents=("store", "language"),
        add_arguments="viz:add_viz_arguments",
        description="Write a self-contained HTML page (no network request, safe with any label) of one view: "
        "regime-complex, forum-positioning, norm-convergence, neighbourhood (--focus, --depth) or timeline, "
        "or one matrix: table1-matrix (Table 1 of the EWI report as a heat map, each cell's norms on a click) "
        "or crosswalk (norms against norms of other documents, coloured by alignment); "
        "'all' writes every page into --out DIR. See docs/views.md.",
    ),
    Command(
        "analyze",
        "measure brokerage, bridging and norm communities on the graph's networks",
        "viz:run_analyze",
        parents=("store",),
        add_arguments="viz:add_analyze_arguments",
        description="Betweenness, Burt's constraint and effective size of every forum and actor, the proposed "
        "forum's rank, paths between the stakeholder groups with and without it, and norm communities next "
        "to the five categories; as a table, JSON or CSV; GraphML and GEXF exports. See docs/views.md.",
    ),
    Command(
        "loadtest",
        "load-test the SPARQL endpoint on loopback, bounded in time and load",
        "serve:run_loadtest",
        add_arguments="serve:add_loadtest_arguments",
        description="Start a server on a free loopback port (or use --url, a loopback address); --clients "
        "clients each run the named queries for --duration seconds, --runaways more keep a runaway query in "
        "flight. Prints (and with --json FILE writes) the throughput, the latency percentiles, the runaways' "
        "outcomes and the server's CPU use during and after the run. See docs/server.md.",
    ),
)


def build_parser() -> argparse.ArgumentParser:
    """The parser for the whole command line (built fresh on each call)."""
    parser = Parser(
        prog=PROG,
        description="A knowledge graph of international cyber norms.",
        epilog=f"Run '{PROG} COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version",
                        version=f"{PROG} {__version__} (data {DATA_VERSION} of {DATA_RELEASED.isoformat()})")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    parents = {name: make() for name, make in PARENTS.items()}
    for command in sorted(COMMANDS, key=lambda c: c.name):
        sub = subparsers.add_parser(
            command.name,
            help=command.help,
            description=command.description or command.help,
            parents=[parents[p] for p in command.parents],
        )
        command.add_to(sub)
        sub.set_defaults(run=_run_command, command_row=command)
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
