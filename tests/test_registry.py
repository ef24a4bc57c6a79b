"""The registry of the optimizers: the one list the Trainer, experiments and figures read."""

import pytest

from dlscratch import optim
from dlscratch.experiments import book_optimizers
from dlscratch.plotting import OPTIMIZER_COLORS
from dlscratch.registry import OPTIMIZERS, optimizer_entry
from dlscratch.training import Trainer


def test_the_six_optimizers_in_the_books_order_with_dlscratchs_classes():
    assert list(OPTIMIZERS) == ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]
    for name, entry in OPTIMIZERS.items():
        assert entry.name == name and entry.cls is getattr(optim, name)
    colors = [entry.color for entry in OPTIMIZERS.values()]
    assert len(set(colors)) == 6 and all(c.startswith("#") and len(c) == 7 for c in colors)


def test_the_linestyle_is_matplotlibs_form_of_the_dash_pattern():
    assert OPTIMIZERS["SGD"].dash == () and OPTIMIZERS["SGD"].linestyle == "-"
    for entry in OPTIMIZERS.values():
        if entry.dash:
            assert entry.linestyle == (0, entry.dash)


def test_everything_else_reads_the_registry():
    assert OPTIMIZER_COLORS == {name: entry.color for name, entry in OPTIMIZERS.items()}
    # The book's MNIST script compares four, each with the class's defaults (lr 0.01, Adam's
    # 0.001), read off optimizer_compare_mnist.py.
    book = book_optimizers()
    assert list(book) == ["SGD", "Momentum", "AdaGrad", "Adam"]
    assert [opt.lr for opt in book.values()] == [0.01, 0.01, 0.01, 0.001]


@pytest.mark.parametrize("name", ["sgd", "SGD", "Momentum", "nesterov", "AdaGrad", "rmsprop"])
def test_names_are_found_in_any_case_as_the_books_trainer_finds_them(name):
    assert optimizer_entry(name).name.lower() == name.lower()


def test_an_unknown_name_lists_the_names_and_the_korean_editions_spelling_gets_a_hint():
    with pytest.raises(ValueError, match="'SGD', 'Momentum'") as info:
        optimizer_entry("adadelta")
    assert "adadelta" in str(info.value)
    with pytest.raises(ValueError, match="RMSprop is spelled 'rmsprop'"):
        optimizer_entry("rmsprpo")
    with pytest.raises(TypeError, match="string"):
        optimizer_entry(3)


def test_the_trainer_builds_its_optimizer_from_the_registry():
    import numpy as np

    from dlscratch.nn import MultiLayerNet

    x, t = np.zeros((4, 3)), np.array([0, 1, 0, 1])
    net = MultiLayerNet(3, [2], 2, seed=0)
    trainer = Trainer(net, x, t, x, t, optimizer="rmsprop", optimizer_param={"lr": 0.1}, seed=0)
    assert type(trainer.optimizer) is optim.RMSprop and trainer.optimizer.lr == 0.1
    with pytest.raises(ValueError, match="rmsprpo"):
        Trainer(net, x, t, x, t, optimizer="rmsprpo")
