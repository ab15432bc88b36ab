"""Specification-gaming worlds: the loophole appears under the flawed reward and disappears under
the fixed one, judged by the true performance; exact DP and Q-learning agree; bad input errors."""

import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import course_utils as cu
from course_utils import exercises as X
from course_utils import gaming as g
from course_utils import gaming_plots as gp

WORLDS = list(g.WORLDS)
GAMMA = g.WORLDS["boat_race"]["gamma"]


def start_states(world):
    return [int(s) for s in np.flatnonzero(world.mdp.initial)]


@pytest.mark.parametrize("name", WORLDS)
@pytest.mark.parametrize("variant", g.VARIANTS)
def test_registered_envs_pass_check_env(name, variant):
    env = gym.make(g.ENV_IDS[name], variant=variant)
    check_env(env.unwrapped, skip_render_check=True)
    obs, _ = env.reset(seed=1)
    _, _, _, _, info = env.step(env.action_space.sample())
    assert "performance" in info and np.isfinite(info["performance"])


@pytest.mark.parametrize("name", WORLDS)
def test_dp_gaming_under_flawed_reward_only(name):
    flawed, fixed = (g.analyse(g.make_world(name, v)) for v in g.VARIANTS)
    assert flawed.gaming and not fixed.gaming
    assert flawed.performance < fixed.performance == pytest.approx(fixed.intended_performance)
    assert flawed.intended_performance == pytest.approx(fixed.intended_performance)  # same true task


def test_boat_race_values_match_closed_forms():
    # T is entered on move 8 and the finish on move 16 (reward indices 7 and 15).
    for bonus in (0.5, 1.0, 2.0):
        w = g.make_world("boat_race", bonus=bonus)
        v = cu.dp.value_iteration(w.mdp).v[start_states(w)[0]]
        loop = bonus * GAMMA**7 / (1 - GAMMA**2)   # enter T every second move, forever
        race = bonus * GAMMA**7 + 10 * GAMMA**15
        assert v == pytest.approx(max(loop, race), abs=1e-6)
        assert g.analyse(w).gaming == (loop > race)


def test_potential_shaping_keeps_the_finish_only_policy():
    """Ng, Harada & Russell (1999): gamma*Phi(s') - Phi(s) leaves optimal policies unchanged."""
    plain = g.make_world("boat_race", "fixed", bonus=0.0)
    v_plain = cu.dp.value_iteration(plain.mdp).v
    for bonus in (0.5, 3.0, 20.0):
        shaped = g.make_world("boat_race", "fixed", bonus=bonus)
        res = cu.dp.value_iteration(shaped.mdp)
        Phi = np.array([bonus if plain.layout[i][j] == "T" else 0.0 for i, j in plain.cells])
        assert np.allclose(res.v, v_plain - Phi, atol=1e-6)  # V_shaped = V - Phi
        assert g.expected_totals(shaped, res.policy)[1] == 1.0


def test_absent_supervisor_shortcut_only_when_unobserved():
    w = g.make_world("absent_supervisor", "flawed")
    pi = g.analyse(w).policy
    for s0 in start_states(w):
        cells = {w.cells[s] for s in g.walk(w, pi, s0=s0)["states"]}
        crosses_P = any(w.layout[i][j] == "P" for i, j in cells)
        assert crosses_P == (w.state_info[s0] == "supervisor absent")
    fixed = g.make_world("absent_supervisor", "fixed")
    for s0 in start_states(fixed):
        path = g.walk(fixed, g.analyse(fixed).policy, s0=s0)["states"]
        assert all(fixed.layout[fixed.cells[s][0]][fixed.cells[s][1]] != "P" for s in path)


def test_pause_game_pauses_only_under_the_loss_penalty():
    flawed, fixed = (g.analyse(g.make_world("pause_game", v)) for v in g.VARIANTS)
    assert flawed.policy.tolist() == [0, 0, 0, 1]  # pause forever at the top of the stack
    assert fixed.policy.tolist() == [0, 0, 0, 0]
    assert fixed.performance == pytest.approx(30.0)  # always playing: 60 steps * p_clear 0.5
    assert not g.analyse(g.make_world("pause_game", loss_penalty=0.0)).gaming


def test_expected_totals_match_monte_carlo():
    w = g.make_world("pause_game")
    pi = np.array([0, 0, 0, 1])
    reward, perf = g.expected_totals(w, pi)
    env = g.make_env("pause_game")
    totals = []
    for episode in range(400):
        obs, _ = env.reset(seed=episode)
        done, total = False, 0.0
        while not done:
            obs, _, terminated, truncated, info = env.step(int(pi[obs]))
            total += info["performance"]
            done = terminated or truncated
        totals.append(total)
    assert abs(np.mean(totals) - perf) < 4 * np.std(totals) / np.sqrt(len(totals))
    assert reward == pytest.approx(perf)  # pause_reward 0 and no lost game once paused at the top


