"""LTI 1.3 in ``autograder serve``: the routes, what a verified launch does, and the parts wired together.

``setup`` gives the service its ``Lti`` (None without ``[serve.lti]`` in course.toml): the
registration (``lti_config``), the platform JWKS clients, the service calls (``lti_http``) and
the grade-passback poster (``lti_ags``). Routes: ``/lti/login`` and ``/lti/launch``
(``lti_launch``), ``/lti/jwks``, ``/lti/deep_link`` (``lti_deep``), ``/lti/sync`` (``lti_nrps``).
A launch from an LMS course (context) not in the registration's ``contexts`` is refused first
(403, naming the context so the instructor can bind it); roles mean something only in a bound one.
A resource-link launch signs the student in and opens the link's assignment (``custom.assignment``,
else the line item's ``resourceId``); an instructor's opens the class view, a deep-linking
request the assignment picker.
"""
from __future__ import annotations

import json
import logging
import threading

import jwt
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..feedback.messages import pick
from . import auth, lti_config, lti_people
from .i18n import language
from .lti_launch import LTI, LoginLimit, Refusal

AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
SCOPE_LINEITEM_RO = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
MT_LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"

MESSAGES = {
    "title": {"en": "The course tool could not open", "ko": "과제 도구를 열 수 없습니다"},
    "not_configured": {"en": "This service is not set up for LTI (no [serve.lti] in course.toml).",
                       "ko": "이 서비스에는 LTI 설정이 없습니다 (course.toml 에 [serve.lti] 가 없습니다)."},
    "unknown_platform": {"en": "The learning platform that sent you here is not registered with this tool.",
                         "ko": "이 도구에 등록되지 않은 학습 플랫폼에서 요청이 왔습니다."},
    "bad_login": {"en": "The platform's login request was incomplete; open the assignment from the course again.",
                  "ko": "플랫폼의 로그인 요청이 불완전합니다. 강의 페이지에서 과제를 다시 열어 주세요."},
    "too_many_logins": {"en": "Too many launches from your network just now; wait a minute and open the "
                              "assignment from the course again.",
                        "ko": "지금 사용 중인 네트워크에서 실행 요청이 너무 많습니다. 1분 뒤 강의 페이지에서 과제를 다시 "
                              "열어 주세요."},
    "bad_state": {"en": "This launch does not belong to this browser or has expired; open the assignment "
                        "from the course again.",
                  "ko": "이 실행 요청은 이 브라우저의 것이 아니거나 만료되었습니다. 강의 페이지에서 과제를 다시 열어 주세요."},
    "bad_token": {"en": "The platform's launch message could not be read.",
                  "ko": "플랫폼이 보낸 실행 메시지를 읽을 수 없습니다."},
    "wrong_issuer": {"en": "The launch message names a different platform than the login.",
                     "ko": "실행 메시지의 플랫폼이 로그인한 플랫폼과 다릅니다."},
    "bad_signature": {"en": "The launch message's signature is not the platform's: it was refused.",
                      "ko": "실행 메시지의 서명이 플랫폼의 것이 아니어서 거부했습니다."},
    "wrong_audience": {"en": "The launch message was meant for another tool.",
                       "ko": "이 실행 메시지는 다른 도구에 보낸 것입니다."},
    "expired": {"en": "The launch message has expired; open the assignment from the course again.",
                "ko": "실행 메시지가 만료되었습니다. 강의 페이지에서 과제를 다시 열어 주세요."},
    "replayed_nonce": {"en": "This launch message was already used once: it cannot be used again.",
                       "ko": "이미 한 번 사용된 실행 메시지입니다. 다시 사용할 수 없습니다."},
    "wrong_deployment": {"en": "The platform's deployment of this tool is not registered here.",
                         "ko": "플랫폼의 이 도구 배포(deployment)가 여기에 등록되어 있지 않습니다."},
    "bad_version": {"en": "Only LTI 1.3.0 launches are accepted.", "ko": "LTI 1.3.0 실행만 받습니다."},
    "bad_message_type": {"en": "This kind of LTI message is not handled by this tool.",
                         "ko": "이 도구가 처리하지 않는 종류의 LTI 메시지입니다."},
    "anonymous": {"en": "The platform did not say who you are (an anonymous launch).",
                  "ko": "플랫폼이 사용자를 알려 주지 않았습니다 (익명 실행)."},
    "unbound_context": {
        "en": "This LMS course is not bound to this course's autograder, so the launch was refused. "
              "If it is the right course, its instructor adds its context id to contexts = [\"…\"] of this "
              "platform's [[serve.lti.platforms]] in course.toml (and restarts the service).",
        "ko": "이 학습 플랫폼 강의는 이 과제 채점기에 연결되어 있지 않아 실행을 거부했습니다. 맞는 강의라면 "
              "담당 교수자가 course.toml 의 이 플랫폼 [[serve.lti.platforms]] 에 있는 contexts = [\"…\"] 에 "
              "강의의 context id 를 넣고 서비스를 다시 시작하세요."},
    "refused_context": {"en": "This launch came from the LMS course \"{title}\", context id {id}.",
                        "ko": "이 실행은 학습 플랫폼 강의 \"{title}\" (context id {id}) 에서 왔습니다."},
    "no_role": {"en": "Your role in this course is neither learner nor instructor.",
                "ko": "이 강의에서의 역할이 학습자도 교수자도 아닙니다."},
    "inactive": {"en": "Your account in this course is not active; ask your instructor.",
                 "ko": "이 강의의 계정이 비활성 상태입니다. 담당 교수자에게 문의하세요."},
    "no_assignment": {"en": "This link names no assignment served here; ask your instructor to add it again.",
                      "ko": "이 링크가 가리키는 과제가 여기에 없습니다. 담당 교수자에게 다시 추가해 달라고 하세요."},
    "instructors_only": {"en": "Only an instructor can add assignments to the course.",
                         "ko": "강의에 과제를 추가하는 것은 교수자만 할 수 있습니다."},
    "deep_link_expired": {"en": "The assignment picker has expired; start again from the course.",
                          "ko": "과제 선택 화면이 만료되었습니다. 강의 페이지에서 다시 시작하세요."},
    "pick_title": {"en": "Add an assignment to the course", "ko": "강의에 과제 추가"},
    "pick_help": {"en": "Choose the assignment to place in {course}; its grades go to the course's gradebook.",
                  "ko": "{course} 에 넣을 과제를 고르세요. 점수는 강의 성적부에 기록됩니다."},
    "pick_button": {"en": "Add", "ko": "추가"},
    "points": {"en": "{points} points", "ko": "{points}점"},
    "returning": {"en": "Returning to the course…", "ko": "강의로 돌아가는 중…"},
    "continue": {"en": "Continue", "ko": "계속"},
    "synced": {"en": "Roster synced from {course}: {added} added, {removed} deactivated.",
               "ko": "{course} 에서 명단을 동기화했습니다: {added}명 추가, {removed}명 비활성화."},
    "sync_failed": {"en": "Roster sync from {course} failed: the LMS's membership list could not be read "
                          "whole, so nothing was changed. Try again later.",
                    "ko": "{course} 의 명단 동기화에 실패했습니다. 학습 플랫폼의 명단을 끝까지 읽지 못해 아무것도 "
                          "바꾸지 않았습니다. 나중에 다시 시도하세요."},
    "synced_title": {"en": "Roster sync from the LMS", "ko": "학습 플랫폼 명단 동기화"},
    "nothing_to_sync": {"en": "No LMS course bound in course.toml (contexts) has launched this tool yet: "
                              "nothing to sync.",
                        "ko": "course.toml (contexts) 에 연결된 강의 중 아직 이 도구를 실행한 강의가 없어 "
                              "동기화할 것이 없습니다."},
}


