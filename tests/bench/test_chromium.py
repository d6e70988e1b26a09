"""The benchmark's Chromium figures: every view and matrix page opened and timed, the target rows written,
and without a browser one line that says what to install. No time is asserted: the figures are the report's."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybernorms.bench import chromium
from cybernorms.bench import run as bench
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.viz.matrices import MATRICES
from cybernorms.viz.views import VIEWS


@pytest.mark.browser
@pytest.mark.slow
def test_every_page_is_opened_in_chromium_and_timed(curated_store: OxigraphStore) -> None:
    if isinstance(chromium.find_browser(), str):
        pytest.fail(f"the benchmark's browser figures need a Chromium: {chromium.find_browser()}")
    figures = chromium.chromium_figures(curated_store, repeats=2)
    pages = {f["page"]: f for f in figures["pages"]}
    assert set(VIEWS) | set(MATRICES) < set(pages)
    assert [f["page"] for f in figures["pages"] if f["at_scale"]] == [
        "network view, synthetic 5,000 nodes", "crosswalk, synthetic 200 × 200"]
    for f in figures["pages"]:
        assert f["runs"] == 2 and f["seconds"] is not None and 0 < f["seconds"] < chromium.PAGE_TIMEOUT_S, f
    assert pages["table1-matrix"]["holds"].startswith("5 × 5")
    assert pages["network view, synthetic 5,000 nodes"]["holds"].startswith("5,000 nodes")
    section = "\n".join(chromium.chromium_section(figures))
    assert f"Chromium {figures['browser']}." in section
    for name in pages:
        assert f"| {name} |" in section
    targets = list(chromium.chromium_targets(figures))
    assert len(targets) == 2 and all(row.endswith(("| met |", "| **missed** |")) for row in targets)


def test_without_a_browser_the_report_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CYBERNORMS_CHROMIUM", raising=False)
    monkeypatch.delenv("CYBERNORMS_CHROMEDRIVER", raising=False)
    reason = chromium.chromium_figures(OxigraphStore.memory())
    assert reason == {"unavailable": "chromium and chromedriver not found "
                                     "(on Debian: apt-get install chromium chromium-driver)"}
    assert chromium.chromium_section(reason)[-2] == f"Not measured: {reason['unavailable']}."
    assert list(chromium.chromium_targets(reason)) == [
        f"| a new view ready in Chromium in ≤ 2 s at scale | {reason['unavailable']} | not measured |"]


def test_the_report_carries_the_chromium_section_and_the_new_views_targets() -> None:
    pages = {"browser": "156.0", "pages": [
        {"page": "crosswalk", "holds": "47 × 47", "at_scale": False, "megabytes": 0.3, "runs": 5, "seconds": 0.06},
        {"page": "crosswalk, synthetic 200 × 200", "holds": "200 × 200", "at_scale": True, "megabytes": 2.1,
         "runs": 5, "seconds": 0.25},
        {"page": "network view, synthetic 5,000 nodes", "holds": "5,000 nodes", "at_scale": True,
         "megabytes": 4.0, "runs": 5, "seconds": 2.5}]}
    run = bench.Run(extra={"quads": 1000, "matrices": {"matrices": [
        {"matrix": "table1-matrix", "seconds": 0.4, "cells": "5 × 5"},
        {"matrix": "crosswalk", "seconds": 1.2, "cells": "47 × 47"}]}})
    curated = bench.SizeResult("curated", 1000, run, None, None, "", None, bench.Run(extra={"chromium": pages}))
    text = bench.report({}, [curated], cap=60, rdflib_cap=20)
    assert "## Ready in Chromium" in text and "| crosswalk, synthetic 200 × 200 | 200 × 200 | 2.1 MB | 0.25 |" in text
    assert "| crosswalk, synthetic 200 × 200: ready in Chromium in ≤ 2 s | 0.25 s | met |" in text
    assert "| network view, synthetic 5,000 nodes: ready in Chromium in ≤ 2 s | 2.50 s | **missed** |" in text
    assert "| table1-matrix on the curated graph: drawn in ≤ 1 s | 0.40 s | met |" in text
    assert "| crosswalk on the curated graph: drawn in ≤ 1 s | 1.20 s | **missed** |" in text
