"""Korean is a first language: every sentence a student or instructor reads has a Korean version,
and no Korean text carries an English sentence fragment.

A Korean sentence may name code (``np.sum(x, axis=-1)``, ``dW``, ``x.T @ dout``, ``float64``,
``keepdims=True``, the course's own identifiers) and quote anything, but never speak three or more
English words in a row outside backticks or quotes (``english_fragments``). Checked: the engine's
and every assignment's messages, the terminal's labels, the report texts, every hint, every figure
caption, every test title's ``ko:`` line (hidden suites through ``autograder.catalog``, public tests
from their docstrings), the Korean feedback of grading every bundled example once, the Korean
``autograder check`` of a few bundled mistakes per assignment, and (statically) every text a hidden
suite or a public test hands to a sentence. What the student's own code said (an exception's
message, in whatever language Python speaks) is theirs, not ours, and is left out.

Longer than most modules: the detector and every place it is applied stay side by side, so a
change to what counts as English is seen against everything it judges.
"""
from __future__ import annotations

import ast
import functools
import os
import re
import subprocess
import sys

import pytest

from autograder import catalog, course
from autograder.commands import display
from autograder.feedback import messages, misconceptions
from autograder.figure_data import figures
from autograder.grading import Grader
from autograder.report import text as report_text
from tests.conftest import EXAMPLES, ROOT

HANGUL = re.compile("[가-힣]")
# quoted or backticked spans name code or quote someone: whatever they hold is not our English
_QUOTED = re.compile(r"`[^`]*`|(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])|\"[^\"\n]*\"|“[^”]*”|‘[^’]*’")
_BLANK = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")  # a template's {blank}
_FOR_LOOP = re.compile(r"\bfor [A-Za-z_][\w, ]* in \S+")  # Python's "for idx in range(n)" is code
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# English whatever a program calls its variables: never code on their own
STOPWORDS = frozenset("""
a an the is are was were be been being am it its this that these those there here of on in at to for from
with without by as and or nor but not no if then than so such when while where which who whom whose what
why how your you yours our we they them their he she his her my me do does did done has have had should
would could can cannot must may might will shall returned returns return gave gives give got gets get
expected expects expect wrong right instead also only each every all any some both one two after before
into onto over under between again same other another different value values number numbers call called
calls uses use using used make makes made see sees look looks like just please
""".split())
# Python and numpy words a student reads as code in any language
CODE_WORDS = frozenset("""
nan inf NaN Inf True False None int float bool str list tuple dict set np numpy dtype shape axis keepdims
reshape float64 float32 int64 int32 ndarray self exp log sqrt sum mean max min argmax copy astype array
zeros ones range len print lambda def pytest
""".split())


def _is_code(token: str, identifiers: frozenset) -> bool:
    """A token (punctuation around it stripped) that reads as code, not as an English word."""
    if re.search(r"[0-9_=<>+*/@^%|~\[\]{}()#$\\]", token) or re.search(r"[A-Za-z]\.[A-Za-z]", token):
        return True  # a call, an index, an attribute, an operator, a name with a digit (W1, x0)
    if token in CODE_WORDS:
        return True
    if len(token) >= 2 and (token.isupper() or re.search(r"[a-z][A-Z]|^[A-Z][a-z]*[A-Z]", token)):
        return True  # MSE, SGD, dW, TwoLayerNet, ReLU
    if len(token) == 1 and token not in "aAI":
        return True  # x, t, W: a variable
    return token.lower() not in STOPWORDS and token in identifiers


def english_fragments(text: str, identifiers: frozenset = frozenset(), run: int = 3) -> list[str]:
    """The runs of ``run`` or more English words in ``text``, outside quotes, backticks, template
    blanks and code-like tokens."""
    text = _FOR_LOOP.sub(" § ", _BLANK.sub(" § ", _QUOTED.sub(" § ", text)))
    found, current = [], []
    for raw in text.split() + ["§"]:
        token = raw.strip(".,;:!?…()[]·—–-")
        if token and not HANGUL.search(raw) and _WORD.fullmatch(token) and not _is_code(token, identifiers):
            current.append(token)
            continue
        if len(current) >= run:
            found.append(" ".join(current))
        current = []
    return found


