"""The reader's language in the explorer and the served views: ``?lang=`` and ``cybernorms serve --lang``.

A state's page and a view show the state's name in the chosen language (its ``skos:prefLabel``, from
the ISO 3166-1 translations), English where the data has no name in it; Arabic is marked right to left;
every link keeps the language; any other ``lang`` is refused with a 400 that names the six.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import Server, start_server, stop_server

GERMANY = "/id/state/deu"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory, curated_cache: Path) -> Iterator[Server]:
    """A server on the curated dataset whose default language is French (``--lang fr``)."""
    from cybernorms.graph.store.embedded import OxigraphStore

    where = tmp_path_factory.mktemp("language") / "store"
    store = OxigraphStore.open(where)
    store.load(curated_cache, "nq")
    store.close()
    running = start_server(where, tmp_path_factory.mktemp("language-logs") / "server.log",
                           "--workers", "1", "--lang", "fr")
    yield running
    stop_server(running)


def page(server: Server, path: str, **params: str) -> str:
    response = httpx.get(server.url + path, params=params, headers=HTML, timeout=60)
    assert response.status_code == 200, response.text
    return response.text


def heading(html: str) -> str:
    found = re.search(r'<h1 id="entity-label"([^>]*)>([^<]*)</h1>', html)
    assert found, html[:500]
    return found.group(1) + "|" + found.group(2)


def test_a_states_page_in_french_arabic_and_english(french: Server) -> None:
    assert heading(page(french, GERMANY)) == ' lang="fr" dir="ltr"|Allemagne'  # the server's --lang
    assert heading(page(french, GERMANY, lang="ar")) == ' lang="ar" dir="rtl"|ألمانيا'
    assert heading(page(french, GERMANY, lang="en")) == ' lang="en" dir="ltr"|Germany'
    assert heading(page(french, GERMANY, lang="zh")) == ' lang="zh" dir="ltr"|德国'


def test_an_entity_with_no_name_in_the_language_is_shown_in_english(french: Server) -> None:
    assert heading(page(french, "/id/org/microsoft", lang="ar")) == ' lang="en" dir="ltr"|Microsoft'


def test_links_keep_the_language_and_linked_states_are_named_in_it(french: Server) -> None:
    html = page(french, "/id/event/2025-10-24-cri-fifth-summit", lang="ar")
    assert 'href="/id/state/deu?lang=ar"' in html
    assert re.search(r'href="/id/state/deu\?lang=ar"[^>]*dir="auto">ألمانيا</a>', html)
    assert 'href="/ontology?lang=ar"' in html
    switch = re.search(r'<nav class="languages" id="languages"[^>]*>(.*?)</nav>', html, re.S)
    assert switch is not None
    assert 'href="/id/event/2025-10-24-cri-fifth-summit"' in switch.group(1)  # French, the server's default
    assert 'href="/id/event/2025-10-24-cri-fifth-summit?lang=en"' in switch.group(1)
    assert 'lang="ar" hreflang="ar" dir="rtl" aria-current="true">العربية</a>' in switch.group(1)


def test_an_unknown_language_is_refused_in_one_line(french: Server) -> None:
    response = httpx.get(french.url + GERMANY, params={"lang": "de"}, headers=HTML, timeout=30)
    assert response.status_code == 400
    assert "lang 'de' is not one of the six UN languages: ar, zh, en, fr, ru, es" in html.unescape(response.text)


def _names(html: str) -> dict[str, set[str]]:
    """A view page's node names by kind."""
    import json

    found = re.search(r'<script id="cn-data" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    names: dict[str, set[str]] = {}
    for node in json.loads(found.group(1))["nodes"]:
        names.setdefault("state" if node["kind"] == "state" else "other", set()).add(node["name"])
    return names


def test_a_view_names_the_states_in_the_chosen_language(french: Server) -> None:
    arabic = _names(page(french, "/views/regime-complex", lang="ar"))
    english = _names(page(french, "/views/regime-complex", lang="en"))
    assert "ألمانيا" in arabic["state"] and "Germany" not in arabic["state"]
    assert "Germany" in english["state"] and "ألمانيا" not in english["state"]
    assert arabic["other"] == english["other"]  # forums and organisations have no Arabic name: English stays
    assert "Allemagne" in _names(page(french, "/views/regime-complex"))["state"]


def test_search_shows_the_hits_in_the_chosen_language(french: Server) -> None:
    arabic = page(french, "/search", q="Germany", lang="ar")
    assert re.search(r'<a class="hit-label" href="/id/state/deu\?lang=ar" dir="auto" lang="ar">ألمانيا</a>', arabic)
    assert '<input type="hidden" name="lang" value="ar">' in arabic  # a new search keeps the language
    english = page(french, "/search", q="Germany", lang="en")
    assert re.search(r'<a class="hit-label" href="/id/state/deu\?lang=en" dir="auto">Germany</a>', english)
    assert re.search(r'<a class="hit-label" href="/id/state/deu" dir="auto" lang="fr">Allemagne</a>',
                     page(french, "/search", q="Germany"))
