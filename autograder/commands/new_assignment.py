"""``autograder new-assignment NAME``: scaffold a working assignment folder ``COURSE/source_lib/NAME/``.

The folder (from ``autograder/templates/new_assignment/``) holds one annotated module with one
function, one public test, one hidden suite test and one declared mistake the test names: it
builds, and grades its reference to full marks, its stub to 0 and its mistake to its declared
cost, so an author starts from something that works and edits it. The course folder is
``--course DIR``, else ``$AUTOGRADER_COURSE``, else the current directory; one without a
``course.toml`` gets one (so this command also starts a course). Nothing outside
``source_lib/NAME/`` is written, except that first ``course.toml``.
"""
from __future__ import annotations

import importlib.util
import json
import keyword
import os
import re
import sys
from pathlib import Path

from .. import course

HELP = "scaffold a new assignment folder source_lib/NAME/ (and course.toml in a folder that has none)"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "new_assignment"
MAKES_COURSE = True  # cli: --course DIR may name a folder that is not a course yet
# template → file of the assignment folder; module.py becomes <module>.py
FILES = {
    "assignment.toml.tmpl": "assignment.toml",
    "module.py.tmpl": "{module}.py",
    "tests/test_module.py.tmpl": "tests/test_{module}.py",
    "suite/test_suite.py.tmpl": "suite/test_{name}.py",
    "mistakes.py.tmpl": "mistakes.py",
}
# names a student's module must not take: it would shadow what the grader or the reference imports
RESERVED = {"numpy", "pytest", "autograder", "conftest", "tests", "suite", "mistakes", "figures", "testfuncs"}


def add_arguments(p) -> None:
    p.add_argument("name", metavar="NAME", help="the assignment id: a Python identifier, e.g. a1_intro")
    p.add_argument("--title", help="the title in English (default: NAME with spaces)")
    p.add_argument("--title-ko", help="the title in Korean (default: none, the English one is shown)")
    p.add_argument("--module", help="the module students hand in, without .py (default: NAME without a "
                   "leading 'a<number>_', e.g. a1_intro → intro)")


def course_folder() -> Path:
    """``--course DIR`` (cli sets ``$AUTOGRADER_COURSE`` from it), else the current directory."""
    return Path(os.environ.get(course.ENV) or ".").resolve()


def _module_name(name: str) -> str:
    return re.sub(r"^a\d+_", "", name) or name


def _refusal(name: str, module: str, root: Path) -> str | None:
    """Why NAME or its module cannot be added to the course at ``root`` (None: it can)."""
    for what, value in (("assignment name", name), ("module name", module)):
        if not value.isidentifier() or keyword.iskeyword(value) or not value.isascii():
            return f"the {what} {value!r} is not a Python identifier (letters, digits and _, not a keyword)"
    if name in course.RESERVED_IDS:
        return f"the assignment name {name!r} is taken: `autograder run {name}` grades every assignment"
    if (root / course.SOURCE / name).exists():
        return f"{root / course.SOURCE / name} exists already: choose another NAME"
    if module in RESERVED or module in sys.stdlib_module_names or importlib.util.find_spec(module) is not None:
        return f"the module name {module!r} is taken by an installed or standard module: choose another with --module"
    if (root / "course.toml").is_file():
        taken = {m: a.id for a in course.load(root).assignments.values() for m in a.modules}
        if module in taken:
            return f"the module name {module!r} is a module of {taken[module]} already: choose another with --module"
    return None


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"__{key}__", value)
    return text


def scaffold(root: Path, name: str, title: str, title_ko: str | None, module: str) -> list[Path]:
    """Write ``root/source_lib/name/`` (and ``root/course.toml`` when missing); return the files written."""
    titles = {"en": title} | ({"ko": title_ko} if title_ko else {})
    values = {
        "NAME": name, "MODULE": module, "TITLE": title, "TITLE_KO": title_ko or "",
        "MISTAKE": f"{name}_whole_mean",  # a mistake id is unique in a course: its hint is found by it
        "TITLE_TABLE": "{ " + ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in titles.items()) + " }",
        "COURSE_TITLE": json.dumps(root.name or "course", ensure_ascii=False),
    }
    written = []
    if not (root / "course.toml").is_file():
        root.mkdir(parents=True, exist_ok=True)
        (root / "course.toml").write_text(_fill((TEMPLATES / "course.toml.tmpl").read_text(encoding="utf-8"), values),
                                          encoding="utf-8")
        written.append(root / "course.toml")
    folder = root / course.SOURCE / name
    for template, target in FILES.items():
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        if not title_ko:  # no Korean title: no line for it
            text = text.replace("# __TITLE_KO__\n", "")
        text = _fill(text, values)
        path = folder / target.format(module=module, name=name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(args) -> int:
    root = course_folder()
    module = args.module or _module_name(args.name)
    try:
        refusal = _refusal(args.name, module, root)
    except course.CourseError as exc:
        refusal = str(exc)
    if refusal:
        print(f"autograder: {refusal}", file=sys.stderr)
        return 2
    written = scaffold(root, args.name, args.title or args.name.replace("_", " "), args.title_ko, module)
    for path in written:
        print(f"wrote {path}")
    flag = f" --course {root}"
    print(f"""
Next:
  1. edit {root / course.SOURCE / args.name}/: the module {module}.py (its solution between
     ### BEGIN SOLUTION and ### END SOLUTION), tests/, suite/ and mistakes.py
     (guide: docs/writing-assignments.md)
  2. autograder build{flag}
  3. autograder run {args.name} {root / 'examples' / 'submissions' / args.name}{flag}
     (the reference earns full marks, the stub 0, {args.name}_whole_mean loses its declared cost)""")
    return 0
