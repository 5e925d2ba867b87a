"""Realistic wrong a3 submissions; `autograder build` writes each to examples/submissions/a3_gradient/<name>/."""

MISTAKES = {
    # numerical_diff with the forward difference of the derivative's definition.
    "forward_difference": ("gradient", [
        ("    return (f(x + h) - f(x - h)) / (2 * h)\n", "    return (f(x + h) - f(x)) / h\n"),
    ]),
    # numerical_gradient never puts x[idx] back: x ends at x - h everywhere.
    "numgrad_not_restored": ("gradient", [
        ("        grad[idx] = (fxh1 - fxh2) / (2 * h)\n        x[idx] = tmp_val\n",
         "        grad[idx] = (fxh1 - fxh2) / (2 * h)\n"),
    ]),
    # "The smaller h the better": x + 1e-50 == x, so every difference is 0.
    "h_too_small": ("gradient", [
        ("    h = 1e-4\n", "    h = 1e-50\n"),
    ]),
    # history stores x after each step (history[0] is already the first step).
    "history_after_step": ("gradient", [
        ("        history[i] = x\n        x -= lr * numerical_gradient(f, x)\n",
         "        x -= lr * numerical_gradient(f, x)\n        history[i] = x\n"),
    ]),
    # Momentum adds lr*g to the velocity: the weights climb the loss.
    "momentum_sign": ("optimizer", [
        ("self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]",
         "self.v[key] = self.momentum * self.v[key] + self.lr * grads[key]"),
    ]),
    # Adam without the bias correction: the first steps are far too small.
    "adam_no_bias_correction": ("optimizer", [
        ("        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)\n",
         "        lr_t = self.lr\n"),
    ]),
    # AdaGrad divides by sqrt(h) alone: 0/0 = nan for a weight whose gradient is still 0.
    "adagrad_no_eps": ("optimizer", [
        ("            self.h[key] += grads[key] * grads[key]\n"
         "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)  # 1e-7: no 0-division\n",
         "            self.h[key] += grads[key] * grads[key]\n"
         "            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key])\n"),
    ]),
    # SGD rebinds params[key] to a new array: the network's own weights never change.
    "sgd_not_in_place": ("optimizer", [
        ("            params[key] -= self.lr * grads[key]\n",
         "            params[key] = params[key] - self.lr * grads[key]\n"),
    ]),
}
