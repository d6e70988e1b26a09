"""Bounds on HTTP connections: what uvicorn's parser does not bound, bounded as it reads.

uvicorn with httptools reads a request header of any size (100 MB was read whole, four
at once took 0.9 GB), keeps a connection that never sends a request open for ever, and
its ``limit_concurrency`` counts idle connections, so that 260 of them turned every
request into a 503 (sent without this server's security headers). :func:`protocol_class`
makes uvicorn's httptools protocol hold these limits instead (RFC 9110 §15.5 for the
status codes):

* the request line (method, target, version) at most ``max_request_line`` bytes: 414;
* the header block at most ``max_header_bytes`` bytes and ``max_headers`` fields: 431;
* a request's header block must arrive within ``header_timeout`` seconds of the
  connection opening (or of the previous answer): else 408 and the connection is closed;
* at most ``per_address`` connections from one client address: a new one closes that
  address's oldest idle connection (one between requests), or gets 503 with
  ``Retry-After`` when none is idle; at most ``max_connections`` in all, likewise.

Each of these answers carries the security headers of every other response
(:data:`cybernorms.server.app.SECURITY_HEADERS`) and closes the connection; other
connections are not affected. Idle keep-alive time is uvicorn's ``timeout_keep_alive``.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from cybernorms.server.app import SECURITY_HEADERS

__all__ = ["ConnectionLimits", "protocol_class"]

_REASONS = {
    400: b"Bad Request",
    408: b"Request Timeout",
    414: b"URI Too Long",
    431: b"Request Header Fields Too Large",
    503: b"Service Unavailable",
}


@dataclass(frozen=True)
class ConnectionLimits:
    """The limits one server holds on its connections (``cybernorms serve`` options)."""

    max_request_line: int = 16 * 1024
    max_header_bytes: int = 64 * 1024
    max_headers: int = 100
    header_timeout: float = 10.0
    per_address: int = 64
    max_connections: int = 2048
    retry_after: int = 1


def raw_response(status: int, message: str, *, retry_after: int | None = None) -> bytes:
    """A complete HTTP/1.1 answer that closes the connection, with the security headers."""
    body = (message + "\n").encode()
    lines = [b"HTTP/1.1 %d %s" % (status, _REASONS.get(status, b"Error")),
             b"content-type: text/plain; charset=utf-8",
             b"content-length: %d" % len(body),
             b"connection: close"]
    if retry_after is not None:
        lines.append(b"retry-after: %d" % retry_after)
    lines += [name + b": " + value for name, value in SECURITY_HEADERS]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class _Registry:
    """The open connections, by client address, oldest first."""

    def __init__(self) -> None:
        self.by_address: dict[str, OrderedDict[int, Any]] = {}
        self.total = 0

    def add(self, address: str, protocol: Any) -> None:
        self.by_address.setdefault(address, OrderedDict())[id(protocol)] = protocol
        self.total += 1

    def discard(self, address: str, protocol: Any) -> None:
        group = self.by_address.get(address)
        if group is not None and group.pop(id(protocol), None) is not None:
            self.total -= 1
            if not group:
                del self.by_address[address]

    def oldest_idle(self, address: str | None) -> Any:
        groups = [self.by_address.get(address, OrderedDict())] if address is not None else \
            sorted(self.by_address.values(), key=len, reverse=True)
        for group in groups:
            for protocol in group.values():
                if protocol.idle:
                    return protocol
        return None


def protocol_class(limits: ConnectionLimits) -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol holding ``limits`` (give it as ``uvicorn.Config(http=…)``)."""
    registry = _Registry()

    class BoundedProtocol(HttpToolsProtocol):
        """One connection: uvicorn's protocol, counting what it reads before the headers end."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self.address = self.client[0] if self.client else "?"
            self.header_bytes = 0
            self.header_count = 0
            self.receiving = False
            self.refused = False
            if not self._make_room():
                self.refused = True
                self._refuse(503, "too many connections from this address; close idle ones and retry",
                             retry_after=limits.retry_after)
                return
            registry.add(self.address, self)
            self._arm_header_timer()

        @property
        def idle(self) -> bool:
            """Between requests: nothing read of the next one, no answer being written."""
            return not self.receiving and (self.cycle is None or self.cycle.response_complete)

        def _make_room(self) -> bool:
            group = registry.by_address.get(self.address)
            if group is not None and len(group) >= limits.per_address:
                victim = registry.oldest_idle(self.address)
                if victim is None:
                    return False
                victim.close_idle()
            if registry.total >= limits.max_connections:
                victim = registry.oldest_idle(None)
                if victim is None:
                    return False
                victim.close_idle()
            return True

        def close_idle(self) -> None:
            registry.discard(self.address, self)
            self.transport.close()

        def _arm_header_timer(self) -> None:
            self.header_timer = self.loop.call_later(limits.header_timeout, self._header_timeout)

        def _header_timeout(self) -> None:
            if self.cycle is None or self.cycle.response_complete:
                self._refuse(408, f"no complete request header within {limits.header_timeout:g} s")

        def _refuse(self, status: int, message: str, *, retry_after: int | None = None) -> None:
            if not self.transport.is_closing():
                self.transport.write(raw_response(status, message, retry_after=retry_after))
                self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            registry.discard(getattr(self, "address", "?"), self)
            timer = getattr(self, "header_timer", None)
            if timer is not None:
                timer.cancel()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self.refused or self.transport.is_closing():
                return
            if not self.receiving and (self.cycle is None or self.cycle.response_complete):
                self.receiving = True
                self.header_bytes = 0
                self.header_count = 0
            if self.receiving:
                # what came before this chunk was all header: past the limit, nothing more is read
                if self.header_bytes > limits.max_header_bytes + limits.max_request_line:
                    self._refuse(431, f"the request header is larger than {limits.max_header_bytes:,} bytes")
                    return
                self.header_bytes += len(data)
            super().data_received(data)

        def send_400_response(self, msg: str) -> None:
            self._refuse(400, "malformed HTTP request")

        def on_url(self, url: bytes) -> None:
            super().on_url(url)
            if len(self.url) > limits.max_request_line:
                self._refuse(414, f"the request target is longer than {limits.max_request_line:,} bytes; "
                                  "POST long queries")
                raise _Stop()

        def on_header(self, name: bytes, value: bytes) -> None:
            self.header_count += 1
            if self.header_count > limits.max_headers:
                self._refuse(431, f"more than {limits.max_headers} header fields")
                raise _Stop()
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self.receiving = False
            self.header_timer.cancel()
            size = sum(len(name) + len(value) + 4 for name, value in self.headers)
            if size > limits.max_header_bytes:
                self._refuse(431, f"the request header is larger than {limits.max_header_bytes:,} bytes")
                raise _Stop()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self.header_timer.cancel()
                self._arm_header_timer()

    return BoundedProtocol


class _Stop(Exception):
    """Raised from a parser callback to stop reading a connection that was answered and closed."""
