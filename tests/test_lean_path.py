"""The lean per-test path (``GradingPlugin._run_lean``) grades exactly as pytest's protocol does,
and is taken only where nothing but the grader's own fixtures and pytest itself take part."""
from __future__ import annotations

import functools
import shutil
import textwrap

import pytest

from autograder import course, diagnosis, grading, mistakes, plugin, pytest_options, replay
from autograder.grading import Grader
from tests.conftest import EXAMPLES


def _comparable(result) -> dict:
    record = result.to_dict()
    record.pop("duration", None)
    return record


def _failing_every_test(a: str) -> list[str]:
    """The reference, the stub, and declared mistakes whose examples between them fail every test
    that any mistake fails (the most costly first, then by id): each test's failing path is taken
    at least once, for a fraction of grading every example twice."""
    covered, chosen = set(), ["reference", "stub"]
    for m in sorted((m for m in mistakes.of(course.get(a)) if m.edits), key=lambda m: (-len(m.costs), m.id)):
        if set(m.costs) - covered:
            chosen.append(m.id)
            covered |= set(m.costs)
    return chosen


@pytest.mark.parametrize("a", sorted(course.assignments()))
def test_every_example_is_graded_alike_with_and_without_the_lean_path(a, monkeypatch, tmp_path):
    """Bundled examples (the reference, the stub, mistakes that fail every test a mistake fails)
    graded through pytest's own protocol give the very records the lean path gives: scores,
    statuses, feedback, named mistakes, output, figures. (The diagnosis's time caps are lifted for
    both: on a loaded machine a cap reached in one run and not in the other would name differently.)"""
    for example in _failing_every_test(a):
        shutil.copytree(EXAMPLES / a / example, tmp_path / example)
    for cap in ("DIAGNOSIS_SECONDS", "BUDGET_SECONDS", "EDITS_SECONDS"):
        monkeypatch.setattr(diagnosis, cap, 100 * getattr(diagnosis, cap))
    monkeypatch.setattr(replay, "SECONDS", 100 * replay.SECONDS)
    lean_calls = []
    run_lean = plugin.GradingPlugin._run_lean
    monkeypatch.setattr(plugin.GradingPlugin, "_run_lean", lambda self, *a: (lean_calls.append(a), run_lean(self, *a)))
    graded, called = {}, {}
    for lean in (False, True):
        monkeypatch.setattr(grading, "GradingPlugin", functools.partial(plugin.GradingPlugin, lean=lean))
        graded[lean] = {r.student_id: _comparable(r) for r in Grader(a, jobs=1).grade_path(tmp_path)}
        called[lean], lean_calls[:] = len(lean_calls), []
    assert called[False] == 0 and called[True] > 0  # each way was the one it says
    assert graded[False].keys() == graded[True].keys() == set(_failing_every_test(a))
    for sid in graded[False]:
        assert graded[False][sid] == graded[True][sid], sid


@pytest.mark.parametrize("a", sorted(course.assignments()))
def test_every_test_of_the_bundled_suites_takes_the_lean_path(a):
    lean, every = _lean(grading.pytest_args(a), a)
    assert lean == every and len(every) > 10


def _lean(args: list[str], a: str = "a2_functions"):
    """Collect with the grader's plugin: the names of the tests that take the lean path, and of all."""
    found = {}

    class Probe(plugin.GradingPlugin):
        def pytest_runtestloop(self, session):
            found["all"] = sorted(item.name for item in session.items)
            found["lean"] = sorted(item.name for item in session.items if plugin.LEAN in item.stash)
            return True

    assert pytest.main(args, plugins=[Probe(a, lambda p: None)]) == pytest.ExitCode.OK
    return found["lean"], found["all"]


