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

The reader assumes a hostile peer. Whatever bytes arrive, ``recv`` returns a dict or raises
``WireError`` (malformed), ``EOFError`` (peer gone), ``TimeoutError`` (past ``deadline``, one
limit for the whole frame, not per ``recv`` call) or ``OSError``; ``decode`` returns plain data or
raises ``WireError``. Limits are checked before the memory is spent: the frame size from its
header before the body is read, the number of JSON values by counting ``[``, ``{`` and ``,``
in the raw bytes before parsing, then nesting depth, string length, integer range and array size.
Frames are ASCII (``json.dumps`` escapes everything else), and only small frames may hold
escaped characters, which keeps a parsed frame compact (one byte a character).
"""
from __future__ import annotations

import base64
from collections import OrderedDict
import json
import math
import socket
import struct
import time

import numpy as np

MAX_ARRAY_BYTES = 32 * 2**20
MAX_FRAME = 48 * 2**20  # one array of MAX_ARRAY_BYTES in base64 (4/3 of it) fits
MAX_DEPTH = 32  # nesting of values; a value level is at most 3 JSON levels (dict → pairs → pair)
MAX_JSON_DEPTH = 3 * MAX_DEPTH + 8
MAX_VALUES = 500_000  # JSON values in one frame (bounds what parsing it can allocate)
MAX_STRING = 2**20  # characters in one string value
MAX_TEXT_FRAME = 8 * 2**20  # bigger frames (arrays, numbers) may not hold ``\\u`` escapes: one
# escaped character makes Python store a whole string at up to 4 bytes a character
MAX_INT = 2**63  # integers are 64-bit on both sides
DTYPES = frozenset(
    ["|b1", "|i1", "|u1"]
    + [order + kind + str(size) for order in "<>" for kind in "iuf" for size in (2, 4, 8)]
)  # numeric dtypes as ``dtype.str`` spells them; not longdouble (platform-dependent) or complex
_HEADER = struct.Struct(">I")
_JOIN = 2**16  # frames up to this size go out as one write, header and body joined


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
    if t is np.ndarray and value.dtype.str in DTYPES:
        return _encode_buffer("nd", value)
    if isinstance(value, np.generic) and type(value).__module__ == "numpy" and value.dtype.str in DTYPES:
        return _encode_buffer("np", np.asarray(value))
    if make_ref is not None:
        return make_ref(value)
    raise Unencodable(f"{t.__name__} is not plain data")


def _encode_buffer(tag: str, array: np.ndarray) -> dict:
    if array.nbytes > MAX_ARRAY_BYTES:
        raise Unencodable(f"array of {array.nbytes} bytes exceeds {MAX_ARRAY_BYTES}")
    data = np.ascontiguousarray(array)  # base64 reads its buffer: no bytes copy in between
    return {"$": tag, "dtype": array.dtype.str, "shape": list(array.shape), "b": base64.b64encode(data).decode("ascii")}


# ---------------------------------------------------------------- decode
def decode(data, resolve=None, depth: int = 0, *, text=None):
    """Inverse of ``encode``. ``resolve(tagged)`` handles ``fn`` and ``ref`` tags (or refuses);
    ``text(s)``, when given, is applied to every string (the grader makes them safe to write)."""
    return _Decoder(resolve, text).decode(data, depth)


class _Decoder:
    def __init__(self, resolve, text):
        self.resolve, self.text = resolve, text

    def decode(self, data, depth: int):
        if depth > MAX_DEPTH:
            raise WireError("nested too deeply")
        t = type(data)
        if data is None or t is bool:
            return data
        if t is int:
            if not -MAX_INT < data < MAX_INT:
                raise WireError("integer out of range")
            return data
        if t is float:
            if not math.isfinite(data):
                raise WireError("untagged non-finite float")
            return data
        if t is str:
            if len(data) > MAX_STRING:
                raise WireError(f"string of {len(data)} characters exceeds {MAX_STRING}")
            return data if self.text is None else self.text(data)
        if t is list:
            return [self.decode(v, depth + 1) for v in data]
        if t is not dict:
            raise WireError(f"unexpected JSON type {t.__name__}")
        tag = data.get("$")
        if type(tag) is not str:
            raise WireError("untagged object")
        if tag == "f":
            if data.get("v") not in ("nan", "inf", "-inf"):
                raise WireError("bad non-finite float")
            return float(data["v"])
        if tag == "tuple":
            return tuple(self.decode(v, depth + 1) for v in _list(data.get("v")))
        if tag == "dict":
            out = {}
            for pair in _list(data.get("v")):
                if type(pair) is not list or len(pair) != 2:
                    raise WireError("bad dict pair")
                key = self.decode(pair[0], depth + 1)
                try:
                    hash(key)
                except TypeError:
                    raise WireError("unhashable dict key") from None
                out[key] = self.decode(pair[1], depth + 1)
            return out
        if tag in ("nd", "np"):
            return _decode_buffer(data, tag)
        if tag in ("fn", "ref") and self.resolve is not None:
            return self.resolve(data)
        raise WireError(f"unknown tag {_short(tag)}")


def _list(value) -> list:
    if type(value) is not list:
        raise WireError("expected a list")
    return value


def _short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _decode_buffer(data: dict, tag: str):
    dtype, shape, b64 = data.get("dtype"), data.get("shape"), data.get("b")
    if type(dtype) is not str or dtype not in DTYPES or type(b64) is not str:
        raise WireError("bad array header")
    if (type(shape) is not list or len(shape) > 32 or (tag == "np" and shape)
            or any(type(n) is not int or not 0 <= n <= MAX_ARRAY_BYTES for n in shape)):
        raise WireError("bad array shape")
    dt = np.dtype(dtype)
    size = math.prod(shape) * dt.itemsize
    if size > MAX_ARRAY_BYTES or len(b64) > MAX_ARRAY_BYTES * 4 // 3 + 4:
        raise WireError("array too large")
    try:
        raw = base64.b64decode(b64, validate=True)
    except ValueError:  # binascii.Error, or a str that is not ASCII
        raise WireError("array data is not base64") from None
    if size != len(raw):
        raise WireError("array size does not match its shape")
    try:
        array = np.frombuffer(raw, dtype=dt).reshape(shape).copy()
    except ValueError:
        raise WireError("bad array shape") from None
    return array if tag == "nd" else array[()]


# ---------------------------------------------------------------- frames
def send(sock: socket.socket, message: dict, deadline: float | None = None) -> None:
    """Send one message (already encoded values inside) as a frame, by ``deadline`` (monotonic)."""
    body = _dumps(message).encode()
    if len(body) > MAX_FRAME:
        raise WireError(f"message of {len(body)} bytes exceeds {MAX_FRAME}")
    if deadline is not None:
        sock.settimeout(_remaining(deadline))
    if len(body) <= _JOIN:
        sock.sendall(_HEADER.pack(len(body)) + body)  # one syscall; the copy is small
    else:  # a big frame (arrays): two writes rather than one more copy of it
        sock.sendall(_HEADER.pack(len(body)))
        if deadline is not None:
            sock.settimeout(_remaining(deadline))
        sock.sendall(body)


def recv(sock: socket.socket, deadline: float | None = None, count=None) -> dict:
    """Receive one frame, whole by ``deadline`` (``time.monotonic()`` seconds), else ``TimeoutError``.

    ``EOFError`` when the peer has gone, ``WireError`` on anything malformed. ``count(n)`` is called
    with the frame's size once its header is read and before its body is (it may raise ``WireError``
    to refuse it).
    """
    (size,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size, deadline))
    if size > MAX_FRAME:
        raise WireError(f"frame of {size} bytes exceeds {MAX_FRAME}")
    if count is not None:
        count(_HEADER.size + size)
    return parse(_recv_exact(sock, size, deadline))


def parse(body: bytes | bytearray) -> dict:
    """A frame's body → its message; ``WireError`` for anything but a JSON object within the limits."""
    if not body.isascii():
        raise WireError("frame is not ASCII")
    containers = body.count(b"[") + body.count(b"{")  # at least the nesting depth
    values = containers + body.count(b",")  # at least the number of values − 1 (more if in strings)
    if values > MAX_VALUES:
        raise WireError(f"frame holds more than {MAX_VALUES} values")
    if len(body) > MAX_TEXT_FRAME and b"\\u" in body:
        raise WireError(f"frame of over {MAX_TEXT_FRAME} bytes holds escaped text")
    source = body.decode("ascii")
    del body
    try:
        message = _loads(source)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, int digits limit, NaN, too deep
        raise WireError(f"frame is not valid JSON: {_short(str(exc), 200)}") from None
    if type(message) is not dict:
        raise WireError("frame is not an object")
    if containers > MAX_JSON_DEPTH:
        _check_depth(message)
    return message


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


# Built once: ``json.dumps``/``json.loads`` with options build a new coder on every call.
_dumps = json.JSONEncoder(allow_nan=False, separators=(",", ":")).encode
_loads = json.JSONDecoder(parse_constant=_refuse_constant).decode


def _check_depth(message: dict) -> None:
    stack = [(message, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise WireError("frame nested too deeply")
        children = node.values() if type(node) is dict else node
        stack.extend((c, depth + 1) for c in children if type(c) is list or type(c) is dict)


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("deadline passed")
    return remaining


def _recv_exact(sock: socket.socket, n: int, deadline: float | None) -> bytes | bytearray:
    """``n`` bytes from ``sock``: one ``recv`` when they are all there (the usual small frame),
    else read into one buffer of ``n`` bytes piece by piece."""
    if n == 0:
        return b""
    if deadline is not None:
        sock.settimeout(_remaining(deadline))
    first = sock.recv(min(n, 2**16))
    if len(first) == n:
        return first
    if not first:
        raise EOFError("peer closed the connection")
    buf = bytearray(n)
    buf[:len(first)] = first
    with memoryview(buf) as view:
        got = len(first)
        del first
        while got < n:
            if deadline is not None:
                sock.settimeout(_remaining(deadline))
            chunk = sock.recv_into(view[got:], min(n - got, 2**20))
            if not chunk:
                raise EOFError("peer closed the connection")
            got += chunk
    return buf
