"""Tabular TD learning: the update rules by hand, convergence to exact values, Sutton & Barto's cliff."""

import itertools
import random

import gymnasium as gym
import numpy as np
import pytest

import course_utils as cu
from course_utils import dp
from course_utils.rl.mdp import MDP, MDPEnv, from_gymnasium
from course_utils.rl.tabular import (
    TabularConfig,
    epsilon_greedy,
    epsilon_greedy_probs,
    epsilon_soft_optimum,
    evaluate_policy,
    finite_horizon_value,
    greedy_path,
    q_learning,
    random_walk,
    sarsa,
    td0_evaluation,
    td_update,
)


def two_step_chain(gamma=0.9):
    """0 --(+1)--> 1 --(+2)--> 2 (terminal); one action; episodes start in 0."""
    P = np.zeros((3, 1, 3))
    P[0, 0, 1] = P[1, 0, 2] = P[2, 0, 2] = 1.0
    R = np.array([[1.0], [2.0], [0.0]])
    return MDP(P, R, gamma, terminal=[False, False, True], initial=[1.0, 0.0, 0.0])


# --- the update rule, by hand ---------------------------------------------------------------

@pytest.mark.parametrize("algorithm", [q_learning, sarsa])
def test_update_rule_hand_computed(algorithm):
    """alpha 0.5, gamma 0.9, Q = 0. Episode 1: delta = 1 + 0.9*0 - 0 = 1 -> Q(0) = 0.5;
    delta = 2 (terminal) -> Q(1) = 1. Episode 2: delta = 1 + 0.9*1 - 0.5 = 1.4 -> Q(0) = 1.2;
    delta = 2 - 1 = 1 -> Q(1) = 1.5. With one action Q-learning and SARSA coincide."""
    env = MDPEnv(two_step_chain())
    r = algorithm(env, episodes=2, alpha=0.5, gamma=0.9, epsilon=0.0)
    assert r.q[:2, 0] == pytest.approx([1.2, 1.5])
    assert r.history["td_errors"] == pytest.approx([(1 + 2) / 2, (1.4 + 1) / 2])
    assert r.history["returns"].tolist() == [3.0, 3.0] and r.history["lengths"].tolist() == [2, 2]
    assert r.visits[:2, 0].tolist() == [2, 2] and r.history["terminated"].all()


def test_terminal_target_does_not_bootstrap():
    """With Q initialised to 5, the terminal transition's target is r = 2, not r + gamma * 5."""
    r = q_learning(MDPEnv(two_step_chain()), episodes=1, alpha=0.5, gamma=0.9, epsilon=0.0, q_init=5.0)
    assert r.q[0, 0] == pytest.approx(5 + 0.5 * (1 + 0.9 * 5 - 5))
    assert r.q[1, 0] == pytest.approx(5 + 0.5 * (2 - 5))


@pytest.mark.parametrize("algorithm", [q_learning, sarsa])
def test_truncated_target_bootstraps(algorithm):
    """One state, reward 1 forever, every episode cut after one step. With alpha = 1 the
    table after n episodes is 1 + gamma + ... + gamma^(n-1) (bootstrapping through the cut);
    treating the cut as a terminal state would leave it at 1."""
    mdp = MDP(np.ones((1, 1, 1)), np.ones((1, 1)), gamma=0.5)
    r = algorithm(MDPEnv(mdp, max_steps=1), episodes=3, alpha=1.0, gamma=0.5)
    assert r.q[0, 0] == pytest.approx(1.75)
    assert not r.history["terminated"].any()
    r = algorithm(MDPEnv(mdp, max_steps=1_000), episodes=3, alpha=1.0, gamma=0.5, max_steps=1)
    assert r.q[0, 0] == pytest.approx(1.75)  # the config's own cut is a truncation too


class Recorder(gym.Wrapper):
    """Logs every (s, a, r, s', terminated) the learner sees."""

    def __init__(self, env):
        super().__init__(env)
        self.log = []

    def reset(self, **kwargs):
        obs, info = self.env.reset(**kwargs)
        self.s = obs
        return obs, info

    def step(self, action):
        obs, r, term, trunc, info = self.env.step(action)
        self.log.append((self.s, action, r, obs, term, trunc))
        self.s = obs
        return obs, r, term, trunc, info


