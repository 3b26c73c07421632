"""The result wire format: round trips, and the parent-side decoder surviving any byte stream."""
from __future__ import annotations

import random
import struct

import numpy as np
import pytest

from synth.sandbox.model import STATUSES
from synth.sandbox.wire import (RECORD_HEADER, RecordDecoder, WireError, encode_control, encode_input,
                                encode_record, max_stream_bytes, split_control)


def test_round_trip_in_pieces():
    grid = np.arange(12, dtype=np.uint8).reshape(3, 4) % 10
    stream = (encode_record(0, "ok", "", grid) + encode_record(1, "exception", "ValueError: é")
              + encode_record(2, "timeout", "time limit exceeded"))
    dec = RecordDecoder(3, 900)
    for k in range(len(stream)):           # byte by byte: records split anywhere
        dec.feed(stream[k:k + 1])
    assert dec.complete
    assert [o.status for o in dec.outcomes] == ["ok", "exception", "timeout"]
    np.testing.assert_array_equal(dec.outcomes[0].grid, grid)
    assert dec.outcomes[0].grid.flags.writeable and dec.outcomes[0].grid.dtype == np.uint8
    assert dec.outcomes[1].message == "ValueError: é" and dec.outcomes[1].grid is None


def test_bytes_after_the_last_record_are_ignored():
    dec = RecordDecoder(1, 900)
    dec.feed(encode_record(0, "ok", "", np.zeros((1, 1), np.uint8)) + b"\xff" * 10_000_000)
    assert dec.complete and dec.outcomes[0].status == "ok"
    dec.feed(b"more garbage")


@pytest.mark.parametrize("data", [
    b"\x00" * 8,                                                          # bad marker
    struct.pack("<BHBHBB", 0xA7, 1, 0, 0, 1, 1) + b"\x00",                 # out of order
    struct.pack("<BHBHBB", 0xA7, 0, len(STATUSES), 0, 0, 0),              # unknown status
    struct.pack("<BHBHBB", 0xA7, 0, 0, 0, 0, 0),                          # ok without a grid
    struct.pack("<BHBHBB", 0xA7, 0, 0, 0, 31, 1) + b"\x00" * 31,           # side too long
    struct.pack("<BHBHBB", 0xA7, 0, 0, 0, 30, 30) + b"\x00" * 900,         # more cells than allowed (400)
    struct.pack("<BHBHBB", 0xA7, 0, 0, 0, 1, 2) + b"\x00\x0a",             # cell value 10
    struct.pack("<BHBHBB", 0xA7, 0, 2, 0, 1, 1) + b"\x00",                 # failure carrying a grid
    struct.pack("<BHBHBB", 0xA7, 0, 2, 5000, 0, 0),                       # message too long
])
def test_malformed_records_raise_wire_error(data):
    with pytest.raises(WireError):
        RecordDecoder(2, 400).feed(data)


def test_longest_well_formed_stream_fits_the_cap_and_anything_longer_fails():
    longest = b"".join(encode_record(k, "ok", "é" * 600, np.zeros((30, 30), np.uint8)) for k in range(3))
    assert len(longest) <= max_stream_bytes(3, 900)
    dec = RecordDecoder(3, 900)
    dec.feed(longest)
    assert dec.complete and len(dec.outcomes[2].message) == 300
    with pytest.raises(WireError):
        RecordDecoder(3, 900).feed(b"\xa7" * (max_stream_bytes(3, 900) + 1))


def test_random_streams_only_ever_raise_wire_error():
    rng = random.Random(0)
    good = encode_record(0, "ok", "", np.ones((2, 2), np.uint8)) + encode_record(1, "memory", "m")
    for _ in range(3000):
        data = bytearray(good)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 64)))
        dec = RecordDecoder(2, 900)
        try:
            for k in range(0, len(data), 5):
                dec.feed(bytes(data[k:k + 5]))
        except WireError:
            continue
        for o in dec.outcomes:
            assert o.status in STATUSES
            assert o.grid is None or (o.grid.dtype == np.uint8 and o.grid.max() <= 9 and 1 <= min(o.grid.shape))


def test_header_layout_is_eight_bytes():
    assert RECORD_HEADER.size == 8


def test_control_frames_and_inputs():
    buf = bytearray(encode_control({"a": 1}) + encode_control([2, "x"]) + encode_control({"partial": True})[:5])
    assert split_control(buf) == [{"a": 1}, [2, "x"]] and len(buf) == 5
    assert encode_input(np.array([[1, 2]]), 0) == (1, 2, "12")
    for bad in (np.zeros((2, 2, 2), int), np.full((2, 2), 10), np.zeros((31, 1), int), np.zeros((2, 2)) + 0.5):
        with pytest.raises(ValueError):
            encode_input(bad, 0)
