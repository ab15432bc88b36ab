"""Using and checking tabular results: the pieces :mod:`course_utils.rl.tabular` builds on.

* evaluate a deterministic policy by simulation (:func:`evaluate_policy`) or exactly within a
  step limit (:func:`finite_horizon_value`), and follow it (:func:`greedy_path`);
* the ε-greedy policy of a table as probabilities and the best ε-greedy policy of a known MDP
  (:func:`epsilon_soft_optimum`: where chapter 3 checks that SARSA with a fixed ε settles);
* Sutton & Barto's random walk (:func:`random_walk`), the test bed of TD(0);
* input checks shared with the learners (discrete spaces, ranges).

Everything public here is also available as ``cu.tabular.<name>``.

>>> import gymnasium as gym
>>> greedy_path(gym.make("FrozenLake-v1", is_slippery=False), [1, 2, 1, 0, 1, 0, 1, 0, 2, 1, 1, 0, 0, 2, 2, 0]).total_return
1.0
"""

from __future__ import annotations

from dataclasses import dataclass

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from .._core import check_int as _check_int
from .._core import check_real as _check_real
from .mdp import MDP, MDPEnv

__all__ = ["epsilon_greedy_probs", "epsilon_soft_optimum", "random_walk", "evaluate_policy",
           "finite_horizon_value", "Path", "greedy_path"]


def _discrete_env(env) -> tuple[gym.Env, int, int, int, int]:
    """Accept an env, an env id or an :class:`MDP`; return it with (S, A, state offset, action offset)."""
    if isinstance(env, str):
        env = gym.make(env)
    elif isinstance(env, MDP):
        env = MDPEnv(env)
    obs_space, act_space = getattr(env, "observation_space", None), getattr(env, "action_space", None)
    for name, space in (("observation", obs_space), ("action", act_space)):
        if not isinstance(space, spaces.Discrete):
            raise ValueError(
                f"tabular methods need a Discrete {name} space, got {space!r}; "
                "use a toy-text env (FrozenLake, CliffWalking, Taxi) or a function approximator (DQN)"
            )
    return env, int(obs_space.n), int(act_space.n), int(obs_space.start), int(act_space.start)



def epsilon_greedy_probs(q, epsilon: float) -> np.ndarray:
    """The ε-greedy policy of a table as probabilities ``pi[s, a]``, shape ``(S, A)``.

    Every action gets ε/A; the remaining 1 − ε is split among the greedy (tied) actions.

    >>> epsilon_greedy_probs([[0.0, 1.0], [2.0, 2.0]], 0.2).tolist()
    [[0.1, 0.9], [0.5, 0.5]]
    """
    _check_real("epsilon", epsilon, 0.0, 1.0, "[0, 1]")
    q = np.asarray(q, dtype=float)
    if q.ndim != 2:
        raise ValueError(f"q must have shape (S, A), got {q.shape}")
    best = q >= q.max(axis=1, keepdims=True) - 1e-12  # (S, A) greedy actions, ties included
    return epsilon / q.shape[1] + (1.0 - epsilon) * best / best.sum(axis=1, keepdims=True)


def epsilon_soft_optimum(mdp: MDP, epsilon: float, max_iter: int = 1_000):
    r"""The best ε-greedy policy of a known MDP: where SARSA with a fixed ε is expected to settle.

    Policy iteration restricted to ε-greedy policies (Sutton & Barto §5.4): evaluate
    :math:`\pi` exactly, make it ε-greedy with respect to its own :math:`Q^\pi`, repeat until
    the greedy actions stop changing. Q-learning instead converges to :math:`Q^*`.

    Returns:
        ``(q, policy)``: :math:`Q^\pi` of the best ε-greedy policy ``(S, A)`` and its greedy actions ``(S,)``.

    Example:
        >>> import gymnasium as gym
        >>> from course_utils.rl.mdp import from_gymnasium
        >>> m = from_gymnasium(gym.make("CliffWalking-v1"), gamma=1.0)
        >>> q, policy = epsilon_soft_optimum(m, 0.1)
        >>> greedy_path(gym.make("CliffWalking-v1"), policy).total_return   # two rows above the cliff
        -15.0
    """
    from . import dp
    _check_real("epsilon", epsilon, 0.0, 1.0, "[0, 1]")
    greedy = dp.value_iteration(mdp, tol=1e-10).policy  # start from the greedy optimum
    for _ in range(max_iter):
        q = dp.policy_evaluation_exact(mdp, epsilon_greedy_probs(np.eye(mdp.n_actions)[greedy], epsilon)).q
        improved = dp.greedy_policy(mdp, q=q)
        if np.array_equal(improved, greedy):
            return q, greedy
        greedy = improved
    raise ValueError(f"epsilon-soft policy iteration did not settle in {max_iter} iterations")