def text(key: str, lang: str, **values) -> str:
    return pick(MESSAGES[key], lang).format(**values)


class Lti:
    def __init__(self, config: lti_config.LtiConfig, db, service, secure_cookies: bool = False):
        from . import lti_ags, lti_http

        self.config, self.db, self.service, self.secure_cookies = config, db, service, secure_cookies
        self.http = lti_http.Services(db)
        self._jwks: dict[tuple[str, str], jwt.PyJWKClient] = {}
        self._lock = threading.Lock()
        self.poster = lti_ags.Poster(self)
        self.login_limit = LoginLimit()

    def jwks_client(self, platform) -> jwt.PyJWKClient:
        with self._lock:
            key = (platform.issuer, platform.client_id)
            if key not in self._jwks:
                self._jwks[key] = jwt.PyJWKClient(platform.jwks_url, cache_keys=True, lifespan=300, timeout=10)
            return self._jwks[key]

    def graded(self, submission_id: int) -> None:
        """A grading of ``submission_id`` was recorded: queue its score for the LMS (durably)."""
        from . import lti_ags

        try:
            if lti_ags.enqueue(self, submission_id):
                self.poster.wake()
        except Exception:
            logging.getLogger(__name__).exception("LTI: queueing the score of submission %s", submission_id)

    def start(self) -> None:
        lti_config.current_key(self.db)  # the first key, or a rotation when the newest is old
        self.poster.start()

    def stop(self) -> None:
        self.poster.stop()


def setup(config, db, service) -> Lti | None:
    registration = lti_config.load(config.course_dir)
    return None if registration is None else Lti(registration, db, service, config.secure_cookies)


def refusal_page(request: Request, refusal: Refusal) -> Response:
    from .pages import render

    lang = language(request)
    return render(request, "lti_message.html", refusal.status, title=text("title", lang),
                  message=text(refusal.key, lang), detail=refusal.detail)


def _guarded(handler):
    async def wrapped(request: Request) -> Response:
        if request.app.state.service.lti is None:
            return refusal_page(request, Refusal(404, "not_configured"))
        try:
            return await handler(request)
        except Refusal as refusal:
            return refusal_page(request, refusal)
    return wrapped


