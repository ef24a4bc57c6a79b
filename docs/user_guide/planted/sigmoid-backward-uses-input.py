import numpy as np

from dlscratch.check import check_layer


class Sigmoid:
    def forward(self, x):
        self.x = x
        return 1 / (1 + np.exp(-x))

    def backward(self, dout):
        return dout * (1.0 - self.x) * self.x


report = check_layer(Sigmoid, "Sigmoid")
print(report)
