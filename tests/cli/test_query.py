"""`cybernorms query` and `cybernorms queries` as a user runs them: output and errors."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import private_env


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, curated_cache: Path) -> dict[str, str]:
    """A private cache and data home, warmed by one build (seeded with the session's build, so it loads it)."""
    values = private_env(tmp_path_factory, curated_cache)
    done = subprocess.run([sys.executable, "-m", "cybernorms", "build", "-q"], env=values,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return values


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cybernorms", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_queries_lists_questions_and_parameters(env: dict[str, str]) -> None:
    done = cli(env, "queries")
    assert done.returncode == 0
    assert re.search(r"\ntable1 +How many norms does each reference document propose in each category", done.stdout)
    assert "--param category=…  (default category:II)" in done.stdout
    assert "36 named queries" in done.stdout


def test_table1_as_a_table(env: dict[str, str]) -> None:
    done = cli(env, "query", "table1")
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["category", "source", "norms"]
    assert lines[2].split() == ["I", "CoC", "2"]
    assert lines[-1] == "(20 rows)"


def test_table1_in_the_w3c_formats(env: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(cli(env, "query", "table1", "--format", "csv").stdout)))
    assert {"category": "V", "source": "MSFT", "norms": "3"} in rows
    data = json.loads(cli(env, "query", "table1", "--format", "json").stdout)
    assert data["head"]["vars"] == ["category", "source", "norms"]
    assert len(data["results"]["bindings"]) == 20
    assert cli(env, "query", "table1", "--format", "tsv").stdout.startswith("?category\t?source\t?norms")
    assert "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">" in cli(env, "query", "table1", "-f", "xml").stdout


def test_construct_gives_rdf(env: dict[str, str]) -> None:
    done = cli(env, "query", "CONSTRUCT WHERE { ?d <https://w3id.org/cybernorms/ontology#shortName> ?n }",
               "--format", "nt")
    assert '<https://w3id.org/cybernorms/id/document/coc> <https://w3id.org/cybernorms/ontology#shortName> "CoC" .' in done.stdout


def test_a_parameter_is_bound_as_a_value(env: dict[str, str]) -> None:
    done = cli(env, "query", "norms_in_category", "--param", "category=category:IV", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and {r["category"] for r in rows} == {"https://w3id.org/cybernorms/id/category/IV"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("tabel1",), "no named query 'tabel1'; did you mean table1", id="unknown-name"),
        pytest.param(("SELECT ?x WHERE { ?x ?y }",), "SPARQL syntax error: line 1, column", id="syntax"),
        pytest.param(("table1", "--param", "year=2015"), "query 'table1' has no parameter 'year'", id="unknown-param"),
        pytest.param(("table1", "--param", "nonsense"), "--param takes NAME=VALUE, got 'nonsense'", id="bad-param"),
        pytest.param(("table1", "--format", "ttl"), "--format ttl does not fit a SELECT or ASK query", id="wrong-format"),
        pytest.param((str(Path("missing.rq")),), "no query file 'missing.rq'", id="missing-file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(env: dict[str, str], args: tuple[str, ...], message: str) -> None:
    done = cli(env, "query", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert message in done.stderr


def test_a_query_past_its_timeout_is_stopped(env: dict[str, str]) -> None:
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }")
    done = cli(env, "query", slow, "--timeout", "1")
    assert done.returncode == 2
    assert "query ran past the 1 s timeout and was stopped" in done.stderr
