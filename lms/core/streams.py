"""Helpers for streamed downloads."""

from __future__ import annotations

from collections.abc import Iterator


class ChunkSink:
    """A write-only file that hands over what was written, chunk by chunk.

    ``zipfile`` and ``xlsxwriter`` write into it; a streaming response yields ``drain()``.
    It cannot seek, which makes zipfile use data descriptors instead of rewriting headers.
    """

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def drain(self) -> Iterator[bytes]:
        chunks, self.chunks = self.chunks, []
        yield from chunks
