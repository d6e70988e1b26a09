"""The "cite this" line every explorer page carries: title, full URL, data release and its date, as-of day."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from cybernorms._version import DATA_RELEASED, DATA_VERSION
from tests.server.conftest import Server

HTML = "text/html"


def cite(server: Server, path: str) -> str:
    response = httpx.get(server.url + path, headers={"Accept": HTML}, timeout=30)
    assert response.status_code in (200, 404)
    found = re.search(r'<p class="cite" id="cite">(.*?)</p>', response.text, re.S)
    assert found is not None, path
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


@pytest.mark.parametrize(("path", "title"), [
    ("/", "Explorer"),
    ("/id/document/coc", "International Code of Conduct for Information Security"),
    ("/search?q=code", "code · search"),
    ("/id/state/nowhere", "Not found"),
])
def test_every_page_says_how_to_cite_it(server: Server, path: str, title: str) -> None:
    line = cite(server, path)
    assert line.startswith(f"Cite this: “{title}”, cybernorms explorer, {server.url}{path},")
    assert f"data release {DATA_VERSION} of {DATA_RELEASED.isoformat()}." in line


def test_the_cite_line_names_the_as_of_day_and_escapes_the_url(server: Server) -> None:
    assert cite(server, "/?named=provenance&as-of=2015-12-31").endswith(", as of 2015-12-31.")
    odd = cite(server, "/?text=%3Cscript%3Ealert(1)%3C/script%3E&as-of=%3Cb%3E")
    assert "as of" not in odd  # not a day: not shown
    raw = httpx.get(server.url + "/?text=%3Cscript%3Ealert(1)%3C/script%3E", headers={"Accept": HTML}).text
    assert "<script>alert(1)" not in raw


def test_a_label_with_markup_stays_text_in_the_cite_line(server: Server) -> None:
    response = httpx.get(server.url + "/id/state/xss", headers={"Accept": HTML}, timeout=30)
    line = re.search(r'<p class="cite" id="cite">(.*?)</p>', response.text, re.S)
    assert line is not None
    assert "&lt;img src=x onerror=alert(1)&gt;" in line.group(1) and "<img" not in line.group(1)
