"""Regression: the timeline pairs each date with the precision stated beside it, in the same passage.

The GGE 2019-2021 report is dated by two sources (May 2021, and 28 May 2021); its precision was
taken from any passage, so the report came back four times, each date with both precisions.
"""

from __future__ import annotations

from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.queries.run import prepare
from cybernorms.queries.results import cell


def test_an_item_two_sources_date_differently_is_listed_once_per_date_with_its_precision(
    curated_store: OxigraphStore,
) -> None:
    prepared = prepare("timeline")
    result = curated_store.query(prepared.text, prepared.params)
    names = list(result.variables)
    rows = {(cell(row[names.index("date")]), cell(row[names.index("precision")]))
            for row in result.rows if cell(row[names.index("item")]) == "Report of the 2019-2021 GGE"}
    assert rows == {("2021-05-01", "month"), ("2021-05-28", "day")}
