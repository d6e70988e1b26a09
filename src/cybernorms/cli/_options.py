"""What the subcommands share: the one-line-error parser, ``--store``, ``-q``, ``--ontology``,
and the one progress printer.

Cheap to import (no RDF engine, no tqdm until a message is printed), because
``cybernorms --help`` builds every subcommand's parser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from cybernorms.errors import UsageError
from cybernorms.graph.store.location import is_store_url

__all__ = [
    "PARENTS",
    "Parser",
    "Progress",
    "is_quiet",
    "language_options",
    "ontology_options",
    "progress_for",
    "silent",
    "store_location",
    "store_options",
    "terminal_progress_for",
]

#: A progress callback: the library reports its steps through one, and never prints.
Progress = Callable[[str], None]


class Parser(argparse.ArgumentParser):
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


def store_location(text: str) -> Path | str:
    """``--store``: an http(s) URL stays a string (a SPARQL endpoint), anything else is a directory."""
    return text if is_store_url(text) else Path(text)


def store_options() -> Parser:
    """The parent parser of ``--store`` and ``-q``, for every command that works on a dataset."""
    parent = Parser(add_help=False)
    parent.add_argument(
        "--store",
        metavar="DIR|URL",
        type=store_location,
        help="keep the dataset on disk in DIR (an Oxigraph store, created if missing) "
        "instead of in memory; one process at a time may open it. An http(s) URL is a "
        "SPARQL 1.1 endpoint used as it is (see docs/stores.md)",
    )
    parent.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    return parent


def ontology_options() -> Parser:
    """The parent parser of ``--ontology``, for the commands that can check a draft ontology."""
    parent = Parser(add_help=False)
    parent.add_argument(
        "--ontology",
        metavar="FILE",
        type=Path,
        help="use this Turtle ontology file instead of the packaged one (for fixtures and drafts)",
    )
    return parent


def language_options() -> Parser:
    """The parent parser of ``--lang``, for the commands that show labels (views, the explorer)."""
    from cybernorms.graph.language import DEFAULT_LANGUAGE, UN_LANGUAGES

    parent = Parser(add_help=False)
    parent.add_argument(
        "--lang",
        choices=UN_LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help="the language of the names shown, one of the six UN languages (default en): a name in it "
        "where the data has one (the states' names), English otherwise",
    )
    return parent


#: The shared option groups by the name a command row gives in its ``parents``.
PARENTS: dict[str, Callable[[], Parser]] = {
    "store": store_options,
    "ontology": ontology_options,
    "language": language_options,
}


def is_quiet(args: argparse.Namespace) -> bool:
    """Whether ``-q`` was given (commands without the option are never quiet)."""
    return bool(getattr(args, "quiet", False))


def silent(_message: str) -> None:
    """A progress callback that shows nothing (``-q``)."""


def _show(message: str) -> None:
    """One progress line on stderr, written through tqdm so that it never breaks a bar being drawn."""
    from tqdm import tqdm

    tqdm.write(f"… {message}", file=sys.stderr)


def progress_for(args: argparse.Namespace | bool) -> Progress:
    """The progress callback of a command: a line on stderr per step, nothing with ``-q``.

    Takes the parsed arguments, or directly whether the command is quiet.
    """
    quiet = args if isinstance(args, bool) else is_quiet(args)
    return silent if quiet else _show


def _show_on_terminal(message: str) -> None:
    """A progress line on stderr only when it is a terminal, as tqdm shows its bars (``disable=None``)."""
    if sys.stderr.isatty():
        _show(message)


def terminal_progress_for(args: argparse.Namespace | bool) -> Progress:
    """Like :func:`progress_for`, but shown only on a terminal: for commands whose stderr was
    silent when all went well (``reason``), so that what a script captures stays the same."""
    quiet = args if isinstance(args, bool) else is_quiet(args)
    return silent if quiet else _show_on_terminal


class ByteBar:
    """A tqdm progress bar over the bytes a load reads, on stderr, shown once the load takes over a second."""

    def __init__(self, total: int) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc="load",
                         delay=1.0, file=sys.stderr, disable=None, leave=False)

    def advance(self, n: int) -> None:
        """``n`` more bytes were read."""
        if n > 0:
            self._bar.update(n)

    def describe(self, text: str) -> None:
        """What is being read now."""
        self._bar.set_description_str(text, refresh=False)

    def close(self) -> None:
        """Take the bar off the terminal."""
        self._bar.close()
