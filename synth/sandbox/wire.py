"""Wire formats between the parent, the zygote and the program processes.

Two channels with two levels of trust:

* **Control** (parent <-> zygote, both trusted code): length-prefixed JSON frames over a Unix socket
  pair; a "run" frame carries the write end of that program's result pipe as SCM_RIGHTS ancillary data.
* **Results** (program process -> parent, untrusted: a program may write anything into its own pipe): a
  flat binary stream of fixed-layout records, one per input, decoded by :class:`RecordDecoder` with no
  recursion, a byte cap and a check of every field. Any violation raises :class:`WireError`, which the
  parent turns into that program's failure. Each program process has its own pipe, so it can speak only
  for itself.

Record layout (little-endian): ``magic u8 = 0xA7, input index u16, status u8 (index into STATUSES),
message length u16, rows u8, cols u8``, then the UTF-8 message, then ``rows * cols`` cell bytes (0..9,
row-major) when the status is 'ok' (rows = cols = 0 otherwise).
"""
from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np

from synth.sandbox.model import MAX_SIDE, MESSAGE_CHARS, STATUSES, Outcome

RECORD_MAGIC = 0xA7
RECORD_HEADER = struct.Struct("<BHBHBB")
MAX_MESSAGE_BYTES = 4 * MESSAGE_CHARS
_CONTROL_HEADER = struct.Struct(">I")
MAX_CONTROL_FRAME = 64 << 20
_STATUS_CODE = {s: k for k, s in enumerate(STATUSES)}


class WireError(ValueError):
    """A result stream that breaks the record format (the program's failure, never the parent's)."""


# ------------------------------------------------------------------------------------------ inputs

def encode_input(grid: Any, index: int) -> tuple[int, int, str]:
    """Validate one input grid (parent side) and give it as (rows, cols, digit string)."""
    arr = np.asarray(grid)
    if arr.ndim != 2 or arr.dtype.kind not in "biu":
        raise ValueError(f"input {index}: expected a 2-D integer grid, got shape {arr.shape} dtype {arr.dtype}")
    rows, cols = arr.shape
    if not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE):
        raise ValueError(f"input {index}: grid sides must be 1..{MAX_SIDE}, got {rows}x{cols}")
    if arr.min() < 0 or arr.max() > 9:
        raise ValueError(f"input {index}: grid values must be 0..9")
    return rows, cols, (arr.astype(np.uint8) + 48).tobytes().decode("ascii")


def decode_input(rows: int, cols: int, digits: str) -> np.ndarray:
    """The int64 row-major grid of an encoded input (zygote side; trusted data)."""
    return (np.frombuffer(digits.encode("ascii"), dtype=np.uint8) - 48).reshape(rows, cols).astype(np.int64)


# ------------------------------------------------------------------------------------------ control

def encode_control(obj: Any) -> bytes:
    data = json.dumps(obj, separators=(",", ":")).encode("utf-8")
    return _CONTROL_HEADER.pack(len(data)) + data


def split_control(buf: bytearray) -> list[Any]:
    """Remove and decode the complete control frames at the start of `buf` (trusted peer)."""
    out = []
    while len(buf) >= 4:
        (size,) = _CONTROL_HEADER.unpack_from(buf)
        if size > MAX_CONTROL_FRAME:
            raise WireError("oversized control frame")
        if len(buf) < 4 + size:
            break
        out.append(json.loads(bytes(buf[4:4 + size])))
        del buf[:4 + size]
    return out


# ------------------------------------------------------------------------------------------ results

def encode_record(index: int, status: str, message: str, grid: np.ndarray | None = None) -> bytes:
    """One result record (child side). `grid` is a uint8 row-major grid when status is 'ok'."""
    text = message.encode("utf-8", "replace")[:MAX_MESSAGE_BYTES]
    if status == "ok":
        rows, cols = grid.shape
        cells = grid.tobytes()
    else:
        rows = cols = 0
        cells = b""
    return RECORD_HEADER.pack(RECORD_MAGIC, index, _STATUS_CODE[status], len(text), rows, cols) + text + cells


def max_stream_bytes(n_inputs: int, max_cells: int) -> int:
    """The most bytes a well-formed result stream for `n_inputs` inputs can hold."""
    return n_inputs * (RECORD_HEADER.size + MAX_MESSAGE_BYTES + min(max_cells, MAX_SIDE * MAX_SIDE))


class RecordDecoder:
    """Incremental decoder of one program's result stream (parent side; the bytes are untrusted).

    Records must come in input order, each input once; at most `max_stream_bytes` bytes are accepted;
    whatever follows the last input's record is ignored (the parent stops reading there).
    """

    def __init__(self, n_inputs: int, max_cells: int) -> None:
        self.n_inputs = n_inputs
        self.max_cells = max_cells
        self.limit = max_stream_bytes(n_inputs, max_cells)
        self.received = 0
        self.buf = bytearray()
        self.outcomes: list[Outcome] = []

    @property
    def complete(self) -> bool:
        return len(self.outcomes) == self.n_inputs

    def feed(self, data: bytes) -> None:
        if self.complete:
            return        # what follows the last input's record cannot change anything: ignored
        self.received += len(data)
        self.buf += data
        self._decode()
        if not self.complete and self.received > self.limit:
            raise WireError(f"result stream longer than {self.limit} bytes")

    def _decode(self) -> None:
        while len(self.buf) >= RECORD_HEADER.size and not self.complete:
            magic, index, code, text_len, rows, cols = RECORD_HEADER.unpack_from(self.buf)
            if magic != RECORD_MAGIC:
                raise WireError("bad record marker")
            if index != len(self.outcomes):
                raise WireError(f"record for input {index} out of order")
            if code >= len(STATUSES) or text_len > MAX_MESSAGE_BYTES:
                raise WireError("bad record status or message length")
            status = STATUSES[code]
            if status == "ok":
                if not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE) or rows * cols > self.max_cells:
                    raise WireError("grid size out of range")
            elif rows or cols:
                raise WireError("failed outcome with a grid")
            end = RECORD_HEADER.size + text_len + rows * cols
            if len(self.buf) < end:
                return
            text = bytes(self.buf[RECORD_HEADER.size:RECORD_HEADER.size + text_len])
            message = text.decode("utf-8", "replace")[:MESSAGE_CHARS]
            grid = None
            if status == "ok":
                cells = np.frombuffer(bytes(self.buf[RECORD_HEADER.size + text_len:end]), dtype=np.uint8)
                if cells.size and cells.max() > 9:
                    raise WireError("grid values out of range")
                grid = cells.reshape(rows, cols).copy()
            del self.buf[:end]
            self.outcomes.append(Outcome(grid, status, message))

