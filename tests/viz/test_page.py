"""The pages as files: self-contained, every script and style hashed in the CSP, data escaped."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from cybernorms.viz.landscape import Landscape
from cybernorms.viz.page import json_for_html
from cybernorms.viz.views import VIEWS, ViewOptions, render_view

from .conftest import XSS_IMG, XSS_SCRIPT

OPTIONS = {name: ViewOptions(focus="issue-area/crime", depth=2) if name == "neighbourhood" else ViewOptions()
           for name in VIEWS}


@pytest.fixture(scope="module")
def pages(fixture_landscape: Landscape) -> dict[str, str]:
    return {name: render_view(fixture_landscape, name, OPTIONS[name])[0] for name in VIEWS}


def _data(page: str) -> dict:  # type: ignore[type-arg]
    match = re.search(r'<script id="cn-data" type="application/json">(.*?)</script>', page, re.DOTALL)
    assert match
    return json.loads(match[1])


def test_json_for_html_escapes_what_could_end_a_script() -> None:
    text = json_for_html({"label": "</script><!-- & \u2028\u2029 >"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"label": "</script><!-- & \u2028\u2029 >"}


@pytest.mark.parametrize("view", list(VIEWS))
def test_page_loads_nothing_from_anywhere(view: str, pages: dict[str, str]) -> None:
    page = pages[view]
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page, re.IGNORECASE)
    assert not re.search(r"<script[^>]*\bsrc=", page, re.IGNORECASE)
    assert not re.search(r"@import|url\((?!\"?data:)", page)
    assert len(re.findall(r"^<script", page, re.MULTILINE)) == 3  # data, vis-network, page.js


@pytest.mark.parametrize("view", list(VIEWS))
def test_csp_allows_exactly_the_inline_scripts_and_styles(view: str, pages: dict[str, str]) -> None:
    page = pages[view]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]  # type: ignore[index]
    directives = dict(d.strip().split(" ", 1) for d in policy.replace("&#x27;", "'").split(";"))
    assert directives["default-src"] == "'none'" and directives["connect-src"] == "'none'"

    def hashes(tag: str) -> set[str]:
        bodies = re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.DOTALL)
        return {"'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'" for b in bodies}

    assert set(directives["script-src"].split()) == hashes("script")
    assert set(directives["style-src"].split()) == hashes("style")


@pytest.mark.parametrize("view", list(VIEWS))
def test_partner_labels_never_reach_the_html_unescaped(view: str, pages: dict[str, str]) -> None:
    page = pages[view]
    assert XSS_IMG not in page and XSS_SCRIPT not in page
    names = [n["name"] for n in _data(page)["nodes"]]
    assert XSS_IMG in names or XSS_SCRIPT in names


def test_norm_tooltip_data_is_the_exact_text_with_its_citation(pages: dict[str, str]) -> None:
    nodes = {n["iri"].rsplit("/", 1)[-1]: n for n in _data(pages["norm-convergence"])["nodes"]}
    text, citation = "States should respond to requests for assistance.", "FR, Appendix I, DocB 2"
    assert nodes["docb-2"]["texts"] == [[text, [citation]]]


@pytest.mark.parametrize(
    ("view", "legend"),
    [
        pytest.param("forum-positioning", {"proposed forum", "stakeholder group", "regime complex", "state",
                                           "corporation", "civil society organization", "characteristic",
                                           "characteristic still lacking"}, id="forum-positioning"),
        pytest.param("norm-convergence", {"reference document", "norm", "norm category"}, id="norm-convergence"),
        pytest.param("regime-complex", {"forum or process", "regime complex", "issue area", "state", "corporation",
                                        "civil society organization", "research institute"}, id="regime-complex"),
    ],
)
def test_legend_lists_the_kinds_drawn(view: str, legend: set[str], pages: dict[str, str]) -> None:
    data = _data(pages[view])
    assert {data["kinds"][n["kind"]]["legend"] for n in data["nodes"]} == legend
