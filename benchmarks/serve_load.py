"""Load benchmark of ``autograder serve``: simulated students upload a2 submissions over loopback.

Usage::

    python benchmarks/serve_load.py [--students 30] [--uploads 300] [--think 1.0] [--jobs 2] [--keep DIR]
                                    [--poll 0] [--only think|saturate] [--json FILE]

A real server (``python -m autograder serve COURSE --port P --jobs J``, a subprocess) serves a
demo course (``make_demo``) open for a2_functions only, without attempt limits, with
``--students`` roster students. Once it answers, one reference upload is timed until graded (the
preflight runs first: start-up to the first result). Then two phases, each of ``--uploads``
uploads through the JSON API, every student in its own thread with its own httpx client, one
upload after another, waiting on ``GET /api/v1/submissions/{id}?wait=25`` (a long poll, as the
result page does; ``--poll S`` polls every S seconds instead) until it is graded:

- **think**: ``--think`` s (uniformly 0.5–1.5 × it) between a student's result and their next
  upload, first uploads spread over one think time: a lab session. Median and p95 of the time
  from POST to the answer that says ``graded`` come from this phase.
- **saturate**: no think time: every student always has one upload in flight, so the server
  grades at capacity. Throughput (graded/s) is counted over the steady part, between the 10th
  and the 90th percentile of the completion times.

The uploads cycle through the bundled examples as ``generate.py`` does (every other one the
reference, the rest the mistakes and the stub). The same saturate-phase submissions, as one
folder per student, are then graded by ``autograder run a2_functions … --jobs J`` (a timed
subprocess, with its preflight and without: ``--no-preflight``), with the server stopped. The
server's own timestamps (``gradings.created_at/started_at/finished_at``) split each latency
into the wait in the queue and the grading. The machine is shared: the script waits up to a
minute for an idle CPU before each phase and prints the idle fraction it saw.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import measure  # noqa: E402

A2 = "a2_functions"
POLL = 0.0  # 0: a long poll (?wait=25), one request per upload; > 0: a plain poll every POLL s
SERVE_TOML = """[serve]
timezone = "Asia/Seoul"

[serve.defaults]
due = "2099-12-08 23:59"
late_penalty_per_day = 0.25
max_attempts = 0
attempts_per_hour = 0
hidden_before_due = "points"
hidden_after_due = "full"

