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


def _store_options() -> _Parser:
    parent = _Parser(add_help=False)
    parent.add_argument(
        "--store",
        metavar="DIR",
        type=Path,
        help="keep the dataset on disk in DIR (an Oxigraph store, created if missing) "
        "instead of in memory; one process at a time may open it",
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
    from cybernorms.graph.build import run_build_command

    return run_build_command(args)


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true",
                        help="compile and reason again even when a built dataset is cached")
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="also write the outputs (exports, views) into DIR, e.g. ./out")


def _cmd_queries(args: argparse.Namespace) -> int:
    from cybernorms.queries.command import run_queries_command

    return run_queries_command(args)


def _cmd_query(args: argparse.Namespace) -> int:
    from cybernorms.queries.command import run_query_command

    return run_query_command(args)


def _query_arguments(parser: argparse.ArgumentParser) -> None:
    from cybernorms.queries.command import add_query_arguments

    add_query_arguments(parser)


def _cmd_reason(args: argparse.Namespace) -> int:
    from cybernorms.ontology.reasoning import run_reason_command

    return run_reason_command(args)


def _cmd_validate(args: argparse.Namespace) -> int:
    from cybernorms.ontology.lint import run_validate_command

    return run_validate_command(args)


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
    # query, queries, export, import, viz, analyze, serve, bench, load, push, synth: add rows here.
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
