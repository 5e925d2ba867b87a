"""The service's sentences in English and Korean, and which language a request wants.

``say(key, **values)`` gives ``{"en": …, "ko": …}`` (stored as is: a rejection's reason is
shown in the language of whoever reads it); ``text(key, lang, **values)`` one of them.
``language(request)``: the ``lang`` cookie a student chose, else the browser's Accept-Language.
"""
from __future__ import annotations

from ..feedback.messages import LANGS, pick

MESSAGES: dict[str, dict[str, str]] = {
    "upload_empty": {
        "en": "the upload held no file: choose your .py module(s) or your .ipynb notebook",
        "ko": "업로드에 파일이 없습니다. .py 모듈이나 .ipynb 노트북을 선택하세요",
    },
    "upload_too_many": {
        "en": "too many files in one upload (at most {limit})",
        "ko": "한 번에 올릴 수 있는 파일이 너무 많습니다 (최대 {limit}개)",
    },
    "upload_too_large": {
        "en": "the upload is too large ({size} KB; at most {limit} KB): hand in only your .py modules or notebook",
        "ko": "업로드가 너무 큽니다 ({size} KB, 최대 {limit} KB). .py 모듈이나 노트북만 제출하세요",
    },
    "upload_bad_name": {
        "en": "{name!r} is not a file name the grader accepts: use a name like functions.py or lab.ipynb "
              "(letters, digits, _ and -, ending in .py or .ipynb)",
        "ko": "{name!r} 은(는) 채점기가 받는 파일 이름이 아닙니다. functions.py 나 lab.ipynb 처럼 영문자, 숫자, _, - 로 "
              "된 이름에 .py 또는 .ipynb 로 끝나야 합니다",
    },
    "upload_duplicate": {
        "en": "{name} was uploaded twice",
        "ko": "{name} 파일을 두 번 올렸습니다",
    },
    "upload_unreadable": {
        "en": "{name} could not be read: a .py file must be UTF-8 text and a notebook valid .ipynb JSON "
              "(save it again from your editor or Jupyter)",
        "ko": "{name} 파일을 읽을 수 없습니다. .py 파일은 UTF-8 텍스트, 노트북은 올바른 .ipynb(JSON) 이어야 합니다 "
              "(편집기나 Jupyter 에서 다시 저장하세요)",
    },
    "upload_too_large_request": {
        "en": "the request is too large: hand in only your .py modules or notebook",
        "ko": "요청이 너무 큽니다. .py 모듈이나 노트북만 제출하세요",
    },
    "not_found": {
        "en": "not found",
        "ko": "찾을 수 없습니다",
    },
    "unknown_assignment": {
        "en": "there is no assignment {assignment!r} in this course",
        "ko": "이 과목에는 {assignment!r} 과제가 없습니다",
    },
    "sign_in_needed": {
        "en": "sign in first (with the link or token your instructor gave you)",
        "ko": "먼저 로그인하세요 (담당 교수자가 준 링크나 토큰으로)",
    },
    "sign_in_failed": {
        "en": "that token or password is not valid",
        "ko": "토큰이나 비밀번호가 올바르지 않습니다",
    },
    "sign_in_blocked": {
        "en": "too many failed sign-ins from here; try again in 15 minutes",
        "ko": "로그인 실패가 너무 많습니다. 15분 뒤에 다시 시도하세요",
    },
    "csrf": {
        "en": "this form has expired (or came from another site): reload the page and try again",
        "ko": "이 양식은 만료되었거나 다른 사이트에서 왔습니다. 페이지를 새로 고친 뒤 다시 시도하세요",
    },
    "instructors_only": {
        "en": "this page is for instructors",
        "ko": "교수자 전용 페이지입니다",
    },
}


def say(key: str, **values) -> dict[str, str]:
    return {lang: MESSAGES[key][lang].format(**values) for lang in LANGS}


def text(key: str, lang: str, **values) -> str:
    return pick(MESSAGES[key], lang).format(**values)


def language(request) -> str:
    """The language a request asks for: its ``lang`` cookie or query, else Accept-Language."""
    chosen = request.query_params.get("lang") or request.cookies.get("lang")
    if chosen in LANGS:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag[:2] in LANGS:
            return tag[:2]
    return "en"
