"""Dynamic programming against the textbook's tables, closed forms and invariants."""

import itertools

import gymnasium as gym
import numpy as np
import pytest
from published import SB_RANDOM

import course_utils as cu
from course_utils import dp
from course_utils.rl.gridworld import GridWorld, sutton_barto_5x5
from course_utils.rl.mdp import MDP, from_gymnasium

# Sutton & Barto (2018), Figure 3.5: v*, gamma = 0.9
SB_OPTIMAL = np.array([
    [22.0, 24.4, 22.0, 19.4, 17.5],
    [19.8, 22.0, 19.8, 17.8, 16.0],
    [17.8, 19.8, 17.8, 16.0, 14.4],
    [16.0, 17.8, 16.0, 14.4, 13.0],
    [14.4, 16.0, 14.4, 13.0, 11.7],
])
# Figure 3.5, pi*: the optimal actions of each cell (0 left, 1 down, 2 right, 3 up)
ALL = {0, 1, 2, 3}
SB_PI_STAR = [
    [{2}, ALL, {0}, ALL, {0}],
    [{2, 3}, {3}, {0, 3}, {0}, {0}],
    [{2, 3}, {3}, {0, 3}, {0, 3}, {0, 3}],
    [{2, 3}, {3}, {0, 3}, {0, 3}, {0, 3}],
    [{2, 3}, {3}, {0, 3}, {0, 3}, {0, 3}],
]


@pytest.fixture(scope="module")
def sb():
    g = sutton_barto_5x5()
    return g, g.to_mdp()


def random_mdp(S=12, A=3, gamma=0.9, seed=0):
    rng = np.random.default_rng(seed)
    P = rng.random((S, A, S)) ** 4  # uneven rows
    P /= P.sum(axis=2, keepdims=True)
    return MDP(P, rng.normal(size=(S, A)), gamma)


def test_random_policy_reproduces_figure_3_2(sb):
    g, m = sb
    pi = np.full((m.n_states, m.n_actions), 0.25)
    for res in (dp.policy_evaluation(m, pi, tol=1e-6), dp.policy_evaluation_exact(m, pi)):
        assert np.array_equal(np.round(g.grid_values(res.v), 1), SB_RANDOM)


@pytest.mark.parametrize("algorithm", ["value_iteration", "policy_iteration", "modified_policy_iteration"])
def test_optimal_values_and_policy_reproduce_figure_3_5(sb, algorithm):
    g, m = sb
    res = dp.solve(m, algorithm, tol=1e-8)
    assert np.array_equal(np.round(g.grid_values(res.v), 1), SB_OPTIMAL)
    best = dp.optimal_actions(res.q, atol=1e-6)
    for s, (i, j) in enumerate(g.cells):
        assert set(np.flatnonzero(best[s])) == SB_PI_STAR[i][j], f"cell {(i, j)}"


def test_bellman_equations_hold_at_the_solution(sb):
    _, m = sb
    tol = 1e-7
    vi = dp.value_iteration(m, tol=tol)
    assert dp.bellman_residual(m, vi.v) < tol
    pi = np.full((m.n_states, m.n_actions), 0.25)
    ev = dp.policy_evaluation(m, pi, tol=tol)
    assert dp.bellman_residual(m, ev.v, policy=pi) < tol
    # q and v agree: v(s) = max_a q(s, a) and v_pi(s) = sum_a pi(a|s) q_pi(s, a)
    assert np.allclose(vi.q.max(axis=1), vi.v, atol=tol)
    assert np.allclose((pi * ev.q).sum(axis=1), ev.v, atol=tol)


