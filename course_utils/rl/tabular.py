# Over 300 lines on purpose: one concept, tabular TD learning — Q-learning, SARSA and TD(0)
# share one config, one episode log and one control loop (_control), which is the lesson
# (the two algorithms differ in one line of the target). Exact evaluation of the learned
# policies already lives in tabular_eval.
r"""Tabular temporal-difference learning: TD(0), Q-learning and SARSA.

Dynamic programming needs the model :math:`P[s, a, s']`. These algorithms learn from
sampled transitions :math:`(s, a, r, s')` alone, on any Gymnasium env whose observation
and action spaces are ``Discrete`` (FrozenLake, CliffWalking, Taxi, our gridworlds):

* **TD(0)** evaluates a fixed policy: :math:`V(s) \leftarrow V(s) + \alpha\,[r + \gamma V(s') - V(s)]`;
* **Q-learning** (off-policy control) bootstraps on the greedy action:
  :math:`Q(s,a) \leftarrow Q(s,a) + \alpha\,[r + \gamma \max_{a'} Q(s',a') - Q(s,a)]`;
* **SARSA** (on-policy control) bootstraps on the action it will actually take,
  :math:`a' \sim \varepsilon\text{-greedy}(Q(s', \cdot))`: target :math:`r + \gamma Q(s', a')`.

The bracket is the TD error :math:`\delta`. When an episode **terminates** the target is
:math:`r` alone (there is no future); when it is **truncated** by a time limit the
target still bootstraps, because the state itself was not terminal.

The inner loops run over environment steps in plain Python; Q is a list of lists of
floats while learning (numpy scalar indexing costs more than the update itself) and a
``(S, A)`` array in the result. Helpers to evaluate and follow a learned policy, the random
walk and SARSA's exact limit live in :mod:`course_utils.rl.tabular_eval` and are re-exported here.

>>> import gymnasium as gym
>>> result = q_learning(gym.make("FrozenLake-v1", is_slippery=False), episodes=300, seed=0)
>>> result.q.shape, result.policy.shape
((16, 4), (16,))
>>> greedy_path(gym.make("FrozenLake-v1", is_slippery=False), result.policy).total_return
1.0
"""

from __future__ import annotations

import bisect
import dataclasses
import random
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from .._core import check_int as _check_int
from .._core import check_real as _check_real
from .._core import preset
from .dp import greedy_policy
from .mdp import MDP
from .tabular_eval import (  # noqa: F401  (re-exported: cu.tabular.<name>)
    Path,
    _discrete_env,
    epsilon_greedy_probs,
    epsilon_soft_optimum,
    evaluate_policy,
    finite_horizon_value,
    greedy_path,
    random_walk,
)

__all__ = [
    "TabularConfig",
    "HISTORY_KEYS",
    "QResult",
    "TDResult",
    "Path",
    "epsilon_greedy",
    "epsilon_greedy_probs",
    "td_update",
    "epsilon_soft_optimum",
    "q_learning",
    "sarsa",
    "td0_evaluation",
    "random_walk",
    "evaluate_policy",
    "finite_horizon_value",
    "greedy_path",
]


