"""The pytest options every session of ours starts with: none of the plugins it does not use.

A grading session (``grading.pytest_args``) and a student's ``autograder check`` run pytest
in-process; each plugin listed here would wrap every test (or, as ``unraisableexception``, run
five garbage collections at the end), and a plugin the machine happens to have installed
(anyio, hypothesis, pytest-benchmark: half a second to import) is never loaded.
"""
from __future__ import annotations

# pytest's own plugins our sessions do not use
UNUSED_PLUGINS = ("cacheprovider", "terminal", "stepwise", "logging", "warnings", "faulthandler", "doctest",
                  "unraisableexception", "threadexception", "pastebin", "junitxml", "resultlog", "legacypath",
                  "tmpdir", "monkeypatch", "recwarn", "setuponly", "setupplan", "benchmark")


def lean() -> list[str]:
    """``-p no:NAME`` for each unused plugin, and no autoloading of installed ones."""
    return ["--disable-plugin-autoload", *[arg for name in UNUSED_PLUGINS for arg in ("-p", f"no:{name}")]]
