"""Realistic wrong a5 submissions; `autograder build` writes each to examples/submissions/a5_two_layer_net/<name>/."""

MISTAKES = {
    # gradient calls lastLayer.backward but drops its result, so the Affine layers get dout = 1.
    "gradient_lastlayer_dout_dropped": ("two_layer_net", [
        ("        dout = self.lastLayer.backward(dout)\n", "        self.lastLayer.backward(dout)\n"),
    ]),
    # The layers get copies of the params arrays: numerical_gradient and training never reach them.
    "layers_copy_params": ("two_layer_net", [
        ("Affine(self.params['W1'], self.params['b1'])", "Affine(self.params['W1'].copy(), self.params['b1'].copy())"),
        ("Affine(self.params['W2'], self.params['b2'])", "Affine(self.params['W2'].copy(), self.params['b2'].copy())"),
    ]),
    # accuracy compares the predicted labels with t itself, also when t is one-hot.
    "accuracy_onehot_direct": ("two_layer_net", [
        ("        t = np.asarray(t)\n        if t.ndim != 1:\n            t = np.argmax(t, axis=1)\n", ""),
    ]),
    # accuracy returns the number of correct rows, not the fraction.
    "accuracy_count": ("two_layer_net", [
        ("accuracy = np.sum(y == t) / float(y.shape[0])", "accuracy = np.sum(y == t)"),
    ]),
    # train records the accuracies at every iteration instead of once per epoch.
    "train_acc_every_iteration": ("train", [
        ("        if i % epoch_len == 0:\n"
         "            history['train_acc'].append(float(network.accuracy(x_train, t_train)))\n"
         "            history['test_acc'].append(float(network.accuracy(x_test, t_test)))\n",
         "        history['train_acc'].append(float(network.accuracy(x_train, t_train)))\n"
         "        history['test_acc'].append(float(network.accuracy(x_test, t_test)))\n"),
    ]),
    # train records the accuracies after the update of iteration i, not before it: the first entry
    # is no longer the untrained network's.
    "accuracy_after_update": ("train", [
        ("        if i % epoch_len == 0:\n"
         "            history['train_acc'].append(float(network.accuracy(x_train, t_train)))\n"
         "            history['test_acc'].append(float(network.accuracy(x_test, t_test)))\n\n", ""),
        ("        history['train_loss'].append(float(network.loss(x_batch, t_batch)))\n",
         "        history['train_loss'].append(float(network.loss(x_batch, t_batch)))\n"
         "        if i % epoch_len == 0:\n"
         "            history['train_acc'].append(float(network.accuracy(x_train, t_train)))\n"
         "            history['test_acc'].append(float(network.accuracy(x_test, t_test)))\n"),
    ]),
    # SGD rebinds params[key] to a new array: the layers keep the old one and the net never learns.
    "sgd_rebinds_params": ("train", [
        ("network.params[key] -= learning_rate * grads[key]",
         "network.params[key] = network.params[key] - learning_rate * grads[key]"),
    ]),
    # train always does its own SGD step and never uses the optimizer it is given.
    "train_ignores_optimizer": ("train", [
        ("        if optimizer is None:\n"
         "            for key in grads:\n"
         "                network.params[key] -= learning_rate * grads[key]\n"
         "        else:\n"
         "            optimizer.update(network.params, grads)\n",
         "        for key in grads:\n"
         "            network.params[key] -= learning_rate * grads[key]\n"),
    ]),
}
