"""Benchmark the grader; write the numbers into benchmarks/RESULTS.md (between its markers).

    python benchmarks/bench.py [--n 100] [--big 2000] [--nb 20] [--repeat 2] [--quick] [--no-dask]

Measures, on generated classes (``generate.make_class``), in one run:

1. submissions per second of ``autograder run A DIR --quiet`` with ``--jobs 1`` and ``--jobs 2``
   for every assignment (N = ``--n``), and the median in-session seconds per submission; for a2,
   start-up (until the first record) and steady-state rate, ``Grader`` in this process;
2. peak memory (VmHWM) of the grader's processes for a2 at N = ``--n`` and N = ``--big``, and
   what that peak is made of (``memory_a2``: the session alone, as is, with a streamed writer);
3. one student's five assignments in one ``autograder run all`` (``--jobs 1`` and ``2``; their
   preflights not yet cached, then cached; and each in one warm process), and ``autograder
   check a2_functions`` on the reference (best of 3);
4. ``nbgrader autograde`` on ``--nb`` of the a2 submissions turned into notebooks (two courses,
   ``nbgrader_bench``), and ``autograder run`` on those same notebooks;
5. ``grade_on_dask`` on the a2 class (a ``LocalCluster`` of 2 processes);
6. where an a2 submission's time goes, and what two changes to other files would save (``profile_a2``);
7. the floor (``floor.py``: a bare fork-per-submission grader) against ``autograder run``, both
   ``--jobs 2`` on the same a2 classes (N = ``--floor-n`` and ``--big``), one after the other in
   each repeat; and the time from launch to the first finished record of each at N = ``--n``;
8. ``autograder serve --jobs 2`` under simulated students (``serve_load.py``) against
   ``autograder run --jobs 2`` on the same submissions.

Passed preflights are cached in the run's own folder (``preflight_cache``): the first run of
each assignment grades its preflight, the ones after it find it passed.

Before each timed command it waits (up to 2 minutes) for the machine to be idle, and keeps the
best of ``--repeat`` runs: on a shared machine other people's jobs otherwise decide the result.
``--no-write`` prints the verdicts without writing RESULTS.md or last-run.json. Longer than our
other modules: it is the list of measurements, one short function each, in the order they run.
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402

from autograder import course, preflight_cache  # noqa: E402

ASSIGNMENTS = tuple(course.assignments())  # every assignment of the course in use
A2 = "a2_functions"  # the throughput figures are measured on this one
FLOOR = HERE / "floor.py"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine() -> dict:
    import numpy
    import pytest

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    info = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "nproc": os.cpu_count(), "cpu": cpu,
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "kernel": platform.release(), "python": platform.python_version(), "numpy": numpy.__version__,
            "pytest": pytest.__version__, "load_before": os.getloadavg(), "commit": _commit()}
    for name in ("distributed", "nbgrader"):
        try:
            info[name] = __import__(name).__version__
        except ImportError:
            info[name] = "not installed"
    return info


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "autograder"],
                               cwd=HERE, capture_output=True, text=True)
    except OSError:
        return "unknown"
    return head.stdout.strip() + (" (autograder/ has uncommitted changes)" if dirty.stdout.strip() else "")


def timed_cli(args: list[str], repeat: int, cwd: Path | None = None, env: dict | None = None) -> dict:
    """Best of ``repeat`` measured runs of ``args`` (after waiting for an idle machine). A failed
    run is logged and run again (twice at most): the checkout may be changing under us."""
    best, failures = None, 0
    while repeat > 0:
        idle = measure.wait_for_quiet()
        run = measure.run(args, cwd=cwd, env=env)
        if run.code != 0:
            failures += 1
            log(f"exit code {run.code}: {' '.join(args)}")
            if failures > 2:
                raise SystemExit(f"failed {failures} times: {' '.join(args)}")
            continue
        repeat -= 1
        if best is None or run.wall < best["wall"]:
            best = {"wall": run.wall, "peak_kib": run.peak_kib, "count": run.count,
                    "ru_maxrss_kib": run.ru_maxrss_kib, "idle_before": round(idle, 2)}
    best["failed_runs"] = failures
    return best


def autograder_run(assignment: str, folder: Path, jobs: int, out: Path) -> list[str]:
    return [sys.executable, "-m", "autograder", "run", assignment, str(folder), "--jobs", str(jobs),
            "--quiet", "--out", str(out)]


def grade_class(assignment: str, folder: Path, n: int, jobs: int, repeat: int, work: Path) -> dict:
    out = work / f"out-{folder.name}-{jobs}"
    best = timed_cli(autograder_run(assignment, folder, jobs, out), repeat)
    records = json.loads((out / "results.json").read_text())
    durations = sorted(r["duration"] for r in records)
    best.update(n=n, jobs=jobs, rate=n / best["wall"], records=len(records),
                median_duration=durations[len(durations) // 2],
                errors=sum(r["status"] != "graded" for r in records))
    return best


def throughput(n: int, repeat: int, work: Path) -> dict:
    rows = {}
    for assignment in ASSIGNMENTS:
        folder = work / f"class-{assignment}-{n}"
        generate.make_class(assignment, n, folder)
        for jobs in (1, 2):
            log(f"{assignment}: N={n} --jobs {jobs}")
            rows[f"{assignment}/{jobs}"] = grade_class(assignment, folder, n, jobs, repeat, work)
    return rows


def big_class(n: int, work: Path) -> dict:
    folder = work / f"class-{A2}-{n}"
    generate.make_class(A2, n, folder)
    rows = {}
    for jobs in (1, 2):
        log(f"{A2}: N={n} --jobs {jobs} (memory)")
        rows[str(jobs)] = grade_class(A2, folder, n, jobs, 1, work)
    return rows


@contextlib.contextmanager
def pinned_jobs():
    """Pin each ``--jobs`` process (and so its zygote and children) to its own core, as proposed
    for ``executors.local._pool``: ``os.sched_setaffinity(p.pid, {cpus[i % len(cpus)]})`` after start."""
    import multiprocessing.context

    cpus, counter = sorted(os.sched_getaffinity(0)), itertools.count()
    start = multiprocessing.context.SpawnProcess.start

    def start_pinned(process):
        start(process)
        os.sched_setaffinity(process.pid, {cpus[next(counter) % len(cpus)]})

    with mock.patch.object(multiprocessing.context.SpawnProcess, "start", start_pinned):
        yield


def scaling(folder: Path, repeat: int) -> dict:
    """In this process: ``Grader(jobs=J).grade`` on the a2 class, split into start-up (until the
    first record) and steady state (records per second after it)."""
    from autograder import course
    from autograder.grading import Grader
    from autograder.submission import discover

    sources = discover(folder, course.get(A2))
    out = {}
    for label, jobs, context in (("1", 1, contextlib.nullcontext), ("2", 2, contextlib.nullcontext),
                                 ("2 pinned", 2, pinned_jobs)):
        best = None
        for _ in range(repeat):
            measure.wait_for_quiet()
            stamps: list[float] = []
            with context():
                started = time.perf_counter()
                Grader(A2, jobs=jobs).grade(sources, progress=lambda i, r: stamps.append(time.perf_counter()))
                total = time.perf_counter() - started
            row = {"total": total, "first": stamps[0] - started,
                   "steady_rate": (len(stamps) - 1) / max(1e-9, stamps[-1] - stamps[0])}
            best = row if best is None or total < best["total"] else best
        out[label] = best
        log(f"scaling: --jobs {label}: {best}")
    return out


def memory_variants(sizes: dict[int, Path], work: Path) -> dict:
    """``memory_a2.py`` in a fresh process per (N, variant): what the grader's peak is made of."""
    out = {}
    for n, folder in sizes.items():
        for variant in ("session", "as-is", "streamed"):
            log(f"memory: {A2} N={n} {variant}")
            measure.wait_for_quiet()
            done = subprocess.run([sys.executable, str(HERE / "memory_a2.py"), str(folder), variant,
                                   str(work / f"mem-{n}-{variant}")], check=True, capture_output=True, text=True)
            out[f"{n}/{variant}"] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def floor_cli(folder: Path, jobs: int, out: Path) -> list[str]:
    return [sys.executable, str(FLOOR), str(folder), "--jobs", str(jobs), "--out", str(out)]


