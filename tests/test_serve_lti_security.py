"""LTI 1.3 security: what the red-team review of the tool found (bound contexts, NRPS answers, service
hosts, the counted score, LMS-born ids, login initiation, the deep-link return URL), as the correct
behaviour, against the local platform (tests/lti_platform.py) as in tests/test_serve_lti.py.
"""
from __future__ import annotations

import html

import pytest

pytest.importorskip("starlette")
pytest.importorskip("jwt")
from sqlalchemy import select

from autograder.serve import lti_config, lti_people
from autograder.serve.lti_models import LtiContext, LtiUser
from autograder.serve.models import Student
from tests.test_serve_lti import (
    A2,
    LEARNER,
    Served,
    csrf_of,
    fast_retries,
    folder,
    graded,
    lti_toml,
    platform,
    served,
    student_submits,
    wait_for,
)

FIXTURES = (fast_retries, folder, graded, platform, served)  # the platform, the app: tests/test_serve_lti.py
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


def student_of(served, sub: str) -> Student | None:
    with served.app.state.db.session() as s:
        person = s.scalar(select(LtiUser).where(LtiUser.sub == sub))
        row = None if person is None or person.student_id is None else s.get(Student, person.student_id)
        if row is not None:
            s.expunge(row)
        return row


# -- F1/F2: only the LMS courses bound in course.toml ---------------------------------------------------
def test_an_instructor_of_another_lms_course_gets_nothing_here(served, platform):
    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    _, sid = student_submits(served, platform, "rl-a2", user="u-bob")
    platform.add_context("sandbox-alice", "Alice's sandbox", [
        {"user_id": "u-alice", "name": "Alice Kim", "roles": [INSTRUCTOR], "status": "Active"},
        {"user_id": "u-sock1", "name": "Sock Puppet", "roles": [LEARNER], "status": "Active"}])
    for lang, words in (("en", "not bound"), ("ko", "연결되어 있지 않아")):
        b = served.browser(lang)
        r = platform.launch(b, "u-alice", "sandbox-alice", roles=["Instructor"], resource_link_id="rl-sandbox")
        assert r.status_code == 403 and words in r.text
        assert "sandbox-alice" in r.text and "Alice's sandbox" in html.unescape(r.text)  # what to copy into course.toml
        assert b.get("/instructor").status_code in (302, 303)  # not signed in
        assert b.get(f"/instructor/files/{sid}/functions.py").status_code in (302, 303, 403, 404)
    # a learner of the foreign course is refused too, and the course is not recorded
    r = platform.launch(served.browser(), "u-sock1", "sandbox-alice", roles=["Learner"], resource_link_id="rl-s",
                        custom={"assignment": A2})
    assert r.status_code == 403 and student_of(served, "u-sock1") is None
    with served.app.state.db.session() as s:
        assert [c.context_id for c in s.scalars(select(LtiContext))] == ["course-1"]


def test_roster_sync_reads_only_bound_courses(served, platform):
    platform.add_context("sandbox-alice", "Alice's sandbox", [
        {"user_id": "u-sock1", "name": "Sock Puppet", "roles": [LEARNER], "status": "Active"}])
    prof = served.browser()
    assert platform.launch(prof, "u-prof", "course-1", roles=["Instructor"]).status_code == 303
    with served.app.state.db.session() as s:  # a course recorded before it was unbound (or by an older version)
        s.add(LtiContext(issuer=platform.issuer, client_id=platform.client_id, deployment_id=platform.deployment_id,
                         context_id="sandbox-alice", title="Alice's sandbox",
                         memberships_url=f"{platform.issuer}/contexts/sandbox-alice/memberships"))
    answer = prof.post("/lti/sync", data={"csrf": csrf_of(prof.get("/instructor"))})
    assert answer.status_code == 200 and "Deep Learning 101" in answer.text and "sandbox" not in answer.text
    assert student_of(served, "u-sock1") is None
    assert not any("sandbox-alice" in path for _, path, _ in platform.requests)


