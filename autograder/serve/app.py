"""The ASGI application: configuration, start-up (database, grading), sessions, and routes.

``create_app(config)`` builds a Starlette app for one course folder. At start-up it migrates the
database, and (unless ``grade=False``) starts the grading pool and the dispatcher thread, whose
first job is the preflight. Sessions are signed cookies (HttpOnly, SameSite=Lax, Secure with
``secure_cookies``); every form carries the session's CSRF token (``auth``).
"""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

from .. import course
from ..grading import Options
from . import policy as policies
from .db import Database, default_url
from .service import Service

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

STATE = ".serve"  # inside the course folder: the SQLite database and the uploads


@dataclass
class ServeConfig:
    course_dir: Path
    db_url: str | None = None
    jobs: int = 2
    scheduler: str | None = None
    grade: bool = True  # start the grading pool (tests of pages alone may not)
    preflight: bool = True
    allow_unconfined: bool = False
    secure_cookies: bool = False  # set behind a TLS reverse proxy
    uploads: Path | None = None

    @property
    def state(self) -> Path:
        return Path(self.course_dir).resolve() / STATE


def read_policy(course_dir: Path):
    """The course's ``[serve]`` rules (``policy.PolicyError`` when they are wrong)."""
    data = tomllib.loads((Path(course_dir) / "course.toml").read_text(encoding="utf-8"))
    return policies.load(data, list(course.load(course_dir).assignments))


def open_database(config: ServeConfig) -> Database:
    """The service's database, its schema brought up to date. ``COURSE_DIR/.serve`` (the SQLite
    file, the uploads) is the owner's alone: it holds every upload and the cookie-signing key."""
    config.state.mkdir(parents=True, exist_ok=True)
    os.chmod(config.state, 0o700)
    db = Database(config.db_url or default_url(config.state))
    db.upgrade()
    return db


def secret_key(db: Database, name: str = "secret_key") -> str:
    """A secret made once and kept in the database (so restarts keep it): the cookie-signing key,
    and the grading salt."""
    from .models import Setting
    from .secrets import new_secret_key

    with db.session() as s:
        row = s.get(Setting, name)
        if row is None:
            row = Setting(key=name, value=new_secret_key())
            s.add(row)
        return row.value


def start_grading(config: ServeConfig, db: Database, assignments: list[str], on_finished=lambda submission_id: None):
    from .dispatch import DaskPool, Dispatcher, LocalPool

    # a secret salt: without it the hidden tests' random inputs follow from the (public) suite and
    # the student's id, and a student could compute them offline
    options = Options(hide=(str(config.state), str(config.uploads or config.state)),
                      salt=secret_key(db, "grading_salt"))
    pool = DaskPool(config.scheduler, options) if config.scheduler else LocalPool(config.jobs, options)
    dispatcher = Dispatcher(db, pool, assignments, run_preflight=config.preflight,
                            allow_unconfined=config.allow_unconfined)
    dispatcher.on_finished = on_finished
    dispatcher.start()
    return dispatcher


def create_app(config: ServeConfig) -> Starlette:
    from . import api, pages

    config.course_dir = Path(config.course_dir).resolve()
    os.environ[course.ENV] = str(config.course_dir)  # the grading processes grade this course
    serve_policy = read_policy(config.course_dir)
    db = open_database(config)
    uploads = Path(config.uploads or config.state / "uploads")
    uploads.mkdir(parents=True, exist_ok=True)
    service = Service(config.course_dir, db, serve_policy, uploads)
    from . import lti

    service.lti = lti.setup(config, db, service)  # LTI 1.3 (None without [serve.lti])

    @contextlib.asynccontextmanager
    async def lifespan(app):
        dispatcher = None
        if config.grade:
            dispatcher = start_grading(config, db, list(serve_policy.assignments), service.finished)
            service.wake = dispatcher.wake
        app.state.dispatcher = dispatcher
        if service.lti is not None:
            service.lti.start()  # its key, and the thread posting grades to the LMS
        try:
            yield
        finally:
            if service.lti is not None:
                service.lti.stop()
            if dispatcher is not None:
                dispatcher.stop()
                dispatcher.join(timeout=30)
            db.dispose()

    from .api import MAX_BODY
    from .limits import BodyLimit

    middleware = [Middleware(BodyLimit, limit=MAX_BODY + 64 * 1024),  # the form's own bytes on top
                  Middleware(SessionMiddleware, secret_key=secret_key(db), session_cookie="autograder_session",
                             same_site="lax", https_only=config.secure_cookies, max_age=14 * 24 * 3600)]
    app = Starlette(routes=[*api.routes(), *pages.routes(), *lti.routes()], middleware=middleware, lifespan=lifespan)
    app.state.config, app.state.service, app.state.db = config, service, db
    app.state.dispatcher = None
    return app
