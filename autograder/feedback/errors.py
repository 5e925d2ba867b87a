"""What a student reads when their own code raised, timed out or crashed the worker."""
from __future__ import annotations

import builtins
import re

from .. import course
from ..problems import StudentError, WorkerCrashed, WorkerProblem, WorkerTimeout
from . import messages, misconceptions


BUILTIN_EXCEPTIONS = frozenset(n for n, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, BaseException))
_STUB = re.compile(r"not implemented yet: ([\w.]{1,80})")


def course_files() -> frozenset[str]:
    """The file names of every module the course's students write (``functions.py`` …)."""
    return frozenset(f for a in course.assignments().values() for f in a.files)

_FRAME = re.compile(r"(\w{1,40}\.py), line (\d{1,6})")
_FRAME_IN = re.compile(r"(.{1,200}), line (\d{1,9}), in (.{1,200})")


def frames_text(frames: list[str], lang: str) -> str:
    """" (functions.py, line 12, in step; ...)" in ``lang`` (the worker words a frame in English)."""
    said = []
    for frame in frames:
        m = _FRAME_IN.fullmatch(frame) or _FRAME.fullmatch(frame)
        if m is None or lang == "en":
            said.append(frame)
        elif m.re is _FRAME_IN:
            said.append(messages.render("frame_in", lang, file=m.group(1), line=m.group(2), function=m.group(3)))
        else:
            said.append(messages.render("frame", lang, file=m.group(1), line=m.group(2)))
    return f" ({'; '.join(said)})" if said else ""


def student_error_text(exc: StudentError, lang: str, hidden: bool = False) -> str:
    """Feedback for an exception raised by the student's own code. In a hidden test nothing the
    code could have built from the hidden input is shown: not the message, not a type name of its
    own making (a built-in one is named), not function or file names beyond ``module.py, line N``."""
    if exc.feedback:
        return messages.pick(exc.feedback, lang)
    stub = _STUB.fullmatch(exc.message.strip())
    if exc.type == "NotImplementedError" and (stub or not hidden):
        name = stub.group(1) if stub else exc.message.removeprefix("not implemented yet:").strip() or "this function"
        return messages.render("not_implemented", lang, name=name)
    if exc.module:
        where = frames_text(exc.where[-2:], lang)
        return messages.render("import_failed", lang, type=exc.type, message=exc.message, where=where, module=exc.module)
    if hidden:
        frames = [f"{m.group(1)}, line {m.group(2)}" for m in map(_FRAME.match, exc.where[-2:])
                  if m and m.group(1) in course_files()]  # a code object's file name is the code's to choose
        where = frames_text(frames, lang)
        kind = exc.type if exc.type in BUILTIN_EXCEPTIONS else messages.render("own_exception", lang)
        return messages.render("raised_hidden", lang, type=kind, where=where)
    where = frames_text(exc.where[-2:], lang)
    return messages.render("raised", lang, type=exc.type, message=exc.message, where=where)


def problem_feedback(exc: WorkerProblem, hidden: bool = False) -> tuple[str, dict[str, str], str | None]:
    """``(status, {lang: sentence}, misconception)`` for a ``WorkerProblem`` in every language."""
    if isinstance(exc, StudentError):
        known = misconceptions.from_exception(exc.type, exc.message)
        return "error", {lang: misconceptions.with_hint(student_error_text(exc, lang, hidden), known, lang)
                         for lang in messages.LANGS}, known
    if isinstance(exc, WorkerTimeout):
        return "timeout", messages.both("timeout", detail=str(exc)), None
    if isinstance(exc, WorkerCrashed):
        return "error", messages.both("crashed", detail=str(exc)), None
    return "error", messages.both("crashed", detail=str(exc)), None
