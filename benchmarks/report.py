"""Turn a benchmark run (``bench.py``'s data dict) into target verdicts and Markdown.

``write`` replaces only the text between ``BEGIN`` and ``END`` in RESULTS.md; what is written
around the markers by hand (the analysis) is kept.
"""
from __future__ import annotations

from pathlib import Path

BEGIN = "<!-- measured: begin (written by benchmarks/bench.py; edit outside these markers) -->"
END = "<!-- measured: end -->"
A2 = "a2_functions"


def _mib(kib: int) -> str:
    return f"{kib / 1024:.0f}"


def _verdict(name: str, measured: float, target: float, unit: str, at_least: bool) -> str:
    met = measured >= target if at_least else measured <= target
    if met:
        return f"MET     {name}: {measured:.3g}{unit} (target {'≥' if at_least else '≤'} {target:g}{unit})"
    short = (target - measured) / target if at_least else (measured - target) / target
    return (f"MISSED  {name}: {measured:.3g}{unit}, target {'≥' if at_least else '≤'} {target:g}{unit} "
            f"— {'short' if at_least else 'over'} by {abs(short):.0%}")


def verdicts(data: dict) -> list[str]:
    t, mem, nb = data["throughput"], data["memory"], data["nbgrader"]
    n, big = data["args"]["n"], data["args"]["big"]
    return _floor_verdicts(data) + _check_verdicts(data) + _one_student_verdicts(data) + _serve_verdicts(data) + [
        _verdict(f"autograder run --jobs 2 ({nb['n_ours']} a2 notebooks) vs nbgrader autograde ({nb['n']} of them)",
                 nb["ours/2"]["rate"] / nb["autograder"]["rate"], 80, "×", True),
    ] + _earlier_verdicts(t, mem, n, big)


def _floor_verdicts(data: dict) -> list[str]:
    """run / floor at each N (≥ 0.5×), run's first record within 0.2 s of the floor's."""
    lines = []
    for key, row in sorted(data.get("floor", {}).items(), key=lambda kv: int(kv[0])):
        lines.append(_verdict(f"a2 autograder run --jobs 2 / floor --jobs 2, N={key} "
                              f"({row['run']['rate']:.1f} vs {row['floor']['rate']:.1f} subs/s)",
                              row["ratio"], 0.5, "×", True))
        lines.append(f"INFO    floor and run gave the same score to {row['same_scores']} of {row['floor_records']} "
                     f"students, N={key}")
    first = data.get("first_record")
    if first:
        lines.append(_verdict(f"a2 first record from launch, run − floor, --jobs 2, N={first['n']} "
                              f"({first['run']['first']:.2f} vs {first['floor']['first']:.2f} s)",
                              first["run"]["first"] - first["floor"]["first"], 0.2, " s", False))
    return lines


def _one_student_verdicts(data: dict) -> list[str]:
    one = data["one_student"]
    if "run_all" not in one:  # a run before `run all`: five `autograder run`s
        return [_verdict("one student, five assignments (five `autograder run`s)", sum(one["cli"].values()), 3, " s", False)]
    rows = one["run_all"]
    return [
        _verdict("one student, five assignments, one `autograder run all --jobs 2` (preflights cached)",
                 rows["2"]["cached"], 3, " s", False),
        f"INFO    the same with --jobs 1: {rows['1']['cached']:.2f} s; preflights not yet cached: "
        f"{rows['2']['uncached']:.2f} s (--jobs 2), {rows['1']['uncached']:.2f} s (--jobs 1)",
    ]


def _serve_verdicts(data: dict) -> list[str]:
    serve = data.get("serve")
    if not serve:
        return []
    return [
        _verdict(f"a2 serve --jobs 2 (saturated, steady) / run --jobs 2, {serve['uploads']} submissions "
                 f"({serve['saturate']:.1f} vs {serve['run']:.1f} subs/s)", serve["saturate"] / serve["run"], 0.8, "×", True),
        f"INFO    serve, a lab session (30 students, ~1 s between a result and the next upload): upload to result "
        f"median {serve['think_median']:.2f} s, p95 {serve['think_p95']:.2f} s; same scores as run: "
        f"{'yes' if serve['same_scores'] else 'NO'}",
    ]


def _check_verdicts(data: dict) -> list[str]:
    check = data.get("check")
    if not check:
        return []
    return [_verdict("autograder check a2_functions (reference functions.py), best of 3", check["wall"], 1, " s", False)]


