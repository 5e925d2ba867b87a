"""Realistic wrong a4 submissions; `autograder build` writes each to examples/submissions/a4_layers/<name>/. Each declares its edit to the reference, its hint and what it costs (see autograder.mistakes)."""

from autograder.mistakes import Mistake

# titles of the hidden tests these mistakes lose points on
SIGMOID_LECTURE = 'Sigmoid: forward(0) is 0.5 with backward(1) 0.25; forward(0.1) is 0.524979 with backward(1) 0.249376'
SIGMOID_RANDOM = 'Sigmoid forward and backward on a random batch'
RELU_UNCHANGED = "Relu.forward and Relu.backward do not modify the caller's x and dout"
RELU_MASK = 'Relu.forward keeps self.mask, True where x <= 0 (zero included)'
RELU_RANDOM = 'Relu forward and backward on a random batch that contains exact zeros'
AFFINE_LECTURE = 'Affine with W = [[0.1, 0.2], [0.3, 0.4]], b = [0.1, 0.2]: forward([[1, 2]]) is [[0.8, 1.2]]; backward([[1, 1]]) gives dx, dW, db'
AFFINE_RANDOM = 'Affine forward and backward on a random 2-D batch: out, dx, dW and db (summed over the batch)'
AFFINE_4D = "Affine flattens a 4-D batch (N, C, H, W) and returns dx in x's original shape"
AFFINE_SHARES = 'Affine keeps the W and b it was given: an in-place change of W and b shows in the next forward'
SOFTMAX_ONE_HOT = 'SoftmaxWithLoss forward and backward(dout) on a random batch and on a single sample, with one-hot t'
SOFTMAX_LABELS = 'SoftmaxWithLoss forward and backward(dout) on a random batch and on a single sample, with label-index t'
MUL_SHOPPING = 'shopping example: 2 apples at 100 with tax 1.1 cost 220; backward gives dapple 2.2, dapple_num 110, dtax 200'
MUL_ADD_ARRAYS = 'MulLayer and AddLayer on arrays: the apple-and-orange graph with random prices'
STEP_UNCHANGED = 'backprop_step returns new arrays and does not modify x, t, W1, B1, W2, B2'
TRAIN_RANDOM = 'train makes per-sample updates in order, epochs passes, and leaves its arguments unchanged'
STEP_LECTURE = 'one backprop_step on x = [[0, 0]], t = [[0]], lr = 0.2: w5 0.484645, w6 0.583918, b3 0.270750, b1 0.096352, b2 0.195656, W1 unchanged, E 0.244687'
STEP_RANDOM = 'backprop_step on a random network and batch'
TRAIN_XNOR = "train on the lecture's XNOR data (lr = 0.2, 1000 epochs) gives the reference's weights"
FORWARD3_LECTURE = "forward3 of the lecture network (init_network's weights) on [1.0, 0.5] is [0.31682708, 0.69627909]"
FORWARD3_RANDOM = 'forward3 on a random network and a batch of inputs'

