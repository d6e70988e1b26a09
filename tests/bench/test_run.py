"""The benchmark suite (pytest-benchmark) and the benchmark command's report.

Marked ``slow``. Each benchmark runs a few rounds with ``benchmark.pedantic`` so that a
plain ``pytest`` run stays short; ``pytest tests/bench/test_run.py --benchmark-only`` gives
pytest-benchmark's tables, and ``--benchmark-disable`` runs each body once. The figures of
record come from ``cybernorms bench`` (``docs/benchmarks.md``), measured in one run with
their comparisons. These tests run the same work and check what it produces; they assert no
time, because a shared or loaded machine would make such an assertion flaky, and targets are
the benchmark's to report (met or missed, and why).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cybernorms.bench import run as bench
from cybernorms.graph.store.load import load_files
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.bench.synth import plan_for, write
from cybernorms.queries.library import library
from cybernorms.queries.run import prepare

pytestmark = pytest.mark.slow

def _params() -> list[Any]:
    return [pytest.param(name, id=name) for name in sorted(library())]


@pytest.fixture(scope="module")
def curated(curated_store: OxigraphStore) -> OxigraphStore:
    """The session's curated dataset (only queried)."""
    return curated_store


@pytest.mark.parametrize("name", _params())
def test_named_query_on_the_curated_graph(name: str, curated: OxigraphStore, benchmark: Any) -> None:
    prepared = prepare(name)
    benchmark.group = "curated graph"
    result = benchmark.pedantic(curated.query, args=(prepared.text, prepared.params), rounds=5, warmup_rounds=1)
    assert result.rows


def test_bulk_load_of_1e4_triples(tmp_path: Path, benchmark: Any) -> None:
    source = tmp_path / "g.nq"
    states, years = plan_for(1e4)
    write(source, states, years)
    counter = iter(range(100))

    def load() -> float:
        with OxigraphStore.open(tmp_path / f"store-{next(counter)}") as store:
            return load_files(store, [source]).seconds

    benchmark.group = "load"
    seconds = benchmark.pedantic(load, rounds=3)
    assert seconds > 0


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory, curated_cache: Path) -> dict[str, str]:
    """A cache folder of its own, warmed by ``cybernorms build`` (seeded with the session's build, so it loads it)."""
    cache = tmp_path_factory.mktemp("cache")
    shutil.copyfile(curated_cache, cache / curated_cache.name)
    env = {**os.environ, "CYBERNORMS_CACHE": str(cache), "CYBERNORMS_HOME": str(tmp_path_factory.mktemp("home"))}
    subprocess.run([sys.executable, "-m", "cybernorms", "build", "--quiet"], env=env, check=True,
                   capture_output=True, timeout=600)
    return env


def test_query_table1_as_a_whole_process_on_a_warm_cache_builds_nothing(warm_cache: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "cybernorms", "query", "table1"], env=warm_cache,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # nothing built, nothing to say
    assert done.stdout.splitlines()[-1] == "(20 rows)"


def test_the_warm_path_imports_neither_rdflib_nor_yaml(warm_cache: dict[str, str]) -> None:
    code = ("import sys\nfrom cybernorms.cli import main\nmain(['query', 'table1', '--quiet'])\n"
            "print(sorted(m for m in ('rdflib', 'yaml', 'owlready2', 'pyshacl', 'httpx', 'networkx') if m in sys.modules),"
            " file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], env=warm_cache, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.stderr.strip().splitlines()[-1] == "[]"


# -- the report --


def _run(queries: dict[str, float], timed_out: list[str] = (), **extra: Any) -> bench.Run:  # type: ignore[assignment]
    run = bench.Run(loaded=1.0, timed_out=list(timed_out), peak_mb=100.0)
    run.queries = {n: {"query": n, "median": m, "runs": 5, "rows": 3} for n, m in queries.items()}
    run.extra = {"quads": 1000, **extra}
    return run


def test_the_report_marks_targets_met_and_missed() -> None:
    curated = bench.SizeResult("curated", 1000, _run({"table1": 0.001, "slow": 0.5}),
                               _run({"table1": 0.2}, timed_out=["slow"]), None)
    big = bench.SizeResult(
        "1e+06 (193 states, 40 years)", 1_000_000, _run({"table1": 0.01}, timed_out=["aligned_norms"]),
        None, _run({}, disk_load={"seconds": 20.0}), "not run: too slow at 1e+05",
    )
    text = bench.report({}, [curated, big], cap=60, rdflib_cap=20)
    assert "| every named query on the curated graph: median ≤ 20 ms | slowest slow: 500.0 ms | **missed** |" in text
    assert "| every named query on the curated graph ≥ 50× faster than rdflib | lowest slow: >40× | **missed** |" in text
    assert "| 10^6 triples: bulk load ≤ 60 s | `cybernorms load` 20.0 s, in memory 1.0 s | met |" in text
    assert "| 10^6 triples: every named query median ≤ 2 s | over: aligned_norms | **missed** |" in text
    assert "| aligned_norms | — | > 60 s | — | not run | — |" in text
    assert "rdflib not run: too slow at 1e+05." in text


def test_sizes_are_parsed_and_checked() -> None:
    assert bench.parse_sizes("1e4, 1e5,1e6") == [1e4, 1e5, 1e6]
    with pytest.raises(Exception, match="--sizes"):
        bench.parse_sizes("ten")


def test_the_report_has_the_search_figures_and_targets(curated: OxigraphStore) -> None:
    figures = bench.search_figures(curated, repeats=1, quality=True)
    assert figures["entries"] > 400 and figures["judged"] >= 20 and figures["searches"] > 40
    search = bench.Run(extra={"search": figures})
    slow = bench.Run(extra={"search": {**figures, "build": 75.0, "p50": 0.02, "judged_quality": None}})
    results = [bench.SizeResult("curated", 1000, _run({}), None, None, "", search),
               bench.SizeResult("1e+06 (193 states, 40 years)", 10**6, _run({}), None, None, "", slow)]
    text = bench.report({}, results, cap=60, rdflib_cap=20)
    assert "## Search (issue 17)" in text
    assert "| plain FTS5 (bm25, porter) |" in text and "| themes, then text |" in text
    assert "| judged set: precision@3 ≥ 0.8 and recall@10 ≥ 0.8 |" in text
    assert "| search, 10^6 triples: index build ≤ 60 s, p50 ≤ 100 ms | 75.0 s, 20.0 ms | **missed** |" in text
