"""LTI 1.3 in autograder serve, against a real local platform (tests/lti_platform.py) over loopback.

The platform signs real launches, serves its JWKS, OAuth2 tokens (for a client assertion signed by
the tool's key, checked against the tool's JWKS) and AGS/NRPS, and records what the tool posts.
The app runs through Starlette's TestClient (the platform reaches the tool's JWKS through it);
gradings are finished by hand with a real ``Result`` (as test_serve_api does), except one slow
test with the real grading pool.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

pytest.importorskip("starlette")
pytest.importorskip("jwt")
from sqlalchemy import select
from starlette.testclient import TestClient

from autograder import course
from autograder.commands.serve import make_demo
from autograder.grading import Grader
from autograder.serve import lti_ags, lti_config, lti_people, queue
from autograder.serve.app import ServeConfig, create_app
from autograder.serve.lti_models import LtiScorePost
from autograder.serve.models import Student
from autograder.submission import Source
from tests.lti_platform import LtiPlatform

A2 = "a2_functions"
EXAMPLES = course.examples_dir(A2)
TOOL = "http://testserver"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
SERVE = f"""[serve]
timezone = "Asia/Seoul"

[serve.defaults]
due = "{(datetime.now(timezone.utc) + timedelta(days=7)).replace(microsecond=0).isoformat()}"
max_attempts = 20
attempts_per_hour = 20
hidden_before_due = "points"

[serve.assignments.{A2}]

[serve.assignments.a1_perceptron]
"""
MEMBERS = [{"user_id": "u-alice", "name": "Alice Kim", "email": "alice@example.edu", "roles": [LEARNER],
            "status": "Active"},
           {"user_id": "u-bob", "name": "Bob Lee", "email": "bob@example.edu", "roles": [LEARNER],
            "lis_person_sourcedid": "demo02", "status": "Active"},
           {"user_id": "u-prof", "name": "Prof Park", "email": "park@example.edu",
            "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"], "status": "Active"}]


def lti_id(platform: LtiPlatform, sub: str) -> str:
    """The student id the tool gives an LMS user with no roster match."""
    return lti_people.student_id_for(platform.issuer, sub)


def lti_toml(platform: LtiPlatform, contexts='["course-1"]') -> str:
    return f"""
[serve.lti]
tool_url = "{TOOL}"

