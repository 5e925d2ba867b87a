"""Realistic wrong a2 submissions; `autograder build` writes each to examples/submissions/a2_functions/<name>/."""

MISTAKES = {
    "softmax_no_max_shift": ("functions", [
        ("    x = x - np.max(x, axis=-1, keepdims=True)  # exp of a shifted x cannot overflow\n", ""),
    ]),
    "softmax_wrong_axis": ("functions", [
        ("return exp_x / np.sum(exp_x, axis=-1, keepdims=True)", "return exp_x / np.sum(exp_x)"),
    ]),
    "step_bool": ("functions", [
        ("return (np.asarray(x) > 0).astype(int)", "return np.asarray(x) > 0"),
    ]),
    "step_np_int": ("functions", [
        ("return (np.asarray(x) > 0).astype(int)", "return (np.asarray(x) > 0).astype(np.int)"),
    ]),
    "mse_mean": ("functions", [
        ("return 0.5 * np.sum((y - t) ** 2) / batch_size", "return np.mean((y - t) ** 2)"),
    ]),
    "rmse_is_sse": ("functions", [
        ("return np.sqrt(np.mean((y - t) ** 2))", "return np.sum((y - t) ** 2)"),
    ]),
    "cee_no_delta": ("functions", [
        ("return -np.sum(t * np.log(y + 1e-7)) / batch_size", "return -np.sum(t * np.log(y)) / batch_size"),
        ("return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size",
         "return -np.sum(np.log(y[np.arange(batch_size), t])) / batch_size"),
    ]),
    "cee_no_batch_average": ("functions", [
        ("return -np.sum(t * np.log(y + 1e-7)) / batch_size", "return -np.sum(t * np.log(y + 1e-7))"),
        ("return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size",
         "return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7))"),
    ]),
    "cee_sign": ("functions", [
        ("return -np.sum(t * np.log(y + 1e-7)) / batch_size", "return np.sum(t * np.log(y + 1e-7)) / batch_size"),
        ("return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size",
         "return np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size"),
    ]),
    "relu_in_place": ("functions", [
        ("    return np.maximum(0, x)\n", "    x[x <= 0] = 0\n    return x\n"),
    ]),
}