@dataclass(frozen=True)
class TabularConfig:
    """Hyperparameters of TD(0), Q-learning and SARSA (the defaults learn small toy-text envs)."""

    PRESETS: ClassVar[dict[str, dict]] = {
        "smoke": dict(episodes=3_000, snapshot_every=100),
        "standard": dict(episodes=20_000, snapshot_every=250),
        "full": dict(episodes=50_000, snapshot_every=250),
    }
    """budget -> settings of chapter 03's long run (Q-learning on the slippery FrozenLake 4x4)."""

    episodes: int = 5_000
    """Number of training episodes."""
    alpha: float = 0.1
    """Step size :math:`\\alpha \\in (0, 1]` (the first step size when ``alpha_power > 0``)."""
    gamma: float | None = None
    """Discount factor :math:`\\gamma \\in [0, 1]`; ``None``: the MDP's own γ when the env is an
    :class:`~course_utils.rl.mdp.MDPEnv` (or an MDP is given), else 0.99."""
    epsilon: float = 0.1
    """Exploration rate :math:`\\varepsilon \\in [0, 1]` of the ε-greedy behaviour policy (ignored by TD(0))."""
    epsilon_final: float | None = None
    """If set, ε decays linearly from ``epsilon`` to this value over the first ``epsilon_decay`` of the episodes."""
    epsilon_decay: float = 0.5
    """Fraction of the episodes over which ε decays, in ``(0, 1]``."""
    alpha_power: float = 0.0
    """Per-pair step sizes :math:`\\alpha_n(s,a) = \\alpha / n^{\\omega}` after ``n`` visits of ``(s, a)``; ``0`` keeps
    α constant, ``ω ∈ (0.5, 1]`` satisfies the Robbins–Monro conditions of the convergence theorems."""
    q_init: float = 0.0
    """Initial value of every Q(s, a) (or V(s)); optimistic values encourage exploration."""
    max_steps: int | None = None
    """Cut an episode after this many steps (a truncation: the target still bootstraps); ``None`` leaves
    it to the env's own time limit."""
    snapshot_every: int = 0
    """Store a copy of the table every this many episodes (``0``: never), for convergence plots."""
    seed: int = 0
    """Seeds the agent's random choices and the env's first ``reset``."""

    def __post_init__(self) -> None:
        _check_int("episodes", self.episodes, 1)
        _check_real("alpha", self.alpha, 0.0, 1.0, "(0, 1]", open_low=True)
        if self.gamma is not None:
            _check_real("gamma", self.gamma, 0.0, 1.0, "[0, 1]")
        _check_real("epsilon", self.epsilon, 0.0, 1.0, "[0, 1]")
        if self.epsilon_final is not None:
            _check_real("epsilon_final", self.epsilon_final, 0.0, 1.0, "[0, 1]")
        _check_real("epsilon_decay", self.epsilon_decay, 0.0, 1.0, "(0, 1]", open_low=True)
        _check_real("alpha_power", self.alpha_power, 0.0, 1.0, "[0, 1]")
        _check_real("q_init", self.q_init, -np.inf, np.inf, "a finite number")
        if self.max_steps is not None:
            _check_int("max_steps", self.max_steps, 1)
        _check_int("snapshot_every", self.snapshot_every, 0)
        _check_int("seed", self.seed, 0)

    @classmethod
    def preset(cls, budget: str | None = None, **overrides) -> TabularConfig:
        """Chapter 03's long run per budget (``None``: the current ``COURSE_BUDGET``), from
        :attr:`PRESETS`; keyword overrides win.

        >>> TabularConfig.preset("smoke", alpha=0.2).episodes, TabularConfig.preset("full").episodes
        (3000, 50000)
        """
        return preset(cls, cls.PRESETS, budget, **overrides)

    def epsilon_at(self, episode: int) -> float:
        """ε used in ``episode`` (0-based) under the linear decay schedule.

        >>> TabularConfig(episodes=10, epsilon=1.0, epsilon_final=0.0, epsilon_decay=0.5).epsilon_at(1)
        0.8
        """
        if self.epsilon_final is None:
            return float(self.epsilon)
        span = max(1.0, self.epsilon_decay * self.episodes)
        frac = min(1.0, episode / span)
        return float(self.epsilon + frac * (self.epsilon_final - self.epsilon))


#: What each per-episode curve of a tabular ``history`` holds (every array has shape ``(episodes,)``).
HISTORY_KEYS = {
    "returns": "undiscounted sum of the rewards collected (the online return, exploration included)",
    "lengths": "steps in the episode",
    "td_errors": "mean absolute TD error |δ| over the episode's updates",
    "terminated": "whether the episode reached a terminal state (else it was truncated)",
}


@dataclass
class QResult:
    """What Q-learning and SARSA return."""

    q: np.ndarray
    """Learned action values, shape ``(S, A)``."""
    policy: np.ndarray
    """Greedy policy ``argmax_a q[s, a]``, shape ``(S,)`` (ties: the lowest action)."""
    history: dict[str, np.ndarray]
    """Per-episode curves, each of shape ``(episodes,)``: see :data:`HISTORY_KEYS`."""
    visits: np.ndarray
    """Updates made to each ``(s, a)``, shape ``(S, A)``."""
    snapshot_episodes: np.ndarray
    """Episodes (count completed) at which ``snapshots`` were taken, shape ``(K,)``."""
    snapshots: np.ndarray
    """Copies of ``q`` during training, shape ``(K, S, A)``."""
    config: TabularConfig = field(repr=False)

    @property
    def v(self) -> np.ndarray:
        """Greedy state values ``max_a q[s, a]``, shape ``(S,)``."""
        return self.q.max(axis=1)