[[serve.lti.platforms]]
issuer = "{platform.issuer}"
client_id = "{platform.client_id}"
deployment_ids = ["{platform.deployment_id}"]
auth_url = "{platform.auth_url}"
token_url = "{platform.token_url}"
jwks_url = "{platform.jwks_url}"
""" + (f"contexts = {contexts}\n" if contexts is not None else "")


@pytest.fixture(scope="module")
def graded():
    names = ("reference", "softmax_wrong_axis")
    return dict(zip(names, Grader(A2).grade([Source(n, EXAMPLES / n) for n in names])))


@pytest.fixture
def platform():
    with LtiPlatform.start() as p:
        p.add_context("course-1", "Deep Learning 101", MEMBERS)
        yield p


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(lti_ags, "RETRY_DELAYS", (0.3, 0.3))


@pytest.fixture
def folder(tmp_path, monkeypatch, platform):
    demo = make_demo(tmp_path / "course", TOOL, serve_toml=SERVE)
    with open(demo.folder / "course.toml", "a", encoding="utf-8") as f:
        f.write(lti_toml(platform))
    monkeypatch.setenv(course.ENV, str(demo.folder))
    return demo.folder


class Served:
    """One running app on ``folder`` with the platform registered to reach it."""

    def __init__(self, folder, platform, **config):
        self.app = create_app(ServeConfig(folder, **{"grade": False, **config}))
        self.client = TestClient(self.app, follow_redirects=False)
        self.platform = platform
        platform.register_tool(f"{TOOL}/lti/login", f"{TOOL}/lti/launch", f"{TOOL}/lti/jwks",
                               f"{TOOL}/lti/launch", tool_http=self.client)

    def __enter__(self):
        self.client.__enter__()
        return self

    def __exit__(self, *exc):
        self.client.__exit__(*exc)

    def browser(self, lang="en") -> TestClient:
        return TestClient(self.app, follow_redirects=False, headers={"Accept-Language": lang})

    def finish(self, result) -> list[int]:
        """Finish every queued grading with ``result`` and tell the service (as the dispatcher does)."""
        db, done = self.app.state.db, []
        for claimed in queue.claim(db, 100):
            result.student_id = claimed.student_id
            assert queue.finish(db, claimed, result)
            self.app.state.service.finished(claimed.submission_id)
            done.append(claimed.submission_id)
        return done


@pytest.fixture
def served(folder, platform):
    with Served(folder, platform) as s:
        yield s


def wait_for(condition, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


# -- launch ---------------------------------------------------------------------------------------
def test_a_learner_launch_signs_in_and_opens_the_links_assignment(served, platform):
    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    browser = served.browser()
    answer = platform.launch(browser, "u-alice", "course-1", roles=["Learner"], resource_link_id="rl-a2")
    assert answer.status_code == 303 and answer.headers["location"] == f"/a/{A2}"
    page = browser.get(f"/a/{A2}")
    assert page.status_code == 200 and "Alice Kim" in page.text
    with served.app.state.db.session() as s:
        alice = s.get(Student, lti_id(platform, "u-alice"))  # no roster match: lti-… (never the sub itself)
        assert alice is not None and alice.email == "alice@example.edu" and alice.token_hash is None


def test_a_sourcedid_that_names_a_roster_student_is_that_student(served, platform):
    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    browser = served.browser()
    assert platform.launch(browser, "u-bob", "course-1", roles=["Learner"], resource_link_id="rl-a2").status_code == 303
    with served.app.state.db.session() as s:
        assert s.get(Student, lti_id(platform, "u-bob")) is None and s.get(Student, "demo02") is not None


@pytest.mark.parametrize("roles, where", [
    (["Instructor"], "/instructor/a/" + A2),
    (["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"], "/instructor/a/" + A2),
    (["ContentDeveloper"], "/instructor/a/" + A2),
    (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty", "Learner"], "/a/" + A2)])
def test_roles_are_mapped(served, platform, roles, where):
    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    browser = served.browser()
    answer = platform.launch(browser, "u-prof", "course-1", roles=roles, resource_link_id="rl-a2")
    assert answer.status_code == 303 and answer.headers["location"] == where
    assert browser.get(where).status_code == 200


def test_a_mentor_is_neither(served, platform):
    answer = platform.launch(served.browser(), "u-x", "course-1", roles=["Mentor"])
    assert answer.status_code == 403


@pytest.mark.parametrize("tamper, status, en, ko", [
    ("bad_signature", 401, "signature", "서명"),
    ("wrong_audience", 401, "another tool", "다른 도구"),
    ("expired", 401, "expired", "만료"),
    ("wrong_deployment", 401, "deployment", "배포"),
    ("bad_state", 400, "does not belong to this browser", "브라우저"),
    ("replay_nonce", 401, "already used", "이미 한 번")])
def test_a_bad_launch_is_refused_saying_why(served, platform, tamper, status, en, ko):
    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    if tamper == "replay_nonce":
        assert platform.launch(served.browser(), "u-alice", "course-1", roles=["Learner"],
                               resource_link_id="rl-a2").status_code == 303
    for lang, words in (("en", en), ("ko", ko)):
        browser = served.browser(lang)
        answer = platform.launch(browser, "u-alice", "course-1", roles=["Learner"], resource_link_id="rl-a2",
                                 tamper=tamper)
        assert answer.status_code == status and words in answer.text, answer.text[-600:]
        assert browser.get(f"/a/{A2}").status_code in (303, 302)  # not signed in


def test_the_same_launch_posted_twice_is_refused(served, platform):
    browser = served.browser()
    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    original = browser.post
    posted = {}

    def keep(url, data=None, **kw):
        posted.update(url=url, data=data)
        return original(url, data=data, **kw)

    browser.post = keep
    assert platform.launch(browser, "u-alice", "course-1", roles=["Learner"], resource_link_id="rl-a2").status_code == 303
    again = original(posted["url"], data=posted["data"])
    assert again.status_code == 400


def test_login_from_an_unknown_platform_is_refused(served):
    answer = served.browser().get("/lti/login", params={"iss": "http://127.0.0.1:1", "login_hint": "x",
                                                        "target_link_uri": f"{TOOL}/lti/launch"})
    assert answer.status_code == 400 and "not registered" in answer.text


def test_the_jwks_serves_the_current_and_the_previous_key(served):
    first = served.client.get("/lti/jwks").json()["keys"]
    assert len(first) == 1 and first[0]["kty"] == "RSA" and first[0]["alg"] == "RS256" and "d" not in first[0]
    new_kid = lti_config.rotate(served.app.state.db)
    keys = served.client.get("/lti/jwks").json()["keys"]
    assert [k["kid"] for k in keys] == [new_kid, first[0]["kid"]]
    newest = lti_config.rotate(served.app.state.db)
    assert [k["kid"] for k in served.client.get("/lti/jwks").json()["keys"]] == [newest, new_kid]
    assert lti_config.current_key(served.app.state.db)[0] == newest


def test_without_lti_configured_the_routes_say_so(tmp_path, monkeypatch):
    demo = make_demo(tmp_path / "plain", TOOL, serve_toml=SERVE)
    monkeypatch.setenv(course.ENV, str(demo.folder))
    with TestClient(create_app(ServeConfig(demo.folder, grade=False))) as client:
        assert client.get("/lti/jwks").status_code == 404
        assert client.get("/").status_code in (200, 303)


# -- deep linking, AGS ----------------------------------------------------------------------------
def csrf_of(page) -> str:
    import re

    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def deep_link(served, platform, assignment=A2) -> str:
    """The instructor adds ``assignment`` from the LMS's picker; the new resource link's id."""
    browser = served.browser()
    picker = platform.launch(browser, "u-prof", "course-1", roles=["Instructor"],
                             message_type="LtiDeepLinkingRequest")
    assert picker.status_code == 200 and assignment in picker.text, picker.text[-500:]
    assert "frame-ancestors 'self' " + platform.issuer in picker.headers["content-security-policy"]
    import re

    ticket = re.search(r'name="ticket" value="([^"]+)"', picker.text).group(1)
    form = browser.post("/lti/deep_link", data={"csrf": csrf_of(picker), "ticket": ticket, "assignment": assignment})
    assert form.status_code == 200 and f"form-action 'self' {platform.issuer};" in form.headers["content-security-policy"]
    assert platform.deep_link_return(form).status_code == 200
    return [rl for rl, link in platform.resource_links.items() if rl.startswith("rl-dl-")][-1]


def student_submits(served, platform, rl, user="u-alice") -> tuple[TestClient, int]:
    browser = served.browser()
    assert platform.launch(browser, user, "course-1", roles=["Learner"], resource_link_id=rl).status_code == 303
    page = browser.get(f"/a/{A2}")
    answer = browser.post(f"/a/{A2}", data={"csrf": csrf_of(page)},
                          files=[("files", ("functions.py", (EXAMPLES / "softmax_wrong_axis" / "functions.py").read_bytes()))])
    assert answer.status_code == 303, answer.text[-400:]
    return browser, int(answer.headers["location"].rsplit("/", 1)[1])


def test_deep_link_then_launch_submit_grade_and_the_score_is_posted(served, platform, graded):
    rl = deep_link(served, platform)
    item = platform.content_items[-1]
    a2 = course.get(A2)
    assert item["custom"] == {"assignment": A2} and item["url"] == f"{TOOL}/lti/launch"
    assert item["lineItem"]["scoreMaximum"] == a2.points and item["lineItem"]["resourceId"] == A2
    lineitem = platform.resource_links[rl]["lineitem"]
    assert platform.line_items[lineitem]["scoreMaximum"] == a2.points
    _, sid = student_submits(served, platform, rl)
    assert not platform.scores
    served.finish(graded["softmax_wrong_axis"])
    assert wait_for(lambda: len(platform.scores) == 1)
    score = platform.scores[0]
    body = score["body"]
    with served.app.state.db.session() as s:
        from autograder.serve.models import Submission

        sub = s.get(Submission, sid)
        finished = sub.gradings[-1].finished_at
    assert score["lineitem"] == lineitem and body["userId"] == "u-alice"
    assert body["scoreGiven"] == sub.score == 34.6 and body["scoreMaximum"] == 37 == a2.points
    assert body["activityProgress"] == "Completed" and body["gradingProgress"] == "FullyGraded"
    assert datetime.fromisoformat(body["timestamp"]) == finished
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in score["token_scope"]
    # a regrade posts again, with the new grading's time
    assert served.app.state.service.regrade(submission_id=sid) == 1
    served.finish(graded["reference"])
    assert wait_for(lambda: len(platform.scores) == 2)
    again = platform.scores[1]["body"]
    assert again["scoreGiven"] == 37 and datetime.fromisoformat(again["timestamp"]) > finished
    time.sleep(0.5)
    assert len(platform.scores) == 2  # each grading once
    with served.app.state.db.session() as s:
        rows = list(s.scalars(select(LtiScorePost)))
        assert [(r.state, r.tries) for r in rows] == [("posted", 1), ("posted", 1)]


def test_a_failed_post_is_retried_once_then_recorded(served, platform, graded):
    rl = deep_link(served, platform)
    student_submits(served, platform, rl)
    platform.fail_next_score_posts(1)
    served.finish(graded["reference"])
    assert wait_for(lambda: len(platform.scores) == 1)
    time.sleep(0.8)
    assert len(platform.scores) == 1
    with served.app.state.db.session() as s:
        (row,) = s.scalars(select(LtiScorePost))
        assert row.state == "posted" and row.tries == 2 and row.last_error is None


def tries(served) -> list[int]:
    with served.app.state.db.session() as s:
        return [r.tries for r in s.scalars(select(LtiScorePost))]


def test_a_restart_between_enqueue_and_post_posts_exactly_once(folder, platform, graded, monkeypatch):
    with Served(folder, platform) as first:
        rl = deep_link(first, platform)
        student_submits(first, platform, rl)
        platform.fail_next_score_posts(1)  # the first try fails; the server stops before the retry
        monkeypatch.setattr(lti_ags, "RETRY_DELAYS", (30.0, 30.0))
        first.finish(graded["reference"])
        assert wait_for(lambda: tries(first) == [1])
    assert platform.scores == []
    with first.app.state.db.session() as s:
        s.execute(LtiScorePost.__table__.update().values(next_try_at=datetime.now(timezone.utc)))
    with Served(folder, platform) as second:
        assert wait_for(lambda: len(platform.scores) == 1)
        time.sleep(0.5)
        assert len(platform.scores) == 1 and platform.scores[0]["body"]["scoreGiven"] == 37
        with second.app.state.db.session() as s:
            (row,) = s.scalars(select(LtiScorePost))
            assert row.state == "posted" and row.tries == 2


def test_a_grading_recorded_while_no_server_queued_it_is_posted_at_start_up(folder, platform, graded):
    with Served(folder, platform) as first:
        rl = deep_link(first, platform)
        student_submits(first, platform, rl)
        lti = first.app.state.service.lti
        lti.graded = lambda submission_id: None  # as if killed between the grade and its enqueue
        first.finish(graded["reference"])
        time.sleep(0.3)
    assert platform.scores == [] and tries(first) == []
    with Served(folder, platform):
        assert wait_for(lambda: len(platform.scores) == 1)


def test_a_score_queued_but_not_posted_before_a_restart_is_posted_once_after(folder, platform, graded):
    with Served(folder, platform) as first:
        rl = deep_link(first, platform)
        student_submits(first, platform, rl)
        first.app.state.service.lti.poster.wake = lambda: None  # queued, and the server stops before posting
        first.finish(graded["softmax_wrong_axis"])
        assert tries(first) == [0]
    assert platform.scores == []
    with Served(folder, platform) as second:
        assert wait_for(lambda: len(platform.scores) == 1)
        time.sleep(0.5)
        assert len(platform.scores) == 1 and tries(second) == [1]


# -- NRPS -----------------------------------------------------------------------------------------
def test_roster_sync_adds_and_deactivates_students(folder, capsys):
    with LtiPlatform.start(nrps_page_size=2) as platform:  # paged: Link rel="next" is followed
        platform.add_context("course-1", "Deep Learning 101", MEMBERS)
        with open(folder / "course.toml", "r+", encoding="utf-8") as f:  # this platform's port
            text = f.read()
            f.seek(0), f.truncate()
            f.write(text[:text.index("\n[serve.lti]")] + lti_toml(platform))
        with Served(folder, platform) as served:
            browser = served.browser()
            assert platform.launch(browser, "u-prof", "course-1", roles=["Instructor"]).status_code == 303
            page = browser.get("/instructor")
            assert 'action="/lti/sync"' in page.text  # the button on the instructor's overview
            answer = browser.post("/lti/sync", data={"csrf": csrf_of(page)})
            assert answer.status_code == 200 and "1 added, 0 deactivated" in answer.text  # Bob is roster student demo02, answer.text[-500:]
            with served.app.state.db.session() as s:
                assert s.get(Student, lti_id(platform, "u-alice")).active and s.get(Student, "demo02").active
                assert s.get(Student, lti_id(platform, "u-prof")) is None and s.get(Student, lti_id(platform, "u-bob")) is None
            platform.set_members("course-1", [MEMBERS[1], MEMBERS[2],
                                              {"user_id": "u-carol", "name": "Carol Choi", "roles": [LEARNER]}])
            from argparse import Namespace

            from autograder.commands import roster

            assert roster.main(Namespace(action="sync", course_dir=str(folder), db=None)) == 0  # the CLI verb
            assert "Deep Learning 101: 1 added, 1 deactivated" in capsys.readouterr().out
            with served.app.state.db.session() as s:
                assert not s.get(Student, lti_id(platform, "u-alice")).active and s.get(Student, "demo02").active
                assert s.get(Student, lti_id(platform, "u-carol")).active and s.get(Student, "demo01").active  # CSV-only: kept
            assert any("contextmembership.readonly" in scope for scope in platform.tokens_issued)
            # a student (not an instructor) cannot sync
            learner = served.browser()
            platform.launch(learner, "u-carol", "course-1", roles=["Learner"], resource_link_id="rl-x",
                            custom={"assignment": A2})
            assert learner.post("/lti/sync", data={"csrf": csrf_of(learner.get(f"/a/{A2}"))}).status_code == 403


@pytest.mark.slow
def test_graded_by_the_real_pool_and_the_score_reaches_the_gradebook(folder, platform, graded):
    with Served(folder, platform, grade=True, jobs=1) as served:
        rl = deep_link(served, platform)
        browser, sid = student_submits(served, platform, rl)
        assert wait_for(lambda: len(platform.scores) == 1, timeout=180)
        assert served.app.state.dispatcher.problems == {}
        body = platform.scores[0]["body"]
        assert body["scoreGiven"] == graded["softmax_wrong_axis"].score and body["userId"] == "u-alice"
        assert browser.get(f"/s/{sid}").status_code == 200
