import numpy as np

from dlscratch.check import check_layer


class Dropout:
    def __init__(self, dropout_ratio=0.5):
        self.dropout_ratio = dropout_ratio
        self.mask = None

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = np.random.rand(*x.shape) > self.dropout_ratio
            return x * self.mask * (1.0 - self.dropout_ratio)  # scaled while training
        return x * (1.0 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask


report = check_layer(Dropout, "Dropout")
print(report)
