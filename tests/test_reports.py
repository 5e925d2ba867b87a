"""HTML reports and their figure data: what a student and an instructor see, and what they must not."""
from __future__ import annotations

import base64
import csv
import io
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from html import escape
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from autograder import cli, course, reference
from autograder.feedback.misconceptions import hints
from autograder import figure_data
from autograder.worker import testfuncs
from autograder.supervisor import Zygote
from autograder.report import file_names, text, write_reports
from autograder.results import Result, TestResult
from autograder.sandbox import SubmissionSandbox
from autograder.submission import discover, stage
from autograder.writers import results_json
from tests.conftest import EXAMPLES

A2 = "a2_functions"
IMG = re.compile(r'<img src="([^"]*)"')
HANGUL = re.compile(r"[\uac00-\ud7a3]")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def a2(graded_examples):
    return graded_examples(A2)


@pytest.fixture(scope="module", params=["en", "ko"])
def a2_reports(request, a2, tmp_path_factory):
    """(lang, out_dir, {student_id: page text}) for the bundled a2 submissions."""
    out = tmp_path_factory.mktemp(f"reports-{request.param}")
    paths = write_reports(list(a2.values()), out, request.param)
    pages = {r.student_id: p.read_text(encoding="utf-8") for r, p in zip(a2.values(), paths)}
    return request.param, out, pages


X = np.linspace(-10.0, 10.0, 201).tolist()
PATH_1D = [10.0 - 0.35 * i for i in range(21)]
HISTORY = {"train_loss": [2.3 / (1 + i / 30) for i in range(300)], "train_acc": [i / 22 for i in range(22)],
           "test_acc": [i / 23 for i in range(22)]}
FIGURE_DATA = {  # (assignment, well-formed data) of every figure the course draws, as its collect() writes it
    "activations": (A2, {"x": X, "reference": {n: [max(0.0, v) for v in X] for n in ("step", "sigmoid", "relu", "leaky_relu")},
                         "student": {"relu": [max(0.0, v) for v in X]}}),
    "descent_1d": ("a3_gradient", {"student": PATH_1D, "reference": PATH_1D[::-1]}),
    "descent_2d": ("a3_gradient", {"student": None, "reference": [[-3.0 * 0.8 ** i, 4.0 * 0.8 ** i] for i in range(21)]}),
    "training": ("a5_two_layer_net", {"student": HISTORY, "reference": HISTORY}),
}


def figured_results() -> list[Result]:
    """One result per assignment that has figures, holding every figure of it."""
    by_assignment: dict[str, dict] = {}
    for key, (assignment, data) in FIGURE_DATA.items():
        by_assignment.setdefault(assignment, {})[key] = data
    return [Result(f"s_{a}", a, 1, 1, tests=[TestResult("t", 1, 1, "passed")], figures=f) for a, f in by_assignment.items()]


def images(page: str) -> list[str]:
    return [src for src in IMG.findall(page) if src.startswith("data:image/png;base64,")]


def hidden_result(secret: str) -> Result:
    """A submission whose hidden tests carry ``secret`` in every field the report must not show."""
    tests = [TestResult("a visible test", 1, 1, "passed"),
             TestResult("a hidden test", 0, 2, "failed", "softmax(x) on a batch is wrong", "hidden",
                        misconception="softmax_no_max_shift", grader_error=f"Traceback: expected {secret}"),
             TestResult("an after-due-date test", 0, 2, "error", "the autograder could not run this test",
                        "after_due_date", misconception="cee_sign", grader_error=f"x = {secret}")]
    return Result("s1", A2, 1, 5, tests=tests, figures={"hidden_input": [float(secret)], "debug": secret})


# ---------------------------------------------------------------- language
def test_every_report_text_has_english_and_korean_with_the_same_placeholders():
    titles = {a.id: a.titles for a in course.assignments().values()}
    for table in (text.TEXT, titles):
        for key, entry in table.items():
            assert set(entry) == set(text.LANGS), key
            assert all(entry[lang].strip() for lang in text.LANGS), key
            assert set(re.findall(r"{\w+}", entry["en"])) == set(re.findall(r"{\w+}", entry["ko"])), key


