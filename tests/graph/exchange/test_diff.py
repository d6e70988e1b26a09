"""``cybernorms diff OLD NEW``: two small hand-made releases compared graph by graph (added, removed,
unchanged, a blank node that only changed its label); the command's formats, ``--rdf`` and exit codes;
``--version`` and the VoID's version and issued date."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybernorms import cli
from cybernorms._version import DATA_RELEASED, DATA_VERSION
from cybernorms.errors import UsageError
from cybernorms.graph.exchange.diff import ADDED_GRAPH, REMOVED_GRAPH, diff_releases, read_release

EX = "http://example.org/"
G1, G2, G3 = EX + "g/kept", EX + "g/changed", EX + "g/new"

OLD = f"""
<{EX}a> <{EX}p> "one" <{G1}> .
<{EX}a> <{EX}p> "two" <{G2}> .
<{EX}a> <{EX}q> "gone" <{G2}> .
<{EX}a> <{EX}r> _:old <{G2}> .
_:old <{EX}label> "blank" <{G2}> .
"""
# the same blank node under another label, one statement removed, one added, a new graph
NEW = f"""
@prefix ex: <{EX}> .
<{G1}> {{ ex:a ex:p "one" . }}
<{G2}> {{ ex:a ex:p "two" ; ex:q "added" ; ex:r _:renamed . _:renamed ex:label "blank" . }}
<{G3}> {{ ex:b ex:p "new" . }}
"""


@pytest.fixture
def releases(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.nq", tmp_path / "new.trig"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def test_added_removed_and_unchanged_per_graph(releases: tuple[Path, Path]) -> None:
    difference = diff_releases(*releases)
    by_graph = {g.graph: (len(g.added), len(g.removed), g.unchanged) for g in difference.graphs}
    assert by_graph == {G1: (0, 0, 1), G2: (1, 1, 3), G3: (1, 0, 0)}
    changed = {g.graph: g for g in difference.changed}
    assert set(changed) == {G2, G3}
    assert [str(t.object) for t in changed[G2].added] == ['"added"']
    assert [str(t.object) for t in changed[G2].removed] == ['"gone"']
    assert (difference.added, difference.removed, difference.unchanged) == (2, 1, 4)


def test_a_bundle_folder_is_read_through_its_nquads(releases: tuple[Path, Path], tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "cybernorms.nq").write_text(OLD, encoding="utf-8")
    assert read_release(bundle) == read_release(releases[0])
    assert not diff_releases(bundle, releases[0]).changed


@pytest.mark.parametrize("make", ["missing", "folder", "text", "broken"])
def test_bad_input_is_a_usage_error(make: str, releases: tuple[Path, Path], tmp_path: Path) -> None:
    path = tmp_path / "x"
    if make == "folder":
        path.mkdir()
    elif make == "text":
        path = tmp_path / "notes.txt"
        path.write_text("hello", encoding="utf-8")
    elif make == "broken":
        path = tmp_path / "broken.nq"
        path.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(UsageError):
        diff_releases(path, releases[1])


# -- the command --


def test_the_table_lists_changed_graphs_then_totals(releases: tuple[Path, Path],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["diff", *map(str, releases)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["graph", "added", "removed"]
    assert [line.split() for line in lines[1:3]] == [[G2, "1", "1"], [G3, "1", "0"]]
    assert lines[3].split() == ["total:", "2", "of", "3", "graphs", "changed", "2", "1"]
    assert len(lines) == 4


def test_csv_and_json_hold_every_graph(releases: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["diff", *map(str, releases), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["graph", "added", "removed", "unchanged"], [G2, "1", "1", "3"], [G1, "0", "0", "1"],
                    [G3, "1", "0", "0"]]
    assert cli.main(["diff", *map(str, releases), "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["total"] == {"graphs": 3, "changed": 2, "added": 2, "removed": 1, "unchanged": 4}


def test_rdf_writes_two_graphs_per_changed_graph(releases: tuple[Path, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "diff.trig"
    assert cli.main(["diff", *map(str, releases), "--rdf", str(target)]) == 0
    store = ox.Store()
    store.load(path=str(target), format=ox.RdfFormat.TRIG)
    graphs = {g.value: len(list(store.quads_for_pattern(None, None, None, g))) for g in store.named_graphs()}
    encoded = {g: g.replace(":", "%3A").replace("/", "%2F") for g in (G2, G3)}
    assert graphs == {ADDED_GRAPH.format(graph=encoded[G2]): 1, REMOVED_GRAPH.format(graph=encoded[G2]): 1,
                      ADDED_GRAPH.format(graph=encoded[G3]): 1}
    assert "wrote" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["missing.nq", "README.txt"])
def test_bad_input_exits_2_with_one_line(bad: str, releases: tuple[Path, Path], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / bad
    if bad.endswith(".txt"):
        path.write_text("not rdf", encoding="utf-8")
    assert cli.main(["diff", str(path), str(releases[1])]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert captured.err.startswith("cybernorms: error: ")


# -- the release's version and date --


def test_version_names_the_package_and_the_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    out = capsys.readouterr().out
    assert DATA_VERSION in out and DATA_RELEASED.isoformat() in out


def test_void_holds_the_version_and_issued_date() -> None:
    from cybernorms.graph.exchange.void import void_triples
    from cybernorms.graph.store.embedded import OxigraphStore

    data = OxigraphStore.memory()
    data.add_quads([ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("x"), ox.NamedNode(G1))])
    store = ox.Store()
    for triple in void_triples(data, DATA_RELEASED, {}, "https://example.org/release/"):
        store.add(ox.Quad(triple.subject, triple.predicate, triple.object))
    rows = list(store.query(
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX owl: <http://www.w3.org/2002/07/owl#> "
        "PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?v ?i ?d WHERE { <https://w3id.org/cybernorms/dataset> dcat:version ?v ; owl:versionInfo ?i ; "
        "dcterms:issued ?d }"))
    assert [(r["v"].value, r["i"].value, r["d"].value, r["d"].datatype.value) for r in rows] == [
        (DATA_VERSION, DATA_VERSION, DATA_RELEASED.isoformat(), "http://www.w3.org/2001/XMLSchema#date")]
