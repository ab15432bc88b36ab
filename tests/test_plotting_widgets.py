import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
import pytest

import course_utils as cu
from course_utils.rl.gridworld import GridWorld


def test_grid_heatmap_draws_values_and_arrows():
    g = GridWorld(["S.", ".G"], gamma=0.9)
    v = np.arange(4.0)
    ax = cu.plotting.grid_heatmap(g, values=v, policy=np.array([2, 1, 1, 0]))
    texts = [t.get_text() for t in ax.texts]
    assert "3.0" in texts and "G" in texts
    assert len(ax.patches) == 3  # one arrow per non-terminal state
    plt.close("all")
    with pytest.raises(ValueError, match=r"values must have shape \(4,\)"):
        cu.plotting.grid_heatmap(g, values=np.arange(3.0))


def test_interactive_figure_shows_errors_instead_of_raising():
    calls = []

    def draw(x):
        calls.append(x)
        if x < 0:
            raise ValueError(f"x must be >= 0, got {x}")

    slider = W.IntSlider(value=1, min=-5, max=5)
    box = cu.widgets.interactive_figure(draw, {"x": slider})
    slider.value = -2  # must not raise
    assert calls == [1, -2]
    assert isinstance(box, W.VBox)


def test_smooth_matches_definition():
    y = np.array([1.0, 3.0, 5.0, 7.0, 9.0])
    assert np.allclose(cu.plotting.smooth(y, 3), [1, 2, 3, 5, 7])
    with pytest.raises(ValueError):
        cu.plotting.smooth(y, 0)