def test_every_course_figure_has_an_english_and_a_korean_caption():
    drawn = {a: figure_data.figures(a) for a in course.assignments()}
    assert {k for fs in drawn.values() for k in fs} == set(FIGURE_DATA)
    for figs in drawn.values():
        for key, figure in figs.items():
            assert set(figure.caption) == set(text.LANGS) and all(c.strip() for c in figure.caption.values()), key
            assert HANGUL.search(figure.caption["ko"]) and not HANGUL.search(figure.caption["en"]), key


def test_the_korean_page_is_in_korean_and_declares_utf8(a2_reports):
    lang, out, pages = a2_reports
    page = pages["reference"]
    assert '<meta charset="utf-8">' in page and f'<html lang="{lang}">' in page
    assert ("점수" in page and HANGUL.search(page)) if lang == "ko" else not HANGUL.search(page)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert (text.render("pass_rates", lang)) in index


# ---------------------------------------------------------------- content
def test_the_diagnosed_mistake_is_named_on_that_students_page_only(a2_reports):
    lang, _, pages = a2_reports
    hint = escape(hints()["softmax_no_max_shift"][lang])
    assert hint in pages["softmax_no_max_shift"]
    assert hint not in pages["reference"] and hint not in pages["softmax_wrong_axis"]


def test_every_image_is_an_embedded_valid_png(a2_reports):
    _, out, _ = a2_reports
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
    images = [src for page in pages for src in IMG.findall(page)]
    assert len(images) >= len(pages)  # an activation figure per student, a histogram on the index
    for src in images:
        assert src.startswith("data:image/png;base64,")
        png = base64.b64decode(src.split(",", 1)[1], validate=True)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
        assert pixels.ndim == 3 and min(pixels.shape[:2]) > 200 and pixels.std() > 0.01


def test_pages_load_nothing_from_outside(a2_reports):
    _, out, _ = a2_reports
    for path in out.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert "<script" not in page and "url(" not in page and "@import" not in page
        assert all(src.startswith("data:image/png;base64,") for src in re.findall(r'src="([^"]*)"', page))
        assert all(re.fullmatch(r"(students/)?[A-Za-z0-9_.-]+", link) for link in re.findall(r'href="([^"]*)"', page))


def test_the_activation_figure_says_which_student_curves_are_missing(a2_reports):
    lang, _, pages = a2_reports
    missing = text.render("fig_missing", lang, names="step, sigmoid, relu, leaky_relu")
    assert escape(missing) in pages["stub"]
    assert escape(text.render("fig_missing", lang, names="x")[:20]) not in pages["reference"]
    assert len(IMG.findall(pages["reference"])) == 1


def test_a_hidden_test_shows_its_name_score_and_feedback_and_nothing_more(tmp_path):
    secret = "31337.125"
    for lang in text.LANGS:
        paths = write_reports([hidden_result(secret)], tmp_path / lang, lang)
        for path in paths:
            assert secret not in path.read_text(encoding="utf-8"), path.name
        page = paths[0].read_text(encoding="utf-8")
        assert "a hidden test" in page and "softmax(x) on a batch is wrong" in page and "0 / 2" in page
        assert hints()["softmax_no_max_shift"][lang] not in page and hints()["cee_sign"][lang] not in page
        assert "Traceback" not in page and "<img" not in page


def test_student_text_is_escaped_everywhere(tmp_path):
    attack = "<script>alert(1)</script>"
    result = Result(f'<img src=x onerror="alert(2)">', A2, 0, 1, output=f"print: {attack}\n" * 3,
                    tests=[TestResult(attack, 0, 1, "error", f"your code raised ValueError: {attack}")])
    paths = write_reports([result], tmp_path)
    for path in paths[:2]:
        page = path.read_text(encoding="utf-8")
        assert "<script" not in page and "<img src=x" not in page
    page = paths[0].read_text(encoding="utf-8")
    assert page.count(escape(attack)) == 5  # test name, feedback and three output lines, in a <pre>
    assert re.search(r"<pre>(print: &lt;script&gt;alert\(1\)&lt;/script&gt;\n){3}</pre>", page)
    assert paths[0].parent == tmp_path / "students" and paths[0].name.startswith("img_src_x_onerror_alert_2-")


