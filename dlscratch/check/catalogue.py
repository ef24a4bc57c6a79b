"""The catalogue of mistakes that :mod:`dlscratch.check` recognises, in English and Korean.

Every report of :func:`~dlscratch.check.check_optimizer` and
:func:`~dlscratch.check.check_layer` names its mistakes by the ids below.
Each entry says what the mistake is, why it matters, and what to look at in
the code; :attr:`Mistake.applies_to` lists the classes it can occur in.

Examples
--------
>>> from dlscratch.check import MISTAKES
>>> MISTAKES["update-inside-if"].applies_to
('Momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'Adam')
>>> len(MISTAKES) >= 20
True
"""

from __future__ import annotations

from dataclasses import dataclass

from dlscratch.i18n import language

__all__ = ["MISTAKES", "Mistake"]

_STATEFUL = ("Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
_OPTIMIZERS = ("SGD", *_STATEFUL)
_LAYERS = ("Affine", "Relu", "Sigmoid", "SoftmaxWithLoss", "BatchNormalization", "Dropout")


@dataclass(frozen=True)
class Mistake:
    """One entry of the catalogue.

    Attributes
    ----------
    id : str
        The id that reports use, e.g. ``"update-inside-if"``.
    applies_to : tuple of str
        The classes (the ``like`` names) in which the mistake can occur.
    title, explanation, look_at : str
        A one-line name, why it goes wrong, and what to look at, in English.
    title_ko, explanation_ko, look_at_ko : str
        The same in Korean.
    """

    id: str
    applies_to: tuple[str, ...]
    title: str
    title_ko: str
    explanation: str
    explanation_ko: str
    look_at: str
    look_at_ko: str

    def text(self, field: str) -> str:
        """``title``, ``explanation`` or ``look_at`` in the current language."""
        return getattr(self, f"{field}_ko" if language() == "ko" else field)


_ENTRIES = [
    # ---- Optimizers -------------------------------------------------------------------------
    Mistake(
        "update-inside-if",
        _STATEFUL,
        "The update runs only at the first call",
        "갱신이 첫 호출에서만 실행됨",
        "The loop that changes params is indented into the block that creates the state "
        "(if self.v is None:). That block runs once, so the first step is right and every "
        "later call changes nothing.",
        "params를 바꾸는 반복문이 상태를 만드는 블록(if self.v is None:) 안으로 들여쓰여 "
        "있습니다. 이 블록은 한 번만 실행되므로 첫 갱신은 맞지만 그 뒤의 호출은 아무것도 "
        "바꾸지 않습니다.",
        "the indentation of the for loop in update(): it belongs one level out, after the if block",
        "update()에 있는 for 문의 들여쓰기입니다. if 블록이 끝난 뒤, 한 단계 바깥에 있어야 합니다",
    ),
    Mistake(
        "missing-self",
        _OPTIMIZERS,
        "A hyperparameter or state read without self.",
        "self. 없이 읽은 하이퍼파라미터나 상태",
        "Inside a method, a bare name such as lr is not the instance's attribute: Python "
        "looks for a global variable of that name. If none exists the call raises NameError; "
        "if a notebook cell defined one earlier, the class silently uses that value, "
        "whatever it was built with.",
        "메서드 안에서 lr 같은 이름만 쓰면 인스턴스의 속성이 아닙니다. 파이썬은 같은 "
        "이름의 전역 변수를 찾습니다. 전역 변수가 없으면 NameError가 나고, 노트북의 앞 "
        "셀에서 정의해 두었다면 객체를 만들 때 준 값과 상관없이 그 값을 조용히 씁니다.",
        "every use of the name in update(): write self.lr (self.momentum, self.v, …)",
        "update()에서 그 이름을 쓴 모든 곳입니다. self.lr(self.momentum, self.v 등)로 쓰십시오",
    ),
    Mistake(
        "misspelt-argument",
        (*_OPTIMIZERS, *_LAYERS),
        "The body reads a name that differs from the declared argument",
        "선언한 인수와 다른 이름을 읽는 본문",
        "The method declares an argument under one name and its body reads another, for "
        "example update(self, params, gradsd) with grads[key] in the body. The body then "
        "reads a global variable of that name, a stale one left by an earlier cell, or "
        "raises NameError.",
        "메서드가 인수를 한 이름으로 선언하고 본문에서는 다른 이름을 읽습니다. 예를 들어 "
        "update(self, params, gradsd)로 선언하고 본문에서 grads[key]를 씁니다. 그러면 "
        "본문은 같은 이름의 전역 변수, 곧 앞 셀에서 남은 오래된 값을 읽거나 NameError를 "
        "냅니다.",
        "the method's signature: give the argument the name the body uses",
        "메서드의 시그니처입니다. 인수 이름을 본문에서 쓰는 이름과 같게 하십시오",
    ),
    Mistake(
        "params-rebound",
        _OPTIMIZERS,
        "params[key] = params[key] - … puts a new array in the dictionary",
        "params[key] = params[key] - …가 딕셔너리에 새 배열을 넣음",
        "params[key] -= … changes the array in place. Written as params[key] = params[key] "
        "- …, it builds a new array and stores it in the dictionary, while the network's "
        "layers keep the old one: params changes, the network does not, and its loss stays "
        "that of the initial weights.",
        "params[key] -= …는 배열을 제자리에서 바꿉니다. params[key] = params[key] - …로 "
        "쓰면 새 배열을 만들어 딕셔너리에 넣고, 신경망의 계층은 옛 배열을 그대로 "
        "가집니다. params는 바뀌어도 신경망은 바뀌지 않으므로 손실은 가중치의 초깃값일 "
        "때와 같습니다.",
        "the line that changes params[key]: use -= or +=",
        "params[key]를 바꾸는 줄입니다. -=나 +=를 쓰십시오",
    ),
    Mistake(
        "gradient-ascent",
        _OPTIMIZERS,
        "The step goes up the gradient",
        "기울기 방향으로 올라가는 갱신",
        "Every step has the opposite sign of the reference's: the parameters move along the "
        "gradient, uphill, and the loss grows.",
        "모든 갱신의 부호가 기준 구현과 반대입니다. 매개변수가 기울기 방향, 곧 오르막으로 "
        "움직이므로 손실이 커집니다.",
        "the sign in front of self.lr * grads[key] (or in the velocity's update)",
        "self.lr * grads[key] 앞의 부호(또는 속도를 갱신하는 식의 부호)입니다",
    ),
    Mistake(
        "hyperparameter-ignored",
        _OPTIMIZERS,
        "A hyperparameter passed to the constructor is not used",
        "생성자에 준 하이퍼파라미터를 쓰지 않음",
        "The class steps exactly as it would with the book's default hyperparameters, not "
        "with the ones it was built with: a value is written into the code, or __init__ "
        "stores a constant instead of its argument.",
        "객체를 만들 때 준 하이퍼파라미터가 아니라 책의 기본값을 쓴 것과 똑같이 "
        "갱신합니다. 코드에 값을 직접 적었거나 __init__이 인수 대신 상수를 저장합니다.",
        "__init__: self.lr = lr, self.momentum = momentum, and so on",
        "__init__입니다. self.lr = lr, self.momentum = momentum처럼 인수를 저장하십시오",
    ),
    Mistake(
        "nesterov-velocity-first",
        ("Nesterov",),
        "Nesterov: the velocity is updated before the parameters",
        "네스테로프: 매개변수보다 속도를 먼저 갱신함",
        "In the form that needs the gradient only at the stored parameters, θ ← θ + α²v − "
        "(1 + α)ηg must use the old velocity, and only then v ← αv − ηg. Updating v first "
        "makes every step too long by α²(v_new − v); at the first step that is α²ηg. The "
        "Korean edition's repository has this order too.",
        "저장된 매개변수 위치의 기울기만 쓰는 형태에서는 θ ← θ + α²v − (1 + α)ηg가 옛 "
        "속도를 써야 하고, 그다음에 v ← αv − ηg를 계산합니다. v를 먼저 갱신하면 매번 "
        "α²(v_new − v)만큼 더 가고, 첫 갱신에서는 그 차이가 α²ηg입니다. 한국어판 "
        "저장소의 코드도 이 순서입니다.",
        "the order of the lines in the loop: change params first, then self.v",
        "반복문 안의 줄 순서입니다. params를 먼저 바꾸고 그다음에 self.v를 바꾸십시오",
    ),
    Mistake(
        "eps-inside-root",
        ("AdaGrad", "RMSprop"),
        "ε inside the square root",
        "제곱근 안의 ε",
        "ε only keeps the division finite while h is 0. Outside the root it adds 10⁻⁷ to √h; "
        "inside, √(h + ε) is at least √10⁻⁷ ≈ 3.2 × 10⁻⁴, so while gradients are small the "
        "steps are much shorter than η.",
        "ε는 h가 0일 때 나눗셈이 유한하도록 할 뿐입니다. 제곱근 밖에 두면 √h에 10⁻⁷을 "
        "더하지만, 안에 두면 √(h + ε)가 적어도 √10⁻⁷ ≈ 3.2 × 10⁻⁴이므로 기울기가 작은 "
        "동안 갱신 폭이 η보다 훨씬 짧아집니다.",
        "the denominator: np.sqrt(self.h[key]) + 1e-7",
        "분모입니다. np.sqrt(self.h[key]) + 1e-7로 쓰십시오",
    ),
    Mistake(
        "adam-no-bias-correction",
        ("Adam",),
        "Adam without bias correction",
        "편향 보정 없는 Adam",
        "m and v start at zero, so after one step m = (1 − β₁)g and v = (1 − β₂)g². Used "
        "without dividing by 1 − β₁ᵗ and 1 − β₂ᵗ, the first steps are about "
        "(1 − β₁)/√(1 − β₂) times too long or short instead of about η.",
        "m과 v는 0에서 시작하므로 한 번 갱신한 뒤 m = (1 − β₁)g, v = (1 − β₂)g²입니다. "
        "1 − β₁ᵗ와 1 − β₂ᵗ로 나누지 않고 쓰면 처음 갱신들의 폭이 η 정도가 아니라 그 "
        "(1 − β₁)/√(1 − β₂)배가 됩니다.",
        "the step: divide m by 1 − β₁ᵗ and v by 1 − β₂ᵗ, or fold both into the step size "
        "as the book does",
        "갱신 식입니다. m을 1 − β₁ᵗ로, v를 1 − β₂ᵗ로 나누거나 책처럼 둘을 학습률에 합쳐 넣으십시오",
    ),
    Mistake(
        "eps-10e-7",
        ("AdaGrad", "RMSprop", "BatchNormalization"),
        "10e-7 read as 10⁻⁷ (it is 10⁻⁶)",
        "10e-7을 10⁻⁷로 읽음(실제로는 10⁻⁶)",
        "In Python 10e-7 means 10 × 10⁻⁷, that is 10⁻⁶: the e already stands for 'times ten "
        "to the power'. The book's BatchNormalization adds 10e-7 (10⁻⁶) to the variance, and "
        "its AdaGrad and RMSprop add 1e-7 (10⁻⁷) to the root. Where the variance or the "
        "gradient is small, the other value changes the result.",
        "파이썬에서 10e-7은 10 × 10⁻⁷, 곧 10⁻⁶입니다. e가 이미 '10의 거듭제곱을 곱함'을 "
        "뜻하기 때문입니다. 책의 BatchNormalization은 분산에 10e-7(10⁻⁶)을 더하고, "
        "AdaGrad와 RMSprop은 제곱근에 1e-7(10⁻⁷)을 더합니다. 분산이나 기울기가 작은 "
        "곳에서는 다른 값을 쓰면 결과가 달라집니다.",
        "the ε constant: 1e-6 (or 10e-7) in BatchNormalization, 1e-7 in AdaGrad and RMSprop",
        "ε 상수입니다. BatchNormalization에서는 1e-6(또는 10e-7), AdaGrad와 "
        "RMSprop에서는 1e-7입니다",
    ),
    # ---- Layers -----------------------------------------------------------------------------
    Mistake(
        "relu-dout-not-masked",
        ("Relu",),
        "Relu's backward passes dout through unchanged",
        "Relu의 역전파가 dout을 그대로 넘김",
        "Where the input was ≤ 0 the output is constant, so no gradient may flow back there. "
        "backward must set dout to 0 where forward's mask is True.",
        "입력이 0 이하인 곳에서는 출력이 상수이므로 그곳으로는 기울기가 흘러가면 안 "
        "됩니다. backward는 순전파에서 저장한 mask가 True인 곳의 dout을 0으로 만들어야 "
        "합니다.",
        "backward(): dout[self.mask] = 0 before returning it",
        "backward()입니다. 반환하기 전에 dout[self.mask] = 0을 실행하십시오",
    ),
    Mistake(
        "relu-changes-input",
        ("Relu",),
        "Relu's forward changes its input",
        "Relu의 순전파가 입력을 바꿈",
        "forward sets the negative entries of x itself to 0 instead of those of a copy. The "
        "array belongs to the layer before it, which still needs it for its own backward.",
        "forward가 복사본이 아니라 x 자체의 음수 원소를 0으로 바꿉니다. 이 배열은 앞 "
        "계층의 것이고, 앞 계층은 자신의 역전파에 이 배열이 필요합니다.",
        "forward(): out = x.copy() before out[self.mask] = 0",
        "forward()입니다. out[self.mask] = 0 앞에 out = x.copy()를 두십시오",
    ),
    Mistake(
        "sigmoid-backward-uses-input",
        ("Sigmoid",),
        "Sigmoid's backward uses the input instead of the output",
        "Sigmoid의 역전파가 출력 대신 입력을 씀",
        "The derivative of y = 1/(1 + e⁻ˣ) is y(1 − y), written with the output y. With the "
        "input x in its place, x(1 − x) is a different number, even negative.",
        "y = 1/(1 + e⁻ˣ)의 미분은 출력 y로 쓴 y(1 − y)입니다. 그 자리에 입력 x를 넣은 "
        "x(1 − x)는 다른 값이고, 음수가 되기도 합니다.",
        "forward() must store the output (self.out = out); backward() returns "
        "dout * (1.0 - self.out) * self.out",
        "forward()가 출력을 저장해야 합니다(self.out = out). backward()는 "
        "dout * (1.0 - self.out) * self.out을 반환합니다",
    ),
    Mistake(
        "softmax-not-divided-by-batch",
        ("SoftmaxWithLoss",),
        "SoftmaxWithLoss's backward does not divide by the batch size",
        "SoftmaxWithLoss의 역전파가 배치 크기로 나누지 않음",
        "The loss is the mean over the batch, so its gradient with respect to the scores is "
        "(y − t)/N. Without the division the gradient, and so every step, is N times too "
        "large.",
        "손실은 배치의 평균이므로 점수에 대한 기울기는 (y − t)/N입니다. 나누지 않으면 "
        "기울기가, 따라서 모든 갱신이 N배 커집니다.",
        "backward(): divide by batch_size = self.t.shape[0]",
        "backward()입니다. batch_size = self.t.shape[0]로 나누십시오",
    ),
    Mistake(
        "affine-input-shape",
        ("Affine",),
        "Affine loses the input's shape",
        "Affine이 입력의 형상을 잃음",
        "An input of more than two dimensions, such as images (N, 1, 28, 28), must be "
        "flattened to (N, -1) in forward, and backward must return dx in the input's "
        "original shape, as the book's common/layers.py does.",
        "이미지 (N, 1, 28, 28)처럼 2차원보다 큰 입력은 forward에서 (N, -1)로 펼쳐야 하고, "
        "backward는 dx를 입력의 원래 형상으로 돌려주어야 합니다. 책의 common/layers.py가 "
        "그렇게 합니다.",
        "forward(): keep self.original_x_shape = x.shape and reshape x; backward(): "
        "dx.reshape(*self.original_x_shape)",
        "forward()에서 self.original_x_shape = x.shape를 저장하고 x의 형상을 바꾸며, "
        "backward()에서 dx.reshape(*self.original_x_shape)를 반환하십시오",
    ),
    Mistake(
        "affine-db-not-summed",
        ("Affine",),
        "Affine's db is not summed over the batch",
        "Affine의 db를 배치에 대해 더하지 않음",
        "b is added to every row of the batch, so its gradient is the sum of dout over the "
        "rows: db has the shape of b.",
        "b는 배치의 모든 행에 더해지므로 기울기는 dout을 행 방향으로 더한 값입니다. db는 "
        "b와 형상이 같습니다.",
        "backward(): self.db = np.sum(dout, axis=0)",
        "backward()입니다. self.db = np.sum(dout, axis=0)로 쓰십시오",
    ),
    Mistake(
        "batchnorm-missing-paths",
        ("BatchNormalization",),
        "BatchNormalization's backward misses the paths through the mean and the variance",
        "BatchNormalization의 역전파에 평균과 분산을 거치는 경로가 빠짐",
        "In training, every x̂ depends on every input of its feature through the batch mean "
        "μ and variance σ². Dividing dout·γ by the standard deviation covers only the direct "
        "path; the paths through μ and σ² remove the mean of the gradient and its component "
        "along x̂.",
        "학습할 때 x̂는 배치 평균 μ와 분산 σ²를 거쳐 같은 특성의 모든 입력에 의존합니다. "
        "dout·γ를 표준편차로 나누는 것은 직접 경로만 계산한 것입니다. μ와 σ²를 거치는 "
        "경로는 기울기의 평균과 x̂ 방향 성분을 빼 줍니다.",
        "backward(): the terms dstd, dvar and dmu of the book's computational graph",
        "backward()입니다. 책의 계산 그래프에 있는 dstd, dvar, dmu 항을 확인하십시오",
    ),
    Mistake(
        "dropout-scaling",
        ("Dropout",),
        "Dropout scales at the wrong time",
        "드롭아웃이 엉뚱한 때에 크기를 조정함",
        "The book keeps the surviving units unchanged while training and multiplies every "
        "unit by 1 − p at inference, so that the next layer receives the same expected "
        "input in both modes. Scaling at both times, at neither, or by dividing while "
        "training (the inverted dropout of PyTorch) gives other numbers than the book's "
        "network.",
        "책은 학습할 때 살아남은 뉴런을 그대로 두고, 추론할 때 모든 뉴런에 1 − p를 "
        "곱합니다. 그래야 다음 계층이 두 모드에서 같은 기댓값의 입력을 받습니다. 두 "
        "때 모두 조정하거나, 어느 때에도 조정하지 않거나, 학습할 때 나누면(PyTorch의 "
        "역 드롭아웃) 책의 신경망과 다른 값이 나옵니다.",
        "forward(): return x * self.mask while training, x * (1.0 - self.dropout_ratio) at "
        "inference",
        "forward()입니다. 학습할 때는 x * self.mask를, 추론할 때는 "
        "x * (1.0 - self.dropout_ratio)를 반환하십시오",
    ),
    Mistake(
        "layer-copies-parameters",
        ("Affine", "BatchNormalization"),
        "The layer copies the arrays it was given",
        "계층이 받은 배열을 복사함",
        "The network's params dictionary holds the same arrays as its layers, and the "
        "optimizer changes them in place. A layer that keeps a copy never sees the updates, "
        "so it does not learn.",
        "신경망의 params 딕셔너리는 계층과 같은 배열을 가지고 있고, 최적화 기법은 그 "
        "배열을 제자리에서 바꿉니다. 복사본을 가진 계층은 갱신을 보지 못하므로 학습하지 "
        "않습니다.",
        "__init__(): self.W = W, without np.copy or .astype",
        "__init__()입니다. np.copy나 .astype 없이 self.W = W로 저장하십시오",
    ),
    Mistake(
        "stale-state",
        _LAYERS,
        "backward uses what an earlier forward stored",
        "backward가 이전 순전파의 값을 씀",
        "backward must use what the latest forward stored (the input, the mask, the "
        "output). Here, after two forward calls, backward answers for the first one, "
        "because the state is stored only once or not at every call.",
        "backward는 가장 최근의 forward가 저장한 값(입력, 마스크, 출력)을 써야 합니다. "
        "여기서는 forward를 두 번 호출한 뒤 backward가 첫 번째 호출에 맞는 값을 "
        "냅니다. 상태를 한 번만 저장하거나 호출할 때마다 저장하지 않기 때문입니다.",
        "forward(): store self.x, self.mask or self.out at every call, not only in an if block",
        "forward()입니다. if 블록 안에서만이 아니라 호출할 때마다 self.x, self.mask, "
        "self.out을 저장하십시오",
    ),
    Mistake(
        "missing-attribute",
        ("Affine", "BatchNormalization", "Dropout"),
        "An attribute the book's network reads is missing",
        "책의 신경망이 읽는 속성이 없음",
        "The book's networks read the gradients from the layers by name after backward "
        "(layer.dW, layer.db, layer.dgamma, layer.dbeta). Under another name they are never "
        "found.",
        "책의 신경망은 역전파 뒤에 계층의 기울기를 이름으로 읽습니다(layer.dW, layer.db, "
        "layer.dgamma, layer.dbeta). 다른 이름으로 저장하면 찾지 못합니다.",
        "the names of the attributes that backward() sets",
        "backward()가 설정하는 속성의 이름입니다",
    ),
    # ---- Either -----------------------------------------------------------------------------
    Mistake(
        "constructor-arguments",
        (*_OPTIMIZERS, *_LAYERS),
        "The class cannot be built with the book's arguments",
        "책의 인수로 객체를 만들 수 없음",
        "The checker builds the class as the book's code does, by keyword: SGD(lr=…), "
        "Momentum(lr=…, momentum=…), RMSprop(lr=…, decay_rate=…), Adam(lr=…, beta1=…, "
        "beta2=…), Affine(W, b), BatchNormalization(gamma, beta), Dropout(dropout_ratio).",
        "검사기는 책의 코드처럼 키워드 인수로 객체를 만듭니다. 최적화 기법은 SGD(lr=…), "
        "Momentum(lr=…, momentum=…), RMSprop(lr=…, decay_rate=…), "
        "Adam(lr=…, beta1=…, beta2=…)처럼 만듭니다. 계층은 Affine(W, b), "
        "BatchNormalization(gamma, beta), Dropout(dropout_ratio)처럼 만듭니다.",
        "the arguments of __init__ and their names",
        "__init__의 인수와 그 이름입니다",
    ),
    Mistake(
        "raises",
        (*_OPTIMIZERS, *_LAYERS),
        "The code raised an exception",
        "코드에서 예외가 발생함",
        "A call of the class raised an exception that none of the known mistakes explains.",
        "클래스를 호출하다가 예외가 발생했고, 알려진 실수 가운데 이를 설명하는 것이 없습니다.",
        "the line named above and the message of the exception",
        "위에 나온 줄과 예외 메시지입니다",
    ),
    Mistake(
        "time-limit",
        (*_OPTIMIZERS, *_LAYERS),
        "A call did not finish within the time limit",
        "호출이 제한 시간 안에 끝나지 않음",
        "One call ran for longer than the checker's time limit and was stopped. A while "
        "loop whose condition never changes is the usual cause.",
        "한 호출이 검사기의 제한 시간보다 오래 실행되어 중단되었습니다. 조건이 바뀌지 않는 "
        "while 문이 흔한 원인입니다.",
        "loops in the method named above: does each one end?",
        "위에 나온 메서드의 반복문입니다. 모든 반복문이 끝나는지 확인하십시오",
    ),
    Mistake(
        "differs-from-reference",
        (*_OPTIMIZERS, *_LAYERS),
        "The values differ from the reference",
        "값이 기준 구현과 다름",
        "The values part from dlscratch's reference, and no mistake of the catalogue "
        "reproduces them. Compare the update, line by line, with the equation.",
        "값이 dlscratch의 기준 구현과 다르고, 목록에 있는 실수 가운데 이 값을 재현하는 것이 "
        "없습니다. 갱신 식과 코드를 한 줄씩 비교하십시오.",
        "the first place where the values part, shown above",
        "위에 나온, 값이 처음 달라지는 곳입니다",
    ),
]

#: Every mistake the checker recognises, by id.
MISTAKES: dict[str, Mistake] = {entry.id: entry for entry in _ENTRIES}
