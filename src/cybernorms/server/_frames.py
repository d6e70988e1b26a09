"""The wire between the server and its query processes: length-prefixed frames on pipes.

A message is a JSON header and a byte body, each sent as a 4-byte big-endian length and
the bytes. The header says what to do (or how it went); the body carries an answer
already serialised, so the server never decodes a result it only passes on.
"""

from __future__ import annotations

import json
import struct
from typing import IO, Any

_LENGTH = struct.Struct(">I")
MAX_FRAME = 2**31


def encode(header: dict[str, Any], body: bytes = b"") -> bytes:
    """One message as bytes."""
    head = json.dumps(header, separators=(",", ":")).encode()
    return _LENGTH.pack(len(head)) + head + _LENGTH.pack(len(body)) + body


def read_message(stream: IO[bytes]) -> tuple[dict[str, Any], bytes] | None:
    """Read one message from a blocking stream; ``None`` at end of stream."""
    head = _read_part(stream)
    if head is None:
        return None
    body = _read_part(stream)
    if body is None:
        return None
    return json.loads(head), body


def _read_part(stream: IO[bytes]) -> bytes | None:
    prefix = _read_exactly(stream, _LENGTH.size)
    if prefix is None:
        return None
    (length,) = _LENGTH.unpack(prefix)
    return _read_exactly(stream, length)


def _read_exactly(stream: IO[bytes], n: int) -> bytes | None:
    chunks: list[bytes] = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


async def read_message_async(reader: Any) -> tuple[dict[str, Any], bytes]:
    """Read one message from an ``asyncio.StreamReader``; IncompleteReadError at its end."""
    (head_length,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
    head = await reader.readexactly(head_length)
    (body_length,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
    body = await reader.readexactly(body_length) if body_length else b""
    return json.loads(head), body
