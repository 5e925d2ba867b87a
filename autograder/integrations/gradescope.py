"""Build the Gradescope autograder bundle (``autograder.zip``) for one assignment.

Gradescope unzips the bundle into ``/autograder/source``, runs ``setup.sh`` once when it builds
the image, then ``run_autograder`` for each submission (working directory ``/autograder``;
the submission in ``/autograder/submission``; results in ``/autograder/results/results.json``).
The bundle holds::

    setup.sh              makes a venv with only what grading needs: requirements.txt, then the wheel
    requirements.txt      ``==`` pins of what grading imports (numpy, pytest, what the course imports)
                          and their dependencies, at the versions installed where the bundle was built
    package/<wheel>       this package, built here (``gradescope_wheel``), installed with --no-deps
    run_autograder        python -m autograder.integrations.gradescope_run --root /autograder
    gradescope.json       {"assignment", "lang", "salt"}: how to grade
    course/               the course folder, cut to this assignment and the ones it imports:
                          course.toml, source_lib/<a>/ (manifest, suite, mistakes…),
                          solutions/<a> (the hidden reference) and assignments/<a> (the stubs)

What grading imports was found by grading bundled examples in a venv holding only these pins:
the engine needs numpy and pytest (notebooks are read as JSON, without nbformat); nbgrader,
Jupyter, matplotlib, rich and scikit-learn are left out unless the course's own code imports
them (a5's training data, ``autograder.datasets``, needs scikit-learn's bundled digits).

``AUTOGRADER_GS_ROOT`` (or ``--root``) replaces ``/autograder``, ``AUTOGRADER_GS_PYTHON`` the venv's
interpreter and ``AUTOGRADER_GS_BASE_PYTHON`` the one setup.sh makes the venv with, so tests run
the bundle under a temporary root. The zip is deterministic (fixed timestamps, sorted entries)
and written atomically.
"""
from __future__ import annotations

import ast
import importlib.metadata as metadata
import json
import re
import sys
import zipfile
from pathlib import Path

from .. import course
from ..writers import atomic_file
from . import gradescope_wheel

PACKAGE_DIR = course.PACKAGE_DIR
SKIP = ("__pycache__", ".pytest_cache", ".ipynb_checkpoints")
STAMP = (2020, 1, 1, 0, 0, 0)
# What the engine itself imports while it grades (tomli: course.toml on Python 3.10).
GRADING = ("numpy", "pytest", *(("tomli",) if sys.version_info < (3, 11) else ()))
# Engine modules the course's code may import, and the distributions they import lazily.
ENGINE_EXTRAS = {"autograder.datasets": ("scikit-learn",)}
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image. It installs only what
# grading needs: requirements.txt (pinned to the versions this bundle was built with, on Python
# {python}) and this package's wheel from the bundle, without its other dependencies.
set -euo pipefail
ROOT="${{AUTOGRADER_GS_ROOT:-/autograder}}"
BASE="${{AUTOGRADER_GS_BASE_PYTHON:-python{python}}}"
if ! "$BASE" -c "import ensurepip, venv" 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -y
  apt-get install -y --no-install-recommends "python{python}" "python{python}-venv" || {{
    echo "setup.sh: this bundle's pins were made on Python {python}, which this image cannot install;" \\
         "build the bundle with the Python the image has" >&2; exit 1; }}
fi
"$BASE" -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --disable-pip-version-check --only-binary :all: \\
  -r "$ROOT/source/requirements.txt"
"$ROOT/venv/bin/python" -m pip install --disable-pip-version-check --no-deps --no-index \\
  "$ROOT/source/package/{wheel}"
