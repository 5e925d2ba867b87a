"""autograder serve's JSON API: submit, see, refuse; each student sees only their own; policy edges.

Most tests run the app without its grading pool (``grade=False``) and finish a grading by hand
with a real ``Result`` of a bundled example (graded once per module by the real ``Grader``);
``test_graded_by_the_pool`` runs the real pool, preflight first, and compares with ``run``.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from autograder import course  # noqa: E402
from autograder.commands.serve import make_demo  # noqa: E402
from autograder.grading import Grader  # noqa: E402
from autograder.serve import queue  # noqa: E402
from autograder.serve.app import ServeConfig, create_app  # noqa: E402

A2 = "a2_functions"
EXAMPLES = course.examples_dir(A2)
DUE = datetime(2026, 12, 8, 14, 59, tzinfo=timezone.utc)  # 23:59 in Seoul
SERVE = f"""[serve]
timezone = "Asia/Seoul"

[serve.defaults]
due = "2026-12-08 23:59"
late_penalty_per_day = 0.25
last_accepted = "2026-12-10 23:59"
max_attempts = 4
attempts_per_hour = 3
hidden_before_due = "points"
hidden_after_due = "full"

[serve.assignments.{A2}]
"""


@pytest.fixture(scope="module")
def graded():
    """Real results of three bundled a2 examples, by the real grader (once per module)."""
    names = ("reference", "softmax_wrong_axis", "cee_sign")
    results = Grader(A2).grade([__import__("autograder.submission", fromlist=["Source"]).Source(n, EXAMPLES / n)
                                for n in names])
    return dict(zip(names, results))


@pytest.fixture
def served(tmp_path, monkeypatch):
    demo = make_demo(tmp_path / "course", "http://testserver", serve_toml=SERVE)
    monkeypatch.setenv(course.ENV, str(demo.folder))  # create_app sets it for the process: undone after
    app = create_app(ServeConfig(demo.folder, grade=False))
    with TestClient(app) as client:
        yield demo, app, client


def bearer(demo, student="demo01") -> dict:
    return {"Authorization": f"Bearer {demo.tokens[student]}"}


def module(name: str = "softmax_wrong_axis") -> bytes:
    return (EXAMPLES / name / "functions.py").read_bytes()


def submit(client, demo, student="demo01", files=None, assignment=A2):
    files = files if files is not None else [("file", ("functions.py", module()))]
    return client.post("/api/v1/submissions", headers=bearer(demo, student), data={"assignment": assignment},
                       files=files)


def graded_view(client, demo, sid: int, student: str = "demo01", seconds: float = 120) -> dict:
    """The submission once it is graded (or not graded), waiting on the API's long poll."""
    deadline, view = time.monotonic() + seconds, {}
    while time.monotonic() < deadline and view.get("status") not in ("graded", "not_graded"):
        view = client.get(f"/api/v1/submissions/{sid}?wait=25", headers=bearer(demo, student)).json()
    return view


def at(app, when: datetime) -> None:
    app.state.service.clock = lambda: when


def finish_all(app, result_for) -> int:
    """Grade every queued submission by hand: ``result_for(student_id)`` is its ``Result``."""
    db, n = app.state.db, 0
    for claimed in queue.claim(db, 100):
        r = result_for(claimed.student_id)
        r.student_id = claimed.student_id
        assert queue.finish(db, claimed, r)
        n += 1
    return n


