"""Content negotiation: the format each Accept header gets."""

from __future__ import annotations

import pytest

from cybernorms.server.negotiation import choose, format_override, prefers_html

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "select", "graph"),
    [
        pytest.param(None, "json", "ttl", id="no-header"),
        pytest.param("*/*", "json", "ttl", id="anything"),
        pytest.param("application/sparql-results+xml", "xml", None, id="results-xml"),
        pytest.param("text/csv", "csv", None, id="csv"),
        pytest.param("text/tab-separated-values", "tsv", None, id="tsv"),
        pytest.param("application/n-triples", None, "nt", id="n-triples"),
        pytest.param("application/ld+json", None, "jsonld", id="json-ld"),
        pytest.param("application/rdf+xml", None, "xml", id="rdf-xml"),
        pytest.param("text/csv;q=0.5, application/sparql-results+xml", "xml", None, id="quality"),
        pytest.param("text/*;q=0.3, text/csv;q=0", "tsv", "ttl", id="zero-quality-excludes"),
        pytest.param("image/png", None, None, id="nothing-fits"),
    ],
)
def test_accept_picks(accept: str | None, select: str | None, graph: str | None) -> None:
    choice = choose(accept)
    assert (choice.select, choice.graph) == (select, graph)


def test_browsers_get_html_and_clients_rdf() -> None:
    assert prefers_html(BROWSER)
    assert not prefers_html("text/turtle")
    assert not prefers_html("*/*")
    assert not prefers_html("application/ld+json, text/html;q=0.5")


def test_format_parameter_overrides() -> None:
    assert format_override("csv").select == "csv"
    assert format_override("rdfxml").graph == "xml"
    assert format_override("text/tab-separated-values").select == "tsv"
    assert format_override("n3") is None  # left to Accept, as SPARQLWrapper sends its own names