@pytest.mark.parametrize("name", WORLDS)
def test_q_learning_finds_the_loophole_and_the_fix_removes_it(name):
    runs = {v: g.train_gaming(name, v, episodes=1_000, seed=0) for v in g.VARIANTS}
    report = {v: g.analyse(r.world) for v, r in runs.items()}
    for v, r in runs.items():  # the learned greedy policy is as good as the DP one, for the reward
        assert g.expected_totals(r.world, r.policy)[0] == pytest.approx(report[v].reward, rel=1e-6)
    perf = {v: g.expected_totals(r.world, r.policy)[1] for v, r in runs.items()}
    assert perf["flawed"] < report["flawed"].intended_performance - 1e-6
    assert perf["fixed"] == pytest.approx(report["fixed"].intended_performance)
    tail = {v: r.history["performance"][-100:].mean() for v, r in runs.items()}  # greedy behaviour at the end
    assert tail["flawed"] < tail["fixed"]
    # Goodhart: by the flawed reward's own measure, the loophole beats the intended behaviour
    intended = report["fixed"].policy
    flawed_world = runs["flawed"].world
    assert g.expected_totals(flawed_world, intended)[0] < g.expected_totals(flawed_world, runs["flawed"].policy)[0]


def test_render_and_walk():
    env = gym.make("course_utils/BoatRace-v0", render_mode="ansi")
    env.reset(seed=0)
    assert "@" in env.render() and "#" in env.render()
    env = gym.make("course_utils/PauseGame-v0", render_mode="ansi")
    env.reset(seed=0)
    assert env.render().startswith("stack height 0")
    w = g.make_world("boat_race")
    ep = g.walk(w, g.analyse(w).policy)
    assert len(ep["actions"]) == w.max_steps and sum(ep["performance"]) == 0.0


@pytest.mark.parametrize("name", WORLDS)
def test_behaviour_figures(name):
    w = g.make_world(name)
    ep = g.walk(w, g.analyse(w).policy, seed=0)
    ax = gp.draw_behaviour(w, ep)
    assert ax.lines or ax.patches
    if name == "boat_race":
        assert any(t.get_text().startswith("×") for t in ax.texts)  # the loop is labelled
    runs = {"flawed": g.train_gaming(name, "flawed", episodes=20)}
    axes = gp.plot_reward_vs_performance(runs, window=5)
    assert len(axes[0].lines) == 1
    plt.close("all")


def test_bad_input_errors():
    with pytest.raises(ValueError, match="unknown world 'chess'"):
        g.make_world("chess")
    with pytest.raises(ValueError, match="variant"):
        g.make_world("boat_race", "better")
    with pytest.raises(ValueError, match=r"no reward parameter\(s\) \['speed'\]"):
        g.make_world("boat_race", speed=3)
    with pytest.raises(ValueError, match="finite number"):
        g.make_world("boat_race", bonus=float("nan"))
    with pytest.raises(ValueError, match="height"):
        g.make_world("pause_game", height=2)
    with pytest.raises(ValueError, match="p_clear"):
        g.make_world("pause_game", p_clear=1.5)
    with pytest.raises(ValueError, match="gamma must be < 1"):
        g.make_world("pause_game", gamma=1.0)
    with pytest.raises(ValueError, match="gamma"):
        g.make_world("boat_race", gamma=0.0)
    env = g.make_env("boat_race").unwrapped
    env.reset(seed=0)
    with pytest.raises(ValueError, match="action"):
        env.step(7)
    with pytest.raises(ValueError, match="policy must be"):
        g.expected_totals(g.make_world("boat_race"), [0, 1])
    with pytest.raises(ValueError, match="unknown world"):
        g.make_env("tetris")
    with pytest.raises(ValueError, match="unknown world"):
        g.train_gaming("tetris")
    with pytest.raises(ValueError, match="no map"):
        gp.draw_map_path(g.make_world("pause_game"), {"states": [0]})
    with pytest.raises(ValueError, match="at least one"):
        gp.plot_reward_vs_performance({})


def test_exercise_kind_follows_the_edited_reward():
    base = {"kind": "gaming.behaviour", "title": "t", "question": "q", "world": "boat_race"}
    assert X.from_dict({**base, "reward": {"bonus": 1.0}}).answer() == {"gaming"}
    assert X.from_dict({**base, "reward": {"bonus": 0.5}}).answer() == {"intended"}
    assert X.from_dict({**base, "variant": "fixed", "reward": {"bonus": 5.0}}).answer() == {"intended"}
    perf = X.from_dict({**base, "kind": "gaming.performance", "world": "absent_supervisor"})
    assert perf.answer() == pytest.approx((40 + 14) / 2)  # long way watched, shortcut unwatched
    with pytest.raises(X.ExerciseError, match="field 'reward'"):
        X.from_dict({**base, "reward": {"speed": 1}})
    with pytest.raises(X.ExerciseError, match="field 'world'"):
        X.from_dict({**base, "world": "tetris"})
