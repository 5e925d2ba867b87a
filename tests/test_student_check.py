"""The student's own check (``autograder check`` and plain ``pytest tests/``) speaks the grader's language.

Every run is a subprocess: in this process the grader's earlier imports of the reference, under
the students' module names, would leak into the public tests.
"""
import os
import re
import shutil
import subprocess
import sys

import pytest

from autograder.feedback.misconceptions import hints
from tests.conftest import EXAMPLES, ROOT

A2 = "a2_functions"
HANGUL = re.compile("[가-힣]")


def check(path, assignment_id=A2, *more):
    done = subprocess.run([sys.executable, "-P", "-m", "autograder", "check", assignment_id, str(path), *more],
                          capture_output=True, text=True, timeout=120, cwd=path if path.is_dir() else path.parent)
    return done.returncode, done.stdout, done.stderr


def module_with(tmp_path, source: str):
    """A student folder holding only ``functions.py`` with ``source``."""
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / "functions.py").write_text(source, encoding="utf-8")
    return folder / "functions.py"


def reference_text(name="reference"):
    return (EXAMPLES / A2 / name / "functions.py").read_text(encoding="utf-8")


def test_a_bundled_mistake_reads_its_title_hint_and_both_values():
    code, out, _ = check(EXAMPLES / A2 / "cee_sign" / "functions.py")
    assert code == 1
    failed = out.split("\n✗ ")[1]  # the first failing test: its title, then the grader's sentence
    title, sentence = failed.splitlines()[:2]
    assert title == "CEE([0.7, 0.3], [0, 1]) is -log(0.3 + 1e-7) = 1.2039725"
    assert "you returned -1.203972" in sentence and "expected 1.203972" in sentence
    assert hints()["cee_sign"]["en"] in sentence
    assert "13 of 15 public checks pass." in out
    assert "DESIRED" not in out and "cee of lecture example" not in out and " pt)" not in out  # no points declared


def test_a_removed_numpy_alias_is_named_by_the_first_error_line():
    path = EXAMPLES / A2 / "step_np_int" / "functions.py"
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "np.int)" in text)
    code, out, _ = check(path)
    assert code == 1
    sentence = out.split("✗ step([-1, 0, 2]) gives the integers [0, 0, 1]\n")[1].splitlines()[0]
    assert f"AttributeError: module 'numpy' has no attribute 'int' (functions.py, line {line})" in sentence
    assert hints()["numpy_removed_alias"]["en"] in sentence
    assert "numpy.org" not in out and "deprecated alias" not in out


@pytest.mark.parametrize("lang, where", [("en", "functions.py, line {n}: "), ("ko", "functions.py {n}번째 줄: ")])
def test_a_syntax_error_shows_file_and_line(tmp_path, lang, where):
    lines = reference_text().splitlines()
    n = next(i for i, text in enumerate(lines, 1) if text.strip().startswith("return (np.asarray(x) > 0)"))
    lines[n - 1] = lines[n - 1].replace("return (", "return ((")
    code, out, _ = check(module_with(tmp_path, "\n".join(lines) + "\n"), A2, "--lang", lang)
    assert code == 1
    assert where.format(n=n) + "SyntaxError: '(' was never closed" in out
    last = out.strip().splitlines()[-1]  # the next step is the fix, not "the public tests did not run"
    assert last.startswith({"en": "Next: fix ", "ko": "다음 할 일: 이 오류를 고치세요"}[lang]) and str(n) in last
    assert "0 of 0" not in out


def test_a_module_level_error_shows_file_line_and_error(tmp_path):
    source = reference_text().replace("import numpy as np", "import numpy as np\nRATE = np.float(0.1)", 1)
    code, out, _ = check(module_with(tmp_path, source))
    n = source.splitlines().index("RATE = np.float(0.1)") + 1
    assert code == 1
    assert f"functions.py, line {n}: AttributeError: module 'numpy' has no attribute 'float'" in out
    assert hints()["numpy_removed_alias"]["en"] in out
    assert out.strip().splitlines()[-1].startswith(f"Next: fix functions.py, line {n}: AttributeError")


def test_lang_ko_is_korean_throughout():
    code, out, _ = check(EXAMPLES / A2 / "cee_sign" / "functions.py", A2, "--lang", "ko")
    assert code == 1
    assert "✗ CEE([0.7, 0.3], [0, 1]) 는 -log(0.3 + 1e-7) = 1.2039725" in out
    assert hints()["cee_sign"]["ko"] in out and "공개 테스트 15개 중 13개 통과." in out
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines and all(HANGUL.search(line) for line in lines), [ln for ln in lines if not HANGUL.search(ln)]
    for english in ("public checks", "Likely mistake", "is wrong", "you returned", "expected", "Next:"):
        assert english not in out


