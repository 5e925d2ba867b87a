"""What a child may read and what it must not even see, worked out once in the zygote before any fork.

The Landlock read rules (``landlock-files``): the Python installation and the shared libraries
minus the hidden trees, and the worker runtime. The hidden trees (``hide-paths``, and what the
read rules leave out): the autograder package and each course root with its secret folders,
wherever they lie; per child, the scratch folders beside its own. ``confine`` applies both.
"""
from __future__ import annotations

import os
import sys

from . import landlock


def inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip("/") + "/")


def _installation() -> tuple[list[str], list[str]]:
    """The Python installation's trees: the prefixes, and the sys.path folders of installed packages
    (``site-packages``/``dist-packages`` or beneath a prefix). A source checkout on sys.path
    (an editable install, pytest's rootdir) is not part of it."""
    prefixes = []
    for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix):
        p = os.path.realpath(p)
        if p not in prefixes and p != "/" and os.path.isdir(p):
            prefixes.append(p)
    listable = []
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        p = os.path.realpath(entry)
        parts = p.split(os.sep)
        if any(inside(p, pre) for pre in prefixes) or "site-packages" in parts or "dist-packages" in parts:
            if p not in listable and p != "/":
                listable.append(p)
    return prefixes, listable


def _grant_tree(tree: str, excluded: list[str], access: int, listable: set, out: list, depth: int = 0) -> None:
    """Grant ``tree`` minus ``excluded`` subtrees: whole when none is beneath it, else entry by
    entry (Landlock rules only add). Folders Python lists to import from stay listable."""
    if any(inside(tree, e) for e in excluded):
        return
    if not any(inside(e, tree) for e in excluded):
        out.append((tree, access))
        return
    if tree in listable:
        out.append((tree, landlock.READ_DIR))
    if depth > 6:
        return
    try:
        names = sorted(os.listdir(tree))
    except OSError:
        return
    for name in names:
        path = os.path.realpath(os.path.join(tree, name))
        if inside(path, tree) and path != tree:
            _grant_tree(path, excluded, access, listable, out, depth + 1)


def _shared_library_dirs() -> list[str]:
    dirs = ["/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib"]
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                fields = line.split(None, 5)
                path = fields[5].strip() if len(fields) == 6 else ""
                if path.startswith("/") and ".so" in os.path.basename(path) and os.path.isfile(path):
                    dirs.append(os.path.dirname(path))
    except OSError:
        pass
    return [d for d in dict.fromkeys(os.path.realpath(d) for d in dirs) if os.path.isdir(d)]


COURSE_ROOT_ENV = "AUTOGRADER_COURSE"  # course.course_root()'s override, passed on to the zygote
SECRET_FOLDERS = ("solutions", "source_lib", "examples")  # of a course root, hidden wherever it lies
SITE_NAMES = ("site-packages", "dist-packages")


def _installation_folder(path: str, prefixes: list[str]) -> bool:
    """Whether ``path`` is itself a folder of the installation (a prefix, a site or stdlib folder):
    the folder holding the package of a normal install, never a source checkout."""
    import sysconfig

    stdlib = {os.path.realpath(p) for key, p in sysconfig.get_paths().items() if "stdlib" in key or "lib" in key}
    return path in prefixes or os.path.basename(path) in SITE_NAMES or path in stdlib


def _hidden_trees(package: str, prefixes: list[str]) -> list[str]:
    """The trees no child may read or see, wherever they lie (inside the Python prefix too): the
    autograder package (the worker runtime is granted apart), the course root (the checkout the
    package came from, and ``$AUTOGRADER_COURSE_ROOT``) unless it is an installation folder
    itself (``site-packages`` of a normal install), and each course root's secret folders."""
    roots = [os.path.dirname(package)]
    if os.environ.get(COURSE_ROOT_ENV):
        roots.append(os.path.realpath(os.environ[COURSE_ROOT_ENV]))
    hidden = [package]
    for root in roots:
        if not _installation_folder(root, prefixes):
            hidden.append(root)
        hidden += [os.path.join(root, name) for name in SECRET_FOLDERS]
    return [h for h in dict.fromkeys(hidden) if h != "/" and os.path.exists(h)]


