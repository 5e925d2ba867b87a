"""A course author's slip in a declaration is a clear error naming the file, before anyone is graded.

Each broken ``mistakes.py`` (or ``course.toml``) below is caught by the preflight of ``autograder
run`` (exit 1, the file named, no traceback, no record written) or by loading the course (exit 2);
before, several stopped the batch midway with a pytest INTERNALERROR or silently turned the
diagnosis off (red team).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from autograder import cli

NAME = "a1_intro"


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course") / "course"
    assert cli.main(["new-assignment", NAME, "--course", str(root)]) == 0
    assert cli.main(["build", "--course", str(root)]) == 0
    return root


@pytest.fixture
def course_copy(scaffold, tmp_path) -> Path:
    import shutil

    root = tmp_path / "course"
    shutil.copytree(scaffold, root)
    return root


def run(root: Path, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "run", NAME, str(root / "examples" / "submissions" / NAME),
                           "--course", str(root), "--out", str(root / "out"), "--allow-unconfined", *extra],
                          capture_output=True, text=True, timeout=300)


def mistakes_file(root: Path) -> Path:
    return root / "source_lib" / NAME / "mistakes.py"


def edit(root: Path, old: str, new: str) -> None:
    path = mistakes_file(root)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


BROKEN = {
    "raises": ("MISTAKES = [", "1 / 0\nMISTAKES = ["),
    "declared twice": ("MISTAKES = [\n", "MISTAKES = [\n    Mistake('__ID__', hint={'en': 'a', 'ko': '가'}),\n"
                                         "    Mistake('__ID__', hint={'en': 'b', 'ko': '나'}),\n"),
    "names a list": ("costs={VECTOR_AND_BATCH: 1.0}),", "costs={VECTOR_AND_BATCH: 1.0}, names=['x']),"),
    "names nothing declared": ("MISTAKES = [\n", "MISTAKES = [\n    Mistake('other', 'intro', edits=[('np.mean(x, axis=-1, keepdims=True)', "
                                                 "'np.mean(x, axis=0, keepdims=True)')], names='no_such_hint'),\n"),
    "an edit that is not in the reference": ("edits=[(\"return x - np.mean(x, axis=-1, keepdims=True)\"",
                                             "edits=[(\"return x - np.median(x)\""),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_mistake_declaration_stops_the_batch_before_anyone_naming_the_file(course_copy, case):
    old, new = BROKEN[case]
    edit(course_copy, old, new.replace("__ID__", "twin"))
    done = run(course_copy)
    said = done.stdout + done.stderr
    assert done.returncode in (1, 2), said
    assert "mistakes.py" in said and "Traceback" not in said and "INTERNALERROR" not in said, said
    assert not (course_copy / "out" / "results.json").exists()


def test_the_same_mistake_id_in_two_assignments_is_named(course_copy):
    assert cli.main(["new-assignment", "a2_more", "--course", str(course_copy)]) == 0
    other = course_copy / "source_lib" / "a2_more" / "mistakes.py"
    text = other.read_text()
    mine = mistakes_file(course_copy).read_text()
    import re
    own_id = re.search(r'Mistake\("(\w+)"', mine).group(1)
    other.write_text(re.sub(r'Mistake\("(\w+)"', f'Mistake("{own_id}"', text, count=1))
    done = run(course_copy)
    said = done.stdout + done.stderr
    assert done.returncode in (1, 2) and "declared by two assignments" in said and "Traceback" not in said, said


def test_a_course_toml_whose_course_is_not_a_table_is_named(course_copy):
    (course_copy / "course.toml").write_text("course = 5\n")
    done = run(course_copy)
    assert done.returncode == 2 and "course.toml" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_the_scaffold_itself_passes(course_copy):
    done = run(course_copy)
    assert done.returncode == 0, done.stdout + done.stderr
