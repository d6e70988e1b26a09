"""The ASGI application: routes, security headers, limits, and the query pool's lifetime.

Built on Starlette and served by uvicorn (``cybernorms serve``), or by any ASGI server
given :func:`create_app`. Every response, error pages included, carries a
Content-Security-Policy (scripts and styles from this origin only, no inline script),
``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` and
``X-Frame-Options``; an unexpected error is logged and answered with a fixed sentence,
never with its text or a traceback.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cybernorms._version import __version__
from cybernorms.server import compare, downloads, explorer, protocol, search, vocabulary
from cybernorms.server._http import (
    EXPOSED_HEADERS,
    HTTPProblem,
    problem_response,
    too_large,
)
from cybernorms.server.config import ServerConfig
from cybernorms.server.negotiation import prefers_html
from cybernorms.server.pool import QueryPool
from cybernorms.server.state import ServerState, server_state
from cybernorms.server.views import ViewCatalog, page_policy

__all__ = ["CSP", "SECURITY_HEADERS", "ServerState", "SecurityHeaders", "create_app", "data_source"]

log = logging.getLogger("cybernorms.server")

STATIC_DIR = Path(__file__).resolve().parent / "static"

#: The two fixed stylesheets the query editor's result table (YASR's column resizer, vendored in
#: static/yasgui/) adds as <style> elements, by hash: its grips' rules, and the cursor while a grip
#: is dragged. Nothing else inline is allowed (docs/server.md, "The content security policy").
YASGUI_STYLE_HASHES = (
    "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='",
    "'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='",
)

CSP = (
    f"default-src 'none'; script-src 'self'; style-src 'self' {' '.join(YASGUI_STYLE_HASHES)}; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""The policy of every page but the views: no inline script, nothing from elsewhere."""

_SECURITY_HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
    b"cross-origin-opener-policy": b"same-origin",
}

SECURITY_HEADERS = (*_SECURITY_HEADERS.items(), (b"content-security-policy", CSP.encode()))
"""The headers of every answer, as raw pairs (also for those the connection layer writes itself)."""


