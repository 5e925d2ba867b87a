"""Property tests: whatever files, names and notebooks arrive, loading ends in a record, not a crash."""
import json
import os
import string
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder import course, notebook
from autograder.submission import Staged, SubmissionError, discover, identity, stage

A = course.get("a3_gradient")  # two modules: the harder case
names = st.text(alphabet=string.ascii_letters + string.digits + "_-. 한글", min_size=1, max_size=20).filter(
    lambda n: n not in (".", "..") and not n.startswith("."))
contents = st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                     st.sampled_from([b"def numerical_gradient(f, x):\n    return x\n", b"\xff\xfe", b""]))
trees = st.dictionaries(names, st.one_of(contents, st.dictionaries(names, contents, max_size=4)), max_size=6)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20)
cell = st.fixed_dictionaries({"cell_type": st.sampled_from(["code", "markdown", "raw", 3]),
                              "source": st.one_of(st.text(max_size=80), st.lists(st.text(max_size=20), max_size=3),
                                                  json_values),
                              "metadata": st.one_of(json_values, st.fixed_dictionaries(
                                  {"autograder": st.one_of(json_values, st.fixed_dictionaries(
                                      {"module": st.one_of(st.sampled_from(["gradient", "optimizer", "_check", "x"]), json_values)})),
                                   "nbgrader": st.one_of(json_values, st.fixed_dictionaries(
                                       {"solution": st.one_of(st.booleans(), json_values)}))}))})
notebooks = st.one_of(json_values, st.fixed_dictionaries({"cells": st.lists(cell, max_size=5)}),
                      st.fixed_dictionaries({"cells": json_values}))


def write_tree(root: Path, tree: dict) -> None:
    for name, value in tree.items():
        if isinstance(value, dict):
            (root / name).mkdir(exist_ok=True)
            write_tree(root / name, value)
        elif not (root / name).is_dir():
            (root / name).write_bytes(value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees)
def test_any_file_tree_is_discovered_and_staged_or_refused_with_a_reason(tree):
    with tempfile.TemporaryDirectory() as tmp:
        root, dest = Path(tmp) / "subs", Path(tmp) / "staged"
        root.mkdir()
        write_tree(root, tree)
        before = sorted(p.relative_to(tmp) for p in Path(tmp).rglob("*"))
        sources = discover(root, A)
        assert_identities(sources)
        for n, source in enumerate(sources):
            try:
                staged = stage(source, A, dest / str(n))
            except SubmissionError as exc:
                assert exc.reason["en"] and exc.reason["ko"]
                assert exc.reason == source.rejection or source.rejection is None
                exc.reason["en"].encode("utf-8"), exc.reason["ko"].encode("utf-8")
                continue
            assert source.rejection is None
            assert isinstance(staged, Staged) and staged.present
            assert all((staged.directory / f"{m}.py").is_file() for m in staged.present)
        after = sorted(p.relative_to(tmp) for p in Path(tmp).rglob("*") if not p.is_relative_to(dest))
        assert after == before  # nothing written outside the staging folder


def assert_identities(sources, entries: int | None = None) -> None:
    """One source per entry; an id (up to look-alikes) two sources share is refused for each of them."""
    assert entries is None or len(sources) == entries
    shared = Counter(identity(s.student_id) for s in sources)
    for s in sources:
        s.student_id.encode("utf-8")
        assert (s.rejection is not None) >= (shared[identity(s.student_id)] > 1)
    accepted = [s.student_id for s in sources if s.rejection is None]
    assert len(set(accepted)) == len(accepted)


look_alikes = st.sampled_from(["alice", "Alice", "ALICE", "alice.py", "alice.ipynb", "Alice.py", "alice.txt",
                               "bob", "bob.py", "\uae40\ubbfc\uc9c0", unicodedata.normalize("NFD", "\uae40\ubbfc\uc9c0"),
                               "\uae40\ubbfc\uc9c0.py", "\uff41lice", "carol"])
entry_bytes = st.one_of(st.sampled_from([b"caf\xff", b"caf\xfe", b"caf\xff.py", "caf\ufffd".encode()]),
                        look_alikes.map(os.fsencode))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.sets(entry_bytes, min_size=1, max_size=6), kinds=st.lists(st.sampled_from(["file", "dir", "link"]),
                                                                          min_size=6, max_size=6))
def test_look_alike_and_undecodable_names_never_share_an_accepted_id(names, kinds):
    with tempfile.TemporaryDirectory() as tmp:
        root = os.fsencode(tmp) + b"/subs"
        os.mkdir(root)
        for raw, kind in zip(sorted(names), kinds):
            path = root + b"/" + raw
            if kind == "dir":
                os.mkdir(path)
                with open(path + b"/gradient.py", "wb") as f:
                    f.write(b"def numerical_gradient(f, x):\n    return x\n")
            elif kind == "link":
                os.symlink(tmp, path)
            else:
                with open(path, "wb") as f:
                    f.write(b"x = 1\n")
        sources = discover(Path(os.fsdecode(root)), A)
        assert_identities(sources, len(names))
        assert all(s.rejection for s in sources if s.path.is_symlink())


@settings(max_examples=300, deadline=None)
@given(nb=notebooks)
def test_any_notebook_json_gives_modules_or_a_clear_reason(nb):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sub.ipynb"
        path.write_text(json.dumps(nb))
        try:
            modules = notebook.extract(path, A)
        except notebook.NotebookError as exc:
            assert "not a readable notebook" in exc.reason["en"]
            return
        assert set(modules) <= set(A.modules)
        assert all(isinstance(text, str) for text in modules.values())