def random_walk(n: int = 5) -> MDP:
    """Sutton & Barto's random walk (Example 6.2): states ``0 .. n+1``, the ends terminal.

    Every episode starts in the middle; the single action moves left or right with
    probability 1/2; stepping onto the right end pays 1, everything else 0. With
    ``gamma = 1`` the true values of the inner states are ``1/(n+1), ..., n/(n+1)``.

    >>> random_walk().n_states
    7
    """
    _check_int("n", n, 1)
    S = n + 2
    P = np.zeros((S, 1, S))
    R_sas = np.zeros((S, 1, S))
    P[0, 0, 0] = P[S - 1, 0, S - 1] = 1.0
    for s in range(1, S - 1):
        P[s, 0, s - 1] = P[s, 0, s + 1] = 0.5
    R_sas[S - 2, 0, S - 1] = 1.0
    initial = np.zeros(S)
    initial[S // 2] = 1.0
    names = ["left end", *(chr(ord("A") + i) for i in range(n)), "right end"]
    terminal = np.zeros(S, dtype=bool)
    terminal[[0, S - 1]] = True
    return MDP.from_transitions(P, R_sas, 1.0, terminal=terminal, initial=initial, state_names=names)


# --- using a learned policy -----------------------------------------------------------------

def evaluate_policy(env, policy, episodes: int = 1_000, seed: int = 0) -> np.ndarray:
    """Undiscounted returns of ``episodes`` episodes of a deterministic ``policy`` (shape ``(S,)``).

    On FrozenLake the mean return is the success rate (the env's time limit applies).

    >>> import gymnasium as gym
    >>> evaluate_policy(gym.make("FrozenLake-v1", is_slippery=False), [1, 2, 1, 0, 1, 0, 1, 0,
    ...                 2, 1, 1, 0, 0, 2, 2, 0], episodes=3).tolist()
    [1.0, 1.0, 1.0]
    """
    env, S, A, s_off, a_off = _discrete_env(env)
    _check_int("episodes", episodes, 1)
    pi = _deterministic(policy, S, A)
    returns = np.zeros(episodes)
    for episode in range(episodes):
        obs, _ = env.reset(seed=seed if episode == 0 else None)
        G, done = 0.0, False
        while not done:
            obs, r, terminated, truncated, _ = env.step(pi[int(obs) - s_off] + a_off)
            G += r
            done = terminated or truncated
        returns[episode] = G
    return returns


def finite_horizon_value(mdp: MDP, policy, horizon: int, gamma: float = 1.0) -> np.ndarray:
    r"""Exact expected return of a deterministic policy within ``horizon`` steps, from each state.

    Backward induction :math:`v_{k+1} = R_\pi + \gamma P_\pi v_k`, :math:`v_0 = 0`: the
    success probability within the time limit on FrozenLake (``gamma = 1``).

    >>> import gymnasium as gym
    >>> from course_utils.rl.mdp import from_gymnasium
    >>> m = from_gymnasium(gym.make("FrozenLake-v1", is_slippery=False))
    >>> finite_horizon_value(m, [1, 2, 1, 0, 1, 0, 1, 0, 2, 1, 1, 0, 0, 2, 2, 0], horizon=6)[0]
    np.float64(1.0)
    """
    _check_int("horizon", horizon, 0)
    pi = _deterministic(policy, mdp.n_states, mdp.n_actions)
    rows = np.arange(mdp.n_states)
    P_pi, R_pi = mdp.P[rows, pi], mdp.R[rows, pi]  # (S, S), (S,)
    v = np.zeros(mdp.n_states)
    for _ in range(horizon):
        v = R_pi + gamma * P_pi @ v
    return v


@dataclass
class Path:
    """The states visited by following a policy, with the return collected."""

    states: list[int]
    actions: list[int]
    total_return: float
    terminated: bool


def greedy_path(env, policy, max_steps: int = 200, seed: int = 0) -> Path:
    """Follow a deterministic ``policy`` from ``reset`` (one episode, at most ``max_steps`` steps).

    On a deterministic env such as CliffWalking this is *the* path the policy takes.
    """
    env, S, A, s_off, a_off = _discrete_env(env)
    pi = _deterministic(policy, S, A)
    obs, _ = env.reset(seed=seed)
    states, actions, G, terminated = [int(obs) - s_off], [], 0.0, False
    for _ in range(max_steps):
        a = pi[states[-1]]
        obs, r, terminated, truncated, _ = env.step(a + a_off)
        actions.append(a)
        states.append(int(obs) - s_off)
        G += r
        if terminated or truncated:
            break
    return Path(states, actions, float(G), bool(terminated))


def _deterministic(policy, S: int, A: int) -> list[int]:
    pi = np.asarray(policy)
    if pi.shape != (S,) or not np.issubdtype(pi.dtype, np.integer) or (pi < 0).any() or (pi >= A).any():
        raise ValueError(f"policy must be {S} actions in 0..{A - 1}, got {np.asarray(policy)!r}")
    return [int(a) for a in pi]