@pytest.mark.parametrize("on_policy", [False, True])
def test_table_equals_replaying_the_textbook_update(on_policy):
    """Independent check: replay the logged transitions through the textbook update with
    numpy; the learner's table must be the same, for Q-learning (max) and SARSA (next action)."""
    env = Recorder(gym.make("FrozenLake-v1", max_episode_steps=10_000))
    alpha, gamma = 0.3, 0.95
    learner = sarsa if on_policy else q_learning
    r = learner(env, episodes=40, alpha=alpha, gamma=gamma, epsilon=0.5, seed=3)
    Q = np.zeros((16, 4))
    log = env.log
    for i, (s, a, rew, s2, term, _trunc) in enumerate(log):
        if term:
            target = rew
        elif on_policy:
            target = rew + gamma * Q[s2, log[i + 1][1]]  # the action actually taken next
        else:
            target = rew + gamma * Q[s2].max()
        Q[s, a] += alpha * (target - Q[s, a])
    assert np.allclose(r.q, Q, atol=1e-12)
    assert r.history["lengths"].sum() == len(log)


def test_td_update_function_by_hand():
    assert td_update(0.5, -1.0, [0.0, 2.0, 1.0, -1.0], 0.1, 0.9) == pytest.approx(0.5 + 0.1 * 0.3)
    assert td_update(0.5, -1.0, [0.0, 2.0, 1.0, -1.0], 0.1, 0.9, algorithm="sarsa", next_action=3) == \
        pytest.approx(0.5 + 0.1 * (-1.9 - 0.5))
    assert td_update(0.5, 1.0, 0.5, 0.1, 1.0, terminated=True, algorithm="td0") == pytest.approx(0.55)
    with pytest.raises(ValueError, match="sarsa needs next_action"):
        td_update(0.5, 1.0, [0.0], 0.1, 0.9, algorithm="sarsa")
    with pytest.raises(ValueError, match="algorithm must be"):
        td_update(0.5, 1.0, [0.0], 0.1, 0.9, algorithm="expected_sarsa")


# --- exploration ------------------------------------------------------------------------------

def test_epsilon_greedy_probabilities_and_ties():
    rng = random.Random(1)
    n = 20_000
    counts = np.bincount([epsilon_greedy([0.0, 1.0, 0.5], 0.2, rng) for _ in range(n)], minlength=3)
    expected = np.array([0.2 / 3, 0.8 + 0.2 / 3, 0.2 / 3]) * n
    assert np.all(np.abs(counts - expected) < 5 * np.sqrt(expected))
    ties = np.bincount([epsilon_greedy([2.0, 0.0, 2.0], 0.0, rng) for _ in range(2_000)], minlength=3)
    assert ties[1] == 0 and min(ties[0], ties[2]) > 850  # ties broken at random, both used


def test_epsilon_greedy_probs_rows_are_distributions_and_match_sampling():
    q = np.array([[0.0, 1.0, 0.5], [2.0, 0.0, 2.0]])
    pi = epsilon_greedy_probs(q, 0.3)
    assert np.allclose(pi.sum(axis=1), 1.0)
    assert pi[0] == pytest.approx([0.1, 0.8, 0.1]) and pi[1] == pytest.approx([0.45, 0.1, 0.45])


def test_epsilon_decay_schedule():
    cfg = TabularConfig(episodes=100, epsilon=1.0, epsilon_final=0.1, epsilon_decay=0.5)
    assert [cfg.epsilon_at(e) for e in (0, 25, 50, 99)] == pytest.approx([1.0, 0.55, 0.1, 0.1])


def test_same_seed_same_result_other_seed_differs():
    env = gym.make("FrozenLake-v1")
    a, b = q_learning(env, episodes=200, seed=7), q_learning(env, episodes=200, seed=7)
    c = q_learning(env, episodes=200, seed=8)
    assert np.array_equal(a.q, b.q) and np.array_equal(a.history["returns"], b.history["returns"])
    assert not np.array_equal(a.q, c.q)


# --- convergence to exact values --------------------------------------------------------------

def brute_force_q_star(mdp):
    """Q* from the best of all deterministic policies, each evaluated by a linear solve."""
    S, A = mdp.n_states, mdp.n_actions
    rows = np.arange(S)
    best = np.full(S, -np.inf)
    for pi in itertools.product(range(A), repeat=S):
        v = np.linalg.solve(np.eye(S) - mdp.gamma * mdp.P[rows, list(pi)], mdp.R[rows, list(pi)])
        best = np.maximum(best, v)
    return mdp.R + mdp.gamma * mdp.P @ best


