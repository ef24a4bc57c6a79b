"""The shared input checks: one exception type per kind of mistake, and the argument named."""

import math

import numpy as np
import pytest

from dlscratch import validation


@pytest.mark.parametrize(
    ("check", "value", "expected"),
    [
        (validation.positive_int, 3, 3),
        (validation.positive_int, np.int64(7), 7),
        (validation.non_negative_int, 0, 0),
        (validation.positive_finite, 0.5, 0.5),
        (validation.non_negative, 0, 0.0),
        (validation.unit_interval, 0.0, 0.0),
        (validation.unit_interval, np.float32(0.5), 0.5),
        (validation.real_number, -2, -2.0),
    ],
)
def test_a_good_value_comes_back_in_the_type_computed_with(check, value, expected):
    got = check("x", value)
    assert got == expected and type(got) is type(expected)


WRONG_TYPES = ["3", None, True, 2.0 + 0j, [1]]


@pytest.mark.parametrize("value", [*WRONG_TYPES, 3.0])
@pytest.mark.parametrize("check", [validation.positive_int, validation.non_negative_int])
def test_a_count_of_the_wrong_type_is_a_type_error(check, value):
    with pytest.raises(TypeError, match=r"^count must be"):
        check("count", value)


@pytest.mark.parametrize("value", WRONG_TYPES)
@pytest.mark.parametrize(
    "check",
    [validation.positive_finite, validation.non_negative, validation.unit_interval,
     validation.real_number],
)  # fmt: skip
def test_a_number_of_the_wrong_type_is_a_type_error(check, value):
    with pytest.raises(TypeError, match=r"^rate must be"):
        check("rate", value)


@pytest.mark.parametrize(
    ("check", "value"),
    [
        (validation.positive_int, 0),
        (validation.positive_int, -3),
        (validation.non_negative_int, -1),
        (validation.positive_finite, 0.0),
        (validation.positive_finite, math.inf),
        (validation.positive_finite, math.nan),
        (validation.non_negative, -1e-9),
        (validation.non_negative, math.nan),
        (validation.unit_interval, 1.0),
        (validation.unit_interval, -0.1),
        (validation.unit_interval, math.nan),
    ],
)
def test_a_wrong_value_of_the_right_type_is_a_value_error(check, value):
    with pytest.raises(ValueError, match=r"^arg must be"):
        check("arg", value)


def test_seed_generator_takes_none_an_int_or_a_generator():
    first = validation.seed_generator("seed", 3).random(4)
    np.testing.assert_array_equal(first, np.random.default_rng(3).random(4))
    generator = np.random.default_rng(5)
    assert validation.seed_generator("seed", generator) is generator  # its stream continues
    assert isinstance(validation.seed_generator("seed", None), np.random.Generator)
    with pytest.raises(TypeError, match="seed"):
        validation.seed_generator("seed", 1.5)
    with pytest.raises(TypeError, match="seed"):
        validation.seed_generator("seed", True)
    with pytest.raises(ValueError, match="seed"):
        validation.seed_generator("seed", -1)
