from dlscratch.check import check_layer


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        x[self.mask] = 0  # changes the caller's array
        return x

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


report = check_layer(Relu, "Relu")
print(report)
