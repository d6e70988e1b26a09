"""Similar norms: ranked by shared themes then text, with the reasons and the curated alignment."""

from __future__ import annotations

import pytest

from cybernorms.errors import UsageError
from cybernorms.namespaces import ID
from cybernorms.search import Searcher, run_similar


def test_similar_norms_are_of_other_documents_with_reasons_and_alignments(curated_searcher: Searcher) -> None:
    found = run_similar(curated_searcher, "norm:coc-5", limit=10)
    by_iri = {s.iri.removeprefix(ID): s for s in found}
    assert {"norm/paris-call-6", "norm/ungge-13i", "norm/tech-accord-2024-supply-chain"} <= set(list(by_iri)[:4])
    assert all(s.document_label != "CoC" for s in found)
    paris = by_iri["norm/paris-call-6"]
    assert paris.shared_themes == ("supply chain security",)
    assert "supply" in paris.shared_words
    assert paris.alignment is not None and paris.alignment.relation == "continues"
    assert "supply chain" in paris.alignment.rationale
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_a_norm_is_named_as_focus_takes_it(curated_searcher: Searcher) -> None:
    first = [s.iri for s in run_similar(curated_searcher, "norm/usg-ip-theft", limit=3)]
    assert first == [s.iri for s in run_similar(curated_searcher, ID + "norm/usg-ip-theft", limit=3)]
    assert first == [s.iri for s in run_similar(curated_searcher, "usg-ip-theft", limit=3)]
    assert ID + "norm/paris-call-4" in first


def test_an_unknown_norm_names_the_closest(curated_searcher: Searcher) -> None:
    with pytest.raises(UsageError) as raised:
        run_similar(curated_searcher, "norm/ungge-13z")
    assert raised.value.message.startswith("'norm/ungge-13z' is not a norm of the graph; did you mean norm:ungge-13")
    with pytest.raises(UsageError, match="not a norm of the graph"):
        run_similar(curated_searcher, "theme/privacy")
