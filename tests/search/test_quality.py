"""The judged set and the curated alignments: the search meets issue 17's quality targets, and beats plain FTS5."""

from __future__ import annotations

from pathlib import Path

from cybernorms.search import Searcher
from cybernorms.search.quality import judged_quality, load_judged, similar_quality

JUDGED = Path(__file__).parent / "judged_queries.yaml"


def test_the_judged_set_is_large_enough_and_names_real_norms(curated_searcher: Searcher) -> None:
    judged = load_judged(JUDGED)
    assert len(judged) >= 20
    norms = {e.iri for e in curated_searcher.index.entries if e.kind == "norm"}
    for query in judged:
        assert set(query.relevant) <= norms, query.text
        assert all(reason.strip() for reason in query.relevant.values())


def test_precision_at_3_and_recall_at_10_over_the_judged_set(curated_searcher: Searcher) -> None:
    plain, final = judged_quality(curated_searcher, load_judged(JUDGED))
    assert final.figures["precision@3"] >= 0.8, final
    assert final.figures["recall@10"] >= 0.8, final
    assert final.figures["recall@10"] > plain.figures["recall@10"]
    assert final.figures["precision@3"] > plain.figures["precision@3"]


def test_similar_norms_against_the_curated_alignments(curated_searcher: Searcher) -> None:
    text_only, final = similar_quality(curated_searcher)
    assert final.queries >= 40
    assert final.figures["recall@10"] >= 0.9, final
    assert final.figures["MRR"] >= 0.75, final
    assert final.figures["MRR"] > text_only.figures["MRR"]
