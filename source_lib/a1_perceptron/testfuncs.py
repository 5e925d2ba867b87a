"""Functions the a1 grader hands to student code by name (``Named("gate_one")``).

Loaded by the grader and by the worker's zygote (``autograder.worker.testfuncs``); only the name
crosses the boundary. Keep every function pure and cheap.
"""


def gate_one(x1, x2):
    """A two-input "gate" that always outputs 1: patched over a student's gate to see that XOR calls it."""
    return 1


FUNCTIONS = {gate_one.__name__: gate_one}
