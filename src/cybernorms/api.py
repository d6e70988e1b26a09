"""The Python API: load the knowledge graph and ask it questions, e.g. in a notebook.

>>> import cybernorms
>>> kg = cybernorms.load()
>>> kg.query("table1").to_records()[0]
{'category': 'I', 'source': 'CoC', 'norms': 2}
>>> kg.query("norms_in_category", category="category:IV").to_dataframe()  # needs pandas
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cybernorms.errors import UsageError

if TYPE_CHECKING:
    import pandas

    from cybernorms.graph.store.embedded import QueryResult, Store, Term
    from cybernorms.queries.library import NamedQuery

_XSD = "http://www.w3.org/2001/XMLSchema#"
_CONVERT: dict[str, Callable[[str], Any]] = {
    _XSD + "integer": int, _XSD + "int": int, _XSD + "long": int,
    _XSD + "decimal": Decimal, _XSD + "double": float, _XSD + "float": float,
    _XSD + "boolean": lambda v: v in ("true", "1"),
    _XSD + "date": _dt.date.fromisoformat,
}


def native(term: Term | None) -> Any:
    """A term as a Python value: an IRI as its string, a typed literal as int, date, ..."""
    if term is None:
        return None
    value = getattr(term, "value", str(term))
    datatype = getattr(getattr(term, "datatype", None), "value", None)
    convert = _CONVERT.get(datatype or "")
    if convert is None:
        return value
    try:
        return convert(value)
    except ValueError:
        return value


@dataclass(frozen=True)
class Rows(Sequence[dict[str, Any]]):
    """The answer to a SELECT query: rows of Python values, by column name."""

    result: QueryResult

    @property
    def columns(self) -> list[str]:
        return list(self.result.variables)

    def __len__(self) -> int:
        return len(self.result.rows)

    def __getitem__(self, index: int) -> dict[str, Any]:  # type: ignore[override]
        row = self.result.rows[index]
        return {name: native(term) for name, term in zip(self.result.variables, row, strict=True)}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self[i] for i in range(len(self)))

    def to_records(self) -> list[dict[str, Any]]:
        """All rows as a list of dictionaries."""
        return list(self)

    def to_dataframe(self) -> pandas.DataFrame:
        """All rows as a pandas DataFrame (install the ``pandas`` extra)."""
        try:
            import pandas
        except ImportError:
            raise UsageError("to_dataframe needs pandas: pip install 'cybernorms[pandas]'") from None
        return pandas.DataFrame(self.to_records(), columns=self.columns)


class KnowledgeGraph:
    """The built knowledge graph behind one store, with its named queries."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def queries(self) -> list[NamedQuery]:
        """The named queries, each with its question, parameters and columns."""
        from cybernorms.queries.library import library

        return list(library().values())

    def query(self, query: str, *, timeout: float | None = None, **params: Any) -> Rows | bool | list[Any]:
        """Run a named query, a ``.rq`` file or SPARQL text; parameters as keywords.

        SELECT gives :class:`Rows`, ASK a ``bool``, CONSTRUCT and DESCRIBE a list of
        pyoxigraph triples. Parameter values are strings as on the command line
        (``category="category:III"``, ``date="2015-12-31"``) or pyoxigraph terms.
        """
        from cybernorms.queries.run import prepare, run_with_timeout

        prepared = prepare(query, {name: value for name, value in params.items()})
        result = run_with_timeout(self.store, prepared, timeout)
        if result.kind == "ask":
            return bool(result.boolean)
        if result.kind == "graph":
            return result.triples
        return Rows(result)

    def __len__(self) -> int:
        return len(self.store)


def load(store: str | Path | None = None, *, rebuild: bool = False) -> KnowledgeGraph:
    """The knowledge graph: the packaged curated data (cached after the first build),
    or the dataset of an on-disk store ``store``."""
    from cybernorms.graph.build.dataset import open_dataset

    return KnowledgeGraph(open_dataset(store, rebuild=rebuild).store)