def _earlier_verdicts(t: dict, mem: dict, n: int, big: int) -> list[str]:
    """The targets of the issues before 15 (throughput in subs/s, memory, scaling)."""
    rss1 = mem["1"]["peak_kib"]["grader"] / t[f"{A2}/1"]["peak_kib"]["grader"]
    rss2 = mem["2"]["peak_kib"]["grader"] / t[f"{A2}/2"]["peak_kib"]["grader"]
    sessions = mem["2"]["peak_kib"]["jobs"] / max(1, t[f"{A2}/2"]["peak_kib"]["jobs"])
    return [
        _verdict(f"a2 --jobs 2, N={n}", t[f"{A2}/2"]["rate"], 50, " subs/s", True),
        _verdict(f"a2 --jobs 2, N={big}", mem["2"]["rate"], 50, " subs/s", True),
        _verdict(f"grader RSS N={big} / N={n}, --jobs 1 (the `autograder run` process)", rss1, 1.2, "×", False),
        _verdict(f"grader RSS N={big} / N={n}, --jobs 2 (the `autograder run` process)", rss2, 1.2, "×", False),
        f"INFO    --jobs 2 grading processes alone (the sessions), N={big} / N={n}: {sessions:.2f}×",
        _verdict(f"a2 --jobs 2 / --jobs 1, N={n}", t[f"{A2}/2"]["rate"] / t[f"{A2}/1"]["rate"], 1.7, "×", True),
        _verdict(f"a2 --jobs 2 / --jobs 1, N={big}", mem["2"]["rate"] / mem["1"]["rate"], 1.7, "×", True),
    ]


def _machine(m: dict) -> list[str]:
    load = lambda values: " / ".join(f"{v:.2f}" for v in values)  # noqa: E731
    return [f"- Date: {m['date']}", f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB, Linux {m['kernel']}",
            f"- Python {m['python']}, numpy {m['numpy']}, pytest {m['pytest']}, distributed {m['distributed']}, "
            f"nbgrader {m['nbgrader']}",
            f"- Checkout: {m.get('commit', 'unknown')}",
            f"- Load average (1/5/15 min) before: {load(m['load_before'])}; after: {load(m.get('load_after', []))}"]


def _throughput(data: dict) -> list[str]:
    t = data["throughput"]
    rows = ["| assignment | --jobs 1 subs/s | --jobs 2 subs/s | jobs 2 / jobs 1 | wall per submission, jobs 1 (ms) "
            "| median in-session time per submission (s) | records / errors |", "|---|---|---|---|---|---|---|"]
    for key in sorted({k.split("/")[0] for k in t}):
        one, two = t[f"{key}/1"], t[f"{key}/2"]
        rows.append(f"| {key} | {one['rate']:.1f} | {two['rate']:.1f} | {two['rate'] / one['rate']:.2f} | "
                    f"{1000 * one['wall'] / one['n']:.0f} | {one['median_duration']:.3f} | "
                    f"{one['records']} / {one['errors']} |")
    return rows


def _scaling(data: dict) -> list[str]:
    sc = data["scaling"]
    rows = ["| a2, `Grader(jobs=J).grade` in one process | total (s) | until the first record (s) | "
            "steady state after it (subs/s) |", "|---|---|---|---|"]
    for jobs in ("1", "2", "2 pinned"):
        r = sc[jobs]
        label = "--jobs 2, spawned job pinned again by the benchmark (no change: pinning is the default)" if jobs == "2 pinned" else f"--jobs {jobs}"
        rows.append(f"| {label} | {r['total']:.2f} | {r['first']:.2f} | {r['steady_rate']:.1f} |")
    for jobs in ("2", "2 pinned"):
        rows.append(f"| ratio --jobs {jobs} / --jobs 1 | {sc['1']['total'] / sc[jobs]['total']:.2f}× | | "
                    f"{sc[jobs]['steady_rate'] / sc['1']['steady_rate']:.2f}× |")
    return rows