def _utf8_query(query_string: bytes) -> bool:
    """Whether a URL's query is UTF-8 once percent-decoded (RFC 3986 §2.5; ``%FF`` is not)."""
    try:
        unquote_to_bytes(query_string.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def data_source(config: ServerConfig, progress: Any = None) -> str:
    """The source the query processes load: build the dataset first if it is not cached.

    ``nq:FILE`` for the built dataset (the cache file, pinned now, so a rebuild while the
    server runs does not change what it serves), ``dir:DIR`` for an on-disk store (opened
    read-only) and ``url:URL`` for a remote endpoint.
    """
    from cybernorms.errors import UsageError

    if config.remote:
        return f"url:{config.store}"
    if config.store is not None:
        from cybernorms.graph.store.embedded import OxigraphStore

        where = Path(config.store).resolve()
        OxigraphStore.open(where, read_only=True).close()  # a clear error now rather than in every process
        return f"dir:{where}"
    from cybernorms.graph.build.dataset import cache_file, open_dataset

    result = open_dataset(progress=progress or (lambda _: None))
    path = cache_file()
    if not result.consistent or not path.exists():
        raise UsageError(f"the knowledge graph did not build consistently: {result.explanation}")
    result.store.close()
    return f"nq:{path.resolve()}"


class SecurityHeaders:
    """Outermost ASGI layer: security headers on every response, 413 before reading a body,
    and a fixed 500 for anything unexpected."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._send_plain(send, problem_response(too_large(self.max_body)))
            return
        query_string = scope.get("query_string") or b""
        if b"%" in query_string and not _utf8_query(query_string):
            await self._send_plain(send, problem_response(HTTPProblem(
                400, "the URL's query is not UTF-8 once percent-decoded (such as %FF): encode the query as "
                     "UTF-8 before percent-encoding it")))
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _SECURITY_HEADERS]
                names = {k.lower() for k, _ in headers}
                headers += list(_SECURITY_HEADERS.items())
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unexpected error answering %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await self._send_plain(send_with_headers,
                                       Response("internal error: the server could not answer this request\n",
                                                status_code=500, media_type="text/plain; charset=utf-8"))

    async def _send_plain(self, send: Send, response: Response) -> None:
        headers = [*response.raw_headers, *SECURITY_HEADERS]
        await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPProblem)
    if exc.status in (404, 400) and prefers_html(request.headers.get("accept")) \
            and not request.url.path.startswith(("/sparql", "/api/", "/store")):
        return explorer.render("error.html", status=exc.status, status_code=exc.status, message=exc.message)
    return problem_response(exc)


async def _not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    message = "no such page" if status == 404 else "this method is not allowed here"
    return await _problem(request, HTTPProblem(status, message))


async def status_page(request: Request) -> Response:
    """``/status``: liveness and the pool's counters, for monitoring."""
    state = server_state(request)
    pool = state.pool
    return JSONResponse({
        "version": __version__,
        "graphs": len(pool.graphs),
        "workers": len(pool.pids()),
        "in_flight": pool.in_flight,
        "network_isolated_workers": pool.isolated,
        "limits": {
            "timeout": state.config.timeout,
            "max_rows": state.config.max_rows,
            "max_body": state.config.max_body,
            "max_concurrent": state.config.max_concurrent,
            "slow_running": state.config.slow_running,
            "per_client": state.config.per_client,
            "max_untrusted": pool.max_untrusted,
            "slow_memory": state.config.slow_memory,
        },
        "idle_size": pool.size + pool.spare_count,
        "counters": vars(pool.stats),
    })


async def views_index(request: Request) -> Response:
    return RedirectResponse("/#views", status_code=303)


async def view_page(request: Request) -> Response:
    """``/views/NAME``: one interactive view, with a policy that admits its inline scripts by hash.

    ``/views/neighbourhood?focus=IRI`` draws the neighbourhood of one entity.
    """
    state = server_state(request)
    name = request.path_params["name"]
    if name not in dict(state.views.listing()):
        raise HTTPProblem(404, f"no view {name!r}")
    focus = request.query_params.get("focus") or None
    language = explorer.page_language(request)
    if not state.views.rendered:
        page = state.views.file_page(name)
        if page is None:
            raise HTTPProblem(404, f"no view {name!r}")
    elif (page := state.views.cached(name, focus, language)) is None:
        reply = await protocol.run_job(request, {"op": "view", "name": name, "focus": focus, "lang": language})
        if not reply.header.get("ok"):
            status = int(reply.header.get("status", 500))
            raise HTTPProblem(status, "no such view or focus" if status == 404 else "the view could not be drawn")
        page = reply.body
        state.views.keep(name, focus, page, language)
    return Response(page, media_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": page_policy(page), "X-Frame-Options": "SAMEORIGIN"})


async def favicon(request: Request) -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=301)


def _routes() -> list[Any]:
    return [
        Route("/", explorer.index_page, methods=["GET", "HEAD"]),
        Route("/sparql", protocol.sparql_endpoint,
              methods=["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"]),
        Route("/store", protocol.graph_store, methods=["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"]),
        Route("/api/queries", explorer.query_list, methods=["GET", "HEAD"]),
        Route("/api/queries/{name}", explorer.named_query, methods=["GET", "HEAD"]),
        Route("/api/vocabulary", vocabulary.vocabulary, methods=["GET", "HEAD"]),
        Route("/api/download", downloads.download, methods=["GET", "HEAD"]),
        Route("/api/tables/{name}", downloads.release_table, methods=["GET", "HEAD"]),
        Route("/id/{path:path}", explorer.entity_page, methods=["GET", "HEAD"]),
        Route("/graph/{path:path}", explorer.graph_page, methods=["GET", "HEAD"]),
        Route("/ontology", explorer.ontology_page, methods=["GET", "HEAD"]),
        Route("/resource", explorer.resource_page, methods=["GET", "HEAD"]),
        Route("/compare/norms", compare.compare_norms, methods=["GET", "HEAD"]),
        Route("/compare/states", compare.compare_states, methods=["GET", "HEAD"]),
        Route("/views/", views_index, methods=["GET", "HEAD"]),
        Route("/views/{name}", view_page, methods=["GET", "HEAD"]),
        Route("/status", status_page, methods=["GET", "HEAD"]),
        *search.routes(),
        Route("/favicon.ico", favicon, methods=["GET", "HEAD"]),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]


def create_app(config: ServerConfig | None = None, *, source: str | None = None) -> ASGIApp:
    """The ASGI app for ``config``; the query processes start with the app's lifespan.

    ``source`` is what the processes load (see :func:`data_source`); without it the
    dataset is opened (and built if need be) when the app starts.
    """
    config = config or ServerConfig()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = QueryPool(
            source or data_source(config),
            workers=config.workers,
            max_concurrent=config.max_concurrent,
            timeout=config.timeout,
            slow_after=config.slow_after,
            max_slow=config.max_slow,
            slow_running=config.slow_running,
            spares=config.spares,
            slow_memory=config.slow_memory,
            per_client=config.per_client,
            max_untrusted=config.max_untrusted,
            reject_delay=config.reject_delay,
        )
        await pool.start()
        if not pool.isolated and not config.remote:
            log.warning("query processes could not leave the network namespace; the query guard alone "
                        "keeps SERVICE from reaching the network")
        app.state.cybernorms = ServerState(config, pool, ViewCatalog(config.views_dir))
        try:
            yield
        finally:
            await pool.close()

    middleware = []
    if config.cors:
        middleware.append(Middleware(
            CORSMiddleware,
            allow_origins=[config.cors],
            allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=list(EXPOSED_HEADERS),
            max_age=600,
        ))
    app = Starlette(
        routes=_routes(),
        middleware=middleware,
        exception_handlers={HTTPProblem: _problem, 404: _not_found, 405: _not_found},
        lifespan=lifespan,
    )
    return SecurityHeaders(app, config.max_body)
