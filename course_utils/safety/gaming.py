"""Specification gaming, measured: what an agent does under a world's reward, judged by
the designer's true performance, exactly (dynamic programming) and by learning (Q-learning).

The worlds are :mod:`course_utils.safety.worlds`; their names are re-exported here so
that ``cu.gaming`` is the one module a chapter needs.

>>> w = make_world("boat_race", "flawed")
>>> report = analyse(w)
>>> report.gaming, report.performance < report.intended_performance
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import gymnasium as gym
import numpy as np

from .worlds import (
    ENV_IDS,
    MAX_STEPS,
    VARIANTS,
    WORLDS,
    GamingEnv,
    GamingWorld,
    make_env,
    make_world,
)

__all__ = ["WORLDS", "VARIANTS", "ENV_IDS", "MAX_STEPS", "GamingWorld", "GamingEnv", "make_world",
           "make_env", "expected_totals", "walk", "PerformanceRecorder", "GamingResult", "TRAINING",
           "train_gaming", "GamingReport", "analyse"]


def expected_totals(world: GamingWorld, policy, horizon: int | None = None) -> tuple[float, float]:
    """Exact expected (undiscounted reward, true performance) of a deterministic policy in one episode.

    Forward propagation of the state distribution :math:`d_{t+1} = d_t P_\\pi` over the
    time budget (``horizon``, default the world's ``max_steps``).

    >>> w = make_world("boat_race")   # 40 moves: T entered on move 8, then every second move
    >>> expected_totals(w, analyse(w).policy)
    (17.0, 0.0)
    """
    mdp = world.mdp
    pi = np.asarray(policy)
    if pi.shape != (mdp.n_states,) or not np.issubdtype(pi.dtype, np.integer) \
            or (pi < 0).any() or (pi >= mdp.n_actions).any():
        raise ValueError(f"policy must be {mdp.n_states} actions in 0..{mdp.n_actions - 1}, got {policy!r}")
    rows = np.arange(mdp.n_states)
    P_pi = mdp.P[rows, pi]                                       # (S, S)
    R_pi = (P_pi * mdp.R_sas[rows, pi]).sum(axis=1)              # (S,) expected reward
    F_pi = (P_pi * world.performance[rows, pi]).sum(axis=1)      # (S,) expected performance
    d = np.asarray(mdp.initial, dtype=float)
    reward = perf = 0.0
    for _ in range(world.max_steps if horizon is None else int(horizon)):
        live = d * ~mdp.terminal
        reward += float(live @ R_pi)
        perf += float(live @ F_pi)
        d = live @ P_pi
    return reward, perf


def walk(world: GamingWorld, policy, s0: int | None = None, seed: int = 0) -> dict:
    """One episode following ``policy`` (states, actions, rewards, performance per step).

    >>> w = make_world("boat_race", "fixed")
    >>> len(walk(w, [0] * w.mdp.n_states)["actions"]) == w.max_steps
    True
    """
    mdp = world.mdp
    rng = np.random.default_rng(seed)
    s = int(rng.choice(mdp.n_states, p=mdp.initial)) if s0 is None else int(s0)
    out = {"states": [s], "actions": [], "rewards": [], "performance": []}
    for _ in range(world.max_steps):
        if mdp.terminal[s]:
            break
        a = int(policy[s])
        t = int(rng.choice(mdp.n_states, p=mdp.P[s, a]))
        out["actions"].append(a)
        out["rewards"].append(mdp.reward(s, a, t))
        out["performance"].append(float(world.performance[s, a, t]))
        out["states"].append(t)
        s = t
    return out


class PerformanceRecorder(gym.Wrapper):
    """Adds up ``info["performance"]`` per episode into ``self.episode_performance`` (a list)."""

    def __init__(self, env):
        super().__init__(env)
        self.episode_performance: list[float] = []

    def reset(self, **kwargs):
        self.episode_performance.append(0.0)
        return self.env.reset(**kwargs)

    def step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.episode_performance[-1] += info["performance"]
        return obs, reward, terminated, truncated, info


@dataclass
class GamingResult:
    """A Q-learning run on one world: the greedy policy, and reward vs performance per episode."""

    world: GamingWorld
    q: np.ndarray                 # (S, A)
    policy: np.ndarray            # (S,) greedy actions
    history: dict[str, np.ndarray]
    """Per training episode, each ``(episodes,)``: ``returns`` (undiscounted reward) and
    ``performance`` (true performance, what the designer wanted)."""


#: Q-learning settings per world (the same for every reward variant). The boat race starts
#: optimistic (``q_init`` = the finish reward) so that the agent explores the whole lap.
TRAINING = {"boat_race": {"alpha": 0.2, "epsilon": 0.2, "q_init": 10.0},
            "pause_game": {"alpha": 0.2, "epsilon": 0.2, "q_init": 0.0},
            "absent_supervisor": {"alpha": 0.2, "epsilon": 0.2, "q_init": 0.0}}


def train_gaming(name: str, variant: str = "flawed", episodes: int = 1_000, seed: int = 0,
          alpha: float | None = None, epsilon: float | None = None, q_init: float | None = None,
          **params) -> GamingResult:
    """Q-learning (:func:`course_utils.rl.tabular.q_learning`) on a world's env, recording performance.

    ε decays linearly from ``epsilon`` to 0 over the first 80% of the episodes, so the last
    episodes show the greedy behaviour the agent settled on. ``alpha``, ``epsilon`` and
    ``q_init`` default to :data:`TRAINING`; ``params`` are the world's reward parameters.

    >>> r = train_gaming("boat_race", "flawed", episodes=300, seed=0)
    >>> r.history["returns"].shape, r.history["performance"].shape
    ((300,), (300,))
    """
    from ..rl.tabular import q_learning

    if name not in TRAINING:
        raise ValueError(f"unknown world {name!r}; expected one of {sorted(TRAINING)}")
    given = {"alpha": alpha, "epsilon": epsilon, "q_init": q_init}
    hp = {k: (TRAINING[name][k] if v is None else v) for k, v in given.items()}
    env = PerformanceRecorder(make_env(name, variant, **params))
    world = env.unwrapped.world
    result = q_learning(env, episodes=episodes, alpha=hp["alpha"], gamma=world.mdp.gamma,
                        epsilon=hp["epsilon"], epsilon_final=0.0, epsilon_decay=0.8,
                        q_init=hp["q_init"], seed=seed)
    return GamingResult(world, result.q, result.policy,
                        {"returns": result.history["returns"], "performance": np.array(env.episode_performance)})


# --- the exact view: dynamic programming on the small worlds --------------------------------

@dataclass
class GamingReport:
    """What an optimal agent does under a world's reward, judged by the true performance."""

    policy: np.ndarray            # (S,) optimal for the reward (value iteration)
    reward: float                 # its expected reward in one episode (undiscounted)
    performance: float            # its expected true performance in one episode
    intended_performance: float   # the best performance any policy reaches (optimal for it)

    @property
    def gaming(self) -> bool:
        """True when maximising the reward loses true performance (a loophole was found)."""
        return self.performance < self.intended_performance - 1e-6 * max(1.0, abs(self.intended_performance))


def analyse(world: GamingWorld) -> GamingReport:
    """Solve the world exactly (value iteration) for the reward and for the true performance.

    >>> analyse(make_world("boat_race", "flawed")).gaming, analyse(make_world("boat_race", "fixed")).gaming
    (True, False)
    """
    from ..rl.dp import value_iteration

    policy = value_iteration(world.mdp, keep_history=False).policy
    best = value_iteration(world.performance_mdp, keep_history=False).policy
    reward, perf = expected_totals(world, policy)
    return GamingReport(policy, reward, perf, expected_totals(world, best)[1])