def test_long_output_is_truncated(tmp_path):
    result = Result("s1", A2, 0, 1, output="x" * 50_000)
    page = write_reports([result], tmp_path)[0].read_text(encoding="utf-8")
    assert "x" * 4000 in page and "x" * 4001 not in page and "50000" in page


def test_malformed_figure_data_leaves_the_figure_out_not_the_page(tmp_path):
    broken = {"activations": {"x": [1.0, "two"], "student": {}, "reference": {}}, "descent_1d": {"student": 3},
              "training": {"student": None, "reference": {"train_loss": [True]}}}
    page = write_reports([Result("s1", A2, 0, 1, figures=broken)], tmp_path)[0].read_text(encoding="utf-8")
    assert "<img" not in page and "s1" in page


def test_a_figure_the_course_does_not_draw_for_that_assignment_is_left_out(tmp_path):
    _, activations = FIGURE_DATA["activations"]
    known_and_not = {"activations": activations, "convolution": {"student": [1.0], "reference": [1.0]},
                     "descent_1d": FIGURE_DATA["descent_1d"][1]}  # a3's figure in an a2 record
    results = [Result("s1", A2, 1, 1, figures=known_and_not),
               Result("s2", "a9_not_in_this_course", 1, 1, figures={"activations": activations})]
    first, second = (p.read_text(encoding="utf-8") for p in write_reports(results, tmp_path)[:2])
    assert len(images(first)) == 1 and escape(figure_data.figures(A2)["activations"].caption["en"]) in first
    assert "<img" not in second and "s2" in second


def test_file_names_are_safe_and_unique():
    names = file_names(["alice", "Alice", "../etc/passwd", "김철수", "a b", "a_b", "", "alice"])
    assert len(set(n.lower() for n in names)) == len(names)
    assert names[:2] == ["alice", "Alice-2"] and names[5] == "a_b"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", n) for n in names)


# ---------------------------------------------------------------- class overview
def test_the_overview_csv_pass_rates_equal_the_results(a2, a2_reports):
    _, out, _ = a2_reports
    rows = list(csv.DictReader((out / "overview.csv").open(encoding="utf-8")))
    tests = {r["item"]: r for r in rows if r["section"] == "test"}
    results = list(a2.values())
    for name in {t.name for r in results for t in r.tests}:
        passed = sum(t.status == "passed" for r in results for t in r.tests if t.name == name)
        ran = sum(t.name == name for r in results for t in r.tests)
        assert (int(tests[name]["count"]), int(tests[name]["total"])) == (passed, ran)
        assert float(tests[name]["fraction"]) == pytest.approx(passed / ran, abs=1e-4)
    histogram = [int(r["count"]) for r in rows if r["section"] == "histogram"]
    assert len(histogram) == 10 and sum(histogram) == len(results) and histogram[9] >= 1


def test_the_overview_counts_each_mistake_once_per_submission(a2, a2_reports):
    lang, out, _ = a2_reports
    rows = list(csv.DictReader((out / "overview.csv").open(encoding="utf-8")))
    counted = {r["item"]: int(r["count"]) for r in rows if r["section"] == "misconception"}
    expected = Counter(m for r in a2.values() for m in {t.misconception for t in r.tests if t.misconception})
    assert counted == dict(expected) and counted["softmax_no_max_shift"] == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert escape(hints()["cee_sign"][lang]) in index
    assert all(f'href="students/{name}.html"' in index for name in file_names(list(a2)))


# ---------------------------------------------------------------- the command
def test_the_report_command_writes_every_page(a2, tmp_path, capsys):
    results_json.write(list(a2.values()), tmp_path / "results.json")
    assert cli.main(["report", str(tmp_path / "results.json"), "--lang", "ko"]) == 0
    out = tmp_path / "report"
    assert {p.stem for p in (out / "students").iterdir()} == set(file_names(list(a2)))
    assert "수강생 전체 현황" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "overview.csv").read_text(encoding="utf-8").startswith("section,assignment,item,count,total,fraction")
    assert "student pages" in capsys.readouterr().err
    assert all(len(images((out / "students" / f"{n}.html").read_text(encoding="utf-8"))) == 1 for n in file_names(list(a2)))


