"""Realistic wrong a4 submissions; `autograder build` writes each to examples/submissions/a4_layers/<name>/."""

MISTAKES = {
    # Sigmoid.backward applies the derivative formula to the forward input x instead of out.
    "sigmoid_backward_from_x": ("layers", [
        ("        self.out = out\n", "        self.out = out\n        self.x = np.asarray(x, dtype=float)\n"),
        ("dx = dout * (1.0 - self.out) * self.out", "dx = dout * (1.0 - self.x) * self.x"),
    ]),
    # The book's Relu.backward: zeroes dout itself (the caller's array) and returns it.
    "relu_backward_inplace": ("layers", [
        ("        dx = np.copy(dout)\n        dx[self.mask] = 0\n", "        dout[self.mask] = 0\n        dx = dout\n"),
    ]),
    # Relu's mask is x < 0, so the gradient passes where x == 0.
    "relu_mask_strict": ("layers", [
        ("        self.mask = (x <= 0)\n", "        self.mask = (x < 0)\n"),
    ]),
    # db is dout itself, not its sum over the batch.
    "affine_db_not_summed": ("layers", [
        ("self.db = np.sum(dout, axis=0)", "self.db = dout"),
    ]),
    # dW = dout.T @ x: W.T's shape, and wrong values when W is square.
    "affine_dw_transposed": ("layers", [
        ("self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(dout.T, self.x)"),
    ]),
    # dx stays flattened (N, D) for a 4-D input.
    "affine_dx_not_reshaped": ("layers", [
        ("        dx = dx.reshape(self.original_x_shape)\n", ""),
    ]),
    # Affine keeps copies of W and b, so in-place updates of the network's params are not seen.
    "affine_copies_params": ("layers", [
        ("        self.W = W\n        self.b = b\n", "        self.W = W.copy()\n        self.b = b.copy()\n"),
    ]),
    # SoftmaxWithLoss.backward forgets to divide by the batch size.
    "softmaxloss_no_batch_divide": ("layers", [
        ("dx = dout * dx / batch_size", "dx = dout * dx"),
    ]),
    # backprop_step updates the caller's arrays in place (W -= ...); the returned values are right.
    "backprop_step_inplace": ("mlp", [
        ("W2 = W2 - lr * np.dot(layer1.T, layer2_delta)", "W2 -= lr * np.dot(layer1.T, layer2_delta)"),
        ("B2 = B2 - lr * layer2_delta.sum(axis=0)", "B2 -= lr * layer2_delta.sum(axis=0)"),
        ("W1 = W1 - lr * np.dot(layer0.T, layer1_delta)", "W1 -= lr * np.dot(layer0.T, layer1_delta)"),
        ("B1 = B1 - lr * layer1_delta.sum(axis=0)", "B1 -= lr * layer1_delta.sum(axis=0)"),
    ]),
    # W2 is updated before the hidden delta is computed, which then uses the new W2.
    "mlp_delta_after_update": ("mlp", [
        ("    layer1_delta = np.dot(layer2_delta, W2.T) * layer1 * (1.0 - layer1)\n"
         "    W2 = W2 - lr * np.dot(layer1.T, layer2_delta)\n",
         "    W2 = W2 - lr * np.dot(layer1.T, layer2_delta)\n"
         "    layer1_delta = np.dot(layer2_delta, W2.T) * layer1 * (1.0 - layer1)\n"),
    ]),
    # train steps once per epoch on the whole data set instead of once per sample.
    "mlp_train_full_batch": ("mlp", [
        ("        for x, t in samples:\n            W1, B1, W2, B2 = backprop_step(x, t, W1, B1, W2, B2, lr)\n",
         "        W1, B1, W2, B2 = backprop_step(X, T, W1, B1, W2, B2, lr)\n"),
    ]),
    # forward3 puts a sigmoid on the output layer too.
    "forward3_output_sigmoid": ("mlp", [
        ("    y = identity_function(a3)\n", "    y = sigmoid(a3)\n"),
    ]),
}
