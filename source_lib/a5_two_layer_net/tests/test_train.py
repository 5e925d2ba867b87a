"""Public tests for train.py: the history it returns and that training lowers the loss.

The tests use the grader's checks (the `check` fixture of conftest.py).
"""
import numpy as np

from autograder.checker import words
from train import train
from two_layer_net import TwoLayerNet


def blobs(n=60, seed=0):
    """Three well-separated clusters in 2-D, labels 0..2."""
    rng = np.random.default_rng(seed)
    centers = np.array([[2.0, 0.0], [-2.0, 2.0], [-2.0, -2.0]])
    t = np.arange(n) % 3
    x = centers[t] + 0.3 * rng.normal(size=(n, 2))
    return x, t


def fresh_net():
    np.random.seed(0)
    return TwoLayerNet(input_size=2, hidden_size=8, output_size=3, weight_init_std=0.5)


def test_train_returns_one_loss_per_iteration_and_accuracies_once_per_epoch(check):
    """train's history holds one loss per iteration and the accuracies once per epoch
    ko: train 의 history 에는 반복마다 손실 하나, 에폭마다 정확도가 있음"""
    x, t = blobs()
    history = train(fresh_net(), x, t, x, t, iters_num=25, batch_size=10, learning_rate=0.1)
    call = words("{call} on 60 samples", "샘플 60 개에 대한 {call}",
                 call="train(net, x, t, x, t, iters_num=25, batch_size=10)")
    check.equal(sorted(history), ["test_acc", "train_acc", "train_loss"],
                words("sorted(history) for history = {call}", "{call} 에서 반환된 history 의 sorted(history)",
                      call=call))
    check.equal(len(history["train_loss"]), 25, words("len(history['train_loss']) for history = {call}",
                                                      "{call} 에서 반환된 history 의 len(history['train_loss'])",
                                                      call=call))
    # epoch_len = 60 // 10 = 6 -> recorded at i = 0, 6, 12, 18, 24
    for key in ("train_acc", "test_acc"):
        count = len(history[key])
        check.equal(count, 5, words("len(history[{key}]) for history = {call} (at i = 0, 6, 12, 18, 24)",
                                    "{call} 에서 반환된 history 의 len(history[{key}]) (i = 0, 6, 12, 18, 24 에서 기록)",
                                    key=repr(key), call=call),
                    misconception="train_acc_every_iteration" if count == 25 else None)


def test_train_records_the_first_accuracy_before_any_update(check):
    """the first train accuracy is the untrained network's
    ko: 첫 train 정확도는 학습 전 신경망의 정확도"""
    x, t = blobs()
    untrained = fresh_net().accuracy(x, t)
    history = train(fresh_net(), x, t, x, t, iters_num=5, batch_size=10)
    check.scalar(history["train_acc"][0], untrained, {
        "en": "history['train_acc'][0] (expected: the accuracy before training)",
        "ko": "history['train_acc'][0] (기댓값: 학습 전의 정확도)",
    }, rtol=0, atol=1e-12)


def test_train_lowers_the_loss_and_learns_separable_clusters(check):
    """300 iterations of train lower the loss and classify three clusters above 90%
    ko: train 300 번 반복으로 손실이 줄고 세 군집을 90% 넘게 맞힘"""
    x, t = blobs()
    net = fresh_net()
    history = train(net, x, t, x, t, iters_num=300, batch_size=10, learning_rate=0.1)
    first, last = history["train_loss"][0], history["train_loss"][-1]
    check.true(last < first, {
        "en": f"after 300 iterations the loss is {last}, not below the first one, {first}",
        "ko": f"300 번 반복한 뒤 손실이 {last} 로, 처음 손실 {first} 보다 작지 않습니다",
    })
    accuracy = net.accuracy(x, t)
    check.true(accuracy > 0.9, {
        "en": f"after training, net.accuracy(x, t) on three separable clusters is {accuracy}, not above 0.9",
        "ko": f"학습 후 세 군집에 대한 net.accuracy(x, t) 가 {accuracy} 로, 0.9 보다 크지 않습니다",
    })
