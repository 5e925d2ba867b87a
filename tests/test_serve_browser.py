"""``autograder serve`` in a real browser: Playwright driving Debian's chromium through a real server.

One server per module (``python -m autograder serve`` on a free loopback port, a demo course
serving only a2), one chromium. The student path: sign in by link, open a2, upload a bundled
mistake, watch the result page fill in by itself, read that mistake's hint, switch to Korean.
The instructor path: sign in, the class view names the mistake, regrade, export grades.csv.
Both at desktop and phone widths; every page without console errors, failed requests, requests
off 127.0.0.1, or (on the phone) a horizontal scroll. Skipped where chromium is not installed
(``.ci/install-chromium`` installs it); the browser is never downloaded.
"""
from __future__ import annotations

import atexit
import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("playwright")
import httpx  # noqa: E402
from playwright.sync_api import Error as PlaywrightError, Page, expect, sync_playwright  # noqa: E402

from autograder import course, mistakes  # noqa: E402
from autograder.commands.serve import make_demo  # noqa: E402
from autograder.serve import page_text  # noqa: E402

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
A2 = "a2_functions"
MISTAKE = "mse_no_half"  # its mistake shows in a visible test (the lecture's MSE values)
UPLOAD = course.examples_dir(A2) / MISTAKE / "functions.py"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
STUDENTS = {"desktop": "demo01", "phone": "demo02"}  # each viewport its own student
READY_STUDENT = "demo03"  # hands in the reference at start-up: grading is ready once it is graded
WAIT_MS = 60_000
SERVE = f"""[serve]
timezone = "Asia/Seoul"

[serve.defaults]
due = "2099-12-08 23:59"
late_penalty_per_day = 0.1
max_attempts = 50
attempts_per_hour = 50
hidden_before_due = "points"
hidden_after_due = "full"

[serve.assignments.{A2}]
"""


def t(key: str, lang: str = "en", **values) -> str:
    return page_text.get(key, lang, **values)


def hint(lang: str = "en") -> str:
    """The hint ``MISTAKE`` declares in the assignment's own mistakes.py."""
    found = next(m for m in mistakes.of(course.get(A2)) if m.id == MISTAKE)
    return found.hint[lang]


# ---------------------------------------------------------------- the server
@dataclass
class Server:
    url: str
    demo: object  # commands.serve.Demo: tokens and the instructor's password
    process: subprocess.Popen
    log: Path

    def api(self, student: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, trust_env=False,
                            headers={"Authorization": f"Bearer {self.demo.tokens[student]}"})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def submit(server: Server, student: str, example: str) -> int:
    """Hand in a bundled a2 example through the API and wait until it is graded: its id."""
    with server.api(student) as api:
        files = [("file", ("functions.py", (course.examples_dir(A2) / example / "functions.py").read_bytes()))]
        answer = api.post("/api/v1/submissions", data={"assignment": A2}, files=files)
        assert answer.status_code == 202, answer.text
        number = answer.json()["id"]
        deadline = time.monotonic() + WAIT_MS / 1000
        while (status := api.get(f"/api/v1/submissions/{number}").json()["status"]) in ("queued", "grading"):
            assert time.monotonic() < deadline, f"submission {number} still {status}:\n{server.log.read_text()}"
            time.sleep(0.2)
        assert status == "graded", server.log.read_text()
        return number


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-browser")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    demo = make_demo(folder / "course", url, serve_toml=SERVE)
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "autograder", "serve", str(demo.folder), "--host",
                                    "127.0.0.1", "--port", str(port), "--jobs", "1"],
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    atexit.register(stop, process)
    running = Server(url, demo, process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"the server stopped:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"the server did not answer:\n{log.read_text()}"
            try:
                if httpx.get(f"{url}/signin", timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        submit(running, READY_STUDENT, "reference")  # the preflight is done and a worker grades
        yield running
    finally:
        stop(process)


# ---------------------------------------------------------------- the browser
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/install-chromium installs it)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    page: Page
    problems: list[str] = field(default_factory=list)  # console errors, page errors, failed requests
    outside: list[str] = field(default_factory=list)  # requests to anywhere but the server
    failed: list[tuple[str, str]] = field(default_factory=list)  # requests that failed, and why
    downloads: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for


@pytest.fixture
def watched(browser, server, request):
    """A fresh page (its own cookies) at the test's viewport, every problem it meets recorded."""
    context = browser.new_context(viewport=VIEWPORTS[request.node.callspec.params["width"]],
                                  accept_downloads=True, locale="en-US")
    page = context.new_page()
    seen = Watched(page)

    def off_site(route):
        seen.outside.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(server.url + "/"), off_site)
    page.on("console", lambda m: m.type == "error" and seen.problems.append(f"console: {m.text} ({m.location})"))
    page.on("pageerror", lambda exc: seen.problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda r: seen.failed.append((r.url, r.failure)))
    page.on("download", lambda d: seen.downloads.append(d.url))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.set_default_timeout(15_000)
    yield seen
    context.close()
    # a download ends its navigation: chromium reports that request as aborted, and it is no failure
    seen.problems += [f"failed: {url} {why}" for url, why in seen.failed
                      if not (url in seen.downloads and why == "net::ERR_ABORTED")]
    assert seen.problems == []
    assert seen.outside == []


def fits(page: Page) -> None:
    """Nothing wider than the window: no horizontal scroll of the whole page."""
    wide, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert wide <= inner + 1, f"{page.url} is {wide}px wide in a {inner}px window"