def test_submit_then_see_the_feedback_as_the_policy_allows(served, graded):
    demo, app, client = served
    at(app, DUE - timedelta(days=1))
    answer = submit(client, demo)
    assert answer.status_code == 202 and answer.json()["status"] == "queued"
    sid = answer.json()["id"]
    assert client.get(f"/api/v1/submissions/{sid}", headers=bearer(demo)).json()["status"] == "queued"
    assert finish_all(app, lambda _: graded["softmax_wrong_axis"]) == 1
    view = client.get(f"/api/v1/submissions/{sid}", headers=bearer(demo)).json()
    expected = graded["softmax_wrong_axis"]
    assert view["status"] == "graded" and view["score"] == expected.score == 34.6 and view["max_score"] == 37
    assert view["late"] is False and view["student_id"] == "demo01" and view["assignment"] == A2
    hidden = [t for t in view["tests"] if t["visibility"] == "hidden"]
    assert hidden and all(t["feedback"] in ("", None) and t["misconception"] is None for t in hidden)
    assert {t["id"] for t in view["tests"]} == {t.id for t in expected.tests}
    # after the due date the hidden tests' feedback shows, naming the mistake
    at(app, DUE + timedelta(hours=1))
    view = client.get(f"/api/v1/submissions/{sid}", headers=bearer(demo)).json()
    named = [t for t in view["tests"] if t["misconception"] == "softmax_wrong_axis"]
    assert named and "axis" in named[0]["feedback"]
    assert all("grader_error" not in t and "output" not in t for t in view["tests"])


def test_a_student_never_sees_another_students_submission(served, graded):
    demo, app, client = served
    at(app, DUE - timedelta(days=1))
    mine = submit(client, demo, "demo01").json()["id"]
    finish_all(app, lambda _: graded["cee_sign"])
    theirs = client.get(f"/api/v1/submissions/{mine}", headers=bearer(demo, "demo02"))
    missing = client.get("/api/v1/submissions/999999", headers=bearer(demo, "demo02"))
    assert theirs.status_code == missing.status_code == 404 and theirs.json() == missing.json()
    assert client.get("/api/v1/submissions", headers=bearer(demo, "demo02")).json()["submissions"] == []
    assert [s["id"] for s in client.get("/api/v1/submissions", headers=bearer(demo)).json()["submissions"]] == [mine]
    # a student id in the form is ignored: the token decides who submits
    other = client.post("/api/v1/submissions", headers=bearer(demo, "demo02"),
                        data={"assignment": A2, "student_id": "demo01"}, files=[("file", ("functions.py", module()))])
    assert client.get(f"/api/v1/submissions/{other.json()['id']}", headers=bearer(demo, "demo02")).json()[
        "student_id"] == "demo02"


def test_no_token_or_a_wrong_one_is_401_and_guessing_is_rate_limited(served):
    demo, app, client = served
    assert client.get("/api/v1/assignments").status_code == 401
    codes = [client.get("/api/v1/assignments", headers={"Authorization": f"Bearer wrong{n}"}).status_code
             for n in range(12)]
    assert codes[:9] == [401] * 9 and codes[9:] == [429] * 3  # the 10th failure in 15 minutes blocks
    # a valid token still works: the class behind this address is not locked out
    assert client.get("/api/v1/assignments", headers=bearer(demo)).status_code == 200


