"""`cybernorms search` and `cybernorms similar` as a user runs them: output in each format, and errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import private_env

ID = "https://w3id.org/cybernorms/id/"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, curated_cache: Path) -> dict[str, str]:
    """A private cache (holding the session's build, so commands load it) and data home."""
    values = private_env(tmp_path_factory, curated_cache)
    return values


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cybernorms", *args, "-q"], env=env,
                          capture_output=True, text=True, timeout=300)


def test_search_prints_hits_with_snippets_reasons_and_facets(env: dict[str, str]) -> None:
    done = cli(env, "search", "election interference", "--kind", "norm", "--limit", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("5 found for 'election interference'")
    assert "[norm] Paris Call 3" in lines[1] or "[norm] GCSC 2" in lines[1]
    assert "why: " in done.stdout and "theme: electoral processes" in done.stdout
    assert "[interference]" in done.stdout  # the matched word, marked
    assert any(line.startswith("document: ") for line in lines)


def test_search_as_csv_has_the_promised_columns(env: dict[str, str]) -> None:
    done = cli(env, "search", "supply chain", "--kind", "norm", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {"iri", "kind", "label", "snippet", "score", "document", "category"} <= set(rows[0])
    by_iri = {row["iri"]: row for row in rows}
    coc = by_iri[ID + "norm/coc-5"]
    assert (coc["document"], coc["category"], coc["kind"]) == ("CoC", "III", "norm")
    assert "**supply** **chain**" in coc["snippet"]
    assert float(coc["score"]) > 0


def test_search_as_json_has_hits_and_facets_with_counts(env: dict[str, str]) -> None:
    done = cli(env, "search", "critical infrastructure", "--document", "UNGGE", "--format", "json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["filters"] == {"document": ID + "document/ungge-2015"}
    assert answer["total"] == len(answer["hits"]) and answer["total"] >= 3
    assert {hit["document"] for hit in answer["hits"]} == {"UNGGE"}
    kinds = {f["value"]: f["count"] for f in answer["facets"]["kind"]}
    assert kinds["norm"] == answer["total"]


def test_search_as_of_a_day(env: dict[str, str]) -> None:
    now = cli(env, "search", "theft", "--kind", "norm", "--format", "json")
    then = cli(env, "search", "theft", "--kind", "norm", "--format", "json", "--as-of", "2015-12-31")
    assert {h["iri"] for h in json.loads(then.stdout)["hits"]} < {h["iri"] for h in json.loads(now.stdout)["hits"]}


def test_similar_prints_reasons_and_the_curated_alignment(env: dict[str, str]) -> None:
    done = cli(env, "similar", "norm:coc-5", "--limit", "4")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("norms of other documents similar to CoC (5):")
    assert "themes in common: supply chain security" in done.stdout
    assert "curated alignment: continues: " in done.stdout
    rows = json.loads(cli(env, "similar", "norm/coc-5", "--format", "json").stdout)
    paris = next(r for r in rows if r["iri"] == ID + "norm/paris-call-6")
    assert paris["alignment"] == "continues" and paris["shared_themes"] == "supply chain security"


@pytest.mark.parametrize(("args", "message"), [
    (("search", ""), "the search text is empty"),
    (("search", "x", "--kind", "nonsense"), "--kind 'nonsense' is not a known kind; known: actor, "),
    (("search", "x", "--category", "VI"), "--category 'VI' is not a known category; known: I, II, III, IV, V"),
    (("search", "x", "--as-of", "last year"), "--as-of takes a day as YYYY-MM-DD, got 'last year'"),
    (("search", "x", "--limit", "0"), "--limit must be 1 or more, got 0"),
    (("similar", "norm/coc-9"), "'norm/coc-9' is not a norm of the graph; did you mean norm:coc-"),
])
def test_bad_input_is_one_line_and_exit_2(env: dict[str, str], args: tuple[str, ...], message: str) -> None:
    done = cli(env, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
