"""Where grading runs. ``grading.Grader`` grades on this machine (``jobs`` processes);
``DaskGrader`` / ``grade_on_dask`` grade on a dask.distributed cluster, each worker process
keeping a warm session (``warm``) and receiving the submissions' files as data (``parcel``).

dask itself is imported only when grading on it starts, so the local path never needs it.
"""
from .dask_executor import DaskGrader, grade_on_dask

__all__ = ["DaskGrader", "grade_on_dask"]