@pytest.mark.parametrize("seed", range(5))
def test_policy_iteration_equals_value_iteration(seed):
    m = random_mdp(seed=seed)
    vi = dp.value_iteration(m, tol=1e-12)
    pi = dp.policy_iteration(m)
    pi_it = dp.policy_iteration(m, evaluation="iterative", tol=1e-12)
    assert np.allclose(vi.v, pi.v, atol=1e-9) and np.allclose(pi_it.v, pi.v, atol=1e-9)
    assert np.array_equal(vi.policy, pi.policy)
    # the error bound of the stopping rule: |v - v*| <= gamma tol / (1 - gamma)
    coarse = dp.value_iteration(m, tol=1e-3)
    assert np.max(np.abs(coarse.v - pi.v)) <= 0.9 * 1e-3 / 0.1


@pytest.mark.parametrize("seed", range(3))
def test_bounds_stopping_is_within_tol_of_v_star(seed):
    m = random_mdp(S=40, A=4, gamma=0.99, seed=seed)
    v_star = dp.policy_iteration(m).v
    for tol in (1e-3, 1e-6):
        res = dp.value_iteration(m, tol=tol, stop="bounds")
        assert np.max(np.abs(res.v - v_star)) <= tol
        assert np.array_equal(res.policy, dp.policy_iteration(m).policy)
    # on a dense random MDP the bounds close long before sup-norm changes fall below tol
    assert res.iterations < dp.value_iteration(m, tol=1e-6).iterations / 10
    # with terminal states and slip (the sparse path) the bounds still hold
    g = GridWorld(["S...", ".#.H", "...G"], rewards={"G": 1, "H": -1}, slip=0.2, gamma=0.9)
    res = dp.value_iteration(g.to_mdp(), tol=1e-6, stop="bounds")
    assert np.max(np.abs(res.v - dp.policy_iteration(g.to_mdp()).v)) <= 1e-6


@pytest.mark.parametrize("k", [0, 5, 50])
def test_modified_policy_iteration(k):
    for m in (random_mdp(S=40, A=4, gamma=0.99, seed=k),
              GridWorld(["S..#", ".#.H", "...G"], rewards={"G": 1, "H": -1}, slip=0.2, gamma=0.95).to_mdp()):
        exact = dp.policy_iteration(m)
        res = dp.modified_policy_iteration(m, tol=1e-7, k=k)
        assert np.max(np.abs(res.v - exact.v)) <= 1e-7 and np.array_equal(res.policy, exact.policy)
    with pytest.raises(ValueError, match="needs gamma < 1"):
        dp.modified_policy_iteration(GridWorld(["SG"], gamma=1.0).to_mdp())
    with pytest.raises(ValueError, match="k .* must be an integer >= 0"):
        dp.modified_policy_iteration(m, k=-1)


def test_value_iteration_history_contracts_by_gamma():
    m = random_mdp(gamma=0.8, seed=7)
    res = dp.value_iteration(m, tol=1e-10)
    deltas = np.array([h["delta"] for h in res.history[1:]])
    assert len(res.history) == res.iterations + 1 and np.allclose(res.history[-1]["v"], res.v)
    assert np.all(deltas[1:] <= 0.8 * deltas[:-1] + 1e-12)  # ||Tv - Tw|| <= gamma ||v - w||


def test_policy_iteration_improves_monotonically():
    m = random_mdp(S=30, A=4, gamma=0.95, seed=3)
    res = dp.policy_iteration(m)
    values = [h["v"] for h in res.history]
    for before, after in zip(values, values[1:]):
        assert np.all(after >= before - 1e-9)  # policy improvement theorem
    assert res.history[-1]["changed"] == 0