# ---------------------------------------------------------------- the student
@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_a_student_uploads_a_mistake_and_reads_its_hint(server, watched, width):
    page, student = watched.page, STUDENTS[width]
    page.goto(f"{server.url}/signin?token={server.demo.tokens[student]}")
    page.locator("#confirm").click()  # a link alone signs no one in: the student confirms whose it is
    expect(page.locator("h1")).to_have_text(t("assignments"))
    expect(page.locator("header")).to_contain_text(t("sign_out"))
    fits(page)

    page.locator(f"h2 a[href='/a/{A2}']").click()
    expect(page).to_have_url(f"{server.url}/a/{A2}")
    expect(page.locator("h1")).to_have_text(course.get(A2).title_in("en"))
    fits(page)

    page.set_input_files("#file", str(UPLOAD))
    with page.expect_response(lambda r: re.search(r"/s/\d+$", r.url) is not None) as first:
        page.get_by_role("button", name=t("submit")).click()
    number = int(first.value.url.rsplit("/", 1)[-1])
    try:
        first_status = re.search(r'id="summary" data-status="(\w+)"', first.value.text()).group(1)
    except PlaywrightError:  # its body went with a reload: only a page waiting for its grade reloads itself
        first_status = "reloaded"
    # the page fills in by itself (its script polls the API and reloads): the test never reloads
    expect(page.locator("#summary")).to_have_attribute("data-status", "graded", timeout=WAIT_MS)
    if first_status in ("queued", "grading", "reloaded"):
        asked = f"{server.url}/api/v1/submissions/{number}"  # a long poll: held open until the grade lands
        assert any(url.split("?")[0] == asked for url in watched.requests)
    expect(page.locator(".score")).to_be_visible()
    shown = page.locator("tr").filter(has=page.locator(".feedback", has_text=hint("en")))
    expect(shown.first).to_be_visible()
    visible_rows = [row for row in shown.all() if row.locator(".badge").count() == 0]
    assert visible_rows, "the hint shows only in hidden tests' rows"
    fits(page)

    page.locator("header a[lang='ko']").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("header")).to_contain_text(t("sign_out", "ko"))
    expect(page.locator("h2").first).to_have_text(t("tests", "ko"))
    expect(page.locator("#summary .badge")).to_have_text(t("status_graded", "ko"))
    fits(page)
    page.get_by_role("link", name=t("back_to", "ko", title=course.get(A2).title_in("ko"))).click()
    expect(page.locator("h2")).to_have_text(t("history", "ko"))
    expect(page.locator("table").last).to_contain_text(t("status_graded", "ko"))
    fits(page)


# ---------------------------------------------------------------- the instructor
def graded_submission(server: Server, student: str) -> int:
    """The id of ``student``'s latest graded a2 submission of ``MISTAKE`` (handed in now if none)."""
    with server.api(student) as api:
        listed = api.get("/api/v1/submissions").json()
    done = [r["id"] for r in listed["submissions"] if r["assignment"] == A2 and r["status"] == "graded"]
    return max(done) if done else submit(server, student, MISTAKE)


def grading_rows(page: Page, number: int):
    return page.locator(f"#s{number} h3 + .scroll tr").filter(has=page.locator("td"))


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_an_instructor_sees_the_mistake_regrades_and_exports(server, watched, width):
    page, student = watched.page, STUDENTS[width]
    number = graded_submission(server, student)
    with server.api(student) as api:
        score = api.get(f"/api/v1/submissions/{number}").json()["score"]

    page.goto(f"{server.url}/instructor/signin")
    page.fill("#username", "instructor")
    page.fill("#password", server.demo.password)
    page.get_by_role("button", name=t("sign_in")).click()
    expect(page).to_have_url(f"{server.url}/instructor")
    expect(page.locator("h1")).to_have_text(t("class_overview"))
    fits(page)

    page.locator(f"a[href='/instructor/a/{A2}']").click()
    expect(page.locator("#submissions")).to_contain_text(student)
    mistakes_shown = page.locator("ul.mistakes li").filter(has_text=f"({MISTAKE})")
    expect(mistakes_shown).to_contain_text(hint("en"))
    fits(page)

    page.goto(f"{server.url}/instructor/students/{student}")
    before = grading_rows(page, number).count()
    assert before >= 1  # graded once at least: after the regrade its history shows two gradings or more
    if width == "desktop":  # regrade every latest submission from the class view
        page.goto(f"{server.url}/instructor/a/{A2}")
        page.get_by_role("button", name=t("regrade_all")).click()
        expect(page).to_have_url(f"{server.url}/instructor/a/{A2}")
        page.goto(f"{server.url}/instructor/students/{student}")
    else:  # regrade this one submission from the student's page
        page.locator(f"#s{number}").get_by_role("button", name=t("regrade_one")).click()
        expect(page).to_have_url(f"{server.url}/instructor/students/{student}")
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:  # the student's page does not refresh itself: look again until the regrade is done
        rows = grading_rows(page, number)
        if rows.count() == before + 1 and t("status_graded") in rows.last.inner_text():
            break
        assert time.monotonic() < deadline, f"not regraded: {rows.all_inner_texts()}"
        time.sleep(0.3)
        page.reload()
    expect(grading_rows(page, number).first).to_contain_text(t("status_graded"))
    fits(page)

    page.goto(f"{server.url}/instructor/a/{A2}")
    with page.expect_download() as download:
        page.locator(f"a[href='/instructor/export/{A2}/grades.csv']").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = {row["student_id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows[student]["assignment"] == A2 and rows[student]["status"] == "graded"
    assert float(rows[student]["score"]) == pytest.approx(score)
    assert float(rows[READY_STUDENT]["score"]) == float(rows[READY_STUDENT]["max_score"])
