"""The ``cybernorms search`` and ``cybernorms similar`` commands (docs/search.md)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from cybernorms.cli._options import progress_for
from cybernorms.errors import UsageError

if TYPE_CHECKING:
    from cybernorms.search import Searcher

__all__ = ["add_search_arguments", "add_similar_arguments", "run_search", "run_similar"]

_FORMATS = ("table", "csv", "json")
#: The kinds of things searched (cybernorms.search.extract.KINDS), listed here so --help imports no engine.
_KINDS = ("norm", "document", "actor", "forum", "event", "measure", "characteristic", "finding", "theme")


def _add_common(parser: argparse.ArgumentParser, default_limit: int) -> None:
    parser.add_argument("--limit", type=int, default=default_limit, metavar="N",
                        help=f"show at most N (default {default_limit})")
    parser.add_argument("-f", "--format", default="table", choices=_FORMATS,
                        help="table (default, for people), csv or json")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", default=None,
                        help="search the landscape as it stood on that day (what was not there yet is left "
                             "out, by the rule of `cybernorms query --as-of`)")


def add_search_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms search``."""
    parser.add_argument("text", metavar="TEXT",
                        help='words (all must match, in any order), "quoted phrases", prefix*, AND / OR / NOT; '
                             "anything else is read as words")
    parser.add_argument("--kind", metavar="KIND", help=f"only this kind: {', '.join(_KINDS)}")
    parser.add_argument("--document", metavar="DOC",
                        help="only norms of this document: its short name (CoC), CURIE (doc:coc) or id")
    parser.add_argument("--category", metavar="CAT", help="only norms of this category: I ... V, or category:III")
    parser.add_argument("--actor-type", metavar="TYPE", help="only actors of this type (state, corporation, ...)")
    parser.add_argument("--year", metavar="YYYY", help="only things dated in this year")
    parser.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N hits (paging)")
    _add_common(parser, 10)


def add_similar_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms similar``."""
    parser.add_argument("norm", metavar="NORM", help="a norm as an IRI, a CURIE (norm:coc-5) or an id (norm/coc-5)")
    _add_common(parser, 10)


def _searcher(args: argparse.Namespace) -> Searcher:
    from cybernorms.graph.as_of import parse_day
    from cybernorms.graph.build.dataset import open_dataset
    from cybernorms.search import searcher_for

    day = parse_day(args.as_of) if args.as_of else None  # a bad day fails before the build
    if args.limit < 1:
        raise UsageError(f"--limit must be 1 or more, got {args.limit}")
    store = open_dataset(args.store, progress=progress_for(args)).store
    return searcher_for(store, day)


def run_search(args: argparse.Namespace) -> int:
    """Search the dataset and print the hits (and, as a table or JSON, the facets)."""
    from cybernorms.search import run_search as search
    from cybernorms.search.rows import HIT_COLUMNS, result_json, result_text, search_records, to_csv

    if not args.text.strip():
        raise UsageError("the search text is empty: give one or more words, a \"quoted phrase\" or a prefix*")
    if args.offset < 0:
        raise UsageError(f"--offset must be 0 or more, got {args.offset}")
    facets = {"kind": args.kind, "document": args.document, "category": args.category,
              "actor_type": args.actor_type, "year": args.year}
    searcher = _searcher(args)
    result = search(searcher, args.text, facets, limit=args.limit, offset=args.offset)
    if args.format == "csv":
        print(to_csv(HIT_COLUMNS, search_records(result)), end="")
    elif args.format == "json":
        print(json.dumps(result_json(result, limit=args.limit, offset=args.offset), ensure_ascii=False, indent=1))
    else:
        print(result_text(result, offset=args.offset))
    return 0


def run_similar(args: argparse.Namespace) -> int:
    """Print the norms of other documents most similar to one norm, with why."""
    from cybernorms.search import run_similar as similar
    from cybernorms.search.rows import SIMILAR_COLUMNS, similar_record, similar_text, to_csv
    from cybernorms.search.similar import resolve_norm

    searcher = _searcher(args)
    items = similar(searcher, args.norm, limit=args.limit)
    categories = searcher.index.known["category"]
    records = [similar_record(item, categories.get(item.category or "", "")) for item in items]
    if args.format == "csv":
        print(to_csv(SIMILAR_COLUMNS, records), end="")
    elif args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        index = searcher.index
        print(similar_text(index.entries[index.by_iri[resolve_norm(index, args.norm)]].label, items))
    return 0