def test_q_learning_converges_to_optimal_q_under_random_behaviour():
    """Off-policy: a uniformly random behaviour policy (epsilon = 1) still learns Q*.
    Checked against value iteration and against a brute-force search over all policies."""
    grid = cu.gridworld.GridWorld(["S..", "H.G"], rewards={"G": 1.0, "H": -1.0}, step_reward=-0.1, gamma=0.9)
    mdp = grid.to_mdp()
    q_star = dp.value_iteration(mdp, tol=1e-12).q
    assert np.allclose(q_star, brute_force_q_star(mdp), atol=1e-9)
    r = q_learning(mdp, episodes=600, alpha=0.5, gamma=0.9, epsilon=1.0, seed=0)
    live = ~mdp.terminal
    assert np.abs(r.q[live] - q_star[live]).max() < 1e-3
    assert dp.optimal_actions(q_star)[np.arange(mdp.n_states), r.policy][live].all()


def test_sarsa_with_decaying_epsilon_finds_optimal_policy():
    """GLIE: as epsilon goes to 0, SARSA's target becomes the greedy one. The actions it
    stops trying keep stale values, so compare the policy and the values of the best actions."""
    grid = cu.gridworld.GridWorld(["S..", "H.G"], rewards={"G": 1.0, "H": -1.0}, step_reward=-0.1, gamma=0.9)
    mdp = grid.to_mdp()
    q_star = dp.value_iteration(mdp, tol=1e-12).q
    r = sarsa(mdp, episodes=2_000, alpha=0.2, gamma=0.9, epsilon=1.0, epsilon_final=0.0, epsilon_decay=0.8)
    live = ~mdp.terminal
    assert dp.optimal_actions(q_star)[np.arange(mdp.n_states), r.policy][live].all()  # ties allowed
    assert np.abs(r.v[live] - q_star.max(axis=1)[live]).max() < 0.02


def test_td0_random_walk_converges_to_true_values():
    """Sutton & Barto Example 6.2: v = 1/6, ..., 5/6 (also what DP computes)."""
    walk = random_walk()
    exact = dp.policy_evaluation_exact(walk, np.zeros(7, dtype=int)).v
    assert exact[1:6] == pytest.approx(np.arange(1, 6) / 6)
    r = td0_evaluation(walk, np.zeros(7, dtype=int), episodes=3_000, alpha=0.01, gamma=1.0,
                       q_init=0.5, snapshot_every=100)
    late = r.snapshots[-10:].mean(axis=0)  # average out the constant-alpha noise
    assert np.abs(late[1:6] - exact[1:6]).max() < 0.03
    rms = np.sqrt(((r.snapshots[:, 1:6] - exact[1:6]) ** 2).mean(axis=1))
    assert rms[-1] < rms[0] / 2  # the error shrinks with experience


def test_finite_horizon_value_matches_simulation():
    """FrozenLake's optimum within its 100-step limit (0.74): exact backward induction vs the env."""
    env = gym.make("FrozenLake-v1")
    mdp = from_gymnasium(env, gamma=0.99)
    policy = dp.value_iteration(mdp, tol=1e-10).policy
    exact = finite_horizon_value(mdp, policy, horizon=100)[0]
    assert exact == pytest.approx(0.74, abs=0.005)
    n = 1_000
    sim = evaluate_policy(env, policy, episodes=n, seed=0).mean()
    assert abs(sim - exact) < 4 * np.sqrt(exact * (1 - exact) / n)


# --- Sutton & Barto Example 6.6: the cliff ---------------------------------------------------

CLIFF_ROW, WIDTH = 3, 12


def cells(path):
    return [divmod(s, WIDTH) for s in path.states]


def test_cliff_q_learning_takes_the_edge_sarsa_the_safe_path():
    """alpha 0.5, epsilon 0.1, gamma 1 (the book's settings). Q-learning's greedy path is the
    optimal 13 steps along the cliff edge (row 2), return -13. SARSA's keeps off that row."""
    env = gym.make("CliffWalking-v1")
    for seed in range(2):
        q_path = greedy_path(env, q_learning(env, episodes=500, alpha=0.5, epsilon=0.1, gamma=1.0, seed=seed).policy)
        assert q_path.terminated and q_path.total_return == -13
        assert [c for c in cells(q_path)[1:-1]] == [(2, j) for j in range(WIDTH)]
    # SARSA learns the optimal epsilon-soft policy; with a smaller alpha its greedy path settles
    for seed in range(2):
        s_path = greedy_path(env, sarsa(env, episodes=1_500, alpha=0.1, epsilon=0.1, gamma=1.0, seed=seed).policy)
        assert s_path.terminated and s_path.total_return <= -15
        assert all(row < 2 for row, col in cells(s_path) if 0 < col < WIDTH - 1)


