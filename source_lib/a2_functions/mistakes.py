"""Realistic wrong a2 submissions; `autograder build` writes each to examples/submissions/a2_functions/<name>/. Each declares its edit to the reference, its hint and what it costs (see autograder.mistakes)."""

from autograder.mistakes import Mistake

# titles of the hidden tests these mistakes lose points on
SOFTMAX_BIG = 'softmax([1000, 1010]) is finite: [4.54e-05, 0.99995]'
SOFTMAX_BATCH = 'softmax on a 2-D batch normalises each row'
MSE_BATCH = 'MSE on a 2-D batch is divided by the batch size'
SSE_LECTURE = 'SSE([0.5], [0.7]) is 0.04'
RMSE_LECTURE = 'RMSE([2.7, 4.2, 5.5], [3, 4, 5]) is sqrt(0.38/3) = 0.355903'
SSE_RMSE_RANDOM = 'SSE and RMSE on random vectors'
RELU_RANDOM = 'relu and leaky_relu on a random batch'
BCE_RANDOM = 'binary cross entropy on random probabilities'
# An input left unchanged is judged only with a right result of the same call: a mistake whose result
# is wrong there loses that function's share of these tests too (1 of 5 activations, 1 of 5 losses).
ACTIVATIONS_KEEP_X = 'activation functions do not modify the array they are given'
LOSSES_KEEP_YT = 'loss functions do not modify y or t'
CEE_ZERO = 'CEE stays finite when the true class has probability 0'
CEE_BATCH = 'CEE on a batch is the average over the batch'
CEE_LABELS = 'CEE with label indices equals CEE with one-hot targets'
CEE_LECTURE = 'CEE([0.7, 0.3], [0, 1]) is -log(0.3 + 1e-7) = 1.2039725'

