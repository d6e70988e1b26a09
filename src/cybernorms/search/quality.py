"""The measured quality of the search: a judged set of analyst queries, and similar norms against the
curated alignments (issue 17's targets; ``cybernorms bench`` reports the figures, the tests check them).

* A judged query is a text an analyst types and the norms a careful reader judges relevant from their
  texts, each with the reason (``tests/search/judged_queries.yaml``). The search is asked for norms
  (``kind=norm``), as the judgements are of norms. **precision@3** is the share of the first three hits
  that are relevant, out of three or of the number relevant when fewer (a query with one relevant norm
  that ranks it first scores 1); **recall@10** the share of the relevant norms among the first ten.
  Both are averaged over the queries, for the final search and for plain FTS5 (the same bm25 and porter
  tokenizer on the things' own fields, every word required, no themes, synonyms or relaxing), side by side.
* Similar norms: each norm with at least one curated alignment is a query; the norms it is aligned with
  (either direction) are the relevant ones. **recall@10** and **MRR** (the mean of 1 / the rank of the
  first relevant norm) are averaged over those norms, for :func:`~cybernorms.search.similar.similar`
  and for text similarity alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cybernorms.errors import UsageError
from cybernorms.search.cache import Searcher
from cybernorms.search.index import SearchIndex
from cybernorms.search.similar import similar
from cybernorms.search.syntax import parse

__all__ = [
    "JudgedQuery", "Quality", "judged_quality", "load_judged", "plain_index", "precision_at", "recall_at",
    "reciprocal_rank", "similar_quality",
]


@dataclass(frozen=True)
class JudgedQuery:
    """An analyst's query and the norms judged relevant to it, each with the reason."""

    text: str
    relevant: dict[str, str]  # norm IRI -> why it is relevant


@dataclass(frozen=True)
class Quality:
    """Averaged figures of one method over a set of queries."""

    method: str
    queries: int
    figures: dict[str, float]


def load_judged(path: Path) -> list[JudgedQuery]:
    """The judged queries of a YAML file: ``queries: [{text, relevant: {norm id: reason}}]``."""
    import yaml

    from cybernorms.namespaces import ID

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: list[JudgedQuery] = []
    for item in data.get("queries", []):
        relevant = {(k if k.startswith("http") else ID + k): str(v) for k, v in (item.get("relevant") or {}).items()}
        if not item.get("text") or not relevant:
            raise UsageError(f"{path}: every judged query has a text and at least one relevant norm: {item!r}")
        found.append(JudgedQuery(str(item["text"]), relevant))
    return found


def precision_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Relevant among the first ``k``, out of ``k`` or the number relevant when fewer."""
    if not relevant:
        return 0.0
    return sum(1 for iri in ranked[:k] if iri in relevant) / min(k, len(relevant))


def recall_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """The share of the relevant found among the first ``k``."""
    if not relevant:
        return 0.0
    return sum(1 for iri in ranked[:k] if iri in relevant) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    """1 / the rank of the first relevant one (0 when none is ranked)."""
    for rank, iri in enumerate(ranked, start=1):
        if iri in relevant:
            return 1.0 / rank
    return 0.0


def plain_index(index: SearchIndex) -> SearchIndex:
    """The same entries without their themes (and so without the themes' synonyms): plain FTS5."""
    return SearchIndex([dataclasses.replace(e, themes=[]) for e in index.entries])


def _final_ranking(searcher: Searcher, text: str, k: int) -> list[str]:
    result = searcher.index.search(text, {"kind": "norm"}, limit=k)
    return [hit.entry.iri for hit in result.hits]


def _plain_ranking(index: SearchIndex, text: str, k: int) -> list[str]:
    ranked = index.ranked(parse(text).match())
    return [index.entries[row].iri for row, _ in ranked if index.entries[row].kind == "norm"][:k]


def _averaged(method: str, rankings: list[tuple[list[str], set[str]]]) -> Quality:
    n = len(rankings) or 1
    return Quality(method, len(rankings), {
        "precision@3": round(sum(precision_at(r, rel, 3) for r, rel in rankings) / n, 3),
        "recall@10": round(sum(recall_at(r, rel, 10) for r, rel in rankings) / n, 3),
        "MRR": round(sum(reciprocal_rank(r, rel) for r, rel in rankings) / n, 3),
    })


def judged_quality(searcher: Searcher, judged: Sequence[JudgedQuery]) -> list[Quality]:
    """precision@3, recall@10 (and MRR) over the judged set: plain FTS5, then the final search."""
    plain = plain_index(searcher.index)
    try:
        return [
            _averaged("plain FTS5 (bm25, porter)", [(_plain_ranking(plain, q.text, 10), set(q.relevant))
                                                    for q in judged]),
            _averaged("search (fields, themes, synonyms)", [(_final_ranking(searcher, q.text, 10), set(q.relevant))
                                                            for q in judged]),
        ]
    finally:
        plain.close()


def _aligned(searcher: Searcher) -> dict[str, set[str]]:
    norms = {e.iri for e in searcher.index.entries if e.kind == "norm"}
    pairs: dict[str, set[str]] = {}
    for alignment in searcher.alignments.values():
        a, b = alignment.source, alignment.target
        if a in norms and b in norms and a != b:
            pairs.setdefault(a, set()).add(b)
            pairs.setdefault(b, set()).add(a)
    return pairs


def similar_quality(searcher: Searcher) -> list[Quality]:
    """recall@10 and MRR of similar norms against the curated alignments: text alone, then the final ranking."""
    aligned = _aligned(searcher)
    plain = plain_index(searcher.index)
    try:
        text_only = [([s.iri for s in similar(plain, norm, {}, limit=10)], relevant)
                     for norm, relevant in sorted(aligned.items())]
        final = [([s.iri for s in similar(searcher.index, norm, searcher.alignments, limit=10)], relevant)
                 for norm, relevant in sorted(aligned.items())]
    finally:
        plain.close()
    return [_averaged("text similarity (bm25)", text_only), _averaged("themes, then text", final)]
