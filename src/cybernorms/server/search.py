"""Search over HTTP: ``/api/search`` (JSON with the facets and their counts), ``/api/similar`` and the
explorer's ``/search`` page (docs/search.md).

The page is rendered on the server, with no script: the query, the facets and the page are the URL's
parameters, so every search is a permalink; each facet value is a link that adds (or, chosen, removes)
it; each hit links to its entity's page. Snippets are escaped first and their marks then become
``<mark>``, so markup in anyone's data (a partner's label) shows as text. Bad input (an empty text, an
unknown facet value, a day that is not a date, an unknown norm) is a 400 with the same one line as the
command line's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cybernorms.errors import CybernormsError
from cybernorms.server._http import HTTPProblem
from cybernorms.server.explorer import (
    language_context,
    local_href,
    names_in,
    page_language,
    render,
    server_language,
    with_language,
)
from cybernorms.server.search_index import served_search

if TYPE_CHECKING:
    from starlette.requests import Request

    from cybernorms.search import Hit, Searcher

__all__ = ["PAGE_SIZE", "api_search", "api_similar", "marked_html", "routes", "search_page"]

PAGE_SIZE = 20
_MAX_LIMIT = 200
_FACET_PARAMS = ("kind", "document", "category", "actor_type", "year")


def marked_html(snippet: str) -> Markup:
    """A snippet as HTML: its text escaped, its marks as ``<mark>``."""
    from cybernorms.search.index import MARK_CLOSE, MARK_OPEN

    return Markup(str(escape(snippet)).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HTTPProblem(400, f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise HTTPProblem(400, f"{name} must be between {low} and {high}, got {value}")
    return value


async def _searcher(request: Request) -> Searcher:
    from cybernorms.graph.as_of import parse_day

    day = request.query_params.get("as_of") or None
    try:
        when = parse_day(day).isoformat() if day else None
    except CybernormsError as error:
        raise HTTPProblem(400, error.message) from None
    return await served_search(request).searcher(when)


def _facets(request: Request) -> dict[str, str | None]:
    return {name: request.query_params.get(name) or None for name in _FACET_PARAMS}


async def api_search(request: Request) -> Response:
    """``/api/search?q=…``: a page of hits with their snippets and reasons, and every facet with counts."""
    from cybernorms.search import run_search
    from cybernorms.search.rows import result_json

    limit = _int_param(request, "limit", PAGE_SIZE, 1, _MAX_LIMIT)
    offset = _int_param(request, "offset", 0, 0, 10**9)
    text = request.query_params.get("q", "")
    searcher = await _searcher(request)
    try:
        result = run_search(searcher, text, _facets(request), limit=limit, offset=offset)
    except CybernormsError as error:
        raise HTTPProblem(400, error.message) from None
    return JSONResponse(result_json(result, limit=limit, offset=offset))


async def api_similar(request: Request) -> Response:
    """``/api/similar?norm=…``: the norms of other documents most similar to a norm, with why."""
    from cybernorms.search import run_similar
    from cybernorms.search.rows import similar_record

    limit = _int_param(request, "limit", 10, 1, _MAX_LIMIT)
    searcher = await served_search(request).searcher()
    try:
        items = run_similar(searcher, request.query_params.get("norm", ""), limit=limit)
    except CybernormsError as error:
        raise HTTPProblem(400, error.message) from None
    categories = searcher.index.known["category"]
    return JSONResponse([similar_record(i, categories.get(i.category or "", "")) for i in items])


@dataclass(frozen=True)
class FacetLink:
    """One value of a facet on the page: what it shows, its count, whether chosen, where it leads."""

    label: str
    count: int
    chosen: bool
    href: str


def _href(params: dict[str, str], **changes: str | None) -> str:
    """The page's URL with some parameters changed (``None`` removes one); a new filter starts at page one."""
    merged: dict[str, str | None] = dict(params)
    if "offset" not in changes:
        merged.pop("offset", None)
    merged.update(changes)
    return "/search?" + urlencode({k: v for k, v in merged.items() if v})


def _hit_view(hit: Hit, language: str, default: str, names: dict[str, str]) -> dict[str, Any]:
    """One hit as the page shows it: its name in the reader's language where it has one (``names``)."""
    e = hit.entry
    name = names.get(e.iri)
    return {
        "href": with_language(local_href(e.iri), language, default), "iri": e.iri, "label": name or e.label,
        "lang": language if name else "", "kind": e.kind,
        "document": e.document_label, "category": e.category_label, "year": e.year, "partner": e.partner,
        "snippet": marked_html(hit.snippet), "reasons": hit.reasons, "score": hit.score,
    }


async def search_page(request: Request) -> Response:
    """``/search?q=…``: the search page; without ``q``, the search form alone."""
    from cybernorms.search import FACETS, run_search

    text = request.query_params.get("q", "")
    params = {k: v for k, v in request.query_params.items() if k in ("q", "as_of", "offset", "lang", *FACETS) and v}
    language = page_language(request)
    context = language_context(request, language)
    if not text.strip():
        return render("search.html", text="", result=None, params=params, facets=[], hits=[], pages={}, **context)
    offset = _int_param(request, "offset", 0, 0, 10**9)
    searcher = await _searcher(request)
    try:
        result = run_search(searcher, text, _facets(request), limit=PAGE_SIZE, offset=offset)
    except CybernormsError as error:
        raise HTTPProblem(400, error.message) from None
    facets = []
    for name in FACETS:
        chosen = result.filters.get(name)
        links = [FacetLink(f.label or f.value, f.count, f.value == chosen,
                           _href(params, **{name: None if f.value == chosen else _param_value(name, f.value)}))
                 for f in result.facets.get(name, [])]
        if links:
            facets.append((name.replace("_", " "), links))
    pages = {}
    if offset > 0:
        before = max(0, offset - PAGE_SIZE)
        pages["previous"] = _href(params, offset=str(before) if before else None)
    if offset + PAGE_SIZE < result.total:
        pages["next"] = _href(params, offset=str(offset + PAGE_SIZE))
    names = await names_in(request, [h.entry.iri for h in result.hits], language)
    return render("search.html", text=text, result=result, params=params, facets=facets,
                  hits=[_hit_view(h, language, server_language(request), names) for h in result.hits], pages=pages, offset=offset, **context)


def _param_value(facet: str, key: str) -> str:
    """How a facet value is written in the URL: documents and categories by CURIE, the rest as they are."""
    from cybernorms.namespaces import shorten

    return shorten(key) if facet in ("document", "category") else key


def routes() -> list[Route]:
    """The search's routes, for the application's table."""
    return [
        Route("/search", search_page, methods=["GET", "HEAD"]),
        Route("/api/search", api_search, methods=["GET", "HEAD"]),
        Route("/api/similar", api_similar, methods=["GET", "HEAD"]),
    ]
