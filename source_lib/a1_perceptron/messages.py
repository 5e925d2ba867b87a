"""a1_perceptron's own feedback sentences (``autograder.feedback.messages`` finds them by key).

Every key has English and Korean with the same blanks; a test checks it.
"""

MESSAGES = {
    "output_constant": {
        "en": "{name} gives {value} for every input {inputs}: its output does not depend on its inputs, so it does "
              "not compute anything yet and earns nothing here",
        "ko": "{name} 의 출력이 {inputs} 모든 입력에서 {value} 입니다: 출력이 입력에 따라 달라지지 않으므로 아직 "
              "아무것도 계산하지 않는 것이고, 여기서는 점수를 얻지 못합니다",
    },
    "inputs_truth_table": {
        "en": "(0, 0), (0, 1), (1, 0), (1, 1)",
        "ko": "(0, 0), (0, 1), (1, 0), (1, 1) 의",
    },
    "inputs_this_test": {
        "en": "this test tries",
        "ko": "이 테스트가 시도한",
    },
    "a1_threshold_needs_sides": {
        "en": "{what} is judged only when perceptron is also right just below and just above the threshold",
        "ko": "{what} 은(는) perceptron 이 경계 바로 아래와 바로 위에서도 맞을 때만 판정합니다",
    },
    "a1_hidden_off_threshold_wrong": {
        "en": "{what} is wrong on at least one of the {count} random inputs off the threshold (a hidden test does "
              "not say which)",
        "ko": "{what} 이(가) 경계에 있지 않은 무작위 입력 {count}개 중 하나 이상에서 틀렸습니다 (숨은 테스트라 어느 "
              "입력인지는 알려 주지 않습니다)",
    },
    "a1_hidden_on_threshold_wrong": {
        "en": "{what} is wrong on at least one of the {count} random inputs exactly on the threshold (w·x + b = 0)",
        "ko": "{what} 이(가) 정확히 경계 (w·x + b = 0) 에 있는 무작위 입력 {count}개 중 하나 이상에서 틀렸습니다",
    },
    "a1_hidden_on_threshold_unjudged": {
        "en": "{what} exactly on the threshold (w·x + b = 0) is judged only when it is right on every random input "
              "off the threshold",
        "ko": "정확히 경계 (w·x + b = 0) 에서의 {what} 은(는) 경계에 있지 않은 무작위 입력이 모두 맞을 때만 판정합니다",
    },
}