def _memory(data: dict) -> list[str]:
    t, mem, n, big = data["throughput"], data["memory"], data["args"]["n"], data["args"]["big"]
    rows = ["| run | wall (s) | subs/s | grader (MiB) | largest job process (MiB) | zygote (MiB) | "
            "largest submission child (MiB) | ru_maxrss, any process (MiB) |", "|---|---|---|---|---|---|---|---|"]
    for label, run in ((f"N={n} --jobs 1", t[f"{A2}/1"]), (f"N={n} --jobs 2", t[f"{A2}/2"]),
                       (f"N={big} --jobs 1", mem["1"]), (f"N={big} --jobs 2", mem["2"])):
        peak = run["peak_kib"]
        rows.append(f"| a2 {label} | {run['wall']:.1f} | {run['rate']:.1f} | {_mib(peak['grader'])} | "
                    f"{_mib(peak['jobs']) if peak['jobs'] else '–'} | {_mib(peak['zygote'])} | "
                    f"{_mib(peak['children'])} | {_mib(run['ru_maxrss_kib'])} |")
    return rows


def _memory_variants(data: dict) -> list[str]:
    v, n, big = data["memory_variants"], data["args"]["n"], data["args"]["big"]
    rows = [f"| --jobs 1, in one fresh process (`memory_a2.py`) | N={n} (MiB) | N={big} (MiB) | N={big} / N={n} |",
            "|---|---|---|---|"]
    labels = {"session": "the grading session alone (records dropped once made)",
              "as-is": "as `Grader.grade` + `results_json.write` (streamed)",
              "streamed": "with the benchmark's own streamed writer (results_json.write streams now: same)"}
    for variant, label in labels.items():
        small, large = v[f"{n}/{variant}"]["hwm_kib"], v[f"{big}/{variant}"]["hwm_kib"]
        rows.append(f"| {label} | {_mib(small)} | {_mib(large)} | {large / small:.2f}× |")
    return rows


def _floor(data: dict) -> list[str]:
    fl = data.get("floor")
    if not fl:
        return ["(not measured in this run)"]
    rows = ["| a2, --jobs 2 | N | run wall (s) | run subs/s | floor wall (s) | floor subs/s | run / floor | "
            "same score |", "|---|---|---|---|---|---|---|---|"]
    for key, row in sorted(fl.items(), key=lambda kv: int(kv[0])):
        run, floor = row["run"], row["floor"]
        rows.append(f"| `autograder run` vs `floor.py` | {key} | {run['wall']:.2f} | {run['rate']:.1f} | "
                    f"{floor['wall']:.2f} | {floor['rate']:.1f} | {row['ratio']:.2f}× | "
                    f"{row['same_scores']} / {row['floor_records']} |")
    first = data.get("first_record")
    if first:
        rows += ["", f"| from launch, --jobs 2, N={first['n']} | first record (s) | all done (s) |", "|---|---|---|"]
        for label, name in (("run", "`autograder run` (its journal's first record)"),
                            ("floor", "`floor.py` (its first record line)")):
            r = first[label]
            rows.append(f"| {name} | {r['first']:.3f}{'' if r['seen'] else ' (not seen before the end)'} | "
                        f"{r['wall']:.2f} |")
    check = data.get("check")
    if check:
        rows += ["", f"`autograder check a2_functions` on the reference's functions.py: {check['wall']:.2f} s "
                     f"(best of 3)."]
    return rows


def _one_student(data: dict) -> list[str]:
    one = data["one_student"]
    if "run_all" not in one:
        return []
    rows = ["| `autograder run all` on one student's five folders | --jobs 1 (s) | --jobs 2 (s) |", "|---|---|---|"]
    for label, key in (("preflights not yet cached (each graded first)", "uncached"),
                       ("preflights cached (the same command again)", "cached")):
        rows.append(f"| {label} | {one['run_all']['1'][key]:.2f} | {one['run_all']['2'][key]:.2f} |")
    rows += ["", "| assignment | in one warm process (s) | score |", "|---|---|---|"]
    for a, (wall, score, total) in one["warm"].items():
        rows.append(f"| {a} | {wall:.2f} | {score:g} / {total:g} |")
    rows.append(f"| **all five** | **{sum(w[0] for w in one['warm'].values()):.2f}** | |")
    return rows


def _serve(data: dict) -> list[str]:
    serve = data.get("serve")
    if not serve:
        return []
    return ["| a2, 300 submissions, --jobs 2 | subs/s |", "|---|---|",
            f"| `autograder serve`, 30 students always with an upload in flight (steady part) | {serve['saturate']:.1f} |",
            f"| `autograder run` on the same submissions (its preflight cached) | {serve['run']:.1f} |",
            f"| `autograder run --no-preflight` | {serve['run_no_preflight']:.1f} |"]


