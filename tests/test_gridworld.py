import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from published import SB_RANDOM

from course_utils.rl.gridworld import ENV_ID, GridWorld, sutton_barto_5x5


def test_sutton_barto_gridworld_random_policy_values():
    """The MDP the builder writes reproduces the book's published v_pi (exact linear solve)."""
    g = sutton_barto_5x5()
    m = g.to_mdp()
    P_pi = m.P.mean(axis=1)  # equiprobable policy
    r_pi = m.R.mean(axis=1)
    v = np.linalg.solve(np.eye(m.n_states) - m.gamma * P_pi, r_pi)
    assert np.allclose(np.round(g.grid_values(v), 1), SB_RANDOM)


def test_moves_walls_and_bumps():
    g = GridWorld(["S.#", "..G"], rewards={"G": 1.0}, bump_reward=-1.0, gamma=0.9)
    m = g.to_mdp()
    s0 = g.state_of((0, 0))
    assert m.P[s0, 0, s0] == 1 and m.R[s0, 0] == -1  # left: edge, stay, -1
    assert m.P[s0, 2, g.state_of((0, 1))] == 1 and m.R[s0, 2] == 0
    s1 = g.state_of((0, 1))
    assert m.P[s1, 2, s1] == 1 and m.R[s1, 2] == -1  # right: wall
    assert m.R[g.state_of((1, 1)), 2] == 1.0  # entering the goal
    assert m.terminal[g.state_of((1, 2))]
    assert m.initial[s0] == 1.0


def test_slip_splits_probability_perpendicular():
    g = GridWorld(["...", ".S.", "..."], rewards={}, slip=0.2, terminal="", gamma=0.9)
    m = g.to_mdp()
    s = g.state_of((1, 1))
    up = 3
    assert m.P[s, up, g.state_of((0, 1))] == pytest.approx(0.8)
    assert m.P[s, up, g.state_of((1, 0))] == pytest.approx(0.1)
    assert m.P[s, up, g.state_of((1, 2))] == pytest.approx(0.1)


@pytest.mark.parametrize("kwargs, match", [
    ({"layout": ["S.", "..."]}, "rows must all have length 2"),
    ({"layout": ["S?"]}, r"cell \(0, 1\) is '\?'"),
    ({"layout": ["S."], "slip": 1.5}, r"slip must be in \[0, 1\], got 1.5"),
    ({"layout": ["S."], "rewards": {"G": 1}}, "rewards names cell 'G'"),
    ({"layout": ["##"]}, "no free cell"),
    ({"layout": ["Sa", "ab"], "teleports": {"S": ("a", 1.0)}}, "exactly once"),
])
def test_bad_layouts(kwargs, match):
    with pytest.raises(ValueError, match=match):
        GridWorld(**kwargs)


def test_cell_index_round_trip_and_errors():
    g = GridWorld(["S#", ".G"])
    for s in range(len(g.cells)):
        assert g.state_of(g.cell_of(s)) == s
    with pytest.raises(ValueError, match="wall or outside"):
        g.state_of((0, 1))


def test_registered_env_passes_checker():
    env = gym.make(ENV_ID, layout=["S..", ".#H", "..G"], rewards={"G": 1.0, "H": -1.0}, slip=0.1)
    check_env(env.unwrapped, skip_render_check=True)
    obs, _ = env.reset(seed=3)
    assert obs == 0
    total, done = 0.0, False
    rng = np.random.default_rng(0)
    while not done:
        obs, r, term, trunc, _ = env.step(int(rng.integers(4)))
        total += r
        done = term or trunc
    assert total in (-1.0, 0.0, 1.0)