def test_cliff_sarsa_path_is_the_epsilon_soft_optimum():
    """Independent check of *which* safe path: policy iteration over epsilon-greedy policies
    (exact evaluation with cu.dp) gives the same greedy path as SARSA learns."""
    env = gym.make("CliffWalking-v1")
    mdp = from_gymnasium(env, gamma=1.0)
    eps, S, A = 0.1, mdp.n_states, mdp.n_actions
    greedy = np.zeros(S, dtype=int)
    for _ in range(50):
        pi = np.full((S, A), eps / A)
        pi[np.arange(S), greedy] += 1 - eps
        improved = dp.greedy_policy(mdp, q=dp.policy_evaluation_exact(mdp, pi).q)
        if np.array_equal(improved, greedy):
            break
        greedy = improved
    learned = sarsa(env, episodes=1_500, alpha=0.1, epsilon=0.1, gamma=1.0, seed=0).policy
    assert greedy_path(env, learned).states == greedy_path(env, greedy).states
    q, policy = epsilon_soft_optimum(mdp, eps)  # the package's version agrees
    assert greedy_path(env, policy).states == greedy_path(env, greedy).states
    assert greedy_path(env, policy).total_return == -15  # two rows above the cliff


def test_cliff_online_returns_sarsa_beats_q_learning():
    """Sutton & Barto, Example 6.6: during learning (epsilon-greedy, episodes 101-500) SARSA
    collects more reward than Q-learning, whose exploratory steps on the edge fall off the cliff."""
    env = gym.make("CliffWalking-v1")
    runs = range(4)
    q = np.mean([q_learning(env, episodes=500, alpha=0.5, epsilon=0.1, gamma=1.0, seed=s).history["returns"][100:]
                 for s in runs])
    s = np.mean([sarsa(env, episodes=500, alpha=0.5, epsilon=0.1, gamma=1.0, seed=s).history["returns"][100:]
                 for s in runs])
    assert s > q + 10
    assert -40 < s < -17 and -70 < q < -30


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value, match", [
    ("alpha", 0.0, r"alpha must be in \(0, 1\], got 0.0"),
    ("alpha", 1.5, r"alpha must be in \(0, 1\], got 1.5"),
    ("alpha", float("nan"), r"alpha must be in \(0, 1\]"),
    ("epsilon", -0.1, r"epsilon must be in \[0, 1\], got -0.1"),
    ("epsilon", 1.1, r"epsilon must be in \[0, 1\], got 1.1"),
    ("gamma", 1.01, r"gamma must be in \[0, 1\]"),
    ("episodes", 0, "episodes must be an integer >= 1, got 0"),
    ("max_steps", 2.5, "max_steps must be an integer"),
    ("epsilon_final", 2.0, r"epsilon_final must be in \[0, 1\]"),
])
def test_bad_hyperparameters(field, value, match):
    with pytest.raises(ValueError, match=match):
        TabularConfig(**{field: value})
    with pytest.raises(ValueError, match=match):
        q_learning("FrozenLake-v1", **{field: value})


def test_non_discrete_spaces_refused():
    with pytest.raises(ValueError, match=r"Discrete observation space, got Box"):
        q_learning(gym.make("CartPole-v1"), episodes=1)
    with pytest.raises(ValueError, match=r"Discrete observation space"):
        sarsa(gym.make("CartPole-v1"), episodes=1)
    with pytest.raises(ValueError, match=r"Discrete observation space"):
        td0_evaluation(gym.make("CartPole-v1"), [0], episodes=1)


def test_other_bad_input():
    with pytest.raises(ValueError, match="unknown TabularConfig field"):
        q_learning("FrozenLake-v1", learning_rate=0.1)
    with pytest.raises(ValueError, match="config must be a TabularConfig"):
        q_learning("FrozenLake-v1", config={"alpha": 0.1})
    with pytest.raises(ValueError, match="probability distributions"):
        td0_evaluation(random_walk(), np.full((7, 1), 0.5))
    with pytest.raises(ValueError, match=r"policy must be 16 actions in 0..3"):
        greedy_path("FrozenLake-v1", [4] * 16)


# --- exercise kinds ---------------------------------------------------------------------------

