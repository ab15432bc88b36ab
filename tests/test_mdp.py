import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import course_utils as cu
from course_utils.rl.mdp import (
    MDP,
    MDPEnv,
    discounted_return,
    from_gymnasium,
    returns_to_go,
    rollout,
)


def chain(gamma=0.9):
    """Two states; action 0 stays, action 1 switches; being in state 1 pays 1."""
    P = np.zeros((2, 2, 2))
    P[0, 0, 0] = P[1, 0, 1] = P[0, 1, 1] = P[1, 1, 0] = 1
    return MDP(P, np.array([[0.0, 0.0], [1.0, 1.0]]), gamma)


# --- validation -----------------------------------------------------------------------

def test_valid_mdp_is_read_only_and_has_defaults():
    m = chain()
    assert (m.n_states, m.n_actions) == (2, 2)
    assert not m.terminal.any() and np.allclose(m.initial, 0.5)
    with pytest.raises(ValueError):
        m.P[0, 0, 0] = 0.5  # arrays are frozen


@pytest.mark.parametrize("P_shape, R_shape, match", [
    ((2, 2), (2, 2), r"P must have shape \(S, A, S\)"),
    ((2, 2, 3), (2, 2), r"P must have shape \(S, A, S\)"),
    ((2, 2, 2), (2, 3), r"R must have shape \(S, A\) = \(2, 2\)"),
])
def test_wrong_shapes(P_shape, R_shape, match):
    P = np.ones(P_shape) / P_shape[-1]
    with pytest.raises(ValueError, match=match):
        MDP(P, np.zeros(R_shape), 0.9)


def test_negative_probability_named():
    P = np.array([[[1.2, -0.2]], [[0.0, 1.0]]])
    with pytest.raises(ValueError, match=r"P must be non-negative, got P\(0, 0, 1\) = -0.2"):
        MDP(P, np.zeros((2, 1)), 0.9)


def test_rows_must_sum_to_one_with_tolerance():
    P = np.array([[[0.5, 0.4]], [[0.0, 1.0]]])
    with pytest.raises(ValueError, match=r"sum\(P\[0, 0, :\]\) = 0.9"):
        MDP(P, np.zeros((2, 1)), 0.9)
    P_ok = np.array([[[0.5, 0.5 + 1e-9]], [[0.0, 1.0]]])
    MDP(P_ok, np.zeros((2, 1)), 0.9)  # within tolerance


def test_nan_reward_named():
    R = np.array([[0.0, np.nan], [1.0, 1.0]])
    with pytest.raises(ValueError, match=r"R must be finite \(no NaN or inf\), got R\(0, 1\) = nan"):
        MDP(chain().P, R, 0.9)


@pytest.mark.parametrize("gamma", [-0.1, 1.5, float("nan"), "0.9", True])
def test_gamma_out_of_range(gamma):
    with pytest.raises(ValueError, match="gamma must be"):
        MDP(chain().P, chain().R, gamma)


def test_gamma_one_only_for_episodic():
    with pytest.raises(ValueError, match="gamma = 1 is only allowed for episodic MDPs"):
        MDP(chain().P, chain().R, 1.0)
    P = np.zeros((2, 1, 2))
    P[0, 0, 1] = P[1, 0, 1] = 1
    m = MDP(P, np.array([[1.0], [0.0]]), 1.0, terminal=[False, True])
    assert m.gamma == 1.0


def test_terminal_must_be_absorbing_with_zero_reward():
    P = np.zeros((2, 1, 2))
    P[0, 0, 1] = P[1, 0, 0] = 1
    with pytest.raises(ValueError, match="terminal state 1 must be absorbing"):
        MDP(P, np.zeros((2, 1)), 0.9, terminal=[False, True])


def test_R_sas_must_match_expectation():
    P = np.array([[[0.5, 0.5]], [[0.0, 1.0]]])
    R_sas = np.array([[[0.0, 2.0]], [[0.0, 0.0]]])
    m = MDP.from_transitions(P, R_sas, 0.9)
    assert m.R[0, 0] == 1.0 and m.reward(0, 0, 1) == 2.0
    with pytest.raises(ValueError, match="R must equal the expectation of R_sas"):
        MDP(P, np.zeros((2, 1)), 0.9, R_sas=R_sas)


# --- returns ----------------------------------------------------------------------------

@pytest.mark.parametrize("gamma", [0.0, 0.5, 0.9, 0.99])
def test_constant_reward_stream_tends_to_r_over_one_minus_gamma(gamma):
    r = 2.5
    G = discounted_return(np.full(5_000, r), gamma)
    assert G == pytest.approx(r / (1 - gamma), rel=1e-9)


def test_returns_to_go_recursion_and_first_element():
    rng = np.random.default_rng(0)
    rewards, gamma = rng.normal(size=50), 0.93
    G = returns_to_go(rewards, gamma)
    assert G[0] == pytest.approx(discounted_return(rewards, gamma))
    assert np.allclose(G[:-1], rewards[:-1] + gamma * G[1:])  # G_t = r_t + gamma G_{t+1}
    assert G[-1] == rewards[-1]