def _static_rules() -> tuple[list[tuple[str, int]], list[str]]:
    """Landlock rules that are the same for every child, and the folders nobody must reach.

    Each allowed tree (a prefix, a site folder, a shared-library folder) is granted minus the
    hidden trees beneath it. Nearest wins: a prefix inside a hidden checkout (a ``.venv`` in it)
    is still granted; a hidden checkout inside a prefix (``/usr/src/app`` under ``/usr``) stays
    hidden, even when it is on ``sys.path``."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # autograder/
    prefixes, listable = _installation()
    hidden = _hidden_trees(package, prefixes)

    def under_hidden(path: str) -> bool:
        return any(inside(path, h) for h in hidden)

    roots = ([(p, set(listable)) for p in prefixes]
             + [(p, set(listable)) for p in listable if not under_hidden(p) or os.path.basename(p) in SITE_NAMES]
             + [(d, set()) for d in _shared_library_dirs() if not under_hidden(d)])
    rules: list[tuple[str, int]] = []
    for tree, folders in roots:
        if tree not in hidden:
            _grant_tree(tree, [h for h in hidden if h != tree and inside(h, tree)], landlock.READ, folders, rules)
    runtime = [os.path.join(package, "__init__.py"), os.path.join(package, "wire.py"),
               os.path.join(package, "worker")]
    rules += [(p, landlock.READ) for p in runtime]
    rules += [(p, landlock.READ_FILE) for p in ("/etc/ld.so.cache", "/etc/localtime", "/dev/urandom", "/dev/random")]
    rules += [(p, landlock.READ_FILE | landlock.WRITE_FILE | landlock.TRUNCATE | landlock.IOCTL_DEV)
              for p in ("/dev/null", "/dev/zero")]
    rules += [("/sys/devices/system/cpu", landlock.READ)]  # os.cpu_count()
    rules = [(p, a) for p, a in dict.fromkeys(rules) if os.path.exists(p)]
    rules = [(p, a) for p, a in rules  # drop what a rule on a parent folder already grants
             if not any(q != p and inside(p, q) and b & a == a for q, b in rules)]
    return rules, prefixes + runtime


try:
    STATIC_RULES, STATIC_READS = _static_rules()
    RULES_WHY = ""
except Exception as _exc:  # the zygote must start whatever happens here; Landlock is then skipped
    STATIC_RULES, STATIC_READS = [], []
    RULES_WHY = f"could not list the paths to allow: {_exc}"


def _static_masks() -> tuple[list[str], list[str], str]:
    """The trees each child hides (``hide-paths``), the static paths beneath them it must still
    reach (the worker runtime; a ``.venv`` in the checkout), and why nothing is hidden when so."""
    if not sys.platform.startswith("linux"):
        return [], [], "mount namespaces are Linux-only"
    if not STATIC_RULES:
        return [], [], "the paths to allow could not be listed, so those to keep could not be either"
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    hidden = _hidden_trees(package, _installation()[0])
    return hidden, [p for p, _ in STATIC_RULES if any(inside(p, h) for h in hidden)], ""


STATIC_HIDDEN, STATIC_KEEPS, HIDE_WHY = _static_masks()


def _ancestors(paths: list[str]) -> set[str]:
    found = {"/"}
    for path in paths:
        while path not in found:
            found.add(path)
            path = os.path.dirname(path)
    return found


# A per-child mask never covers a path every child reads (a scratch root of / or /root): computed
# here once, so that the child only looks folders up in a set (Python work in a fresh fork is
# dear: every first touch of a page copies it).
_NEEDED_ANCESTORS = _ancestors([p for p, _ in STATIC_RULES] + STATIC_READS)


def _parent(path: str) -> str:
    return path.rpartition("/")[0] or "/"


def scratch_masks(spec: dict, own: list[str]) -> list[str]:
    """The folders to hide for this child: the folder its own folders lie in and the one that was
    made in (other submissions' staged copies and run folders lie beside them: the grader's
    scratch root), and ``spec["hide"]`` (what the grader names: the submissions, the output
    folder). Never one that holds a path every child reads: that one is left visible."""
    found = []
    for path in own:
        parent = _parent(path)
        found += (parent, _parent(parent))
    for path in spec.get("hide", ()):
        if isinstance(path, str) and os.path.isdir(path):
            found.append(os.path.realpath(path))
    return [f for f in dict.fromkeys(found) if f not in _NEEDED_ANCESTORS and f not in own]
