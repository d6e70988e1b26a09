"""Small HTTP helpers shared by the endpoint and the explorer: errors, bodies, replies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from starlette.responses import Response

from cybernorms.server.negotiation import CONTENT_TYPES, EXTENSIONS

if TYPE_CHECKING:
    from starlette.requests import Request

    from cybernorms.server.pool import Reply

TRUNCATED_HEADER = "X-Result-Truncated"
ROWS_HEADER = "X-Result-Rows"
LIMIT_HEADER = "X-Result-Limit"
EXPOSED_HEADERS = (TRUNCATED_HEADER, ROWS_HEADER, LIMIT_HEADER, "Retry-After")


class HTTPProblem(Exception):
    """An error answer: a status, a one-line message for the client, extra headers."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def problem_response(problem: HTTPProblem) -> Response:
    """The plain-text answer to a problem: the message and nothing else (no trace, ever)."""
    return Response(
        problem.message + "\n",
        status_code=problem.status,
        media_type="text/plain; charset=utf-8",
        headers=problem.headers,
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past ``limit`` bytes, declared or sent."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise too_large(limit)
        except ValueError:
            raise HTTPProblem(400, "Content-Length is not a number") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> HTTPProblem:
    return HTTPProblem(413, f"the request is larger than this endpoint's limit of {limit:,} bytes")


def answer_response(reply: Reply, *, max_rows: int, download: str | None = None) -> Response:
    """The HTTP answer for a query process's successful reply, with the truncation signal."""
    header = reply.header
    kind = "graph" if header["kind"] == "graph" else "select"
    fmt = header["format"]
    headers = {ROWS_HEADER: str(header.get("rows", 0)), "Vary": "Accept"}
    if header.get("truncated"):
        headers[TRUNCATED_HEADER] = "true"
        headers[LIMIT_HEADER] = str(max_rows)
    if download:
        headers["Content-Disposition"] = f'attachment; filename="{download}.{EXTENSIONS[fmt]}"'
    return Response(reply.body, media_type=CONTENT_TYPES[(kind, fmt)], headers=headers)
