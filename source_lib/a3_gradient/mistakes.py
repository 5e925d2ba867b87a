"""Realistic wrong a3 submissions; `autograder build` writes each to examples/submissions/a3_gradient/<name>/. Each declares its edit to the reference, its hint and what it costs (see autograder.mistakes)."""

from autograder.mistakes import Mistake

# titles of the hidden tests these mistakes lose points on
DIFF_LECTURE = 'numerical_diff is the central difference: 0.2 and 0.3 for 0.01x² + 0.1x at 5 and 10, 6 for x² at 3'
DIFF_RANDOM = 'numerical_diff at random points, with the default h and with a given h'
GRAD_3D = 'numerical_gradient of a non-separable function of a 3-D array'
GRAD_RESTORES = 'numerical_gradient leaves every element of x exactly as it was'
GD_LAB = 'gradient_descent on (x - 3)² + 10 from 10 with lr 0.2: history 10, 7.2, 5.52, 4.512, 3.9072, then x = 3.54432'
GD_100 = 'gradient_descent on (x - 3)² + 10 from 10 with lr 0.2 reaches 3.0 in 100 steps, history of shape (100,)'
GD_RANDOM = 'gradient_descent from a random 2-D starting point: final x, history, and init_x left unchanged'
GRAD_LECTURE = 'numerical_gradient of x0² + x1² is (6, 8) at (3, 4) and (0, 4) at (0, 2)'
GRAD_2D = 'numerical_gradient of a function of a 2-D array'
MOMENTUM_LECTURE = 'Momentum(lr=0.1) with the default momentum 0.9: W[0] goes 1 → 0.95 → 0.855 → 0.7195'
MOMENTUM_RANDOM = 'Momentum with random lr and momentum on random arrays, three updates'
IN_PLACE = "every optimizer's update changes the arrays of params in place"
GRADS_KEPT = "every optimizer's update leaves grads unchanged"
ADAM_LECTURE = 'Adam() with bias correction: the first update moves each weight by about lr = 0.001 (1 → 0.999)'
ADAM_RANDOM = 'Adam with random lr, beta1 and beta2 on random arrays, some gradients 0, three updates'
ADAGRAD_LECTURE = 'AdaGrad(lr=0.1): W[0] goes 1 → 0.9 after the first update, then shrinking steps'
RMSPROP_LECTURE = 'RMSprop() with lr 0.01 and decay 0.99: W[0] goes 1 → 0.9 after the first update'
RMSPROP_RANDOM = 'RMSprop with random lr and decay rate, some gradients exactly 0, three updates'
SGD_LECTURE = 'SGD(lr=0.1) moves W = [1, 2] to [0.95, 2.1], then [0.9, 2.2], [0.85, 2.3]'
SGD_RANDOM = 'SGD with a random learning rate on a dict of random arrays, three updates'
ADAGRAD_ZEROS = 'AdaGrad on random arrays where some gradients are exactly 0, three updates'

