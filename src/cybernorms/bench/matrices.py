"""The matrices' figures in ``cybernorms bench``: drawing each matrix page, and a 200 × 200 crosswalk.

On every dataset the benchmark measures, each matrix (:mod:`cybernorms.viz.matrices`: Table 1 of
the EWI report as a heat map, and the crosswalk of aligned norms) is drawn as ``cybernorms viz
NAME`` draws it: read from the store, built and rendered as a page; the median of several runs.
On the curated graph also a **synthetic crosswalk** of 200 norms in 10 documents with 600
alignments (:func:`synthetic_crosswalk`), rendered from its data: what a crosswalk of 200 × 200
cells costs in Python. What each page costs in a browser is measured by :mod:`cybernorms.bench.chromium`.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

__all__ = ["SYNTHETIC_NORMS", "TARGET_MATRIX_S", "matrices_section", "matrix_figures", "matrix_targets",
           "synthetic_crosswalk"]

SYNTHETIC_NORMS = 200
#: The target of issue 19: each new view drawn in at most this many seconds on the curated graph.
TARGET_MATRIX_S = 1.0
_DOCUMENTS = 10
_ALIGNMENTS_PER_NORM = 3


def synthetic_crosswalk(norms: int = SYNTHETIC_NORMS, *, documents: int = _DOCUMENTS, seed: int = 0) -> dict[str, Any]:
    """The data of a crosswalk page of ``norms`` × ``norms`` cells: every norm in one of ``documents``
    documents and one of five categories, and ``3 × norms`` alignments between norms of different documents."""
    from cybernorms.viz.catalog import MATRIX_CATALOG
    from cybernorms.viz.landscape import ALIGNMENTS
    from cybernorms.viz.matrices import RELATION_STYLES

    rng = random.Random(seed)
    base = "urn:synthetic:"
    docs: list[dict[str, Any]] = [{"iri": f"{base}document/{d}", "id": f"document/{d}", "short": f"Doc{d}", "labels": [], "date": None}
            for d in range(documents)]
    cats = [{"iri": f"{base}category/{c}", "id": f"category/{c}", "notation": c, "labels": [{"text": f"category {c}",
                                                                                               "partner": None}]}
            for c in ("I", "II", "III", "IV", "V")]
    items = []
    for n in range(norms):
        doc, cat = docs[n * documents // norms], cats[n % len(cats)]
        items.append({"iri": f"{base}norm/{n}", "id": f"norm/{n}", "name": f"{doc['short']} {n}",
                      "labels": [{"text": f"synthetic norm {n}", "partner": None}],
                      "texts": [{"text": f"States should do thing {n}.", "citations": [f"synthetic source, {n}"],
                                 "partner": None}],
                      "documents": [doc["id"]], "document": doc["short"], "categories": [cat["id"]]})
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < norms * _ALIGNMENTS_PER_NORM:
        a, b = rng.randrange(norms), rng.randrange(norms)
        if items[a]["documents"] != items[b]["documents"]:
            pairs.add((a, b))
    entry = MATRIX_CATALOG["crosswalk"]
    return {
        "kind": "crosswalk", "view": {"title": f"{entry.title} (synthetic, {norms} norms)", "description": "synthetic"},
        "norms": items, "documents": docs, "categories": cats,
        "alignments": [{"from": a, "to": b, "relation": rng.choice(ALIGNMENTS), "rationale": f"rationale {a}-{b}",
                        "citations": ["synthetic source"], "partner": None} for a, b in sorted(pairs)],
        "relations": {k: {"legend": s.legend, "color": s.color, "glyph": s.glyph} for k, s in RELATION_STYLES.items()},
        "asOf": None,
    }


def _median_seconds(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def matrix_figures(store: Any, repeats: int = 5, synthetic: bool = False) -> list[dict[str, Any]]:
    """Each matrix drawn from ``store`` (median seconds over ``repeats``, cells); with ``synthetic`` the 200 × 200 too."""
    try:
        from cybernorms.viz.matrices import MATRICES, build_matrix, render_matrix, summary
    except ImportError as error:
        return [{"matrix": "(none)", "error": f"cybernorms.viz offers no matrices: {error}"}]
    figures: list[dict[str, Any]] = []
    for name in MATRICES:
        try:
            _page, data = build_matrix(store, name)
            seconds = _median_seconds(partial(build_matrix, store, name), repeats)
        except Exception as error:  # a matrix that cannot be drawn on this data is reported, not fatal
            figures.append({"matrix": name, "error": f"{type(error).__name__}: {error}"})
            continue
        figures.append({"matrix": name, "seconds": seconds, "cells": summary(data)})
    if synthetic:
        data = synthetic_crosswalk()
        page = render_matrix(data)
        figures.append({"matrix": f"crosswalk, synthetic {SYNTHETIC_NORMS} × {SYNTHETIC_NORMS} (render only)",
                        "seconds": _median_seconds(lambda: render_matrix(data), repeats),
                        "cells": f"{summary(data)}, {len(page) / 1e6:.2f} MB"})
    return figures


def matrices_section(rows: list[tuple[str, list[dict[str, Any]] | None]]) -> list[str]:
    """The report's section: per dataset (label, figures or None when not measured), each matrix's median."""
    lines = ["## Matrices", "",
             "Each matrix page as `cybernorms viz NAME` draws it: reading the norms, documents, categories and "
             "alignments from the store, building the cells and rendering the page; the median of the runs. "
             "The synthetic crosswalk is rendered from its data (200 norms in 10 documents, 600 alignments).", "",
             "| dataset | matrix | what it holds | median seconds |", "|---|---|---|---:|"]
    for label, figures in rows:
        if figures is None:
            lines.append(f"| {label} | (all) | — | not measured |")
            continue
        for f in figures:
            if "error" in f:
                lines.append(f"| {label} | {f['matrix']} | — | {f['error']} |")
            else:
                lines.append(f"| {label} | {f['matrix']} | {f['cells']} | {f['seconds']:.3f} |")
    return lines + [""]


def matrix_targets(figures: list[dict[str, Any]] | None) -> list[str]:
    """The target rows: each matrix drawn from the curated graph in ≤ 1 s."""
    rows = []
    for f in figures or []:
        if "error" in f:
            rows.append(f"| {f['matrix']}: drawn in ≤ {TARGET_MATRIX_S:g} s | {f['error']} | **missed** |")
        elif "synthetic" not in f["matrix"]:
            verdict = "met" if f["seconds"] <= TARGET_MATRIX_S else "**missed**"
            rows.append(f"| {f['matrix']} on the curated graph: drawn in ≤ {TARGET_MATRIX_S:g} s | "
                        f"{f['seconds']:.2f} s | {verdict} |")
    return rows
