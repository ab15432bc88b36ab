"""Bilinear game min_x max_y x*y: each update rule against its closed form."""

import numpy as np
import pytest

from course_utils.games.saddle import METHODS, bilinear_gda


@pytest.mark.parametrize("lr", [0.05, 0.2, 0.5])
def test_simultaneous_updates_spiral_out_by_exactly_sqrt_1_plus_lr_squared(lr):
    r = bilinear_gda(0.3, -0.8, lr=lr, steps=50, method="simultaneous")
    np.testing.assert_allclose(r.radius, r.radius[0] * np.sqrt(1 + lr**2) ** np.arange(51), rtol=1e-12)


@pytest.mark.parametrize("lr", [0.05, 0.2, 0.5, 1.5])
def test_alternating_updates_stay_on_a_closed_orbit(lr):
    r = bilinear_gda(1.0, 0.5, lr=lr, steps=500, method="alternating")
    invariant = r.x**2 + r.y**2 - lr * r.x * r.y        # conserved by the map (det = 1)
    np.testing.assert_allclose(invariant, invariant[0], rtol=1e-9)
    assert r.radius.max() < 10 * r.radius[0] and r.radius.min() > r.radius[0] / 10
    # the map's eigenvalues lie on the unit circle for lr < 2: a rotation in disguise
    M = np.array([[1, -lr], [lr, 1 - lr**2]])
    np.testing.assert_allclose(np.abs(np.linalg.eigvals(M)), 1.0)


@pytest.mark.parametrize("lr", [0.1, 0.5])
def test_extragradient_spirals_in(lr):
    r = bilinear_gda(1.0, 1.0, lr=lr, steps=100, method="extragradient")
    factor = np.sqrt((1 - lr**2) ** 2 + lr**2)           # |(1 - lr^2) + i lr| < 1
    np.testing.assert_allclose(r.radius, r.radius[0] * factor ** np.arange(101), rtol=1e-10)
    assert r.radius[-1] < r.radius[0]


def test_the_saddle_is_a_fixed_point_of_every_method():
    for m in METHODS:
        r = bilinear_gda(0.0, 0.0, steps=5, method=m)
        assert np.all(r.x == 0) and np.all(r.y == 0) and np.all(r.value == 0)


@pytest.mark.parametrize("kwargs,needle", [
    ({"method": "adam"}, "method"), ({"lr": 0.0}, "lr"), ({"lr": float("nan")}, "lr"),
    ({"steps": -1}, "steps"), ({"steps": 2.5}, "steps"),
])
def test_bad_arguments(kwargs, needle):
    with pytest.raises(ValueError, match=needle):
        bilinear_gda(**kwargs)