MISTAKES = [
    # numerical_diff with the forward difference of the derivative's definition.
    Mistake('forward_difference', 'gradient', edits=[
            ('    return (f(x + h) - f(x - h)) / (2 * h)\n',
             '    return (f(x + h) - f(x)) / h\n'),
        ],
        hint={"en": 'use the central difference (f(x+h) - f(x-h)) / (2h), not a one-sided difference such as (f(x+h) - f(x)) / h or (f(x) - f(x-h)) / h.',
              "ko": '(f(x+h) - f(x)) / h 나 (f(x) - f(x-h)) / h 같은 한쪽 차분이 아니라 중앙 차분 (f(x+h) - f(x-h)) / (2h) 를 쓰세요.'},
        costs={DIFF_LECTURE: 2.0, DIFF_RANDOM: 2.0}),
    # numerical_gradient never puts x[idx] back: x ends at x - h everywhere.
    Mistake('numgrad_not_restored', 'gradient', edits=[
            ('        grad[idx] = (fxh1 - fxh2) / (2 * h)\n        x[idx] = tmp_val\n',
             '        grad[idx] = (fxh1 - fxh2) / (2 * h)\n'),
        ],
        hint={"en": 'numerical_gradient must put each x[idx] back to its original value after the two evaluations.',
              "ko": 'numerical_gradient 는 두 번 계산한 뒤 x[idx] 를 원래 값으로 되돌려야 합니다.'},
        costs={GRAD_3D: 2.0, GRAD_RESTORES: 2.0, GD_LAB: 2.0, GD_100: 0.5, GD_RANDOM: 2.0}),
    # a blind set: x moved back by arithmetic, which leaves a rounding error in some elements
    Mistake('numgrad_restored_by_arithmetic', 'gradient', edits=[
            ('        x[idx] = tmp_val + h\n        fxh1 = f(x)\n        x[idx] = tmp_val - h\n        fxh2 = f(x)\n'
             '        grad[idx] = (fxh1 - fxh2) / (2 * h)\n        x[idx] = tmp_val\n',
             '        x[idx] += h\n        fxh1 = f(x)\n        x[idx] -= 2 * h\n        fxh2 = f(x)\n'
             '        grad[idx] = (fxh1 - fxh2) / (2 * h)\n        x[idx] += h\n'),
        ],
        hint={"en": "x is put back by arithmetic (x[idx] += h after x[idx] -= 2*h, or (x - h) + h), and floating-point rounding leaves some elements off in their last digits: save the value first (tmp_val = x[idx]) and write it back (x[idx] = tmp_val).",
              "ko": "x 를 산술 연산으로 되돌렸습니다 (x[idx] -= 2*h 뒤에 x[idx] += h, 또는 (x - h) + h). 부동소수점 반올림 때문에 일부 원소의 마지막 자리가 달라집니다: 먼저 값을 저장하고 (tmp_val = x[idx]) 그 값을 다시 넣으세요 (x[idx] = tmp_val)."},
        costs={GRAD_RESTORES: 2.0}),
    # "The smaller h the better": x + 1e-50 == x, so every difference is 0.
    Mistake('h_too_small', 'gradient', edits=[
            ('    h = 1e-4\n',
             '    h = 1e-50\n'),
        ],
        hint={"en": 'h is so small that rounding error destroys the result: use h = 1e-4.',
              "ko": 'h 가 너무 작아 반올림 오차가 결과를 망칩니다: h = 1e-4 를 쓰세요.'},
        costs={GRAD_LECTURE: 2.0, GRAD_2D: 2.0, GRAD_3D: 2.0, GRAD_RESTORES: 2.0, GD_LAB: 2.0, GD_100: 0.5, GD_RANDOM: 2.0}),
    # history stores x after each step (history[0] is already the first step).
    Mistake('gd_history_after_step', 'gradient', edits=[
            ('        history[i] = x\n        x -= lr * numerical_gradient(f, x)\n',
             '        x -= lr * numerical_gradient(f, x)\n        history[i] = x\n'),
        ],
        hint={"en": 'history[i] is x before step i: store x first, then update it (history[0] is the starting point).',
              "ko": 'history[i] 는 i 번째 단계 이전의 x 입니다: 먼저 x 를 기록하고 갱신하세요 (history[0] 은 시작점).'},
        costs={GD_LAB: 1.0, GD_RANDOM: 1.3333}),
    # Momentum adds lr*g to the velocity: the weights climb the loss.
    Mistake('momentum_sign', 'optimizer', edits=[
            ('self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]',
             'self.v[key] = self.momentum * self.v[key] + self.lr * grads[key]'),
        ],
        hint={"en": 'Momentum: v = momentum*v - lr*grad, then param += v (mind the signs).',
              "ko": 'Momentum: v = momentum*v - lr*grad, 그다음 param += v 입니다 (부호에 주의).'},
        costs={MOMENTUM_LECTURE: 1.0, MOMENTUM_RANDOM: 2.0, IN_PLACE: 0.3333, GRADS_KEPT: 0.1667}),
    # Adam without the bias correction: the first steps are far too small.
    Mistake('adam_no_bias_correction', 'optimizer', edits=[
            ('        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)\n',
             '        lr_t = self.lr\n'),
        ],
        hint={"en": 'Adam needs bias correction: lr_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t).',
              "ko": 'Adam 에는 편향 보정이 필요합니다: lr_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t).'},
        costs={ADAM_LECTURE: 2.0, ADAM_RANDOM: 2.0, IN_PLACE: 0.3333, GRADS_KEPT: 0.1667}),
    # AdaGrad divides by sqrt(h) alone: 0/0 = nan for a weight whose gradient is still 0.
    Mistake('optimizer_no_eps', 'optimizer', edits=[
            ('            self.h[key] += grads[key] * grads[key]\n            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)  # 1e-7: no 0-division\n',
             '            self.h[key] += grads[key] * grads[key]\n            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key])\n'),
        ],
        hint={"en": 'divide by (np.sqrt(h) + 1e-7): without the 1e-7, a weight whose gradient has been 0 so far gets 0/0 = nan.',
              "ko": '(np.sqrt(h) + 1e-7) 로 나누세요: 1e-7 이 없으면 지금까지 기울기가 0 인 가중치에서 0/0 = nan 이 됩니다.'},
        costs={ADAGRAD_ZEROS: 2.0}),
    # SGD rebinds params[key] to a new array: the network's own weights never change.
    Mistake('optimizer_not_in_place', 'optimizer', edits=[
            ('            params[key] -= self.lr * grads[key]\n',
             '            params[key] = params[key] - self.lr * grads[key]\n'),
        ],
        hint={"en": 'update must change the arrays of params in place (params[key] -= ...); params[key] = params[key] - ... makes a new array the network never sees.',
              "ko": 'update 는 params 의 배열을 제자리에서 바꿔야 합니다 (params[key] -= ...). params[key] = params[key] - ... 는 네트워크가 보지 못하는 새 배열을 만듭니다.'},
        costs={IN_PLACE: 0.3333}),
    # gradient_descent works on np.asarray(init_x), which is the caller's own float array.
    Mistake('gd_mutates_init_x', 'gradient', edits=[
            ('    x = np.array(init_x, dtype=float)\n',
             '    x = np.asarray(init_x, dtype=float)\n'),
        ],
        hint={"en": "gradient_descent must not change the caller's init_x: work on a copy, x = np.array(init_x, dtype=float) (np.asarray(init_x) or x = init_x is the caller's own array).",
              "ko": 'gradient_descent 는 호출한 쪽의 init_x 를 바꾸면 안 됩니다: x = np.array(init_x, dtype=float) 로 복사본을 만들어 쓰세요 (np.asarray(init_x) 나 x = init_x 는 원래 배열 그대로입니다).'},
        costs={GD_RANDOM: 0.6667}),
    # The book's gradient_descent: x = init_x, the caller's array itself (and a number has no .shape).
    Mistake('gd_init_x_alias', 'gradient', edits=[
            ('    x = np.array(init_x, dtype=float)\n',
             '    x = init_x\n'),
        ],
        names='gd_mutates_init_x',
        costs={GD_LAB: 2.0, GD_100: 1.0, GD_RANDOM: 0.6667}),
    # The book's numerical_diff(f, x) with h fixed inside: the contract's h parameter is missing.
    Mistake('numerical_diff_no_h', 'gradient', edits=[
            ('def numerical_diff(f, x, h=1e-4):\n',
             'def numerical_diff(f, x):\n    h = 1e-4\n'),
        ],
        hint={"en": 'numerical_diff takes h as a parameter, as the contract says: def numerical_diff(f, x, h=1e-4).',
              "ko": 'numerical_diff 는 명세대로 h 를 인자로 받아야 합니다: def numerical_diff(f, x, h=1e-4).'},
        costs={DIFF_RANDOM: 1.3333}),
    # Operator precedence: (f(x+h) - f(x-h)) / 2 * h multiplies by h instead of dividing by 2h.
    Mistake('diff_precedence', 'gradient', edits=[
            ('    return (f(x + h) - f(x - h)) / (2 * h)\n',
             '    return (f(x + h) - f(x - h)) / 2 * h\n'),
        ],
        hint={"en": 'mind the precedence: write (f(x + h) - f(x - h)) / (2 * h), with both pairs of parentheses (/ 2 * h multiplies by h, and f(x + h) - f(x - h) / (2 * h) divides only f(x - h)).',
              "ko": '연산자 우선순위에 주의하세요: 괄호 두 쌍을 모두 넣어 (f(x + h) - f(x - h)) / (2 * h) 로 쓰세요 (/ 2 * h 는 h 를 곱하고, f(x + h) - f(x - h) / (2 * h) 는 f(x - h) 만 나눕니다).'},
        costs={DIFF_LECTURE: 2.0, DIFF_RANDOM: 2.0}),
    # The book's 1-D loop (for idx in range(x.size)) on any x: x[idx] is a whole row of a 2-D x.
    Mistake('numgrad_flat_index', 'gradient', edits=[
            ('    for idx in np.ndindex(x.shape):\n',
             '    for idx in range(x.size):\n'),
        ],
        hint={"en": 'for idx in range(x.size) or range(len(x)) works only for a 1-D x (on a 2-D x, x[idx] is a whole row): loop with for idx in np.ndindex(x.shape) to reach every element.',
              "ko": 'for idx in range(x.size) 나 range(len(x)) 는 1차원 x 에서만 맞습니다 (2차원 x 에서는 x[idx] 가 행 전체입니다): 모든 원소를 돌려면 for idx in np.ndindex(x.shape) 를 쓰세요.'},
        costs={GRAD_2D: 2.0, GRAD_3D: 2.0, GRAD_RESTORES: 2.0, GD_LAB: 2.0, GD_100: 1.0, GD_RANDOM: 2.0}),
    # NumPy 1 code: the removed alias np.float_ for the gradient's dtype.
    Mistake('numgrad_np_float_', 'gradient', edits=[
            ('    grad = np.zeros(x.shape, dtype=float)\n',
             '    grad = np.zeros(x.shape, dtype=np.float_)\n'),
        ],
        names='numpy_removed_alias',
        costs={GRAD_LECTURE: 2.0, GRAD_2D: 2.0, GRAD_3D: 2.0, GRAD_RESTORES: 2.0, GD_LAB: 2.0, GD_100: 1.0, GD_RANDOM: 2.0}),
    # SGD climbs the gradient: params += lr * grad.
    Mistake('sgd_sign', 'optimizer', edits=[
            ('            params[key] -= self.lr * grads[key]\n',
             '            params[key] += self.lr * grads[key]\n'),
        ],
        hint={"en": 'SGD steps against the gradient: params[key] -= self.lr * grads[key] (minus, not plus).',
              "ko": 'SGD 는 기울기의 반대 방향으로 움직입니다: params[key] -= self.lr * grads[key] (더하기가 아니라 빼기).'},
        costs={SGD_LECTURE: 1.0, SGD_RANDOM: 1.0, IN_PLACE: 0.3333, GRADS_KEPT: 0.1667}),
    # Momentum creates v anew at every update: no velocity is carried over, it is plain SGD.
    Mistake('momentum_v_reset', 'optimizer', edits=[
            ('        if self.v is None:\n            self.v = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}\n',
             '        self.v = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}\n'),
        ],
        hint={"en": 'Momentum creates v once, on the first update (if self.v is None: ...), and keeps it from one update to the next: a new v every time is plain SGD.',
              "ko": 'Momentum 은 v 를 update 를 처음 호출할 때 한 번만 만들고 (if self.v is None: ...) 이후 호출에서도 그대로 이어 써야 합니다: 매번 새로 만들면 그냥 SGD 가 됩니다.'},
        costs={MOMENTUM_LECTURE: 0.6667, MOMENTUM_RANDOM: 1.3333, GRADS_KEPT: 0.1667}),
    # AdaGrad with the 1e-7 inside the root, sqrt(h + 1e-7): wrong where the gradients are tiny.
    Mistake('adagrad_eps_inside_sqrt', 'optimizer', edits=[
            ("            self.h[key] += grads[key] * grads[key]\n"
             "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)  # 1e-7: no 0-division\n",
             "            self.h[key] += grads[key] * grads[key]\n"
             "            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key] + 1e-7)\n"),
        ],
        hint={"en": "add the 1e-7 after the square root: lr * g / (np.sqrt(h) + 1e-7), not np.sqrt(h + 1e-7) "
                    "(the two differ where the gradients are tiny).",
              "ko": "1e-7 은 제곱근 바깥에서 더하세요: np.sqrt(h + 1e-7) 이 아니라 lr * g / (np.sqrt(h) + 1e-7) 입니다 "
                    "(기울기가 아주 작은 곳에서 두 값이 달라집니다)."},
        costs={ADAGRAD_ZEROS: 1.0}),
    # AdaGrad keeps only the last squared gradient (h = g*g) instead of their running sum.
    Mistake('adagrad_no_accumulate', 'optimizer', edits=[
            ('            self.h[key] += grads[key] * grads[key]\n',
             '            self.h[key] = grads[key] * grads[key]\n'),
        ],
        hint={"en": 'AdaGrad adds up the squared gradients of every update: self.h[key] += grads[key] * grads[key], not h = g * g.',
              "ko": 'AdaGrad 는 갱신할 때마다 기울기 제곱을 누적합니다: h = g * g 가 아니라 self.h[key] += grads[key] * grads[key] 입니다.'},
        costs={ADAGRAD_LECTURE: 0.6667, ADAGRAD_ZEROS: 1.3333, GRADS_KEPT: 0.1667}),
    # RMSprop adds g*g without the (1 - decay_rate) factor.
    Mistake('rmsprop_no_decay_factor', 'optimizer', edits=[
            ('            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]\n',
             '            self.h[key] += grads[key] * grads[key]\n'),
        ],
        hint={"en": 'RMSprop keeps a moving average: h = decay_rate * h + (1 - decay_rate) * g * g (the new term is multiplied by 1 - decay_rate).',
              "ko": 'RMSprop 은 이동 평균을 유지합니다: h = decay_rate * h + (1 - decay_rate) * g * g (새 항에 1 - decay_rate 를 곱합니다).'},
        costs={RMSPROP_LECTURE: 1.0, RMSPROP_RANDOM: 2.0, IN_PLACE: 0.3333, GRADS_KEPT: 0.1667}),
    # Adam computes lr_t before counting the update: at t = 0 the bias correction is 0/0.
    Mistake('adam_iter_after_lr', 'optimizer', edits=[
            ('        self.iter += 1\n        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)\n',
             '        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)\n        self.iter += 1\n'),
        ],
        hint={"en": 'Adam counts the update before the bias correction: self.iter += 1 first, then lr_t = lr * sqrt(1 - beta2**iter) / (1 - beta1**iter) (at iter 0 it is 0/0).',
              "ko": 'Adam 은 편향 보정보다 먼저 갱신 횟수를 셉니다: self.iter += 1 을 한 뒤 lr_t = lr * sqrt(1 - beta2**iter) / (1 - beta1**iter) 를 계산하세요 (iter 가 0 이면 0/0 이 됩니다).'},
        costs={ADAM_LECTURE: 2.0, ADAM_RANDOM: 2.0, IN_PLACE: 0.3333, GRADS_KEPT: 0.1667}),
    # A one-sided difference the other way, (f(x) - f(x - h)) / h: as inexact as the forward one.
    Mistake('backward_difference', 'gradient', edits=[
            ('    return (f(x + h) - f(x - h)) / (2 * h)\n',
             '    return (f(x) - f(x - h)) / h\n'),
        ],
        names='forward_difference',
        costs={DIFF_LECTURE: 2.0, DIFF_RANDOM: 2.0}),
    # Operator precedence: f(x + h) - f(x - h) / (2 * h) divides only f(x - h).
    Mistake('diff_precedence_numerator', 'gradient', edits=[
            ('    return (f(x + h) - f(x - h)) / (2 * h)\n',
             '    return f(x + h) - f(x - h) / (2 * h)\n'),
        ],
        names='diff_precedence',
        costs={DIFF_LECTURE: 2.0, DIFF_RANDOM: 2.0}),
    # numerical_gradient loops over the first axis only (range(len(x))): x[idx] is a whole row of a 2-D x.
    Mistake('numgrad_first_axis', 'gradient', edits=[
            ('    for idx in np.ndindex(x.shape):\n',
             '    for idx in range(len(x)):\n'),
        ],
        names='numgrad_flat_index',
        costs={GRAD_2D: 2.0, GRAD_3D: 2.0, GRAD_RESTORES: 2.0, GD_LAB: 2.0, GD_100: 1.0, GD_RANDOM: 2.0}),
    # The book's chapter-4 numerical_gradient: a 1-D loop, and a 2-D x taken as a batch of rows, f called on one row at a time.
    Mistake('numgrad_2d_only', 'gradient', edits=[
            ('def numerical_gradient(f, x):\n',
             'def _numerical_gradient_no_batch(f, x):\n'),
            ('    for idx in np.ndindex(x.shape):\n        tmp_val = x[idx]\n        x[idx] = tmp_val + h\n',
             '    for idx in range(x.size):\n        tmp_val = x[idx]\n        x[idx] = float(tmp_val) + h\n'),
            ('    return grad\n\n\ndef gradient_descent(',
             '    return grad\n\n\ndef numerical_gradient(f, x):\n    if x.ndim == 1:\n        return _numerical_gradient_no_batch(f, x)\n'
             '    grad = np.zeros_like(x)\n    for idx, row in enumerate(x):\n        grad[idx] = _numerical_gradient_no_batch(f, row)\n'
             '    return grad\n\n\ndef gradient_descent('),
        ],
        hint={"en": 'numerical_gradient differentiates f of the whole x, whatever its shape: move each element with for idx in np.ndindex(x.shape) and call f(x) on all of x (the book\'s chapter-4 version calls f on one row at a time, handles only 1-D and 2-D x, and its grad = np.zeros_like(x) is an int array for an int x).',
              "ko": 'numerical_gradient 는 모양에 상관없이 x 전체의 함수 f 를 미분합니다: for idx in np.ndindex(x.shape) 로 원소를 하나씩 움직이고 f(x) 에는 x 전체를 넘기세요 (책 4장의 코드는 f 를 한 행씩 호출하고 1차원과 2차원 x 만 다루며, 정수 x 에서는 grad = np.zeros_like(x) 가 정수 배열이 됩니다).'},
        costs={GRAD_2D: 1.3333, GRAD_3D: 2.0, GRAD_RESTORES: 2.0, GD_LAB: 2.0, GD_100: 1.0}),
    # The book's gradient_descent: x = init_x (the caller's array, and a number has no .copy()), history a list of copies.
    Mistake('gd_book_history', 'gradient', edits=[
            ('    x = np.array(init_x, dtype=float)\n    history = np.zeros((step_num, *x.shape))\n',
             '    x = init_x\n    history = []\n'),
            ('        history[i] = x\n',
             '        history.append(x.copy())\n'),
            ('    return x, history\n',
             '    return x, np.array(history)\n'),
        ],
        names='gd_mutates_init_x',
        costs={GD_LAB: 2.0, GD_100: 1.0, GD_RANDOM: 0.6667}),
    # history also keeps the final x: step_num + 1 rows instead of step_num.
    Mistake('gd_history_includes_final', 'gradient', edits=[
            ('    history = np.zeros((step_num, *x.shape))\n',
             '    history = np.zeros((step_num + 1, *x.shape))\n'),
            ('    return x, history\n',
             '    history[step_num] = x\n    return x, history\n'),
        ],
        hint={"en": 'history has exactly step_num rows: row i is x before step i (history[0] is the starting point); the final x is returned on its own, not added to history.',
              "ko": 'history 는 정확히 step_num 개의 행을 가집니다: i 번째 행은 i 번째 단계 이전의 x 이고 (history[0] 은 시작점), 최종 x 는 history 에 넣지 않고 따로 반환합니다.'},
        costs={GD_LAB: 1.0, GD_100: 0.5, GD_RANDOM: 1.3333}),
    # RMSprop with decay_rate and 1 - decay_rate swapped: the old average is nearly forgotten at each update.
    Mistake('rmsprop_decay_swapped', 'optimizer', edits=[
            ('            self.h[key] *= self.decay_rate\n            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]\n',
             '            self.h[key] *= 1 - self.decay_rate\n            self.h[key] += self.decay_rate * grads[key] * grads[key]\n'),
        ],
        hint={"en": 'RMSprop keeps most of the old average: h = decay_rate * h + (1 - decay_rate) * g * g; decay_rate (0.99 by default) multiplies the old h, and only 1 - decay_rate the new g * g.',
              "ko": 'RMSprop 은 이전 평균을 대부분 유지합니다: h = decay_rate * h + (1 - decay_rate) * g * g. decay_rate (기본값 0.99) 는 이전 h 에 곱하고, 새 g * g 에는 1 - decay_rate 만 곱합니다.'},
        costs={RMSPROP_LECTURE: 1.0, RMSPROP_RANDOM: 2.0, IN_PLACE: 0.3333, GRADS_KEPT: 0.1667}),
    # Adam's counter starts at 1: the first update already uses t = 2 in the bias correction.
    Mistake('adam_iter_starts_at_one', 'optimizer', edits=[
            ('        self.iter = 0\n',
             '        self.iter = 1\n'),
        ],
        hint={"en": "Adam's counter starts at 0 (self.iter = 0 in __init__): update adds 1 before the bias correction, so the first update uses t = 1; starting at 1 makes it use t = 2.",
              "ko": 'Adam 의 갱신 횟수는 0 에서 시작합니다 (__init__ 에서 self.iter = 0): update 가 편향 보정 전에 1 을 더하므로 첫 갱신은 t = 1 을 씁니다. 1 에서 시작하면 첫 갱신이 t = 2 를 쓰게 됩니다.'},
        costs={ADAM_LECTURE: 2.0, ADAM_RANDOM: 2.0, IN_PLACE: 0.3333, GRADS_KEPT: 0.1667}),
    # history after each step, written with a list and x = x - ... (for a number x the final x is then a numpy float, not a 0-d array).
    Mistake('gd_history_after_step_list', 'gradient', edits=[
            ('    history = np.zeros((step_num, *x.shape))\n', '    history = []\n'),
            ('        history[i] = x\n        x -= lr * numerical_gradient(f, x)\n',
             '        x = x - lr * numerical_gradient(f, x)\n        history.append(x.copy())\n'),
            ('    return x, history\n', '    return x, np.array(history)\n'),
        ],
        names='gd_history_after_step',
        costs={GD_LAB: 1.0, GD_RANDOM: 1.3333}),
    # The book's numerical_gradient: grad = np.zeros_like(x) and no float copy, so an int x keeps x ± h as the same int and the gradient is an int array of zeros.
    Mistake('numgrad_int_x', 'gradient', edits=[
            ('    if not (isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.floating)):\n'
             '        x = np.array(x, dtype=float)  # an int array cannot hold x ± h\n'
             '    grad = np.zeros(x.shape, dtype=float)\n',
             '    grad = np.zeros_like(x)\n'),
        ],
        hint={"en": 'numerical_gradient must work on a float copy of a non-float x (an int array, a list, a number): an int array cannot hold x[idx] + h (it is cut back to the same int), and grad = np.zeros_like(x) of an int x is an int array. Keep x = np.array(x, dtype=float) for such an x and grad = np.zeros(x.shape, dtype=float).',
              "ko": 'numerical_gradient 는 실수가 아닌 x (정수 배열, 리스트, 숫자) 를 실수 배열로 복사해서 써야 합니다: 정수 배열에는 x[idx] + h 를 담을 수 없고 (같은 정수로 잘립니다), 정수 x 에 대한 grad = np.zeros_like(x) 는 정수 배열입니다. 그런 x 에는 x = np.array(x, dtype=float) 를 유지하고 grad = np.zeros(x.shape, dtype=float) 를 쓰세요.'},
        costs={GRAD_2D: 0.6667}),
    # numerical_diff divides the central difference by h instead of 2h: every derivative twice too large.
    Mistake('diff_missing_2', 'gradient', edits=[
            ('return (f(x + h) - f(x - h)) / (2 * h)',
             'return (f(x + h) - f(x - h)) / h'),
        ],
        hint={"en": 'the central difference spans 2h, from x - h to x + h: divide by 2 * h, (f(x + h) - f(x - h)) / (2 * h); dividing by h doubles every derivative.',
              "ko": '중심 차분은 x - h 에서 x + h 까지, 폭이 2h 입니다: (f(x + h) - f(x - h)) / (2 * h) 처럼 2 * h 로 나누세요. h 로 나누면 미분값이 모두 두 배가 됩니다.'},
        costs={DIFF_LECTURE: 2.0, DIFF_RANDOM: 2.0}),
    # gradient_descent goes up the gradient: x = x + lr * grad (gradient ascent).
    Mistake('gd_ascent', 'gradient', edits=[
            ('        x -= lr * numerical_gradient(f, x)\n',
             '        x = x + lr * numerical_gradient(f, x)\n'),
        ],
        hint={"en": 'gradient descent steps against the gradient: x -= lr * grad; adding lr * grad climbs the function instead of going down.',
              "ko": '경사 하강법은 기울기의 반대 방향으로 움직입니다: x -= lr * grad. lr * grad 를 더하면 함수를 내려가는 대신 올라갑니다.'},
        costs={GD_LAB: 2.0, GD_100: 0.5, GD_RANDOM: 2.0}),
    # SGD scales the gradient in place (g = grads[key]; g *= lr): the caller's grads change.
    Mistake('sgd_mutates_grads', 'optimizer', edits=[
            ('            params[key] -= self.lr * grads[key]\n',
             '            g = grads[key]\n            g *= self.lr\n            params[key] -= g\n'),
        ],
        hint={"en": "update must not change grads: g = grads[key] is the same array, so g *= lr scales the caller's gradient; write params[key] -= self.lr * grads[key].",
              "ko": 'update 는 grads 를 바꾸면 안 됩니다: g = grads[key] 는 같은 배열이므로 g *= lr 은 호출한 쪽의 기울기를 바꿉니다. params[key] -= self.lr * grads[key] 로 쓰세요.'},
        costs={GRADS_KEPT: 0.1667}),
    # a blind set: the history as a list of the one array x, which -= changes in place
    Mistake('gd_history_aliases_x', 'gradient', edits=[
            ("    history = np.zeros((step_num, *x.shape))\n", "    history = []\n"),
            ("        history[i] = x\n", "        history.append(x)\n"),
            ("    return x, history", "    return x, np.array(history)"),
        ],
        hint={"en": "x -= ... changes the one array x in place, so a history that holds x itself holds the final x in every row: save a copy each step (history.append(x.copy()) or history[i] = x).",
              "ko": "x -= ... 는 배열 x 하나를 제자리에서 바꾸므로, x 자체를 담은 history 는 모든 행이 마지막 x 가 됩니다: 단계마다 복사본을 저장하세요 (history.append(x.copy()) 또는 history[i] = x)."},
        costs={'gradient_descent on (x - 3)² + 10 from 10 with lr 0.2: history 10, 7.2, 5.52, 4.512, 3.9072, then x = 3.54432': 1.0, 'gradient_descent from a random 2-D starting point: final x, history, and init_x left unchanged': 1.3333}),
    # blind sets: one dict for both of an optimizer's running averages (self.v = self.m, or G = H = {})
    Mistake('adam_m_v_one_dict', 'optimizer', edits=[
            ("            self.v = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}\n"
             "        # Hint: count the step",
             "            self.v = self.m\n        # Hint: count the step"),
        ],
        hint={"en": "m and v are two running averages: give each its own dict of arrays (self.m = {...}; self.v = {...}); self.v = self.m (or m = v = {...}) makes them one, and each update of one overwrites the other.",
              "ko": "m 과 v 는 서로 다른 두 이동 평균입니다: 각자 배열 dict 를 따로 만드세요 (self.m = {...}; self.v = {...}). self.v = self.m (또는 m = v = {...}) 이면 둘이 하나가 되어 한쪽을 갱신할 때마다 다른 쪽이 덮어써집니다."},
        costs={'Adam() with bias correction: the first update moves each weight by about lr = 0.001 (1 → 0.999)': 2.0, 'Adam with random lr, beta1 and beta2 on random arrays, some gradients 0, three updates': 2.0, "every optimizer's update changes the arrays of params in place": 0.3333, "every optimizer's update leaves grads unchanged": 0.1667}),
    Mistake('adadelta_g_h_one_dict', 'optimizer', edits=[
            ("            self.H = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}\n",
             "            self.H = self.G\n"),
        ],
        hint={"en": "Adadelta's steps come out as if G and H were one dict (self.H = self.G, or G = H = {...}), which answers the same as computing dx before updating G, or accumulating g * g into H: keep G and H in dicts of their own, and in each update take G = rho*G + (1-rho)*g*g first, then dx from the new G, then H = rho*H + (1-rho)*dx*dx.",
              "ko": "Adadelta 의 갱신이 G 와 H 가 하나의 dict 인 것처럼 (self.H = self.G 또는 G = H = {...}) 나옵니다. 이는 G 를 갱신하기 전에 dx 를 계산하거나, H 에 g * g 를 누적한 것과 같은 결과입니다: G 와 H 를 각자의 dict 에 두고, 갱신마다 먼저 G = rho*G + (1-rho)*g*g, 다음에 새 G 로 dx, 마지막으로 H = rho*H + (1-rho)*dx*dx 를 계산하세요."},
        costs={'Adadelta() with rho 0.95 and eps 1e-6: W[0] goes 1 → 0.995528 after the first update': 1.0, 'Adadelta with random rho and eps on random arrays, three updates': 2.0, "every optimizer's update changes the arrays of params in place": 0.3333, "every optimizer's update leaves grads unchanged": 0.1667}),
    # a blind set: one loop over a flattened view, and f given that view instead of x
    Mistake('numgrad_flat_f', 'gradient', edits=[
            ("        fxh1 = f(x)\n", "        fxh1 = f(x.reshape(-1))\n"),
            ("        fxh2 = f(x)\n", "        fxh2 = f(x.reshape(-1))\n"),
        ],
        hint={"en": "numerical_gradient must call f with x itself, in x's own shape: f(x). A flattened view (x.reshape(-1)) is fine for the loop, but f of a matrix reads rows and columns (x[0], x @ W), and on the flattened copy it computes something else.",
              "ko": "numerical_gradient 는 f 를 x 자체, 즉 x 의 원래 모양으로 호출해야 합니다: f(x). 반복문에는 펼친 뷰 (x.reshape(-1)) 를 써도 되지만, 행렬의 함수 f 는 행과 열 (x[0], x @ W) 을 읽으므로 펼친 배열에서는 다른 값을 계산합니다."},
        costs={GRAD_2D: 0.6667}),
]
