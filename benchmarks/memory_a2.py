"""What the grading process's peak memory is made of: run in a fresh process, print VmHWM.

    python benchmarks/memory_a2.py FOLDER VARIANT OUT_DIR

Variants (``--jobs 1``, everything in this one process):

- ``session``: ``grading.run_job`` alone, each record dropped once made: the pipeline itself;
- ``as-is``: ``batch.run_batch``, as ``autograder run --jobs 1`` does: every record is kept
  (``Grader.grade`` returns them all, the journal keeps them too), then ``results.json`` is
  written with one ``json.dumps(..., indent=2)`` of the whole list;
- ``streamed``: ``as-is`` with ``results.json`` written one record at a time (the change
  proposed for ``autograder/writers/results_json.py``; same bytes on disk).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from unittest import mock

from autograder.batch import run_batch
from autograder.grading import Grader, Options, run_job
from autograder.writers import results_json


def vm_hwm_kib() -> int:
    line = next(ln for ln in Path("/proc/self/status").read_text().splitlines() if ln.startswith("VmHWM"))
    return int(line.split()[1])


def streamed_write(results, path: Path) -> None:
    """``results_json.write``, one record at a time (byte-identical output)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.streamed.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("[")
        for i, r in enumerate(results):
            text = json.dumps(r.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
            f.write(("," if i else "") + "\n  " + text.replace("\n", "\n  "))
        f.write("\n]\n" if results else "]\n")
    tmp.replace(path)


def main(folder: str, variant: str, out: str) -> dict:
    grader = Grader("a2_functions", jobs=1)
    sources = grader.sources(folder)
    started = time.perf_counter()
    if variant == "session":
        run_job("a2_functions", enumerate(sources), Options(), lambda i, r: None)
    else:
        writer = streamed_write if variant == "streamed" else results_json.write
        with mock.patch.object(results_json, "write", writer):
            run_batch(grader, folder, Path(out), preflight_first=False)  # as before run_batch discovered itself
    return {"variant": variant, "n": len(sources), "hwm_kib": vm_hwm_kib(), "wall": time.perf_counter() - started}


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
