"""The grader's handle on student objects: remote objects, named test functions, encoded arguments.

``RemoteObject`` stands for a student object that stays in the worker: attribute, item and call
access are requests to it. ``Named`` passes a test function by name and ``encode_arg`` turns an
argument into plain data for the wire; nothing of a student object runs here.
"""
from __future__ import annotations

from . import wire
from .problems import WorkerCrashed


class RemoteObject:
    """A student object living in the worker. Attribute, item and call access are remote calls.

    ``type_name`` is the class name the student gave it; nothing of the object runs here.
    Special (dunder) attributes are never forwarded, so numpy and pytest cannot be tricked
    into asking the worker for ``__array__`` or ``__eq__``.

    ``worker`` is duck-typed (a ``supervisor.Worker``): its ``generation`` and ``sock`` tell
    whether the object still exists, and ``request(message, timeout)`` asks about it.
    """

    __slots__ = ("_worker", "_id", "type_name", "is_callable", "_generation", "_functions")

    def __init__(self, worker, ref_id: int, type_name: str, is_callable: bool, generation: int):
        for name, value in (("_worker", worker), ("_id", ref_id), ("type_name", type_name),
                            ("is_callable", is_callable), ("_generation", generation), ("_functions", {})):
            object.__setattr__(self, name, value)

    def _handle(self) -> dict:
        if self._worker.generation != self._generation or self._worker.sock is None:
            raise WorkerCrashed("this object was lost when the worker restarted")
        return {"$": "ref", "id": self._id}

    def _send(self, op: str, timeout: float | None = None, **fields):
        return self._worker.request({"op": op, "ref": self._handle(), **fields}, timeout)

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if name in self._functions:
            self._handle()  # still the same worker?
            return self._functions[name]
        value = self._send("getattr", name=name)
        if self.type_name == "module" and isinstance(value, RemoteObject) and value.is_callable:
            self._functions[name] = value  # a module's functions: one round trip per call, not two
        return value

    def __setattr__(self, name: str, value) -> None:
        self._functions.pop(name, None)
        self._send("setattr", name=name, value=encode_arg(value))

    def __getitem__(self, key):
        return self._send("getitem", key=encode_arg(key))

    def __setitem__(self, key, value) -> None:
        self._send("setitem", key=encode_arg(key), value=encode_arg(value))

    def __call__(self, *args, timeout: float | None = None, **kwargs):
        return self._send("call", timeout, args=encode_arg(list(args)), kwargs=encode_arg(kwargs))

    def __repr__(self) -> str:
        return f"<student {self.type_name}>"

    def __bool__(self) -> bool:
        return True


class Named:
    """A named test function (a course's ``testfuncs.py``, see ``worker.testfuncs``) passed by name to student code."""

    def __init__(self, name: str):
        from .worker import testfuncs

        self.function = testfuncs.FUNCTIONS[name]
        self.name = name

    def __call__(self, x):
        return self.function(x)


def encode_arg(value):
    """Encode an argument for the worker: plain data, ``RemoteObject`` handles, ``Named`` functions."""

    def special(obj):
        if isinstance(obj, RemoteObject):
            return obj._handle()
        if isinstance(obj, Named):
            return {"$": "fn", "name": obj.name}
        raise wire.Unencodable(f"cannot send {type(obj).__name__} to the worker")

    return wire.encode(value, special)
