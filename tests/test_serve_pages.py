"""The served pages: students' sign-in, assignments, upload and result; instructors' class view,
a student's attempts and files, regrade and the exports; CSRF, language, and two students
trying each other's ids. Grading is done here by hand (queue.claim/finish with the bundled
examples' results), so no grading pool runs."""
from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from autograder import course  # noqa: E402
from autograder.commands.serve import make_demo  # noqa: E402
from autograder.feedback import misconceptions  # noqa: E402
from autograder.grading import Grader  # noqa: E402
from autograder.results import Result  # noqa: E402
from autograder.serve import queue  # noqa: E402
from autograder.serve.app import ServeConfig, create_app  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions" / "a2_functions"
A2 = "a2_functions"


@pytest.fixture(scope="module")
def results():
    """The bundled examples' results, graded once."""
    grader = Grader(A2)
    return {name: grader.grade_one(EXAMPLES / name) for name in ("mse_no_half", "softmax_wrong_axis", "reference")}


@pytest.fixture(scope="module")
def served(tmp_path_factory, results):
    with pytest.MonkeyPatch.context() as mp:
        demo = make_demo(tmp_path_factory.mktemp("course"), "http://testserver")
        mp.setenv(course.ENV, str(demo.folder))  # create_app sets it: undone after this module
        app = create_app(ServeConfig(demo.folder, grade=False))
        with TestClient(app) as lifespan:
            s = SimpleNamespace(demo=demo, app=app, results=results, example_of={}, lifespan=lifespan)
            s.clients = {sid: signed_in(s, sid) for sid in demo.tokens}
            s.first = {sid: upload(s, s.clients[sid], name) for sid, name in
                       (("demo01", "mse_no_half"), ("demo02", "softmax_wrong_axis"), ("demo03", "reference"))}
            grade_queued(s)
            yield s


def client(s) -> TestClient:
    return TestClient(s.app, follow_redirects=False)


def signed_in(s, student_id: str) -> TestClient:
    c = client(s)
    confirm = c.get(f"/signin?token={s.demo.tokens[student_id]}")
    assert confirm.status_code == 200 and student_id in confirm.text  # a link alone signs no one in
    r = c.post("/signin", data={"csrf": csrf_in(confirm.text), "token": s.demo.tokens[student_id]})
    assert r.status_code == 303 and r.headers["location"] == "/"
    return c


def instructor(s) -> TestClient:
    c = client(s)
    r = c.post("/instructor/signin", data={"username": "instructor", "password": s.demo.password,
                                           "csrf": csrf(c, "/instructor/signin")})
    assert r.status_code == 303 and r.headers["location"] == "/instructor"
    return c


def csrf(c: TestClient, path: str) -> str:
    return csrf_in(c.get(path).text)