def test_closed_forms_on_tiny_mdps():
    # one state, one action paying r forever: v = r / (1 - gamma)
    m = MDP(np.ones((1, 1, 1)), np.array([[2.0]]), 0.75)
    assert dp.value_iteration(m, tol=1e-12).v[0] == pytest.approx(8.0)
    assert dp.policy_evaluation_exact(m, [0]).v[0] == pytest.approx(8.0)
    # stay/switch chain, state 1 pays 1: optimal is "go to 1 and stay"
    P = np.zeros((2, 2, 2))
    P[0, 0, 0] = P[1, 0, 1] = P[0, 1, 1] = P[1, 1, 0] = 1
    m = MDP(P, np.array([[0.0, 0.0], [1.0, 1.0]]), 0.9)
    res = dp.policy_iteration(m)
    assert np.allclose(res.v, [0.9 / 0.1, 1 / 0.1]) and res.policy.tolist() == [1, 0]
    # corridor with -1 a step, gamma = 1: v(s) = -(distance to the goal)
    g = GridWorld(["S....G"], rewards={}, step_reward=-1.0, gamma=1.0)
    for res in (dp.value_iteration(g.to_mdp(), tol=1e-10), dp.policy_iteration(g.to_mdp())):
        assert np.allclose(res.v, [-5, -4, -3, -2, -1, 0])


def test_q_from_v_and_greedy_policy():
    m = random_mdp(S=6, A=2, seed=1)
    v = np.arange(6.0)
    q = dp.q_from_v(m, v)
    manual = np.array([[m.R[s, a] + m.gamma * sum(m.P[s, a, t] * v[t] for t in range(6))
                        for a in range(2)] for s in range(6)])
    assert np.allclose(q, manual)
    assert np.array_equal(dp.greedy_policy(m, v=v), np.argmax(manual, axis=1))


def test_max_over_actions():
    q = np.random.default_rng(0).normal(size=(7, 5))
    assert np.array_equal(dp._max_over_actions(q), q.max(axis=1))


def test_sparse_and_dense_paths_agree():
    # 24 x 24 grid: P.reshape(S*A, S) has > 1e6 entries, so value iteration goes sparse
    layout = ["." * 24] * 23 + ["." * 23 + "G"]
    m = GridWorld(layout, step_reward=-0.1, slip=0.2, gamma=0.95).to_mdp()
    assert not isinstance(dp._operator(m.P), np.ndarray)
    assert dp._operator(m.P) is dp._operator(m.P)  # converted once per MDP
    vi = dp.value_iteration(m, tol=1e-10, keep_history=False)
    exact = dp.policy_evaluation_exact(m, vi.policy)  # sparse LU (S > 500)
    assert np.allclose(vi.v, exact.v, atol=1e-8)
    P_pi = m.P[np.arange(m.n_states), vi.policy]
    live = ~m.terminal
    dense = np.linalg.solve(np.eye(live.sum()) - 0.95 * P_pi[np.ix_(live, live)], m.R[np.arange(m.n_states), vi.policy][live])
    assert np.allclose(exact.v[live], dense, atol=1e-10)


def test_frozenlake_success_probability():
    """With gamma = 1 and reward 1 at the goal, V*(start) is the best probability of ever
    reaching the goal (no step limit): 14/17 = 0.8235 on the 4x4 map. Gymnasium cuts episodes
    at 100 steps; following the same policy, the exact probability of arriving within 100 steps
    is 0.740 (0.744 for the best 100-step policy); Gymnasium's registry comments
    ``# optimum = 0.74``."""
    m = from_gymnasium(gym.make("FrozenLake-v1"), gamma=1.0)
    res = dp.value_iteration(m, tol=1e-12)
    assert res.v @ m.initial == pytest.approx(14 / 17, abs=1e-9)
    assert np.array_equal(res.policy, dp.policy_iteration(m).policy)
    P_pi = m.P[np.arange(m.n_states), res.policy]  # (S, S)
    d = m.initial.copy()
    for _ in range(100):
        d = d @ P_pi
    goal = 15
    assert d[goal] == pytest.approx(0.74, abs=0.005)
    # simulated with the real env and its TimeLimit, the same policy agrees (4-sigma band)
    env = gym.make("FrozenLake-v1")
    wins, n = 0, 2000
    for seed in range(n):
        s, _ = env.reset(seed=seed)
        done = False
        while not done:
            s, r, term, trunc, _ = env.step(int(res.policy[s]))
            done = term or trunc
        wins += r
    assert abs(wins / n - d[goal]) < 4 * np.sqrt(0.74 * 0.26 / n)


