"""Feedback sentences in English and Korean. Every key has both; a test checks it.

``render(key, lang, **values)`` fills one in. Keep sentences short and in student words.
``MESSAGES`` here are the engine's, for any course; a sentence only one assignment's suite says
lives in that assignment's folder (``source_lib/<a>/messages.py``, its own ``MESSAGES`` dict of
the same form), and ``render`` finds it there by its key (``course_messages``). Long because it
is a table: one entry per sentence, the few functions that read it at the end.
"""
from __future__ import annotations

import functools
from pathlib import Path

LANGS = ("en", "ko")
FILE = "messages.py"  # an assignment's own sentences, beside its assignment.toml

MESSAGES: dict[str, dict[str, str]] = {
    "not_implemented": {
        "en": "not implemented yet: {name}",
        "ko": "아직 구현되지 않았습니다: {name}",
    },
    "raised": {
        "en": "your code raised {type}: {message}{where}",
        "ko": "코드에서 {type} 예외가 발생했습니다: {message}{where}",
    },
    "raised_hidden": {
        "en": "your code raised {type}{where} (the message is not shown in a hidden test)",
        "ko": "코드에서 {type} 예외가 발생했습니다{where} (숨은 테스트라 메시지는 보여 주지 않습니다)",
    },
    "answer_unusable": {
        "en": "the grader could not check what your code gave back here ({type} while reading it), though "
              "the reference solution passes this test with the same inputs: check that each name the assignment "
              "asks for is a function or class and returns what it describes (type, shape, a dict's keys)",
        "ko": "이 테스트에서 코드가 돌려준 값을 채점기가 확인할 수 없었습니다 (읽는 중 {type} 발생). 같은 입력으로 "
              "모범 답안은 이 테스트를 통과합니다. 과제가 요구하는 이름이 모두 함수나 클래스인지, 그리고 과제 설명대로 "
              "값을 반환하는지 (타입, shape, dict 의 키) 확인하세요",
    },
    "own_exception": {
        "en": "an exception of a class it defines",
        "ko": "직접 정의한 클래스의",
    },
    "import_failed": {
        "en": "could not import {module}.py: {type}: {message}{where}",
        "ko": "{module}.py 를 불러올 수 없습니다: {type}: {message}{where}",
    },
    "missing_module": {
        "en": "{module}.py is missing from your submission{suggestion}",
        "ko": "제출물에 {module}.py 가 없습니다{suggestion}",
    },
    "missing_suggestion": {
        "en": " (found {found}: rename it to {module}.py?)",
        "ko": " ({found} 파일이 있습니다: {module}.py 로 이름을 바꾸세요)",
    },
    "timeout": {
        "en": "your code did not finish in time ({detail}); look for an endless loop or a very slow step",
        "ko": "제한 시간 안에 끝나지 않았습니다 ({detail}). 무한 루프나 매우 느린 부분이 있는지 확인하세요",
    },
    "crashed": {
        "en": "your code stopped the grading process ({detail}); do not call exit(), and watch memory use",
        "ko": "코드가 채점 프로세스를 중단시켰습니다 ({detail}). exit()를 호출하지 말고 메모리 사용량을 확인하세요",
    },
    "grader_failed": {
        "en": "the autograder could not run this test (not your fault); your instructor can see the details",
        "ko": "채점기가 이 테스트를 실행하지 못했습니다 (학생 잘못이 아닙니다). 담당 교수자가 자세한 내용을 확인할 수 있습니다",
    },
    "wrong_type": {
        "en": "{what} should return {expected}, but it returned {got}",
        "ko": "{what}: {expected}이어야 하는데 {got}입니다",
    },
    "wrong_type_is": {
        "en": "{what} should be {expected}, but it is {got}",
        "ko": "{what}: {expected}이어야 하는데 {got}입니다",
    },
    "a_tuple_of": {"en": "a tuple of {n} values", "ko": "값 {n}개의 튜플"},
    "a_tuple_named": {"en": "a tuple {names}", "ko": "튜플 {names}"},
    "type_sequence_of": {"en": "a {name} of {n} values", "ko": "값 {n}개의 {name}"},
    "type_sequence_other": {"en": "a {name} of another length", "ko": "길이가 다른 {name}"},
    "a_dict_with": {"en": "a dict with the keys {keys}", "ko": "키가 {keys} 인 dict"},
    "type_dict_without": {"en": "a dict without the keys {keys}", "ko": "키 {keys} 가 없는 dict"},
    "type_dict_more": {"en": "a dict with other keys as well", "ko": "다른 키도 있는 dict"},
    "wrong_shape": {
        "en": "{what}: expected shape {expected}, got {got}",
        "ko": "{what}: shape 가 {expected} 이어야 하는데 {got} 입니다",
    },
    "wrong_dtype": {
        "en": "{what}: expected {expected} values, got dtype {got}",
        "ko": "{what}: {expected} 값이어야 하는데 dtype 이 {got} 입니다",
    },
    "not_finite": {
        "en": "{what} contains NaN or inf (returned {got})",
        "ko": "{what} 에 NaN 또는 inf 가 있습니다 (반환값 {got})",
    },
    "not_finite_hidden": {
        "en": "{what} contains NaN or inf",
        "ko": "{what} 에 NaN 또는 inf 가 있습니다",
    },
    "wrong_value": {
        "en": "{what} is wrong: you returned {got}{expected}",
        "ko": "{what} 의 값이 틀렸습니다: 반환값 {got}{expected}",
    },
    "wrong_value_hidden": {
        "en": "{what} is wrong: you returned a different value",
        "ko": "{what} 의 값이 기댓값과 다릅니다",
    },
    "a_numpy_array": {"en": "a numpy array", "ko": "numpy 배열"},
    "a_single_number": {"en": "a single number", "ko": "숫자 하나"},
    "type_object": {"en": "an object of type {name}", "ko": "{name} 타입의 객체"},
    "type_own_object": {"en": "an object of a class your code defines", "ko": "코드에서 정의한 클래스의 객체"},
    "one_value": {"en": "one and the same value", "ko": "같은 값"},
    "run_wrote": {"en": "wrote {results} and {grades}", "ko": "결과를 썼습니다: {results}, {grades}"},
    "run_all_none": {"en": "autograder: {folder} holds no folder named after an assignment (expected one or more "
                           "of: {expected})",
                     "ko": "autograder: {folder} 안에 과제 이름으로 된 폴더가 없습니다 (다음 중 하나 이상이 있어야 "
                           "합니다: {expected})"},
    "run_grading_failed": {"en": "autograder: grading failed: {failure}", "ko": "autograder: 채점이 실패했습니다: {failure}"},
    "run_not_graded": {
        "en": "autograder: could not grade {broken} of {total} submission(s) (no score written for them; not the "
              "students' fault; re-run with --resume after fixing the cause):",
        "ko": "autograder: 제출물 {total}개 중 {broken}개를 채점하지 못했습니다 (점수는 쓰지 않았고, 학생의 잘못이 "
              "아닙니다. 원인을 고친 뒤 --resume 으로 다시 실행하세요):",
    },
    "run_fail_under": {
        "en": "autograder: --fail-under {threshold}: {count} of {total} submission(s) scored below it or were not "
              "graded (exit code 3):",
        "ko": "autograder: --fail-under {threshold}: 제출물 {total}개 중 {count}개가 그 점수에 못 미치거나 채점되지 "
              "않았습니다 (종료 코드 3):",
    },
    "shape_other": {"en": "another shape ({ndim}-D)", "ko": "다른 shape ({ndim}차원)"},
    "type_array": {"en": "an array of dtype {dtype}", "ko": "dtype 이 {dtype} 인 배열"},
    "type_plain": {"en": "a {name}", "ko": "{name} 값"},
    "dtype_floating-point": {"en": "floating-point", "ko": "실수(float)"},
    "dtype_integer": {"en": "integer", "ko": "정수(int)"},
    "dtype_boolean": {"en": "boolean", "ko": "불리언(bool)"},
    "different_value": {
        "en": "a different value",
        "ko": "다른 값",
    },
    "expected_suffix": {
        "en": ", expected {expected}",
        "ko": ", 기댓값 {expected}",
    },
    # The kind of difference between a wrong array and the expected one (feedback/shapes.py).
    # Hidden tests use these too: no blank may hold an entry or an expected value.
    "shape_note": {"en": "{feedback}; {note}", "ko": "{feedback}. {note}"},
    "shape_factor": {
        "en": "it looks like your values are {factor}× the expected ones",
        "ko": "값이 기댓값의 {factor}배입니다",
    },
    "shape_factor_one": {
        "en": "it looks like your value is {factor}× the expected one",
        "ko": "값이 기댓값의 {factor}배입니다",
    },
    "shape_divided_one": {
        "en": "it looks like your value is the expected one divided by {n}",
        "ko": "값이 기댓값의 1/{n}배입니다",
    },
    "shape_sign_one": {
        "en": "it looks like your value has the wrong sign (it is minus the expected one)",
        "ko": "값의 부호가 반대입니다 (기댓값에 -1 을 곱한 값입니다)",
    },
    "shape_truncated_one": {
        "en": "it looks like your value was cut to a whole number (int(), // or an integer array), "
              "but a floating-point value is expected",
        "ko": "값이 정수로 잘린 것 같습니다 (int(), // 또는 정수 배열). 실수 값이어야 합니다",
    },
    "shape_factor_about": {
        "en": "it looks like your values are about {factor}× the expected ones",
        "ko": "값이 기댓값의 약 {factor}배입니다",
    },
    "shape_divided": {
        "en": "it looks like your values are the expected ones divided by {n}",
        "ko": "값이 기댓값의 1/{n}배입니다",
    },
    "shape_sign": {
        "en": "it looks like your values have the wrong sign (each is minus the expected one)",
        "ko": "값의 부호가 반대입니다 (기댓값에 -1 을 곱한 값입니다)",
    },
    "shape_transposed": {
        "en": "it looks like your result is transposed (rows and columns swapped)",
        "ko": "결과가 전치되어 있습니다 (행과 열이 바뀌었습니다)",
    },
    "shape_truncated": {
        "en": "it looks like your values were cut to whole numbers (int(), astype(int), // or an integer array), "
              "but floating-point values are expected",
        "ko": "값이 정수로 잘린 것 같습니다 (int(), astype(int), // 또는 정수 배열). 실수 값이어야 합니다",
    },
    "shape_offset": {
        "en": "it looks like your values are all off by the same constant: the expected ones {offset}",
        "ko": "모든 값이 기댓값과 같은 상수만큼 차이 납니다: 기댓값 {offset}",
    },
    "shape_offset_hidden": {
        "en": "it looks like your values are all off by the same constant",
        "ko": "모든 값이 기댓값과 같은 상수만큼 차이 납니다",
    },
    "shape_shifted": {
        "en": "it looks like your values are shifted by one position along the first axis "
              "(recorded one step too early or too late?)",
        "ko": "값이 첫 번째 축을 따라 한 칸씩 밀려 있습니다 (한 단계 이르거나 늦게 기록했나요?)",
    },
    "shape_permuted": {
        "en": "your values are the right ones, but in a different order",
        "ko": "값 자체는 맞지만 순서가 다릅니다",
    },
    "shape_sorted": {
        "en": "your values are the right ones, but sorted: keep them in their original order",
        "ko": "값 자체는 맞지만 정렬되어 있습니다. 원래 순서를 유지하세요",
    },
    "shape_normalised_axis": {
        "en": "it looks like you normalised over axis {got} instead of axis {expected}: your values sum to 1 along axis {got}",
        "ko": "axis {expected} 대신 axis {got} 방향으로 정규화한 것 같습니다: 값의 합이 axis {got} 방향으로 1 입니다",
    },
    "shape_normalised_whole": {
        "en": "your values sum to 1 over the whole array, but they should sum to 1 along axis {expected}",
        "ko": "값의 합이 배열 전체에서 1 입니다. axis {expected} 방향으로 각각 합이 1 이어야 합니다",
    },
    "shape_not_normalised": {
        "en": "your values are right up to a factor along axis {expected}, but do not sum to 1 along it: "
              "divide by their sum along axis {expected}",
        "ko": "axis {expected} 방향으로 보면 값이 기댓값에 비례하지만 합이 1 이 아닙니다. "
              "axis {expected} 방향의 합으로 나누세요",
    },
    "shape_few_entries": {
        "en": "only {count} of {total} entries differ, the others are right: check the boundary cases "
              "(an input exactly at a threshold such as 0: > or >=?)",
        "ko": "{total}개 중 {count}개만 다르고 나머지는 맞습니다. 경계값을 확인하세요 "
              "(입력이 0 처럼 기준값과 정확히 같을 때: > 인가 >= 인가?)",
    },
    "shape_some_entries": {
        "en": "only {count} of {total} entries differ, the others are right",
        "ko": "{total}개 중 {count}개만 다르고 나머지는 맞습니다",
    },
    "shape_nonfinite": {
        "en": "{count} of {total} entries are NaN or inf where the expected values are finite",
        "ko": "{total}개 중 {count}개가 NaN 또는 inf 인데, 기댓값은 유한합니다",
    },
    "shape_nonfinite_rest_right": {
        "en": "{count} of {total} entries are NaN or inf where the expected values are finite; the others are right",
        "ko": "{total}개 중 {count}개가 NaN 또는 inf 인데, 기댓값은 유한합니다. 나머지 값은 맞습니다",
    },
    "shape_reshape": {
        "en": "the values are right, only the shape differs: check reshape, keepdims=True or an axis of length 1",
        "ko": "값은 맞고 shape 만 다릅니다. reshape, keepdims=True, 길이가 1 인 축을 확인하세요",
    },
    "shape_outer": {
        "en": "an array of shape ({n},) met one of shape ({n}, 1) and numpy broadcast them into a ({n}, {n}) table: "
              "give both the same shape first",
        "ko": "shape ({n},) 배열과 ({n}, 1) 배열이 broadcast 되어 ({n}, {n}) 표가 되었습니다. "
              "먼저 두 배열의 shape 를 맞추세요",
    },
    "shape_one_extra_first": {
        "en": "it has one entry too many along the first axis: an extra one at the start, the others are right",
        "ko": "첫 번째 축의 값이 하나 많습니다: 맨 앞에 하나가 더 있고 나머지는 맞습니다",
    },
    "shape_one_extra_last": {
        "en": "it has one entry too many along the first axis: an extra one at the end, the others are right",
        "ko": "첫 번째 축의 값이 하나 많습니다: 맨 뒤에 하나가 더 있고 나머지는 맞습니다",
    },
    "shape_one_missing_first": {
        "en": "it has one entry too few along the first axis: the first one is missing, the others are right",
        "ko": "첫 번째 축의 값이 하나 모자랍니다: 맨 앞의 값이 빠졌고 나머지는 맞습니다",
    },
    "shape_one_missing_last": {
        "en": "it has one entry too few along the first axis: the last one is missing, the others are right",
        "ko": "첫 번째 축의 값이 하나 모자랍니다: 맨 뒤의 값이 빠졌고 나머지는 맞습니다",
    },
    "shape_one_too_many": {
        "en": "it has one entry too many along the first axis (an off-by-one in a loop or a range?)",
        "ko": "첫 번째 축의 값이 하나 많습니다 (반복문이나 range 의 범위가 하나 어긋났나요?)",
    },
    "shape_one_too_few": {
        "en": "it has one entry too few along the first axis (an off-by-one in a loop or a range?)",
        "ko": "첫 번째 축의 값이 하나 모자랍니다 (반복문이나 range 의 범위가 하나 어긋났나요?)",
    },
    "mutated_input": {
        "en": "{what} changed its input array; work on a copy instead",
        "ko": "{what}: 입력 배열을 바꾸었습니다. 복사본으로 작업하세요",
    },
    "property_needs_result": {
        "en": "{what}: this property is judged only together with a correct result of the same call, "
              "and that result was not correct",
        "ko": "{what}: 이 성질은 같은 호출의 결과가 맞을 때만 판정하는데, 그 결과가 맞지 않았습니다",
    },
    # An edit of the reference the diagnosis named (``autograder.mutants``): {function} and {a}, {b}, {c} are its snippets
    "auto_compare": {
        "en": 'in {function}, a comparison is off at its boundary: your code behaves like `{b}` where `{a}` is needed. Check the result for a value exactly on the boundary',
        "ko": '{function} 의 비교가 경계에서 어긋납니다: `{a}` 자리에 `{b}` 비교를 쓴 것처럼 동작합니다. 경계값에서의 결과를 확인하세요',
    },
    "auto_sign": {
        "en": 'in {function}, a sign is flipped: your code behaves like `{b}` where `{a}` is needed (in `{c}`)',
        "ko": '{function} 에서 부호가 뒤집혔습니다: `{c}` 식에서 `{a}` 자리에 `{b}` 연산을 쓴 것처럼 동작합니다',
    },
    "auto_factor": {
        "en": 'in {function}, a factor is missing: your code behaves as if `{a}` were left out',
        "ko": '{function} 에서 곱하거나 나누는 부분이 빠졌습니다: `{a}` 부분 없이 계산한 것처럼 동작합니다',
    },
    "auto_term": {
        "en": 'in {function}, a term is missing: your code behaves as if `{a}` were left out',
        "ko": '{function} 에서 더하거나 빼는 항이 빠졌습니다: `{a}` 항 없이 계산한 것처럼 동작합니다',
    },
    "auto_division": {
        "en": 'in {function}: your code behaves like `{b}` where `{a}` is needed (`//` rounds down to a whole number, `/` does not)',
        "ko": '{function} 에서 `{a}` 자리에 `{b}` 연산을 쓴 것처럼 동작합니다 (`//` 연산은 나눗셈 결과를 정수로 내림하지만 `/` 연산은 그렇지 않습니다)',
    },
    "auto_minus": {
        "en": 'in {function}, a minus sign is missing: your code behaves as if the `-` of `{a}` were left out',
        "ko": '{function} 에서 마이너스 부호가 빠졌습니다: `{a}` 식의 `-` 부호 없이 계산한 것처럼 동작합니다',
    },
    "auto_inplace": {
        "en": 'in {function}: your code changes an array in place where `{a}` makes a new one, so the array it was given (or shares) changes too',
        "ko": '{function} 에서 `{a}` 식처럼 새 배열을 만들어야 하는데, 코드는 배열을 제자리에서 바꿉니다. 그래서 넘겨받은 (또는 공유하는) 배열까지 바뀝니다',
    },
    "auto_rebind": {
        "en": "in {function}: your code makes a new array where `{a}` changes the given one in place, so an array held elsewhere (by the caller, by a layer) is not updated",
        "ko": '{function} 에서 `{a}` 식처럼 넘겨받은 배열을 제자리에서 바꿔야 하는데, 코드는 새 배열을 만듭니다. 그래서 다른 곳 (호출한 쪽이나 계층) 이 가진 배열은 갱신되지 않습니다',
    },
    "auto_keyword": {
        "en": 'in {function}: your code behaves as if `{a}` were left out of `{b}(…)`',
        "ko": '{function} 에서 `{b}(…)` 호출에 `{a}` 인자 없이 계산한 것처럼 동작합니다',
    },
    "auto_axis": {
        "en": 'in {function}, `{c}` works along the wrong axis: your code behaves like `axis={b}` where `axis={a}` is needed',
        "ko": '{function} 에서 `{c}` 함수가 잘못된 축을 따라 계산합니다: `axis={a}` 자리에 `axis={b}` 인자를 쓴 것처럼 동작합니다',
    },
    "auto_call": {
        "en": 'in {function}: your code behaves as if `{a}` were not applied',
        "ko": '{function} 에서 `{a}` 호출 없이 계산한 것처럼 동작합니다',
    },
    "auto_sum_mean": {
        "en": 'in {function}: your code behaves like `{b}` where `{a}` is needed',
        "ko": '{function} 에서 `{a}` 자리에 `{b}` 함수를 쓴 것처럼 동작합니다',
    },
    "auto_range": {
        "en": 'in {function}, a loop runs one step too many or too few: your code behaves like `{b}` where `{a}` is needed',
        "ko": '{function} 에서 반복 횟수가 하나 많거나 적습니다: `{a}` 자리에 `{b}` 범위를 쓴 것처럼 동작합니다',
    },
    "auto_transpose": {
        "en": 'in {function}, a transpose is missing: your code behaves like `{a}` without its `.T`',
        "ko": '{function} 에서 전치가 빠졌습니다: `{a}` 식에서 `.T` 없이 계산한 것처럼 동작합니다',
    },
    "auto_statement": {
        "en": 'in {function}: your code behaves as if `{a}` were left out',
        "ko": '{function} 에서 `{a}` 부분 없이 계산한 것처럼 동작합니다',
    },
    "auto_default": {
        "en": 'in {function}, a default value differs: your code behaves as if `{a}` defaulted to {c} instead of {b}',
        "ko": '{function} 의 기본값이 다릅니다: `{a}={b}` 자리에 `{a}={c}` 기본값을 쓴 것처럼 동작합니다',
    },
    "auto_order": {
        "en": 'in {function}, two steps are in the wrong order: your code behaves as if `{b}` came before `{a}`',
        "ko": '{function} 에서 두 단계의 순서가 바뀌었습니다: `{a}` 줄보다 `{b}` 줄을 먼저 실행한 것처럼 동작합니다',
    },
    "auto_into_loop": {
        "en": 'in {function}: your code behaves as if `{a}`, which is done once before `{b}`, were done again on every pass of that loop',
        "ko": '{function} 에서 `{b}` 반복문 앞에서 한 번만 할 `{a}` 줄을 반복할 때마다 실행한 것처럼 동작합니다',
    },
    "auto_swap_names": {
        "en": 'in {function}, two parameters are used the wrong way round: your code behaves as if `{a}` and `{b}` were swapped',
        "ko": '{function} 에서 두 매개변수를 서로 바꿔 썼습니다: `{a}` 자리에 `{b}`, `{b}` 자리에 `{a}` 값을 쓴 것처럼 동작합니다',
    },
    "auto_always": {
        "en": 'in {function}: your code behaves as if the condition of `{a}` were always true',
        "ko": '{function} 에서 `{a}` 조건이 언제나 참인 것처럼 동작합니다',
    },
    "auto_never": {
        "en": 'in {function}: your code behaves as if the condition of `{a}` were never true',
        "ko": '{function} 에서 `{a}` 조건이 한 번도 참이 되지 않는 것처럼 동작합니다',
    },
    "auto_replaced": {
        "en": 'in {function}: your code behaves like `{b}` where `{a}` is needed',
        "ko": '{function} 에서 `{a}` 자리에 `{b}` 식을 쓴 것처럼 동작합니다',
    },
    "auto_regroup": {
        "en": 'in {function}, a term or a call is on the wrong side of a parenthesis: your code behaves like `{b}` where `{a}` is needed',
        "ko": '{function} 에서 괄호의 위치가 어긋났습니다: `{a}` 자리에 `{b}` 식을 쓴 것처럼 동작합니다',
    },
    "auto_swap_args": {
        "en": 'in {function}, two arguments are in the wrong order: your code behaves like `{b}` where `{a}` is needed',
        "ko": '{function} 에서 두 인자의 순서가 바뀌었습니다: `{a}` 자리에 `{b}` 호출을 쓴 것처럼 동작합니다',
    },
    "auto_typo": {
        "en": "in {function}: your code behaves like `{b}` where `{a}` is needed (in `{c}`)",
        "ko": "{function} 에서 `{c}` 식의 `{a}` 자리에 `{b}` 이름을 쓴 것처럼 동작합니다",
    },
    "auto_either": {
        "en": "in {function}, your code behaves like the correct one with one of these slips (the tests cannot tell which): {a}",
        "ko": "{function} 에서 코드가 다음 실수 가운데 하나를 한 것처럼 동작합니다 (테스트로는 어느 쪽인지 가릴 수 없습니다): {a}",
    },
    "likely_mistake": {
        "en": "Likely mistake: {hint}",
        "ko": "예상되는 실수: {hint}",
    },
    "output_truncated": {
        "en": "… (output truncated: the grader keeps only the first part of what was printed)",
        "ko": "… (출력이 잘렸습니다: 채점기는 출력된 내용의 앞부분만 보관합니다)",
    },
    "partial": {
        "en": "{passed} of {total} checks passed",
        "ko": "{total}개 중 {passed}개 통과",
    },
    # Public tests on the student's own machine (feedback/public.py) and `autograder check`.
    "frame": {"en": "{file}, line {line}", "ko": "{file} {line}번째 줄"},
    "frame_in": {"en": "{file}, line {line}, in {function}", "ko": "{function} 함수, {file} {line}번째 줄"},
    "error_at_line": {
        "en": "{file}, line {line}: {type}: {message}",
        "ko": "{file} {line}번째 줄: {type}: {message}",
    },
    "public_assert_failed": {
        "en": "a check of this test failed: {detail}{where}",
        "ko": "이 테스트의 확인 하나가 실패했습니다: {detail}{where}",
    },
    "check_points": {"en": "{points} pt", "ko": "{points}점"},
    "check_summary": {
        "en": "{passed} of {total} public checks pass.",
        "ko": "공개 테스트 {total}개 중 {passed}개 통과.",
    },
    "check_next": {"en": "Next: {name}", "ko": "다음 할 일: {name}"},
    "check_fix": {"en": "Next: fix {problem}", "ko": "다음 할 일: 이 오류를 고치세요 — {problem}"},
    "check_done": {
        "en": "All public checks pass. The grader's hidden tests are stricter: test edge cases too.",
        "ko": "공개 테스트를 모두 통과했습니다. 채점용 숨은 테스트는 더 엄격하니 경계 상황도 확인하세요.",
    },
    "check_no_tests": {
        "en": "no public tests found for {assignment} (looked in {where})",
        "ko": "{assignment} 의 공개 테스트를 찾을 수 없습니다 ({where})",
    },
    "check_not_run": {
        "en": "the public tests did not run",
        "ko": "공개 테스트가 실행되지 않았습니다",
    },
    "check_import_title": {
        "en": "your code could not be imported, so {tests} did not run",
        "ko": "코드를 불러올 수 없어 {tests} 를 실행하지 못했습니다",
    },
    "check_summary_broken": {
        "en": "{passed} of {total} public checks pass; {files} test file(s) could not run.",
        "ko": "공개 테스트 {total}개 중 {passed}개 통과. 테스트 파일 {files}개는 실행하지 못했습니다.",
    },
    "check_none_ran": {
        "en": "No public check could run: fix the error above first.",
        "ko": "공개 테스트를 하나도 실행하지 못했습니다. 위의 오류부터 고치세요.",
    },
    # The lab notebook's own check (autograder/lab.py).
    "lab_checking": {
        "en": "Public checks on what this notebook's kernel holds now (run the cells above first; the saved "
              "file is not read):",
        "ko": "지금 이 노트북 커널에 정의된 코드로 공개 테스트를 실행합니다 (위의 셀을 먼저 실행하세요. 저장된 파일은 "
              "읽지 않습니다):",
    },
    "lab_which_assignment": {
        "en": "Say which assignment to check, for example check(\"a2_functions\").",
        "ko": "확인할 과제를 알려 주세요. 예: check(\"a2_functions\")",
    },
    "lab_from_file": {
        "en": "Note: {names} here came from the saved file {file} (a cell imported it), not from this "
              "notebook's cells; run the cell that defines it again after that import to check your own",
        "ko": "참고: 여기서 {names} 은(는) 이 노트북의 셀이 아니라 저장된 파일 {file} 에서 가져온 것입니다 (어떤 셀이 "
              "그 파일을 불러왔습니다). 직접 작성한 코드를 확인하려면 불러온 셀 다음에, 정의하는 셀을 다시 실행하세요",
    },
    "file_symlink": {
        "en": "{name} is a symbolic link; submit the file itself",
        "ko": "{name} 은 심볼릭 링크입니다. 파일 자체를 제출하세요",
    },
    "file_not_regular": {
        "en": "{name} is not a regular file",
        "ko": "{name} 은 일반 파일이 아닙니다",
    },
    "file_too_large": {
        "en": "{name} is {size} kB, larger than the limit of {limit} kB",
        "ko": "{name} 은 {size} kB 로, 한도인 {limit} kB 보다 큽니다",
    },
    "file_unreadable": {
        "en": "{name} cannot be read: {detail}",
        "ko": "{name} 을 읽을 수 없습니다: {detail}",
    },
    "too_many_entries": {
        "en": "{name} has more than {limit} Python files and notebooks; submit only your code",
        "ko": "{name} 에 파이썬 파일과 노트북이 {limit}개보다 많습니다. 코드만 제출하세요",
    },
    "submission_too_large": {
        "en": "{name} holds more than {limit} kB of Python files in all; submit only your code",
        "ko": "{name} 의 파이썬 파일이 모두 합쳐 {limit} kB 를 넘습니다. 코드만 제출하세요",
    },
    "duplicate_id": {
        "en": "{names} would get the same student id ({id}) or look-alike ones, so none of them is graded; "
              "keep one and rename or remove the others",
        "ko": "{names} 은(는) 같은 학생 ID({id}) 또는 구별하기 어려운 ID 가 되므로 어느 것도 채점하지 않습니다. "
              "하나만 남기고 나머지는 이름을 바꾸거나 지우세요",
    },
    "entry_link_inside": {
        "en": "{name} is a symbolic link to {target} in the same folder; a submission must be its own "
              "file or folder, so it is not graded",
        "ko": "{name} 은 같은 폴더의 {target} 을 가리키는 심볼릭 링크입니다. 제출물은 자기 파일이나 폴더여야 "
              "하므로 채점하지 않습니다",
    },
    "entry_link_outside": {
        "en": "{name} is a symbolic link to somewhere outside the submissions folder; it is not graded",
        "ko": "{name} 은 제출 폴더 바깥을 가리키는 심볼릭 링크이므로 채점하지 않습니다",
    },
    "entry_link_broken": {
        "en": "{name} is a symbolic link to nothing; it is not graded",
        "ko": "{name} 은 아무것도 가리키지 않는 심볼릭 링크이므로 채점하지 않습니다",
    },
    "file_not_utf8": {
        "en": "{name} is not UTF-8 text (byte {byte}); save it as UTF-8",
        "ko": "{name} 이 UTF-8 텍스트가 아닙니다 ({byte}번째 바이트). UTF-8 로 저장하세요",
    },
    "not_python": {
        "en": "{name} is not a Python file or notebook",
        "ko": "{name} 은 파이썬 파일이나 노트북이 아닙니다",
    },
    "needs_files": {
        "en": "{name}: {assignment} needs {files}",
        "ko": "{name}: {assignment} 에는 {files} 가 필요합니다",
    },
    "bad_notebook": {
        "en": "{name} is not a readable notebook: {detail}",
        "ko": "{name} 은 읽을 수 있는 노트북이 아닙니다: {detail}",
    },
    "work_in_two": {
        "en": "both {first} and {second} hold work for {module}; hand in one",
        "ko": "{first}, {second} 두 파일 모두 {module} 의 작업을 담고 있습니다. 하나만 제출하세요",
    },
    "work_in_many": {
        "en": "{names} all hold work for {module}; hand in one",
        "ko": "{names} 파일이 모두 {module} 의 작업을 담고 있습니다. 하나만 제출하세요",
    },
    "notebooks_too_large": {
        "en": "{name} holds more than {limit} kB of notebooks in all; hand in only the notebook with your work",
        "ko": "{name} 의 노트북이 모두 합쳐 {limit} kB 를 넘습니다. 작업한 노트북 하나만 제출하세요",
    },
    "gradescope_no_salt": {
        "en": "autograder: the bundle needs a salt, the course secret that makes each student's hidden inputs "
              "their own: give --salt SECRET (or set AUTOGRADER_SALT), or --no-salt to build without one",
        "ko": "autograder: 번들에는 솔트가 필요합니다. 솔트는 학생마다 숨은 입력을 다르게 만드는 강좌의 비밀 값입니다. "
              "--salt 비밀값 을 주거나 (AUTOGRADER_SALT 를 설정하거나), 솔트 없이 만들려면 --no-salt 를 주세요",
    },
}


