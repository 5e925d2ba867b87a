"""The plain-data format: what crosses the trust boundary, and what is refused."""
import socket
from collections import OrderedDict

import numpy as np
import pytest

from autograder import wire


def roundtrip(value):
    return wire.decode(wire.encode(value))


@pytest.mark.parametrize("value", [None, True, False, 0, -7, 2**62, 1.5, "한국어 text", [1, [2.0, "x"]]])
def test_json_native_values_round_trip_with_their_exact_type(value):
    out = roundtrip(value)
    assert out == value and type(out) is type(value)


def test_non_finite_floats_tuples_and_dicts_with_any_plain_keys_round_trip():
    out = roundtrip({"a": (1, float("inf")), 3: [float("-inf")], (1, 2): None})
    assert out["a"][0] == 1 and out["a"][1] == float("inf") and type(out["a"]) is tuple
    assert out[3] == [float("-inf")] and out[(1, 2)] is None
    assert np.isnan(roundtrip(float("nan")))


def test_ordered_dict_arrives_as_a_dict_in_the_same_order():
    out = roundtrip(OrderedDict([("W2", 1), ("W1", 2)]))
    assert type(out) is dict and list(out) == ["W2", "W1"]


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "uint8", "bool"])
def test_numeric_arrays_keep_dtype_shape_and_values(dtype):
    x = (np.arange(24).reshape(2, 3, 4) % 3).astype(dtype)
    out = roundtrip(x)
    assert type(out) is np.ndarray and out.dtype == x.dtype and out.shape == x.shape
    np.testing.assert_array_equal(out, x)
    assert out.flags.writeable


def test_numpy_scalars_arrive_as_numpy_scalars():
    out = roundtrip(np.float32(1.25))
    assert type(out) is np.float32 and out == np.float32(1.25)


def test_non_contiguous_arrays_are_sent_by_value():
    x = np.arange(12.0).reshape(3, 4).T
    np.testing.assert_array_equal(roundtrip(x), x)


class LyingFloat(float):
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value", [LyingFloat(1.0), np.array([object()], dtype=object), np.ma.masked_array([1.0]),
                                   {1, 2}, b"bytes", 1 + 2j, 2**70])
def test_subclasses_objects_and_other_types_are_not_plain_data(value):
    with pytest.raises(wire.Unencodable):
        wire.encode(value)


def test_anything_not_plain_goes_to_the_handle_maker():
    seen = []
    out = wire.encode([1, object()], make_ref=lambda obj: seen.append(obj) or {"$": "ref", "id": 1})
    assert out[1] == {"$": "ref", "id": 1} and len(seen) == 1


def test_arrays_over_the_size_cap_are_refused():
    with pytest.raises(wire.Unencodable):
        wire.encode(np.zeros(wire.MAX_ARRAY_BYTES // 8 + 1))


@pytest.mark.parametrize("data", [
    {"$": "pickle", "v": "gASV"},
    {"$": "nd", "dtype": "|O8", "shape": [1], "b": "AAAAAAAAAAA="},
    {"$": "nd", "dtype": "<f8", "shape": [2], "b": "AAAAAAAAAAA="},
    {"$": "nd", "dtype": "<f8", "shape": [-1], "b": ""},
    {"$": "f", "v": "__import__('os')"},
    {"$": "dict", "v": [[[1], 2]]},
    {"$": "ref", "id": 1},
])
def test_malformed_or_foreign_values_are_refused(data):
    with pytest.raises(wire.WireError):
        wire.decode(data)


def test_frames_round_trip_over_a_socket_and_garbage_is_refused():
    a, b = socket.socketpair()
    with a, b:
        wire.send(a, {"ok": wire.encode(np.arange(3.0))})
        np.testing.assert_array_equal(wire.decode(wire.recv(b)["ok"]), np.arange(3.0))
        a.sendall(b"\x00\x00\x00\x05hello")
        with pytest.raises(wire.WireError):
            wire.recv(b)
        a.sendall(b"\xff\xff\xff\xff")
        with pytest.raises(wire.WireError):
            wire.recv(b)
        a.close()
        with pytest.raises(EOFError):
            wire.recv(b)
