"""a5_two_layer_net's own feedback sentences (``autograder.feedback.messages`` finds them by key).

Every key has English and Korean with the same blanks; a test checks it.
"""

MESSAGES = {
    "a5_reference_not_finite": {
        "en": "with the weights TwoLayerNet starts with, the network's scores or loss are not finite numbers (inf or "
              "nan: are W1 and W2 far too large?), so there is nothing to compare your answers with, and other "
              "weights could not be put into the net through net.layers['Affine1'].W, .b and net.params (or predict "
              "did not use them); draw W1 and W2 as weight_init_std * np.random.randn(...)",
        "ko": "TwoLayerNet 의 처음 가중치로는 신경망의 점수나 손실이 유한한 수가 아닙니다 (inf 또는 nan: W1, W2 가 너무 "
              "큰가요?). 그래서 답과 비교할 값이 없고, net.layers['Affine1'].W, .b 와 net.params 로 다른 가중치를 넣을 "
              "수도 없었습니다 (또는 predict 가 그 가중치를 쓰지 않았습니다). W1 과 W2 는 "
              "weight_init_std * np.random.randn(...) 으로 만드세요",
    },
    "a5_trained_scores_not_finite": {
        "en": "after train, a network holding net.params gives scores that are not finite (inf or nan) on the test "
              "inputs, so {what} cannot be checked",
        "ko": "train 후 net.params 를 가진 신경망이 시험 입력에서 유한하지 않은 점수 (inf 또는 nan) 를 냅니다. 그래서 "
              "{what} 을(를) 확인할 수 없습니다",
    },
    "a5_digits_accuracy": {
        "en": "after training, a network holding your net.params classifies {accuracy} of the {n} held-out test "
              "digits correctly; at least 90% is needed",
        "ko": "학습 후 net.params 를 가진 신경망이 학습에 쓰지 않은 시험 숫자 {n}개 중 {accuracy} 만 맞혔습니다. 90% "
              "이상이어야 합니다",
    },
    "a5_predict_ignores_params": {
        "en": "net.predict(x_test) does not compute the scores of a network holding net.params (Affine1, Relu1, "
              "Affine2 with W1, b1, W2, b2): predict must use the trained params",
        "ko": "net.predict(x_test) 가 net.params 를 가진 신경망 (W1, b1, W2, b2 로 Affine1, Relu1, Affine2) 의 점수를 "
              "계산하지 않습니다. predict 는 학습된 params 를 써야 합니다",
    },
    "a5_batch_size_not_refused": {
        "en": "train with a batch_size below 1 should raise ValueError, as its docstring says (check batch_size "
              "before anything else)",
        "ko": "batch_size 가 1 보다 작으면 train 은 docstring 에 적힌 대로 ValueError 를 일으켜야 합니다 (다른 일을 하기 "
              "전에 batch_size 를 확인하세요)",
    },
    "a5_predictions_unchanged": {
        "en": " (its predictions did not change at all during training)",
        "ko": " (학습하는 동안 예측이 전혀 바뀌지 않았습니다)",
    },
}