MISTAKES = [
    # Sigmoid.backward applies the derivative formula to the forward input x instead of out.
    Mistake('sigmoid_grad_from_z', 'layers', edits=[
            ('        self.out = out\n',
             '        self.out = out\n        self.x = np.asarray(x, dtype=float)\n'),
            ('dx = dout * (1.0 - self.out) * self.out',
             'dx = dout * (1.0 - self.x) * self.x'),
        ],
        hint={"en": 'the sigmoid derivative is out * (1 - out) with out = sigmoid(x), the forward output, not the input x.',
              "ko": 'sigmoid 미분은 순전파 출력 out 으로 out * (1 - out) 입니다. 입력 x 를 쓰면 안 됩니다.'},
        costs={SIGMOID_LECTURE: 1.0, SIGMOID_RANDOM: 1.0}),
    # The book's Relu.backward: zeroes dout itself (the caller's array) and returns it.
    Mistake('relu_backward_inplace', 'layers', edits=[
            ('        dx = np.copy(dout)\n        dx[self.mask] = 0\n',
             '        dout[self.mask] = 0\n        dx = dout\n'),
        ],
        hint={"en": 'Relu.backward changed the dout array it was given: copy it first (dx = dout.copy()).',
              "ko": 'Relu.backward 가 받은 dout 배열을 바꾸었습니다: 먼저 복사하세요 (dx = dout.copy()).'},
        costs={RELU_UNCHANGED: 1.0}),
    # Relu's mask is x < 0, so the gradient passes where x == 0.
    Mistake('relu_mask_at_zero', 'layers', edits=[
            ('        self.mask = (x <= 0)\n',
             '        self.mask = (x < 0)\n'),
        ],
        hint={"en": 'the Relu mask is x <= 0 (zero included): at x = 0 the gradient is blocked too.',
              "ko": 'Relu 의 mask 는 x <= 0 입니다 (0 포함): x = 0 에서도 기울기를 막아야 합니다.'},
        costs={RELU_MASK: 1.0, RELU_RANDOM: 1.0}),
    # db is dout itself, not its sum over the batch.
    Mistake('affine_db_not_summed', 'layers', edits=[
            ('self.db = np.sum(dout, axis=0)',
             'self.db = dout'),
        ],
        hint={"en": 'db must be summed over the batch: db = np.sum(dout, axis=0).',
              "ko": 'db 는 배치에 대해 합해야 합니다: db = np.sum(dout, axis=0).'},
        costs={AFFINE_LECTURE: 0.5, AFFINE_RANDOM: 0.75, AFFINE_4D: 0.5}),
    # dW = dout.T @ x: W.T's shape, and wrong values when W is square.
    Mistake('affine_dw_transposed', 'layers', edits=[
            ('self.dW = np.dot(self.x.T, dout)',
             'self.dW = np.dot(dout.T, self.x)'),
        ],
        hint={"en": "dW has W's shape: dW = x.T @ dout, not dout.T @ x.",
              "ko": 'dW 는 W 와 같은 shape 입니다: dW = x.T @ dout (dout.T @ x 가 아닙니다).'},
        costs={AFFINE_LECTURE: 0.5, AFFINE_RANDOM: 0.75, AFFINE_4D: 0.5}),
    # dx stays flattened (N, D) for a 4-D input.
    Mistake('affine_dx_shape', 'layers', edits=[
            ('        dx = dx.reshape(self.original_x_shape)\n',
             ''),
        ],
        hint={"en": "Affine.backward must return dx in x's original shape: dx.reshape(self.original_x_shape).",
              "ko": 'Affine.backward 는 dx 를 x 의 원래 shape 로 돌려줘야 합니다: dx.reshape(self.original_x_shape).'},
        costs={AFFINE_4D: 0.5}),
    # a blind set (the book's chapter-5 Affine): 2-D input only, neither flattened nor shaped back
    Mistake('affine_no_flatten', 'layers', edits=[
            ('        self.original_x_shape = x.shape\n        x = x.reshape(x.shape[0], -1)\n', ''),
            ('        dx = dx.reshape(self.original_x_shape)\n', ''),
        ],
        hint={"en": "Affine must take a batch of any shape (N, ...): in forward remember x.shape and flatten with x.reshape(x.shape[0], -1) before x @ W; in backward give dx back in that original shape.",
              "ko": "Affine 은 (N, ...) 모양의 어떤 배치든 받아야 합니다: forward 에서 x.shape 를 기억하고 x @ W 전에 x.reshape(x.shape[0], -1) 로 펼친 뒤, backward 에서 dx 를 원래 모양으로 돌려주세요."},
        costs={AFFINE_4D: 1.5}),
    # Affine keeps copies of W and b, so in-place updates of the network's params are not seen.
    Mistake('affine_copies_params', 'layers', edits=[
            ('        self.W = W\n        self.b = b\n',
             '        self.W = W.copy()\n        self.b = b.copy()\n'),
        ],
        hint={"en": 'Affine must keep the W and b it is given (self.W = W), not copies: a network updates them in place.',
              "ko": 'Affine 은 받은 W 와 b 를 그대로 보관해야 합니다 (self.W = W). 복사하면 신경망의 제자리 갱신이 반영되지 않습니다.'},
        costs={AFFINE_SHARES: 1.0}),
    # SoftmaxWithLoss.backward forgets to divide by the batch size.
    Mistake('softmaxloss_no_batch_divide', 'layers', edits=[
            ('dx = dout * dx / batch_size',
             'dx = dout * dx'),
        ],
        hint={"en": 'SoftmaxWithLoss.backward returns (y - t) / batch_size: divide by the batch size.',
              "ko": 'SoftmaxWithLoss.backward 는 (y - t) / batch_size 입니다: 배치 크기로 나누세요.'},
        costs={SOFTMAX_ONE_HOT: 1.0, SOFTMAX_LABELS: 1.0}),
    # backprop_step updates the caller's arrays in place (W -= ...); the returned values are right.
    Mistake('backprop_step_inplace', 'mlp', edits=[
            ('W2 = W2 - lr * np.dot(layer1.T, layer2_delta)',
             'W2 -= lr * np.dot(layer1.T, layer2_delta)'),
            ('B2 = B2 - lr * layer2_delta.sum(axis=0)',
             'B2 -= lr * layer2_delta.sum(axis=0)'),
            ('W1 = W1 - lr * np.dot(layer0.T, layer1_delta)',
             'W1 -= lr * np.dot(layer0.T, layer1_delta)'),
            ('B1 = B1 - lr * layer1_delta.sum(axis=0)',
             'B1 -= lr * layer1_delta.sum(axis=0)'),
        ],
        hint={"en": "backprop_step must return new arrays: write W2 = W2 - lr * ..., not W2 -= lr * ... (that changes the caller's array).",
              "ko": 'backprop_step 은 새 배열을 반환해야 합니다: W2 -= lr * ... 가 아니라 W2 = W2 - lr * ... 로 쓰세요 (호출한 쪽 배열이 바뀝니다).'},
        costs={STEP_UNCHANGED: 1.3333, TRAIN_RANDOM: 0.8}),
    # W2 is updated before the hidden delta is computed, which then uses the new W2.
    Mistake('mlp_delta_after_update', 'mlp', edits=[
            ('    layer1_delta = np.dot(layer2_delta, W2.T) * layer1 * (1.0 - layer1)\n    W2 = W2 - lr * np.dot(layer1.T, layer2_delta)\n',
             '    W2 = W2 - lr * np.dot(layer1.T, layer2_delta)\n    layer1_delta = np.dot(layer2_delta, W2.T) * layer1 * (1.0 - layer1)\n'),
        ],
        hint={"en": 'compute both deltas with the old W2 first, then update the weights: the hidden delta uses W2 before the step.',
              "ko": '두 델타를 갱신 전의 W2 로 먼저 계산한 뒤 가중치를 갱신하세요: 은닉층 델타는 갱신 전 W2 를 씁니다.'},
        # wrong new weights: "leaves its inputs unchanged" is judged only with a right result, so lost too
        costs={STEP_LECTURE: 1.2857, STEP_RANDOM: 1.0, STEP_UNCHANGED: 2.0, TRAIN_XNOR: 2.0, TRAIN_RANDOM: 2.0}),
    # train steps once per epoch on the whole data set instead of once per sample.
    Mistake('mlp_train_full_batch', 'mlp', edits=[
            ('        for x, t in samples:\n            W1, B1, W2, B2 = backprop_step(x, t, W1, B1, W2, B2, lr)\n',
             '        W1, B1, W2, B2 = backprop_step(X, T, W1, B1, W2, B2, lr)\n'),
        ],
        hint={"en": 'train updates after every single sample, in order (a (1, I) row at a time), not once per pass over all samples.',
              "ko": 'train 은 전체 샘플에 대해 한 번이 아니라, 샘플 하나((1, I) 행)마다 순서대로 갱신합니다.'},
        costs={TRAIN_XNOR: 2.0, TRAIN_RANDOM: 2.0}),
    # forward3 puts a sigmoid on the output layer too.
    Mistake('forward3_output_sigmoid', 'mlp', edits=[
            ('    y = identity_function(a3)\n',
             '    y = sigmoid(a3)\n'),
        ],
        hint={"en": 'the output layer of forward3 uses the identity function, not the sigmoid.',
              "ko": 'forward3 의 출력층은 시그모이드가 아니라 항등 함수를 씁니다.'},
        costs={FORWARD3_LECTURE: 2.0, FORWARD3_RANDOM: 1.0}),
    # The label-index backward subtracts 1 from self.y itself (no copy): a second backward is wrong.
    Mistake('softmaxloss_backward_changes_y', 'layers', edits=[
            ('            dx = y.copy()\n',
             '            dx = y\n'),
        ],
        hint={"en": 'SoftmaxWithLoss.backward must not change self.y: subtract 1 from a copy, dx = y.copy(), so that calling backward again gives the same dx.',
              "ko": 'SoftmaxWithLoss.backward 는 self.y 를 바꾸면 안 됩니다: dx = y.copy() 로 복사본을 만들어 1 을 빼야 backward 를 다시 불러도 같은 dx 가 나옵니다.'},
        costs={SOFTMAX_LABELS: 0.3333}),
    # MulLayer.backward with x and y swapped: dx = dout * x, dy = dout * y.
    Mistake('mul_backward_swapped', 'layers', edits=[
            ('        dx = dout * self.y\n        dy = dout * self.x\n',
             '        dx = dout * self.x\n        dy = dout * self.y\n'),
        ],
        hint={"en": 'MulLayer.backward swaps the inputs: dx = dout * self.y and dy = dout * self.x.',
              "ko": 'MulLayer.backward 에서는 두 입력을 서로 바꿔 곱합니다: dx = dout * self.y, dy = dout * self.x.'},
        costs={MUL_SHOPPING: 1.3333, MUL_ADD_ARRAYS: 1.0}),
    # Sigmoid.backward forgets dout: returns out * (1 - out) alone.
    Mistake('sigmoid_backward_ignores_dout', 'layers', edits=[
            ('dx = dout * (1.0 - self.out) * self.out',
             'dx = (1.0 - self.out) * self.out'),
        ],
        hint={"en": 'Sigmoid.backward multiplies by the gradient from the layer above: dx = dout * (1.0 - self.out) * self.out.',
              "ko": 'Sigmoid.backward 는 위층에서 온 기울기 dout 을 곱해야 합니다: dx = dout * (1.0 - self.out) * self.out.'},
        costs={SIGMOID_RANDOM: 1.0}),
    # Relu.forward zeroes the caller's x in place and returns it.
    Mistake('relu_forward_inplace', 'layers', edits=[
            ('        out = x.copy()\n        out[self.mask] = 0\n        return out\n',
             '        x[self.mask] = 0\n        return x\n'),
        ],
        hint={"en": "Relu.forward must not change the caller's x: zero a copy, out = x.copy(); out[self.mask] = 0, and return out.",
              "ko": 'Relu.forward 는 호출한 쪽의 x 를 바꾸면 안 됩니다: out = x.copy() 로 복사한 뒤 out[self.mask] = 0 으로 만들고 out 을 반환하세요.'},
        costs={RELU_UNCHANGED: 1.0}),
    # NumPy 1 code: Affine flattens with the removed np.product.
    Mistake('affine_np_product', 'layers', edits=[
            ('        x = x.reshape(x.shape[0], -1)\n',
             '        x = x.reshape(x.shape[0], np.product(x.shape[1:]))\n'),
        ],
        names='numpy_removed_alias',
        costs={AFFINE_LECTURE: 2.0, AFFINE_RANDOM: 3.0, AFFINE_4D: 2.0, AFFINE_SHARES: 1.0}),
    # forward3 ends with a softmax, as the book's classifier does, instead of the identity.
    Mistake('forward3_output_softmax', 'mlp', edits=[
            ('from functions import identity_function, sigmoid\n',
             'from functions import identity_function, sigmoid, softmax\n'),
            ('    y = identity_function(a3)\n',
             '    y = softmax(a3)\n'),
        ],
        hint={"en": 'the output layer of forward3 is the identity function, y = identity_function(a3), not a softmax.',
              "ko": 'forward3 의 출력층은 소프트맥스가 아니라 항등 함수입니다: y = identity_function(a3).'},
        costs={FORWARD3_LECTURE: 2.0, FORWARD3_RANDOM: 1.0}),
    # The output delta with (t - y): with W = W - lr * ..., every step climbs the error.
    Mistake('backprop_delta_sign', 'mlp', edits=[
            ('    layer2_delta = (layer2 - t) * layer2 * (1.0 - layer2)\n',
             '    layer2_delta = (t - layer2) * layer2 * (1.0 - layer2)\n'),
        ],
        hint={"en": 'the output delta is (layer2 - t) * layer2 * (1 - layer2): with W = W - lr * ..., (t - layer2) makes every step increase the error.',
              "ko": '출력층 델타는 (layer2 - t) * layer2 * (1 - layer2) 입니다: W = W - lr * ... 와 함께 (t - layer2) 를 쓰면 매 단계 오차가 커집니다.'},
        costs={STEP_LECTURE: 2.5714, STEP_RANDOM: 2.0, STEP_UNCHANGED: 2.0, TRAIN_XNOR: 2.0, TRAIN_RANDOM: 2.0}),
    # train's signature lacks the contract's epochs: one pass, and epochs=... is a TypeError.
    Mistake('mlp_train_no_epochs_parameter', 'mlp', edits=[
            ('def train(X, T, W1, B1, W2, B2, lr=0.2, epochs=1):\n',
             'def train(X, T, W1, B1, W2, B2, lr=0.2):\n'),
            ('    for _ in range(epochs):\n',
             '    for _ in range(1):\n'),
        ],
        hint={"en": 'train takes epochs, as the contract says: def train(X, T, W1, B1, W2, B2, lr=0.2, epochs=1), and makes epochs passes over the samples.',
              "ko": 'train 은 명세대로 epochs 를 인자로 받아야 합니다: def train(X, T, W1, B1, W2, B2, lr=0.2, epochs=1) 로 정의하고 샘플 전체를 epochs 번 반복하세요.'},
        costs={TRAIN_XNOR: 2.0, TRAIN_RANDOM: 2.0}),
    # db summed over the wrong axis (axis=1): one number per sample instead of one per output.
    Mistake('affine_db_wrong_axis', 'layers', edits=[
            ('self.db = np.sum(dout, axis=0)',
             'self.db = np.sum(dout, axis=1)'),
        ],
        names='affine_db_not_summed',
        costs={AFFINE_LECTURE: 0.5, AFFINE_RANDOM: 0.75, AFFINE_4D: 0.5}),
    # dx = dout @ W, without the transpose: right only when W is square, and then with the wrong values.
    Mistake('affine_dx_no_transpose', 'layers', edits=[
            ('        dx = np.dot(dout, self.W.T)\n',
             '        dx = np.dot(dout, self.W)\n'),
        ],
        hint={"en": "dx = dout @ W.T: W is (D, M) and dout is (N, M), so dout is multiplied by W transposed to give dx in x's shape (N, D).",
              "ko": 'dx = dout @ W.T 입니다: W 는 (D, M), dout 은 (N, M) 이므로 dout 에 W 의 전치를 곱해야 x 와 같은 shape (N, D) 의 dx 가 나옵니다.'},
        costs={AFFINE_LECTURE: 0.5, AFFINE_RANDOM: 0.75, AFFINE_4D: 1.5}),
    # The output delta without the sigmoid's derivative: layer2 - t alone.
    Mistake('backprop_no_output_derivative', 'mlp', edits=[
            ('    layer2_delta = (layer2 - t) * layer2 * (1.0 - layer2)\n',
             '    layer2_delta = layer2 - t\n'),
        ],
        hint={"en": "the output delta includes the sigmoid's derivative: layer2_delta = (layer2 - t) * layer2 * (1 - layer2); layer2 - t alone is the delta of a cross-entropy loss, not of E = 0.5 * sum((t - y)**2).",
              "ko": '출력층 델타에는 sigmoid 의 미분이 들어갑니다: layer2_delta = (layer2 - t) * layer2 * (1 - layer2). layer2 - t 만 쓰는 것은 교차 엔트로피 손실의 델타이지, E = 0.5 * sum((t - y)**2) 의 델타가 아닙니다.'},
        costs={STEP_LECTURE: 2.5714, STEP_RANDOM: 2.0, STEP_UNCHANGED: 2.0, TRAIN_XNOR: 2.0, TRAIN_RANDOM: 2.0}),
    # SoftmaxWithLoss.backward ignores its dout: (y - t) / batch_size, right only when dout is 1.
    Mistake('softmaxloss_ignores_dout', 'layers', edits=[
            ('dx = dout * dx / batch_size',
             'dx = dx / batch_size'),
        ],
        hint={"en": 'SoftmaxWithLoss.backward(dout) returns dout * (y - t) / batch_size: multiply by the dout it is given (it is 1 only when the loss is the last node of the graph).',
              "ko": 'SoftmaxWithLoss.backward(dout) 는 dout * (y - t) / batch_size 를 반환합니다: 받은 dout 을 곱하세요 (dout 은 손실이 그래프의 마지막 노드일 때만 1 입니다).'},
        costs={SOFTMAX_ONE_HOT: 0.3333, SOFTMAX_LABELS: 0.3333}),
    # The book's SoftmaxWithLoss.backward: batch_size = t.shape[0] (the class count for a one-hot t of one 1-D sample, an
    # IndexError for its scalar label), no reshape of a 1-D y, and dout ignored.
    Mistake('softmaxloss_book_backward', 'layers', edits=[
            ('        y = self.y.reshape(-1, self.y.shape[-1])\n'
             '        batch_size = y.shape[0]\n'
             '        if self.t.size == self.y.size:\n'
             '            dx = y - self.t.reshape(y.shape)\n'
             '        else:\n'
             '            dx = y.copy()\n'
             '            dx[np.arange(batch_size), self.t.reshape(-1)] -= 1\n'
             '        dx = dout * dx / batch_size\n'
             '        return dx.reshape(self.y.shape)\n',
             '        batch_size = self.t.shape[0]\n'
             '        if self.t.size == self.y.size:\n'
             '            dx = (self.y - self.t) / batch_size\n'
             '        else:\n'
             '            dx = self.y.copy()\n'
             '            dx[np.arange(batch_size), self.t] -= 1\n'
             '            dx = dx / batch_size\n'
             '        return dx\n'),
        ],
        hint={"en": "SoftmaxWithLoss.backward(dout) returns dout * (y - t) / batch_size, also for a single 1-D sample x of shape (C,), a batch of one: take batch_size from the rows of y (y.reshape(-1, C).shape[0]), not t.shape[0] (the book's code, which for one sample divides by C or fails on its scalar label), and multiply by dout.",
              "ko": "SoftmaxWithLoss.backward(dout) 는 dout * (y - t) / batch_size 를 반환하며, shape (C,) 인 1차원 샘플 하나 (배치 크기 1) 에서도 마찬가지입니다: batch_size 는 t.shape[0] 이 아니라 y 의 행 수 (y.reshape(-1, C).shape[0]) 로 구하고 (책의 코드는 샘플 하나에서 C 로 나누거나 스칼라 레이블에서 오류가 납니다), dout 을 곱하세요."},
        costs={SOFTMAX_ONE_HOT: 0.6667, SOFTMAX_LABELS: 0.6667}),
    # Sigmoid.backward forgets the (1 - y) factor: dout * y instead of dout * (1 - y) * y.
    Mistake('sigmoid_backward_no_1m', 'layers', edits=[
            ('dx = dout * (1.0 - self.out) * self.out',
             'dx = dout * self.out'),
        ],
        hint={"en": "the sigmoid's derivative is y * (1 - y): Sigmoid.backward returns dout * (1.0 - self.out) * self.out, with the (1 - y) factor.",
              "ko": 'sigmoid 의 미분은 y * (1 - y) 입니다: Sigmoid.backward 는 (1 - y) 를 곱한 dout * (1.0 - self.out) * self.out 을 반환합니다.'},
        costs={SIGMOID_LECTURE: 1.0, SIGMOID_RANDOM: 1.0}),
    # Affine.backward averages dout over the batch for db instead of summing it.
    Mistake('affine_db_mean', 'layers', edits=[
            ('self.db = np.sum(dout, axis=0)',
             'self.db = np.mean(dout, axis=0)'),
        ],
        hint={"en": "b is added to every row of the batch, so its gradient is the sum over the rows: self.db = np.sum(dout, axis=0), not the mean (the loss already divides by the batch size).",
              "ko": 'b 는 배치의 모든 행에 더해지므로 그 기울기는 행들의 합입니다: 평균이 아니라 self.db = np.sum(dout, axis=0) 입니다 (배치 크기로 나누는 것은 이미 손실에서 합니다).'},
        costs={AFFINE_RANDOM: 0.75, AFFINE_4D: 0.5}),
    # mlp.forward leaves the output layer linear: layer2 = layer1 @ W2 + B2 without the sigmoid.
    Mistake('mlp_output_linear', 'mlp', edits=[
            ('layer2 = sigmoid(np.dot(layer1, W2) + B2)',
             'layer2 = np.dot(layer1, W2) + B2'),
        ],
        hint={"en": "the lecture's MLP has a sigmoid on the output layer too: layer2 = sigmoid(np.dot(layer1, W2) + B2).",
              "ko": '강의의 MLP 는 출력층에도 sigmoid 를 씁니다: layer2 = sigmoid(np.dot(layer1, W2) + B2).'},
        costs={'forward on x = [[0, 0]]: layer1 = [0.524979, 0.549834], layer2 = 0.709383, so E = 0.251612': 1.0, 'forward on the four inputs [0,0], [0,1], [1,0], [1,1] gives 0.70938314, 0.72844306, 0.71791234, 0.73598705': 1.0, 'forward on a random network and batch': 0.6667, STEP_LECTURE: 2.5714, STEP_RANDOM: 2.0, STEP_UNCHANGED: 2.0, TRAIN_XNOR: 2.0, TRAIN_RANDOM: 2.0}),
    # backprop_step's hidden delta forgets the sigmoid's derivative layer1 * (1 - layer1).
    Mistake('backprop_no_deriv_hidden', 'mlp', edits=[
            ('layer1_delta = np.dot(layer2_delta, W2.T) * layer1 * (1.0 - layer1)',
             'layer1_delta = np.dot(layer2_delta, W2.T)'),
        ],
        hint={"en": "the hidden delta also goes through the hidden sigmoid: layer1_delta = np.dot(layer2_delta, W2.T) * layer1 * (1.0 - layer1).",
              "ko": '은닉층의 delta 도 은닉층 sigmoid 의 미분을 거쳐야 합니다: layer1_delta = np.dot(layer2_delta, W2.T) * layer1 * (1.0 - layer1).'},
        costs={STEP_LECTURE: 1.2857, STEP_RANDOM: 1.0, STEP_UNCHANGED: 2.0, TRAIN_XNOR: 2.0, TRAIN_RANDOM: 2.0}),
    # a blind set: the gradient of a sum split between its inputs
    Mistake('add_backward_halved', 'layers', edits=[
            ("        dx = dout * 1\n        dy = dout * 1\n", "        dx = dout / 2\n        dy = dout / 2\n"),
        ],
        hint={"en": "the local derivative of x + y is 1 for each input: AddLayer passes dout on unchanged to both (dx = dout * 1, dy = dout * 1), it does not split it.",
              "ko": "x + y 의 국소 미분은 입력마다 1 입니다: AddLayer 는 dout 을 나누지 않고 두 입력에 그대로 전달합니다 (dx = dout * 1, dy = dout * 1)."},
        costs={'AddLayer: forward(200, 450) is 650 and backward(1.1) is (1.1, 1.1)': 0.6667, 'MulLayer and AddLayer on arrays: the apple-and-orange graph with random prices': 0.3333}),
    # a blind set (and the book's chapter 5): (y - t) / N, right for one-hot targets only
    Mistake('softmaxloss_backward_onehot_only', 'layers', edits=[
            ("        if self.t.size == self.y.size:\n            dx = y - self.t.reshape(y.shape)\n        else:\n"
             "            dx = y.copy()\n            dx[np.arange(batch_size), self.t.reshape(-1)] -= 1\n",
             "        dx = y - self.t\n"),
        ],
        hint={"en": "(y - t) / batch_size is the gradient for one-hot t only: with label indices, copy y and subtract 1 at dx[np.arange(batch_size), t].",
              "ko": "(y - t) / batch_size 는 원-핫 t 일 때만 맞는 기울기입니다: 레이블 인덱스이면 y 를 복사한 뒤 dx[np.arange(batch_size), t] 에서 1 을 빼세요."},
        costs={'SoftmaxWithLoss on scores [[0.3, 2.9, 4.0]] with t = [2] or [[0, 0, 1]]: loss 0.305730, backward [[0.018211, 0.245192, -0.263403]]': 0.5, 'SoftmaxWithLoss forward and backward(dout) on a random batch and on a single sample, with label-index t': 1.3333}),
    # a blind set: the loss written out as the one-hot formula, so label-index targets break it
    Mistake('softmaxloss_forward_onehot_only', 'layers', edits=[
            ("        self.loss = CEE(self.y, self.t)\n",
             "        self.loss = -np.sum(self.t * np.log(self.y + 1e-7)) / self.y.reshape(-1, self.y.shape[-1]).shape[0]\n"),
        ],
        hint={"en": "-sum(t * log(y)) / N is the loss for one-hot t only: with label indices t (shape (N,)), t * log(y) multiplies by the label numbers instead of picking each row's label. Compute the loss with your CEE, which handles both kinds of t.",
              "ko": "-sum(t * log(y)) / N 는 원-핫 t 일 때만 맞는 손실입니다: t 가 레이블 인덱스 (모양 (N,)) 이면 t * log(y) 는 각 행의 정답을 고르지 않고 레이블 숫자를 곱합니다. 두 가지 t 를 모두 다루는 CEE 함수로 손실을 계산하세요."},
        costs={'SoftmaxWithLoss on scores [[0.3, 2.9, 4.0]] with t = [2] or [[0, 0, 1]]: loss 0.305730, backward [[0.018211, 0.245192, -0.263403]]': 0.5, 'SoftmaxWithLoss forward and backward(dout) on a random batch and on a single sample, with label-index t': 1.0}),
    # blind sets: W3 typed row by row off the diagram, the transpose of the lecture's matrix
    Mistake('init_w3_transposed', 'mlp', edits=[
            ("    network['W3'] = np.array([[0.1, 0.3], [0.2, 0.4]])", "    network['W3'] = np.array([[0.1, 0.2], [0.3, 0.4]])"),
        ],
        hint={"en": "W3 is the lecture's [[0.1, 0.3], [0.2, 0.4]]: row i holds the weights from input i (W[i][j] connects input i to output j); [[0.1, 0.2], [0.3, 0.4]] is its transpose.",
              "ko": "W3 는 강의의 [[0.1, 0.3], [0.2, 0.4]] 입니다: i 번째 행이 입력 i 에서 나가는 가중치입니다 (W[i][j] 는 입력 i 와 출력 j 를 잇습니다). [[0.1, 0.2], [0.3, 0.4]] 는 그 전치입니다."},
        costs={"init_network returns the lecture's W1, b1, W2, b2, W3, b3": 0.1667}),
    # blind sets (the book's chapter 5): the batch size read off t, which is wrong for one 1-D sample
    Mistake('softmaxloss_batch_from_t', 'layers', edits=[
            ("        batch_size = y.shape[0]\n", "        batch_size = self.t.shape[0]\n"),
        ],
        hint={"en": "take the batch size from the scores as a batch, y = self.y.reshape(-1, self.y.shape[-1]); batch_size = y.shape[0]: for one 1-D sample, t.shape[0] is the number of classes (or a label has no shape[0]).",
              "ko": "배치 크기는 점수를 배치 모양으로 바꾼 y = self.y.reshape(-1, self.y.shape[-1]) 에서 batch_size = y.shape[0] 로 구하세요: 1차원 표본 하나에서는 t.shape[0] 가 클래스 개수입니다 (레이블 하나에는 shape[0] 가 없습니다)."},
        costs={'SoftmaxWithLoss forward and backward(dout) on a random batch and on a single sample, with one-hot t': 0.3333, 'SoftmaxWithLoss forward and backward(dout) on a random batch and on a single sample, with label-index t': 0.3333}),
    # blind sets: the biases moved by the whole (N, ·) delta instead of its sum over the batch
    Mistake('backprop_bias_not_summed', 'mlp', edits=[
            ("    B2 = B2 - lr * layer2_delta.sum(axis=0)\n", "    B2 = B2 - lr * layer2_delta\n"),
            ("    B1 = B1 - lr * layer1_delta.sum(axis=0)\n", "    B1 = B1 - lr * layer1_delta\n"),
        ],
        hint={"en": "a bias gets the sum of its delta over the batch: B2 = B2 - lr * layer2_delta.sum(axis=0) (the same for B1); subtracting the (N, ·) delta itself broadcasts the bias into a 2-D array.",
              "ko": "편향에는 delta 를 배치에 대해 더한 값을 씁니다: B2 = B2 - lr * layer2_delta.sum(axis=0) (B1 도 같습니다). (N, ·) 모양의 delta 를 그대로 빼면 편향이 2차원 배열로 브로드캐스트됩니다."},
        costs={'one backprop_step on x = [[0, 0]], t = [[0]], lr = 0.2: w5 0.484645, w6 0.583918, b3 0.270750, b1 0.096352, b2 0.195656, W1 unchanged, E 0.244687': 3.0, 'backprop_step on a random network and batch': 2.0, 'backprop_step returns new arrays and does not modify x, t, W1, B1, W2, B2': 2.0, "train on the lecture's XNOR data (lr = 0.2, 1000 epochs) gives the reference's weights": 2.0, 'train makes per-sample updates in order, epochs passes, and leaves its arguments unchanged': 2.0}),
    # blind sets: with label indices, 1 subtracted at [:, t], every row at every label of the batch
    Mistake('softmaxloss_label_columns', 'layers', edits=[
            ("            dx[np.arange(batch_size), self.t.reshape(-1)] -= 1\n", "            dx[:, self.t.reshape(-1)] -= 1\n"),
        ],
        hint={"en": "with label indices, subtract 1 once per row, at that row's label: dx[np.arange(batch_size), t] -= 1; dx[:, t] subtracts it in every row at every label of the batch.",
              "ko": "레이블 인덱스이면 행마다 그 행의 레이블 위치에서 한 번만 1 을 빼세요: dx[np.arange(batch_size), t] -= 1. dx[:, t] 는 모든 행에서 배치의 모든 레이블 위치에 1 을 뺍니다."},
        costs={'SoftmaxWithLoss forward and backward(dout) on a random batch and on a single sample, with label-index t': 1.0}),
]
