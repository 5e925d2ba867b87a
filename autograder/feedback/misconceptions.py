"""The mistakes students of this course make every year, each with a one-sentence hint.

A suite names the candidates for a check (``check.array(..., variants={id: value})``), computing
each wrong variant with trusted code in the grader; when the student's answer matches one,
its hint is added to the feedback and its id recorded on the test result.
"""
from __future__ import annotations

HINTS: dict[str, dict[str, str]] = {
    "softmax_no_max_shift": {
        "en": "softmax overflows for large inputs: subtract np.max(x) before np.exp (the result does not change).",
        "ko": "큰 입력에서 softmax 가 overflow 됩니다: np.exp 전에 np.max(x) 를 빼세요 (결과는 같습니다).",
    },
    "softmax_wrong_axis": {
        "en": "on a batch, softmax must normalise each row: use axis=-1 with keepdims=True for max and sum.",
        "ko": "배치에서는 각 행을 정규화해야 합니다: max 와 sum 에 axis=-1, keepdims=True 를 쓰세요.",
    },
    "mse_mean": {
        "en": "the course's MSE is 0.5 * np.sum((y - t)**2), not a mean over the elements.",
        "ko": "이 강의의 MSE 는 평균이 아니라 0.5 * np.sum((y - t)**2) 입니다.",
    },
    "sse_rmse_confusion": {
        "en": "SSE is the plain sum of squared errors; RMSE is the square root of their mean — check which one this is.",
        "ko": "SSE 는 오차 제곱의 합, RMSE 는 오차 제곱 평균의 제곱근입니다 — 어느 쪽인지 확인하세요.",
    },
    "cee_no_delta": {
        "en": "log(0) is -inf: add a tiny delta, np.log(y + 1e-7), as in the lecture.",
        "ko": "log(0) 은 -inf 입니다: 강의처럼 np.log(y + 1e-7) 로 작은 값을 더하세요.",
    },
    "cee_no_batch_average": {
        "en": "cross-entropy on a batch is divided by the batch size (y.shape[0]).",
        "ko": "배치의 교차 엔트로피는 배치 크기(y.shape[0])로 나눠야 합니다.",
    },
    "cee_sign": {
        "en": "cross-entropy has a minus sign: E = -Σ t·log(y); a loss is never negative.",
        "ko": "교차 엔트로피에는 마이너스 부호가 있습니다: E = -Σ t·log(y). 손실은 음수가 될 수 없습니다.",
    },
    "step_bool": {
        "en": "step must return integers 0/1: use (x > 0).astype(int) (np.int no longer exists).",
        "ko": "step 은 정수 0/1 을 반환해야 합니다: (x > 0).astype(int) 를 쓰세요 (np.int 는 없어졌습니다).",
    },
    "numpy_removed_alias": {
        "en": "np.int, np.float and np.bool were removed from numpy: use int, float, bool (e.g. (x > 0).astype(int)).",
        "ko": "np.int, np.float, np.bool 은 numpy 에서 없어졌습니다: int, float, bool 을 쓰세요 (예: (x > 0).astype(int)).",
    },
    "sigmoid_grad_from_z": {
        "en": "the sigmoid derivative is out * (1 - out) with out = sigmoid(x), the forward output, not the input x.",
        "ko": "sigmoid 미분은 순전파 출력 out 으로 out * (1 - out) 입니다. 입력 x 를 쓰면 안 됩니다.",
    },
    "relu_backward_inplace": {
        "en": "Relu.backward changed the dout array it was given: copy it first (dx = dout.copy()).",
        "ko": "Relu.backward 가 받은 dout 배열을 바꾸었습니다: 먼저 복사하세요 (dx = dout.copy()).",
    },
    "affine_db_not_summed": {
        "en": "db must be summed over the batch: db = np.sum(dout, axis=0).",
        "ko": "db 는 배치에 대해 합해야 합니다: db = np.sum(dout, axis=0).",
    },
    "affine_dw_transposed": {
        "en": "dW has W's shape: dW = x.T @ dout, not dout.T @ x.",
        "ko": "dW 는 W 와 같은 shape 입니다: dW = x.T @ dout (dout.T @ x 가 아닙니다).",
    },
    "softmaxloss_no_batch_divide": {
        "en": "SoftmaxWithLoss.backward returns (y - t) / batch_size: divide by the batch size.",
        "ko": "SoftmaxWithLoss.backward 는 (y - t) / batch_size 입니다: 배치 크기로 나누세요.",
    },
    "numgrad_not_restored": {
        "en": "numerical_gradient must put each x[idx] back to its original value after the two evaluations.",
        "ko": "numerical_gradient 는 두 번 계산한 뒤 x[idx] 를 원래 값으로 되돌려야 합니다.",
    },
    "forward_difference": {
        "en": "use the central difference (f(x+h) - f(x-h)) / (2h), not the forward difference (f(x+h) - f(x)) / h.",
        "ko": "전방 차분 (f(x+h) - f(x)) / h 가 아니라 중앙 차분 (f(x+h) - f(x-h)) / (2h) 를 쓰세요.",
    },
    "h_too_small": {
        "en": "h is so small that rounding error destroys the result: use h = 1e-4.",
        "ko": "h 가 너무 작아 반올림 오차가 결과를 망칩니다: h = 1e-4 를 쓰세요.",
    },
    "momentum_sign": {
        "en": "Momentum: v = momentum*v - lr*grad, then param += v (mind the signs).",
        "ko": "Momentum: v = momentum*v - lr*grad, 그다음 param += v 입니다 (부호에 주의).",
    },
    "adam_no_bias_correction": {
        "en": "Adam needs bias correction: lr_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t).",
        "ko": "Adam 에는 편향 보정이 필요합니다: lr_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t).",
    },
    "perceptron_threshold": {
        "en": "the perceptron fires only when w·x + b > 0 (strictly greater).",
        "ko": "퍼셉트론은 w·x + b > 0 (0보다 클 때)만 1을 출력합니다.",
    },
    "relu_mask_at_zero": {
        "en": "the Relu mask is x <= 0 (zero included): at x = 0 the gradient is blocked too.",
        "ko": "Relu 의 mask 는 x <= 0 입니다 (0 포함): x = 0 에서도 기울기를 막아야 합니다.",
    },
    "affine_dx_shape": {
        "en": "Affine.backward must return dx in x's original shape: dx.reshape(self.original_x_shape).",
        "ko": "Affine.backward 는 dx 를 x 의 원래 shape 로 돌려줘야 합니다: dx.reshape(self.original_x_shape).",
    },
    "affine_copies_params": {
        "en": "Affine must keep the W and b it is given (self.W = W), not copies: a network updates them in place.",
        "ko": "Affine 은 받은 W 와 b 를 그대로 보관해야 합니다 (self.W = W). 복사하면 신경망의 제자리 갱신이 반영되지 않습니다.",
    },
    "mlp_delta_after_update": {
        "en": "compute both deltas with the old W2 first, then update the weights: the hidden delta uses W2 before the step.",
        "ko": "두 델타를 갱신 전의 W2 로 먼저 계산한 뒤 가중치를 갱신하세요: 은닉층 델타는 갱신 전 W2 를 씁니다.",
    },
    "backprop_step_inplace": {
        "en": "backprop_step must return new arrays: write W2 = W2 - lr * ..., not W2 -= lr * ... (that changes the caller's array).",
        "ko": "backprop_step 은 새 배열을 반환해야 합니다: W2 -= lr * ... 가 아니라 W2 = W2 - lr * ... 로 쓰세요 (호출한 쪽 배열이 바뀝니다).",
    },
    "mlp_train_full_batch": {
        "en": "train updates after every single sample, in order (a (1, I) row at a time), not once per pass over all samples.",
        "ko": "train 은 전체 샘플에 대해 한 번이 아니라, 샘플 하나((1, I) 행)마다 순서대로 갱신합니다.",
    },
    "layers_copy_params": {
        "en": "the layers must hold the very arrays of self.params (Affine(self.params['W1'], self.params['b1']), no copies): numerical_gradient and training change params in place, and the layers must see it.",
        "ko": "계층은 self.params 의 배열 자체를 가져야 합니다 (Affine(self.params['W1'], self.params['b1']), 복사 금지): numerical_gradient 와 학습은 params 를 제자리에서 바꾸고, 계층이 그 변화를 봐야 합니다.",
    },
    "sgd_not_in_place": {
        "en": "update the parameters in place, network.params[key] -= learning_rate * grads[key]: params[key] = params[key] - ... makes a new array the layers never see.",
        "ko": "매개변수는 제자리에서 갱신하세요: network.params[key] -= learning_rate * grads[key]. params[key] = params[key] - ... 는 계층이 보지 못하는 새 배열을 만듭니다.",
    },
    "train_ignores_optimizer": {
        "en": "when an optimizer is given, train must call optimizer.update(network.params, grads) instead of its own SGD step.",
        "ko": "optimizer 가 주어지면 train 은 자체 SGD 대신 optimizer.update(network.params, grads) 를 호출해야 합니다.",
    },
    "train_acc_every_iteration": {
        "en": "record train_acc and test_acc once per epoch, only at iterations i with i % epoch_len == 0, not at every iteration.",
        "ko": "train_acc 와 test_acc 는 매 반복이 아니라 에폭마다, i % epoch_len == 0 인 반복에서만 기록합니다.",
    },
    "accuracy_onehot_labels": {
        "en": "with one-hot t, compare with the labels np.argmax(t, axis=1), not with t itself.",
        "ko": "t 가 원-핫이면 t 자체가 아니라 레이블 np.argmax(t, axis=1) 과 비교하세요.",
    },
    "accuracy_count": {
        "en": "accuracy is a fraction: divide the number of correct rows by the number of rows.",
        "ko": "정확도는 비율입니다: 맞힌 행의 수를 전체 행의 수로 나누세요.",
    },
    "accuracy_after_update": {
        "en": "record train_acc and test_acc at the start of iteration i, before its update: the first entry is the accuracy of the untrained network.",
        "ko": "train_acc 와 test_acc 는 i 번째 반복의 갱신 전, 반복을 시작할 때 기록하세요: 첫 값은 학습 전 신경망의 정확도입니다.",
    },
    "train_loss_before_update": {
        "en": "append network.loss(x_batch, t_batch) after the update of each iteration, as in the lecture, not before it.",
        "ko": "강의처럼 각 반복의 갱신이 끝난 뒤에 network.loss(x_batch, t_batch) 를 기록하세요 (갱신 전이 아니라).",
    },
    "forward3_output_sigmoid": {
        "en": "the output layer of forward3 uses the identity function, not the sigmoid.",
        "ko": "forward3 의 출력층은 시그모이드가 아니라 항등 함수를 씁니다.",
    },
    "gate_returns_bool": {
        "en": "a gate returns the int 0 or 1: write `return 1 if tmp > 0 else 0` (a comparison like tmp > 0 gives a bool).",
        "ko": "게이트는 정수 0 또는 1 을 반환합니다: `return 1 if tmp > 0 else 0` 처럼 쓰세요 (tmp > 0 같은 비교는 bool 입니다).",
    },
    "xor_wrong_layers": {
        "en": "XOR is AND(NAND(x1, x2), OR(x1, x2)): NAND and OR in the first layer, AND in the second.",
        "ko": "XOR 는 AND(NAND(x1, x2), OR(x1, x2)) 입니다: 첫 층에 NAND 와 OR, 둘째 층에 AND.",
    },
    "train_threshold": {
        "en": "train_perceptron predicts with y = 1 if w·x + b >= 0 (the lecture's learning rule), unlike perceptron(), which uses > 0.",
        "ko": "train_perceptron 은 강의의 학습 규칙대로 w·x + b >= 0 이면 y = 1 로 예측합니다 (perceptron() 의 > 0 과 다릅니다).",
    },
    "perceptron_errors_after_update": {
        "en": "errors[e] counts the samples whose prediction y, made before the update, differs from d (count it before changing w and b).",
        "ko": "errors[e] 는 갱신 전에 낸 예측 y 가 d 와 다른 샘플 수입니다 (w 와 b 를 바꾸기 전에 세세요).",
    },
    "perceptron_w_not_copied": {
        "en": "train_perceptron must work on a copy of w (w = np.array(w, dtype=float)); np.asarray or w += ... on the caller's array changes it.",
        "ko": "train_perceptron 은 w 의 복사본으로 학습해야 합니다 (w = np.array(w, dtype=float)). np.asarray 나 호출자 배열에 w += ... 를 하면 원본이 바뀝니다.",
    },
    "gd_history_after_step": {
        "en": "history[i] is x before step i: store x first, then update it (history[0] is the starting point).",
        "ko": "history[i] 는 i 번째 단계 이전의 x 입니다: 먼저 x 를 기록하고 갱신하세요 (history[0] 은 시작점).",
    },
    "optimizer_no_eps": {
        "en": "divide by (np.sqrt(h) + 1e-7): without the 1e-7, a weight whose gradient has been 0 so far gets 0/0 = nan.",
        "ko": "(np.sqrt(h) + 1e-7) 로 나누세요: 1e-7 이 없으면 지금까지 기울기가 0 인 가중치에서 0/0 = nan 이 됩니다.",
    },
    "optimizer_not_in_place": {
        "en": "update must change the arrays of params in place (params[key] -= ...); params[key] = params[key] - ... makes a new array the network never sees.",
        "ko": "update 는 params 의 배열을 제자리에서 바꿔야 합니다 (params[key] -= ...). params[key] = params[key] - ... 는 네트워크가 보지 못하는 새 배열을 만듭니다.",
    },
}


# Mistakes recognised from the exception the student's code raised: (type, text in the message) → id
FROM_EXCEPTIONS = [
    ("AttributeError", "numpy' has no attribute 'int'", "numpy_removed_alias"),
    ("AttributeError", "numpy' has no attribute 'float'", "numpy_removed_alias"),
    ("AttributeError", "numpy' has no attribute 'bool'", "numpy_removed_alias"),
]


def from_exception(exc_type: str, message: str) -> str | None:
    """The misconception an exception of the student's code shows, if it is a known one."""
    return next((m for t, text, m in FROM_EXCEPTIONS if exc_type == t and text in message), None)


def hint(misconception: str, lang: str = "en") -> str:
    entry = HINTS[misconception]
    return entry.get(lang, entry["en"])


def with_hint(feedback: str, misconception: str | None, lang: str = "en") -> str:
    """``feedback`` followed by "Likely mistake: <hint>" (unchanged when there is none)."""
    if not misconception:
        return feedback
    from .messages import render

    return feedback.rstrip(". ") + ". " + render("likely_mistake", lang, hint=hint(misconception, lang))