def test_gamma_one_policies_end_episodes_frozenlake_8x8():
    """With gamma = 1 every proper policy reaching G with probability 1 has value 1, and so has
    waiting forever in a safe cell's q-value: the plain greedy policy (lowest index among ties)
    never ends. The solvers must return a policy that attains V* = 1."""
    env = gym.make("FrozenLake8x8-v1")
    m = from_gymnasium(env, gamma=1.0)
    vi = dp.value_iteration(m, tol=1e-12)
    assert vi.v[0] == pytest.approx(1.0, abs=1e-9)
    with pytest.raises(ValueError, match="never reaches a terminal state"):
        dp.policy_evaluation_exact(m, dp.greedy_policy(m, q=vi.q))  # the naive extraction
    for res in (vi, dp.value_iteration(m, tol=1e-8), dp.policy_iteration(m)):
        assert dp.policy_evaluation_exact(m, res.policy).v[0] == pytest.approx(1.0, abs=1e-6)
    # Gymnasium's "optimum = 0.91" is the best success within its 200-step limit:
    # backward induction over 200 steps (the optimal policy may depend on the steps left)
    v = np.zeros(m.n_states)
    for _ in range(env.spec.max_episode_steps):
        v = dp.q_from_v(m, v).max(axis=1)
    assert round(float(v[0]), 2) == 0.91


@pytest.mark.parametrize("call, match", [
    (lambda m: dp.policy_evaluation(m, np.full((25, 4), 0.3)), "probability distributions"),
    (lambda m: dp.policy_evaluation(m, np.full((25, 4), 0.25), tol=0), "tol must be a positive"),
    (lambda m: dp.value_iteration(m, tol=-1e-3), "tol must be a positive"),
    (lambda m: dp.solve(m, "q_learning"), "algorithm must be"),
    (lambda m: dp.policy_iteration(m, evaluation="guess"), "evaluation must be"),
    (lambda m: dp.value_iteration(m, tol=1e-8, max_iter=3), "did not reach tol"),
    (lambda m: dp.value_iteration("not an mdp"), "expected a course_utils.rl.mdp.MDP"),
    (lambda m: dp.value_iteration(m, stop="span"), "stop must be"),
])
def test_bad_input(sb, call, match):
    with pytest.raises(ValueError, match=match):
        call(sb[1])


def test_gamma_one_needs_episodes_that_end():
    with pytest.raises(ValueError, match="gamma = 1 is only allowed for episodic"):
        sutton_barto_5x5(gamma=1.0).to_mdp()
    # a goal exists, but the wall-enclosed left cell can never reach it
    m = GridWorld(["S#.G"], rewards={"G": 1.0}, gamma=1.0).to_mdp()
    with pytest.raises(ValueError, match=r"never reaches a terminal state from state\(s\) \[0\]"):
        dp.value_iteration(m)
    # evaluation: a policy that walks into the edge forever has no finite-sum guarantee
    m = GridWorld(["S.G"], rewards={"G": 1.0}, gamma=1.0).to_mdp()
    with pytest.raises(ValueError, match="needs gamma < 1"):
        dp.value_iteration(m, stop="bounds")
    with pytest.raises(ValueError, match="this policy never reaches"):
        dp.policy_evaluation(m, [0, 0, 0])
    assert dp.policy_evaluation(m, [2, 2, 0]).v.tolist() == [1.0, 1.0, 0.0]



def best_proper_by_enumeration(m):
    """The exact gamma = 1 answer on a small MDP: the value of every deterministic policy that
    reaches a terminal state from every state (a proper one), and their state-wise maximum."""
    live = np.flatnonzero(~m.terminal)
    best = np.full(m.n_states, -np.inf)
    for actions in itertools.product(range(m.n_actions), repeat=live.size):
        policy = np.zeros(m.n_states, dtype=int)
        policy[live] = actions
        try:
            best = np.maximum(best, dp.policy_evaluation_exact(m, policy).v)
        except ValueError:  # improper: an episode that never ends
            continue
    return best


