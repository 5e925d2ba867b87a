"""Auto-graded exercises for a deep-learning-from-scratch (numpy) course.

The common case is one call::

    from autograder import grade
    result = grade("a2_functions", "path/to/student_dir")

``autograder.grading.Grader`` gives more control (jobs, limits, output).
"""

__version__ = "0.1.0"


def grade(assignment, path, **options):
    """Grade one submission (a folder, a ``.py`` or an ``.ipynb``) and return its ``Result``."""
    from .grading import Grader

    return Grader(assignment, **options).grade_one(path)