[serve.assignments.a2_functions]
"""


def log(message: str) -> None:
    print(f"[serve_load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def plan(n: int) -> list[tuple[str, bytes]]:
    """(kind, functions.py) of n uploads: every other the reference, the rest the mistakes and the stub."""
    reference, others = generate.examples(A2)
    code = {p.name: (p / "functions.py").read_bytes() for p in [reference, *others]}
    return [("reference", code["reference"]) if i % 2 == 0 else (others[(i // 2) % len(others)].name,
            code[others[(i // 2) % len(others)].name]) for i in range(n)]


def make_course(folder: Path, students: int) -> dict[str, str]:
    """The demo course, a2 only, ``students`` more students; student id → token."""
    from autograder.commands.roster import import_roster, issue_tokens
    from autograder.commands.serve import make_demo
    from autograder.serve.app import ServeConfig, open_database
    from autograder.serve.roster import Student

    demo = make_demo(folder, "http://127.0.0.1", serve_toml=SERVE_TOML)
    db = open_database(ServeConfig(demo.folder))
    ids = [f"load{i:02d}" for i in range(1, students + 1)]
    import_roster(db, [Student(i, f"Load Student {i}", "L") for i in ids], keep_missing=True)
    tokens = dict(issue_tokens(db, ids))
    db.dispose()
    return tokens


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU time so far of a process alone and of its tree (utime+stime, and reaped children's)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, alone, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(v) for v in fields[11:15])
            alone = alone or sum(int(v) for v in fields[11:13])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return alone / tick, total / tick


class Student(threading.Thread):
    """One student: takes the next upload from the shared plan until none is left."""

    def __init__(self, base: str, sid: str, token: str, work: Phase, think: float, seed: int, poll: float):
        super().__init__(daemon=True)
        self.poll = poll
        self.base, self.sid, self.token, self.work, self.think = base, sid, token, work, think
        self.rand = random.Random(seed)

    def run(self) -> None:
        import httpx

        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=60) as client:
            if self.think:
                time.sleep(self.rand.uniform(0, self.think))
            while (item := self.work.take()) is not None:
                kind, code = item
                t0 = time.monotonic()
                r = client.post("/api/v1/submissions", data={"assignment": A2},
                                files=[("file", ("functions.py", code))])
                posted = time.monotonic()
                if r.status_code != 202:
                    self.work.done({"kind": kind, "error": f"{r.status_code} {r.text[:200]}"})
                    continue
                sid, seen_grading = r.json()["id"], None
                while True:
                    wait = "?wait=25" if self.poll <= 0 else ""  # a long poll: answered when the grade lands
                    view = client.get(f"/api/v1/submissions/{sid}{wait}").json()
                    self.work.polls += 1
                    if view["status"] == "grading" and seen_grading is None:
                        seen_grading = time.monotonic()
                    if view["status"] in ("graded", "not_graded"):
                        break
                    if self.poll > 0:
                        time.sleep(self.poll)
                end = time.monotonic()
                self.work.done({"id": sid, "kind": kind, "status": view["status"], "score": view["score"],
                                "start": t0, "end": end, "latency": end - t0, "post": posted - t0})
                if self.think:
                    time.sleep(self.rand.uniform(0.5, 1.5) * self.think)


class Phase:
    def __init__(self, items: list[tuple[str, bytes]]):
        self.items, self.lock, self.records, self.polls = list(reversed(items)), threading.Lock(), [], 0

    def take(self):
        with self.lock:
            return self.items.pop() if self.items else None

    def done(self, record: dict) -> None:
        with self.lock:
            self.records.append(record)


def run_phase(name: str, base: str, tokens: dict, items, think: float, server_pid: int, poll: float) -> dict:
    idle = measure.wait_for_quiet(max_wait=60)
    log(f"{name}: {len(items)} uploads by {len(tokens)} students, think {think} s (idle before: {idle:.2f})")
    work = Phase(items)
    students = [Student(base, sid, tok, work, think, n, poll) for n, (sid, tok) in enumerate(sorted(tokens.items()))]
    cpu0, self0, t0 = cpu_seconds(server_pid), time.process_time(), time.monotonic()
    for s in students:
        s.start()
    for s in students:
        s.join()
    wall, cpu1, own = time.monotonic() - t0, cpu_seconds(server_pid), time.process_time() - self0
    ok = [r for r in work.records if r.get("status") == "graded"]
    lat = sorted(r["latency"] for r in ok)
    ends = sorted(r["end"] for r in ok)
    lo, hi = ends[len(ends) // 10], ends[(9 * len(ends)) // 10]
    steady = ((9 * len(ends)) // 10 - len(ends) // 10) / (hi - lo) if hi > lo else 0.0
    first = min(r["start"] for r in ok)
    out = {"uploads": len(items), "graded": len(ok), "failed": [r for r in work.records if r.get("status") != "graded"],
           "wall": wall, "median": statistics.median(lat), "p95": lat[max(0, round(0.95 * len(lat)) - 1)],
           "max": lat[-1], "mean_post": statistics.mean(r["post"] for r in ok),
           "throughput_steady": steady, "throughput_all": len(ok) / (ends[-1] - first),
           "cpu_web": cpu1[0] - cpu0[0], "cpu_server_tree": cpu1[1] - cpu0[1], "cpu_load_generator": own,
           "idle_before": idle, "polls": work.polls,
           "ids": [r["id"] for r in ok], "records": ok}
    log(f"{name}: median {out['median']:.3f} s, p95 {out['p95']:.3f} s, steady {steady:.1f} graded/s")
    return out


def server_split(course_dir: Path, ids: list[int]) -> dict:
    """From the server's own timestamps: median/p95 wait in the queue and grading time (s)."""
    from sqlalchemy import select

    from autograder.serve.app import ServeConfig, open_database
    from autograder.serve.models import Grading

    db = open_database(ServeConfig(course_dir))
    with db.session() as s:
        rows = list(s.scalars(select(Grading).where(Grading.submission_id.in_(ids))))
        waits = sorted((g.started_at - g.created_at).total_seconds() for g in rows if g.started_at)
        grading = sorted((g.finished_at - g.started_at).total_seconds() for g in rows if g.finished_at)
        total = sorted((g.finished_at - g.created_at).total_seconds() for g in rows if g.finished_at)
        tries = sum(g.tries > 1 for g in rows)
    db.dispose()

    def q(v, f):
        return v[max(0, round(f * len(v)) - 1)] if v else float("nan")
    return {"queue_median": q(waits, 0.5), "queue_p95": q(waits, 0.95), "grading_median": q(grading, 0.5),
            "grading_p95": q(grading, 0.95), "total_median": q(total, 0.5), "total_p95": q(total, 0.95),
            "retried": tries}