@dataclass
class TDResult:
    """What TD(0) policy evaluation returns."""

    v: np.ndarray
    """Estimated state values of the policy, shape ``(S,)``."""
    history: dict[str, np.ndarray]
    """Per-episode curves, each of shape ``(episodes,)``: see :data:`HISTORY_KEYS`."""
    snapshot_episodes: np.ndarray
    snapshots: np.ndarray
    """Copies of ``v``, shape ``(K, S)``."""
    config: TabularConfig = field(repr=False)


class _EpisodeLog:
    """Per-episode curves and table snapshots, shared by the control and prediction loops."""

    def __init__(self, cfg: TabularConfig):
        E = cfg.episodes
        self.every = cfg.snapshot_every
        self.returns, self.lengths, self.td_errors = np.zeros(E), np.zeros(E, dtype=int), np.zeros(E)
        self.terminated = np.zeros(E, dtype=bool)
        self.snap_eps: list[int] = []
        self.snaps: list[np.ndarray] = []

    def end_episode(self, episode: int, G: float, t: int, abs_delta: float, terminated: bool, table):
        self.returns[episode], self.lengths[episode] = G, t
        self.td_errors[episode] = abs_delta / t
        self.terminated[episode] = bool(terminated)
        if self.every and (episode + 1) % self.every == 0:
            self.snap_eps.append(episode + 1)
            self.snaps.append(np.array(table))

    def history(self) -> dict[str, np.ndarray]:
        return {"returns": self.returns, "lengths": self.lengths, "td_errors": self.td_errors,
                "terminated": self.terminated}

    def snapshot_episodes(self) -> np.ndarray:
        return np.array(self.snap_eps, dtype=int)

    def snapshots(self, shape: tuple[int, ...]) -> np.ndarray:
        return np.array(self.snaps).reshape(len(self.snaps), *shape)


# --- the pieces ---------------------------------------------------------------------------

def epsilon_greedy(q_s, epsilon: float, rng: random.Random) -> int:
    """Pick an action: uniformly at random with probability ε, else a greedy one (ties at random).

    Args:
        q_s: the action values of one state, a sequence of length ``A``.
        epsilon: exploration rate in ``[0, 1]``.
        rng: a :class:`random.Random` (Python's generator: much cheaper per call than numpy's).

    Example:
        >>> import random
        >>> rng = random.Random(0)
        >>> sorted({epsilon_greedy([1.0, 3.0, 3.0], 0.0, rng) for _ in range(50)})
        [1, 2]
    """
    if rng.random() < epsilon:
        return rng.randrange(len(q_s))
    best = max(q_s)
    ties = [a for a, value in enumerate(q_s) if value == best]
    return ties[0] if len(ties) == 1 else rng.choice(ties)


def td_update(q_sa: float, reward: float, q_next, alpha: float, gamma: float, terminated: bool = False,
              algorithm: str = "q_learning", next_action: int | None = None) -> float:
    r"""One TD update of a single table entry, as written in the lecture (the learners inline it).

    ``q_next`` are the values :math:`Q(s', \cdot)` (a sequence), or :math:`V(s')` (a number) for
    ``algorithm="td0"``; SARSA also needs ``next_action`` :math:`a'`. A terminated transition
    has target :math:`r`.

    Example:
        >>> td_update(0.5, -1.0, [0.0, 2.0], alpha=0.1, gamma=0.9)   # 0.5 + 0.1 * (-1 + 0.9 * 2 - 0.5)
        0.53
        >>> td_update(0.5, -1.0, [0.0, 2.0], 0.1, 0.9, algorithm="sarsa", next_action=0)
        0.35
    """
    _check_real("alpha", alpha, 0.0, 1.0, "(0, 1]", open_low=True)
    _check_real("gamma", gamma, 0.0, 1.0, "[0, 1]")
    if algorithm == "td0":
        bootstrap = float(q_next)
    elif algorithm == "q_learning":
        bootstrap = max(float(x) for x in q_next)
    elif algorithm == "sarsa":
        values = [float(x) for x in q_next]
        if next_action is None or not 0 <= int(next_action) < len(values):
            raise ValueError(f"sarsa needs next_action in 0..{len(values) - 1}, got {next_action!r}")
        bootstrap = values[int(next_action)]
    else:
        raise ValueError(f"algorithm must be 'q_learning', 'sarsa' or 'td0', got {algorithm!r}")
    target = reward if terminated else reward + gamma * bootstrap
    return round(q_sa + alpha * (target - q_sa), 12)