def floor_compare(sizes: list[int], repeat: int, work: Path) -> dict:
    """At each N: ``autograder run --jobs 2`` and the floor ``--jobs 2`` on the same a2 class, one
    right after the other in each of ``repeat`` rounds (the best of each kept), and on how many
    students the two gave the same score."""
    out = {}
    for n in sizes:
        folder = work / f"class-{A2}-{n}"
        if not folder.is_dir():
            generate.make_class(A2, n, folder)
        records = work / f"floor-{n}.jsonl"
        ours = floor = None
        for round_ in range(repeat):
            log(f"floor: {A2} N={n}, autograder run --jobs 2 then floor.py --jobs 2 (round {round_ + 1})")
            run = grade_class(A2, folder, n, 2, 1, work)
            ours = run if ours is None or run["wall"] < ours["wall"] else ours
            bare = timed_cli(floor_cli(folder, 2, records), 1)
            bare.update(n=n, jobs=2, rate=n / bare["wall"])
            floor = bare if floor is None or bare["wall"] < floor["wall"] else floor
        graded = {r["student_id"]: r["score"] for r in json.loads((work / f"out-{folder.name}-2" / "results.json").read_text())}
        bare_scores = {r["student_id"]: r["score"] for r in map(json.loads, records.read_text().splitlines())}
        same = sum(abs(graded.get(s, -1) - v) < 1e-6 for s, v in bare_scores.items())
        out[str(n)] = {"n": n, "run": ours, "floor": floor, "ratio": ours["rate"] / floor["rate"],
                       "same_scores": same, "floor_records": len(bare_scores)}
        log(f"floor: N={n}: run {ours['rate']:.1f} subs/s, floor {floor['rate']:.1f} subs/s, "
            f"ratio {out[str(n)]['ratio']:.2f}; same score for {same} of {len(bare_scores)}")
    return out


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def launch_to_first(command: list[str], path: Path, lines: int) -> dict:
    """Launch ``command``; seconds until ``path`` holds ``lines`` complete lines (polled every
    millisecond), and until the command exits."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = None
    while process.poll() is None:
        if first is None and _lines(path) >= lines:
            first = time.perf_counter() - started
        time.sleep(0.001)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"exit code {process.returncode}: {' '.join(command)}")
    return {"first": wall if first is None else first, "wall": wall, "seen": first is not None}


def first_records(folder: Path, n: int, repeat: int, work: Path) -> dict:
    """From launch to the first finished record, best of ``repeat``: ``autograder run --jobs 2``
    (its journal's first record line, after the header) and the floor ``--jobs 2`` (its first line)."""
    out = {"n": n}
    for label in ("run", "floor"):
        best = None
        for i in range(repeat):
            target = work / f"first-{label}-{i}"
            if label == "run":
                command, path, lines = autograder_run(A2, folder, 2, target), target / "journal.jsonl", 2
            else:
                command, path, lines = floor_cli(folder, 2, target.with_suffix(".jsonl")), target.with_suffix(".jsonl"), 1
            measure.wait_for_quiet()
            row = launch_to_first(command, path, lines)
            best = row if best is None or row["first"] < best["first"] else best
        out[label] = best
        log(f"first record, {label} --jobs 2, N={n}: {best}")
    return out


def check_time(work: Path, repeat: int = 3) -> dict:
    """``autograder check a2_functions`` on the reference's functions.py: best of ``repeat``."""
    reference = generate.EXAMPLES / A2 / "reference" / "functions.py"
    log(f"autograder check {A2} {reference} (best of {repeat})")
    return timed_cli([sys.executable, "-m", "autograder", "check", A2, str(reference)], repeat, cwd=work)


def one_student(work: Path, repeat: int = 3) -> dict:
    """One student's five assignments (the references, a folder each) in one ``autograder run
    all``, with ``--jobs 1`` and ``2``: first with a cache folder of its own that is empty (each
    assignment's preflight graded first), then again (each preflight found passed, best of
    ``repeat``); and each assignment in one warm process."""
    from autograder import preflight_cache
    from autograder.grading import Grader

    student = work / "one-student" / "alice"
    for assignment in ASSIGNMENTS:
        shutil.copytree(generate.EXAMPLES / assignment / "reference", student / assignment, dirs_exist_ok=True)
    rows = {}
    for jobs in (1, 2):
        env = {**os.environ, preflight_cache.ENV: str(work / f"one-cache-{jobs}")}
        command = [sys.executable, "-m", "autograder", "run", "all", str(student), "--jobs", str(jobs),
                   "--quiet", "--force", "--out", str(work / f"one-out-{jobs}")]
        log(f"one student: run all --jobs {jobs}, preflights not cached, then cached (best of {repeat})")
        first = timed_cli(command, 1, env=env)
        again = timed_cli(command, repeat, env=env)
        rows[str(jobs)] = {"uncached": first["wall"], "cached": again["wall"]}
    scores = {}
    for assignment in ASSIGNMENTS:
        grades = (work / "one-out-2" / assignment / "grades.csv").read_text().splitlines()
        scores[assignment] = grades[1].split(",")[1:3] if len(grades) > 1 else None
    measure.wait_for_quiet()
    warm = {}
    for assignment in ASSIGNMENTS:
        started = time.perf_counter()
        result = Grader(assignment, jobs=1).grade_one(generate.EXAMPLES / assignment / "reference")
        warm[assignment] = (time.perf_counter() - started, result.score, result.max_score)
    return {"run_all": rows, "warm": warm, "scores": scores}


def serve_compare(work: Path) -> dict:
    """``serve_load.py``: students uploading a2 over loopback to a real ``autograder serve
    --jobs 2`` (a lab session, then at capacity), and ``autograder run --jobs 2`` on the same
    submissions right after, in one run of its own (a subprocess)."""
    target = work / "serve.json"
    log("serve: serve_load.py (30 students, 300 uploads per phase, then autograder run on them)")
    measure.wait_for_quiet()
    subprocess.run([sys.executable, str(HERE / "serve_load.py"), "--json", str(target)], check=True,
                   stdout=subprocess.DEVNULL)
    data = json.loads(target.read_text())
    return {"saturate": data["saturate"]["throughput_steady"], "run": data["run"]["throughput"],
            "run_no_preflight": data["run_no_preflight"]["throughput"], "uploads": data["saturate"]["uploads"],
            "think_median": data["think"]["median"], "think_p95": data["think"]["p95"],
            "same_scores": data["saturate"]["scores"] == data["run"]["scores"] == data["think"]["scores"]}


def nbgrader_compare(n_notebooks: int, class_folder: Path, repeat: int, work: Path) -> dict:
    """Every student of the a2 class as a notebook: ``autograder run`` grades them all, nbgrader
    (slow: seconds per notebook) the first ``n_notebooks``; per-submission rates are compared."""
    import nbgrader_bench

    students = {p.name: (p / "functions.py").read_text() for p in sorted(class_folder.iterdir())}
    subset = dict(list(students.items())[:n_notebooks])
    out = {"n": len(subset), "n_ours": len(students)}
    for kind in ("autograder", "plain"):
        root = work / f"nbgrader-{kind}"
        log(f"nbgrader ({kind} course): layout and generate_assignment")
        nbgrader_bench.layout(kind, root)
        nbgrader_bench.submit(root, subset)
        log(f"nbgrader ({kind} course): autograde {len(subset)} notebooks")
        measure.wait_for_quiet()
        run = nbgrader_bench.autograde(root)
        out[kind] = {"wall": run.wall, "rate": len(subset) / run.wall, "scores": nbgrader_bench.scores(root),
                     "peak_kib": run.peak_kib}
    release = json.loads((work / "nbgrader-autograder" / "release" / A2 / f"{A2}.ipynb").read_text())
    for student, code in students.items():
        (work / "notebooks" / student).mkdir(parents=True, exist_ok=True)
        (work / "notebooks" / student / f"{A2}.ipynb").write_text(json.dumps(generate.to_notebook(release, code)))
    for jobs in (1, 2):
        log(f"autograder run on the {len(students)} notebooks, --jobs {jobs}")
        out[f"ours/{jobs}"] = grade_class(A2, work / "notebooks", len(students), jobs, repeat, work)
    ours = {r["student_id"]: r["score"] for r in json.loads((work / "out-notebooks-2" / "results.json").read_text())}
    out["same_scores"] = sum(ours.get(s) == v for s, v in out["autograder"]["scores"].items())
    return out


def dask_rates(folder: Path, n: int) -> dict:
    from distributed import LocalCluster

    from autograder import course
    from autograder.executors import grade_on_dask
    from autograder.submission import discover

    sources = discover(folder, course.get(A2))[:n]
    measure.wait_for_quiet()
    log(f"dask: {len(sources)} a2 submissions, LocalCluster started by grade_on_dask")
    started = time.perf_counter()
    grade_on_dask(A2, sources)
    cold = time.perf_counter() - started
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        grade_on_dask(A2, sources[:8], scheduler=cluster.scheduler_address, chunk=4)  # warm both sessions
        measure.wait_for_quiet()
        log(f"dask: {len(sources)} a2 submissions on a running cluster with warm sessions")
        started = time.perf_counter()
        grade_on_dask(A2, sources, scheduler=cluster.scheduler_address)
        warm = time.perf_counter() - started
    return {"n": len(sources), "cold_wall": cold, "cold_rate": len(sources) / cold,
            "warm_wall": warm, "warm_rate": len(sources) / warm}


def profile(folder: Path, n: int, repeat: int) -> dict:
    import profile_a2

    from autograder import course
    from autograder.submission import discover

    sources = discover(folder, course.get(A2))[:n]
    measure.wait_for_quiet()
    log(f"profile: {len(sources)} a2 submissions in this process")
    out = {"breakdown": profile_a2.breakdown(sources)}
    log("profile: what-if changes")
    measure.wait_for_quiet()
    out["what_if"] = {k: {"wall": w, "rate": len(sources) / w, "same_records": same}
                      for k, (w, same) in profile_a2.what_if(sources, repeat).items()}
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=100, help="students per assignment (default 100)")
    p.add_argument("--big", type=int, default=2000, help="the large a2 class for memory (default 2000)")
    p.add_argument("--nb", type=int, default=20, help="a2 notebooks for nbgrader autograde (default 20)")
    p.add_argument("--floor-n", type=int, default=400,
                   help="the a2 class run is compared with the floor on, besides --big (default 400)")
    p.add_argument("--repeat", type=int, default=2, help="runs per timing; the best is kept (default 2)")
    p.add_argument("--quick", action="store_true", help="small sizes (n=30, big=300, floor-n=100, nb=5, repeat=1)")
    p.add_argument("--quiet-wait", type=float, default=120.0,
                   help="seconds to wait at most for an idle machine before each timing (default 120)")
    p.add_argument("--no-dask", action="store_true", help="skip the dask measurement")
    p.add_argument("--no-serve", action="store_true", help="skip the serve measurement (serve_load.py)")
    p.add_argument("--results", default=str(HERE / "RESULTS.md"), help="the Markdown file to update")
    p.add_argument("--no-write", action="store_true", help="print the verdicts only: write neither --results nor last-run.json")
    p.add_argument("--keep", help="keep the generated classes and outputs in this folder")
    p.add_argument("--render", action="store_true", help="only rewrite --results from benchmarks/last-run.json")
    args = p.parse_args(argv)
    if args.render:
        data = json.loads((HERE / "last-run.json").read_text())
        report.write(Path(args.results), data, report.verdicts(data))
        return 0
    if args.quick:
        args.n, args.big, args.nb, args.repeat, args.quiet_wait = 30, 300, 5, 1, min(args.quiet_wait, 10.0)
        args.floor_n = 100
    measure.QUIET_WAIT = args.quiet_wait
    if any(not (generate.EXAMPLES / a / "reference").is_dir() for a in ASSIGNMENTS):
        log("bundled examples missing: running `autograder build`")
        subprocess.run([sys.executable, "-m", "autograder", "build"], check=True)
    work = Path(args.keep or tempfile.mkdtemp(prefix="ag-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # passed preflights are kept in the run's own folder: each assignment's first run grades its
    # preflight, later ones find it (as an instructor's second run does); one_student shows both
    os.environ[preflight_cache.ENV] = str(work / "preflight-cache")
    data = {"machine": machine(), "args": vars(args)}
    log(f"working in {work}")
    data["throughput"] = throughput(args.n, args.repeat, work)
    data["scaling"] = scaling(work / f"class-{A2}-{args.n}", args.repeat)
    data["memory"] = big_class(args.big, work)
    data["memory_variants"] = memory_variants({args.n: work / f"class-{A2}-{args.n}",
                                               args.big: work / f"class-{A2}-{args.big}"}, work)
    data["floor"] = floor_compare(sorted({args.floor_n, args.big}), args.repeat, work)
    data["first_record"] = first_records(work / f"class-{A2}-{args.n}", args.n, args.repeat, work)
    data["one_student"] = one_student(work)
    data["check"] = check_time(work)
    data["nbgrader"] = nbgrader_compare(args.nb, work / f"class-{A2}-{args.n}", args.repeat, work)
    if not args.no_serve:
        data["serve"] = serve_compare(work)
    if not args.no_dask:
        data["dask"] = dask_rates(work / f"class-{A2}-{args.n}", args.n)
    data["profile"] = profile(work / f"class-{A2}-{args.n}", min(args.n, 200), args.repeat)
    data["machine"]["load_after"] = os.getloadavg()
    verdicts = report.verdicts(data)
    for line in verdicts:
        print(line)
    if args.no_write:
        log("--no-write: RESULTS.md and last-run.json left as they were")
    else:
        report.write(Path(args.results), data, verdicts)
        (HERE / "last-run.json").write_text(json.dumps(data, indent=1, default=str) + "\n")
        log(f"wrote {args.results} and {HERE / 'last-run.json'}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
