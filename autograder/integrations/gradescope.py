"""Build the Gradescope autograder bundle (``autograder.zip``) for one assignment.

Gradescope unzips the bundle into ``/autograder/source``, runs ``setup.sh`` once when it builds
the image, then ``run_autograder`` for each submission (working directory ``/autograder``;
the submission in ``/autograder/submission``; results in ``/autograder/results/results.json``).
The bundle holds::

    setup.sh              installs this package (from package/) and its dependencies (PyPI) in a venv
    run_autograder        python -m autograder.integrations.gradescope_run --root /autograder
    gradescope.json       {"assignment", "lang", "salt"}: how to grade
    package/              this package's source (pyproject.toml, README.md, autograder/)
    course/               the course folder, cut to this assignment and the ones it imports:
                          course.toml, source_lib/<a>/ (manifest, suite, mistakes…),
                          solutions/<a> (the hidden reference) and assignments/<a> (the stubs)

``AUTOGRADER_GS_ROOT`` (or ``--root``) replaces ``/autograder`` and ``AUTOGRADER_GS_PYTHON`` the
interpreter, so tests run the bundle under a temporary root. The zip is deterministic (fixed
timestamps, sorted entries) and written atomically.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from .. import course
from ..writers import atomic_file

PACKAGE_DIR = course.PACKAGE_DIR
SKIP = ("__pycache__", ".pytest_cache", ".ipynb_checkpoints")
STAMP = (2020, 1, 1, 0, 0, 0)

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -y
apt-get install -y --no-install-recommends python3 python3-venv python3-pip
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --upgrade pip
/autograder/venv/bin/pip install /autograder/source/package
# Preflight: the bundled reference must score full marks and the stub zero, here, in this image.
/autograder/venv/bin/python -m autograder.integrations.gradescope_run --root /autograder --preflight
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for each submission. Grades /autograder/submission and writes
# /autograder/results/results.json. AUTOGRADER_GS_ROOT replaces /autograder (for tests).
set -u
ROOT="${AUTOGRADER_GS_ROOT:-/autograder}"
PYTHON="${AUTOGRADER_GS_PYTHON:-/autograder/venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
exec "$PYTHON" -m autograder.integrations.gradescope_run --root "$ROOT"
"""

README = "# dlfs-autograder\n\nThe course autograder, bundled for Gradescope.\n"


def _add(zf: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    zf.writestr(info, data)


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(s in p.parts for s in SKIP)
                  and p.suffix not in (".pyc", ".pyo"))


def entries(assignment_id: str, *, lang: str = "en", salt: str = "") -> dict[str, tuple[bytes, bool]]:
    """Bundle path → (content, executable), for ``assignment_id``."""
    assignment = course.get(assignment_id)
    checkout = PACKAGE_DIR.parent
    files = {
        "setup.sh": (SETUP.encode(), True),
        "run_autograder": (RUN.encode(), True),
        "gradescope.json": (json.dumps({"assignment": assignment_id, "lang": lang, "salt": salt},
                                       indent=2).encode() + b"\n", False),
        "package/pyproject.toml": ((checkout / "pyproject.toml").read_bytes(), False),
        "package/README.md": ((checkout / "README.md").read_bytes() if (checkout / "README.md").is_file()
                              else README.encode(), False),
    }
    for path in _tree(PACKAGE_DIR):
        files[f"package/autograder/{path.relative_to(PACKAGE_DIR).as_posix()}"] = (path.read_bytes(), False)
    root = course.course_root()
    files["course/course.toml"] = ((root / "course.toml").read_bytes(), False)
    for dep in course.dependency_closure(assignment):
        for path in _tree(dep.folder):
            files[f"course/{course.SOURCE}/{dep.id}/{path.relative_to(dep.folder).as_posix()}"] = (path.read_bytes(), False)
        solutions = course.solutions_dir(dep.id)
        for module in dep.modules:
            files[f"course/solutions/{dep.id}/{module}.py"] = ((solutions / f"{module}.py").read_bytes(), False)
    release = course.release_dir(assignment_id)  # the stub modules, for the preflight in setup.sh
    for path in sorted(release.glob("*.py")) if release.is_dir() else []:
        files[f"course/assignments/{assignment_id}/{path.name}"] = (path.read_bytes(), False)
    return files


def build_bundle(assignment_id: str, out: Path, *, lang: str = "en", salt: str = "") -> Path:
    """Write the bundle for ``assignment_id`` to ``out`` (a ``.zip``); return ``out``.
    Raises ``FileNotFoundError`` when the reference solutions have not been built."""
    out = Path(out)
    files = entries(assignment_id, lang=lang, salt=salt)
    with atomic_file(out, binary=True) as f, zipfile.ZipFile(f, "w") as zf:
        for name in sorted(files):
            _add(zf, name, *files[name])
    return out