def _make_config(config: TabularConfig | None, overrides: dict) -> TabularConfig:
    if config is None:
        config = TabularConfig()
    elif not isinstance(config, TabularConfig):
        raise ValueError(f"config must be a TabularConfig or None, got {type(config).__name__}")
    unknown = set(overrides) - {f.name for f in dataclasses.fields(TabularConfig)}
    if unknown:
        raise ValueError(f"unknown TabularConfig field(s) {sorted(unknown)}")
    return dataclasses.replace(config, **overrides) if overrides else config


def _with_gamma(cfg: TabularConfig, env) -> TabularConfig:
    """``cfg`` with ``gamma`` resolved: the env's MDP γ (an MDPEnv), else 0.99."""
    if cfg.gamma is not None:
        return cfg
    mdp = getattr(getattr(env, "unwrapped", env), "mdp", None)
    return dataclasses.replace(cfg, gamma=float(mdp.gamma) if isinstance(mdp, MDP) else 0.99)


# --- control: Q-learning and SARSA ---------------------------------------------------------

def q_learning(env, config: TabularConfig | None = None, **overrides) -> QResult:
    r"""Watkins' Q-learning: off-policy TD control with an ε-greedy behaviour policy.

    Update after each step :math:`(s, a, r, s')`:
    :math:`Q(s,a) \leftarrow Q(s,a) + \alpha\,[\,r + \gamma \max_{a'} Q(s',a')\,(1-\text{terminated}) - Q(s,a)\,]`.

    Args:
        env: a Gymnasium env with ``Discrete`` observation and action spaces, an env id,
            or a :class:`~course_utils.rl.mdp.MDP` (sampled through :class:`~course_utils.rl.mdp.MDPEnv`).
        config: a :class:`TabularConfig` (``None``: the defaults).
        **overrides: config fields to replace, e.g. ``alpha=0.5``.

    Returns:
        :class:`QResult` with ``q``, ``policy``, ``history`` (per episode), ``visits`` and ``snapshots``.

    Raises:
        ValueError: for non-discrete spaces or out-of-range hyperparameters.

    Example:
        >>> import gymnasium as gym
        >>> r = q_learning(gym.make("CliffWalking-v1"), episodes=200, alpha=0.5, epsilon=0.1, gamma=1.0)
        >>> r.history["returns"].shape, bool(r.history["terminated"].all())
        ((200,), True)
    """
    return _control(env, _make_config(config, overrides), on_policy=False)


def sarsa(env, config: TabularConfig | None = None, **overrides) -> QResult:
    r"""SARSA: on-policy TD control; it bootstraps on the action it will take next.

    Update after each step :math:`(s, a, r, s', a')`, with :math:`a'` drawn ε-greedily:
    :math:`Q(s,a) \leftarrow Q(s,a) + \alpha\,[\,r + \gamma\, Q(s',a')\,(1-\text{terminated}) - Q(s,a)\,]`.
    Arguments and result as :func:`q_learning`.

    Example:
        >>> import gymnasium as gym
        >>> r = sarsa(gym.make("CliffWalking-v1"), episodes=100, alpha=0.5, gamma=1.0)
        >>> r.q.shape
        (48, 4)
    """
    return _control(env, _make_config(config, overrides), on_policy=True)


