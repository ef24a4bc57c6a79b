"""The language of dlscratch's figures and messages, and their Korean text.

Figure labels, progress lines and the sentences that say which data were
used follow the environment variable ``DLSCRATCH_LANG``: ``en`` (the
default) or ``ko``.  The site's build sets it for each language; a script run
by hand may set it too::

    DLSCRATCH_LANG=ko python gallery/plot_02_sgd.py

Error messages stay in English, like NumPy's, so that they can be searched
for.  Every English text the package shows has its Korean in one table here,
and :func:`tr` refuses a text that has none, so no English can slip into a
Korean page unnoticed.
"""

from __future__ import annotations

import os

__all__ = ["LANGUAGES", "language", "tr"]

#: Languages the figures and messages can be written in.
LANGUAGES = ("en", "ko")

# Korean for every English text of the figures and messages; names of methods,
# functions and symbols stay as they are.
_KOREAN = {
    # Figure labels.
    "start": "시작점",
    "minimum": "최솟값",
    "after {n} updates": "{n}번 갱신 후",
    "update path": "갱신 경로",
    "isotropic": "등방성 함수",
    "anisotropic": "비등방성 함수",
    "surface": "곡면",
    "direction of steepest descent, −∇f": "가장 가파르게 내려가는 방향 −∇f",
    "iterations": "반복 횟수",
    "training loss": "훈련 손실",
    "loss (smoothed)": "매끄럽게 만든 손실",
    "optimizer": "최적화 기법",
    "learning rate": "학습률",
    "faint: every iteration; bold: moving average of {window}": (
        "흐린 선: 반복별 값, 굵은 선: {window}개 값의 이동 평균"
    ),
    "mean loss, last {n} iterations": "마지막 {n}번 반복의 평균 손실",
    "train accuracy": "훈련 정확도",
    "test accuracy": "시험 정확도",
    "training time (s)": "학습 시간(초)",
    "full MNIST ({n_train:,} training / {n_test:,} test images)": (
        "MNIST 전체(훈련 이미지 {n_train:,}장 / 시험 이미지 {n_test:,}장)"
    ),
    "bundled MNIST subset ({n_train:,} training / {n_test:,} test images)": (
        "내장 MNIST 부분 집합(훈련 이미지 {n_train:,}장 / 시험 이미지 {n_test:,}장)"
    ),
    "Training times were measured on the computer that ran the training.": (
        "학습 시간은 학습을 실행한 컴퓨터에서 잰 값입니다."
    ),
    "{n} seeds: median line, band from lowest to highest": (
        "시드 {n}개: 선은 중앙값, 띠는 가장 낮은 값부터 가장 높은 값까지"
    ),
    "diverged runs": "발산한 실행 수",
    "Mean over {n} seeds, lowest and highest in parentheses; accuracy in percent.": (
        "시드 {n}개의 평균이며, 괄호 안은 가장 낮은 값과 가장 높은 값입니다. "
        "정확도는 퍼센트로 나타냈습니다."
    ),
    "Final loss": "최종 손실",
    "Test accuracy (%)": "시험 정확도(%)",
    "{measure}, {better} vs {worse}: {a} vs {b}, {verdict}": (
        "{measure}, {better} 대 {worse}: {a} 대 {b}, {verdict}"
    ),
    "beyond the seed-to-seed spread": "시드 간 편차보다 큰 차이",
    "within the seed-to-seed spread": "시드 간 편차 안의 차이",
    "test accuracy (%)": "시험 정확도(%)",
    "open circle: the book's η; ×: diverged; bars: lowest to highest of {n} seeds": (
        "빈 원: 책의 η, ×: 발산, 막대: 시드 {n}개 중 가장 낮은 값부터 가장 높은 값까지"
    ),
    "{method}: best η = {best:.3g}, test accuracy {best_acc:.1f} % "
    "(at the book's η = {book:.3g}: {book_acc:.1f} %)": (
        "{method}: 가장 좋은 η = {best:.3g}, 시험 정확도 {best_acc:.1f}% "
        "(책의 η = {book:.3g}에서는 {book_acc:.1f}%)"
    ),
    "{method}: every η diverged": "{method}: 모든 η에서 발산했습니다",
    "Ranking by test accuracy at the book's η: {order}": "책의 η로 매긴 시험 정확도 순위: {order}",
    "Ranking by test accuracy at each method's best η: {order}": (
        "기법마다 가장 좋은 η로 매긴 시험 정확도 순위: {order}"
    ),
    # The mistakes page (gallery/plot_09_mistakes.py).
    "dlscratch's {name}": "dlscratch의 {name}",
    "with the mistake": "실수한 코드",
    "Momentum's update inside the if block": "if 블록 안에 들어간 모멘텀 갱신",
    "lr instead of self.lr (global lr = 0.95)": "self.lr 대신 lr (전역 변수 lr = 0.95)",
    "update(self, params, grad) reads a stale global grads": (
        "update(self, params, grad)가 남아 있던 전역 변수 grads를 읽음"
    ),
    "Nesterov: velocity updated first": "네스테로프: 속도를 먼저 갱신",
    "AdaGrad: ε inside the square root, on f/10⁴": "AdaGrad: 제곱근 안의 ε, f/10⁴에서",
    "params[key] = params[key] − …: the layer never moves": (
        "params[key] = params[key] − …: 계층은 움직이지 않음"
    ),
    "Adam without bias correction": "편향 보정 없는 Adam",
    # Reports of dlscratch.check.
    "Passed: it behaves like the reference in every check.": (
        "통과했습니다. 모든 검사에서 기준 구현과 같게 동작합니다."
    ),
    "{n} mistake(s) found.": "실수를 {n}개 찾았습니다.",
    "passed": "통과",
    "Most likely": "가장 가능성이 큰 실수",
    "Also": "그 밖의 실수",
    "Where": "위치",
    "Look at": "확인할 곳",
    "update {step}": "{step}번째 갱신",
    "expected {expected}, got {got}": "기대한 값 {expected}, 실제 값 {got}",
    "params W1 (3, 4), b1 (4,), W2 (4, 2) in {dtype}, {n} updates": (
        "{dtype}인 params W1 (3, 4), b1 (4,), W2 (4, 2), {n}번 갱신"
    ),
    "params x, y as Python floats, as in the book's 2-D script, {n} updates": (
        "책의 2차원 스크립트처럼 파이썬 float인 params x, y, {n}번 갱신"
    ),
    "params w (5,) in float64 with gradients near 1e-4, {n} updates": (
        "기울기가 1e-4 정도인 float64 params w (5,), {n}번 갱신"
    ),
    "forward and backward, x of shape {shape}": "형상이 {shape}인 x의 순전파와 역전파",
    "forward and backward, x of shape (4, 3), one-hot t": (
        "형상이 (4, 3)인 x와 원-핫 t의 순전파와 역전파"
    ),
    "forward and backward, x of shape (4, 3), integer labels t": (
        "형상이 (4, 3)인 x와 정수 레이블 t의 순전파와 역전파"
    ),
    "forward and backward in training mode, x of shape (6, 5)": (
        "학습 모드에서 형상이 (6, 5)인 x의 순전파와 역전파"
    ),
    "{what} against a numerical gradient": "수치 미분과 비교한 {what}",
    "backward after two forward calls answers for the second": (
        "forward를 두 번 호출한 뒤의 backward가 두 번째 호출을 따름"
    ),
    "forward uses the arrays it was given ({names}), not copies": (
        "forward가 복사본이 아니라 받은 배열({names})을 씀"
    ),
    "x of shape (4, 2, 3), as images are": "이미지처럼 형상이 (4, 2, 3)인 x",
    "running averages over 3 batches, then inference": "배치 3개로 구한 이동 평균과 그 뒤의 추론",
    "a feature of variance 1e-6, where ε matters": "ε가 결과를 바꾸는, 분산이 1e-6인 특성",
    "training: the mask it drew, x of shape (40, 50), dropout_ratio={p}": (
        "학습: 형상이 (40, 50)인 x와 dropout_ratio={p}에서 뽑은 마스크"
    ),
    "inference: every unit times 1 − dropout_ratio": "추론: 모든 뉴런에 1 − dropout_ratio를 곱함",
    "{call}, numerical gradient": "{call}, 수치 미분",
    "x itself was changed": "x 자체가 바뀌었습니다",
    "no attribute {name} after backward()": "backward() 뒤에 속성 {name}이 없습니다",
    "the class has no method {method}()": "클래스에 {method}() 메서드가 없습니다",
    "shape {got} instead of {expected}": "형상이 {expected}가 아니라 {got}입니다",
    "the result is not an array of numbers": "결과가 수로 된 배열이 아닙니다",
    "it kept {kept:.0f} % of the units, about {expected:.0f} % expected": (
        "뉴런의 {kept:.0f}%를 남겼습니다. 기대한 비율은 약 {expected:.0f}%입니다"
    ),
    "params has no key {key!r} after the update": "갱신 뒤 params에 키 {key!r}가 없습니다",
    "params[{key!r}] is a new object after update {step}": (
        "{step}번째 갱신 뒤 params[{key!r}]가 새 객체입니다"
    ),
    "{method} reads {name!r}, not self.{name}": (
        "{method}가 self.{name}이 아니라 {name!r}을 읽습니다"
    ),
    "{signature} reads {name!r}": "{signature}가 {name!r}을 읽습니다",
    # Progress of dlscratch.experiments.
    "{name:>9}  iteration {i:>5}/{iterations}  loss {loss:.4f}": (
        "{name:>9}  반복 {i:>5}/{iterations}  손실 {loss:.4f}"
    ),
    "{name:>9}  trained in {seconds:.2f} s: train accuracy {train:.4f}, test accuracy {test:.4f}": (
        "{name:>9}  학습 {seconds:.2f}초, 훈련 정확도 {train:.4f}, 시험 정확도 {test:.4f}"
    ),
    "{name:>9}  diverged at iteration {k}: its loss or gradient was no longer finite": (
        "{name:>9}  {k}번째 반복에서 발산했습니다. 손실이나 기울기가 더는 유한한 값이 아닙니다."
    ),
    "diverged at iteration {k}": "{k}번째 반복에서 발산",
    "diverged": "발산",
    "f at the start": "시작점의 f",
    "updates": "갱신 횟수",
    "η of the path figure": "경로 그림의 η",
    # Which MNIST data dlscratch.datasets.load_mnist used.
    "Data: full MNIST ({n_train:,} training / {n_test:,} test images).": (
        "데이터는 MNIST 전체이며, 훈련 이미지 {n_train:,}장과 시험 이미지 {n_test:,}장입니다."
    ),
    "Data: the subset of real MNIST digits that ships with dlscratch "
    "({n_train:,} training / {n_test:,} test images), because the full set could not be "
    "downloaded.": (
        "MNIST 전체를 내려받을 수 없어서 dlscratch에 내장된 실제 MNIST 부분 집합을 "
        "사용했습니다. 훈련 이미지 {n_train:,}장과 시험 이미지 {n_test:,}장입니다."
    ),
    "Data: the subset of real MNIST digits that ships with dlscratch "
    "({n_train:,} training / {n_test:,} test images), as requested.": (
        "요청한 대로 dlscratch에 내장된 실제 MNIST 부분 집합을 사용했습니다. "
        "훈련 이미지 {n_train:,}장과 시험 이미지 {n_test:,}장입니다."
    ),
    "For the full set (60,000 training / 10,000 test images), run load_mnist() once with an "
    "internet connection: it downloads about 11 MB and keeps them for later runs.": (
        "훈련 이미지 60,000장과 시험 이미지 10,000장으로 이루어진 MNIST 전체를 쓰려면 "
        "인터넷에 연결된 상태에서 load_mnist()를 한 번 실행하십시오. 약 11MB를 내려받아 저장해 "
        "두고 다음부터 그대로 씁니다."
    ),
    "Could not load the full MNIST set ({failure}). Using the bundled subset of real MNIST "
    "digits instead: 4,000 training and 1,000 test images, 400 and 100 per digit, so "
    "accuracies are lower than with the full set. {how_to} ({citation}.)": (
        "MNIST 전체를 불러오지 못했습니다({failure}). 대신 dlscratch에 내장된 실제 MNIST "
        "부분 집합을 사용합니다. 숫자마다 훈련 이미지 400장과 시험 이미지 100장, 모두 합쳐 "
        "훈련 이미지 4,000장과 시험 이미지 1,000장이라서 정확도가 전체 데이터를 쓸 때보다 "
        "낮습니다. {how_to} ({citation}.)"
    ),
    "To use the full MNIST set (60,000 training / 10,000 test images), connect to the "
    "internet and call load_mnist() again: it downloads about 11 MB once and caches it in "
    "{directory}. Or put the four files {names} into that directory yourself (or into one "
    "named by data_dir= or the DLSCRATCH_DATA environment variable).": (
        "훈련 이미지 60,000장과 시험 이미지 10,000장으로 이루어진 MNIST 전체를 쓰려면 "
        "인터넷에 연결한 뒤 load_mnist()를 다시 호출하십시오. 약 11MB를 한 번 내려받아 "
        "{directory}에 저장합니다. 네 파일 {names}를 그 디렉터리나, data_dir= 인수 또는 "
        "DLSCRATCH_DATA 환경 변수로 지정한 디렉터리에 직접 넣어도 됩니다."
    ),
    # Sections 6.2 and 6.3: initialization and batch normalization.
    "= 0: {share:.0%}": "= 0: {share:.0%}",
    "> {high:g}: {share:.0%}": "> {high:g}: {share:.0%}",
    "layer {i}": "{i}층",
    "share": "비율",
    "activation value": "활성화값",
    "distinct units: {k} of {n}": "서로 다른 뉴런: {n}개 중 {k}개",
    "unit": "뉴런",
    "input": "입력",
    "initial weights": "가중치의 초깃값",
    "diverged at epoch {k}": "{k}번째 에폭에서 발산",
    "relative difference of the scores": "점수의 상대 차이",
    "images whose predicted class changes (%)": "예측한 클래스가 바뀐 이미지(%)",
    "std of the initial weights": "가중치 초깃값의 표준편차",
    "Batch normalization: ε = 10e-7 (10⁻⁶, the book's) against ε = 10⁻⁷": (
        "배치 정규화: ε = 10e-7(책의 값, 10⁻⁶)과 ε = 10⁻⁷의 비교"
    ),
    "W std = {scale:.3g}": "가중치 표준편차 {scale:.3g}",
    "epochs": "에폭",
    "with batch normalization": "배치 정규화 사용",
    "without batch normalization": "배치 정규화 없음",
    "all weights 0": "모든 가중치 0",
    "all weights 0.01": "모든 가중치 0.01",
    "std = {std:g}": "표준편차 {std:g}",
    "{label}: distinct units per hidden layer {units}, train accuracy {acc:.1%}": (
        "{label}: 은닉층별 서로 다른 뉴런 수 {units}, 훈련 정확도 {acc:.1%}"
    ),
    "{label}: mean square per layer {values}": "{label}: 층별 제곱 평균 {values}",
    "with batch normalization ahead at {wins} of {n} scales": (
        "배치 정규화를 쓴 쪽이 앞선 경우: 표준편차 {n}개 중 {wins}개"
    ),
    "without batch normalization, diverged at std {stds}": (
        "배치 정규화 없이 발산한 표준편차: {stds}"
    ),
    "{key}: gradient 0, largest difference {difference:.1e}": (
        "{key}: 기울기 0, 가장 큰 차이 {difference:.1e}"
    ),
    "{key}: largest difference {difference:.1e}, relative error {relative:.1e}": (
        "{key}: 가장 큰 차이 {difference:.1e}, 상대 오차 {relative:.1e}"
    ),
    # Sections 6.4 and 6.5: progress of dlscratch.training.Trainer.
    "epoch {epoch}/{epochs}: train accuracy {train:.4f}, test accuracy {test:.4f}": (
        "에폭 {epoch}/{epochs}: 훈련 정확도 {train:.4f}, 시험 정확도 {test:.4f}"
    ),
    "final test accuracy {test:.4f}": "최종 시험 정확도 {test:.4f}",
    "diverged in epoch {epoch}, at iteration {k}: the loss or gradient was no longer finite": (
        "{epoch}번째 에폭, {k}번째 반복에서 발산했습니다. 손실이나 기울기가 더는 유한한 값이 "
        "아닙니다."
    ),
    # Sections 6.4 and 6.5.
    "accuracy": "정확도",
    "gap after {n} epochs: {gap:.1%}": "{n}에폭 후의 차이: {gap:.1%}",
    "setting": "설정",
    "gap": "차이",
    "best test accuracy (epoch)": "가장 높은 시험 정확도(에폭)",
    "validation accuracy": "검증 정확도",
    "#{rank}: validation {acc:.0%}": "{rank}위: 검증 {acc:.0%}",
    "best {n}": "상위 {n}개",
    "ranges of the best {n}": "상위 {n}개의 범위",
    "learning rate η": "학습률 η",
    "weight decay λ": "가중치 감소 λ",
    "rank": "순위",
    "colour: validation accuracy": "색: 검증 정확도",
    "{trials} trials; {n_train} training and {n_validation} validation images": (
        "시행 {trials}번, 훈련 이미지 {n_train}장과 검증 이미지 {n_validation}장"
    ),
    "no regularization": "규제 없음",
    "weight decay, λ = {lam}": "가중치 감소, λ = {lam}",
    "dropout, ratio {p}": "드롭아웃, 비율 {p}",
    "train accuracy 100 % from epoch {k}": "{k}에폭부터 훈련 정확도 100%",
    "{n_train} training images, {n_test:,} test images": (
        "훈련 이미지 {n_train}장, 시험 이미지 {n_test:,}장"
    ),
    "{n_train} training images, {n_validation} validation images": (
        "훈련 이미지 {n_train}장, 검증 이미지 {n_validation}장"
    ),
    "chosen by validation: validation {val:.1%}, test {test:.1%}": (
        "검증 데이터로 고른 시행: 검증 {val:.1%}, 시험 {test:.1%}"
    ),
    "best test accuracy among all trials: {test:.1%} (validation rank {rank})": (
        "전체 시행 중 가장 높은 시험 정확도: {test:.1%}(검증 순위 {rank}위)"
    ),
    "{name}: next search 10^{low:.2f} to 10^{high:.2f}": (
        "{name}: 다음 탐색 범위 10^{low:.2f} ~ 10^{high:.2f}"
    ),
    # What each figure shows: the alt text of its image (dlscratch.plotting.descriptions).
    "Momentum": "모멘텀",
    "Nesterov": "네스테로프",
    "sigmoid": "시그모이드",
    "Path of {name} ({setting}) over the contour lines of {label}: {n} updates from {start} to "
    "{end}, {crossing}. The star marks the minimum at {minimum}.": (
        "{label}의 등고선 위에 그린 {name}({setting})의 경로. {start}에서 {end}까지 {n}번 "
        "갱신하며 {crossing}. 별표는 최솟값 {minimum}입니다."
    ),
    "never crossing the line y = 0": "직선 y = 0을 한 번도 가로지르지 않습니다",
    "crossing the line y = 0 once": "직선 y = 0을 한 번 가로지릅니다",
    "crossing the line y = 0 {k} times": "직선 y = 0을 {k}번 가로지릅니다",
    "the faulty one (grey) diverges after {k} updates": (
        "실수한 코드의 경로(회색)는 {k}번 갱신한 뒤 발산합니다"
    ),
    "the faulty one (grey) at {end}, {distance} from it": (
        "실수한 코드의 경로(회색)는 {end}에서 끝나며 최솟값까지 거리는 {distance}입니다"
    ),
    "{title}. Both paths start at {start} on {label}: dlscratch's {name} (in colour) ends at "
    "{end}, {distance} from the minimum {minimum}, and {faulty}.": (
        "{title}. {label}의 등고선 위에서 {start}부터 시작한 두 경로. dlscratch의 {name} "
        "경로(색)는 {end}에서 끝나며 최솟값 {minimum}까지 거리는 {distance}이고, {faulty}."
    ),
    "{k} panels with the paths of {names} over the contour lines of {label}, {n} updates each "
    "from {start}.": (
        "{label}의 등고선 위에 {names}의 경로를 하나씩 그린 패널 {k}개. 모두 {start}에서 "
        "시작해 {n}번 갱신했습니다."
    ),
    "At the end {closest} is closest to the minimum at {minimum}, {near} away, and {furthest} "
    "furthest, {far} away.": (
        "마지막 위치가 최솟값 {minimum}에 가장 가까운 기법은 {closest}(거리 {near}), 가장 먼 "
        "기법은 {furthest}(거리 {far})입니다."
    ),
    "All end within 0.05 of the minimum at {minimum}.": (
        "모든 경로가 최솟값 {minimum}에서 0.05 안쪽에 멈춥니다."
    ),
    "{share} on {label}": "{label}에서 {share}",
    "Each of {labels} as a 3-D surface above its contour lines with arrows along the direction "
    "of steepest descent. Arrows that point within 10° of the minimum: {shares}.": (
        "{labels} 각각의 3차원 곡면과, 그 아래 등고선 위에 가장 가파르게 내려가는 방향을 "
        "화살표로 그린 그림. 최솟값을 향하는 방향과 10° 이내인 화살표의 비율: {shares}."
    ),
    "{k} panels, one per optimizer, of f after {steps} updates from {start} on {label} against "
    "η from {low} to {high}, on log-log axes.": (
        "{label}에서 {start}부터 {steps}번 갱신한 뒤의 f를 학습률 η에 따라 그린 최적화 기법별 "
        "패널 {k}개. η는 {low}부터 {high}까지이고 두 축 모두 로그 축입니다."
    ),
    "Smallest η at which the path diverges: {items}.": "경로가 발산하는 가장 작은 η: {items}.",
    "No η makes {names} diverge.": "{names}의 경로는 어떤 η에서도 발산하지 않습니다.",
    "|{c}| on the paths of {names} over {n} updates, on a logarithmic axis.": (
        "{names}의 경로에서 |{c}|를 {n}번 갱신하는 동안 로그 축에 그린 그림."
    ),
    "{name} never": "{name} 넘지 않음",
    "The grey line marks |{c}| = {target}. Update at which |{c}| first exceeds {half}: "
    "{items}.": "회색 선은 |{c}| = {target}입니다. 처음으로 |{c}| > {half}가 되는 갱신: {items}.",
    "Training loss with {names} over {n} iterations on {data}, raw (faint) and as a moving "
    "average of {window} (bold). Mean loss of the last {last} iterations: {ends}.": (
        "{data}에서 학습한 {names}의 {n}번 반복 동안의 훈련 손실. 흐린 선은 반복별 값, "
        "굵은 선은 {window}개 값의 이동 평균입니다. 마지막 {last}번 반복의 평균 손실: {ends}."
    ),
    "Smoothed training loss of {names} over {n} iterations from {seeds} seeds, on a logarithmic "
    "axis: a median line in a band from the lowest to the highest seed. Median at the last "
    "iteration: {ends}.": (
        "시드 {seeds}개로 학습한 {names}의 매끄럽게 만든 훈련 손실을 {n}번 반복 동안 로그 축에 "
        "그린 그림. 선은 중앙값이고, 띠는 가장 낮은 시드부터 가장 높은 시드까지입니다. "
        "마지막 반복의 중앙값: {ends}."
    ),
    "{name} {accuracy} at η = {lr}": "{name} {accuracy}(η = {lr})",
    "Final training loss (top) and test accuracy (bottom) of {names} against η on a log axis, "
    "means of {seeds} seeds with bars from lowest to highest. Best test accuracy: {best}.": (
        "{names}의 최종 훈련 손실(위)과 시험 정확도(아래)를 학습률 η에 따라 로그 축에 그린 그림. "
        "값은 시드 {seeds}개의 평균이고, 막대는 가장 낮은 값부터 가장 높은 값까지입니다. "
        "가장 높은 시험 정확도: {best}."
    ),
    "A cross marks each of the {k} settings that diverged.": (
        "발산한 설정 {k}개는 ×로 표시했습니다."
    ),
    "{label}: from {first} to {last}": "{label}: {first}, {last}",
    "Histograms of the {activation} activations in {n} layers, one row per setting ({labels}). "
    "Standard deviation of the activations from layer 1 to layer {n}: {spreads}.": (
        "{n}개 층의 {activation} 활성화값 히스토그램을 설정({labels})마다 한 행씩 그린 그림. "
        "1층과 {n}층 활성화값의 표준편차: {spreads}."
    ),
    "{label}: blank, every weight 0": "{label}: 모든 가중치가 0인 빈 이미지",
    "{label}: {k} of {n} units distinct": "{label}: 뉴런 {n}개 중 서로 다른 뉴런 {k}개",
    "Weight matrices after training from {labels}, one image each; equal columns are hidden "
    "units that stayed copies of each other. {counts}.": (
        "{labels}에서 시작해 학습한 뒤의 가중치 행렬을 이미지로 나타낸 그림. 행은 입력, 열은 "
        "뉴런이며, 같은 열은 서로 복사본으로 남은 뉴런입니다. {counts}."
    ),
    "{n} panels, one per standard deviation of the initial weights from {high} to {low}, of "
    "training accuracy over {epochs} epochs with batch normalization (solid) and without "
    "(dashed). With it the final accuracy is higher in {ahead} of {n} panels.": (
        "가중치 초깃값의 표준편차 {n}가지({high}부터 {low}까지)마다 배치 정규화를 쓸 때(실선)와 "
        "쓰지 않을 때(점선)의 {epochs}에폭 동안의 훈련 정확도를 그린 패널 {n}개. 마지막 "
        "정확도는 패널 {n}개 중 {ahead}개에서 배치 정규화를 쓴 쪽이 높습니다."
    ),
    "{k} runs diverged and end in a cross.": "발산한 실행 {k}개는 × 표시로 끝납니다.",
    "Two panels over the std of the initial weights, from {high} at the left to {low} at the "
    "right. Relative difference of the scores: {first} at the left, {last} at the right.": (
        "가중치 초깃값의 표준편차에 따라 그린 패널 두 개로, 표준편차는 왼쪽 끝 {high}부터 "
        "오른쪽 끝 {low}까지입니다. 점수의 상대 차이: 왼쪽 끝 {first}, 오른쪽 끝 {last}."
    ),
    "Predicted classes change only from std {scale} down, for at most {share} of the images.": (
        "예측한 클래스는 표준편차 {scale} 이하에서만 바뀌며, 바뀐 이미지는 많아야 {share}입니다."
    ),
    "No predicted class changes.": "예측한 클래스가 바뀐 이미지는 없습니다.",
    "{label}: diverged at iteration {k}": "{label}: {k}번째 반복에서 발산",
    "{label}: train {train}, test {test}": ("{label}: 훈련 정확도 {train}, 시험 정확도 {test}"),
    "Training (solid) and test (dashed) accuracy over {n} epochs, one panel per setting, the "
    "gap shaded. After the last epoch: {ends}.": (
        "설정마다 패널 하나에 {n}에폭 동안의 훈련 정확도(실선)와 시험 정확도(점선)를 그리고 둘 "
        "사이의 차이를 색칠한 그림. 마지막 에폭 후의 값: {ends}."
    ),
    "Training (solid) and validation (dashed) accuracy over {n} epochs of the best {k} of "
    "{trials} trials of the random search, one small panel each, best first. Final validation "
    "accuracy goes from {best} (η = {lr}, λ = {wd}) down to {worst}.": (
        "무작위 탐색의 시행 {trials}개 중 상위 {k}개의 훈련 정확도(실선)와 검증 정확도(점선)를 "
        "{n}에폭 동안 작은 패널에 하나씩, 높은 순서로 그린 그림. 마지막 검증 정확도는 "
        "{best}(η = {lr}, λ = {wd})부터 {worst}까지입니다."
    ),
    "Left, the {trials} trials over the learning rate η and the weight decay λ on logarithmic "
    "axes, coloured by validation accuracy; the best {k}, ringed, have η from {lr_low} to "
    "{lr_high} and λ from {wd_low} to {wd_high}. Right, validation accuracy against η alone.": (
        "왼쪽은 시행 {trials}개를 학습률 η와 가중치 감소 λ의 로그 축 위에 검증 정확도에 따라 "
        "색을 칠한 점으로 나타낸 그림입니다. 고리로 표시한 상위 {k}개의 η는 {lr_low}부터 "
        "{lr_high}까지, λ는 {wd_low}부터 {wd_high}까지입니다. 오른쪽은 η에 따른 검증 "
        "정확도입니다."
    ),
    "No trial with η below {lr} gets above {accuracy}.": (
        "η가 {lr}보다 작은 시행의 검증 정확도는 {accuracy}를 넘지 않습니다."
    ),
}


