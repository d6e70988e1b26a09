"""What the request handlers share, and how a handler finds it.

:class:`ServerState` is set on the application when it starts (:mod:`cybernorms.server.app`)
and read by every handler (:mod:`cybernorms.server.protocol`, :mod:`cybernorms.server.explorer`)
through :func:`server_state`; it lives in its own module so that the handlers need not import
the application that routes to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cybernorms.server.config import ServerConfig
from cybernorms.server.pool import QueryPool
from cybernorms.server.views import ViewCatalog

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["ServerState", "server_state"]


@dataclass
class ServerState:
    """What the handlers share: the settings, the query pool and the views."""

    config: ServerConfig
    pool: QueryPool
    views: ViewCatalog


def server_state(request: Request) -> ServerState:
    """The state of the application that received ``request``."""
    state: ServerState = request.app.state.cybernorms
    return state
