import numpy as np

from dlscratch.check import check_layer


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, x):
        self.shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = dout  # not summed over the batch
        return np.dot(dout, self.W.T).reshape(self.shape)


report = check_layer(Affine, "Affine")
print(report)