@functools.cache
def identifiers() -> frozenset:
    """Every name the course's code defines or uses (functions, classes, arguments, attributes,
    variables): ``train``, ``epoch``, ``idx``, ``layer`` … are code in a Korean sentence."""
    names = set()
    for path in sorted((ROOT / "source_lib").glob("*/*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
    return frozenset(names)


def problems(ko: str, en: str | None = None) -> list[str]:
    """What is wrong with the Korean text ``ko`` (of the English ``en``): no Korean at all for an
    English sentence, or English fragments inside."""
    found = [f"English fragment {f!r}" for f in english_fragments(ko, identifiers())]
    speaks = english_fragments(en, identifiers(), run=2) if en is not None else english_fragments(ko, run=2)
    if speaks and not HANGUL.search(_BLANK.sub("", ko)):
        found.append("no Korean")
    return found


# ---------------------------------------------------------------- the detector itself
@pytest.mark.parametrize("text", [
    "np.sum(x, axis=-1) 로 나누세요",
    "dW 와 W1 을 확인하고, x.T @ dout 을 쓰세요",
    "dtype 이 float64 인 배열에 nan 또는 inf 가 있습니다",
    "keepdims=True 와 True, False, None 을 확인하세요",
    "배치에 대한 softmax(x) 의 값이 기댓값과 다릅니다",
    "for idx in np.ndindex(x.shape) 를 쓰세요",
    "relu and leaky_relu 를",  # two English words at most: no run of three
    "`the batch is wrong` 라는 코드 주석",
    "'the batch is wrong' 이라는 문자열",
    "{what} 의 값이 틀렸습니다: 반환값 {got}{expected}",
])
def test_the_detector_lets_code_and_quotes_through(text):
    assert english_fragments(text, frozenset({"train", "predict", "idx"})) == []


@pytest.mark.parametrize("text, fragment", [
    ("softmax(x) on a batch 의 값이 틀렸습니다: 반환값 다른 값", "on a batch"),
    ("errors returned by train_perceptron(X, d) 의 값", "errors returned by"),
    ("MSE(y, t) for the lecture's y = [0.1] 의 값", "for the lecture's"),
    ("{what} is wrong: you returned {got}", "is wrong you returned"),
    ("코드가 the batch is wrong 이라고 말합니다", "the batch is wrong"),
])
def test_the_detector_finds_english_fragments(text, fragment):
    assert fragment in english_fragments(text, frozenset({"train", "predict"}))


def test_a_korean_text_with_no_korean_is_found():
    assert problems("softmax(x) on a batch", "softmax(x) on a batch") == ["English fragment 'on a batch'", "no Korean"]
    assert problems("softmax(x)", "softmax(x)") == []  # code alone reads the same in Korean
    assert problems("{feedback}; {note}", "{feedback}; {note}") == []


# ---------------------------------------------------------------- the tables of sentences
def table_cases():
    tables = {"message": {**messages.MESSAGES, **messages.course_messages()}, "label": display.LABELS,
              "report": report_text.TEXT, "hint": misconceptions.hints()}
    for kind, table in tables.items():
        for key, entry in sorted(table.items()):
            yield pytest.param(entry, id=f"{kind}:{key}")
    for assignment in course.assignments():
        for key, figure in figures(assignment).items():
            yield pytest.param(figure.caption, id=f"caption:{assignment}:{key}")


@pytest.mark.parametrize("entry", list(table_cases()))
def test_every_sentence_has_natural_korean(entry):
    assert "ko" in entry and entry["ko"].strip(), "no Korean"
    assert not problems(entry["ko"], entry.get("en")), (entry["ko"], problems(entry["ko"], entry.get("en")))


@pytest.mark.parametrize("assignment", sorted(course.assignments()))
def test_every_hidden_test_title_has_a_korean_line(assignment):
    bad = {s.id: problems(s.titles["ko"], s.titles["en"]) or "no ko: line"
           for s in catalog.tests(assignment)
           if problems(s.titles["ko"], s.titles["en"]) or (s.titles["ko"] == s.titles["en"] and HANGUL.search(
               s.titles["ko"]) is None and english_fragments(s.titles["en"], identifiers(), run=2))}
    assert not bad


def public_titles():
    for path in sorted((ROOT / "source_lib").glob("*/tests/test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                lines = [ln.strip() for ln in (ast.get_docstring(node) or "").splitlines()]
                ko = next((ln[3:].strip() for ln in lines if ln.startswith("ko:")), None)
                yield pytest.param(lines[0] if lines else node.name, ko, id=f"{path.parts[-3]}:{node.name}")


@pytest.mark.parametrize("en, ko", list(public_titles()))
def test_every_public_test_title_has_a_korean_line(en, ko):
    assert ko, "no ko: line"
    assert not problems(ko, en)


# ---------------------------------------------------------------- what grading says in Korean
# what the student's code said: an exception's message (up to where it was raised, or the hint)
_THEIRS = re.compile(r"(예외가 발생했습니다: |불러올 수 없습니다: [\w.]+: |확인 하나가 실패했습니다: )"
                     r".*?(?=( \((?:[^()\n]*함수, )?[\w.]+\.py \d+번째 줄)|\. 예상되는 실수:|\n[^\n]*[가-힣]|\Z)", re.S)


def ours(feedback: str) -> str:
    """``feedback`` without the student's exception messages (they are not our sentences)."""
    return _THEIRS.sub(lambda m: m.group(1), feedback)


def test_an_exception_message_is_the_students_not_ours():
    said = ("코드에서 TypeError 예외가 발생했습니다: f() got an unexpected keyword argument 'epochs' "
            "(train 함수, train.py 30번째 줄). 예상되는 실수: epochs 를 인자로 받으세요.")
    assert ours(said) == "코드에서 TypeError 예외가 발생했습니다:  (train 함수, train.py 30번째 줄). 예상되는 실수: epochs 를 인자로 받으세요."
    assert english_fragments(ours("채점 결과 softmax(x) on a batch 가 틀렸습니다")) == ["on a batch"]


@pytest.fixture(scope="module")
def korean_results():
    """Every bundled example of every assignment, graded once with Korean feedback."""
    return {a: Grader(a, jobs=2, lang="ko", figures=False).grade_path(EXAMPLES / a)
            for a in sorted(course.assignments())}


@pytest.mark.slow
def test_the_korean_feedback_of_every_bundled_example_is_korean(korean_results):
    bad = []
    for assignment, results in korean_results.items():
        for result in results:
            texts = [("reason", result.reason or "")] + [(t.id, ours(t.feedback)) for t in result.tests]
            texts += [(f"{t.id} title", t.name) for t in result.tests]
            for where, text in texts:
                for line in text.splitlines():
                    if found := problems(line):
                        bad.append(f"{assignment}/{result.student_id} {where}: {found}: {line[:160]}")
    assert not bad, "\n".join(bad[:40])


@pytest.mark.slow
def test_every_bundled_mistake_is_told_in_korean_where_it_is_named(korean_results):
    """A named mistake's Korean hint is in the Korean feedback of a visible test that names it."""
    hints = misconceptions.hints()
    for results in korean_results.values():
        for result in results:
            for t in result.tests:
                if t.misconception and t.visibility == "visible" and t.feedback:
                    assert hints[t.misconception]["ko"] in t.feedback, (result.student_id, t.id)


# ---------------------------------------------------------------- what a suite or a public test hands to a sentence
def _english_literals(path):
    """String literals of a suite (f-strings too) that speak English outside an ``"en"`` entry,
    the English template of ``words(...)``, a docstring or the grader's own exception."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            skip |= {id(sub) for k, v in zip(node.keys, node.values)
                     if isinstance(k, ast.Constant) and k.value == "en" for sub in ast.walk(v)}
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "words" \
                and node.args:
            skip |= {id(sub) for sub in ast.walk(node.args[0])}
        elif isinstance(node, ast.Raise) and node.exc is not None:
            skip |= {id(sub) for sub in ast.walk(node.exc)}
        elif isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node) is not None:
            skip.add(id(node.body[0].value))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            skip |= {id(sub) for sub in ast.walk(node)}
            text = "".join(v.value if isinstance(v, ast.Constant) else "X_" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if english_fragments(text, identifiers()):
            yield f"{path.relative_to(ROOT)}:{node.lineno}: {text!r}"


CHECKS = frozenset({"array", "scalar", "equal", "unchanged", "tuple_of", "dict_with"})  # what is their third argument


def _literal(node) -> str | None:
    """The text of a str literal or f-string (a blank read as code), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "X_" for v in node.values)
    return None


def _speaks(text: str) -> bool:
    """Whether ``text`` says even one English word of a sentence's glue (for, from, of, after …)
    outside code: ``"x from f(y)"`` does, ``"dapple"`` or ``"f(x, y)"`` does not."""
    runs = english_fragments(text, identifiers(), run=1)
    return any(word.lower() in STOPWORDS for run in runs for word in run.split())


def _english_whats(source: str, where: str):
    """The ``what`` of a ``check.*`` call in ``source`` that speaks English (``_speaks``: ``"x from
    f(...)"``, ``"np.shape(dx) for W of shape (4, 3)"``): a plain str, an f-string or a name bound
    to one in the same function; and a ``{"en": ..., "ko": ...}`` or ``words(en, ko)`` whose
    English speaks and whose Korean has no Korean."""
    tree = ast.parse(source)
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        bound = {target.id: node.value for node in ast.walk(function) if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)}
        for call in ast.walk(function):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in CHECKS):
                continue
            what = call.args[2] if len(call.args) > 2 else next((k.value for k in call.keywords if k.arg == "what"),
                                                                None)
            what = bound.get(what.id, what) if isinstance(what, ast.Name) else what
            en = ko = _literal(what)
            if isinstance(what, ast.Dict):
                texts = {k.value: v for k, v in zip(what.keys, what.values) if isinstance(k, ast.Constant)}
                en, ko = _literal(texts.get("en")), _literal(texts.get("ko"))
            elif isinstance(what, ast.Call) and getattr(what.func, "id", getattr(what.func, "attr", "")) == "words":
                en, ko = (_literal(a) for a in (what.args + [None, None])[:2])
            if en is not None and _speaks(en) and (ko is None or not HANGUL.search(ko)):
                yield f"{where}:{call.lineno}: {en!r}"


@pytest.mark.parametrize("folder", ["suite", "tests"])
def test_no_english_words_are_handed_to_a_korean_sentence(folder):
    """A ``what`` (or any text) that is more than code is given as ``{"en": ..., "ko": ...}`` or
    ``words(en, ko, ...)``: a plain str is said as it is in every language. Both the hidden suites
    and the public tests (whose sentences a student reads with ``autograder check --lang ko``)."""
    paths = sorted((ROOT / "source_lib").glob(f"*/{folder}/*.py"))
    assert paths
    found = [line for path in paths for line in _english_literals(path)]
    found += [line for path in paths
              for line in _english_whats(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert not found, "\n".join(found)


def test_the_what_scan_finds_an_english_word_in_a_plain_what():
    source = """
def test_a(check):
    what = "train(net, x) on 60 samples"
    check.equal(1, 1, f"len(h) for h = {what}")
    check.equal(1, 1, what)
    check.array(1, 1, {"en": "x from f(y)", "ko": "x from f(y)"})
    check.scalar(1, 1, words("{n} of f()", "{n} of f()", n="dx"))
    check.scalar(1, 1, {"en": "x from f(y)", "ko": "f(y) 에서 반환된 x"})
    check.unchanged(1, 1, "f(x, y)")
    check.scalar(1, 1, "dapple")
"""
    lines = [line.split(": ", 1)[1] for line in _english_whats(source, "probe")]
    assert lines == ["'len(h) for h = X_'", "'train(net, x) on 60 samples'", "'x from f(y)'", "'{n} of f()'"]


# ---------------------------------------------------------------- what a student's check says in Korean
KOREAN_CHECKS = {  # bundled mistakes whose public tests fail on a what that is more than code
    "a1_perceptron": ["xor_wrong_layers", "train_update_sign"],
    "a2_functions": ["mse_mean", "softmax_wrong_axis"],
    "a3_gradient": ["gd_history_after_step", "forward_difference", "sgd_sign"],
    "a4_layers": ["mlp_train_full_batch", "relu_mask_at_zero", "affine_dw_transposed"],
    "a5_two_layer_net": ["init_without_weight_std", "train_acc_every_iteration"],
}


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(KOREAN_CHECKS))
def test_a_students_korean_check_of_a_bundled_mistake_is_korean(assignment):
    """``autograder check --lang ko`` (the public tests, in the student's own process) on a few
    bundled mistakes: no line has an English fragment, and every failure's sentence is Korean, up
    to its hint without one English word of glue (``_speaks``: "x from f(...)" would)."""
    env = {**os.environ, "AUTOGRADER_LANG": "ko"}
    for mistake in KOREAN_CHECKS[assignment]:
        path = EXAMPLES / assignment / mistake
        command = [sys.executable, "-P", "-m", "autograder", "check", assignment, str(path), "--lang", "ko"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=path, env=env)
        lines = done.stdout.splitlines()
        failed = [i for i, line in enumerate(lines) if line.startswith("✗")]
        assert done.returncode == 1 and failed, (mistake, done.stdout, done.stderr)
        for i in failed:
            sentence = lines[i + 1] if i + 1 < len(lines) else ""
            assert sentence.startswith(" ") and HANGUL.search(sentence), (mistake, lines[i], sentence)
            assert not _speaks(ours(sentence).split("예상되는 실수:")[0]), (mistake, sentence)
        bad = [f"{problems(ours(line))}: {line[:160]}" for line in lines + done.stderr.splitlines()
               if problems(ours(line))]
        assert not bad, (mistake, bad)