async def launch(request: Request) -> Response:
    from . import lti_launch

    lti = request.app.state.service.lti
    form = await request.form(max_files=0, max_fields=10)
    id_token, state = form.get("id_token"), form.get("state")
    if not isinstance(id_token, str) or not isinstance(state, str) or not id_token or not state:
        raise Refusal(400, "bad_token")
    platform, claims = await run_in_threadpool(lti_launch.verify, request, lti, id_token, state)
    return await run_in_threadpool(_enter, request, lti, platform, claims)


def _assignment_of(lti, platform, claims: dict) -> str | None:
    """The served assignment a resource link opens: ``custom.assignment``, else its line item's resourceId."""
    served = lti.service.policy.assignments
    wanted = (claims.get(LTI + "custom") or {}).get("assignment")
    if wanted in served:
        return wanted
    ags = claims.get(AGS) or {}
    if ags.get("lineitem") and SCOPE_LINEITEM_RO in (ags.get("scope") or []):
        try:
            _, _, item = lti.http.request(platform, [SCOPE_LINEITEM_RO], "GET", ags["lineitem"], accept=MT_LINEITEM)
        except Exception:  # noqa: BLE001 - the platform's trouble: the link opens nothing
            return None
        if isinstance(item, dict) and item.get("resourceId") in served:
            return item["resourceId"]
    return None


def _enter(request: Request, lti, platform, claims: dict) -> Response:
    """After a verified launch: record who and where, sign in, and go where the message asks."""
    from . import lti_deep
    from .lti_ags import link as bind_link
    from .pages import redirect

    ctx_claim = claims.get(LTI + "context") or {}
    if not platform.serves(ctx_claim.get("id")):  # before any role means anything, or any service is called
        raise Refusal(403, "unbound_context", text(
            "refused_context", language(request), title=str(ctx_claim.get("title") or "")[:200],
            id=json.dumps(str(ctx_claim.get("id") or "")[:200], ensure_ascii=False)))
    roles = claims.get(LTI + "roles") or []
    who = lti_people.role(roles)
    if who is None:
        raise Refusal(403, "no_role")
    deep = claims[LTI + "message_type"] == "LtiDeepLinkingRequest"
    if deep and who != "instructor":
        raise Refusal(403, "instructors_only")
    assignment = None if deep else _assignment_of(lti, platform, claims)
    ags = claims.get(AGS) or {}
    custom = claims.get(LTI + "custom") or {}
    with lti.db.session() as s:
        person = lti_people.user(s, platform.issuer, claims["sub"])
        ctx = None
        if isinstance(ctx_claim.get("id"), str) and ctx_claim["id"]:
            ctx = lti_people.context(s, platform, claims[LTI + "deployment_id"], ctx_claim["id"],
                                     str(ctx_claim.get("title") or ""),
                                     (claims.get(NRPS) or {}).get("context_memberships_url"), ags.get("lineitems"))
            lti_people.member(s, ctx, person, roles)
        if who == "student":
            row = lti_people.student(s, person, str(claims.get("name") or ""), str(claims.get("email") or ""),
                                     [custom.get("student_id"), (claims.get(LTI + "lis") or {}).get("person_sourcedid")])
            if not row.active:
                raise Refusal(403, "inactive")
        else:
            row = lti_people.instructor(s, person)
        if assignment and ctx is not None:
            bind_link(s, ctx, (claims.get(LTI + "resource_link") or {}).get("id"), assignment, ags)
        s.flush()
        s.expunge(row)
    if who == "student":
        if assignment is None:
            raise Refusal(404, "no_assignment")
        auth.sign_in_student(request, row)
        return redirect(f"/a/{assignment}")
    auth.sign_in_instructor(request, row)
    if deep:
        return lti_deep.picker(request, lti, platform, claims)
    return redirect(f"/instructor/a/{assignment}" if assignment else "/instructor")


async def jwks(request: Request) -> Response:
    keys = await run_in_threadpool(lti_config.jwks, request.app.state.db)
    return JSONResponse(keys, headers={"Cache-Control": "max-age=300"})


async def login(request: Request) -> Response:
    from . import lti_launch

    return await lti_launch.login(request)


async def deep_link(request: Request) -> Response:
    from . import lti_deep

    return await lti_deep.chosen(request)


async def sync(request: Request) -> Response:
    from . import lti_nrps

    return await lti_nrps.sync_button(request)


def routes() -> list[Route]:
    return [Route("/lti/login", _guarded(login), methods=["GET", "POST"]),
            Route("/lti/launch", _guarded(launch), methods=["POST"]),
            Route("/lti/jwks", _guarded(jwks), methods=["GET"]),
            Route("/lti/deep_link", _guarded(deep_link), methods=["POST"]),
            Route("/lti/sync", _guarded(sync), methods=["POST"])]