def test_without_contexts_every_launch_is_refused_naming_the_course(tmp_path, monkeypatch, platform):
    from autograder import course
    from autograder.commands.serve import make_demo
    from tests.test_serve_lti import SERVE, TOOL

    demo = make_demo(tmp_path / "course", TOOL, serve_toml=SERVE)
    with open(demo.folder / "course.toml", "a", encoding="utf-8") as f:
        f.write(lti_toml(platform, contexts=None))
    monkeypatch.setenv(course.ENV, str(demo.folder))
    with Served(demo.folder, platform) as served:
        b = served.browser()
        r = platform.launch(b, "u-prof", "course-1", roles=["Instructor"])
        page = html.unescape(r.text)
        assert r.status_code == 403 and 'context id "course-1"' in page and "Deep Learning 101" in page
        assert "contexts" in page and b.get("/instructor").status_code in (302, 303)


def test_contexts_must_be_a_list_of_ids():
    table = {"tool_url": "https://t.example", "platforms": [{
        "issuer": "https://lms.example", "client_id": "c", "deployment_ids": ["d"], "auth_url": "https://lms.example/a",
        "token_url": "https://lms.example/t", "jwks_url": "https://lms.example/j", "contexts": "course-1"}]}
    with pytest.raises(lti_config.LtiConfigError, match="contexts"):
        lti_config.parse(table)
    table["platforms"][0]["contexts"] = ["course-1"]
    assert lti_config.parse(table).platforms[0].serves("course-1")
    assert not lti_config.parse(table).platforms[0].serves("course-2")


# -- F3: deactivate only after a whole, well-formed membership read ------------------------------------
def launched_class(served, platform):
    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    for u in ("u-alice", "u-bob"):
        assert platform.launch(served.browser(), u, "course-1", roles=["Learner"],
                               resource_link_id="rl-a2").status_code == 303
    prof = served.browser()
    assert platform.launch(prof, "u-prof", "course-1", roles=["Instructor"]).status_code == 303
    return prof


def actives(served) -> dict:
    with served.app.state.db.session() as s:
        return {r.id: r.active for r in s.scalars(select(Student))}


def bad_pages(platform, how):
    real = platform._memberships

    def answer(ctx_id, query, url):
        container, link = real(ctx_id, query, url)
        page = int(query.get("page", "1"))
        if how == "error_body":
            return {"errors": [{"message": "service unavailable"}]}, None
        if how == "members_not_a_list":
            return dict(container, members={"u-alice": {}}), None
        if how == "other_context":
            return dict(container, context={"id": "course-2"}), link
        if how == "second_page_fails" and page == 2:
            return "<html>maintenance</html>", None
        return container, link

    platform._memberships = answer


@pytest.mark.parametrize("how", ["error_body", "members_not_a_list", "other_context", "second_page_fails"])
def test_a_membership_answer_that_is_not_whole_changes_nothing(served, platform, how):
    prof = launched_class(served, platform)
    platform.nrps_page_size = 2
    before = actives(served)
    bad_pages(platform, how)
    for lang, words in (("en", "nothing was changed"), ("ko", "아무것도")):
        answer = prof.post("/lti/sync", data={"csrf": csrf_of(prof.get("/instructor"))},
                           headers={"Accept-Language": lang})
        assert answer.status_code == 502 and words in answer.text and "deactivated" not in answer.text
    assert actives(served) == before and all(before.values())
    assert platform.launch(served.browser(), "u-alice", "course-1", roles=["Learner"],
                           resource_link_id="rl-a2").status_code == 303


def test_a_cut_off_paging_changes_nothing(served, platform, monkeypatch, capsys):
    from argparse import Namespace

    from autograder.commands import roster
    from autograder.serve import lti_nrps

    launched_class(served, platform)
    platform.nrps_page_size = 1
    monkeypatch.setattr(lti_nrps, "MAX_PAGES", 2)  # three members, two pages read: not whole
    before = actives(served)
    folder = served.app.state.config.course_dir
    assert roster.main(Namespace(action="sync", course_dir=str(folder), db=None)) == 1
    assert "nothing changed" in capsys.readouterr().err
    assert actives(served) == before
    monkeypatch.setattr(lti_nrps, "MAX_PAGES", 200)  # whole: the sync applies
    platform.set_members("course-1", [m for m in platform.contexts["course-1"]["members"] if m["user_id"] != "u-alice"])
    assert roster.main(Namespace(action="sync", course_dir=str(folder), db=None)) == 0
    assert "0 added, 1 deactivated" in capsys.readouterr().out