def csrf_in(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def upload(s, c: TestClient, example: str, name: str = "functions.py", assignment: str = A2) -> int:
    data = (EXAMPLES / example / "functions.py").read_bytes()
    r = c.post(f"/a/{assignment}", data={"csrf": csrf(c, f"/a/{assignment}")},
               files=[("file", (name, data, "text/x-python"))])
    assert r.status_code == 303, r.text
    number = int(r.headers["location"].rsplit("/", 1)[1])
    s.example_of[number] = example
    return number


def grade_queued(s) -> int:
    """Finish every queued a2 grading with its example's result (as the dispatcher would)."""
    others = frozenset(a for a in s.app.state.service.policy.assignments if a != A2)
    done = 0
    for claimed in queue.claim(s.app.state.db, 100, skip=others):
        result = Result.from_dict(s.results[s.example_of[claimed.submission_id]].to_dict())
        result.student_id = claimed.student_id
        assert queue.finish(s.app.state.db, claimed, result)
        done += 1
    return done


def text(r) -> str:
    return html.unescape(r.text)


# -- students ---------------------------------------------------------------------------------
def test_sign_in_by_link_shows_the_assignments_in_the_course_time_zone(served):
    c = client(served)
    assert c.get("/").headers["location"] == "/signin"
    confirm = c.get(f"/signin?token={served.demo.tokens['demo01']}")
    assert "Sign in as Kim Minji (demo01)?" in text(confirm) and c.get("/").status_code == 303
    r = c.post("/signin", data={"csrf": csrf_in(confirm.text), "token": served.demo.tokens["demo01"]})
    assert r.status_code == 303 and r.headers["location"] == "/"  # the token leaves the address bar
    page = c.get("/")
    assert page.status_code == 200
    assert "Activation and loss functions" in page.text and "(Asia/Seoul)" in page.text
    assert "10 % of the points per day late" in page.text and "of 20 used" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["referrer-policy"] == "no-referrer"
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing loads from elsewhere


def test_sign_in_by_form_and_a_bad_token(served):
    c = client(served)
    token = csrf(c, "/signin")
    bad = c.post("/signin", data={"token": "not-a-token", "csrf": token})
    assert bad.status_code == 401 and "that token or password is not valid" in bad.text
    assert c.get("/").status_code == 303
    # a form posted from another site (no token of this session) signs no one in
    forged = client(served).post("/signin", data={"token": served.demo.tokens["demo02"]})
    assert forged.status_code == 403
    good = c.post("/signin", data={"token": served.demo.tokens["demo02"], "csrf": token})
    assert good.status_code == 303 and c.get("/").status_code == 200
    assert c.get("/signin?token=wrong").status_code == 401


def test_pages_speak_korean_from_the_browser_and_the_cookie(served):
    c = signed_in(served, "demo01")
    ko = c.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    assert "내 과제" in ko.text and 'lang="ko"' in ko.text and "하루 늦을 때마다" in ko.text
    r = c.get("/lang/ko?next=/a/a2_functions")
    assert r.status_code == 303 and r.headers["location"] == "/a/a2_functions" and "lang=ko" in r.headers["set-cookie"]
    page = c.get("/a/a2_functions")
    assert "제출하기" in page.text and "내 제출 기록" in page.text
    for outside in ("https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"):
        assert c.get("/lang/en", params={"next": outside}).headers["location"] == "/"
    c.get("/lang/en?next=/")
    assert "Your assignments" in c.get("/").text


def test_forms_without_the_session_csrf_token_are_refused(served):
    c = signed_in(served, "demo01")
    data = (EXAMPLES / "reference" / "functions.py").read_bytes()
    for fields in ({}, {"csrf": "forged"}):
        r = c.post(f"/a/{A2}", data=fields, files=[("file", ("functions.py", data, "text/x-python"))])
        assert r.status_code == 403 and "this form has expired" in r.text
    assert c.post("/signout", data={"csrf": "forged"}).status_code == 403
    assert c.get("/").status_code == 200  # still signed in
    r = c.post("/signout", data={"csrf": csrf(c, "/")})
    assert r.status_code == 303 and c.get("/").status_code == 303
    # signing out ends every session of that student (a signed cookie cannot be taken back otherwise)
    assert served.clients["demo01"].get("/").status_code == 303
    served.clients["demo01"] = signed_in(served, "demo01")


def test_upload_fills_in_with_the_named_mistakes_hint(served):
    c = served.clients["demo01"]
    number = upload(served, c, "mse_no_half")
    waiting = c.get(f"/s/{number}")
    assert "Grading" in waiting.text and f"/api/v1/submissions/{number}" in waiting.text
    nonce = re.search(r"<script nonce=\"([^\"]+)\"", waiting.text).group(1)
    assert f"'nonce-{nonce}'" in waiting.headers["content-security-policy"]
    assert c.get(f"/api/v1/submissions/{number}").json()["status"] == "queued"  # what the page polls
    assert grade_queued(served) == 1
    page = text(c.get(f"/s/{number}"))
    assert misconceptions.hint("mse_no_half", "en") in page  # a visible test names it
    assert "Grading" not in page and "32.8 / 37" in page and "<polyline" in page
    history = c.get(f"/a/{A2}").text
    assert f'href="/s/{number}"' in history and f'href="/s/{served.first["demo01"]}"' in history


def test_a_hidden_tests_hint_waits_for_the_due_date(served):
    page = text(served.clients["demo02"].get(f"/s/{served.first['demo02']}"))
    assert "softmax on a 2-D batch normalises each row" in page  # hidden before the due date: points only
    assert misconceptions.hint("softmax_wrong_axis", "en") not in page


def test_a_rejected_upload_says_why(served):
    c = served.clients["demo03"]
    number = upload(served, c, "reference", name="my functions.py")
    page = text(c.get(f"/s/{number}"))
    assert "rejected" in page and "is not a file name the grader accepts" in page
    r = c.post(f"/a/{A2}", data={"csrf": csrf(c, f"/a/{A2}")}, files=[("file", ("", b"", "application/octet-stream"))])
    assert r.status_code == 303  # a file input left empty
    assert "the upload held no file" in text(c.get(r.headers["location"]))
    ko = text(c.get(f"/s/{number}", headers={"Accept-Language": "ko"}))
    assert "거부됨" in ko and "채점기가 받는 파일 이름이 아닙니다" in ko


def test_a_graded_result_in_korean(served):
    page = text(served.clients["demo01"].get(f"/s/{served.first['demo01']}", headers={"Accept-Language": "ko"}))
    assert "채점 완료" in page and "통과" in page and "기한 내" in page and "내 함수와 정답 비교" in page


def test_a_student_never_sees_another_students_submission(served):
    a_id = served.first["demo01"]
    other = served.clients["demo02"]
    assert other.get(f"/s/{a_id}").status_code == 404
    assert other.get("/s/999999").status_code == 404
    assert other.get(f"/api/v1/submissions/{a_id}").status_code == 404
    assert other.get(f"/instructor/files/{a_id}/functions.py").status_code == 403
    assert other.get("/instructor/students/demo01").status_code == 403


def test_the_attempt_policy_refuses_with_its_message(served):
    c = signed_in(served, "demo03")
    token = csrf(c, "/a/a3_gradient")
    for _ in range(10):  # attempts_per_hour = 10 in the demo
        r = c.post("/a/a3_gradient", data={"csrf": token}, files=[("file", ("gradient.py", b"x = 1\n", "text/plain"))])
        assert r.status_code == 303
    r = c.post("/a/a3_gradient", data={"csrf": token}, files=[("file", ("gradient.py", b"x = 1\n", "text/plain"))])
    assert r.status_code == 429 and "(Asia/Seoul)" in r.text and "next attempt" in r.text


# -- instructors -----------------------------------------------------------------------------
def test_instructor_pages_need_an_instructor(served):
    anonymous = client(served)
    for path in ("/instructor", f"/instructor/a/{A2}", "/instructor/students/demo01",
                 f"/instructor/export/{A2}/grades.csv", f"/instructor/files/{served.first['demo01']}/functions.py"):
        assert anonymous.get(path).headers["location"] == "/instructor/signin"
        assert served.clients["demo01"].get(path).status_code == 403
    assert served.clients["demo01"].post("/instructor/regrade", data={"assignment": A2}).status_code == 403
    bad = anonymous.post("/instructor/signin", data={"username": "instructor", "password": "wrong-password",
                                                     "csrf": csrf(anonymous, "/instructor/signin")})
    assert bad.status_code == 401
    assert client(served).post("/instructor/signin", data={"username": "instructor",
                                                          "password": served.demo.password}).status_code == 403
    overview = instructor(served).get("/instructor")
    assert overview.status_code == 200 and f'href="/instructor/a/{A2}"' in overview.text


def test_class_view_shows_the_named_mistakes_share(served):
    c = instructor(served)
    page = text(c.get(f"/instructor/a/{A2}"))
    hint = misconceptions.hint("softmax_wrong_axis", "en")
    assert f"33 % of the class's Activation and loss functions attempts (1 of 3): {hint}" in page
    assert '<meta http-equiv="refresh" content="10">' in page and "<rect" in page
    section = text(c.get(f"/instructor/a/{A2}?section=A"))
    assert f"50 % of this section's Activation and loss functions attempts (1 of 2): {hint}" in section
    assert "demo03" not in section.split('id="submissions"')[1]
    ko = text(c.get(f"/instructor/a/{A2}?section=A", headers={"Accept-Language": "ko"}))
    assert misconceptions.hint("softmax_wrong_axis", "ko") in ko and "이 분반의" in ko
    by_score = c.get(f"/instructor/a/{A2}?sort=score").text.split('id="submissions"')[1]
    order = [m for m in re.findall(r"/instructor/students/(demo\d+)", by_score)]
    assert order == ["demo03", "demo02", "demo01"]  # 37, 34.6, 32.8
    graded_only = c.get(f"/instructor/a/{A2}?status=queued").text.split('id="submissions"')[1]
    assert "/instructor/students/" not in graded_only


def test_a_students_attempts_and_files(served):
    c = instructor(served)
    number = served.first["demo01"]
    page = text(c.get("/instructor/students/demo01"))
    assert f"/instructor/files/{number}/functions.py" in page and "test_mse_lecture_values" not in page
    assert "MSE on a 2-D batch is divided by the batch size" in page  # hidden tests too, in full
    r = c.get(f"/instructor/files/{number}/functions.py")
    assert r.status_code == 200 and r.content == (EXAMPLES / "mse_no_half" / "functions.py").read_bytes()
    assert "attachment" in r.headers["content-disposition"]
    for name in ("..%2Fx", "../x", "other.py", "functions.py%00", "gradient.py"):
        assert c.get(f"/instructor/files/{number}/{name}").status_code == 404
    assert c.get("/instructor/files/999999/functions.py").status_code == 404


def test_regrade_keeps_the_previous_grading_in_history(served):
    c = instructor(served)
    service = served.app.state.service
    number = served.first["demo03"]
    assert c.post("/instructor/regrade", data={"submission_id": str(number)}).status_code == 403  # no CSRF
    token = csrf(c, "/instructor/students/demo03")
    r = c.post("/instructor/regrade", data={"csrf": token, "submission_id": str(number),
                                            "next": "/instructor/students/demo03"})
    assert r.status_code == 303 and r.headers["location"] == "/instructor/students/demo03"
    assert grade_queued(served) == 1
    history = service.gradings(number)
    assert len(history) == 2 and history[-1]["why"] == "regrade by instructor"
    r = c.post("/instructor/regrade", data={"csrf": token, "assignment": A2, "next": "https://evil.example/"})
    assert r.status_code == 303 and r.headers["location"] == "/instructor"
    assert grade_queued(served) == 3  # the latest of each student
    assert "regrade by instructor" in c.get("/instructor/students/demo03").text


def test_exports_download_with_their_content(served):
    c = instructor(served)
    scores = {"demo01": "32.8", "demo02": "34.6", "demo03": "37"}
    grades = list(csv.DictReader(io.StringIO(c.get(f"/instructor/export/{A2}/grades.csv").text)))
    assert {row["student_id"]: row["score"] for row in grades} == scores
    canvas = list(csv.reader(io.StringIO(c.get(f"/instructor/export/{A2}/canvas.csv").text)))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] and canvas[1][-1] == "37"
    assert ["Kim Minji", "", "", "demo01", "A", "32.8"] in canvas
    records = json.loads(c.get(f"/instructor/export/{A2}/results.json").text)
    assert {r["student_id"]: r["score"] for r in records} == {k: float(v) for k, v in scores.items()}
    z = zipfile.ZipFile(io.BytesIO(c.get(f"/instructor/export/{A2}/submissions.zip").content))
    assert sorted(z.namelist()) == ["demo01/functions.py", "demo02/functions.py", "demo03/functions.py"]
    assert z.read("demo02/functions.py") == (EXAMPLES / "softmax_wrong_axis" / "functions.py").read_bytes()
    assert c.get(f"/instructor/export/{A2}/other.txt").status_code == 404


@pytest.mark.slow
def test_the_nbgrader_gradebook_export(served, tmp_path):
    r = instructor(served).get(f"/instructor/export/{A2}/gradebook.db")
    assert r.status_code == 200 and r.content.startswith(b"SQLite format 3")
    (tmp_path / "gradebook.db").write_bytes(r.content)
    with sqlite3.connect(tmp_path / "gradebook.db") as db:
        students = {row[0] for row in db.execute("SELECT id FROM student")}
    assert students == {"demo01", "demo02", "demo03"}
