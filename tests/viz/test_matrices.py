"""The matrix pages against the named queries: Table 1's counts and cells, the crosswalk's alignments,
partner labels that never replace a curated one, the command line, the main job and the explorer."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from cybernorms.api import KnowledgeGraph
from cybernorms.cli import main
from cybernorms.graph.as_of import as_of
from cybernorms.graph.store.embedded import OxigraphStore, Store
from cybernorms.namespaces import ID, PARTNER_GRAPH_PREFIX, PREFIXES
from cybernorms.viz.matrices import build_matrix, matrix_data

from .conftest import XSS_IMG, XSS_SCRIPT

_DATA = re.compile(r'<script id="cn-data" type="application/json">(.*?)</script>', re.DOTALL)


def _counts(data: dict) -> dict[tuple[str, str], int]:
    return {(row["notation"], col["short"]): len(data["cells"][i][j]["norms"])
            for i, row in enumerate(data["rows"]) for j, col in enumerate(data["columns"])
            if data["cells"][i][j]["norms"]}


def _table1(store: Store) -> dict[tuple[str, str], int]:
    return {(r["category"], r["source"]): int(r["norms"]) for r in KnowledgeGraph(store).query("table1").to_records()}


def test_table1_matrix_counts_are_the_named_query_table1(curated_store: Store) -> None:
    assert _counts(matrix_data(curated_store, "table1-matrix")) == _table1(curated_store)


def test_table1_matrix_as_of_the_report_is_table1_as_of_the_report(curated_store: Store) -> None:
    import datetime as dt

    day = dt.date(2015, 12, 31)
    _page, data = build_matrix(curated_store, "table1-matrix", day)
    assert _counts(data) == _table1(as_of(curated_store, day))
    assert data["asOf"] == "2015-12-31" and "As of 2015-12-31" in data["view"]["description"]


def test_a_table1_cell_holds_the_norms_of_its_category_and_document(curated_store: Store) -> None:
    data = matrix_data(curated_store, "table1-matrix")
    i = next(i for i, r in enumerate(data["rows"]) if r["notation"] == "III")
    j = next(j for j, c in enumerate(data["columns"]) if c["short"] == "UNGGE")
    shown = {data["norms"][k]["iri"] for k in data["cells"][i][j]["norms"]}
    rows = curated_store.query(
        "PREFIX cn: <https://w3id.org/cybernorms/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "SELECT DISTINCT ?n WHERE { GRAPH ?g { ?n cn:inCategory <" + ID + "category/III> } "
        "?g prov:wasDerivedFrom <" + ID + "document/ewi-2015> . ?n cn:statedIn <" + ID + "document/ungge-2015> }").rows
    assert shown == {row[0].value for row in rows} and len(shown) == 3


def test_the_crosswalk_holds_every_alignment_of_aligned_norms(curated_store: Store) -> None:
    data = matrix_data(curated_store, "crosswalk")
    names = [n["name"] for n in data["norms"]]
    shown = {(names[a["from"]], a["relation"], names[a["to"]], a["rationale"]) for a in data["alignments"]}
    expected = {(r["from_norm"], r["relation"], r["to_norm"], r["rationale"])
                for r in KnowledgeGraph(curated_store).query("aligned_norms").to_records()}
    assert shown == expected


def _with_partner(store: Store) -> OxigraphStore:
    """The curated quads and a partner's graph: markup as a norm's label and as an alignment's rationale."""
    copy = OxigraphStore.memory()
    copy.add_quads(store.quads())
    g = ox.NamedNode(PARTNER_GRAPH_PREFIX + "xss")
    cn = "https://w3id.org/cybernorms/ontology#"
    rdf_type, label = ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(PREFIXES["rdfs"] + "label")
    alignment = ox.NamedNode(ID + "alignment/partner-xss")
    copy.add_quads([
        ox.Quad(ox.NamedNode(ID + "norm/coc-5"), label, ox.Literal(XSS_IMG), g),
        ox.Quad(alignment, rdf_type, ox.NamedNode(cn + "Alignment"), g),
        ox.Quad(alignment, ox.NamedNode(cn + "fromNorm"), ox.NamedNode(ID + "norm/coc-5"), g),
        ox.Quad(alignment, ox.NamedNode(cn + "toNorm"), ox.NamedNode(ID + "norm/msft-1"), g),
        ox.Quad(alignment, ox.NamedNode(cn + "relation"), ox.NamedNode(ID + "alignment-relation/related"), g),
        ox.Quad(alignment, ox.NamedNode(cn + "rationale"), ox.Literal(XSS_SCRIPT), g),
    ])
    return copy


