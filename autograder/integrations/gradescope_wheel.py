"""Build this package's wheel for the Gradescope bundle, with the standard library alone.

``setup.sh`` installs it with ``pip install --no-deps --no-index``: no build backend, no download,
nothing but the bundle. The wheel is pure Python (``py3-none-any``), holds every file under
``autograder/`` (the templates the grader reads included), the ``autograder`` command, and
metadata whose ``Requires-Dist`` are the bundle's pins, so ``pip check`` in the Gradescope venv
is clean. It is the same bytes every time (sorted entries, fixed timestamps).
"""
from __future__ import annotations

import base64
import hashlib
import re
import sys
import zipfile
from io import BytesIO
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

STAMP = (2020, 1, 1, 0, 0, 0)


def _digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def project(checkout: Path) -> dict:
    """The ``[project]`` table of ``checkout/pyproject.toml``."""
    return tomllib.loads((checkout / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def wheel_name(checkout: Path) -> str:
    """``dlfs_autograder-<version>-py3-none-any.whl``."""
    meta = project(checkout)
    return f"{re.sub(r'[-_.]+', '_', meta['name'])}-{meta['version']}-py3-none-any.whl"


def build(checkout: Path, files: dict[str, bytes], requires: list[str]) -> tuple[str, bytes]:
    """(file name, bytes) of the wheel holding ``files`` (path inside the wheel → content), with
    ``requires`` (``name==version`` lines) as its dependencies."""
    meta = project(checkout)
    dist_info = f"{re.sub(r'[-_.]+', '_', meta['name'])}-{meta['version']}.dist-info"
    metadata = [
        "Metadata-Version: 2.1", f"Name: {meta['name']}", f"Version: {meta['version']}",
        f"Summary: {meta.get('description', '')}",
        f"Requires-Python: {meta.get('requires-python', '>=3')}",
        *(f"Requires-Dist: {r}" for r in requires),
    ]
    scripts = meta.get("scripts", {})
    files = dict(files)
    files[f"{dist_info}/METADATA"] = ("\n".join(metadata) + "\n").encode()
    files[f"{dist_info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: autograder.integrations.gradescope_wheel\n"
                                   b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    if scripts:
        files[f"{dist_info}/entry_points.txt"] = ("[console_scripts]\n" + "".join(
            f"{name} = {target}\n" for name, target in sorted(scripts.items()))).encode()
    record = [f"{name},{_digest(data)},{len(data)}" for name, data in sorted(files.items())]
    files[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            zf.writestr(info, files[name])
    return wheel_name(checkout), buffer.getvalue()
