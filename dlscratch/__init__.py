"""dlscratch: a companion to chapter 6.1 of *Deep Learning from Scratch*.

Subpackages
-----------
optim
    SGD, Momentum, Nesterov, AdaGrad, RMSprop and Adam with the book's
    ``opt.update(params, grads)`` interface.
landscapes
    The book's 2-D test functions and a helper that records optimizer paths.
"""

__version__ = "0.1.0"
