"""The plain-data message format shared by the grader and the worker.

A frame is a 4-byte big-endian length followed by UTF-8 JSON. Values are encoded as JSON with
tagged objects for what JSON lacks:

=====================  ==============================================================
``{"$": "f"}``         non-finite float (``"nan"``, ``"inf"``, ``"-inf"``)
``{"$": "tuple"}``     tuple
``{"$": "dict"}``      dict as ``[key, value]`` pairs (any plain keys, order kept)
``{"$": "nd"}``        numeric ndarray: dtype string, shape, base64 bytes (size-capped)
``{"$": "np"}``        numpy scalar (``np.float64(1.0)``), same fields as ``nd``
``{"$": "fn"}``        a named function of ``autograder.worker.testfuncs`` (grader → worker)
``{"$": "ref"}``       a handle on an object that stays in the worker
=====================  ==============================================================

Decoding builds only these types: nothing from the worker is ever unpickled or called.
Exact types are required (``type(x) is float``), so subclasses with a lying ``__eq__`` or
``__array__`` never cross as data; the worker sends them as ``ref`` handles instead.
"""
from __future__ import annotations

import base64
from collections import OrderedDict
import json
import math
import re
import socket
import struct

import numpy as np

MAX_FRAME = 64 * 2**20
MAX_ARRAY_BYTES = 32 * 2**20
MAX_DEPTH = 32
_DTYPE = re.compile(r"^[<>|=]?[biuf][1248]$")
_HEADER = struct.Struct(">I")


class WireError(ValueError):
    """A frame or value that breaks this format (from a confused or hostile peer)."""


class Unencodable(TypeError):
    """A value that is not plain data; the worker turns it into a ``ref`` handle."""


# ---------------------------------------------------------------- encode
def encode(value, make_ref=None, depth: int = 0):
    """Turn plain data into JSON-able data. ``make_ref(obj)`` handles anything else."""
    if depth > MAX_DEPTH:
        raise Unencodable("nested too deeply")
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        if abs(value) >= 2**63:
            raise Unencodable("integer too large")
        return value
    if t is float:
        return value if math.isfinite(value) else {"$": "f", "v": repr(value)}
    if t is list or t is tuple:
        items = [encode(v, make_ref, depth + 1) for v in value]
        return items if t is list else {"$": "tuple", "v": items}
    if t is dict or t is OrderedDict:
        pairs = [[encode(k, make_ref, depth + 1), encode(v, make_ref, depth + 1)] for k, v in value.items()]
        return {"$": "dict", "v": pairs}
    if t is np.ndarray and value.dtype.kind in "biuf":
        return _encode_buffer("nd", value)
    if isinstance(value, np.generic) and type(value).__module__ == "numpy" and value.dtype.kind in "biuf":
        return _encode_buffer("np", np.asarray(value))
    if make_ref is not None:
        return make_ref(value)
    raise Unencodable(f"{t.__name__} is not plain data")


def _encode_buffer(tag: str, array: np.ndarray) -> dict:
    if array.nbytes > MAX_ARRAY_BYTES:
        raise Unencodable(f"array of {array.nbytes} bytes exceeds {MAX_ARRAY_BYTES}")
    data = np.ascontiguousarray(array).tobytes()
    return {"$": tag, "dtype": array.dtype.str, "shape": list(array.shape), "b": base64.b64encode(data).decode()}


# ---------------------------------------------------------------- decode
def decode(data, resolve=None, depth: int = 0):
    """Inverse of ``encode``. ``resolve(tagged)`` handles ``fn`` and ``ref`` tags (or refuses)."""
    if depth > MAX_DEPTH:
        raise WireError("nested too deeply")
    t = type(data)
    if data is None or t in (bool, int, float, str):
        return data
    if t is list:
        return [decode(v, resolve, depth + 1) for v in data]
    if t is not dict:
        raise WireError(f"unexpected JSON type {t.__name__}")
    tag = data.get("$")
    if tag == "f":
        if data.get("v") not in ("nan", "inf", "-inf"):
            raise WireError("bad non-finite float")
        return float(data["v"])
    if tag == "tuple":
        return tuple(decode(v, resolve, depth + 1) for v in _list(data.get("v")))
    if tag == "dict":
        out = {}
        for pair in _list(data.get("v")):
            if type(pair) is not list or len(pair) != 2:
                raise WireError("bad dict pair")
            key = decode(pair[0], resolve, depth + 1)
            try:
                out[key] = decode(pair[1], resolve, depth + 1)
            except TypeError:
                raise WireError("unhashable dict key") from None
        return out
    if tag in ("nd", "np"):
        array = _decode_buffer(data)
        return array if tag == "nd" else array[()]
    if tag in ("fn", "ref") and resolve is not None:
        return resolve(data)
    raise WireError(f"unknown tag {tag!r}")


def _list(value) -> list:
    if type(value) is not list:
        raise WireError("expected a list")
    return value


def _decode_buffer(data: dict) -> np.ndarray:
    dtype, shape, b64 = data.get("dtype"), data.get("shape"), data.get("b")
    if type(dtype) is not str or not _DTYPE.match(dtype) or type(b64) is not str:
        raise WireError("bad array header")
    if type(shape) is not list or len(shape) > 32 or any(type(n) is not int or n < 0 for n in shape):
        raise WireError("bad array shape")
    dt = np.dtype(dtype)
    if len(b64) > MAX_ARRAY_BYTES * 4 // 3 + 4:
        raise WireError("array too large")
    raw = base64.b64decode(b64, validate=True)
    if math.prod(shape) * dt.itemsize != len(raw):
        raise WireError("array size does not match its shape")
    return np.frombuffer(raw, dtype=dt).reshape(shape).copy()


# ---------------------------------------------------------------- frames
def send(sock: socket.socket, message: dict) -> None:
    """Send one message (already encoded values inside) as a frame."""
    body = json.dumps(message, allow_nan=False, separators=(",", ":")).encode()
    if len(body) > MAX_FRAME:
        raise WireError(f"message of {len(body)} bytes exceeds {MAX_FRAME}")
    sock.sendall(_HEADER.pack(len(body)) + body)


def recv(sock: socket.socket) -> dict:
    """Receive one frame; raise ``EOFError`` when the peer has gone, ``WireError`` on garbage."""
    (size,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
    if size > MAX_FRAME:
        raise WireError(f"frame of {size} bytes exceeds {MAX_FRAME}")
    try:
        message = json.loads(_recv_exact(sock, size))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise WireError(f"frame is not valid JSON: {exc}") from None
    if type(message) is not dict:
        raise WireError("frame is not an object")
    return message


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 2**20))
        if not chunk:
            raise EOFError("peer closed the connection")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)
