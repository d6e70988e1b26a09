"""The explorer over HTTP: entity pages with their sources, dereferenceable IRIs, escaped data."""

from __future__ import annotations

import re

import httpx
import pytest
import rdflib

from tests.server.conftest import Server

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
XSS = "<img src=x onerror=alert(1)>"


def parse_rdf(data: bytes, fmt: str) -> rdflib.Graph:
    """An rdflib graph of an answer; JSON-LD read by pyoxigraph (rdflib's reader warns of its own deprecations)."""
    if fmt == "json-ld":
        import pyoxigraph as ox

        triples = (q.triple for q in ox.parse(data, format=ox.RdfFormat.JSON_LD))
        data, fmt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", "nt"
    return rdflib.Graph().parse(data=data.decode(), format=fmt)


def page(server: Server, path: str) -> httpx.Response:
    return httpx.get(server.url + path, headers={"Accept": HTML}, timeout=30)


def test_front_page_has_the_editor_and_no_inline_script(server: Server) -> None:
    response = page(server, "/")
    assert response.status_code == 200
    assert '<textarea id="query"' in response.text
    assert '<script src="/static/explorer.js"></script>' in response.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), "no inline script"
    assert "http://" not in re.sub(r"<code>.*?</code>|<textarea.*?</textarea>", "", response.text, flags=re.S) \
        .replace("http://www.w3.org", "").replace(server.url + "/", "")  # the cite line names the page itself


def test_entity_page_shows_facts_with_source_and_locator(server: Server) -> None:
    response = page(server, "/id/document/coc")
    assert response.status_code == 200
    text = response.text
    assert "<h1 id=\"entity-label\" dir=\"auto\">International Code of Conduct for Information Security</h1>" in text
    row = re.search(r"<tr>\s*<td><a[^>]*>short name</a></td>.*?</tr>", text, re.S)
    assert row is not None
    assert "CoC" in row.group()
    assert "Letter of 9 January 2015 (A/69/723)" in row.group()
    assert "paragraph 1" in row.group()


def test_entity_page_links_its_neighbours_locally(server: Server) -> None:
    text = page(server, "/id/document/coc").text
    neighbours = re.search(r'<ul class="neighbours" id="neighbours">(.*?)</ul>', text, re.S)
    assert neighbours is not None
    assert '<a href="/id/state/chn" dir="auto">China</a>' in neighbours.group(1)
    assert '<a href="/id/state/c%C3%B4te" dir="auto">Côte d’Ivoire</a>' in neighbours.group(1)
    hrefs = re.findall(r'href="([^"]*)"', text)
    assert all(h.startswith(("/", "?")) for h in hrefs), [h for h in hrefs if not h.startswith(("/", "?"))]


def test_labels_from_partners_stay_text(server: Server) -> None:
    text = page(server, "/id/state/xss").text
    assert XSS not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "</script><script>" not in text
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in text


def test_non_ascii_iri_dereferences(server: Server) -> None:
    response = page(server, "/id/state/c%C3%B4te")
    assert response.status_code == 200
    assert "Côte d’Ivoire" in response.text


@pytest.mark.parametrize(
    ("accept", "media", "parse"),
    [
        pytest.param("text/turtle", "text/turtle", "turtle", id="turtle"),
        pytest.param("application/ld+json", "application/ld+json", "json-ld", id="json-ld"),
        pytest.param("application/n-triples", "application/n-triples", "nt", id="n-triples"),
        pytest.param("application/rdf+xml", "application/rdf+xml", "xml", id="rdf-xml"),
        pytest.param("*/*", "text/turtle", "turtle", id="anything"),
    ],
)
def test_entity_iri_negotiates_rdf(server: Server, accept: str, media: str, parse: str) -> None:
    response = httpx.get(server.url + "/id/state/chn", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["vary"] == "Accept"
    graph = parse_rdf(response.content, parse)
    chn = rdflib.URIRef("https://w3id.org/cybernorms/id/state/chn")
    assert graph.value(chn, rdflib.RDFS.label) == rdflib.Literal("China")
    coc = rdflib.URIRef("https://w3id.org/cybernorms/id/document/coc")
    assert (coc, rdflib.URIRef("https://w3id.org/cybernorms/ontology#issuedBy"), chn) in graph


def test_unknown_entity_is_404(server: Server) -> None:
    assert page(server, "/id/state/atlantis").status_code == 404
    assert httpx.get(server.url + "/id/state/atlantis", headers={"Accept": "text/turtle"}).status_code == 404


def test_protocol_relative_iri_is_not_a_link_off_site(server: Server) -> None:
    from cybernorms.server.explorer import local_href

    assert local_href("https://w3id.org/cybernorms//evil.example/x").startswith("/resource?iri=")
    assert local_href("javascript:alert(1)") == "/resource?iri=javascript%3Aalert%281%29"


def test_graph_iri_dereferences_to_its_provenance_and_triples(server: Server) -> None:
    html = page(server, "/graph/claim/coc/paragraph-1").text
    assert "paragraph 1" in html and "Letter of 9 January 2015" in html
    turtle = httpx.get(server.url + "/graph/claim/coc/paragraph-1", headers={"Accept": "text/turtle"})
    assert len(rdflib.Graph().parse(data=turtle.text, format="turtle")) == 8


def test_named_query_api_binds_parameters(server: Server) -> None:
    listing = httpx.get(server.url + "/api/queries").json()
    names = [q["name"] for q in listing]
    assert "provenance" in names
    provenance = next(q for q in listing if q["name"] == "provenance")
    assert provenance["parameters"][0]["name"] == "entity"
    answer = httpx.get(server.url + "/api/queries/provenance", params={"entity": "doc:coc"}).json()
    locators = {b["locator"]["value"] for b in answer["results"]["bindings"]}
    assert locators == {"paragraph 1", "row 1"}
    csv = httpx.get(server.url + "/api/queries/provenance", params={"entity": "doc:coc", "format": "csv"})
    assert csv.headers["content-disposition"] == 'attachment; filename="provenance.csv"'
    assert csv.text.splitlines()[0] == "entity,property,value,source,locator,status"


def test_named_query_parameter_is_a_value_not_sparql(server: Server) -> None:
    response = httpx.get(server.url + "/api/queries/provenance", params={"entity": '"} ; DROP ALL ; {"'})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == []


def test_unknown_named_query_and_parameter(server: Server) -> None:
    assert httpx.get(server.url + "/api/queries/nope").status_code == 404
    response = httpx.get(server.url + "/api/queries/provenance", params={"bogus": "1"})
    assert response.status_code == 400
    assert "no parameter 'bogus'" in response.text


def test_footer_names_the_data_release(server: Server) -> None:
    from cybernorms._version import DATA_RELEASED, DATA_VERSION

    body = page(server, "/").text
    footer = body[body.index('<footer class="site">'):]
    assert f'Data release <span class="release">{DATA_VERSION}</span>' in footer
    assert f'<time datetime="{DATA_RELEASED.isoformat()}">' in footer


def test_footer_escapes_the_release() -> None:
    from cybernorms.server.explorer import template_env

    html = template_env().get_template("base.html").render(data_version='<script>"x"</script>',
                                                           data_released='"><b>')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
