"""Realistic wrong a1 submissions; `autograder build` writes each to examples/submissions/a1_perceptron/<name>/. Each declares its edit to the reference, its hint and what it costs (see autograder.mistakes)."""

from autograder.mistakes import Mistake

# titles of the hidden tests these mistakes lose points on
PERCEPTRON_LECTURE = 'perceptron(x, [0.5, 0.5], -0.7) gives the int 1 for x = [1, 1] and 0 for x = [1, 0]'
THRESHOLD = 'perceptron gives 0 when w·x + b is exactly 0: perceptron([1, 0], [0.5, 0.5], -0.5)'
PERCEPTRON_RANDOM = 'perceptron on random inputs, some exactly on the threshold'
XOR_TABLE = 'XOR reproduces its truth table 0, 1, 1, 0'
XOR_BUILT = 'XOR calls your gates: AND(NAND(x1, x2), OR(x1, x2))'
GATES_INT = 'AND, NAND, OR and XOR return the int 0 or 1, not a bool'
TRAIN_KEEPS_W = "train_perceptron does not modify the caller's w"
TRAIN_LECTURE = "train_perceptron on the lecture's AND data from w = [0.1, 0.1], b = -0.22 (lr 0.05, 10 epochs)"
TRAIN_ZERO = 'train_perceptron on AND from w = [0, 0], b = 0 (lr 0.5, 6 epochs): a sum of exactly 0 predicts 1'
TRAIN_RANDOM = 'train_perceptron on a random linearly separable data set'