# Preflight: the bundled reference must score full marks and the stub zero, here, in this image.
"$ROOT/venv/bin/python" -m autograder.integrations.gradescope_run --root "$ROOT" --preflight
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for each submission. Grades /autograder/submission and writes
# /autograder/results/results.json. AUTOGRADER_GS_ROOT replaces /autograder (for tests).
set -u
ROOT="${AUTOGRADER_GS_ROOT:-/autograder}"
PYTHON="${AUTOGRADER_GS_PYTHON:-$ROOT/venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
exec "$PYTHON" -m autograder.integrations.gradescope_run --root "$ROOT"
"""


class MissingPackage(LookupError):
    """Code in the bundle imports a package that is not installed here, so it cannot be pinned."""


def _add(zf: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    zf.writestr(info, data)


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(s in p.parts for s in SKIP)
                  and p.suffix not in (".pyc", ".pyo"))


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported(sources: dict[str, bytes]) -> dict[str, str]:
    """Every absolute module name the Python ``sources`` (name → code) import → the first file that does."""
    found: dict[str, str] = {}
    for name, code in sorted(sources.items()):
        for node in ast.walk(ast.parse(code, filename=name)):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            for module in modules:
                found.setdefault(module, name)
    return found


def needed(sources: dict[str, bytes]) -> list[str]:
    """The distributions grading imports, each once: the engine's, and those the course's ``sources`` import
    (their own modules, the standard library and this package's grading modules aside)."""
    local = {Path(name).stem for name in sources}
    owners = metadata.packages_distributions()
    wanted = list(GRADING)
    for module, where in imported(sources).items():
        top = module.split(".")[0]
        if top == "autograder":
            wanted += [d for prefix, dists in ENGINE_EXTRAS.items()
                       if module == prefix or module.startswith(prefix + ".") for d in dists]
        elif top not in local and top not in sys.stdlib_module_names:
            if top not in owners:
                raise MissingPackage(f"{where} imports {top}, which is not installed here, so the bundle "
                                     f"cannot pin it: install it and build again")
            wanted += owners[top]
    return list(dict.fromkeys(wanted))


def pins(roots: list[str]) -> list[str]:
    """``Name==version`` of ``roots`` and everything they require here, sorted, each once."""
    from packaging.requirements import Requirement  # pytest's own dependency: there wherever grading is

    found: dict[str, str] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        if _canonical(name) in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise MissingPackage(f"grading needs {name}, which is not installed here, so the bundle cannot "
                                 f"pin it: install it and build again") from None
        found[_canonical(name)] = f"{dist.metadata['Name']}=={dist.version}"
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return [found[key] for key in sorted(found)]


def requirements_txt(assignment_id: str, requires: list[str]) -> bytes:
    head = (f"# What grading {assignment_id} imports, pinned to the versions installed where this bundle "
            f"was built\n# (Python {sys.version.split()[0]}). setup.sh installs exactly these, then "
            f"package/ with --no-deps.\n")
    return (head + "".join(f"{r}\n" for r in requires)).encode()


def entries(assignment_id: str, *, lang: str = "en", salt: str) -> dict[str, tuple[bytes, bool]]:
    """Bundle path → (content, executable), for ``assignment_id``.
    Raises ``MissingPackage`` when grading imports a package not installed here."""
    assignment = course.get(assignment_id)
    files = {"gradescope.json": (json.dumps({"assignment": assignment_id, "lang": lang, "salt": salt},
                                            indent=2).encode() + b"\n", False)}
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
    requires = pins(needed({name: data for name, (data, _) in files.items() if name.endswith(".py")}))
    package = {f"autograder/{p.relative_to(PACKAGE_DIR).as_posix()}": p.read_bytes() for p in _tree(PACKAGE_DIR)}
    wheel, data = gradescope_wheel.build(PACKAGE_DIR.parent, package, requires)
    files.update({
        "setup.sh": (SETUP.format(python=PYTHON, wheel=wheel).encode(), True),
        "run_autograder": (RUN.encode(), True),
        "requirements.txt": (requirements_txt(assignment_id, requires), False),
        f"package/{wheel}": (data, False),
    })
    return files


def build_bundle(assignment_id: str, out: Path, *, lang: str = "en", salt: str) -> Path:
    """Write the bundle for ``assignment_id`` to ``out`` (a ``.zip``); return ``out``. ``salt`` is
    the course secret (``""`` only when the caller chose no salt). Raises ``FileNotFoundError``
    when the reference solutions have not been built and ``MissingPackage`` as ``entries``."""
    out = Path(out)
    files = entries(assignment_id, lang=lang, salt=salt)
    with atomic_file(out, binary=True) as f, zipfile.ZipFile(f, "w") as zf:
        for name in sorted(files):
            _add(zf, name, *files[name])
    return out