# -- F4: the platform's token goes only to the registration's service hosts -------------------------------
class Sink:
    """A server on another port of loopback (standing for 169.254.169.254 or an internal admin port)."""

    def __init__(self, redirect_to: str | None = None):
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        seen = self.seen = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _answer(self):
                seen.append((self.command, self.path, self.headers.get("Authorization")))
                if redirect_to:
                    self.send_response(302)
                    self.send_header("Location", redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = json.dumps({"id": "x", "resourceId": A2, "members": []}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sink():
    s = Sink()
    yield s
    s.close()


def test_a_line_item_on_another_host_is_never_called(served, platform, graded, sink):
    from autograder.serve.lti_models import LtiScorePost

    platform.add_resource_link("course-1", "rl-evil")  # no custom.assignment: the tool would ask the line item
    platform.resource_links["rl-evil"]["lineitem"] = sink.url + "/latest/meta-data/iam/security-credentials"
    r = platform.launch(served.browser(), "u-alice", "course-1", roles=["Learner"], resource_link_id="rl-evil")
    assert r.status_code == 404 and sink.seen == []  # the foreign answer chose nothing
    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    platform.resource_links["rl-a2"]["lineitem"] = sink.url + "/lineitems/1"
    student_submits(served, platform, "rl-a2")
    served.finish(graded["reference"])

    def failed():
        with served.app.state.db.session() as s:
            return [(r.state, r.tries, r.last_error) for r in s.scalars(select(LtiScorePost))]

    assert wait_for(lambda: failed() and failed()[0][0] == "failed")
    ((_, tries, error),) = failed()
    assert tries == 1 and "ForbiddenUrl" in error and "service hosts" in error  # at once, saying why
    assert sink.seen == [] and platform.scores == []


def test_an_nrps_next_link_or_memberships_url_elsewhere_is_never_called(served, platform, sink):
    prof = served.browser()
    assert platform.launch(prof, "u-prof", "course-1", roles=["Instructor"]).status_code == 303
    real = platform._memberships
    platform._memberships = lambda ctx_id, q, url: (real(ctx_id, q, url)[0], f'<{sink.url}/internal/admin>; rel="next"')
    r = prof.post("/lti/sync", data={"csrf": csrf_of(prof.get("/instructor"))})
    assert r.status_code == 502 and "service hosts" in r.text and sink.seen == []
    platform._memberships = real
    claims = platform._claims

    def elsewhere(p, nonce):
        c = claims(p, nonce)
        c["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"]["context_memberships_url"] = \
            sink.url + "/memberships"
        return c

    platform._claims = elsewhere
    assert platform.launch(prof, "u-prof", "course-1", roles=["Instructor"]).status_code == 303
    r = prof.post("/lti/sync", data={"csrf": csrf_of(prof.get("/instructor"))})
    assert r.status_code == 502 and sink.seen == []


def test_service_hosts_schemes_and_redirects(platform, sink):
    from autograder.serve import lti_http

    table = {"tool_url": "https://t.example", "platforms": [{
        "issuer": "https://lms.example", "client_id": "c", "deployment_ids": ["d"],
        "auth_url": "https://sso.lms.example/a", "token_url": "https://lms.example:8443/t",
        "jwks_url": "https://lms.example/j"}]}
    p = lti_config.parse(table).platforms[0]
    assert p.service_hosts == ("lms.example", "sso.lms.example", "lms.example:8443")
    for url in ("https://lms.example/api/lineitems", "https://LMS.example:443/x", "https://lms.example:8443/y"):
        assert lti_http.allowed(p, url) is None, url
    for url in ("http://lms.example/x", "https://lms.example.evil.com/x", "https://lms.example@evil.com/x",
                "https://evil.com/?https://lms.example/", "https://169.254.169.254/latest", "javascript:x",
                "https://lms.example:444/x", "file:///etc/passwd", "https://lms.example/a b", None):
        assert lti_http.allowed(p, url) is not None, url
    table["platforms"][0]["service_hosts"] = ["api.lms.example"]
    assert lti_config.parse(table).platforms[0].service_hosts == ("api.lms.example",)
    # a redirect from an allowed host is not followed (it would carry the token elsewhere)
    hop = Sink(redirect_to=sink.url + "/stolen")
    try:
        table["platforms"][0].update(issuer=hop.url, service_hosts=[hop.url.split("//")[1]])
        local = lti_config.parse(table).platforms[0]
        services = lti_http.Services(db=None)
        services._tokens[(local.issuer, local.client_id, ("s",))] = ("secret-token", 1e12)
        with pytest.raises(lti_http.HttpError):
            services.request(local, ["s"], "GET", hop.url + "/lineitems")
        assert len(hop.seen) == 1 and sink.seen == []
    finally:
        hop.close()


# -- F5: the gradebook gets the counted score (the latest submission's newest grading) ------------------
def lms_score(platform, user="u-alice"):
    return [s["body"]["scoreGiven"] for s in platform.scores if s["body"]["userId"] == user][-1]


def test_a_regrade_of_an_older_attempt_does_not_post_over_the_counted_score(served, platform, graded):
    from autograder.serve.lti_models import LtiScorePost

    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    _, first = student_submits(served, platform, "rl-a2")
    served.finish(graded["reference"])  # attempt 1: 37
    assert wait_for(lambda: len(platform.scores) == 1)
    student_submits(served, platform, "rl-a2")
    served.finish(graded["softmax_wrong_axis"])  # attempt 2, the latest, counted: 34.6
    assert wait_for(lambda: len(platform.scores) == 2) and lms_score(platform) == 34.6
    assert served.app.state.service.regrade(submission_id=first) == 1  # the instructor regrades attempt 1 only
    served.finish(graded["reference"])
    import time

    time.sleep(0.5)
    counted = [s.score for s in served.app.state.service.latest(A2) if s.student_id == student_of(served, "u-alice").id]
    assert counted == [34.6] and lms_score(platform) == 34.6 and len(platform.scores) == 2
    with served.app.state.db.session() as s:
        assert sorted(r.state for r in s.scalars(select(LtiScorePost))) == ["posted", "posted"]
    # a regrade of the counted attempt posts again
    assert served.app.state.service.regrade(assignment_id=A2) == 1
    served.finish(graded["reference"])
    assert wait_for(lambda: len(platform.scores) == 3) and lms_score(platform) == 37


def test_attempts_graded_out_of_order_end_with_the_latest_score(served, platform, graded):
    from autograder.serve import queue
    from autograder.serve.lti_models import LtiScorePost

    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    student_submits(served, platform, "rl-a2")
    student_submits(served, platform, "rl-a2")
    db, service = served.app.state.db, served.app.state.service
    service.lti.poster.wake = lambda: None  # both finish before the poster runs: the older one is queued too
    older, newer = sorted(queue.claim(db, 10), key=lambda c: c.submission_id)  # two workers took one each
    for claimed, result in ((newer, graded["softmax_wrong_axis"]), (older, graded["reference"])):
        result.student_id = claimed.student_id
        assert queue.finish(db, claimed, result)
        service.finished(claimed.submission_id)
    from autograder.serve import lti_ags

    with db.session() as s:  # even had the older been queued (e.g. by an older version), it is not sent
        g = s.scalar(select(lti_ags.Grading.id).where(lti_ags.Grading.submission_id == older.submission_id))
        link, user = s.scalar(select(LtiScorePost.link_pk)), s.scalar(select(LtiScorePost.user_pk))
        s.add(LtiScorePost(grading_id=g, link_pk=link, user_pk=user, state="pending", tries=0))
    service.lti.poster.post_due()
    counted = [x.score for x in service.latest(A2) if x.student_id == student_of(served, "u-alice").id]
    assert counted == [34.6] and [x["body"]["scoreGiven"] for x in platform.scores] == [34.6]
    with db.session() as s:
        assert sorted(r.state for r in s.scalars(select(LtiScorePost))) == ["posted", "superseded"]


# -- F6: an LMS-born student id never collides with a roster id -----------------------------------------
def test_an_lms_user_id_is_not_a_roster_id_imported_later(served, platform):
    from sqlalchemy import func

    from autograder.commands.roster import import_roster, issue_tokens
    from autograder.serve.models import Submission

    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2})
    student_submits(served, platform, "rl-a2", user="2024001")  # the LMS's internal user id, like a student number
    lms_born = student_of(served, "2024001")
    assert lms_born.id == lti_people.student_id_for(platform.issuer, "2024001") and lms_born.id.startswith("lti-")
    db = served.app.state.db

    class Line:  # a roster line: another person whose student number is 2024001
        student_id, name, section, email = "2024001", "Someone Else", "A", "else@example.edu"

    import_roster(db, [Line], keep_missing=True)
    (_, token), = issue_tokens(db, only=["2024001"])
    mine = served.browser().get("/api/v1/submissions", headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200 and mine.json() == {"submissions": []}  # not the LMS user's work
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Submission).where(Submission.student_id == "2024001")) == 0
        assert s.scalar(select(func.count()).select_from(Submission).where(Submission.student_id == lms_born.id)) == 1


