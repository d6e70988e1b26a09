"""The library of named SPARQL queries: one ``.rq`` file per question.

Each file starts with a header of comments::

    # Which norms does each document propose in each category? (the report's Table 1)
    #
    # @param  category = cnid:category/II   the category, by IRI
    # @column source   the document's short name
    # @column norms    how many norms

The first line is the question. ``@param NAME [= DEFAULT]  description`` declares a
parameter, bound by the engine when the query runs (never pasted into the text); a
parameter without a default is required. ``@column NAME  description`` documents a
column of the result.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cybernorms.errors import UsageError

QUERY_DIR = Path(__file__).resolve().parent / "rq"
_PARAM = re.compile(r"^@param\s+(?P<name>[A-Za-z_]\w*)(?:\s*=\s*(?P<default>\S+))?\s*(?P<doc>.*)$")
_COLUMN = re.compile(r"^@column\s+(?P<name>[A-Za-z_]\w*)\s*(?P<doc>.*)$")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query."""

    name: str
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its file, question, parameters, columns and text."""

    name: str
    path: Path
    question: str
    text: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    columns: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def parse_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("#").strip())
    question = header[0] if header else ""
    params: list[Parameter] = []
    columns: list[tuple[str, str]] = []
    for line in header[1:]:
        if match := _PARAM.match(line):
            params.append(Parameter(match["name"], match["default"], match["doc"].strip()))
        elif match := _COLUMN.match(line):
            columns.append((match["name"], match["doc"].strip()))
    return NamedQuery(path.stem, path, question, text, tuple(params), tuple(columns))


@cache
def library(directory: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    """Every named query of ``directory``, by name, sorted."""
    return {path.stem: parse_query_file(path) for path in sorted(directory.glob("*.rq"))}


def get_query(name: str) -> NamedQuery:
    """The named query ``name``, or a clear error with the closest names."""
    queries = library()
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"no named query {name!r}{hint} (`cybernorms queries` lists them)")