def test_return_bad_input():
    with pytest.raises(ValueError, match="gamma must be in"):
        discounted_return([1, 2], 2.0)
    with pytest.raises(ValueError, match="1-D"):
        discounted_return(np.ones((2, 2)), 0.5)


# --- policies and rollouts ----------------------------------------------------------------

def test_policy_validation():
    m = chain()
    with pytest.raises(ValueError, match="probability distributions"):
        rollout(m, np.array([[0.5, 0.6], [1.0, 0.0]]))
    with pytest.raises(ValueError, match=r"actions in 0..1"):
        rollout(m, np.array([0, 2]))
    with pytest.raises(ValueError, match="policy must have shape"):
        rollout(m, np.ones(3, dtype=int))


def test_rollout_frequencies_match_P():
    # slippery FrozenLake, state 0, action "right": empirical next-state frequencies match P[0, 2]
    m = from_gymnasium(gym.make("FrozenLake-v1"), gamma=0.9)
    rng = np.random.default_rng(0)
    n = 6_000
    counts = np.zeros(m.n_states)
    for _ in range(n):
        ep = rollout(m, np.full(16, 2), rng=rng, s0=0, max_steps=2)
        assert ep.states[0] == 0 and len(ep) == 2  # no state next to 0 is terminal
        counts[ep.states[1]] += 1
    assert np.allclose(counts / n, m.P[0, 2], atol=4 * np.sqrt(0.25 / n))


def test_rollout_is_seeded():
    m = chain()
    a = rollout(m, np.full((2, 2), 0.5), rng=7, max_steps=20)
    b = rollout(m, np.full((2, 2), 0.5), rng=7, max_steps=20)
    assert np.array_equal(a.states, b.states) and np.array_equal(a.rewards, b.rewards)
    assert len(a) == 20 and not a.terminated


# --- Gymnasium conversion ----------------------------------------------------------------

@pytest.mark.parametrize("env_id, kwargs", [
    ("FrozenLake-v1", {}),
    ("FrozenLake-v1", {"map_name": "8x8"}),
    ("FrozenLake-v1", {"is_slippery": False}),
    ("CliffWalking-v1", {}),
    ("Taxi-v4", {}),
])
def test_from_gymnasium_matches_env_model(env_id, kwargs):
    env = gym.make(env_id, **kwargs)
    model = env.unwrapped.P
    m = from_gymnasium(env, gamma=0.95)
    assert m.P.shape == (env.observation_space.n, env.action_space.n, env.observation_space.n)
    assert np.allclose(m.P.sum(axis=2), 1.0)
    for s in range(m.n_states):
        for a in range(m.n_actions):
            if m.terminal[s]:
                assert m.P[s, a, s] == 1.0 and m.R[s, a] == 0.0
                continue
            # independent re-computation from the env's own table
            p = np.zeros(m.n_states)
            r = 0.0
            for prob, nxt, reward, _ in model[s][a]:
                p[nxt] += prob
                r += prob * reward
            assert np.allclose(m.P[s, a], p)
            assert m.R[s, a] == pytest.approx(r)


def test_frozenlake_terminals_and_cliff_reward():
    fl = from_gymnasium(gym.make("FrozenLake-v1"), gamma=0.9)
    assert sorted(np.flatnonzero(fl.terminal)) == [5, 7, 11, 12, 15]  # 4 holes + goal
    assert fl.initial[0] == 1.0
    cw = from_gymnasium(gym.make("CliffWalking-v1"), gamma=0.9)
    assert list(np.flatnonzero(cw.terminal)) == [47]
    # stepping right from the start (36) falls off the cliff: -100, back to the start
    assert cw.R[36, 1] == -100 and cw.P[36, 1, 36] == 1.0


def test_from_gymnasium_rejects_envs_without_model():
    with pytest.raises(ValueError, match="CartPoleEnv has no transition model"):
        from_gymnasium(gym.make("CartPole-v1"))


def test_mdp_env_round_trip_and_checker():
    m = from_gymnasium(gym.make("FrozenLake-v1"), gamma=0.9)
    env = MDPEnv(m, max_steps=50)
    check_env(env, skip_render_check=True)
    back = from_gymnasium(env, gamma=0.9)
    assert np.allclose(back.P, m.P) and np.allclose(back.R, m.R)
    assert np.array_equal(back.terminal, m.terminal)


def test_mdp_env_truncates_but_does_not_terminate_at_time_limit():
    env = MDPEnv(chain(), max_steps=3)
    env.reset(seed=0)
    flags = [env.step(0)[2:4] for _ in range(3)]
    assert flags == [(False, False), (False, False), (False, True)]
    with pytest.raises(ValueError, match="action must be in 0..1"):
        env.step(5)


def test_package_exposes_mdp():
    assert cu.mdp.MDP is MDP