def _suite(tmp_path, body: str, conftest: str | None = None) -> list[str]:
    """A suite folder of its own (one pytest process imports many: names must not repeat)."""
    _suite.made = getattr(_suite, "made", 0) + 1
    tmp_path = tmp_path / f"suite{_suite.made}"
    tmp_path.mkdir()
    (tmp_path / f"test_lean{_suite.made}.py").write_text("import pytest\n\n" + textwrap.dedent(body))
    if conftest is not None:
        (tmp_path / "conftest.py").write_text(textwrap.dedent(conftest))
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = --import-mode=importlib\n")  # as the suites
    return [str(tmp_path), "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path), *pytest_options.lean(),
            "-s"]  # as a grading session


def test_what_needs_pytest_takes_its_protocol(tmp_path):
    args = _suite(tmp_path, """
        @pytest.mark.points(1)
        def test_plain(student, check, rng):
            pass

        @pytest.mark.points(1)
        @pytest.mark.parametrize("n", [1, 2])
        def test_param(student, n):
            pass

        @pytest.fixture
        def own():
            return 1

        @pytest.mark.points(1)
        def test_own_fixture(student, own):
            pass

        @pytest.mark.points(1)
        @pytest.mark.skipif(False, reason="a mark that changes how a test runs")
        def test_skipif(student):
            pass

        @pytest.mark.points(1)
        def test_request(request):
            pass

        @pytest.mark.points(1)
        async def test_coroutine(student):
            pass

        @pytest.mark.points(1)
        async def test_async_generator(student):
            yield

        @pytest.fixture
        def loaded(request):
            return "LOADED:" + request.param

        @pytest.mark.points(1)
        @pytest.mark.parametrize("loaded", ["a"], indirect=True)
        def test_indirect(loaded):
            pass

        class TestInAClass:
            @pytest.mark.points(1)
            def test_method(self, student):
                pass
        """)
    assert _lean(args)[0] == ["test_param[1]", "test_param[2]", "test_plain"]


def test_a_plugin_a_grading_session_does_without_turns_the_lean_path_off(tmp_path):
    args = _suite(tmp_path, """
        @pytest.mark.points(1)
        def test_plain(student, check):
            pass
        """)
    assert _lean(args) == (["test_plain"], ["test_plain"])
    at = args.index("no:logging")
    assert _lean(args[:at - 1] + args[at + 1:])[0] == []  # logging's hooks wrap every test


def test_a_conftest_hook_or_an_overridden_fixture_turns_the_lean_path_off(tmp_path):
    body = """
        @pytest.mark.points(1)
        def test_plain(student, check):
            pass
        """
    hook = """
        def pytest_runtest_setup(item):
            item.config._seen = True
        """
    assert _lean(_suite(tmp_path, body))[0] == ["test_plain"]
    assert _lean(_suite(tmp_path, body, hook))[0] == []
    override = """
        import pytest

        @pytest.fixture
        def check():
            return None
        """
    assert _lean(_suite(tmp_path, body, override))[0] == []
    autouse = """
        import pytest

        @pytest.fixture(autouse=True)
        def every_test():
            yield
        """
    assert _lean(_suite(tmp_path, body, autouse))[0] == []


def test_a_test_that_returns_a_coroutine_earns_nothing(tmp_path):
    """pytest fails a test whose body is never run (it returned an awaitable): so does the lean path."""
    args = _suite(tmp_path, """
        async def body():
            pass

        @pytest.mark.points(1)
        def test_returns_a_coroutine(student):
            return body()
        """)
    found = {}

    class Probe(plugin.GradingPlugin):
        def pytest_runtestloop(self, session):
            item, = session.items
            assert plugin.LEAN in item.stash
            self.current = sandbox = type("Sandbox", (), {"outcomes": {}, "student": None})()
            self._run_lean(sandbox, item, item.stash[plugin.LEAN])
            found["outcome"] = sandbox.outcomes[item.nodeid]
            return True

    pytest.main(args, plugins=[Probe("a2_functions", lambda p: None)])
    assert (found["outcome"].status, found["outcome"].score) == ("grader_failed", 0.0)
