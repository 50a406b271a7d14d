"""Neighbourhood functions: 1 at the winner, their defining shapes, and the influence radius."""

import numpy as np
import pytest

from zoo._core.neighborhoods import NEIGHBORHOODS, influence_radius


@pytest.mark.parametrize("name", list(NEIGHBORHOODS))
def test_the_winner_gets_the_full_update_and_far_units_none(name):
    h = NEIGHBORHOODS[name]
    d2 = np.array([0.0, 400.0])
    np.testing.assert_allclose(h(d2, 2.0), [1.0, 0.0], atol=1e-8)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(NEIGHBORHOODS))
def test_dtype_is_kept(name, dtype):
    assert NEIGHBORHOODS[name](np.arange(5, dtype=dtype), 1.5).dtype == dtype


def test_shapes_match_their_equations():
    d = np.array([0.0, 0.5, 1.0, 2.0, 3.0])
    sigma = 2.0
    np.testing.assert_allclose(NEIGHBORHOODS["gaussian"](d**2, sigma), np.exp(-(d**2) / 8))
    np.testing.assert_array_equal(NEIGHBORHOODS["bubble"](d**2, sigma), [1, 1, 1, 1, 0])
    np.testing.assert_allclose(NEIGHBORHOODS["triangle"](d**2, sigma), [1, 0.75, 0.5, 0, 0])
    hat = NEIGHBORHOODS["mexican_hat"](d**2, sigma)
    np.testing.assert_allclose(hat, (1 - d**2 / 4) * np.exp(-(d**2) / 8))
    assert hat[4] < 0  # lateral inhibition beyond sigma


@pytest.mark.parametrize("name", list(NEIGHBORHOODS))
def test_beyond_the_influence_radius_the_neighbourhood_is_negligible(name):
    sigma, threshold = 1.7, 1e-4
    radius = influence_radius(name, sigma, threshold)
    d = np.linspace(radius + 1e-6, radius + 30, 2000)
    assert np.abs(NEIGHBORHOODS[name](d**2, sigma)).max() < threshold
    # and the radius is not wastefully large: just inside it the influence is still there
    if name in ("gaussian", "mexican_hat"):
        inside = np.abs(NEIGHBORHOODS[name](np.array([(radius * 0.9) ** 2]), sigma))
        assert inside[0] > threshold


def test_unknown_neighbourhood_lists_the_valid_ones():
    with pytest.raises(ValueError, match="gaussian"):
        influence_radius("cosine", 1.0)


@pytest.mark.parametrize("name", list(NEIGHBORHOODS))
@pytest.mark.parametrize("sigma", [1e-300, 1e300])
def test_extreme_radii_give_the_limits_without_dividing_by_zero(name, sigma):
    """sigma -> 0: only the winner is updated; sigma -> inf: every unit fully (sigma**2 under- or
    overflows float64 at these radii; the functions must still give the limits)."""
    d2 = np.array([0.0, 0.75, 1.0, 400.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is the limit
        h = NEIGHBORHOODS[name](d2, sigma)
    np.testing.assert_array_equal(h, [1.0, 0.0, 0.0, 0.0] if sigma < 1 else [1.0, 1.0, 1.0, 1.0])