def test_a_launch_naming_a_roster_student_is_that_student(served, platform):
    platform.add_resource_link("course-1", "rl-a2", custom={"assignment": A2, "student_id": "demo01"})
    assert platform.launch(served.browser(), "u-dana", "course-1", roles=["Learner"],
                           resource_link_id="rl-a2").status_code == 303
    assert student_of(served, "u-dana").id == "demo01"


# -- F7: anonymous login initiation is limited and its rows pruned ---------------------------------------
def test_login_initiation_is_rate_limited_per_client_and_old_rows_are_pruned(served, platform, monkeypatch):
    from datetime import timedelta

    from sqlalchemy import func

    from autograder.serve import lti_launch
    from autograder.serve.lti_models import LtiNonce
    from autograder.serve.models import utcnow

    db = served.app.state.db
    with db.session() as s:  # a state older than its life: of no use, deleted by the next login
        s.add(LtiNonce(state="old", nonce="old", issuer=platform.issuer, client_id=platform.client_id,
                       created_at=utcnow() - lti_launch.STATE_AGE - timedelta(seconds=1)))
    c = served.browser()
    codes = [c.get("/lti/login", params={"iss": platform.issuer, "login_hint": f"x{i}"}).status_code
             for i in range(lti_launch.LOGINS_PER_MINUTE + 20)]
    assert codes == [302] * lti_launch.LOGINS_PER_MINUTE + [429] * 20
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(LtiNonce)) == lti_launch.LOGINS_PER_MINUTE
        assert s.get(LtiNonce, "old") is None
    ko = served.browser("ko").get("/lti/login", params={"iss": platform.issuer, "login_hint": "y"})
    assert ko.status_code == 429 and "너무 많습니다" in ko.text
    # a minute later (a fresh limiter) the client may again, but the table as a whole has a cap
    served.app.state.service.lti.login_limit = lti_launch.LoginLimit()
    monkeypatch.setattr(lti_launch, "MAX_OPEN_LOGINS", lti_launch.LOGINS_PER_MINUTE + 1)
    assert c.get("/lti/login", params={"iss": platform.issuer, "login_hint": "z"}).status_code == 302
    assert c.get("/lti/login", params={"iss": platform.issuer, "login_hint": "w"}).status_code == 429