def language() -> str:
    """Return the language of figures and messages: ``DLSCRATCH_LANG``, else ``"en"``.

    Returns
    -------
    str
        ``"en"`` or ``"ko"``.

    Raises
    ------
    ValueError
        If ``DLSCRATCH_LANG`` names a language dlscratch does not have.

    Examples
    --------
    >>> import os
    >>> from dlscratch.i18n import language
    >>> os.environ["DLSCRATCH_LANG"] = "ko"
    >>> language()
    'ko'
    >>> del os.environ["DLSCRATCH_LANG"]
    >>> language()
    'en'
    """
    lang = os.environ.get("DLSCRATCH_LANG", "en") or "en"
    if lang not in LANGUAGES:
        raise ValueError(f"DLSCRATCH_LANG must be one of {LANGUAGES}, got {lang!r}")
    return lang


def tr(text: str, **fields: object) -> str:
    """Translate a figure label or message into the current :func:`language`.

    Parameters
    ----------
    text : str
        The English text, a key of the translation table (placeholders such
        as ``{n}`` are filled from ``fields``, with their format specs).
    **fields
        Values for the placeholders.

    Returns
    -------
    str
        The text in the current language.

    Raises
    ------
    KeyError
        If the text has no Korean translation, so that no English text can
        slip into a Korean page unnoticed.

    Examples
    --------
    >>> import os
    >>> from dlscratch.i18n import tr
    >>> tr("after {n} updates", n=30)
    'after 30 updates'
    >>> os.environ["DLSCRATCH_LANG"] = "ko"
    >>> tr("after {n} updates", n=30)
    '30번 갱신 후'
    >>> del os.environ["DLSCRATCH_LANG"]
    """
    if text not in _KOREAN:
        raise KeyError(f"text {text!r} has no Korean translation in dlscratch.i18n")
    translated = _KOREAN[text] if language() == "ko" else text
    return translated.format(**fields)
