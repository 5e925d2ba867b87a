"""Realistic wrong a5 submissions; `autograder build` writes each to examples/submissions/a5_two_layer_net/<name>/. Each declares its edit to the reference, its hint and what it costs (see autograder.mistakes)."""

from autograder.mistakes import Mistake

# titles of the hidden tests these mistakes lose points on
GRADIENT = 'gradient (backpropagation) agrees with the reference on random networks, label and one-hot t'
GRADIENT_CHECK = 'gradient check: gradient and numerical_gradient both agree with the true gradient of the loss (relative error below 1e-5) on TwoLayerNet(4, 5, 3) away from the ReLU kink'
HISTORY = 'train on 60 samples with batch_size=10 and iters_num=25: 25 losses, accuracies at iterations 0, 6, 12, 18, 24, the first before any update'
HISTORY_SIZES = 'the history has iters_num losses and one accuracy per epoch_len = max(train_size // batch_size, 1) iterations; a batch_size below 1 raises ValueError'
SGD = 'with optimizer=None, train does plain SGD in place: params, train_loss and accuracies follow the reference step by step'
OPTIMIZER = 'with an optimizer object, train calls optimizer.update(network.params, grads) instead of plain SGD'
DIGITS = 'TwoLayerNet(pixels, 50, 10) trained on handwritten digits classifies at least 90% of held-out test images'
NUMERICAL = 'numerical_gradient agrees with central differences of the loss and leaves params unchanged'
PARAMS_INIT = 'TwoLayerNet(64, 50, 10): params W1 (64, 50), b1 (50,), W2 (50, 10), b2 (10,); weights weight_init_std * randn, biases zero'
PREDICT_LOSS = 'predict and loss (label and one-hot t) agree with a reference network holding the same params'
ACCURACY = 'accuracy is the fraction of rows whose top score is the right class, for label and one-hot t'

