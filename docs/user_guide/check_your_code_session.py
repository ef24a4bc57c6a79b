import numpy as np

from dlscratch.check import check_optimizer

lr = 0.95  # a cell run earlier in the notebook


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.v[key] = self.momentum * self.v[key] - lr * grads[key]
            params[key] += self.v[key]


print(check_optimizer(Momentum, "Momentum"))


# The fix: the learning rate the object was built with.
class Momentum(Momentum):
    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


print()
print(check_optimizer(Momentum, "Momentum"))
