"""``autograder serve``: a course's own submission and feedback service (Starlette, SQLAlchemy).

Students sign in with a token from the roster, upload their modules or notebook, and see the
grader's feedback fill in; instructors see the class as it submits. The queue lives in the
database (``queue``), grading happens in warm sandboxed job processes or on a dask cluster
(``dispatch``), and every rule a course sets (due dates, late penalty, attempts, what hidden
tests show) is read from the ``[serve]`` table of its ``course.toml`` (``policy``).
Needs the optional extra: ``pip install -e ".[serve]"``.
"""
