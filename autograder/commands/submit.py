"""``autograder submit ASSIGNMENT FILE… --server URL --token T``: hand in to ``autograder serve``.

Uploads the files (the JSON API, ``POST /api/v1/submissions``), waits for the grade, and prints
the feedback as ``autograder check`` words it: each test with its points, and what a failed one
expected (with the named mistake's hint). Hidden tests show as the course's policy allows.
Standard library only (``urllib``): students need no serve extra. ``$AUTOGRADER_SERVER`` and
``$AUTOGRADER_TOKEN`` may stand in for the options. Exit codes: 0 graded, 1 not graded or
refused, 2 bad usage or no connection.
"""
from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from ..cli import assignment_argument

HELP = "hand in your files to your course's autograder serve and print the feedback (students)"
WAIT_SECONDS = 120.0
DONE = ("graded", "not_graded", "rejected")


def add_arguments(p) -> None:
    assignment_argument(p)
    p.add_argument("files", nargs="+", help="your .py module(s) or .ipynb notebook")
    p.add_argument("--server", default=os.environ.get("AUTOGRADER_SERVER"), help="the service's address")
    p.add_argument("--token", default=os.environ.get("AUTOGRADER_TOKEN"), help="your sign-in token")
    p.add_argument("--lang", choices=("en", "ko"), default=os.environ.get("AUTOGRADER_LANG", "en")
                   if os.environ.get("AUTOGRADER_LANG") in ("en", "ko") else "en")
    p.add_argument("--no-wait", action="store_true", help="print the submission id and return at once")


def main(args) -> int:
    if not args.server or not args.token:
        print("autograder submit: give --server URL and --token T (or $AUTOGRADER_SERVER, $AUTOGRADER_TOKEN)",
              file=sys.stderr)
        return 2
    files = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"autograder submit: {name}: no such file", file=sys.stderr)
            return 2
        files.append((path.name, path.read_bytes()))
    base = args.server.rstrip("/")
    status, body, headers = request(f"{base}/api/v1/submissions", args.token, args.lang,
                                    *multipart({"assignment": args.assignment, "lang": args.lang}, files))
    if status is None:
        print(f"autograder submit: cannot reach {base}: {body}", file=sys.stderr)
        return 2
    if status not in (202, 422):
        print(body.get("error") or f"the server answered {status}", file=sys.stderr)
        return 1
    if status == 422:
        print(body.get("reason") or body.get("error"))
        return 1
    print(f"submission {body['id']}: queued")
    if args.no_wait:
        return 0
    deadline = time.monotonic() + WAIT_SECONDS
    view = body
    while view.get("status") not in DONE and time.monotonic() < deadline:
        status, view, _ = request(f"{base}/api/v1/submissions/{body['id']}?wait=25", args.token, args.lang)
        if status != 200:
            print(view.get("error") or f"the server answered {status}", file=sys.stderr)
            return 1
    print(render(view, args.lang))
    return 0 if view.get("status") == "graded" else 1


def multipart(fields: dict, files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    for name, data in files:
        safe = name.replace('"', "").replace("\r", "").replace("\n", "")
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{safe}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def request(url: str, token: str, lang: str, data: bytes | None = None, content_type: str | None = None):
    """``(status, JSON body, headers)``; ``(None, why, {})`` when the server cannot be reached."""
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": lang, "Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"{}"), dict(answer.headers)
    except urllib.error.HTTPError as exc:
        try:
            body = json.loads(exc.read() or b"{}")
        except ValueError:
            body = {"error": f"the server answered {exc.code}"}
        return exc.code, body, dict(exc.headers)
    except (urllib.error.URLError, OSError) as exc:
        return None, str(getattr(exc, "reason", exc)), {}


WORDS = {
    "en": {"score": "score", "late": "late by {days} day(s): {penalty:.0%} taken off", "hidden": "{n} hidden test(s) "
           "are not shown before the due date", "not_graded": "not graded", "pass": "PASS", "fail": "FAIL"},
    "ko": {"score": "점수", "late": "{days}일 늦게 제출: {penalty:.0%} 감점", "hidden": "숨은 테스트 {n}개는 마감 전에는 "
           "보여 주지 않습니다", "not_graded": "채점되지 않음", "pass": "통과", "fail": "실패"},
}


def render(view: dict, lang: str) -> str:
    """The submission's feedback, one test per line, failures with their sentence."""
    w = WORDS.get(lang, WORDS["en"])
    lines = []
    for t in view.get("tests", []):
        mark = w["pass"] if t.get("status") == "passed" else w["fail"]
        lines.append(f"{mark:4} {t.get('name')}  ({_num(t.get('score'))}/{_num(t.get('max_score'))})")
        if t.get("status") != "passed" and t.get("feedback"):
            lines += [f"       {line}" for line in str(t["feedback"]).splitlines()]
    if view.get("hidden_withheld"):
        lines.append(w["hidden"].format(n=view.get("hidden_count", 0)))
    if view.get("status") == "graded":
        lines.append(f"{w['score']}: {_num(view.get('score'))}/{_num(view.get('max_score'))}")
        if view.get("late"):
            lines.append(w["late"].format(days=view.get("late_days"), penalty=view.get("penalty", 0)))
    else:
        lines.append(f"{w['not_graded']}: {view.get('reason') or view.get('status')}")
    return "\n".join(lines)


def _num(x) -> str:
    if x is None:
        return "-"
    return f"{x:g}" if float(x).is_integer() else f"{x:.2f}"
