"""dlscratch: a companion to chapter 6 of *Deep Learning from Scratch*.

Modules
-------
optim
    SGD, Momentum, Nesterov, AdaGrad, RMSprop and Adam with the book's
    ``opt.update(params, grads)`` interface.
landscapes
    The book's 2-D test functions and a helper that records optimizer paths.
nn
    The layers and the multi-layer network of the book's MNIST experiment.
datasets
    ``load_mnist``, with checked downloads and a bundled real subset.
experiments
    The book's optimizer comparison on MNIST, made fair and cached.
analysis
    Measures of trained networks, such as the number of distinct hidden units.
plotting
    The figures of the site, in English or Korean.
i18n
    The language of figures and messages (``DLSCRATCH_LANG``) and their Korean.
training
    The book's ``Trainer``, which trains a network for a number of epochs.
util
    ``smooth_curve`` and ``shuffle_dataset``, as in the book's ``common.util``.
book
    The layout of the book's ``common`` and ``dataset`` packages, so that each
    import line of the book's scripts has a one-to-one replacement.
"""

__version__ = "0.1.0"
