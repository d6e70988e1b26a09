"""The Python API: load the knowledge graph and ask it questions, e.g. in a notebook.

>>> import cybernorms
>>> kg = cybernorms.load()
>>> kg.query("table1").to_records()[0]
{'category': 'I', 'source': 'CoC', 'norms': 2}
>>> kg.query("norms_in_category", category="category:IV").to_dataframe()  # needs pandas
>>> kg.search("election interference", kind="norm")[0]["label"]
'Paris Call 3'
>>> kg.similar("norm:coc-5")[0]["document"]
'Tech Accord Year Six'
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

    def query(self, query: str, *, timeout: float | None = None, partners: bool = False,
              **params: Any) -> Rows | bool | list[Any]:
        """Run a named query, a ``.rq`` file or SPARQL text; parameters as keywords.

        SELECT gives :class:`Rows`, ASK a ``bool``, CONSTRUCT and DESCRIBE a list of
        pyoxigraph triples. Parameter values are strings as on the command line
        (``category="category:III"``, ``date="2015-12-31"``) or pyoxigraph terms. The default
        graph is the curated facts; ``partners=True`` reads the partners' graphs with them.
        """
        from cybernorms.queries.run import prepare, run_with_timeout

        prepared = prepare(query, {name: value for name, value in params.items()})
        result = run_with_timeout(self.store, prepared, timeout, partners=partners)
        if result.kind == "ask":
            return bool(result.boolean)
        if result.kind == "graph":
            return result.triples
        return Rows(result)

    def search(self, text: str, *, limit: int = 20, offset: int = 0, as_of: str | None = None,
               kind: str | None = None, document: str | None = None, category: str | None = None,
               actor_type: str | None = None, year: str | int | None = None) -> Rows:
        """Search the whole dataset by words (docs/search.md), best first: :class:`Rows` with the
        columns ``iri``, ``kind``, ``label``, ``snippet``, ``score``, ``document``, ``category``,
        ``themes``, ``year``, ``partner``, ``why``, ``document_iri``, ``category_iri``.

        The facets narrow it: ``kind="norm"``, ``document="CoC"`` (short name, CURIE or id),
        ``category="III"``, ``actor_type="state"``, ``year=2018``; ``as_of="2015-12-31"`` searches the
        landscape as it stood then. The index is built on the first search and kept while the
        dataset does not change.
        """
        from cybernorms.search import run_search, searcher_for
        from cybernorms.search.rows import HIT_COLUMNS, query_result, search_records

        facets = {"kind": kind, "document": document, "category": category, "actor_type": actor_type,
                  "year": None if year is None else str(year)}
        result = run_search(searcher_for(self.store, as_of), text, facets, limit=limit, offset=offset)
        return Rows(query_result(HIT_COLUMNS, search_records(result)))

    def similar(self, norm: str, *, limit: int = 10) -> Rows:
        """The norms of other documents most similar to ``norm`` (an IRI, ``norm:coc-5`` or
        ``norm/coc-5``), by shared themes then text: :class:`Rows` with ``iri``, ``label``,
        ``document``, ``category``, ``score``, ``shared_themes``, ``shared_words``, ``alignment``
        and ``rationale`` (the curated alignment between the two, where there is one)."""
        from cybernorms.search import run_similar, searcher_for
        from cybernorms.search.rows import SIMILAR_COLUMNS, query_result, similar_record

        searcher = searcher_for(self.store)
        categories = searcher.index.known["category"]
        records = [similar_record(item, categories.get(item.category or "", ""))
                   for item in run_similar(searcher, norm, limit=limit)]
        return Rows(query_result(SIMILAR_COLUMNS, records))

    def __len__(self) -> int:
        return len(self.store)


def load(store: str | Path | None = None, *, rebuild: bool = False) -> KnowledgeGraph:
    """The knowledge graph: the packaged curated data (cached after the first build),
    or the dataset of an on-disk store ``store``."""
    from cybernorms.graph.build.dataset import open_dataset

    return KnowledgeGraph(open_dataset(store, rebuild=rebuild).store)