MISTAKES = [
    Mistake('softmax_no_max_shift', 'functions', edits=[
            ('    x = x - np.max(x, axis=-1, keepdims=True)  # exp of a shifted x cannot overflow\n',
             ''),
        ],
        hint={"en": 'softmax overflows for large inputs: subtract np.max(x) before np.exp (the result does not change).',
              "ko": '큰 입력에서 softmax 가 overflow 됩니다: np.exp 전에 np.max(x) 를 빼세요 (결과는 같습니다).'},
        costs={SOFTMAX_BIG: 2.0}),
    Mistake('softmax_wrong_axis', 'functions', edits=[
            ('return exp_x / np.sum(exp_x, axis=-1, keepdims=True)',
             'return exp_x / np.sum(exp_x)'),
        ],
        hint={"en": 'on a batch, softmax must normalise each row: use axis=-1 with keepdims=True for max and sum.',
              "ko": '배치에서는 각 행을 정규화해야 합니다: max 와 sum 에 axis=-1, keepdims=True 를 쓰세요.'},
        costs={SOFTMAX_BATCH: 2.0, ACTIVATIONS_KEEP_X: 0.4}),
    Mistake('step_bool', 'functions', edits=[
            ('return (np.asarray(x) > 0).astype(int)',
             'return np.asarray(x) > 0'),
        ],
        hint={"en": 'step must return integers 0/1: use (x > 0).astype(int) (np.int no longer exists).',
              "ko": 'step 은 정수 0/1 을 반환해야 합니다: (x > 0).astype(int) 를 쓰세요 (np.int 는 없어졌습니다).'},
        costs={'step([-1, 0, 2]) gives the integers [0, 0, 1]': 2.0, 'step of a single number is an integer 0 or 1': 1.0, 'step on a 2-D batch': 2.0}),
    Mistake('step_np_int', 'functions', edits=[
            ('return (np.asarray(x) > 0).astype(int)',
             'return (np.asarray(x) > 0).astype(np.int)'),
        ],
        names='numpy_removed_alias',
        costs={'step([-1, 0, 2]) gives the integers [0, 0, 1]': 2.0, 'step of a single number is an integer 0 or 1': 1.0, 'step on a 2-D batch': 2.0, ACTIVATIONS_KEEP_X: 0.4}),
    Mistake('mse_mean', 'functions', edits=[
            ('return 0.5 * np.sum((y - t) ** 2) / batch_size',
             'return np.mean((y - t) ** 2)'),
        ],
        hint={"en": "the course's MSE is 0.5 * np.sum((y - t)**2), not a mean over the elements.",
              "ko": '이 강의의 MSE 는 평균이 아니라 0.5 * np.sum((y - t)**2) 입니다.'},
        # step raises: only its part of the test is lost, the other four activations keep theirs
        costs={"MSE gives the lecture's 0.03 and 0.81": 2.0, 'MSE on a 2-D batch is divided by the batch size': 2.0, LOSSES_KEEP_YT: 0.2}),
    Mistake('sse_rmse_confusion', 'functions', edits=[
            ('return np.sqrt(np.mean((y - t) ** 2))',
             'return np.sum((y - t) ** 2)'),
        ],
        hint={"en": 'SSE is the plain sum of squared errors; RMSE is the square root of their mean — check which one this is.',
              "ko": 'SSE 는 오차 제곱의 합, RMSE 는 오차 제곱 평균의 제곱근입니다 — 어느 쪽인지 확인하세요.'},
        costs={'RMSE([2.7, 4.2, 5.5], [3, 4, 5]) is sqrt(0.38/3) = 0.355903': 1.0, 'SSE and RMSE on random vectors': 1.0, LOSSES_KEEP_YT: 0.2}),
    Mistake('cee_no_delta', 'functions', edits=[
            ('return -np.sum(t * np.log(y + 1e-7)) / batch_size',
             'return -np.sum(t * np.log(y)) / batch_size'),
            ('return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size',
             'return -np.sum(np.log(y[np.arange(batch_size), t])) / batch_size'),
        ],
        hint={"en": 'log(0) is -inf: add a tiny delta, np.log(y + 1e-7), as in the lecture.',
              "ko": 'log(0) 은 -inf 입니다: 강의처럼 np.log(y + 1e-7) 로 작은 값을 더하세요.'},
        costs={CEE_ZERO: 2.0}),
    Mistake('cee_no_batch_average', 'functions', edits=[
            ('return -np.sum(t * np.log(y + 1e-7)) / batch_size',
             'return -np.sum(t * np.log(y + 1e-7))'),
            ('return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size',
             'return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7))'),
        ],
        hint={"en": 'cross-entropy on a batch is divided by the batch size (y.shape[0]).',
              "ko": '배치의 교차 엔트로피는 배치 크기(y.shape[0])로 나눠야 합니다.'},
        costs={CEE_BATCH: 2.0, CEE_LABELS: 2.0, LOSSES_KEEP_YT: 0.2}),
    Mistake('cee_sign', 'functions', edits=[
            ('return -np.sum(t * np.log(y + 1e-7)) / batch_size',
             'return np.sum(t * np.log(y + 1e-7)) / batch_size'),
            ('return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size',
             'return np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size'),
        ],
        hint={"en": 'cross-entropy has a minus sign: E = -Σ t·log(y); a loss is never negative.',
              "ko": '교차 엔트로피에는 마이너스 부호가 있습니다: E = -Σ t·log(y). 손실은 음수가 될 수 없습니다.'},
        costs={CEE_LECTURE: 2.0, CEE_ZERO: 2.0, CEE_BATCH: 2.0, CEE_LABELS: 2.0, LOSSES_KEEP_YT: 0.2}),
    Mistake('relu_in_place', 'functions', edits=[
            ('    return np.maximum(0, x)\n',
             '    x[x <= 0] = 0\n    return x\n'),
        ],
        hint={"en": 'relu must not change the array it is given: return a new array, np.maximum(0, x), instead of writing x[x <= 0] = 0.',
              "ko": 'relu 는 받은 배열을 바꾸면 안 됩니다: x[x <= 0] = 0 대신 np.maximum(0, x) 로 새 배열을 반환하세요.'},
        costs={ACTIVATIONS_KEEP_X: 0.4}),
    # The book's sum_squared_error used as MSE: 0.5 * sum, never divided by the batch size.
    Mistake('mse_no_batch_divide', 'functions', edits=[
            ('return 0.5 * np.sum((y - t) ** 2) / batch_size',
             'return 0.5 * np.sum((y - t) ** 2)'),
        ],
        hint={"en": 'on a 2-D batch, MSE is divided by the batch size: 0.5 * np.sum((y - t)**2) / y.shape[0].',
              "ko": '2차원 배치에서는 MSE 를 배치 크기로 나눕니다: 0.5 * np.sum((y - t)**2) / y.shape[0].'},
        costs={MSE_BATCH: 2.0, LOSSES_KEEP_YT: 0.2}),
    # SSE with the book's ½ factor: 0.5 * np.sum((y - t)**2), half the course's SSE.
    Mistake('sse_half_factor', 'functions', edits=[
            ('    return np.sum((y - t) ** 2)\n',
             '    return 0.5 * np.sum((y - t) ** 2)\n'),
        ],
        hint={"en": "the course's SSE has no factor 0.5: SSE = np.sum((y - t)**2) (the 0.5 belongs to MSE).",
              "ko": '이 강의의 SSE 에는 0.5 를 곱하지 않습니다: SSE = np.sum((y - t)**2) 입니다 (0.5 는 MSE 에만 곱합니다).'},
        costs={SSE_LECTURE: 1.0, SSE_RMSE_RANDOM: 1.0, LOSSES_KEEP_YT: 0.2}),
    # RMSE without the square root: the mean of the squared errors.
    Mistake('rmse_no_sqrt', 'functions', edits=[
            ('return np.sqrt(np.mean((y - t) ** 2))',
             'return np.mean((y - t) ** 2)'),
        ],
        hint={"en": 'RMSE is the square root of the mean squared error: np.sqrt(np.mean((y - t)**2)).',
              "ko": 'RMSE 는 오차 제곱 평균의 제곱근입니다: np.sqrt(np.mean((y - t)**2)).'},
        costs={RMSE_LECTURE: 1.0, SSE_RMSE_RANDOM: 1.0, LOSSES_KEEP_YT: 0.2}),
    # leaky_relu with the 0.01 default slope of other libraries instead of the course's 0.1.
    Mistake('leaky_relu_default_alpha', 'functions', edits=[
            ('def leaky_relu(x, alpha=0.1):',
             'def leaky_relu(x, alpha=0.01):'),
        ],
        hint={"en": "keep the stub's default slope for leaky_relu: def leaky_relu(x, alpha=0.1), not the 0.01 of other libraries.",
              "ko": 'leaky_relu 의 기본 기울기로는 스텁에 적힌 값을 그대로 쓰세요: 다른 라이브러리의 0.01 이 아니라 def leaky_relu(x, alpha=0.1) 입니다.'},
        costs={RELU_RANDOM: 0.5, ACTIVATIONS_KEEP_X: 0.4}),
    # softmax shifts x in place (x -= max): np.asarray does not copy a float array, so the caller's x changes.
    Mistake('softmax_in_place_shift', 'functions', edits=[
            ('    x = x - np.max(x, axis=-1, keepdims=True)  # exp of a shifted x cannot overflow\n',
             '    x -= np.max(x, axis=-1, keepdims=True)\n'),
        ],
        hint={"en": "softmax must not change the caller's x: write x = x - np.max(x, axis=-1, keepdims=True), not x -= ..., which changes the array in place.",
              "ko": 'softmax 는 호출한 쪽의 x 를 바꾸면 안 됩니다: x -= ... 는 배열을 제자리에서 바꾸므로 x = x - np.max(x, axis=-1, keepdims=True) 로 쓰세요.'},
        costs={ACTIVATIONS_KEEP_X: 0.4}),
    # CEE with the one-hot formula only: label indices t of shape (N,) are multiplied with log(y).
    Mistake('cee_one_hot_only', 'functions', edits=[
            ('return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size',
             'return -np.sum(t * np.log(y + 1e-7)) / batch_size'),
        ],
        hint={"en": "CEE also takes label indices t of shape (N,): then take the true class's probability, -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size.",
              "ko": 'CEE 는 shape (N,) 의 레이블 인덱스 t 도 받아야 합니다: 이때는 정답 클래스의 확률만 골라 -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size 를 계산하세요.'},
        costs={CEE_LABELS: 2.0}),
    # BCE summed over the elements instead of averaged.
    Mistake('bce_sum', 'functions', edits=[
            ('return -np.mean(t * np.log(y + 1e-7) + (1 - t) * np.log(1 - y + 1e-7))',
             'return -np.sum(t * np.log(y + 1e-7) + (1 - t) * np.log(1 - y + 1e-7))'),
        ],
        hint={"en": 'BCE is the mean over the elements, not their sum: -np.mean(t * np.log(y + 1e-7) + (1 - t) * np.log(1 - y + 1e-7)).',
              "ko": 'BCE 는 원소들의 합이 아니라 평균입니다: -np.mean(t * np.log(y + 1e-7) + (1 - t) * np.log(1 - y + 1e-7)).'},
        costs={BCE_RANDOM: 1.0, LOSSES_KEEP_YT: 0.2}),
    # MSE squares the sum of the differences, np.sum(y - t) ** 2, instead of summing their squares.
    Mistake('mse_square_of_sum', 'functions', edits=[
            ('return 0.5 * np.sum((y - t) ** 2) / batch_size',
             'return 0.5 * np.sum(y - t) ** 2 / batch_size'),
        ],
        hint={"en": 'square each difference before adding them up: 0.5 * np.sum((y - t) ** 2); np.sum(y - t) ** 2 squares the sum, in which positive and negative errors cancel.',
              "ko": '차이를 하나씩 제곱한 다음 더하세요: 0.5 * np.sum((y - t) ** 2). np.sum(y - t) ** 2 는 합을 제곱하므로 양의 오차와 음의 오차가 서로 상쇄됩니다.'},
        costs={"MSE gives the lecture's 0.03 and 0.81": 2.0, MSE_BATCH: 2.0, LOSSES_KEEP_YT: 0.2}),
    # MSE divides by len(y) also for a 1-D y, which is one sample, not a batch.
    Mistake('mse_divides_by_length', 'functions', edits=[
            ('    batch_size = y.shape[0] if y.ndim == 2 else 1\n    return 0.5 * np.sum((y - t) ** 2) / batch_size\n',
             '    batch_size = len(y) if y.ndim > 0 else 1\n    return 0.5 * np.sum((y - t) ** 2) / batch_size\n'),
        ],
        hint={"en": 'divide by the batch size only for a 2-D batch: a 1-D y is a single sample, so its MSE is 0.5 * np.sum((y - t)**2), not divided by len(y).',
              "ko": '배치 크기로 나누는 것은 2차원 배치일 때뿐입니다: 1차원 y 는 샘플 하나이므로 MSE 는 len(y) 로 나누지 않은 0.5 * np.sum((y - t)**2) 입니다.'},
        costs={"MSE gives the lecture's 0.03 and 0.81": 2.0}),
    # RMSE squares the mean error, np.mean(y - t) ** 2, instead of averaging the squared errors.
    Mistake('rmse_square_outside_mean', 'functions', edits=[
            ('return np.sqrt(np.mean((y - t) ** 2))',
             'return np.sqrt(np.mean(y - t) ** 2)'),
        ],
        hint={"en": 'square the errors before averaging them: np.sqrt(np.mean((y - t)**2)); np.mean(y - t)**2 squares the mean error, so the square root gives back only |mean(y - t)|.',
              "ko": '오차를 먼저 제곱한 다음 평균을 내세요: np.sqrt(np.mean((y - t)**2)). np.mean(y - t)**2 는 평균 오차를 제곱하므로 제곱근을 씌우면 |mean(y - t)| 만 남습니다.'},
        costs={RMSE_LECTURE: 1.0, SSE_RMSE_RANDOM: 1.0, LOSSES_KEEP_YT: 0.2}),
    # RMSE divides by n outside the square root: sqrt(sum) / n instead of sqrt(sum / n).
    Mistake('rmse_sqrt_of_sum_over_n', 'functions', edits=[
            ('return np.sqrt(np.mean((y - t) ** 2))',
             'return np.sqrt(np.sum((y - t) ** 2)) / y.size'),
        ],
        hint={"en": 'divide by the number of elements inside the square root: np.sqrt(np.sum((y - t)**2) / n), that is np.sqrt(np.mean((y - t)**2)); np.sqrt(np.sum(...)) / n is sqrt(n) times too small.',
              "ko": '원소 수로 나누는 것은 제곱근 안에서 해야 합니다: np.sqrt(np.sum((y - t)**2) / n), 즉 np.sqrt(np.mean((y - t)**2)) 입니다. np.sqrt(np.sum(...)) / n 은 sqrt(n) 배만큼 작아집니다.'},
        costs={RMSE_LECTURE: 1.0, SSE_RMSE_RANDOM: 1.0, LOSSES_KEEP_YT: 0.2}),
    # The book's CEE: one-hot t turned into labels with argmax, then log(y) of the true class without 1e-7.
    Mistake('cee_no_delta_labels', 'functions', edits=[
            ('        return -np.sum(t * np.log(y + 1e-7)) / batch_size  # 1e-7 keeps log away from log(0)\n',
             '        t = t.argmax(axis=-1)\n'),
            ('return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size',
             'return -np.sum(np.log(y[np.arange(batch_size), t])) / batch_size'),
        ],
        names='cee_no_delta',
        costs={CEE_ZERO: 2.0}),
    # softmax over axis 0 (the batch) instead of the last axis: each column of a batch sums to 1.
    Mistake('softmax_axis0', 'functions', edits=[
            ('    x = x - np.max(x, axis=-1, keepdims=True)  # exp of a shifted x cannot overflow\n',
             '    x = x - np.max(x, axis=0, keepdims=True)\n'),
            ('return exp_x / np.sum(exp_x, axis=-1, keepdims=True)',
             'return exp_x / np.sum(exp_x, axis=0, keepdims=True)'),
        ],
        names='softmax_wrong_axis',
        costs={SOFTMAX_BATCH: 2.0, ACTIVATIONS_KEEP_X: 0.4}),
    # MSE without the course's 0.5: np.sum((y - t)**2) / batch_size, twice the right value.
    Mistake('mse_no_half', 'functions', edits=[
            ('return 0.5 * np.sum((y - t) ** 2) / batch_size',
             'return np.sum((y - t) ** 2) / batch_size'),
        ],
        hint={"en": "the course's MSE has the factor 0.5: 0.5 * np.sum((y - t)**2) (divided by the batch size for a 2-D batch); without it the loss is twice too large.",
              "ko": '이 강의의 MSE 에는 0.5 를 곱합니다: 0.5 * np.sum((y - t)**2) (2차원 배치라면 배치 크기로 나눕니다). 0.5 가 없으면 손실이 두 배가 됩니다.'},
        costs={"MSE gives the lecture's 0.03 and 0.81": 2.0, MSE_BATCH: 2.0, LOSSES_KEEP_YT: 0.2}),
    # step with x >= 0: step(0) gives 1 instead of the course's 0.
    Mistake('step_ge', 'functions', edits=[
            ('return (np.asarray(x) > 0).astype(int)',
             'return (np.asarray(x) >= 0).astype(int)'),
        ],
        hint={"en": 'step(0) is 0 in this course: use x > 0, not x >= 0, i.e. (x > 0).astype(int).',
              "ko": '이 강의에서 step(0) 은 0 입니다: x >= 0 이 아니라 x > 0, 즉 (x > 0).astype(int) 를 쓰세요.'},
        costs={'step([-1, 0, 2]) gives the integers [0, 0, 1]': 2.0, 'step on a 2-D batch': 2.0}),
    # sigmoid with the sign of the exponent lost: 1 / (1 + exp(x)), which is sigmoid(-x).
    Mistake('sigmoid_sign', 'functions', edits=[
            ('return np.exp(-np.logaddexp(0, -np.asarray(x, dtype=float)))',
             'return 1.0 / (1.0 + np.exp(np.asarray(x, dtype=float)))'),
        ],
        hint={"en": 'sigmoid is 1 / (1 + exp(-x)): the exponent is -x; 1 / (1 + exp(x)) is sigmoid(-x) = 1 - sigmoid(x).',
              "ko": 'sigmoid 는 1 / (1 + exp(-x)) 입니다: 지수는 -x 입니다. 1 / (1 + exp(x)) 는 sigmoid(-x) = 1 - sigmoid(x) 입니다.'},
        costs={'sigmoid([-1, 1, 2]) matches 1 / (1 + exp(-x))': 2.0, 'sigmoid is finite and right for inputs of ±1000 and random batches': 2.0, ACTIVATIONS_KEEP_X: 0.4}),
    # softmax sums each row without keepdims: the (N,) sums broadcast along the wrong axis of a batch.
    Mistake('softmax_no_keepdims', 'functions', edits=[
            ('return exp_x / np.sum(exp_x, axis=-1, keepdims=True)',
             'return exp_x / np.sum(exp_x, axis=-1)'),
        ],
        hint={"en": 'divide each row of a batch by its own sum with keepdims=True: np.sum(exp_x, axis=-1, keepdims=True) has shape (N, 1); without keepdims the (N,) sums are broadcast along the columns.',
              "ko": '배치의 각 행은 그 행의 합으로 나누어야 하므로 keepdims=True 를 쓰세요: np.sum(exp_x, axis=-1, keepdims=True) 의 shape 은 (N, 1) 입니다. keepdims 가 없으면 shape (N,) 인 합이 열 방향으로 broadcast 됩니다.'},
        costs={SOFTMAX_BATCH: 2.0, ACTIVATIONS_KEEP_X: 0.4}),
    # CEE with label indices picks y[:, t] (every row's probability of every label) instead of y[np.arange(N), t].
    Mistake('cee_labels_colon', 'functions', edits=[
            ('return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size',
             'return -np.sum(np.log(y[:, t] + 1e-7)) / batch_size'),
        ],
        hint={"en": "with label indices, take one probability per row: y[np.arange(batch_size), t]; y[:, t] takes every row's probability of every label, an (N, N) array.",
              "ko": '레이블 인덱스일 때는 행마다 확률 하나만 골라야 합니다: y[np.arange(batch_size), t]. y[:, t] 는 모든 행에서 모든 레이블의 확률을 골라 (N, N) 배열이 됩니다.'},
        costs={CEE_LABELS: 2.0}),
    # a blind set: RMSE built on the course's MSE, which has the factor 0.5 (and a batch division)
    Mistake('rmse_of_course_mse', 'functions', edits=[
            ("    return np.sqrt(np.mean((y - t) ** 2))\n", "    return np.sqrt(MSE(y, t))\n"),
        ],
        hint={"en": "RMSE is the square root of the plain mean of the squared differences, np.sqrt(np.mean((y - t)**2)); the course's MSE has a factor 0.5 and divides by the batch size, so np.sqrt(MSE(y, t)) is not RMSE.",
              "ko": "RMSE 는 차이 제곱의 단순 평균의 제곱근, np.sqrt(np.mean((y - t)**2)) 입니다. 이 강의의 MSE 는 0.5 를 곱하고 배치 크기로 나누므로 np.sqrt(MSE(y, t)) 는 RMSE 가 아닙니다."},
        costs={'RMSE([2.7, 4.2, 5.5], [3, 4, 5]) is sqrt(0.38/3) = 0.355903': 1.0, 'SSE and RMSE on random vectors': 1.0, 'loss functions do not modify y or t': 0.2}),
    # a blind set: the algebraically equal exp(x) / (1 + exp(x)), which is inf / inf = nan for large x
    Mistake('sigmoid_exp_ratio', 'functions', edits=[
            ("    return np.exp(-np.logaddexp(0, -np.asarray(x, dtype=float)))\n",
             "    x = np.asarray(x, dtype=float)\n    return np.exp(x) / (1 + np.exp(x))\n"),
        ],
        hint={"en": "exp(x) / (1 + exp(x)) equals sigmoid on paper, but for a large x both exp(x) overflow to inf and inf / inf is nan: write 1 / (1 + np.exp(-x)) (or a form that never overflows).",
              "ko": "exp(x) / (1 + exp(x)) 는 식으로는 sigmoid 와 같지만, x 가 크면 두 exp(x) 가 모두 inf 로 넘쳐 inf / inf 가 nan 이 됩니다: 1 / (1 + np.exp(-x)) 처럼 넘치지 않는 식을 쓰세요."},
        costs={'sigmoid is finite and right for inputs of ±1000 and random batches': 2.0}),
    # blind sets (the book's batch softmax): x.T for a batch, but the result not transposed back
    Mistake('softmax_transpose_not_undone', 'functions', edits=[
            ("    x = x - np.max(x, axis=-1, keepdims=True)  # exp of a shifted x cannot overflow\n"
             "    exp_x = np.exp(x)\n    return exp_x / np.sum(exp_x, axis=-1, keepdims=True)",
             "    if x.ndim == 2:\n        x = x.T\n        x = x - np.max(x, axis=0)\n"
             "        return np.exp(x) / np.sum(np.exp(x), axis=0)\n"
             "    x = x - np.max(x)\n    return np.exp(x) / np.sum(np.exp(x))"),
        ],
        hint={"en": "after the book's x = x.T trick for a batch, transpose the result back (return y.T): a (N, C) batch must come back as (N, C), one row of probabilities per sample.",
              "ko": "배치에서 책처럼 x = x.T 를 썼다면 결과도 다시 전치하세요 (return y.T): (N, C) 배치는 표본마다 확률 한 행씩, (N, C) 로 돌아와야 합니다."},
        costs={'softmax on a 2-D batch normalises each row': 2.0, 'activation functions do not modify the array they are given': 0.4}),
    # blind sets: CEE on a 1-D y without making it a batch of one
    Mistake('cee_1d_not_reshaped', 'functions', edits=[
            ("    if y.ndim == 1:\n        y = y.reshape(1, y.size)\n    batch_size = y.shape[0]\n",
             "    batch_size = y.shape[0]\n"),
        ],
        hint={"en": "a 1-D y is one sample, so the batch size is 1: make y a batch of one first (y = y.reshape(1, y.size)) and read batch_size = y.shape[0] after that; the 1-D y's shape[0], like len(t) of a 1-D t, is the number of classes.",
              "ko": "1차원 y 는 표본 하나이므로 배치 크기는 1 입니다: 먼저 y 를 배치 하나로 바꾸고 (y = y.reshape(1, y.size)) 그다음에 batch_size = y.shape[0] 를 읽으세요. 1차원 y 의 shape[0] 는, 1차원 t 의 len(t) 처럼, 클래스 개수입니다."},
        costs={'CEE([0.7, 0.3], [0, 1]) is -log(0.3 + 1e-7) = 1.2039725': 2.0}),
    # blind sets: RMSE divided by len(y), the number of rows, not of elements
    Mistake('rmse_divides_by_len', 'functions', edits=[
            ("    return np.sqrt(np.mean((y - t) ** 2))\n", "    return np.sqrt(np.sum((y - t) ** 2) / len(y))\n"),
        ],
        hint={"en": "RMSE averages over every element: np.mean((y - t)**2), or divide by y.size; len(y) counts only the rows of a 2-D y (and a number has no len).",
              "ko": "RMSE 는 모든 원소에 대해 평균을 냅니다: np.mean((y - t)**2) 또는 y.size 로 나누세요. len(y) 는 2차원 y 의 행 수만 세고, 숫자에는 len 이 없습니다."},
        costs={'loss functions do not modify y or t': 0.2}),
    # blind sets: SSE squares the sum of the differences (a parenthesis), so errors of both signs cancel
    Mistake('sse_square_of_sum', 'functions', edits=[
            ("    return np.sum((y - t) ** 2)\n", "    return np.sum(y - t) ** 2\n"),
        ],
        hint={"en": "square each difference first, then add them up: np.sum((y - t)**2); np.sum(y - t)**2 squares the sum, where errors of opposite sign cancel.",
              "ko": "차이를 하나씩 먼저 제곱한 뒤 더하세요: np.sum((y - t)**2). np.sum(y - t)**2 는 합을 제곱하므로 부호가 반대인 오차가 서로 지워집니다."},
        costs={'SSE and RMSE on random vectors': 1.0, 'loss functions do not modify y or t': 0.2}),
]