def test_instructor_passwords_are_not_even_checked_once_blocked(served):
    demo, app, client = served
    page = client.get("/instructor/signin").text
    form = {"username": "instructor", "password": "wrong-password",
            "csrf": page.split('name="csrf" value="')[1].split('"')[0]}
    codes = [client.post("/instructor/signin", data=form).status_code for _ in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    right = client.post("/instructor/signin", data={**form, "password": demo.password}, follow_redirects=False)
    assert right.status_code == 429  # blocked for this address and name, even with the right password
    spoofed = client.post("/instructor/signin", data={**form, "password": demo.password},
                          headers={"X-Forwarded-For": "10.9.8.7"}, follow_redirects=False)
    assert spoofed.status_code == 429  # a client's own X-Forwarded-For is not believed


def test_signing_out_ends_the_session_even_if_its_cookie_is_kept(served):
    demo, app, client = served
    confirm = client.get(f"/signin?token={demo.tokens['demo01']}").text
    client.post("/signin", data={"token": demo.tokens["demo01"],
                                 "csrf": confirm.split('name="csrf" value="')[1].split('"')[0]})
    kept = dict(client.cookies)
    page = client.get("/")
    assert page.status_code == 200
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    assert client.post("/signout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    client.cookies.clear()
    client.cookies.update(kept)  # the old cookie, replayed
    assert client.get("/api/v1/submissions").status_code == 401
    assert client.get(f"/signin?token={demo.tokens['demo01']}").status_code == 200  # the token still works


@pytest.mark.parametrize("files, words", [
    ([("file", ("notes.txt", b"hello"))], "not a file name"),
    ([("file", ("../functions.py", b"x = 1"))], "not a file name"),
    ([("file", ("functions.py", b"\xff\xfe\x00bad"))], "could not be read"),
    ([("file", ("lab.ipynb", b"{not json"))], "could not be read"),
    ([("file", ("functions.py", b"#" * (1024 * 1024 + 1)))], "too large"),
    ([("file", ("functions.py", b"x = 1")), ("file", ("functions.py", b"x = 2"))], "twice"),
])
def test_a_bad_upload_is_stored_rejected_with_a_clear_reason(served, files, words):
    demo, app, client = served
    at(app, DUE - timedelta(days=1))
    answer = submit(client, demo, files=files)
    assert answer.status_code == 422 and answer.json()["status"] == "rejected"
    assert words in answer.json()["reason"]
    stored = client.get(f"/api/v1/submissions/{answer.json()['id']}", headers=bearer(demo)).json()
    assert stored["status"] == "rejected" and words in stored["reason"] and stored["files"] == []
    assert not any(Path(app.state.service.uploads).rglob("*.py"))  # nothing of it was written
    ko = client.get(f"/api/v1/submissions/{answer.json()['id']}",
                    headers={**bearer(demo), "Accept-Language": "ko-KR,ko;q=0.9"}).json()
    assert ko["reason"] != stored["reason"] and any("\uac00" <= ch <= "\ud7a3" for ch in ko["reason"])
    # a rejected upload does not use up an attempt
    assert client.get("/api/v1/assignments", headers=bearer(demo)).json()["assignments"][0]["attempts_used"] == 0


def test_rate_limit_then_attempt_limit_with_retry_after(served):
    demo, app, client = served
    start = DUE - timedelta(days=2)
    for minute in (0, 10, 20):
        at(app, start + timedelta(minutes=minute))
        assert submit(client, demo).status_code == 202
    at(app, start + timedelta(minutes=30))
    refused = submit(client, demo)
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) == 30 * 60  # the first attempt leaves the hour at minute 60
    assert "next attempt" in refused.json()["error"]
    at(app, start + timedelta(minutes=60))
    assert submit(client, demo).status_code == 202  # the 4th of max_attempts = 4
    at(app, start + timedelta(hours=5))
    final = submit(client, demo)
    assert final.status_code == 429 and final.json()["code"] == "no_attempts_left"
    assert client.get("/api/v1/assignments", headers=bearer(demo)).json()["assignments"][0]["attempts_left"] == 0
    assert submit(client, demo, "demo02").status_code == 202  # another student's attempts are their own


def test_late_penalty_per_started_day_and_the_last_accepted_date(served, graded):
    demo, app, client = served
    ids = {}
    for label, when in (("on time", DUE), ("1 s late", DUE + timedelta(seconds=1)),
                        ("day and a bit", DUE + timedelta(days=1, seconds=1))):
        at(app, when)
        ids[label] = submit(client, demo, files=[("file", ("functions.py", module("reference")))]).json()["id"]
    finish_all(app, lambda _: graded["reference"])
    views = {k: client.get(f"/api/v1/submissions/{v}", headers=bearer(demo)).json() for k, v in ids.items()}
    assert [views[k]["score"] for k in ids] == [37, 27.75, 18.5]  # 37 × (1 − 0.25 × started days)
    assert [views[k]["late_days"] for k in ids] == [0, 1, 2]
    at(app, DUE + timedelta(days=2, hours=1))  # after last_accepted (the 10th, 23:59 in Seoul)
    closed = submit(client, demo, "demo02")
    assert closed.status_code == 403 and closed.json()["code"] == "past_last_accepted"


def test_fresh_tokens_end_the_old_ones(served):
    from autograder.commands.roster import issue_tokens

    demo, app, client = served
    assert client.get("/api/v1/assignments", headers=bearer(demo)).status_code == 200
    fresh = dict(issue_tokens(app.state.db, ["demo01"]))
    assert client.get("/api/v1/assignments", headers=bearer(demo)).status_code == 401
    assert client.get("/api/v1/assignments", headers={"Authorization": f"Bearer {fresh['demo01']}"}).status_code == 200
    assert client.get("/api/v1/assignments", headers=bearer(demo, "demo02")).status_code == 200


def test_unknown_assignment_is_404_and_not_stored(served):
    demo, app, client = served
    answer = submit(client, demo, assignment="a9_nothing")
    assert answer.status_code == 404 and "a9_nothing" in answer.json()["error"]
    assert client.get("/api/v1/submissions", headers=bearer(demo)).json()["submissions"] == []


def test_regrade_keeps_the_history(served, graded):
    demo, app, client = served
    at(app, DUE - timedelta(days=1))
    sid = submit(client, demo).json()["id"]
    finish_all(app, lambda _: graded["softmax_wrong_axis"])
    assert app.state.service.regrade(A2) == 1
    assert client.get(f"/api/v1/submissions/{sid}", headers=bearer(demo)).json()["status"] == "queued"
    finish_all(app, lambda _: graded["reference"])
    assert client.get(f"/api/v1/submissions/{sid}", headers=bearer(demo)).json()["score"] == 37
    history = app.state.service.gradings(sid)
    assert [(g["why"], g["score"]) for g in history] == [("submitted", 34.6), ("regrade", 37)]


@pytest.mark.slow
def test_graded_by_the_pool_as_run_grades_it(tmp_path, graded, monkeypatch):
    """The real pool: preflight first, then a bundled mistake graded with the score ``run`` gives it."""
    demo = make_demo(tmp_path / "course", "http://testserver", serve_toml=SERVE.replace("2026-12-08", "2099-12-08")
                     .replace("2026-12-10", "2099-12-10"))
    monkeypatch.setenv(course.ENV, str(demo.folder))
    app = create_app(ServeConfig(demo.folder, jobs=1))
    with TestClient(app) as client:
        sid = submit(client, demo).json()["id"]
        view = graded_view(client, demo, sid)
        assert app.state.dispatcher.problems == {}
        assert view["status"] == "graded" and view["score"] == graded["softmax_wrong_axis"].score
        assert app.state.service.gradings(sid)[0]["state"] == "done"


def test_a_grading_the_grader_failed_costs_no_attempt_and_shows_no_score(served):
    from autograder.results import Result

    demo, app, client = served
    at(app, DUE - timedelta(days=1))
    sid = submit(client, demo).json()["id"]
    finish_all(app, lambda who: Result.grader_failure(who, A2, 37.0, "not graded: the grading session ended"))
    view = client.get(f"/api/v1/submissions/{sid}", headers=bearer(demo)).json()
    assert view["status"] == "not_graded" and view["score"] is None and "not graded" in view["reason"]
    row = client.get("/api/v1/assignments", headers=bearer(demo)).json()["assignments"][0]
    assert row["attempts_used"] == 0 and row["best_score"] is None


def test_claims_are_fair_a_student_being_graded_waits_behind_the_others(served):
    demo, app, client = served
    at(app, DUE - timedelta(days=1))
    for _ in range(3):
        submit(client, demo, "demo01")  # three uploads first (endless loops, say)
    late = submit(client, demo, "demo02").json()["id"]
    first = queue.claim(app.state.db, 2)
    assert [c.student_id for c in first] == ["demo01", "demo02"]  # one each before a second of anyone
    assert first[1].submission_id == late
    later = submit(client, demo, "demo03").json()["id"]
    (next_one,) = queue.claim(app.state.db, 1)
    assert next_one.submission_id == later  # demo01 is being graded: demo03 goes first
    # with a cap, demo01's backlog never takes the places left: they wait for someone else's upload
    assert queue.claim(app.state.db, 3, cap=1) == []
    assert [c.student_id for c in queue.claim(app.state.db, 3, cap=2)] == ["demo01"]


def test_a_chunked_upload_is_cut_off_at_the_limit_not_spooled_whole(served):
    demo, app, client = served

    def body():  # chunked: no Content-Length to refuse it by
        boundary = b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"functions.py\"\r\n\r\n"
        yield boundary
        for _ in range(64):  # 64 MB if anyone read it all
            yield b"#" * (1024 * 1024)

    answer = client.post("/api/v1/submissions", headers={**bearer(demo), "Content-Type":
                         "multipart/form-data; boundary=x"}, content=body())
    assert answer.status_code == 413 and "too large" in answer.json()["error"]
    assert client.get("/api/v1/submissions", headers=bearer(demo)).json()["submissions"] == []


def test_with_hidden_tests_withheld_no_page_or_list_shows_their_points(tmp_path, monkeypatch, graded):
    demo = make_demo(tmp_path / "course", "http://testserver",
                     serve_toml=SERVE.replace('hidden_before_due = "points"', 'hidden_before_due = "nothing"'))
    monkeypatch.setenv(course.ENV, str(demo.folder))
    app = create_app(ServeConfig(demo.folder, grade=False))
    with TestClient(app) as client:
        at(app, DUE - timedelta(days=1))
        sid = submit(client, demo).json()["id"]
        finish_all(app, lambda _: graded["softmax_wrong_axis"])
        visible = [t for t in graded["softmax_wrong_axis"].tests if t.visibility == "visible"]
        shown = (sum(t.score for t in visible), sum(t.max_score for t in visible))
        view = client.get(f"/api/v1/submissions/{sid}", headers=bearer(demo)).json()
        listed = client.get("/api/v1/submissions", headers=bearer(demo)).json()["submissions"][0]
        row = client.get("/api/v1/assignments", headers=bearer(demo)).json()["assignments"][0]
        assert (view["score"], view["max_score"]) == (listed["score"], listed["max_score"]) == shown
        assert (row["best_score"], row["latest"]["score"], row["max_score"]) == (shown[0], shown[0], shown[1])
        assert shown[1] < 37 and view["hidden_withheld"] and {t["visibility"] for t in view["tests"]} == {"visible"}


def test_a_notebook_nested_past_what_json_can_read_is_rejected_not_a_crash(served):
    demo, app, client = served
    at(app, DUE - timedelta(days=1))
    deep = b"[" * 200_000 + b"]" * 200_000
    answer = submit(client, demo, files=[("file", ("lab.ipynb", deep))])
    assert answer.status_code == 422 and "could not be read" in answer.json()["reason"]


def test_an_id_too_large_for_the_database_is_not_found(served):
    demo, app, client = served
    assert client.get(f"/api/v1/submissions/{2 ** 64}", headers=bearer(demo)).status_code == 404


def test_rejected_uploads_cost_no_attempt_but_cannot_flood_the_database(served):
    from autograder.serve.service import REJECTED_PER_HOUR

    demo, app, client = served
    start = DUE - timedelta(days=1)
    for n in range(REJECTED_PER_HOUR):
        at(app, start + timedelta(seconds=n))
        assert submit(client, demo, files=[("file", ("notes.txt", b"x"))]).status_code == 422
    at(app, start + timedelta(minutes=5))
    flood = submit(client, demo, files=[("file", ("notes.txt", b"x"))])
    assert flood.status_code == 429 and flood.json()["code"] == "rate_limited"
    assert int(flood.headers["Retry-After"]) == 55 * 60  # when the oldest of them leaves the hour
    assert len(client.get("/api/v1/submissions", headers=bearer(demo)).json()["submissions"]) == REJECTED_PER_HOUR
    assert submit(client, demo).status_code == 202  # a good upload still goes through


def test_the_service_folder_is_the_owners_alone(served):
    demo, app, client = served
    state = demo.folder / ".serve"
    assert state.stat().st_mode & 0o777 == 0o700  # uploads and the cookie-signing key inside


def test_a_long_poll_answers_when_the_grade_lands_not_at_its_timeout(served, graded):
    import threading

    demo, app, client = served
    at(app, DUE - timedelta(days=1))
    sid = submit(client, demo).json()["id"]

    def grade_soon():
        time.sleep(0.5)
        (claimed,) = queue.claim(app.state.db, 1)
        queue.finish(app.state.db, claimed, graded["softmax_wrong_axis"])
        app.state.service.finished(claimed.submission_id)  # what the dispatcher calls

    threading.Thread(target=grade_soon).start()
    started = time.monotonic()
    view = client.get(f"/api/v1/submissions/{sid}?wait=20", headers=bearer(demo)).json()
    assert view["status"] == "graded" and 0.4 < time.monotonic() - started < 10
    started = time.monotonic()  # nothing will come: it answers at its wait, with the status as it is
    other = submit(client, demo).json()["id"]
    assert client.get(f"/api/v1/submissions/{other}?wait=1", headers=bearer(demo)).json()["status"] == "queued"
    assert 0.9 < time.monotonic() - started < 10
    assert app.state.service.waiters.idle()  # no waiter is left behind


def test_one_student_holds_at_most_a_few_long_polls_open(served):
    from concurrent.futures import ThreadPoolExecutor

    from autograder.serve.waiting import WAITS_PER_STUDENT

    demo, app, client = served
    at(app, DUE - timedelta(days=1))
    sid = submit(client, demo).json()["id"]

    def held() -> float:
        started = time.monotonic()
        assert client.get(f"/api/v1/submissions/{sid}?wait=2", headers=bearer(demo)).json()["status"] == "queued"
        return time.monotonic() - started

    with ThreadPoolExecutor(WAITS_PER_STUDENT + 2) as pool:
        times = sorted(pool.map(lambda _: held(), range(WAITS_PER_STUDENT + 2)))
    assert all(t < 1.5 for t in times[:2]) and all(t >= 1.9 for t in times[2:])  # the extra two answered at once
    assert app.state.service.waiters.idle()


def test_a_stored_file_the_server_cannot_read_is_its_failure_not_the_students(served):
    from autograder.serve.dispatch import Dispatcher

    class NothingReachesThePool:
        processes = 1

        def submit(self, task):
            raise AssertionError("a submission whose files were not read was handed to the pool")

    demo, app, client = served
    at(app, DUE - timedelta(days=1))
    sid = submit(client, demo).json()["id"]
    for stored in Path(app.state.service.uploads).rglob("*.py"):
        stored.unlink()  # as if the server ran out of descriptors, or the disk failed
    dispatcher = Dispatcher(app.state.db, NothingReachesThePool(), [A2], run_preflight=False)
    for _ in range(queue.MAX_TRIES):
        for claimed in queue.claim(app.state.db, 1):
            dispatcher._hand_over(claimed)
    view = client.get(f"/api/v1/submissions/{sid}", headers=bearer(demo)).json()
    assert view["status"] == "not_graded" and "could not be read" in view["reason"]
    assert "missing" not in view["reason"]
    assert client.get("/api/v1/assignments", headers=bearer(demo)).json()["assignments"][0]["attempts_used"] == 0


@pytest.mark.slow
def test_an_assignment_that_fails_its_preflight_is_not_graded_and_says_why(tmp_path, monkeypatch):
    demo = make_demo(tmp_path / "course", "http://testserver", serve_toml=SERVE.replace("2026-12-08", "2099-12-08")
                     .replace("2026-12-10", "2099-12-10"))
    stub = demo.folder / "assignments" / A2 / "functions.py"
    stub.write_bytes(module("reference"))  # a "stub" that already solves everything: the grader cannot be trusted
    monkeypatch.setenv(course.ENV, str(demo.folder))
    app = create_app(ServeConfig(demo.folder, jobs=1))
    with TestClient(app) as client:
        sid = submit(client, demo).json()["id"]
        assert app.state.dispatcher.ready.wait(120)
        assert any("the unchanged stub scored 37/37, not 0" in p for p in app.state.dispatcher.problems[A2])
        time.sleep(1.0)
        assert client.get(f"/api/v1/submissions/{sid}", headers=bearer(demo)).json()["status"] == "queued"
