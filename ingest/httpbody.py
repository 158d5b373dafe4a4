"""Read a streamed HTTP body, decompressing it ourselves so a size cap holds after inflation."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

# What the fetcher advertises in Accept-Encoding; anything else is refused.
ACCEPT_ENCODING = "gzip, deflate"


class BodyTooLarge(Exception):
    """The body, decompressed, is larger than the cap."""


class BadEncoding(Exception):
    """The body's Content-Encoding is unsupported or its compressed data is corrupt."""


class _Inflater:
    """Streaming gzip/deflate decoder whose output per call never exceeds the room left.

    zlib's `max_length` bounds each call, so a gzip bomb costs at most the cap in memory.
    """

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._wbits = zlib.MAX_WBITS | 16 if encoding == "gzip" else zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate `data`; raise BodyTooLarge once output would pass `room` bytes."""
        out = bytearray()
        while data:
            try:
                chunk = self._inflate.decompress(data, room - len(out) + 1)
            except zlib.error as error:
                if self._encoding == "deflate" and not self._started:
                    # Some servers send raw deflate without the zlib header.
                    self._wbits = -zlib.MAX_WBITS
                    self._inflate = zlib.decompressobj(self._wbits)
                    self._started = True
                    continue
                raise BadEncoding(f"corrupt {self._encoding} data: {error}") from None
            self._started = True
            out += chunk
            if len(out) > room:
                raise BodyTooLarge
            data = self._inflate.unconsumed_tail
            if self._inflate.eof and self._inflate.unused_data:
                # A gzip stream may hold several members one after another.
                data = self._inflate.unused_data
                self._inflate = zlib.decompressobj(self._wbits)
            elif not chunk:
                break
        return bytes(out)


def _decoders(content_encoding: str) -> list[_Inflater]:
    """The decoders for a Content-Encoding header, in the order they must run."""
    names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
    decoders = []
    for name in reversed(names):  # the last encoding applied is undone first
        if name in {"identity", ""}:
            continue
        if name in {"gzip", "x-gzip"}:
            decoders.append(_Inflater("gzip"))
        elif name == "deflate":
            decoders.append(_Inflater("deflate"))
        else:
            raise BadEncoding(f"unsupported content-encoding: {name}")
    return decoders


async def read_capped(raw: AsyncIterator[bytes], content_encoding: str, limit: int) -> bytes:
    """Read a raw (still encoded) body stream, decode it and return at most `limit` bytes.

    Raises:
        BodyTooLarge: The decoded body is larger than `limit`.
        BadEncoding: Unsupported Content-Encoding or corrupt compressed data.
    """
    decoders = _decoders(content_encoding)
    body = bytearray()
    async for chunk in raw:
        data = chunk
        for decoder in decoders:
            data = decoder.feed(data, limit - len(body))
        body += data
        if len(body) > limit:
            raise BodyTooLarge
    return bytes(body)
