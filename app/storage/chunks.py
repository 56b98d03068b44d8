"""How a series is stored: chunks of up to `CHUNK_POINTS` points per
(session, source, metric), each a pair of blobs (times, raw values).

One row per value made a day at 10 Hz 6.9 million rows, which SQLite needs
15 s merely to walk; as chunks the same day is about 14,000 rows that numpy
decodes in a fraction of a second.

Encodings (the `encoding` column says which, so a later one can be added):

* ``raw``: little-endian int64 arrays as they are. The small chunks a live
  writer adds at every commit (a few points each) are stored like this, where
  compressing would cost the commit more than it saves.
* ``zd``: each array delta-encoded (first value, then differences) and
  zlib-compressed. Full chunks are stored like this. Times at a steady rate
  compress to almost nothing.

Times are UTC epoch milliseconds, values the catalogue's raw integers; both
round-trip exactly (integer arithmetic wraps the same way both ways).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from app.core.messages import QT_TRANSLATE_NOOP, Explained

CHUNK_POINTS = 512
"""Points per full chunk: at 10 Hz about a minute, at 1 Hz about 8.5 minutes."""

RAW = "raw"
ZLIB_DELTA = "zd"
ENCODINGS = (RAW, ZLIB_DELTA)
ZLIB_DELTA_PLAIN = "zd-before-zlib"
"""Not stored: the deltas before compression (how `decode_series` reads both)."""

IntArray = npt.NDArray[np.int64]
_LE = np.dtype("<i8")

MISSING = np.iinfo(np.int64).min
"""A minute curve's value where the minute has none (no reading, or a gap)."""


class ChunkFormatError(Explained, ValueError):
    """A stored chunk that cannot be decoded (unknown encoding, damaged blob);
    in the user's language."""

    context = "storage"


def encode(values: npt.ArrayLike, encoding: str) -> bytes:
    """One array (times or values) as a blob."""
    arr = np.asarray(values, dtype=np.int64)
    if encoding == RAW:
        return arr.astype(_LE, copy=False).tobytes()
    if encoding in (ZLIB_DELTA, ZLIB_DELTA_PLAIN):
        deltas = np.diff(arr, prepend=np.int64(0)) if arr.size else arr
        plain = deltas.astype(_LE, copy=False).tobytes()
        return plain if encoding == ZLIB_DELTA_PLAIN else zlib.compress(plain, 1)
    raise ChunkFormatError(
        QT_TRANSLATE_NOOP("storage", "unknown chunk encoding “{encoding}”"), encoding=encoding
    )


def encode_raw(values: Sequence[int]) -> bytes:
    """`encode(values, RAW)` for the few points of a small chunk, without
    numpy's per-call overhead."""
    return struct.pack(f"<{len(values)}q", *values)


def decode_series(parts: Sequence[tuple[bytes, str, int]]) -> IntArray:
    """Several chunks' arrays (blob, encoding, count), one after the other, as
    one array. Much faster than `decode` one by one for thousands of chunks:
    the deltas of all of them are summed in one pass, then each chunk's sum is
    restarted at its own first value."""
    if not parts:
        return np.empty(0, dtype=np.int64)
    pieces: list[bytes] = []
    counts = np.empty(len(parts), dtype=np.int64)
    for k, (blob, encoding, count) in enumerate(parts):
        if encoding == ZLIB_DELTA:
            try:
                piece = zlib.decompress(blob, zlib.MAX_WBITS, 8 * count)
            except zlib.error as exc:
                raise ChunkFormatError(
                    QT_TRANSLATE_NOOP("storage", "a stored chunk is damaged: {error}"),
                    error=str(exc),
                ) from exc
        elif encoding == RAW:
            piece = encode(np.frombuffer(blob, dtype=_LE), ZLIB_DELTA_PLAIN)
        else:
            raise ChunkFormatError(
                QT_TRANSLATE_NOOP("storage", "unknown chunk encoding “{encoding}”"),
                encoding=encoding,
            )
        if len(piece) != 8 * count:
            raise ChunkFormatError(
                QT_TRANSLATE_NOOP("storage", "a stored chunk holds {n} values, not {count}"),
                n=len(piece) // 8,
                count=count,
            )
        pieces.append(piece)
        counts[k] = count
    sums = np.cumsum(np.frombuffer(b"".join(pieces), dtype=_LE), dtype=np.int64)
    if len(parts) > 1:
        ends = np.cumsum(counts)
        before = np.concatenate(([0], sums[ends[:-1] - 1]))  # the sum up to each chunk
        sums -= np.repeat(before, counts)
    return sums


def decode(blob: bytes, encoding: str, count: int) -> IntArray:
    """The array `encode` stored; checks it holds `count` values."""
    try:
        if encoding == RAW:
            arr = np.frombuffer(blob, dtype=_LE)
        elif encoding == ZLIB_DELTA:
            arr = np.cumsum(np.frombuffer(zlib.decompress(blob), dtype=_LE), dtype=np.int64)
        else:
            raise ChunkFormatError(
                QT_TRANSLATE_NOOP("storage", "unknown chunk encoding “{encoding}”"),
                encoding=encoding,
            )
    except (zlib.error, ValueError) as exc:
        if isinstance(exc, ChunkFormatError):
            raise
        raise ChunkFormatError(
            QT_TRANSLATE_NOOP("storage", "a stored chunk is damaged: {error}"), error=str(exc)
        ) from exc
    if arr.shape[0] != count:
        raise ChunkFormatError(
            QT_TRANSLATE_NOOP("storage", "a stored chunk holds {n} values, not {count}"),
            n=int(arr.shape[0]),
            count=count,
        )
    return arr.astype(np.int64, copy=False)