def test_results_json_keeps_the_figures_in_a_side_file_and_the_report_draws_them(tmp_path):
    path = tmp_path / "results.json"
    results = figured_results() + [Result("no_figures", A2, 0, 1)]
    results_json.write(results, path)
    records = json.loads(path.read_text(encoding="utf-8"))
    assert len(records) == len(results) and not any("figures" in r for r in records)
    side = json.loads(results_json.figures_path(path).read_text(encoding="utf-8"))
    assert side == {r.student_id: r.figures for r in results if r.figures}
    assert [r.figures for r in results_json.read(path)] == [r.figures for r in results]
    assert all(r.figures == {} for r in results_json.read(path, figures=False))
    assert cli.main(["report", str(path), "--out", str(tmp_path / "out")]) == 0
    pages = {r.student_id: (tmp_path / "out" / "students" / f"{n}.html").read_text(encoding="utf-8")
             for r, n in zip(results, file_names([r.student_id for r in results]))}
    assert {sid: len(images(page)) for sid, page in pages.items()} == \
        {r.student_id: len(r.figures) for r in results}  # every figure of the course, drawn


def test_an_older_results_json_with_inline_figures_still_reports(tmp_path):
    path = tmp_path / "results.json"
    path.write_text("".join(results_json.chunks(figured_results())), encoding="utf-8")  # figures inline
    assert all(r["figures"] for r in json.loads(path.read_text(encoding="utf-8")))
    results_json.figures_path(path).write_text('{"s_a2_functions": {"activations": {"x": "stale"}}}', encoding="utf-8")
    assert [r.figures for r in results_json.read(path)] == [r.figures for r in figured_results()]  # inline wins
    assert cli.main(["report", str(path), "--out", str(tmp_path / "out")]) == 0
    drawn = sum(len(images(p.read_text(encoding="utf-8"))) for p in (tmp_path / "out" / "students").iterdir())
    assert drawn == len(FIGURE_DATA)


def test_a_results_file_without_figures_has_no_side_file_and_a_stale_one_goes(tmp_path):
    path = tmp_path / "results.json"
    results_json.write(figured_results(), path)
    assert results_json.figures_path(path).is_file()
    results_json.write([Result("s_a2_functions", A2, 0, 1)], path)
    assert not results_json.figures_path(path).exists()
    assert results_json.read(path)[0].figures == {}


def test_a_repeated_student_id_keeps_the_first_records_figures(tmp_path):
    path = tmp_path / "results.json"
    first, second = (Result("same", A2, 0, 1, figures={"activations": {"n": n}}) for n in (1, 2))
    results_json.write([first, second], path)
    assert [r.figures for r in results_json.read(path)] == [first.figures, {}]


def test_a_broken_side_file_is_named_by_the_report_command(tmp_path, capsys):
    path = tmp_path / "results.json"
    results_json.write(figured_results(), path)
    results_json.figures_path(path).write_text("{torn", encoding="utf-8")
    assert cli.main(["report", str(path), "--out", str(tmp_path / "out")]) == 2
    assert "results.figures.json" in capsys.readouterr().err


def test_the_grader_loads_figure_modules_without_matplotlib():
    code = ("import sys; from autograder import course, figure_data\n"
            "assert all(figure_data.figures(a) is not None for a in course.assignments())\n"
            "assert 'matplotlib' not in sys.modules, 'a figures.py imported matplotlib'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@pytest.mark.parametrize("content, why", [
    (None, "no such file"), ("{not json", "not a readable results.json"), ('{"a": 1}', "not a list of result records"),
    ('[{"student_id": "s"}]', "not a list of result records"),
    ('[{"student_id": 5, "assignment": "a2", "score": 1, "max_score": 1}]', "record 0"),
])
def test_the_report_command_refuses_a_missing_or_malformed_results_file(tmp_path, capsys, content, why):
    path = tmp_path / "results.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert cli.main(["report", str(path), "--out", str(tmp_path / "out")]) == 2
    assert why in capsys.readouterr().err and not (tmp_path / "out").exists()


