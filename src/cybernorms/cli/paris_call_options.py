"""The options of ``cybernorms paris-call``, kept apart from its implementation so that the
command line builds its parser without importing the RDF engine."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_paris_call_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms paris-call``."""
    parser.add_argument("action", choices=("convert", "import"),
                        help="convert: write the two Turtle files; import: convert and import them")
    parser.add_argument("csv", metavar="CSV", type=Path, help="the supporters' CSV (shared/data/paris-call-supporters.csv)")
    parser.add_argument("--out", metavar="DIR", type=Path, help="convert: the folder to write iso-3166.ttl and paris-call.ttl into")
