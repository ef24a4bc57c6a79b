from dlscratch.check import check_optimizer


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        keys = list(params.keys())
        i = 0
        while i < len(keys):  # i is never increased
            params[keys[i]] -= self.lr * grads[keys[i]]


report = check_optimizer(SGD, "SGD", time_limit=1.0)
print(report)
