"""What a student reads when their own code raised, timed out or crashed the worker."""
from __future__ import annotations

from ..proxy import StudentError, WorkerCrashed, WorkerProblem, WorkerTimeout
from . import messages, misconceptions


def student_error_text(exc: StudentError, lang: str, hidden: bool = False) -> str:
    """Feedback for an exception raised by the student's own code. In a hidden test the
    exception's message is left out (it may quote the hidden input); type and line stay."""
    if exc.feedback:
        return exc.feedback.get(lang, exc.feedback["en"])
    if exc.type == "NotImplementedError":
        name = exc.message.removeprefix("not implemented yet:").strip() or "this function"
        return messages.render("not_implemented", lang, name=name)
    where = f" ({'; '.join(exc.where[-2:])})" if exc.where else ""
    if exc.module:
        return messages.render("import_failed", lang, type=exc.type, message=exc.message, where=where, module=exc.module)
    if hidden:
        return messages.render("raised_hidden", lang, type=exc.type, where=where)
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
