"""Realistic wrong a1 submissions; `autograder build` writes each to examples/submissions/a1_perceptron/<name>/."""

MISTAKES = {
    # perceptron() fires on a sum of exactly 0.
    "perceptron_threshold_ge": ("perceptron", [
        ("    a = np.dot(w, x) + b\n    return 1 if a > 0 else 0\n",
         "    a = np.dot(w, x) + b\n    return 1 if a >= 0 else 0\n"),
    ]),
    # The second layer of XOR is OR instead of AND: the table becomes 1, 1, 1, 1.
    "xor_second_layer_or": ("perceptron", [
        ("    return AND(s1, s2)\n", "    return OR(s1, s2)\n"),
    ]),
    # The gates return the comparison itself (a numpy bool) instead of the int 0/1.
    "gates_return_bool": ("perceptron", [
        ("    b = -0.7\n    tmp = np.sum(w * x) + b\n    return 1 if tmp > 0 else 0\n",
         "    b = -0.7\n    tmp = np.sum(w * x) + b\n    return tmp > 0\n"),
        ("    b = 0.7\n    tmp = np.sum(w * x) + b\n    return 1 if tmp > 0 else 0\n",
         "    b = 0.7\n    tmp = np.sum(w * x) + b\n    return tmp > 0\n"),
        ("    b = -0.3\n    tmp = np.sum(w * x) + b\n    return 1 if tmp > 0 else 0\n",
         "    b = -0.3\n    tmp = np.sum(w * x) + b\n    return tmp > 0\n"),
    ]),
    # np.asarray does not copy a float array: the updates change the caller's w.
    "train_modifies_callers_w": ("perceptron", [
        ("    w = np.array(w, dtype=float)\n", "    w = np.asarray(w, dtype=float)\n"),
    ]),
    # Errors are counted with a fresh prediction made after the update.
    "train_errors_after_update": ("perceptron", [
        ("            if y != d_i:\n                errors[epoch] += 1\n"
         "            w += lr * (d_i - y) * x\n            b += lr * (d_i - y)\n",
         "            w += lr * (d_i - y) * x\n            b += lr * (d_i - y)\n"
         "            if (1 if np.dot(w, x) + b >= 0 else 0) != d_i:\n                errors[epoch] += 1\n"),
    ]),
    # Training reuses perceptron()'s strict "> 0" instead of the learning rule's ">= 0".
    "train_threshold_strict": ("perceptron", [
        ("            y = 1 if np.dot(w, x) + b >= 0 else 0\n", "            y = 1 if np.dot(w, x) + b > 0 else 0\n"),
    ]),
}
