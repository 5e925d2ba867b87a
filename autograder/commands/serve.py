"""``autograder serve COURSE_DIR``: the course's submission and feedback service on one machine.

``--demo [DIR]`` lays out a demo course (the bundled five assignments, open and due in a week,
a roster of demo students) and serves it, printing each sign-in link. ``--add-instructor NAME``
creates an instructor account (the password is asked for, or read from
``$AUTOGRADER_INSTRUCTOR_PASSWORD``) and exits. Needs ``pip install -e ".[serve]"``.
"""
from __future__ import annotations

import getpass
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

HELP = "run the course's submission and feedback service (students upload, the grader answers)"
PASSWORD_ENV = "AUTOGRADER_INSTRUCTOR_PASSWORD"
CONNECTIONS = 512
DEMO_STUDENTS = (("demo01", "Kim Minji", "A"), ("demo02", "Lee Junho", "A"), ("demo03", "Park Seoyeon", "B"))


def add_arguments(p) -> None:
    p.add_argument("course_dir", nargs="?", help="the course folder (with course.toml and its [serve] table)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--db", metavar="URL", help="database URL (default: SQLite in COURSE_DIR/.serve/; "
                   "postgresql://user@host/db for PostgreSQL)")
    p.add_argument("--jobs", type=int, default=2, help="grading processes on this machine (default 2)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="grade on this dask.distributed cluster")
    p.add_argument("--demo", nargs="?", const="", metavar="DIR", default=None,
                   help="lay out a demo course in DIR (default: a temporary folder) and serve it")
    p.add_argument("--add-instructor", metavar="NAME", help="create (or reset) an instructor account and exit")
    p.add_argument("--secure-cookies", action="store_true", help="mark cookies Secure (behind a TLS proxy)")
    p.add_argument("--behind-proxy", action="store_true",
                   help="trust X-Forwarded-For/-Proto from 127.0.0.1 (a reverse proxy on this machine); "
                        "without it a client's own header could pose as another address")
    p.add_argument("--no-preflight", action="store_true", help="do not grade the reference and stub at start-up")
    p.add_argument("--allow-unconfined", action="store_true",
                   help="grade even where student code cannot be confined (never for a real class)")


def main(args) -> int:
    try:
        from ..serve.app import ServeConfig, create_app, open_database
        from ..serve.policy import PolicyError
    except ModuleNotFoundError as exc:
        print(f"autograder serve needs its optional dependencies ({exc.name} is missing): "
              f"pip install -e \".[serve]\"", file=sys.stderr)
        return 2
    demo_links = None
    if args.demo is not None:
        folder = Path(args.demo) if args.demo else Path(tempfile.mkdtemp(prefix="autograder-demo-"))
        demo = make_demo(folder, f"http://{args.host}:{args.port}")
        course_dir, demo_links = demo.folder, demo.text
    elif args.course_dir:
        course_dir = Path(args.course_dir)
    else:
        print("autograder serve: name the course folder (or use --demo)", file=sys.stderr)
        return 2
    if not (course_dir / "course.toml").is_file():
        print(f"autograder serve: {course_dir} is not a course folder (it has no course.toml)", file=sys.stderr)
        return 2
    config = ServeConfig(course_dir, db_url=args.db, jobs=args.jobs, scheduler=args.scheduler,
                         preflight=not args.no_preflight, allow_unconfined=args.allow_unconfined,
                         secure_cookies=args.secure_cookies)
    if args.add_instructor:
        return add_instructor(open_database(config), args.add_instructor)
    try:
        app = create_app(config)
    except PolicyError as exc:
        print(f"autograder serve: course.toml [serve]: {exc}", file=sys.stderr)
        return 2
    import uvicorn

    _enough_descriptors(CONNECTIONS + 256)
    if demo_links:
        print(demo_links, flush=True)
    print(f"serving {course_dir} on http://{args.host}:{args.port}  (Ctrl-C stops)", flush=True)
    # at most LIMIT connections at once (more get 503 at once): file descriptors are not run out of,
    # whatever one client opens; the database and the uploads need theirs
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=args.behind_proxy,
                forwarded_allow_ips="127.0.0.1", limit_concurrency=CONNECTIONS)
    return 0


def _enough_descriptors(wanted: int) -> None:
    """Raise this process's open-file limit to ``wanted`` where the hard limit allows."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))
    except (ImportError, ValueError, OSError):
        pass


def add_instructor(db, name: str, password: str | None = None, quiet: bool = False) -> int:
    from ..serve.models import Instructor
    from ..serve.secrets import hash_password

    password = password or os.environ.get(PASSWORD_ENV) or getpass.getpass(f"password for {name}: ")
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        print(f"autograder serve: {exc}", file=sys.stderr)
        return 2
    with db.session() as s:
        found = s.get(Instructor, name)
        if found is None:
            s.add(Instructor(username=name, password_hash=hashed, session_version=0))
        else:
            found.password_hash, found.session_version = hashed, found.session_version + 1
    if not quiet:
        print(f"instructor {name!r} can sign in at /instructor/signin")
    return 0


@dataclass
class Demo:
    folder: Path
    tokens: dict  # student id → sign-in token
    password: str  # the instructor's ("instructor")
    text: str  # what to print: each sign-in link


def make_demo(folder: Path, base_url: str, serve_toml: str | None = None) -> Demo:
    """The bundled course copied into ``folder`` with a ``[serve]`` table (every assignment open,
    due in a week; or ``serve_toml``, the table's text), demo students and an instructor ("instructor")."""
    from .. import course
    from ..serve.app import ServeConfig, open_database
    from ..serve.roster import Student as RosterStudent
    from ..serve.secrets import new_token
    from .roster import import_roster, issue_tokens

    source = course.course_root()
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for part in ("source_lib", "solutions", "assignments"):
        if (source / part).is_dir() and not (folder / part).exists():
            shutil.copytree(source / part, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
    due = (datetime.now(timezone.utc) + timedelta(days=7)).replace(microsecond=0)
    bundled = course.load(source)
    ids = list(bundled.assignments)
    title = ", ".join(f"{lang} = {json.dumps(text, ensure_ascii=False)}" for lang, text in bundled.titles.items())
    lines = ["# A demo course made by `autograder serve --demo`: the bundled assignments, open for a week.",
             "[course]", f"title = {{ {title} }}", "",
             "[serve]", 'timezone = "Asia/Seoul"', "", "[serve.defaults]", f'due = "{due.isoformat()}"',
             "late_penalty_per_day = 0.1", "max_attempts = 20", "attempts_per_hour = 10",
             'hidden_before_due = "points"', 'hidden_after_due = "full"', ""]
    lines += [f"[serve.assignments.{a}]\n" for a in ids]
    if serve_toml is not None:
        lines = lines[:lines.index("[serve]")] + [serve_toml]
    (folder / "course.toml").write_text("\n".join(lines), encoding="utf-8")
    db = open_database(ServeConfig(folder))
    import_roster(db, [RosterStudent(i, name, section, "") for i, name, section in DEMO_STUDENTS], keep_missing=True)
    tokens = dict(issue_tokens(db, [i for i, _, _ in DEMO_STUDENTS]))
    links = ["demo students (sign-in links):"]
    links += [f"  {i}  {base_url}/signin?token={token}" for i, token in tokens.items()]
    password = new_token()[:16]
    add_instructor(db, "instructor", password, quiet=True)
    links.append(f"instructor: {base_url}/instructor/signin  user: instructor  password: {password}")
    db.dispose()
    return Demo(folder, tokens, password, "\n".join(links))
