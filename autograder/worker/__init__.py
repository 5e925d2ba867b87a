"""The untrusted side: a warm process that forks one sandboxed child per submission.

Nothing here imports the reference solutions, the grading suites or ``autograder.course``;
a test checks that the worker's memory holds neither.
"""
