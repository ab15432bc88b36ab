"""The gridworld editor: its computation matches cu.dp, and bad input is a visible message."""

import html
import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from course_utils import dp  # noqa: E402
from course_utils.rl.gridworld import GridWorld  # noqa: E402
from course_utils.show.grid_editor import (  # noqa: E402
    grid_editor,
    parse_rewards,
    plot_sweeps,
    solve_grid,
    sweep_slider,
    sweeps_animation,
)


def test_solve_grid_matches_dp():
    grid, res = solve_grid("S..\n.#H\n..G", rewards="G=1; H=-1", slip=0.2, gamma=0.95,
                           algorithm="policy iteration")
    ref = dp.value_iteration(GridWorld(["S..", ".#H", "..G"], rewards={"G": 1, "H": -1},
                                       slip=0.2, gamma=0.95).to_mdp(), tol=1e-12)
    assert np.allclose(res.v, ref.v, atol=1e-9)
    _, mpi = solve_grid("S..\n.#H\n..G", rewards="G=1; H=-1", slip=0.2, gamma=0.95,
                        algorithm="modified policy iteration")
    assert np.allclose(mpi.v, ref.v, atol=1e-7)
    _, rnd = solve_grid("S.G", algorithm="random", gamma=0.5, tol=1e-12)
    exact = dp.policy_evaluation_exact(GridWorld(["S.G"], gamma=0.5).to_mdp(), np.full((3, 4), 0.25))
    assert np.allclose(rnd.v, exact.v, atol=1e-10)


@pytest.mark.parametrize("text, match", [
    ("G:1", "entries like 'G=1"), ("GG=1", "one letter"), ("G=lots", "must be a number"),
])
def test_parse_rewards_errors(text, match):
    with pytest.raises(ValueError, match=match):
        parse_rewards(text)



def test_gamma_one_solvers_agree_on_a_free_loop():
    """Issue 17: on S.H with H = -1 and gamma = 1 wandering forever pays 0, but only proper
    policies count: every algorithm of the editor shows v = -1 and a policy that ends."""
    for algorithm in ("value iteration", "policy iteration"):
        _, res = solve_grid("S.H", rewards="H=-1", gamma=1.0, algorithm=algorithm)
        assert res.v.tolist() == [-1.0, -1.0, 0.0] and res.policy.tolist() == [2, 2, 0]

@pytest.mark.parametrize("change, match", [
    ({"layout": "S.?G"}, "is '\\?'"),
    ({"layout": "   "}, "map is empty"),
    ({"gamma": 1.5}, r"gamma must be in \[0, 1\]"),
    ({"slip": -0.1}, r"slip must be in \[0, 1\]"),
    ({"gamma": 1.0, "terminal": ""}, "episodic"),
    ({"rewards": "X=3"}, "not in the layout"),
])
def test_editor_shows_bad_input_as_a_message(change, match):
    box = grid_editor()
    assert box.result is not None and "sweeps" in box.status.value
    for name, value in change.items():
        box.controls[name].value = value
    assert "⚠" in box.status.value and box.result is None
    assert re.search(match, html.unescape(box.status.value)), box.status.value
    box.controls["layout"].value = "S.G"
    box.controls["gamma"].value = 0.9
    box.controls["terminal"].value = "GH"
    box.controls["rewards"].value = "G=1"
    box.controls["slip"].value = 0.0
    assert box.result is not None and box.result.v[0] == pytest.approx(0.9)


def test_sweep_views():
    grid = GridWorld(["S..", "..G"], gamma=0.9)
    res = dp.value_iteration(grid.to_mdp(), tol=1e-6)
    assert len(plot_sweeps(grid, res, sweeps=(0, 1, 3))) == 3
    assert len(sweep_slider(grid, res).children) == 2
    page = sweeps_animation(grid, res, frames=[0, 1, 2])
    assert "<script" in page and "animation" in page.lower()