MISTAKES = [
    # gradient calls lastLayer.backward but drops its result, so the Affine layers get dout = 1.
    Mistake('gradient_lastlayer_dout_dropped', 'two_layer_net', edits=[
            ('        dout = self.lastLayer.backward(dout)\n',
             '        self.lastLayer.backward(dout)\n'),
        ],
        hint={"en": 'keep what lastLayer.backward returns: dout = self.lastLayer.backward(dout), and pass that dout on to the layers.',
              "ko": 'lastLayer.backward 의 반환값을 받아야 합니다: dout = self.lastLayer.backward(dout) 로 받은 dout 을 다음 계층들에 넘기세요.'},
        # dout = 1 reaches the Affine layers: every call of gradient raises, so everything that trains errors
        costs={GRADIENT: 3.0, GRADIENT_CHECK: 3.0, HISTORY: 2.0, HISTORY_SIZES: 1.0, SGD: 3.0, OPTIMIZER: 2.0, DIGITS: 3.0}),
    # The layers get copies of the params arrays: numerical_gradient and training never reach them.
    Mistake('layers_copy_params', 'two_layer_net', edits=[
            ("Affine(self.params['W1'], self.params['b1'])",
             "Affine(self.params['W1'].copy(), self.params['b1'].copy())"),
            ("Affine(self.params['W2'], self.params['b2'])",
             "Affine(self.params['W2'].copy(), self.params['b2'].copy())"),
        ],
        hint={"en": "the layers must hold the very arrays of self.params (Affine(self.params['W1'], self.params['b1']), no copies): numerical_gradient and training change params in place, and the layers must see it.",
              "ko": "계층은 self.params 의 배열 자체를 가져야 합니다 (Affine(self.params['W1'], self.params['b1']), 복사 금지): numerical_gradient 와 학습은 params 를 제자리에서 바꾸고, 계층이 그 변화를 봐야 합니다."},
        # numerical_gradient returns zeros: "leaves params unchanged" is judged only with a right result, so lost too
        costs={NUMERICAL: 2.0, GRADIENT_CHECK: 3.0, SGD: 2.625, OPTIMIZER: 2.0, DIGITS: 3.0}),
    # accuracy compares the predicted labels with t itself, also when t is one-hot.
    Mistake('accuracy_onehot_labels', 'two_layer_net', edits=[
            ('        t = np.asarray(t)\n        if t.ndim != 1:\n            t = np.argmax(t, axis=1)\n',
             ''),
        ],
        hint={"en": 'with one-hot t, compare with the labels np.argmax(t, axis=1), not with t itself.',
              "ko": 't 가 원-핫이면 t 자체가 아니라 레이블 np.argmax(t, axis=1) 과 비교하세요.'},
        costs={ACCURACY: 1.0}),
    # accuracy returns the number of correct rows, not the fraction.
    Mistake('accuracy_count', 'two_layer_net', edits=[
            ('accuracy = np.sum(y == t) / float(y.shape[0])',
             'accuracy = np.sum(y == t)'),
        ],
        hint={"en": 'accuracy is a fraction: divide the number of correct rows by the number of rows.',
              "ko": '정확도는 비율입니다: 맞힌 행의 수를 전체 행의 수로 나누세요.'},
        costs={ACCURACY: 2.0, HISTORY: 0.8, SGD: 0.75}),
    # train records the accuracies at every iteration instead of once per epoch.
    Mistake('train_acc_every_iteration', 'train', edits=[
            ("        if i % epoch_len == 0:\n            history['train_acc'].append(float(network.accuracy(x_train, t_train)))\n            history['test_acc'].append(float(network.accuracy(x_test, t_test)))\n",
             "        history['train_acc'].append(float(network.accuracy(x_train, t_train)))\n        history['test_acc'].append(float(network.accuracy(x_test, t_test)))\n"),
        ],
        hint={"en": 'record train_acc and test_acc once per epoch, only at iterations i with i % epoch_len == 0, not at every iteration.',
              "ko": 'train_acc 와 test_acc 는 매 반복이 아니라 에폭마다, i % epoch_len == 0 인 반복에서만 기록합니다.'},
        costs={HISTORY: 0.8, HISTORY_SIZES: 0.4, SGD: 0.75}),
    # train records the accuracies after the update of iteration i, not before it: the first entry
    # is no longer the untrained network's.
    Mistake('accuracy_after_update', 'train', edits=[
            ("        if i % epoch_len == 0:\n            history['train_acc'].append(float(network.accuracy(x_train, t_train)))\n            history['test_acc'].append(float(network.accuracy(x_test, t_test)))\n\n",
             ''),
            ("        history['train_loss'].append(float(network.loss(x_batch, t_batch)))\n",
             "        history['train_loss'].append(float(network.loss(x_batch, t_batch)))\n        if i % epoch_len == 0:\n            history['train_acc'].append(float(network.accuracy(x_train, t_train)))\n            history['test_acc'].append(float(network.accuracy(x_test, t_test)))\n"),
        ],
        hint={"en": 'record train_acc and test_acc at the start of iteration i, before its update: the first entry is the accuracy of the untrained network.',
              "ko": 'train_acc 와 test_acc 는 i 번째 반복의 갱신 전, 반복을 시작할 때 기록하세요: 첫 값은 학습 전 신경망의 정확도입니다.'},
        # the first entries are the accuracies after the first update (the history test draws a setup where
        # they differ); in the SGD run only test_acc's history changes for this example's id
        costs={HISTORY: 0.8}),
    # SGD rebinds params[key] to a new array: the layers keep the old one and the net never learns.
    Mistake('sgd_not_in_place', 'train', edits=[
            ('network.params[key] -= learning_rate * grads[key]',
             'network.params[key] = network.params[key] - learning_rate * grads[key]'),
        ],
        hint={"en": 'update the parameters in place, network.params[key] -= learning_rate * grads[key]: params[key] = params[key] - ... makes a new array the layers never see.',
              "ko": '매개변수는 제자리에서 갱신하세요: network.params[key] -= learning_rate * grads[key]. params[key] = params[key] - ... 는 계층이 보지 못하는 새 배열을 만듭니다.'},
        costs={SGD: 2.625, DIGITS: 3.0}),
    # train always does its own SGD step and never uses the optimizer it is given.
    Mistake('train_ignores_optimizer', 'train', edits=[
            ('        if optimizer is None:\n            for key in grads:\n                network.params[key] -= learning_rate * grads[key]\n        else:\n            optimizer.update(network.params, grads)\n',
             '        for key in grads:\n            network.params[key] -= learning_rate * grads[key]\n'),
        ],
        hint={"en": 'when an optimizer is given, train must call optimizer.update(network.params, grads) instead of its own SGD step.',
              "ko": 'optimizer 가 주어지면 train 은 자체 SGD 대신 optimizer.update(network.params, grads) 를 호출해야 합니다.'},
        costs={OPTIMIZER: 0.6667}),
    # The loss of the batch is recorded before the update instead of after it.
    Mistake('train_loss_before_update', 'train', edits=[
            ("        history['train_loss'].append(float(network.loss(x_batch, t_batch)))\n",
             ''),
            ('        grads = network.gradient(x_batch, t_batch)\n',
             "        history['train_loss'].append(float(network.loss(x_batch, t_batch)))\n        grads = network.gradient(x_batch, t_batch)\n"),
        ],
        # the two runs whose train_loss is compared with the reference step by step
        costs={SGD: 0.375, OPTIMIZER: 0.3333},
        hint={"en": 'append network.loss(x_batch, t_batch) after the update of each iteration, as in the lecture, not before it.',
              "ko": '강의처럼 각 반복의 갱신이 끝난 뒤에 network.loss(x_batch, t_batch) 를 기록하세요 (갱신 전이 아니라).'}),
    # train's signature lacks the contract's seed: seed=... is a TypeError.
    Mistake('train_no_seed_parameter', 'train', edits=[
            ('          learning_rate=0.1, optimizer=None, seed=0):\n',
             '          learning_rate=0.1, optimizer=None):\n'),
            ('    rng = np.random.default_rng(seed)\n',
             '    rng = np.random.default_rng(0)\n'),
        ],
        hint={"en": 'train takes seed, as the contract says (..., optimizer=None, seed=0), and draws its batches from np.random.default_rng(seed).',
              "ko": 'train 은 명세대로 seed 를 인자로 받아야 합니다 (..., optimizer=None, seed=0): 미니배치는 np.random.default_rng(seed) 로 뽑으세요.'},
        # only the plain-SGD run passes seed=...
        costs={SGD: 3.0}),
    # NumPy 1 code: accuracy divides by the removed np.float_.
    Mistake('accuracy_np_float_', 'two_layer_net', edits=[
            ('accuracy = np.sum(y == t) / float(y.shape[0])',
             'accuracy = np.sum(y == t) / np.float_(y.shape[0])'),
        ],
        names='numpy_removed_alias',
        costs={HISTORY: 2.0, HISTORY_SIZES: 1.0, SGD: 3.0, OPTIMIZER: 2.0, DIGITS: 3.0, ACCURACY: 2.0}),
    # gradient runs backward through the layers in forward order (no reversed).
    Mistake('gradient_layers_not_reversed', 'two_layer_net', edits=[
            ('        for layer in reversed(list(self.layers.values())):\n',
             '        for layer in self.layers.values():\n'),
        ],
        hint={"en": 'backpropagation goes through the layers in reverse order: for layer in reversed(list(self.layers.values())): dout = layer.backward(dout).',
              "ko": '역전파는 계층을 역순으로 거칩니다: for layer in reversed(list(self.layers.values())): dout = layer.backward(dout).'},
        costs={HISTORY: 2.0, HISTORY_SIZES: 1.0, SGD: 3.0, OPTIMIZER: 2.0, DIGITS: 3.0, GRADIENT: 3.0, GRADIENT_CHECK: 3.0}),
    # gradient forgets the forward pass (self.loss(x, t)): backward uses the layers' last forward.
    Mistake('gradient_no_forward', 'two_layer_net', edits=[
            ('        self.loss(x, t)\n\n        dout = 1\n',
             '        dout = 1\n'),
        ],
        hint={"en": "gradient starts with a forward pass, self.loss(x, t): without it, backward works on the layers' last forward pass, not on this x and t.",
              "ko": 'gradient 는 먼저 self.loss(x, t) 로 순전파를 해야 합니다: 그렇지 않으면 backward 가 지금의 x 와 t 가 아니라 이전 순전파의 값으로 계산합니다.'},
        costs={HISTORY: 2.0, HISTORY_SIZES: 1.0, SGD: 3.0, OPTIMIZER: 2.0, DIGITS: 3.0, GRADIENT: 3.0, GRADIENT_CHECK: 3.0}),
    # The weights are drawn without weight_init_std: np.random.randn alone, std 1.
    Mistake('init_without_weight_std', 'two_layer_net', edits=[
            ("        self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)\n",
             "        self.params['W1'] = np.random.randn(input_size, hidden_size)\n"),
            ("        self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)\n",
             "        self.params['W2'] = np.random.randn(hidden_size, output_size)\n"),
        ],
        # named by the suite's standard-deviation checks (about 1: randn alone); the replay cannot,
        # since the weights are random
        hint={"en": "scale the random weights: self.params['W1'] = weight_init_std * np.random.randn(input_size, "
                    "hidden_size), and the same for W2 (np.random.randn alone has a standard deviation of 1).",
              "ko": "무작위 가중치에 weight_init_std 를 곱하세요: self.params['W1'] = weight_init_std * "
                    "np.random.randn(input_size, hidden_size), W2 도 같습니다 (np.random.randn 만 쓰면 표준편차가 1 입니다)."},
        costs={PARAMS_INIT: 1.2}),
    # The book's chapter-4 TwoLayerNet: predict ends with a softmax, so the loss applies it twice.
    Mistake('predict_softmax', 'two_layer_net', edits=[
            ('from layers import Affine, Relu, SoftmaxWithLoss\n',
             'from functions import softmax\nfrom layers import Affine, Relu, SoftmaxWithLoss\n'),
            ('            x = layer.forward(x)\n        return x\n',
             '            x = layer.forward(x)\n        return softmax(x)\n'),
        ],
        hint={"en": "predict returns the last Affine layer's scores, with no softmax: SoftmaxWithLoss in loss applies the softmax, so yours would apply it twice.",
              "ko": 'predict 는 소프트맥스 없이 마지막 Affine 계층의 출력을 반환합니다: loss 의 SoftmaxWithLoss 가 소프트맥스를 적용하므로, predict 에서도 쓰면 두 번 적용됩니다.'},
        costs={SGD: 2.25, OPTIMIZER: 2.0, DIGITS: 3.0, PREDICT_LOSS: 2.0, GRADIENT: 3.0, NUMERICAL: 2.0, GRADIENT_CHECK: 3.0}),
    # The biases as row vectors np.zeros((1, n)) instead of 1-D arrays np.zeros(n).
    Mistake('bias_2d', 'two_layer_net', edits=[
            ("        self.params['b1'] = np.zeros(hidden_size)\n",
             "        self.params['b1'] = np.zeros((1, hidden_size))\n"),
            ("        self.params['b2'] = np.zeros(output_size)\n",
             "        self.params['b2'] = np.zeros((1, output_size))\n"),
        ],
        hint={"en": "the biases are 1-D: self.params['b1'] = np.zeros(hidden_size) of shape (hidden_size,), not np.zeros((1, hidden_size)); the same for b2.",
              "ko": "편향은 1차원 배열입니다: self.params['b1'] = np.zeros(hidden_size) 로 shape (hidden_size,) 로 만드세요. np.zeros((1, hidden_size)) 가 아닙니다. b2 도 마찬가지입니다."},
        costs={HISTORY: 2.0, SGD: 3.0, OPTIMIZER: 2.0, DIGITS: 3.0, PARAMS_INIT: 2.0, PREDICT_LOSS: 2.0, ACCURACY: 2.0, GRADIENT: 3.0, NUMERICAL: 2.0, GRADIENT_CHECK: 3.0}),
    # accuracy as np.mean(y == t) with t as given: a one-hot t broadcasts against the labels.
    Mistake('accuracy_onehot_mean', 'two_layer_net', edits=[
            ('        t = np.asarray(t)\n        if t.ndim != 1:\n            t = np.argmax(t, axis=1)\n        accuracy = np.sum(y == t) / float(y.shape[0])\n',
             '        accuracy = np.mean(y == t)\n'),
        ],
        names='accuracy_onehot_labels',
        costs={ACCURACY: 1.0}),
    # epoch_len with true division: train_size / batch_size is a float, and i % epoch_len == 0 only at its whole multiples.
    Mistake('epoch_len_true_division', 'train', edits=[
            ('    epoch_len = max(train_size // batch_size, 1)\n',
             '    epoch_len = max(train_size / batch_size, 1)\n'),
        ],
        hint={"en": 'epoch_len is a whole number of iterations: max(train_size // batch_size, 1), with //; train_size / batch_size is a float, and when batch_size does not divide train_size, i % epoch_len == 0 misses the epochs.',
              "ko": 'epoch_len 은 반복 횟수이므로 정수입니다: // 를 써서 max(train_size // batch_size, 1) 로 구하세요. train_size / batch_size 는 실수라서, batch_size 가 train_size 를 나누어떨어지게 하지 않으면 i % epoch_len == 0 이 에포크를 놓칩니다.'},
        costs={HISTORY_SIZES: 0.2}),
    # train without its batch_size check: batch_size=0 fails with ZeroDivisionError instead of the contract's ValueError.
    Mistake('train_no_batch_size_check', 'train', edits=[
            ('    if batch_size < 1:\n        raise ValueError(f"batch_size must be at least 1, got {batch_size}")\n',
             ''),
        ],
        hint={"en": 'train must raise ValueError when batch_size < 1, as its docstring says: keep if batch_size < 1: raise ValueError(...) at its start (batch_size=0 otherwise fails later with another error, a ZeroDivisionError).',
              "ko": 'train 은 docstring 에 적힌 대로 batch_size < 1 이면 ValueError 를 일으켜야 합니다: 함수 맨 앞에 if batch_size < 1: raise ValueError(...) 를 두세요 (그렇지 않으면 batch_size=0 이 나중에 ZeroDivisionError 같은 다른 오류로 실패합니다).'},
        costs={HISTORY_SIZES: 0.1}),
    # accuracy with floor division: np.sum(y == t) // N is 0 unless every sample is right.
    Mistake('acc_int_div', 'two_layer_net', edits=[
            ('accuracy = np.sum(y == t) / float(y.shape[0])',
             'accuracy = np.sum(y == t) // y.shape[0]'),
        ],
        hint={"en": "accuracy is a fraction between 0 and 1: divide with /, np.sum(y == t) / float(y.shape[0]); // rounds down, so it is 0 unless every sample is right.",
              "ko": '정확도는 0 과 1 사이의 비율입니다: np.sum(y == t) / float(y.shape[0]) 처럼 / 로 나누세요. // 는 내림을 하므로 모든 샘플을 맞히지 않으면 0 이 됩니다.'},
        costs={HISTORY: 0.8, SGD: 0.375, ACCURACY: 2.0}),
    # train's epoch length without max(..., 1): 0 when batch_size > train_size, and i % 0 raises ZeroDivisionError.
    Mistake('train_epoch_len_zero', 'train', edits=[
            ('epoch_len = max(train_size // batch_size, 1)',
             'epoch_len = train_size // batch_size'),
        ],
        hint={"en": "an epoch is at least one iteration: epoch_len = max(train_size // batch_size, 1); when batch_size is larger than train_size, train_size // batch_size is 0 and i % epoch_len raises ZeroDivisionError.",
              "ko": '한 에폭은 적어도 한 번의 반복입니다: epoch_len = max(train_size // batch_size, 1). batch_size 가 train_size 보다 크면 train_size // batch_size 가 0 이 되어 i % epoch_len 에서 ZeroDivisionError 가 납니다.'},
        costs={HISTORY_SIZES: 0.4}),
    # a blind set: SoftmaxWithLoss already averages over the batch; dividing again makes the loss N times too small
    Mistake('loss_divided_twice', 'two_layer_net', edits=[
            ("        return self.lastLayer.forward(y, t)\n", "        return self.lastLayer.forward(y, t) / x.shape[0]\n"),
        ],
        hint={"en": "SoftmaxWithLoss already averages over the batch: loss returns self.lastLayer.forward(y, t) as it is, not divided by the batch size again.",
              "ko": "SoftmaxWithLoss 가 이미 배치에 대해 평균을 냅니다: loss 는 self.lastLayer.forward(y, t) 를 배치 크기로 다시 나누지 말고 그대로 반환합니다."},
        costs={'with optimizer=None, train does plain SGD in place: params, train_loss and accuracies follow the reference step by step': 0.375, 'with an optimizer object, train calls optimizer.update(network.params, grads) instead of plain SGD': 0.3333, 'predict and loss (label and one-hot t) agree with a reference network holding the same params': 1.3333, 'numerical_gradient agrees with central differences of the loss and leaves params unchanged': 2.0, 'gradient check: gradient and numerical_gradient both agree with the true gradient of the loss (relative error below 1e-5) on TwoLayerNet(4, 5, 3) away from the ReLU kink': 3.0}),
    # a blind set (the book's chapter 4 network): a sigmoid hidden layer where the contract has a ReLU
    Mistake('hidden_sigmoid', 'two_layer_net', edits=[
            ("from layers import Affine, Relu, SoftmaxWithLoss", "from layers import Affine, Relu, Sigmoid, SoftmaxWithLoss"),
            ("        self.layers['Relu1'] = Relu()\n", "        self.layers['Relu1'] = Sigmoid()\n"),
        ],
        hint={"en": "the hidden layer is a ReLU in this assignment, self.layers['Relu1'] = Relu(); the sigmoid hidden layer is the book's chapter 4 network.",
              "ko": "이 과제의 은닉층은 ReLU 입니다: self.layers['Relu1'] = Relu(). sigmoid 은닉층은 책 4장의 신경망입니다."},
        costs={HISTORY: 0.8, SGD: 3.0, OPTIMIZER: 2.0, DIGITS: 3.0, 'net.layers holds Affine1, Relu1, Affine2 in this order and net.lastLayer is a SoftmaxWithLoss': 0.3333, PREDICT_LOSS: 2.0, ACCURACY: 1.3333, GRADIENT: 3.0, NUMERICAL: 2.0, GRADIENT_CHECK: 3.0}),
    # a blind set: numerical_gradient nudges a copy, so the loss never moves and every gradient is 0
    Mistake('numgrad_on_copy', 'two_layer_net', edits=[
            ("            grads[key] = numerical_gradient(loss_W, self.params[key])\n",
             "            grads[key] = numerical_gradient(loss_W, self.params[key].copy())\n"),
        ],
        hint={"en": "numerical_gradient must nudge the very array self.params[key] the layers use (no copy): nudging a copy never changes the loss, so every gradient comes out 0.",
              "ko": "numerical_gradient 는 계층이 쓰는 self.params[key] 배열 자체를 조금씩 바꿔야 합니다 (복사 금지): 복사본을 바꾸면 손실이 전혀 변하지 않아 모든 기울기가 0 이 됩니다."},
        costs={'numerical_gradient agrees with central differences of the loss and leaves params unchanged': 2.0, 'gradient check: gradient and numerical_gradient both agree with the true gradient of the loss (relative error below 1e-5) on TwoLayerNet(4, 5, 3) away from the ReLU kink': 3.0}),
    # blind sets: the gradient divided by the batch size again after SoftmaxWithLoss.backward
    Mistake('gradient_divided_twice', 'two_layer_net', edits=[
            ("        dout = self.lastLayer.backward(dout)\n", "        dout = self.lastLayer.backward(dout) / x.shape[0]\n"),
        ],
        hint={"en": "SoftmaxWithLoss.backward already divides by the batch size: pass its result on as it is; dividing again makes every gradient N times too small.",
              "ko": "SoftmaxWithLoss.backward 가 이미 배치 크기로 나눕니다: 그 결과를 그대로 넘기세요. 다시 나누면 모든 기울기가 N 배 작아집니다."},
        costs={SGD: 2.25, OPTIMIZER: 0.6667, DIGITS: 3.0, GRADIENT: 3.0, GRADIENT_CHECK: 3.0}),
    # blind sets: test_acc measured on the training data (a copied line)
    Mistake('test_acc_on_train_data', 'train', edits=[
            ("network.accuracy(x_test, t_test)", "network.accuracy(x_train, t_train)"),
        ],
        hint={"en": "test_acc is the accuracy on the test data: network.accuracy(x_test, t_test), not on x_train, t_train (that repeats train_acc and hides overfitting).",
              "ko": "test_acc 는 시험 데이터의 정확도입니다: network.accuracy(x_test, t_test). x_train, t_train 으로 재면 train_acc 를 되풀이할 뿐이고 과적합을 가립니다."},
        costs={'with optimizer=None, train does plain SGD in place: params, train_loss and accuracies follow the reference step by step': 0.375}),
    # blind sets: np.random.rand (uniform on [0, 1), all positive) for np.random.randn
    Mistake('init_uniform_rand', 'two_layer_net', edits=[
            ("weight_init_std * np.random.randn(input_size, hidden_size)", "weight_init_std * np.random.rand(input_size, hidden_size)"),
            ("weight_init_std * np.random.randn(hidden_size, output_size)", "weight_init_std * np.random.rand(hidden_size, output_size)"),
        ],
        hint={"en": "draw the weights with np.random.randn (a standard normal, both signs), not np.random.rand (uniform on [0, 1), all positive): W1 = weight_init_std * np.random.randn(input_size, hidden_size).",
              "ko": "가중치는 np.random.rand (0 과 1 사이 균등분포, 모두 양수) 가 아니라 np.random.randn (표준정규분포, 양수와 음수) 으로 뽑으세요: W1 = weight_init_std * np.random.randn(input_size, hidden_size)."},
        costs={'TwoLayerNet(64, 50, 10): params W1 (64, 50), b1 (50,), W2 (50, 10), b2 (10,); weights weight_init_std * randn, biases zero': 1.2}),
    # blind sets: a hand-written backprop whose dy = y - t is not divided by the batch size
    Mistake('gradient_not_divided_by_batch', 'two_layer_net', edits=[
            ("        dout = self.lastLayer.backward(dout)\n", "        dout = self.lastLayer.backward(dout) * x.shape[0]\n"),
        ],
        hint={"en": "the loss is the average over the batch, so its gradient at the scores is (y - t) / batch_size (what SoftmaxWithLoss.backward returns); y - t alone makes every gradient N times too large.",
              "ko": "손실이 배치의 평균이므로 점수에 대한 기울기는 (y - t) / batch_size 입니다 (SoftmaxWithLoss.backward 가 돌려주는 값). y - t 만 쓰면 모든 기울기가 N 배 커집니다."},
        costs={'with optimizer=None, train does plain SGD in place: params, train_loss and accuracies follow the reference step by step': 1.875, 'with an optimizer object, train calls optimizer.update(network.params, grads) instead of plain SGD': 1.6667, 'TwoLayerNet(pixels, 50, 10) trained on handwritten digits classifies at least 90% of held-out test images': 3.0, 'gradient (backpropagation) agrees with the reference on random networks, label and one-hot t': 3.0, 'gradient check: gradient and numerical_gradient both agree with the true gradient of the loss (relative error below 1e-5) on TwoLayerNet(4, 5, 3) away from the ReLU kink': 3.0}),
    # blind sets: numerical_gradient written out with the forward difference
    Mistake('numgrad_forward_difference', 'two_layer_net', edits=[
            ("from layers import Affine, Relu, SoftmaxWithLoss\n",
             "from layers import Affine, Relu, SoftmaxWithLoss\n\n\n"
             "def forward_gradient(f, x, h=1e-4):\n"
             "    grad = np.zeros_like(x)\n"
             "    for idx in np.ndindex(x.shape):\n"
             "        keep = x[idx]\n"
             "        fx = f(x)\n"
             "        x[idx] = keep + h\n"
             "        grad[idx] = (f(x) - fx) / h\n"
             "        x[idx] = keep\n"
             "    return grad\n"),
            ("            grads[key] = numerical_gradient(loss_W, self.params[key])\n",
             "            grads[key] = forward_gradient(loss_W, self.params[key])\n"),
        ],
        hint={"en": "use the central difference (f(x + h) - f(x - h)) / (2h), assignment 3's numerical_gradient: the forward difference (f(x + h) - f(x)) / h has an error of order h, too large to agree with backpropagation to 1e-5.",
              "ko": "중앙 차분 (f(x + h) - f(x - h)) / (2h), 즉 과제 3 의 numerical_gradient 를 쓰세요: 전방 차분 (f(x + h) - f(x)) / h 는 h 정도의 오차가 있어 역전파와 1e-5 까지 맞지 않습니다."},
        costs={NUMERICAL: 1.2, GRADIENT_CHECK: 3.0}),
]
