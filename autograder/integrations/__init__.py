"""Bridges to grading platforms. Each module owns one platform; none changes how grading works.
The suite's test catalogue they share (ids, titles, points in grading order) is ``autograder.catalog``.

- ``nbgrader_course``: lay out an nbgrader course (``source/<a>/<a>.ipynb``) from ``source_lib/``.
- ``nbgrader_cells``: what an nbgrader autograded test cell calls; grades the notebook once.
- ``nbgrader_gradebook``: write ``Result`` scores into an nbgrader gradebook.
- ``gradescope``: build the Gradescope autograder bundle (``autograder.zip``).
- ``gradescope_run``: what the bundle's ``run_autograder`` runs on Gradescope.
"""