def timed_run(folder: Path, out: Path, jobs: int, preflight: bool) -> dict:
    idle = measure.wait_for_quiet(max_wait=60)
    args = [sys.executable, "-m", "autograder", "run", A2, str(folder), "--jobs", str(jobs), "--quiet",
            "--out", str(out), "--force"] + ([] if preflight else ["--no-preflight"])
    t0 = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    wall = time.monotonic() - t0
    if proc.returncode != 0:
        raise SystemExit(f"autograder run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    with open(out / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    log(f"run{'' if preflight else ' --no-preflight'}: {wall:.2f} s for {len(rows)} ({len(rows) / wall:.1f}/s)")
    return {"wall": wall, "count": len(rows), "throughput": len(rows) / wall, "idle_before": idle,
            "command": " ".join(["autograder", *args[3:]])}


def verdict(ok: bool, text: str) -> str:
    return f"{'MET    ' if ok else 'NOT MET'} {text}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--uploads", type=int, default=300, help="uploads per phase")
    ap.add_argument("--think", type=float, default=1.0, help="mean think time (s) in the first phase")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (course, server log, run outputs)")
    ap.add_argument("--json", metavar="FILE", help="also write the numbers here")
    ap.add_argument("--poll", type=float, default=POLL,
                    help="seconds between a student's status polls (0, the default: one long poll, as the page does)")
    ap.add_argument("--only", choices=("think", "saturate"), help="run only this phase, and no `autograder run`")
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="serve-load-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return bench(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def bench(args, work: Path) -> int:
    import httpx

    with contextlib.redirect_stdout(sys.stderr):  # make_demo says where the instructor signs in
        tokens = make_course(work / "course", args.students)
    think_items, sat_items = plan(args.uploads), plan(args.uploads)
    klass = work / "class"
    for i, (_, code) in enumerate(sat_items):
        (klass / f"s{i:04d}").mkdir(parents=True, exist_ok=True)
        (klass / f"s{i:04d}" / "functions.py").write_bytes(code)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "autograder", "serve", str(work / "course"), "--port", str(port),
               "--jobs", str(args.jobs)]
    idle = measure.wait_for_quiet(max_wait=60)
    t_start = time.monotonic()
    logf = open(work / "server.log", "w")
    server = subprocess.Popen(command, stdout=logf, stderr=subprocess.STDOUT, cwd=work)
    result: dict = {"machine": machine(), "command": " ".join(["autograder", *command[3:]]), "args": vars(args)}
    try:
        token = tokens[min(tokens)]
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
            while True:
                try:
                    if c.get("/api/v1/assignments").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() - t_start > 120:
                    raise SystemExit(f"the server did not start: see {work / 'server.log'}")
                time.sleep(0.05)
            t_up = time.monotonic()
            first = c.post("/api/v1/submissions", data={"assignment": A2},
                           files=[("file", ("functions.py", think_items[0][1]))]).json()["id"]
            while c.get(f"/api/v1/submissions/{first}").json()["status"] not in ("graded", "not_graded"):
                time.sleep(POLL)
            t_first = time.monotonic()
        result["startup"] = {"answers": t_up - t_start, "first_result": t_first - t_start,
                             "first_after_up": t_first - t_up, "idle_before": idle}
        log(f"server answers after {t_up - t_start:.2f} s; first result (preflight first) {t_first - t_start:.2f} s")
        for name, items, think in (("think", think_items, args.think), ("saturate", sat_items, 0.0)):
            if args.only and name != args.only:
                continue
            phase = run_phase(name, base, tokens, items, think, server.pid, args.poll)
            phase["server"] = server_split(work / "course", phase.pop("ids"))
            phase["scores"] = scores_by_kind(phase.pop("records"))
            result[name] = phase
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        logf.close()
    if args.only:
        print(json.dumps({k: v for k, v in result[args.only].items() if k != "failed"}, indent=1, default=str))
        return 0
    result["run"] = timed_run(klass, work / "out-run", args.jobs, True)
    result["run_no_preflight"] = timed_run(klass, work / "out-run-np", args.jobs, False)
    kinds = dict(enumerate(k for k, _ in sat_items))
    with open(work / "out-run" / "grades.csv", newline="") as f:
        result["run"]["scores"] = scores_by_kind(
            [{"kind": kinds[int(r["student_id"][1:])], "score": float(r["score"])} for r in csv.DictReader(f)])
    result["machine"]["load_after"] = os.getloadavg()
    print(render(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str))
    return 0