def _nbgrader(data: dict) -> list[str]:
    nb = data["nbgrader"]
    rows = ["| grading a2 notebooks | notebooks | wall (s) | subs/s | autograder run --jobs 2 is … faster |",
            "|---|---|---|---|---|"]
    for label, key, n in (("nbgrader autograde, `autograder nbgrader-course` layout", "autograder", nb["n"]),
                          ("nbgrader autograde, plain assert cells (minimal course)", "plain", nb["n"]),
                          ("autograder run --jobs 1", "ours/1", nb["n_ours"]),
                          ("autograder run --jobs 2", "ours/2", nb["n_ours"])):
        run = nb[key]
        rows.append(f"| {label} | {n} | {run['wall']:.1f} | {run['rate']:.2f} | "
                    f"{nb['ours/2']['rate'] / run['rate']:.1f}× |")
    rows.append(f"\n{nb['same_scores']} of {nb['n']} notebooks got the same score from nbgrader (autograder layout) "
                f"as from `autograder run`. The notebooks are the class's a2 submissions, each put into the "
                f"released notebook's solution cells.")
    return rows


def _dask(data: dict) -> list[str]:
    d = data.get("dask")
    if not d:
        return ["(skipped: --no-dask)"]
    return ["| grade_on_dask, a2 | wall (s) | subs/s |", "|---|---|---|",
            f"| N={d['n']}, LocalCluster(2 processes) started and closed by the call | {d['cold_wall']:.1f} | "
            f"{d['cold_rate']:.1f} |",
            f"| N={d['n']}, running cluster, warm sessions | {d['warm_wall']:.1f} | {d['warm_rate']:.1f} |"]


def _profile(data: dict) -> list[str]:
    from profile_a2 import BUCKETS

    b = data["profile"]["breakdown"]
    total = sum(b["per_submission_ms"].values())
    rows = [f"In-process `run_job` (as `--jobs 1`), {b['n']} a2 submissions, {b['wall']:.1f} s, "
            f"{b['requests_per_submission']} worker requests per submission. Session start: "
            f"{b['session_start_ms']} ms once.", "",
            "| per submission | ms | share | what |", "|---|---|---|---|"]
    for bucket, ms in sorted(b["per_submission_ms"].items(), key=lambda kv: -kv[1]):
        rows.append(f"| {bucket} | {ms:.1f} | {ms / total:.0%} | {BUCKETS[bucket]} |")
    rows.append(f"| **total** | **{total:.1f}** | | |")
    rows += ["", "| change (monkeypatched, files untouched) | wall (s) | subs/s | gain | same records |",
             "|---|---|---|---|---|"]
    w = data["profile"]["what_if"]
    base = w["as is"]["rate"]
    for change, run in w.items():
        rows.append(f"| {change} | {run['wall']:.2f} | {run['rate']:.1f} | {run['rate'] / base - 1:+.0%} | "
                    f"{'yes' if run['same_records'] else 'NO'} |")
    return rows


def markdown(data: dict, verdict_lines: list[str]) -> str:
    sections = [
        ("Machine", _machine(data["machine"])),
        ("Targets", ["```", *verdict_lines, "```"]),
        ("The floor (`benchmarks/floor.py`) and `autograder run`, same a2 classes, one after the other",
         _floor(data)),
        (f"Throughput, N={data['args']['n']} per assignment (`autograder run … --quiet`, best of "
         f"{data['args']['repeat']})", _throughput(data)),
        ("Start-up and steady state, a2", _scaling(data)),
        ("Peak memory (VmHWM) of the a2 grading processes", _memory(data)),
        ("What the grading process's peak is made of", _memory_variants(data)),
        ("One student, all five assignments (reference submissions)", _one_student(data)),
        ("nbgrader autograde on the same a2 submissions, as notebooks", _nbgrader(data)),
        ("`autograder serve` and `autograder run` on the same a2 submissions (`serve_load.py`)", _serve(data)),
        ("dask (`autograder.executors.grade_on_dask`)", _dask(data)),
        ("Profile: where an a2 submission's time goes", _profile(data)),
    ]
    body = [BEGIN, ""]
    for title, lines in sections:
        body += [f"### {title}", "", *lines, ""]
    return "\n".join(body + [END])


def write(path: Path, data: dict, verdict_lines: list[str]) -> None:
    measured = markdown(data, verdict_lines)
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmark results\n\n{BEGIN}\n{END}\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + measured + rest.split(END, 1)[1]
    else:
        text += "\n" + measured + "\n"
    path.write_text(text, encoding="utf-8")