CLIFF = {"kind": "tabular.learned_action", "title": "t", "question": "q", "ask": {"cell": "L"},
         "grid": {"map": ".....\nL....\nSCCCG", "rewards": {"C": -100, "G": 0}, "step_reward": -1,
                  "terminal": "CG", "gamma": 1.0}}


def test_learned_action_follows_epsilon_and_algorithm():
    from course_utils.exercises import from_dict

    def answer(algorithm, epsilon):
        return from_dict({**CLIFF, "learner": {"algorithm": algorithm, "epsilon": epsilon}}).answer()

    assert answer("q_learning", 0.1) == {"right"}  # Q* walks the edge
    assert answer("sarsa", 0.1) == {"up"}  # the epsilon-soft optimum steps away
    assert answer("sarsa", 0.01) == {"right"}  # rare exploration: the edge is safe enough


@pytest.mark.parametrize("patch, field", [
    ({"learner": {"algorithm": "dqn"}}, "learner.algorithm"),
    ({"learner": {"algorithm": "sarsa", "epsilon": 1.5}}, "learner.epsilon"),
    ({"learner": {"algorithm": "sarsa", "alpha": 0.1}}, "learner.alpha"),
    ({"learner": {"algorithm": "sarsa"}, "ask": {"cell": "Z"}}, "ask.cell"),
])
def test_learned_action_bad_fields_are_named(patch, field):
    from course_utils.exercises import ExerciseError, from_dict

    with pytest.raises(ExerciseError, match=f"field '{field}'"):
        from_dict({**CLIFF, **patch})


@pytest.mark.parametrize("update, field", [
    ({"algorithm": "sarsa", "q": 0, "reward": 0, "next_values": [1, 2], "alpha": 0.1, "gamma": 0.9}, "update.next_action"),
    ({"algorithm": "q_learning", "q": 0, "reward": 0, "next_values": [1, 2], "alpha": 0, "gamma": 0.9}, "update.alpha"),
    ({"algorithm": "q_learning", "q": 0, "reward": 0, "next_values": ["x"], "alpha": 0.1, "gamma": 0.9},
     "update.next_values"),
    ({"algorithm": "q_learning", "q": 0, "reward": 0, "next_values": [1], "alpha": 0.1, "gamma": 0.9, "lr": 1},
     "update.lr"),
])
def test_td_update_bad_fields_are_named(update, field):
    from course_utils.exercises import ExerciseError, from_dict

    with pytest.raises(ExerciseError, match=f"field '{field}'"):
        from_dict({"kind": "tabular.td_update", "title": "t", "question": "q", "update": update})


# --- figures ----------------------------------------------------------------------------------

def test_toy_text_grids_match_the_envs():
    from course_utils.show.tabular_plots import toy_text_grid

    lake, to_grid = toy_text_grid(gym.make("FrozenLake-v1"))
    assert lake.layout == ["S...", ".H.H", "...H", "H..G"] and to_grid == (0, 1, 2, 3)
    cliff, to_grid = toy_text_grid(gym.make("CliffWalking-v1"))
    assert cliff.layout[3] == "S" + "C" * 10 + "G" and len(cliff.cells) == 48
    env = gym.make("CliffWalking-v1")
    env.reset(seed=0)
    for cliff_action, grid_action in enumerate(to_grid):  # each move goes where the arrow points
        env.unwrapped.s = 25  # cell (2, 1)
        s_next = env.step(cliff_action)[0]
        di, dj = cu.gridworld.ACTIONS[grid_action]
        expected = (2 + di, 1 + dj)
        assert divmod(s_next, 12) == expected or (expected[0] == 3 and s_next == 36)  # the cliff sends to S
    with pytest.raises(ValueError, match="toy_text_grid knows"):
        toy_text_grid(gym.make("Taxi-v3" if "Taxi-v3" in gym.registry else "Taxi-v4"))


def test_draw_policy_and_learning_curves_draw_what_they_are_given():
    import matplotlib.pyplot as plt

    from course_utils.show.tabular_plots import draw_policy, learning_curves

    env = gym.make("CliffWalking-v1")
    ax = draw_policy(env, np.zeros(48, dtype=int), path=[36, 24, 25])
    assert len(ax.patches) >= 36  # an arrow per non-terminal cell plus coloured cells
    assert ax.lines[-1].get_xydata().tolist() == [[0, 3], [0, 2], [1, 2]]
    ax = learning_curves({"a": np.zeros((3, 20)), "b": np.ones(20)})
    assert [line.get_label() for line in ax.lines] == ["a (3 runs)", "b (1 run)"]
    plt.close("all")