# gamma = 1 maps with a loop that pays nothing (the agent can bump into an edge forever)
GAMMA_ONE_MAPS = [
    (["S.H"], {"H": -1.0}, 0.0),                        # the map: v = [-1, -1, 0]
    (["S..H"], {"H": -1.0}, 0.2),                       # slipping: still a free loop
    (["GS..H"], {"G": -2.0, "H": -1.0}, 0.0),           # the lesser of two penalties
    (["S.H", ".#G"], {"H": -1.0, "G": -0.5}, 0.1),      # two dead ends, slip
    (["S.H", "..G"], {"H": -1.0, "G": 1.0}, 0.2),       # a goal worth reaching: no conflict
]


@pytest.mark.parametrize("layout, rewards, slip", GAMMA_ONE_MAPS)
def test_gamma_one_only_proper_policies_count(layout, rewards, slip):
    """At gamma = 1 every solver returns the best value over proper policies and a proper
    policy attaining it, never the 0 of wandering forever (issue 17: value iteration said 0
    with a policy that never ends, policy iteration -1)."""
    m = GridWorld(layout, rewards=rewards, slip=slip, gamma=1.0).to_mdp()
    exact = best_proper_by_enumeration(m)
    results = [dp.value_iteration(m), dp.value_iteration(m, tol=1e-12, keep_history=False),
               dp.value_iteration(m, v0=5.0 * ~m.terminal), dp.policy_iteration(m),
               dp.policy_iteration(m, evaluation="iterative"),
               dp.solve(m, "value_iteration"), dp.solve(m, "policy_iteration")]
    for res in results:
        assert np.allclose(res.v, exact, atol=1e-6), (res.algorithm, res.v, exact)
        assert np.allclose(dp.policy_evaluation_exact(m, res.policy).v, exact, atol=1e-6)
        assert np.allclose(dp.policy_evaluation(m, res.policy).v, exact, atol=1e-6)  # proper
    # the methods that need gamma < 1 refuse rather than answer differently
    for call in (lambda: dp.value_iteration(m, stop="bounds"), lambda: dp.modified_policy_iteration(m),
                 lambda: dp.solve(m, "modified_policy_iteration")):
        with pytest.raises(ValueError, match="needs gamma < 1"):
            call()
    with pytest.raises(ValueError, match=r"v0 must be 0 at terminal states .* = 5"):
        dp.value_iteration(m, v0=np.full(m.n_states, 5.0))  # they would never decay
    if layout == ["S.H"]:
        assert results[0].v.tolist() == [-1.0, -1.0, 0.0] and results[0].policy.tolist() == [2, 2, 0]


def test_gamma_one_reward_loop_has_no_best_proper_policy():
    """A loop that pays +1 a step: each proper policy could loop once more before ending, so
    none is best; both solvers say so instead of blaming a policy of their own."""
    m = GridWorld(["SA.G"], rewards={"A": 1.0, "G": 1.0}, gamma=1.0).to_mdp()
    with pytest.raises(ValueError, match="values keep growing.*no proper policy is best"):
        dp.value_iteration(m, max_iter=1000)
    with pytest.raises(ValueError, match="loop that never reaches a terminal state.*no proper policy is best"):
        dp.policy_iteration(m)


def test_value_iteration_too_slow_does_not_blame_gamma_one():
    m = sutton_barto_5x5(gamma=0.999999).to_mdp()
    with pytest.raises(ValueError, match="too slow to converge within max_iter") as err:
        dp.value_iteration(m, max_iter=1000)
    assert "gamma = 1 " not in str(err.value) and "gamma = 0.999999" in str(err.value)


def test_lazy_import():
    assert cu.dp is dp
