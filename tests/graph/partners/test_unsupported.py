"""``cybernorms import`` of input the dataset cannot hold: RDF-star and JSON nested too deep.

Each is refused in one line naming the file, the line and what to do instead, exit code 2 (input the
import does not take, as bad usage), and the dataset afterwards is what it was: the same quads in every
graph, no partner file written.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from cybernorms import cli
from cybernorms.graph.build.dataset import data_home, open_dataset
from cybernorms.graph.partners.limits import MAX_JSON_DEPTH
from cybernorms.graph.partners.safe_parse import Unsupported, parse_safely

from tests.graph.exchange_helpers import isolated, shared_cache  # noqa: F401 - fixtures

EX = "http://partner.example.org/id/"
STAR = "RDF-star is not supported"


def nested_jsonld(depth: int) -> str:
    """A JSON-LD node object nested ``depth`` levels deep, one level a line."""
    lines = [f'{{"@id": "{EX}n{i}", "{EX}p":' for i in range(depth)]
    return "\n".join(lines) + f' {{"@id": "{EX}leaf"}}' + "}" * depth + "\n"


CASES = [
    pytest.param("quoted.ttl", f"@prefix ex: <{EX}> .\n\n<< ex:a ex:says ex:b >> ex:source ex:c .\n", 3, STAR,
                 id="turtle-star"),
    pytest.param("term.ttl", f"@prefix ex: <{EX}> .\nex:r ex:reifies <<( ex:a ex:says ex:b )>> .\n", 2, STAR,
                 id="turtle-1.2-triple-term"),
    pytest.param("quoted.nt", f"<{EX}x> <{EX}p> \"fine\" .\n<< <{EX}a> <{EX}says> <{EX}b> >> <{EX}source> <{EX}c> .\n",
                 2, STAR, id="n-triples-star"),
    pytest.param("quoted.nq", f"<< <{EX}a> <{EX}says> <{EX}b> >> <{EX}source> <{EX}c> <{EX}g> .\n", 1, STAR,
                 id="n-quads-star"),
    pytest.param("quoted.trig", f"@prefix ex: <{EX}> .\nex:g {{\n  ex:c ex:quotes << ex:a ex:says ex:b >> .\n}}\n",
                 3, STAR, id="trig-star"),
    pytest.param("deep.jsonld", nested_jsonld(3000), MAX_JSON_DEPTH + 1,
                 f"JSON nested deeper than {MAX_JSON_DEPTH} levels is not supported", id="jsonld-3000-deep"),
    pytest.param("deep-array.jsonld", "[" * 3000 + "]" * 3000, 1,
                 f"JSON nested deeper than {MAX_JSON_DEPTH} levels is not supported", id="json-arrays-3000-deep"),
]


def graph_counts() -> Counter[str]:
    """The quads of the built dataset per graph."""
    return Counter(str(q.graph_name) for q in open_dataset().store.quads())


@pytest.mark.parametrize(("name", "content", "line", "message"), CASES)
def test_unsupported_input_is_one_line_exit_2_and_changes_nothing(
    isolated: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, line: int, message: str,
) -> None:
    path = isolated / name
    path.write_text(content, encoding="utf-8")
    before = graph_counts()

    code = cli.main(["import", str(path), "--graph", "portal"])
    out, err = capsys.readouterr()

    assert code == 2
    assert out == ""
    assert err.startswith(f"cybernorms: error: {path}: line {line}: {message}")
    assert err.count("\n") == 1 and "internal error" not in err
    assert graph_counts() == before
    assert not (data_home() / "partners").exists()


def test_the_message_says_what_to_do_instead(tmp_path: Path) -> None:
    star, deep = tmp_path / "star.ttl", tmp_path / "deep.jsonld"
    star.write_text(f"<< <{EX}a> <{EX}says> <{EX}b> >> <{EX}source> <{EX}c> .\n", encoding="utf-8")
    deep.write_text(nested_jsonld(MAX_JSON_DEPTH + 1), encoding="utf-8")
    with pytest.raises(Unsupported) as refused:
        parse_safely(star)
    assert "state the triple itself, or describe the statement with an IRI or a blank node" in str(refused.value)
    with pytest.raises(Unsupported) as refused:
        parse_safely(deep)
    assert "flatten the document, e.g. one node object per entity in @graph, linked by @id" in str(refused.value)


def test_json_ld_at_the_depth_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep-enough.jsonld"
    path.write_text(nested_jsonld(MAX_JSON_DEPTH - 1), encoding="utf-8")
    assert len(parse_safely(path).quads) == MAX_JSON_DEPTH - 1


def test_brackets_inside_strings_are_not_nesting(tmp_path: Path) -> None:
    path = tmp_path / "brackets.jsonld"
    label = "[" * 500 + "{" * 500 + ' \\" ' + "]" * 3
    path.write_text(f'{{"@id": "{EX}x", "http://www.w3.org/2000/01/rdf-schema#label": "{label}"}}\n', encoding="utf-8")
    assert [q.object.value for q in parse_safely(path).quads] == [label.replace('\\"', '"')]


def test_in_a_real_process(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonld"
    path.write_text(nested_jsonld(3000), encoding="utf-8")
    env = {"CYBERNORMS_HOME": str(tmp_path / "home"), "CYBERNORMS_CACHE": str(tmp_path / "cache"),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "cybernorms", "import", str(path)], capture_output=True, text=True,
                          env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"cybernorms: error: {path}: line {MAX_JSON_DEPTH + 1}: JSON nested deeper")
    assert done.stderr.count("\n") == 1
    assert not (tmp_path / "home").exists()
