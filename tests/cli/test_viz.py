"""``cybernorms viz`` and ``cybernorms analyze`` as a user runs them, on the hand-made landscape."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from cybernorms.cli import main
from cybernorms.graph.store.embedded import OxigraphStore


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory, fixture_store: OxigraphStore) -> Path:
    folder = tmp_path_factory.mktemp("store") / "db"
    disk = OxigraphStore.open(folder)
    disk.add_quads(fixture_store.quads())
    disk.close()
    return folder


def test_viz_writes_one_page(store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fp.html"
    assert main(["viz", "forum-positioning", "--out", str(out), "--store", str(store_dir), "-q"]) == 0
    assert capsys.readouterr().out == f"  {out}  (12 nodes, 16 links)\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_viz_all_writes_every_view_and_png(store_dir: Path, tmp_path: Path) -> None:
    assert main(["viz", "all", "--out", str(tmp_path), "--store", str(store_dir), "--png", "-q"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "crosswalk.html", "crosswalk.png", "forum-positioning.html", "forum-positioning.png", "neighbourhood.html",
        "neighbourhood.png", "norm-convergence.html", "norm-convergence.png", "regime-complex.html",
        "regime-complex.png", "table1-matrix.html", "table1-matrix.png", "timeline.html", "timeline.png",
    ]
    assert (tmp_path / "regime-complex.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_neighbourhood_needs_a_focus(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["viz", "neighbourhood", "--store", str(store_dir), "-q"]) == 2
    assert capsys.readouterr().err == (
        "cybernorms: error: the neighbourhood view needs --focus IRI (e.g. --focus forum/un-gge)\n")


def test_neighbourhood_of_an_unknown_focus(store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["viz", "neighbourhood", "--focus", "forum/alfa", "--out", str(tmp_path / "n.html"),
                 "--store", str(store_dir), "-q"])
    assert code == 2
    assert "--focus 'forum/alfa' is not an entity of the graph; did you mean forum:alpha" in capsys.readouterr().err


def test_analyze_table_names_the_forums_rank(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--store", str(store_dir), "-q"]) == 0
    out = capsys.readouterr().out
    assert ("  the new advocacy forum: rank 1 of 10 forums and actors by betweenness (0.692), constraint 0.333, "
            "effective size 3.00\n") in out
    assert "private sector  states                            4 / 1 / 1  – / 0 / 0\n" in out


def test_analyze_json_and_csv_agree(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--format", "json", "--store", str(store_dir), "-q"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["proposed_forum"][0]["rank"] == 1 and data["proposed_forum"][0]["of"] == 10
    assert main(["analyze", "--format", "csv", "--store", str(store_dir), "-q"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    forum = {r["measure"]: r["value"] for r in rows
             if r["section"] == "brokerage" and r["item"].endswith("/forum/new-forum")}
    assert forum["rank"] == "1" and float(forum["betweenness"]) == pytest.approx(54 / 78, abs=1e-6)


def test_analyze_exports_load_back(store_dir: Path, tmp_path: Path) -> None:
    graphml, gexf = tmp_path / "net.graphml", tmp_path / "net.gexf"
    assert main(["analyze", "--graphml", str(graphml), "--gexf", str(gexf), "--store", str(store_dir), "-q"]) == 0
    for path, read in ((graphml, nx.read_graphml), (gexf, nx.read_gexf)):
        assert read(path).number_of_nodes() == 14  # 10 forums and actors, 4 stakeholder groups
        assert read(path.with_name(f"net-norms{path.suffix}")).number_of_nodes() == 6


def _page_names(page: Path) -> dict[str, str]:
    import re

    data = re.search(r'<script id="cn-data" type="application/json">(.*?)</script>', page.read_text("utf-8"), re.S)
    assert data is not None
    return {node["iri"].rsplit("/", 1)[-1]: node["name"] for node in json.loads(data.group(1))["nodes"]}


def test_viz_names_the_states_in_the_chosen_language(curated_cache: Path, tmp_path: Path) -> None:
    for lang in ("ar", "en"):
        assert main(["viz", "regime-complex", "--lang", lang, "--out", str(tmp_path / f"{lang}.html"), "-q"]) == 0
    arabic, english = _page_names(tmp_path / "ar.html"), _page_names(tmp_path / "en.html")
    assert (arabic["deu"], english["deu"]) == ("ألمانيا", "Germany")
    assert arabic["un-gge"] == english["un-gge"]  # a forum has no Arabic name: the English one stays
    assert '"lang":"ar"' in (tmp_path / "ar.html").read_text("utf-8").replace(" ", "")


def test_viz_refuses_a_language_other_than_the_six(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["viz", "regime-complex", "--lang", "de", "-q"]) == 2
    assert "argument --lang: invalid choice: 'de' (choose from 'ar', 'zh', 'en', 'fr', 'ru', 'es')" in capsys.readouterr().err