def scores_by_kind(records) -> dict:
    out: dict[str, list] = {}
    for r in records:
        out.setdefault(r["kind"], set()).add(round(float(r["score"]), 4))
    return {k: sorted(v) for k, v in sorted(out.items())}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True,
                          check=False)
    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "nproc": os.cpu_count(), "cpu": cpu,
            "python": sys.version.split()[0], "commit": head.stdout.strip(), "load_before": os.getloadavg()}


def render(r: dict) -> str:
    t, s, run, np_ = r["think"], r["saturate"], r["run"], r["run_no_preflight"]
    ratio, ratio_np = s["throughput_steady"] / run["throughput"], s["throughput_steady"] / np_["throughput"]
    same = "yes" if s["scores"] == run["scores"] == t["scores"] else "NO"
    lines = [
        f"machine: {r['machine']}", f"server: {r['command']}; polls every {r['args']['poll']} s",
        f"start-up: answers after {r['startup']['answers']:.2f} s, first result (preflight first) "
        f"{r['startup']['first_result']:.2f} s",
    ]
    for name, p in (("think", t), ("saturate", s)):
        lines.append(f"{name}: {p['graded']}/{p['uploads']} graded in {p['wall']:.1f} s; latency median "
                     f"{p['median']:.3f} s, p95 {p['p95']:.3f} s, max {p['max']:.3f} s; POST {p['mean_post'] * 1000:.0f} ms "
                     f"mean; steady {p['throughput_steady']:.1f}/s, overall {p['throughput_all']:.1f}/s; server "
                     f"stored → graded median {p['server']['total_median']:.3f} s p95 {p['server']['total_p95']:.3f} s, "
                     f"queue wait median {p['server']['queue_median']:.3f} s p95 {p['server']['queue_p95']:.3f} s, "
                     f"grading median {p['server']['grading_median']:.3f} s p95 {p['server']['grading_p95']:.3f} s; "
                     f"CPU: server process (web + dispatcher) {p['cpu_web']:.1f} s, server tree {p['cpu_server_tree']:.1f} s, "
                     f"load generator {p['cpu_load_generator']:.1f} s; {p['polls']} polls; "
                     f"idle before {p['idle_before']:.2f}; failed {len(p['failed'])}, retried {p['server']['retried']}")
    lines += [f"run: {run['command']}: {run['wall']:.2f} s, {run['throughput']:.1f}/s",
              f"run --no-preflight: {np_['wall']:.2f} s, {np_['throughput']:.1f}/s",
              f"same scores per kind of submission (serve think, serve saturate, run): {same}",
              verdict(t["median"] < 1, f"median upload → result, think phase: {t['median']:.3f} s (target < 1 s)"),
              verdict(t["p95"] < 3, f"p95 upload → result, think phase: {t['p95']:.3f} s (target < 3 s)"),
              verdict(ratio >= 0.8, f"serve throughput (saturate, steady) {s['throughput_steady']:.1f}/s vs run "
                      f"--jobs {r['args']['jobs']} {run['throughput']:.1f}/s: {ratio:.2f}× (target ≥ 0.8×)"),
              f"INFO    vs run --no-preflight {np_['throughput']:.1f}/s: {ratio_np:.2f}×"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
