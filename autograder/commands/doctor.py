"""``autograder doctor``: which protections confine a submission's worker on this machine, and why
any is missing.

Four steps, all run for real (``autograder/sandbox_audit.py`` and ``sandbox_verdict.py``, with
the attack catalogue ``autograder/worker/attacks.py``):

1. each protection is applied alone in a throwaway child: available or not, and why;
2. each available one is attacked in a child where it alone is applied (so one protection cannot
   hide another's failure): ``/etc/passwd`` is world-readable, so only Landlock can refuse it;
3. a submission in a real worker (the zygote, full confinement) tries every attack of the
   catalogue between two rounds of honest work, then the verdict the grading preflight asks;
4. the preflight of ``autograder run`` (``autograder.preflight``) for each assignment: its
   reference must score full marks and its stub zero, graded here.

Exit code 0 when everything available is enforced and every attack is refused; 1 otherwise
(``--strict``: also when a protection is missing).
"""
from __future__ import annotations

import os
import platform
import shutil
import sys
import tempfile

from .. import course, sandbox_audit, sandbox_verdict
from ..worker import confine

HELP = "show which protections confine student code on this machine, and why any is missing"


def add_arguments(p) -> None:
    p.add_argument("--strict", action="store_true", help="exit 1 if any protection is missing, not only if one fails")
    p.add_argument("--assignment", dest="assignments", action="append", choices=list(course.assignments()),
                   metavar="ID", help="preflight this assignment (repeatable; default: all)")
    p.add_argument("--no-preflight", action="store_true", help="do not grade the references and stubs")


def preflights(ids: list[str]) -> list[str]:
    """Run ``autograder run``'s preflight for each assignment; print each; return the failed ids."""
    from .. import preflight
    from ..grading import Grader

    print("\nPreflight (each reference must score full marks and its stub 0, graded here as `run` grades):")
    failed = []
    for assignment_id in ids:
        found = preflight.check(Grader(assignment_id, jobs=1), allow_unconfined=True)  # confinement: above
        ref, stub = found.reference, found.stub
        seen = ", ".join(f"{what} {r.score:g}/{r.max_score:g}" if r.graded else f"{what} {r.status}"
                         for what, r in (("reference", ref), ("stub", stub)) if r is not None)
        print(f"  {'passed' if found.ok else 'FAILED':9} {assignment_id:23} {seen}")
        for problem in found.problems:
            print(f"  {'':9} {'':23} {problem}")
        if not found.ok:
            failed.append(assignment_id)
    return failed


def audit(root: str) -> tuple[list[str], list[str]]:
    """Print the protections and the attacks in a real worker; answer (failures, missing)."""
    failures, missing = [], []
    with sandbox_audit.Targets(os.path.join(root, "checks")) as targets:
        print("\nProtections (each applied alone in a throwaway child, then checked):")
        for status, name, why, detail in sandbox_audit.protections(targets):
            print(f"  {status:9} {name:23} {why}")
            if detail is not None:
                print(f"  {'':9} {'':23} {detail}")
            if status == "MISSING":
                missing.append(name)
            elif status == "FAILED":
                failures.append(name)
        found, state = sandbox_audit.worker_attacks(targets, os.path.join(root, "worker"))
    print("\nAttacks tried by a probe submission in a real worker (zygote child, full confinement):")
    if state:
        print(f"  in force: {', '.join(state['in_force'])}; applied in {state['seconds'] * 1000:.2f} ms")
        for name, why in state.get("missing", {}).items():
            print(f"  not in force: {name}: {why}")
        if state.get("kept_caps"):
            print(f"  the child kept {state['kept_caps']}")
    rows, failed, absent = sandbox_audit.judge(found, state)
    for status, label, detail in rows:
        print(f"  {status:9} {label:32} {detail}")
    return failures + failed, missing + absent


def main(args) -> int:
    print("autograder doctor: how student code is confined on this machine")
    print(f"{platform.system()} {platform.release()} {platform.machine()}, Python {platform.python_version()}, "
          f"grader uid {os.geteuid()}, Landlock ABI {confine.LANDLOCK_ABI or 'none'}")
    if platform.system() != "Linux":
        print("only the resource limits apply outside Linux")
        return 1 if args.strict else 0
    root = tempfile.mkdtemp(prefix="ag-doctor-")
    try:
        failures, missing = audit(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    missing = [m for m in missing if m not in confine.FALLBACK]
    confined, reasons = sandbox_verdict.verdict()  # what `run` asks before grading, plus the attacks above
    if not args.no_preflight:
        failures += [f"the {a} preflight" for a in preflights(args.assignments or list(course.assignments()))]
    print()
    if failures or not confined:
        print("NOT CONFINED: " + "; ".join(reasons + [f"{f} does not hold" for f in failures]), file=sys.stderr)
        return 1
    if missing:
        print(f"missing here: {', '.join(missing)} (see docs/sandbox.md)")
        return 1 if args.strict else 0
    print("every protection is in force")
    return 0