def test_points_a_public_test_declares_are_shown(tmp_path):
    folder = tmp_path / A2
    shutil.copytree(ROOT / "assignments" / A2, folder)
    shutil.copyfile(EXAMPLES / A2 / "cee_sign" / "functions.py", folder / "functions.py")
    (folder / "tests" / "test_points.py").write_text(
        "import numpy as np\nimport pytest\n\nfrom functions import CEE\n\n\n"
        "@pytest.mark.points(3)\ndef test_worth_three(check):\n"
        '    """CEE of a sure guess is 0\n    ko: 확실한 예측의 CEE 는 0"""\n'
        "    check.scalar(CEE(np.array([1.0, 0.0]), np.array([0, 1])) * 0, 1.0, 'zero')\n", encoding="utf-8")
    code, out, _ = check(folder)
    assert code == 1
    assert "✗ CEE of a sure guess is 0 (3 pt)\n" in out
    assert out.count(" pt)") == 1  # the tests that declare no points show none
    _, out_ko, _ = check(folder, A2, "--lang", "ko")
    assert "✗ 확실한 예측의 CEE 는 0 (3점)\n" in out_ko


BLOCK_THE_REFERENCE = """
import sys
from pathlib import Path

SOLUTIONS = Path({solutions!r}).resolve()
FORBIDDEN = ("autograder.reference", "autograder.plugin", "autograder.suites", "autograder.grading")


class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.startswith(FORBIDDEN):
            raise ImportError(name + " is not on a student's machine")
        return None


sys.meta_path.insert(0, Refuse())
import pytest

code = pytest.main(["-q", "-p", "no:cacheprovider", "tests"])
loaded = [m for m in list(sys.modules.values()) if SOLUTIONS in Path(getattr(m, "__file__", None) or "/").resolve().parents]
sys.exit(99 if loaded else code)
"""


def plain_pytest(folder, lang="en"):
    """``pytest tests/`` in ``folder`` as on a student's machine: the grader's reference, suites
    and plugin cannot be imported."""
    script = BLOCK_THE_REFERENCE.format(solutions=str(ROOT / "solutions"))
    env = dict(os.environ, AUTOGRADER_LANG=lang)
    return subprocess.run([sys.executable, "-P", "-c", script], cwd=folder, capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.mark.parametrize("submission, code", [("reference", 0), ("stub", 1), ("cee_sign", 1)])
def test_plain_pytest_in_the_assignment_folder(tmp_path, submission, code):
    folder = tmp_path / A2
    shutil.copytree(ROOT / "assignments" / A2, folder)
    shutil.copyfile(EXAMPLES / A2 / submission / "functions.py", folder / "functions.py")
    done = plain_pytest(folder)
    assert done.returncode == code, done.stdout[-3000:] + done.stderr[-2000:]
    if submission == "stub":
        assert "not implemented yet: step" in done.stdout and "Traceback" not in done.stdout
        assert "아직 구현되지 않았습니다: step" in plain_pytest(folder, "ko").stdout
    if submission == "cee_sign":
        assert "2 failed, 13 passed" in done.stdout
        assert "you returned -1.203972, expected 1.203972. Likely mistake: " + hints()["cee_sign"]["en"] in done.stdout
        korean = plain_pytest(folder, "ko")
        assert "반환값 -1.203972, 기댓값 1.203972" in korean.stdout and hints()["cee_sign"]["ko"] in korean.stdout


def test_a_module_that_does_not_import_stops_only_its_own_tests(tmp_path):
    folder = tmp_path / "a3"
    shutil.copytree(EXAMPLES / "a3_gradient" / "reference", folder)
    source = (folder / "optimizer.py").read_text(encoding="utf-8").splitlines()
    n = next(i for i, text in enumerate(source, 1) if text.startswith("class SGD"))
    source[n - 1] = source[n - 1].replace("class SGD", "clas SGD")
    (folder / "optimizer.py").write_text("\n".join(source) + "\n", encoding="utf-8")
    code, out, _ = check(folder, "a3_gradient")
    assert code == 1
    assert f"✗ your code could not be imported, so tests/test_optimizer.py did not run\n" \
           f"    optimizer.py, line {n}: SyntaxError: invalid syntax\n" in out
    assert "✓ numerical_diff of x0² + 4² at 3 is 6\n" in out  # gradient.py's tests still ran
    assert "5 of 5 public checks pass; 1 test file(s) could not run." in out
    assert out.strip().splitlines()[-1] == f"Next: fix optimizer.py, line {n}: SyntaxError: invalid syntax"