def pick(texts: dict[str, str], lang: str) -> str:
    """``texts`` (language → text: a message, a title, a feedback) in ``lang``, else in English
    (empty when it has neither). The one place a language falls back."""
    return texts[lang] if lang in texts else texts.get("en", "")


def read(path: Path) -> dict[str, dict[str, str]]:
    """The ``MESSAGES`` dict of one assignment's ``messages.py``, each entry checked for its form."""
    from ..course import CourseError

    namespace: dict = {"__name__": f"autograder_course_messages_{path.parent.name}", "__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    found = namespace.get("MESSAGES")
    if not isinstance(found, dict):
        raise CourseError(f"{path}: MESSAGES must be a dict of key → {{'en': ..., 'ko': ...}}")
    for key, texts in found.items():
        if not (isinstance(key, str) and isinstance(texts, dict) and set(texts) == set(LANGS)
                and all(isinstance(text, str) for text in texts.values())):
            raise CourseError(f"{path}: message {key!r} must be {{'en': ..., 'ko': ...}} (strings)")
    return found


@functools.lru_cache(maxsize=8)
def _course_messages(root: Path) -> dict[str, dict[str, str]]:
    from .. import course

    found: dict[str, dict[str, str]] = {}
    for assignment in course.load(root).assignments.values():
        path = assignment.optional(FILE)
        for key, texts in (read(path) if path else {}).items():
            if key in MESSAGES or key in found:
                raise course.CourseError(f"{path}: message {key!r} is already defined "
                                         f"{'by the engine' if key in MESSAGES else 'by another assignment'}")
            found[key] = texts
    return found


def course_messages() -> dict[str, dict[str, str]]:
    """Key → sentence in each language, for every message the assignments of the course in use
    define in their own ``messages.py`` (read once per course folder)."""
    from ..course import course_root

    return _course_messages(course_root())


def entry(key: str) -> dict[str, str]:
    """The message ``key`` in every language: the engine's, else the course's (KeyError if neither)."""
    found = MESSAGES.get(key)
    return found if found is not None else course_messages()[key]


def render(key: str, lang: str = "en", **values) -> str:
    """The message ``key`` in ``lang`` ("en" or "ko"), with ``values`` filled in."""
    return pick(entry(key), lang).format(**values)


def both(key: str, **values) -> dict[str, str]:
    """The message in every language, keyed by language. A value may itself be a
    ``{language: text}`` dict (another rendered message); each language takes its own."""
    return {lang: render(key, lang, **{k: v[lang] if isinstance(v, dict) else v for k, v in values.items()})
            for lang in LANGS}
