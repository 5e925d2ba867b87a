"""Figure data for reports: ``autograder.probes.<assignment>.collect(student, ref) -> dict``.

A probe runs after a submission's tests, in the grader process, calling the student's code
through the same proxy. It returns plain data (lists of numbers) keyed by figure name; it never
scores anything and must use only public inputs (a grid on [-10, 10], the lecture's functions).
"""
