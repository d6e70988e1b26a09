"""The SPARQL endpoint and web explorer: ``cybernorms serve``.

:func:`create_app` builds the ASGI application (Starlette) for a :class:`ServerConfig`;
``cybernorms serve`` runs it under uvicorn. Queries run in separate processes that the
server kills at their timeout (:class:`QueryPool`); :func:`inspect_query` refuses what
would reach the network. See ``docs/server.md``.
"""

from __future__ import annotations

from cybernorms.server.config import ServerConfig
from cybernorms.server.guard import QueryRefused, inspect_query

__all__ = ["QueryPool", "QueryRefused", "ServerConfig", "create_app", "inspect_query"]


def __getattr__(name: str) -> object:
    """Import the ASGI parts (Starlette, uvicorn) only when they are asked for."""
    if name == "create_app":
        from cybernorms.server.app import create_app

        return create_app
    if name == "QueryPool":
        from cybernorms.server.pool import QueryPool

        return QueryPool
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