# ---------------------------------------------------------------- probes
@pytest.fixture(scope="module")
def probe():
    """``probe(assignment, example, module)`` → figure data of that bundled example, via a real worker."""
    functions = [p for a in ("a3_gradient", "a5_two_layer_net") for p in course.testfuncs(course.get(a))]
    testfuncs.load(functions)
    zygote = Zygote(functions=functions)

    def run(assignment_id: str, example: str, module) -> dict:
        assignment = course.get(assignment_id)
        source = next(s for s in discover(EXAMPLES / assignment_id, assignment) if s.student_id == example)
        staged = stage(source, assignment, Path(tempfile.mkdtemp(prefix="ag-test-")))
        submission = SubmissionSandbox(example, assignment, staged, zygote)
        try:
            return module.collect(submission.student, reference.load(assignment_id))
        finally:
            submission.close()

    yield run
    zygote.close()


a3_gradient, a5_two_layer_net = figure_data.probe("a3_gradient"), figure_data.probe("a5_two_layer_net")


def test_the_descent_probe_draws_the_students_path_next_to_the_references(probe):
    right = probe("a3_gradient", "reference", a3_gradient)
    assert len(right["descent_1d"]["reference"]) == 21 and right["descent_1d"]["reference"][:2] == pytest.approx([10, 7.2])
    assert np.array(right["descent_2d"]["student"]) == pytest.approx(np.array(right["descent_2d"]["reference"]))
    late = probe("a3_gradient", "gd_history_after_step", a3_gradient)
    assert late["descent_1d"]["student"][:2] == pytest.approx([7.2, 5.52])
    assert probe("a3_gradient", "stub", a3_gradient)["descent_2d"]["student"] is None


def test_the_training_probe_is_reproducible_and_matches_the_reference(probe):
    data = probe("a5_two_layer_net", "reference", a5_two_layer_net)["training"]
    assert data["student"] == data["reference"]  # same seeds, same code: the same curve
    assert len(data["reference"]["train_loss"]) == 300 and len(data["reference"]["test_acc"]) == 22
    assert data["reference"]["test_acc"][-1] > 0.9
    assert probe("a5_two_layer_net", "stub", a5_two_layer_net)["training"]["student"] is None
    json.dumps(data, allow_nan=False)


# ---------------------------------------------------------------- a real browser
def chromium(tmp_path: Path, url: str, *flags: str) -> subprocess.CompletedProcess:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/install-chromium installs it)")
    profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp_path)
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
               "--hide-scrollbars", *flags, url]
    shown = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr[-3000:]
    return shown


def page_problems(stderr: str) -> list[str]:
    """Console messages (our pages have no script, so any is a problem: a CSP block, an exception)
    and failed loads of file:// or data: URLs, from chromium's log."""
    return [line for line in stderr.splitlines()
            if ":CONSOLE" in line or "Uncaught" in line or ("ERR_" in line and ("file://" in line or "data:" in line))]


@pytest.mark.parametrize("head, expected", [
    ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">", ["violates", "violates"]),
    ("", ["Uncaught ReferenceError"]),
])
def test_the_browser_check_notices_a_broken_page(tmp_path, head, expected):
    page = tmp_path / "broken.html"
    page.write_text(f'<!doctype html>{head}<img src="missing.png"><script>nothing()</script>', encoding="utf-8")
    problems = page_problems(chromium(tmp_path, page.as_uri(), "--dump-dom").stderr)
    assert len(problems) == len(expected) and all(e in p for e, p in zip(expected, problems))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_report_displays_in_a_real_browser_on_a_phone(a2, tmp_path, lang):
    write_reports(list(a2.values()), tmp_path / "out", lang)
    for name in ("index", "students/softmax_no_max_shift"):
        url = (tmp_path / "out" / f"{name}.html").as_uri()
        shown = chromium(tmp_path, url, "--dump-dom")
        assert page_problems(shown.stderr) == []
        assert "<title>" + escape(text.title(A2, lang)) in shown.stdout and "<table" in shown.stdout
        assert shown.stdout.count("<img") >= 1
        shot = tmp_path / f"{lang}-{name.replace('/', '-')}.png"
        shown = chromium(tmp_path, url, f"--screenshot={shot}", "--window-size=390,844")
        assert page_problems(shown.stderr) == []
        pixels = matplotlib.image.imread(shot)
        assert pixels.shape[:2] == (844, 390) and pixels[..., :3].std() > 0.05  # a phone-sized, non-blank page