MISTAKES = [
    # perceptron() fires on a sum of exactly 0.
    Mistake('perceptron_threshold', 'perceptron', edits=[
            ('    a = np.dot(w, x) + b\n    return 1 if a > 0 else 0\n',
             '    a = np.dot(w, x) + b\n    return 1 if a >= 0 else 0\n'),
        ],
        hint={"en": 'the perceptron fires only when w·x + b > 0 (strictly greater).',
              "ko": '퍼셉트론은 w·x + b > 0 (0보다 클 때)만 1을 출력합니다.'},
        costs={THRESHOLD: 1.0, PERCEPTRON_RANDOM: 0.5}),
    # The second layer of XOR is OR instead of AND: the table becomes 1, 1, 1, 1.
    Mistake('xor_wrong_layers', 'perceptron', edits=[
            ('    return AND(s1, s2)\n',
             '    return OR(s1, s2)\n'),
        ],
        hint={"en": 'XOR is AND(NAND(x1, x2), OR(x1, x2)): NAND and OR in the first layer, AND in the second.',
              "ko": 'XOR 는 AND(NAND(x1, x2), OR(x1, x2)) 입니다: 첫 층에 NAND 와 OR, 둘째 층에 AND.'},
        # OR(NAND, OR) is 1 on every input: a constant earns no row of the table (2 of 4 were right by
        # chance), nor the patched-XOR case whose answer is all 1, nor XOR's int check (judged with its table)
        costs={XOR_TABLE: 2.0, XOR_BUILT: 1.0, GATES_INT: 0.25}),
    # The gates return the comparison itself (a numpy bool) instead of the int 0/1.
    Mistake('gate_returns_bool', 'perceptron', edits=[
            ('    b = -0.7\n    tmp = np.sum(w * x) + b\n    return 1 if tmp > 0 else 0\n',
             '    b = -0.7\n    tmp = np.sum(w * x) + b\n    return tmp > 0\n'),
            ('    b = 0.7\n    tmp = np.sum(w * x) + b\n    return 1 if tmp > 0 else 0\n',
             '    b = 0.7\n    tmp = np.sum(w * x) + b\n    return tmp > 0\n'),
            ('    b = -0.3\n    tmp = np.sum(w * x) + b\n    return 1 if tmp > 0 else 0\n',
             '    b = -0.3\n    tmp = np.sum(w * x) + b\n    return tmp > 0\n'),
        ],
        hint={"en": 'a gate returns the int 0 or 1: write `return 1 if tmp > 0 else 0` (a comparison like tmp > 0 gives a bool).',
              "ko": '게이트는 정수 0 또는 1 을 반환합니다: `return 1 if tmp > 0 else 0` 처럼 쓰세요 (tmp > 0 같은 비교는 bool 입니다).'},
        costs={GATES_INT: 1.0}),
    # np.asarray does not copy a float array: the updates change the caller's w.
    Mistake('perceptron_w_not_copied', 'perceptron', edits=[
            ('    w = np.array(w, dtype=float)\n',
             '    w = np.asarray(w, dtype=float)\n'),
        ],
        hint={"en": "train_perceptron must work on a copy of w (w = np.array(w, dtype=float)); np.asarray or w += ... on the caller's array changes it.",
              "ko": 'train_perceptron 은 w 의 복사본으로 학습해야 합니다 (w = np.array(w, dtype=float)). np.asarray 나 호출자 배열에 w += ... 를 하면 원본이 바뀝니다.'},
        costs={TRAIN_KEEPS_W: 1.0}),
    # Errors are counted with a fresh prediction made after the update.
    Mistake('perceptron_errors_after_update', 'perceptron', edits=[
            ('            if y != d_i:\n                errors[epoch] += 1\n            w += lr * (d_i - y) * x\n            b += lr * (d_i - y)\n',
             '            w += lr * (d_i - y) * x\n            b += lr * (d_i - y)\n            if (1 if np.dot(w, x) + b >= 0 else 0) != d_i:\n                errors[epoch] += 1\n'),
        ],
        hint={"en": 'errors[e] counts the samples whose prediction y, made before the update, differs from d (count it before changing w and b).',
              "ko": 'errors[e] 는 갱신 전에 낸 예측 y 가 d 와 다른 샘플 수입니다 (w 와 b 를 바꾸기 전에 세세요).'},
        # w left alone is judged only with a right (w, b, errors): its errors are wrong, so that point goes too
        costs={TRAIN_LECTURE: 0.6667, TRAIN_ZERO: 0.6667, TRAIN_RANDOM: 1.0, TRAIN_KEEPS_W: 1.0}),
    # Training reuses perceptron()'s strict "> 0" instead of the learning rule's ">= 0".
    Mistake('train_threshold', 'perceptron', edits=[
            ('            y = 1 if np.dot(w, x) + b >= 0 else 0\n',
             '            y = 1 if np.dot(w, x) + b > 0 else 0\n'),
        ],
        hint={"en": "train_perceptron predicts with y = 1 if w·x + b >= 0 (the lecture's learning rule), unlike perceptron(), which uses > 0.",
              "ko": 'train_perceptron 은 강의의 학습 규칙대로 w·x + b >= 0 이면 y = 1 로 예측합니다 (perceptron() 의 > 0 과 다릅니다).'},
        costs={TRAIN_ZERO: 1.3333}),
    # perceptron() returns np.where(...), a 0-d array, instead of the int 0 or 1.
    Mistake('perceptron_returns_array', 'perceptron', edits=[
            ('    a = np.dot(w, x) + b\n    return 1 if a > 0 else 0\n',
             '    a = np.dot(w, x) + b\n    return np.where(a > 0, 1, 0)\n'),
        ],
        hint={"en": 'perceptron returns the int 0 or 1: write `return 1 if a > 0 else 0` (np.where(...) gives a 0-d array, not an int).',
              "ko": 'perceptron 은 정수 0 또는 1 을 반환합니다: `return 1 if a > 0 else 0` 처럼 쓰세요 (np.where(...) 는 정수가 아니라 0차원 배열을 돌려줍니다).'},
        costs={PERCEPTRON_LECTURE: 0.25}),
    # The learning rule with the error the wrong way round, (y - d): each update moves away from d.
    Mistake('train_update_sign', 'perceptron', edits=[
            ('            w += lr * (d_i - y) * x\n            b += lr * (d_i - y)\n',
             '            w += lr * (y - d_i) * x\n            b += lr * (y - d_i)\n'),
        ],
        hint={"en": 'the learning rule moves w and b towards the target: w += lr * (d - y) * x and b += lr * (d - y), with (d - y), not (y - d).',
              "ko": '학습 규칙은 w 와 b 를 정답 쪽으로 옮깁니다: (y - d) 가 아니라 (d - y) 를 써서 w += lr * (d - y) * x, b += lr * (d - y) 로 갱신하세요.'},
        costs={TRAIN_LECTURE: 2.0, TRAIN_ZERO: 2.0, TRAIN_RANDOM: 3.0, TRAIN_KEEPS_W: 1.0}),
    # Only w is trained: the bias keeps its initial value.
    Mistake('train_bias_not_updated', 'perceptron', edits=[
            ('            b += lr * (d_i - y)\n',
             ''),
        ],
        hint={"en": 'the bias is trained too: after updating w, also update b += lr * (d - y).',
              "ko": '편향도 학습해야 합니다: w 를 갱신한 뒤 b += lr * (d - y) 로 b 도 갱신하세요.'},
        costs={TRAIN_LECTURE: 0.6667, TRAIN_ZERO: 2.0, TRAIN_RANDOM: 3.0, TRAIN_KEEPS_W: 1.0}),
    # errors is a float array (np.zeros(epochs) without dtype=int).
    Mistake('train_errors_float', 'perceptron', edits=[
            ('    errors = np.zeros(epochs, dtype=int)\n',
             '    errors = np.zeros(epochs)\n'),
        ],
        hint={"en": 'errors is an int array with one count per epoch: create it with errors = np.zeros(epochs, dtype=int).',
              "ko": 'errors 는 에폭마다 틀린 샘플 수를 하나씩 담는 정수 배열입니다: errors = np.zeros(epochs, dtype=int) 로 만드세요.'},
        costs={TRAIN_LECTURE: 0.6667, TRAIN_ZERO: 0.6667, TRAIN_RANDOM: 1.0, TRAIN_KEEPS_W: 1.0}),
    # errors is a Python list with one count appended per epoch, not an int array.
    Mistake('train_errors_list', 'perceptron', edits=[
            ('    errors = np.zeros(epochs, dtype=int)\n',
             '    errors = []\n'),
            ('    for epoch in range(epochs):\n        for x, d_i',
             '    for epoch in range(epochs):\n        errors.append(0)\n        for x, d_i'),
        ],
        names='train_errors_float',
        costs={TRAIN_LECTURE: 0.6667, TRAIN_ZERO: 0.6667, TRAIN_RANDOM: 1.0, TRAIN_KEEPS_W: 1.0}),
    # The signature lacks the contract's epochs: ten passes are hard-coded, and epochs=... is a TypeError.
    Mistake('train_no_epochs_parameter', 'perceptron', edits=[
            ('def train_perceptron(X, d, w, b, lr=0.05, epochs=10):\n',
             'def train_perceptron(X, d, w, b, lr=0.05):\n'),
            ('    errors = np.zeros(epochs, dtype=int)\n',
             '    epochs = 10\n    errors = np.zeros(epochs, dtype=int)\n'),
        ],
        hint={"en": 'train_perceptron takes epochs, as the contract says: def train_perceptron(X, d, w, b, lr=0.05, epochs=10), then for epoch in range(epochs).',
              "ko": 'train_perceptron 은 명세대로 epochs 를 인자로 받아야 합니다: def train_perceptron(X, d, w, b, lr=0.05, epochs=10) 로 정의하고 for epoch in range(epochs) 로 반복하세요.'},
        costs={TRAIN_LECTURE: 2.0, TRAIN_ZERO: 2.0, TRAIN_RANDOM: 3.0, TRAIN_KEEPS_W: 1.0}),
    # NumPy 1 code: the removed alias np.float_ for the copy of w.
    Mistake('train_np_float_', 'perceptron', edits=[
            ('    w = np.array(w, dtype=float)\n',
             '    w = np.array(w, dtype=np.float_)\n'),
        ],
        names='numpy_removed_alias',
        costs={TRAIN_LECTURE: 2.0, TRAIN_ZERO: 2.0, TRAIN_RANDOM: 3.0, TRAIN_KEEPS_W: 1.0}),
    # The bias read as the book's threshold θ (y = 1 if w·x > θ): w·x > b instead of w·x + b > 0.
    Mistake('perceptron_bias_as_threshold', 'perceptron', edits=[
            ('    a = np.dot(w, x) + b\n    return 1 if a > 0 else 0\n',
             '    a = np.dot(w, x)\n    return 1 if a > b else 0\n'),
        ],
        hint={"en": 'b is a bias added to the weighted sum, not a threshold: compute a = np.dot(w, x) + b and return 1 if a > 0.',
              "ko": 'b 는 임계값이 아니라 가중합에 더하는 편향입니다: a = np.dot(w, x) + b 를 계산하고 a > 0 이면 1 을 반환하세요.'},
        costs={PERCEPTRON_LECTURE: 1.0, THRESHOLD: 1.0, PERCEPTRON_RANDOM: 2.0}),
    # XOR written from its truth table (x1 != x2) instead of calling the gates.
    Mistake('xor_not_from_gates', 'perceptron', edits=[
            ('    s1 = NAND(x1, x2)\n    s2 = OR(x1, x2)\n    return AND(s1, s2)\n',
             '    return 1 if x1 != x2 else 0\n'),
        ],
        hint={"en": 'build XOR from your gates, not from its truth table: s1 = NAND(x1, x2), s2 = OR(x1, x2), then return AND(s1, s2).',
              "ko": 'XOR 는 진리표가 아니라 직접 만든 게이트로 만들어야 합니다: s1 = NAND(x1, x2), s2 = OR(x1, x2) 를 구한 뒤 AND(s1, s2) 를 반환하세요.'},
        costs={XOR_BUILT: 1.0}),
    # perceptron() returns the comparison itself, a numpy bool, instead of the int 0 or 1.
    Mistake('perceptron_returns_bool', 'perceptron', edits=[
            ('    a = np.dot(w, x) + b\n    return 1 if a > 0 else 0\n',
             '    a = np.dot(w, x) + b\n    return a > 0\n'),
        ],
        hint={"en": 'perceptron returns the int 0 or 1: write `return 1 if a > 0 else 0` (a comparison such as a > 0 gives a bool, not an int).',
              "ko": 'perceptron 은 정수 0 또는 1 을 반환합니다: `return 1 if a > 0 else 0` 처럼 쓰세요 (a > 0 같은 비교의 결과는 정수가 아니라 bool 입니다).'},
        costs={PERCEPTRON_LECTURE: 0.25}),
    # The epoch loop starts at 1: one pass fewer, and errors[0] is never counted.
    Mistake('train_epochs_off_by_one', 'perceptron', edits=[
            ('    for epoch in range(epochs):\n',
             '    for epoch in range(1, epochs):\n'),
        ],
        hint={"en": 'train_perceptron makes exactly epochs passes, numbered 0 to epochs - 1: loop with for epoch in range(epochs) (range(1, epochs) makes one pass fewer and leaves errors[0] at 0).',
              "ko": 'train_perceptron 은 0 부터 epochs - 1 까지 정확히 epochs 번 반복합니다: for epoch in range(epochs) 로 반복하세요 (range(1, epochs) 는 한 번 덜 돌고 errors[0] 을 0 으로 남깁니다).'},
        costs={TRAIN_LECTURE: 0.6667, TRAIN_ZERO: 0.6667, TRAIN_RANDOM: 1.0, TRAIN_KEEPS_W: 1.0}),
    # errors[e] counted after the epoch, with a second pass of the trained w and b over the data.
    Mistake('perceptron_errors_end_of_epoch', 'perceptron', edits=[
            ('            if y != d_i:\n                errors[epoch] += 1\n', ''),
            ('            b += lr * (d_i - y)\n    return w, b, errors\n',
             '            b += lr * (d_i - y)\n'
             '        errors[epoch] = sum((1 if np.dot(w, x) + b >= 0 else 0) != d_i for x, d_i in zip(np.asarray(X, dtype=float), d))\n'
             '    return w, b, errors\n'),
        ],
        names='perceptron_errors_after_update',
        costs={TRAIN_LECTURE: 0.6667, TRAIN_ZERO: 0.6667, TRAIN_RANDOM: 1.0, TRAIN_KEEPS_W: 1.0}),
    # The bias moves by the error alone, without the learning rate: b = b + (d - y).
    Mistake('train_bias_no_lr', 'perceptron', edits=[
            ('            b += lr * (d_i - y)\n',
             '            b = b + (d_i - y)\n'),
        ],
        hint={"en": 'the bias is learned like a weight whose input is always 1: b += lr * (d - y), with the learning rate, as for w += lr * (d - y) * x.',
              "ko": '편향은 입력이 항상 1 인 가중치처럼 학습됩니다: w += lr * (d - y) * x 와 마찬가지로 학습률을 곱해 b += lr * (d - y) 로 바꾸세요.'},
        costs={TRAIN_LECTURE: 1.3333, TRAIN_ZERO: 2.0, TRAIN_RANDOM: 3.0, TRAIN_KEEPS_W: 1.0}),
    # a blind set: the bias inside the sum, so it is added once per input
    Mistake('perceptron_bias_per_input', 'perceptron', edits=[
            ("    a = np.dot(w, x) + b\n", "    a = np.sum(w * x + b)\n"),
        ],
        hint={"en": "the bias is added once, after the weighted sum: np.dot(w, x) + b; np.sum(w * x + b) adds it once per input.",
              "ko": "편향은 가중합을 구한 뒤 한 번만 더합니다: np.dot(w, x) + b. np.sum(w * x + b) 는 입력마다 한 번씩 더합니다."},
        costs={'perceptron(x, [0.5, 0.5], -0.7) gives the int 1 for x = [1, 1] and 0 for x = [1, 0]': 1.0, 'perceptron gives 0 when w·x + b is exactly 0: perceptron([1, 0], [0.5, 0.5], -0.5)': 1.0, 'perceptron on random inputs, some exactly on the threshold': 2.0}),
    # blind sets: NAND made from AND with only some of the signs flipped
    Mistake('nand_keeps_and_bias', 'perceptron', edits=[
            ("    w = np.array([-0.5, -0.5])\n    b = 0.7\n", "    w = np.array([-0.5, -0.5])\n    b = -0.7\n"),
        ],
        hint={"en": "NAND is AND with every sign flipped, the bias's too: w = [-0.5, -0.5] and b = 0.7 (with b = -0.7 the sum is never positive, so NAND is always 0).",
              "ko": "NAND 는 AND 의 부호를 모두 뒤집은 것입니다. 편향도요: w = [-0.5, -0.5], b = 0.7 (b = -0.7 이면 합이 양수가 되지 않아 NAND 가 언제나 0 입니다)."},
        costs={'NAND reproduces its truth table 1, 1, 1, 0': 1.0, 'XOR reproduces its truth table 0, 1, 1, 0': 2.0, 'AND, NAND, OR and XOR return the int 0 or 1, not a bool': 0.5}),
    Mistake('nand_keeps_and_weights', 'perceptron', edits=[
            ("    w = np.array([-0.5, -0.5])\n    b = 0.7\n", "    w = np.array([0.5, 0.5])\n    b = 0.7\n"),
        ],
        hint={"en": "NAND is AND with every sign flipped, the weights' too: w = [-0.5, -0.5] and b = 0.7 (with positive weights the sum is always positive, so NAND is always 1).",
              "ko": "NAND 는 AND 의 부호를 모두 뒤집은 것입니다. 가중치도요: w = [-0.5, -0.5], b = 0.7 (가중치가 양수이면 합이 언제나 양수라 NAND 가 언제나 1 입니다)."},
        costs={'NAND reproduces its truth table 1, 1, 1, 0': 1.0, 'XOR reproduces its truth table 0, 1, 1, 0': 0.5, 'AND, NAND, OR and XOR return the int 0 or 1, not a bool': 0.5}),
    # blind sets: OR with a bias of -0.5, so one active input sums to exactly 0, which does not fire
    Mistake('or_bias_too_low', 'perceptron', edits=[
            ("    b = -0.3\n", "    b = -0.5\n"),
        ],
        hint={"en": "one active input must be enough for OR: with weights 0.5 it gives 0.5 + b, which must be > 0, so the bias lies between -0.5 and 0 (e.g. -0.3); at -0.5 or below, OR behaves like AND.",
              "ko": "OR 은 입력 하나만 1 이어도 켜져야 합니다: 가중치가 0.5 이면 합은 0.5 + b 이고 이 값이 0 보다 커야 하므로 편향은 -0.5 와 0 사이여야 합니다 (예: -0.3). -0.5 이하이면 OR 이 AND 처럼 동작합니다."},
        costs={'OR reproduces its truth table 0, 1, 1, 1': 0.5, 'XOR reproduces its truth table 0, 1, 1, 0': 2.0, 'AND, NAND, OR and XOR return the int 0 or 1, not a bool': 0.5}),
    # blind sets: the error counter set to zero once, before the epochs, so errors[e] is a running total
    Mistake('train_errors_cumulative', 'perceptron', edits=[
            ("    errors = np.zeros(epochs, dtype=int)\n", "    errors = np.zeros(epochs, dtype=int)\n    count = 0\n"),
            ("                errors[epoch] += 1\n", "                count += 1\n"),
            ("            b += lr * (d_i - y)\n    return", "            b += lr * (d_i - y)\n        errors[epoch] = count\n    return"),
        ],
        hint={"en": "errors[e] counts the mistakes of epoch e alone: start the count at 0 at the beginning of every epoch (a count kept from the first epoch on is a running total).",
              "ko": "errors[e] 는 에폭 e 하나에서 틀린 개수입니다: 에폭을 시작할 때마다 개수를 0 으로 되돌리세요 (첫 에폭부터 계속 세면 누적 합이 됩니다)."},
        costs={"train_perceptron on the lecture's AND data from w = [0.1, 0.1], b = -0.22 (lr 0.05, 10 epochs)": 0.6667, 'train_perceptron on AND from w = [0, 0], b = 0 (lr 0.5, 6 epochs): a sum of exactly 0 predicts 1': 0.6667, 'train_perceptron on a random linearly separable data set': 1.0, "train_perceptron does not modify the caller's w": 1.0}),
    # blind sets: every sample predicted with the epoch's first weights and the updates added up once
    Mistake('train_batch_update', 'perceptron', edits=[
            ("        for x, d_i in zip(np.asarray(X, dtype=float), d):\n"
             "            y = 1 if np.dot(w, x) + b >= 0 else 0\n"
             "            if y != d_i:\n"
             "                errors[epoch] += 1\n"
             "            w += lr * (d_i - y) * x\n"
             "            b += lr * (d_i - y)\n",
             "        Xf = np.asarray(X, dtype=float)\n"
             "        y = (Xf @ w + b >= 0).astype(int)\n"
             "        errors[epoch] = int(np.sum(y != np.asarray(d)))\n"
             "        w += lr * ((np.asarray(d) - y) @ Xf)\n"
             "        b += lr * float(np.sum(np.asarray(d) - y))\n"),
        ],
        hint={"en": "the perceptron rule learns from one sample at a time, in order: predict a sample with the current w and b, update them, then go on to the next; predicting every sample with the same weights and adding up the updates once per epoch is batch learning.",
              "ko": "퍼셉트론 학습 규칙은 표본을 하나씩 차례로 학습합니다: 지금의 w 와 b 로 표본 하나를 예측하고, 갱신한 뒤 다음 표본으로 넘어갑니다. 모든 표본을 같은 가중치로 예측하고 에폭마다 갱신을 한 번에 더하는 것은 배치 학습입니다."},
        costs={'train_perceptron on AND from w = [0, 0], b = 0 (lr 0.5, 6 epochs): a sum of exactly 0 predicts 1': 2.0, 'train_perceptron on a random linearly separable data set': 2.0}),
    # blind sets: AND with the lecture's "w = 0.5, 0.5, b = -0.5" and >= 0: one active input fires
    Mistake('and_fires_at_zero', 'perceptron', edits=[
            ("    b = -0.7\n    tmp = np.sum(w * x) + b\n    return 1 if tmp > 0 else 0\n",
             "    b = -0.5\n    tmp = np.sum(w * x) + b\n    return 1 if tmp >= 0 else 0\n"),
        ],
        hint={"en": "a gate fires only when its weighted sum is strictly positive (tmp > 0): with w = 0.5, 0.5 and b = -0.5 one active input sums to exactly 0, which must give 0 (the lecture's AND uses b = -0.7).",
              "ko": "게이트는 가중합이 0 보다 클 때만 켜집니다 (tmp > 0): w = 0.5, 0.5, b = -0.5 이면 입력 하나만 1 일 때 합이 정확히 0 이고, 이때는 0 이어야 합니다 (강의의 AND 는 b = -0.7)."},
        costs={'AND reproduces its truth table 0, 0, 0, 1': 0.5, 'XOR reproduces its truth table 0, 1, 1, 0': 2.0, 'XOR calls your gates: AND(NAND(x1, x2), OR(x1, x2))': 1.0, 'AND, NAND, OR and XOR return the int 0 or 1, not a bool': 0.5}),
    # blind sets: a first-layer gate of XOR fed one input twice
    Mistake('xor_or_input_twice', 'perceptron', edits=[
            ("    s2 = OR(x1, x2)\n", "    s2 = OR(x1, x1)\n"),
        ],
        hint={"en": "each gate of XOR's first layer takes both inputs: s1 = NAND(x1, x2) and s2 = OR(x1, x2); a gate given one input twice ignores the other.",
              "ko": "XOR 의 첫 층 게이트는 두 입력을 모두 받습니다: s1 = NAND(x1, x2), s2 = OR(x1, x2). 한 입력을 두 번 넣은 게이트는 다른 입력을 보지 못합니다."},
        costs={'XOR reproduces its truth table 0, 1, 1, 0': 0.5, 'XOR calls your gates: AND(NAND(x1, x2), OR(x1, x2))': 0.3333, 'AND, NAND, OR and XOR return the int 0 or 1, not a bool': 0.25}),
    Mistake('xor_nand_input_twice', 'perceptron', edits=[
            ("    s1 = NAND(x1, x2)\n", "    s1 = NAND(x1, x1)\n"),
        ],
        hint={"en": "each gate of XOR's first layer takes both inputs: s1 = NAND(x1, x2) and s2 = OR(x1, x2); a gate given one input twice ignores the other.",
              "ko": "XOR 의 첫 층 게이트는 두 입력을 모두 받습니다: s1 = NAND(x1, x2), s2 = OR(x1, x2). 한 입력을 두 번 넣은 게이트는 다른 입력을 보지 못합니다."},
        costs={'XOR reproduces its truth table 0, 1, 1, 0': 0.5, 'XOR calls your gates: AND(NAND(x1, x2), OR(x1, x2))': 0.3333, 'AND, NAND, OR and XOR return the int 0 or 1, not a bool': 0.25}),
    # a blind set: np.heaviside (or a float comparison) returns 0.0 / 1.0, not an int
    Mistake('perceptron_returns_float', 'perceptron', edits=[
            ("    a = np.dot(w, x) + b\n    return 1 if a > 0 else 0\n", "    a = np.dot(w, x) + b\n    return np.heaviside(a, 0)\n"),
        ],
        hint={"en": "np.heaviside (like any float arithmetic) gives the float 0.0 or 1.0: perceptron returns the int, 1 if np.dot(w, x) + b > 0 else 0 (or int(...)).",
              "ko": "np.heaviside 는 (다른 실수 연산처럼) 실수 0.0 또는 1.0 을 줍니다: perceptron 은 정수를 반환합니다. 1 if np.dot(w, x) + b > 0 else 0 (또는 int(...)) 로 쓰세요."},
        costs={PERCEPTRON_LECTURE: 0.25}),
    # a blind set: w * x computed in place on the caller's w (wx = w; wx *= x)
    Mistake('perceptron_mutates_w', 'perceptron', edits=[
            ("    a = np.dot(w, x) + b\n    return 1 if a > 0 else 0\n", "    wx = w\n    wx *= x\n    a = np.sum(wx) + b\n    return 1 if a > 0 else 0\n"),
        ],
        hint={"en": "wx = w does not copy: wx *= x then overwrites the caller's w. Compute the weighted sum without changing w: np.dot(w, x) + b (or np.sum(w * x) + b, which makes a new array).",
              "ko": "wx = w 는 복사가 아닙니다: 그 뒤 wx *= x 가 호출한 쪽의 w 를 덮어씁니다. w 를 바꾸지 않고 가중합을 계산하세요: np.dot(w, x) + b (또는 새 배열을 만드는 np.sum(w * x) + b)."},
        costs={PERCEPTRON_LECTURE: 0.25}),
    # a blind set: training stops at the first epoch without errors and returns errors cut there
    Mistake('train_stops_early', 'perceptron', edits=[
            ("            w += lr * (d_i - y) * x\n            b += lr * (d_i - y)\n",
             "            w += lr * (d_i - y) * x\n            b += lr * (d_i - y)\n"
             "        if errors[epoch] == 0:\n            return w, b, errors[:epoch + 1]\n"),
        ],
        hint={"en": "train_perceptron returns errors of length epochs, one count per epoch: stopping early is fine only if the epochs left keep their 0 (return the whole errors array, not errors[:epoch + 1]).",
              "ko": "train_perceptron 은 에포크마다 하나씩, 길이가 epochs 인 errors 를 반환합니다: 일찍 멈추더라도 남은 에포크는 0 으로 두고 errors 배열 전체를 반환하세요 (errors[:epoch + 1] 이 아니라)."},
        costs={TRAIN_KEEPS_W: 1.0, TRAIN_RANDOM: 1.0, TRAIN_LECTURE: 0.6667}),
]