# -- F8: the deep-link return URL: http(s) on an allowed host, only its origin in the CSP ----------------
@pytest.mark.parametrize("evil", [
    "javascript:alert(1); report-uri https://attacker.example/r; sandbox allow-forms",
    "{issuer}/return; report-uri https://attacker.example/r",
    "{issuer}/return,https://attacker.example",
    '{issuer}/return" onfocus="alert(1)',
    "https://attacker.example/return",
    "data:text/html,<script>alert(1)</script>"])
def test_a_bad_deep_link_return_url_is_refused(served, platform, evil):
    claims = platform._claims

    def with_return(p, nonce):
        c = claims(p, nonce)
        key = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
        if key in c:
            c[key]["deep_link_return_url"] = evil.format(issuer=platform.issuer)
        return c

    platform._claims = with_return
    b = served.browser()
    picker = platform.launch(b, "u-prof", "course-1", roles=["Instructor"], message_type="LtiDeepLinkingRequest")
    assert picker.status_code == 400 and 'name="ticket"' not in picker.text
    assert "attacker" not in picker.headers["content-security-policy"]


def test_the_return_page_allows_only_the_return_origin(served, platform):
    import re

    b = served.browser()
    picker = platform.launch(b, "u-prof", "course-1", roles=["Instructor"], message_type="LtiDeepLinkingRequest")
    ticket = re.search(r'name="ticket" value="([^"]+)"', picker.text).group(1)
    page = b.post("/lti/deep_link", data={"csrf": csrf_of(picker), "ticket": ticket, "assignment": A2})
    csp = page.headers["content-security-policy"]
    assert page.status_code == 200 and f"form-action 'self' {platform.issuer};" in csp
    assert "/deep_link_return" not in csp and f'action="{platform.deep_link_return_url}"' in page.text