def _control(env, cfg: TabularConfig, on_policy: bool) -> QResult:
    env, S, A, s_off, a_off = _discrete_env(env)
    cfg = _with_gamma(cfg, env)
    rng = random.Random(cfg.seed)
    Q = [[float(cfg.q_init)] * A for _ in range(S)]  # Q[s][a], plain floats: fast to index
    n = [[0] * A for _ in range(S)]  # visits of (s, a)
    gamma, alpha, power = float(cfg.gamma), float(cfg.alpha), float(cfg.alpha_power)
    max_steps = cfg.max_steps or float("inf")
    log = _EpisodeLog(cfg)
    for episode in range(cfg.episodes):
        epsilon = cfg.epsilon_at(episode)
        obs, _ = env.reset(seed=cfg.seed if episode == 0 else None)
        s = int(obs) - s_off
        a = epsilon_greedy(Q[s], epsilon, rng)
        G, abs_delta, t = 0.0, 0.0, 0
        while True:
            obs, r, terminated, truncated, _ = env.step(a + a_off)
            s_next = int(obs) - s_off
            t += 1
            q_next = Q[s_next]
            if on_policy:  # SARSA: the next action is chosen now and then taken
                a_next = epsilon_greedy(q_next, epsilon, rng)
                target = r if terminated else r + gamma * q_next[a_next]
            else:  # Q-learning: bootstrap on the greedy value, act ε-greedily afterwards
                target = r if terminated else r + gamma * max(q_next)
            q_s = Q[s]
            delta = target - q_s[a]  # the TD error
            if power:
                n_sa = n[s][a] = n[s][a] + 1
                q_s[a] += alpha / n_sa**power * delta
            else:
                n[s][a] += 1
                q_s[a] += alpha * delta
            G += r
            abs_delta += abs(delta)
            if terminated or truncated or t >= max_steps:
                break
            s = s_next
            a = a_next if on_policy else epsilon_greedy(q_next, epsilon, rng)
        log.end_episode(episode, G, t, abs_delta, terminated, Q)
    q = np.array(Q)  # (S, A)
    return QResult(
        q=q, policy=greedy_policy(q=q),
        history=log.history(), visits=np.array(n, dtype=int),
        snapshot_episodes=log.snapshot_episodes(), snapshots=log.snapshots((S, A)), config=cfg,
    )


# --- prediction: TD(0) ---------------------------------------------------------------------

def td0_evaluation(env, policy, config: TabularConfig | None = None, **overrides) -> TDResult:
    r"""TD(0) evaluation of a fixed policy: :math:`V(s) \leftarrow V(s) + \alpha\,[r + \gamma V(s') - V(s)]`.

    Args:
        env: as for :func:`q_learning`.
        policy: deterministic actions, shape ``(S,)``, or probabilities ``pi[s, a]``, shape ``(S, A)``.
        config: a :class:`TabularConfig`; ``epsilon`` is not used.

    Example:
        Sutton & Barto's random walk (Example 6.2) has true values 1/6, ..., 5/6.

        >>> r = td0_evaluation(random_walk(), [0] * 7, episodes=2_000, alpha=0.02, gamma=1.0)
        >>> bool(np.abs(r.v[1:6] - np.arange(1, 6) / 6).max() < 0.1)
        True
    """
    cfg = _make_config(config, overrides)
    env, S, A, s_off, a_off = _discrete_env(env)
    pi = np.asarray(policy)
    if pi.shape == (S,) and np.issubdtype(pi.dtype, np.integer):
        if (pi < 0).any() or (pi >= A).any():
            raise ValueError(f"a deterministic policy holds actions in 0..{A - 1}, got {pi}")
        pi = np.eye(A)[pi]
    elif pi.shape == (S, A):
        pi = pi.astype(float)
        if (pi < 0).any() or not np.allclose(pi.sum(axis=1), 1.0, atol=1e-6):
            s = int(np.argmax((pi < 0).any(axis=1) | ~np.isclose(pi.sum(axis=1), 1.0, atol=1e-6)))
            raise ValueError(f"policy rows must be probability distributions, got pi[{s}] = {pi[s]}")
    else:
        raise ValueError(f"policy must have shape ({S},) of ints or ({S}, {A}), got {pi.shape}")
    cum = [np.cumsum(row).tolist() for row in pi]  # cumulative weights for bisect sampling
    cfg = _with_gamma(cfg, env)
    rng = random.Random(cfg.seed)
    V = [float(cfg.q_init)] * S
    gamma, alpha = float(cfg.gamma), float(cfg.alpha)
    max_steps = cfg.max_steps or float("inf")
    log = _EpisodeLog(cfg)
    for episode in range(cfg.episodes):
        obs, _ = env.reset(seed=cfg.seed if episode == 0 else None)
        s = int(obs) - s_off
        G, abs_delta, t = 0.0, 0.0, 0
        while True:
            a = min(bisect.bisect_right(cum[s], rng.random() * cum[s][-1]), A - 1)
            obs, r, terminated, truncated, _ = env.step(a + a_off)
            s_next = int(obs) - s_off
            t += 1
            delta = (r if terminated else r + gamma * V[s_next]) - V[s]
            V[s] += alpha * delta
            G += r
            abs_delta += abs(delta)
            if terminated or truncated or t >= max_steps:
                break
            s = s_next
        log.end_episode(episode, G, t, abs_delta, terminated, V)
    return TDResult(v=np.array(V), history=log.history(), snapshot_episodes=log.snapshot_episodes(),
                    snapshots=log.snapshots((S,)), config=cfg)