@pytest.fixture(scope="module")
def partnered(curated_store: Store) -> OxigraphStore:
    return _with_partner(curated_store)


def test_a_partner_label_never_replaces_a_curated_one_and_is_marked(partnered: OxigraphStore) -> None:
    data = matrix_data(partnered, "crosswalk")
    norm = next(n for n in data["norms"] if n["id"] == "norm/coc-5")
    assert norm["labels"][0]["partner"] is None and norm["labels"][0]["text"] != XSS_IMG
    assert {"text": XSS_IMG, "partner": "xss"} in norm["labels"]
    partner = [a for a in data["alignments"] if a["rationale"] == XSS_SCRIPT]
    assert len(partner) == 1 and partner[0]["partner"] == "xss"


def test_the_page_holds_markup_only_as_escaped_json_and_its_policy_hashes_its_code(partnered: OxigraphStore) -> None:
    import base64
    import hashlib

    page, data = build_matrix(partnered, "crosswalk")
    assert XSS_IMG not in page and XSS_SCRIPT not in page and "<img" not in page
    assert json.loads(_DATA.search(page)[1]) == json.loads(json.dumps(data))
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1])
    for code in re.findall(r"<script>(.*?)</script>", page, re.DOTALL) + re.findall(r"<style>(.*?)</style>", page, re.DOTALL):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"sha256-{digest}" in policy
    assert "connect-src 'none'" in policy and "default-src 'none'" in policy
    assert re.search(r"\s(src|href)\s*=", _DATA.sub("", page)) is None  # nothing to fetch


def test_viz_writes_each_matrix(curated_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["viz", "table1-matrix", "--as-of", "2015-12-31", "--out", str(tmp_path / "t1.html")]) == 0
    assert main(["viz", "crosswalk", "--out", str(tmp_path), "--png"]) == 0
    out = capsys.readouterr().out
    assert f"{tmp_path / 't1.html'}  (5 × 5 cells, 35 norms filed)" in out
    assert str(tmp_path / "crosswalk.html") in out and f"  {tmp_path / 'crosswalk.png'}\n" in out
    assert not (tmp_path / "t1.png").exists()  # a PNG only when asked for
    assert (tmp_path / "crosswalk.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = json.loads(_DATA.search((tmp_path / "t1.html").read_text(encoding="utf-8"))[1])
    assert data["asOf"] == "2015-12-31"


def test_the_main_job_writes_both_matrices(curated_store: Store, tmp_path: Path) -> None:
    from cybernorms.viz.views import write_outputs

    lines = write_outputs(curated_store, tmp_path, lambda _: None)
    for name in ("table1-matrix", "crosswalk"):
        assert (tmp_path / "views" / f"{name}.html").is_file()
        assert any(f"views/{name}.html" in line for line in lines)
        assert (tmp_path / "views" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_explorer_serves_both_matrices_under_its_policy(curated_store: Store, tmp_path: Path) -> None:
    from tests.server.conftest import start_server, stop_server

    where = tmp_path / "store"
    with OxigraphStore.open(where) as store:
        store.add_quads(curated_store.quads())
    server = start_server(where, tmp_path / "server.log", "--timeout", "30")
    try:
        index = httpx.get(server.url + "/", timeout=30).text
        for name in ("table1-matrix", "crosswalk"):
            assert f"/views/{name}" in index
            reply = httpx.get(f"{server.url}/views/{name}", timeout=60)
            assert reply.status_code == 200
            assert "script-src 'self' 'sha256-" in reply.headers["content-security-policy"]
            data = json.loads(_DATA.search(reply.text)[1])
            if name == "table1-matrix":
                assert _counts(data) == _table1(curated_store)
    finally:
        stop_server(server)
