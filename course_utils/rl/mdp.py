# Over 300 lines on purpose: one concept, the finite MDP as arrays (P, R, gamma) — its
# validation, returns, the policy forms, and its two bridges to Gymnasium (from_gymnasium
# converts a toy-text env to arrays, MDPEnv steps the arrays as an env). Both bridges check
# against MDP's own invariants; apart, every file would repeat them. Most lines are
# docstrings with the lecture's definitions and doctests.
"""Finite Markov decision processes as arrays.

An MDP is written the way textbooks and QuantEcon write it:

* ``P[s, a, s']`` — the transition function :math:`T(s, a, s') = \\Pr(s' \\mid s, a)`,
* ``R[s, a]`` — the expected immediate reward :math:`\\sum_{s'} T(s,a,s') R(s,a,s')`,
* ``gamma`` — the discount factor,
* ``terminal[s]`` — absorbing states where an episode ends (optional).

Everything else in the course (dynamic programming, the gridworlds, the exercises)
takes and returns these arrays.
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import gymnasium as gym
import numpy as np
from gymnasium import spaces

__all__ = [
    "MDP",
    "Episode",
    "discounted_return",
    "returns_to_go",
    "rollout",
    "as_stochastic_policy",
    "from_gymnasium",
    "MDPEnv",
]

_ATOL = 1e-8


@dataclass(frozen=True)
class MDP:
    """A validated finite MDP.

    Args:
        P: transition probabilities, shape ``(S, A, S)``; each ``P[s, a]`` sums to 1.
        R: expected rewards, shape ``(S, A)``; finite.
        gamma: discount in ``[0, 1)``; ``1`` is allowed only for episodic MDPs
            (at least one terminal state).
        terminal: boolean mask, shape ``(S,)``; terminal states must be absorbing
            with zero reward.
        initial: start-state distribution, shape ``(S,)``; defaults to uniform over
            non-terminal states.
        state_names: labels of the states, for plots and printing.
        action_names: labels of the actions.
        R_sas: optional reward of each transition :math:`R(s, a, s')`, shape ``(S, A, S)``;
            when given, ``R`` must be its expectation ``sum_s' P[s,a,s'] R_sas[s,a,s']``
            and sampled episodes (:func:`rollout`, :class:`MDPEnv`) pay the transition's
            own reward instead of the expected one. Use :meth:`MDP.from_transitions`.

    Raises:
        ValueError: naming the offending value for wrong shapes, negative or
            non-normalised probabilities, non-finite rewards, or a bad ``gamma``.

    Example:
        A two-state chain: action 0 stays, action 1 switches, being in state 1 pays 1.

        >>> import numpy as np
        >>> P = np.zeros((2, 2, 2)); P[0, 0, 0] = P[1, 0, 1] = P[0, 1, 1] = P[1, 1, 0] = 1
        >>> R = np.array([[0.0, 0.0], [1.0, 1.0]])
        >>> m = MDP(P, R, gamma=0.9)
        >>> m.n_states, m.n_actions
        (2, 2)
    """

    P: np.ndarray
    R: np.ndarray
    gamma: float
    terminal: np.ndarray | None = None
    initial: np.ndarray | None = None
    state_names: Sequence[str] | None = None
    action_names: Sequence[str] | None = None
    R_sas: np.ndarray | None = None

    def __post_init__(self) -> None:
        P = np.asarray(self.P, dtype=float)
        R = np.asarray(self.R, dtype=float)
        if P.ndim != 3 or P.shape[0] != P.shape[2] or P.shape[0] == 0 or P.shape[1] == 0:
            raise ValueError(f"P must have shape (S, A, S) with S, A >= 1, got shape {P.shape}")
        S, A, _ = P.shape
        if R.shape != (S, A):
            raise ValueError(f"R must have shape (S, A) = {(S, A)} to match P, got {R.shape}")
        if not np.all(np.isfinite(P)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(P))[0])
            raise ValueError(f"P must be finite, got P{bad} = {P[bad]}")
        if (P < -_ATOL).any():
            bad = tuple(int(i) for i in np.argwhere(P < -_ATOL)[0])
            raise ValueError(f"P must be non-negative, got P{bad} = {P[bad]}")
        sums = P.sum(axis=2)
        if not np.allclose(sums, 1.0, atol=1e-6):
            s, a = (int(i) for i in np.argwhere(~np.isclose(sums, 1.0, atol=1e-6))[0])
            raise ValueError(
                f"each row P[s, a, :] must sum to 1, got sum(P[{s}, {a}, :]) = {sums[s, a]:.6g}"
            )
        if not np.all(np.isfinite(R)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(R))[0])
            raise ValueError(f"R must be finite (no NaN or inf), got R{bad} = {R[bad]}")
        if self.terminal is None:
            terminal = np.zeros(S, dtype=bool)
        else:
            terminal = np.asarray(self.terminal)
            if terminal.shape != (S,):
                raise ValueError(f"terminal must have shape (S,) = ({S},), got {terminal.shape}")
            terminal = terminal.astype(bool)
        for s in np.flatnonzero(terminal):
            if not np.allclose(P[s, :, s], 1.0) or not np.allclose(R[s], 0.0):
                raise ValueError(
                    f"terminal state {s} must be absorbing with zero reward "
                    f"(P[{s}, :, {s}] == 1 and R[{s}, :] == 0)"
                )
        gamma = self.gamma
        if isinstance(gamma, bool) or not isinstance(gamma, numbers.Real) or not np.isfinite(gamma):
            raise ValueError(f"gamma must be a number in [0, 1], got {gamma!r}")
        gamma = float(gamma)
        if not 0.0 <= gamma <= 1.0:
            raise ValueError(f"gamma must be in [0, 1], got {gamma}")
        if gamma == 1.0 and not terminal.any():
            raise ValueError(
                "gamma = 1 is only allowed for episodic MDPs with terminal states; "
                "this MDP has none (use gamma < 1)"
            )
        if self.initial is None:
            start = (~terminal).astype(float) if (~terminal).any() else np.ones(S)
            initial = start / start.sum()
        else:
            initial = np.asarray(self.initial, dtype=float)
            if initial.shape != (S,) or (initial < 0).any() or not np.isclose(initial.sum(), 1):
                raise ValueError(
                    f"initial must be a distribution of shape ({S},), got {np.round(initial, 4)}"
                )
        for name, names, n in (("state_names", self.state_names, S), ("action_names", self.action_names, A)):
            if names is not None and len(names) != n:
                raise ValueError(f"{name} must have {n} entries, got {len(names)}")
        if self.R_sas is not None:
            R_sas = np.asarray(self.R_sas, dtype=float)
            if R_sas.shape != P.shape or not np.all(np.isfinite(R_sas)):
                raise ValueError(f"R_sas must be finite with shape {P.shape}, got shape {R_sas.shape}")
            if not np.allclose((P * R_sas).sum(axis=2), R, atol=1e-9):
                raise ValueError("R must equal the expectation of R_sas: sum_s' P[s,a,s'] R_sas[s,a,s']")
            R_sas.setflags(write=False)
            object.__setattr__(self, "R_sas", R_sas)
        P.setflags(write=False)
        R.setflags(write=False)
        terminal.setflags(write=False)
        initial.setflags(write=False)
        object.__setattr__(self, "P", P)
        object.__setattr__(self, "R", R)
        object.__setattr__(self, "gamma", gamma)
        object.__setattr__(self, "terminal", terminal)
        object.__setattr__(self, "initial", initial)

    @classmethod
    def from_transitions(cls, P, R_sas, gamma: float, **kwargs) -> MDP:
        """Build an MDP from the per-transition reward :math:`R(s, a, s')` of the lecture's
        Bellman equations; ``R[s, a]`` is its expectation under ``P``.

        >>> import numpy as np
        >>> P = np.array([[[0.5, 0.5]], [[0.0, 1.0]]])
        >>> R_sas = np.array([[[0.0, 2.0]], [[0.0, 0.0]]])
        >>> MDP.from_transitions(P, R_sas, 1.0, terminal=[False, True]).R
        array([[1.],
               [0.]])
        """
        P = np.asarray(P, dtype=float)
        R_sas = np.asarray(R_sas, dtype=float)
        if R_sas.shape != P.shape:
            raise ValueError(f"R_sas must have the shape of P {P.shape}, got {R_sas.shape}")
        return cls(P, (P * R_sas).sum(axis=2), gamma, R_sas=R_sas, **kwargs)

    def reward(self, s: int, a: int, s_next: int) -> float:
        """The reward paid for the transition ``s --a--> s_next`` (``R[s, a]`` without ``R_sas``)."""
        return float(self.R[s, a] if self.R_sas is None else self.R_sas[s, a, s_next])

    @property
    def n_states(self) -> int:
        return self.P.shape[0]

    @property
    def n_actions(self) -> int:
        return self.P.shape[1]

    def with_gamma(self, gamma: float) -> MDP:
        """The same MDP with another discount factor."""
        return dataclasses.replace(self, gamma=gamma)


def discounted_return(rewards, gamma: float) -> float:
    r"""The discounted return :math:`G_0 = \sum_{t=0}^{n} \gamma^t r_t`.

    Example:
        >>> discounted_return([1, 1, 1], 0.5)
        1.75
        >>> round(discounted_return([1.0] * 1000, 0.9), 6)   # -> 1 / (1 - 0.9)
        10.0
    """
    _check_gamma(gamma)
    r = np.asarray(rewards, dtype=float)
    if r.ndim != 1:
        raise ValueError(f"rewards must be a 1-D sequence, got shape {r.shape}")
    return float(np.sum(r * gamma ** np.arange(len(r))))


def returns_to_go(rewards, gamma: float) -> np.ndarray:
    r"""Every return :math:`G_t = r_t + \gamma G_{t+1}` of an episode, computed backwards.

    Example:
        >>> returns_to_go([1, 1, 1], 0.5)
        array([1.75, 1.5 , 1.  ])
    """
    _check_gamma(gamma)
    r = np.asarray(rewards, dtype=float)
    if r.ndim != 1:
        raise ValueError(f"rewards must be one episode's rewards, shape (T,), got shape {r.shape}")
    G = np.zeros_like(r)
    running = 0.0
    for t in range(len(r) - 1, -1, -1):  # G_t = r_t + gamma * G_{t+1}
        running = r[t] + gamma * running
        G[t] = running
    return G


def _check_gamma(gamma: float) -> None:
    if isinstance(gamma, bool) or not isinstance(gamma, numbers.Real) or not 0.0 <= float(gamma) <= 1.0:
        raise ValueError(f"gamma must be in [0, 1], got {gamma!r}")


def as_stochastic_policy(mdp: MDP, policy) -> np.ndarray:
    """Return ``pi[s, a]`` for a deterministic policy (``(S,)`` actions) or a stochastic one.

    Raises:
        ValueError: if the shape is wrong, an action is out of range, or a row of a
            stochastic policy is not a probability distribution.

    Example:
        >>> import numpy as np
        >>> P = np.ones((2, 3, 2)) / 2; R = np.zeros((2, 3))
        >>> as_stochastic_policy(MDP(P, R, 0.9), [2, 0])
        array([[0., 0., 1.],
               [1., 0., 0.]])
    """
    pi = np.asarray(policy)
    S, A = mdp.n_states, mdp.n_actions
    if pi.shape == (S,):
        if not np.issubdtype(pi.dtype, np.integer) or (pi < 0).any() or (pi >= A).any():
            raise ValueError(f"a deterministic policy holds actions in 0..{A - 1}, got {pi}")
        out = np.zeros((S, A))
        out[np.arange(S), pi] = 1.0
        return out
    if pi.shape != (S, A):
        raise ValueError(f"policy must have shape ({S},) or ({S}, {A}), got {pi.shape}")
    pi = pi.astype(float)
    if (pi < -_ATOL).any() or not np.allclose(pi.sum(axis=1), 1.0, atol=1e-6):
        s = int(np.argmax((pi < -_ATOL).any(axis=1) | ~np.isclose(pi.sum(axis=1), 1.0, atol=1e-6)))
        raise ValueError(f"policy rows must be probability distributions, got pi[{s}] = {pi[s]}")
    return pi


@dataclass
class Episode:
    """One sampled episode: ``states[t]``, ``actions[t]``, ``rewards[t]`` for t = 0..T-1."""

    states: np.ndarray
    actions: np.ndarray
    rewards: np.ndarray
    terminated: bool

    def __len__(self) -> int:
        return len(self.rewards)

    def discounted_return(self, gamma: float) -> float:
        return discounted_return(self.rewards, gamma)


def rollout(mdp: MDP, policy, rng: np.random.Generator | int | None = None, s0: int | None = None,
            max_steps: int = 1_000) -> Episode:
    """Sample one episode by following ``policy`` from ``s0`` (or a draw from ``mdp.initial``).

    The episode stops at a terminal state or after ``max_steps`` steps.

    Example:
        >>> import numpy as np
        >>> P = np.zeros((2, 1, 2)); P[0, 0, 1] = 1; P[1, 0, 1] = 1
        >>> m = MDP(P, np.array([[1.0], [0.0]]), gamma=1.0, terminal=[False, True])
        >>> ep = rollout(m, [0, 0], rng=0, s0=0)
        >>> ep.rewards.tolist(), ep.terminated
        ([1.0], True)
    """
    if max_steps < 1:
        raise ValueError(f"max_steps must be >= 1, got {max_steps}")
    rng = np.random.default_rng(rng)
    pi = as_stochastic_policy(mdp, policy)
    S = mdp.n_states
    s = int(rng.choice(S, p=mdp.initial)) if s0 is None else int(s0)
    if not 0 <= s < S:
        raise ValueError(f"s0 must be a state in 0..{S - 1}, got {s0}")
    states, actions, rewards = [], [], []
    terminated = bool(mdp.terminal[s])
    while not terminated and len(rewards) < max_steps:
        a = int(rng.choice(mdp.n_actions, p=pi[s]))
        s_next = int(rng.choice(S, p=mdp.P[s, a]))
        states.append(s)
        actions.append(a)
        rewards.append(mdp.reward(s, a, s_next))
        s = s_next
        terminated = bool(mdp.terminal[s])
    return Episode(np.array(states, dtype=int), np.array(actions, dtype=int),
                   np.array(rewards, dtype=float), terminated)


def from_gymnasium(env, gamma: float | None = None) -> MDP:
    """Convert a toy-text Gymnasium env (FrozenLake, CliffWalking, Taxi, ...) to an :class:`MDP`.

    Reads the env's model ``env.unwrapped.P[s][a] = [(prob, next_state, reward, done), ...]``.
    States entered by a ``done`` transition become terminal: absorbing with zero reward,
    which is what "the episode ends there" means for values. ``gamma`` ``None`` takes the
    MDP's own γ for an :class:`MDPEnv` (so ``from_gymnasium(MDPEnv(m))`` gives ``m`` back,
    transition rewards ``R_sas`` included) and 0.99 for other envs.

    Example:
        >>> import gymnasium as gym
        >>> m = from_gymnasium(gym.make("FrozenLake-v1"), gamma=0.9)
        >>> m.P.shape, int(m.terminal.sum())
        ((16, 4, 16), 5)
    """
    base = getattr(env, "unwrapped", env)
    if gamma is None:
        gamma = float(base.mdp.gamma) if isinstance(base, MDPEnv) else 0.99
    model = getattr(base, "P", None)
    if not isinstance(model, dict):
        raise ValueError(
            f"{type(base).__name__} has no transition model dict `P`; "
            "from_gymnasium needs a toy-text env such as FrozenLake-v1, CliffWalking-v1 or Taxi-v4"
        )
    S, A = base.observation_space.n, base.action_space.n
    P = np.zeros((S, A, S))
    R_sas = np.zeros((S, A, S))
    done_into = np.zeros(S, dtype=bool)
    for s in range(S):
        for a in range(A):
            for prob, s_next, _reward, done in model[s][a]:
                if done and prob > 0:
                    done_into[s_next] = True
    terminal = done_into
    ambiguous = []  # (s, a, s_next) entering a terminal state without `done`
    for s in range(S):
        if terminal[s]:
            P[s, :, s] = 1.0
            continue
        for a in range(A):
            for prob, s_next, reward, done in model[s][a]:
                if terminal[s_next] and not done and prob > 0:
                    ambiguous.append((s, a, s_next))
                P[s, a, s_next] += prob
                R_sas[s, a, s_next] += prob * reward  # summed, then divided by P below
    initial = getattr(base, "initial_state_distrib", None)
    if initial is not None:
        initial = np.asarray(initial, dtype=float)
        if initial.shape != (S,) or initial.sum() <= 0:
            initial = None
        else:
            initial = initial / initial.sum()
    if ambiguous:
        # Only a problem where the agent can actually be: e.g. Taxi's table has states that
        # no episode reaches (passenger already delivered) that step into terminal states.
        reachable = _reachable(P, initial if initial is not None else ~terminal)
        for s, a, s_next in ambiguous:
            if reachable[s]:
                raise ValueError(
                    f"state {s_next} is entered both with and without `done` "
                    f"(from state {s}, action {a}); cannot treat it as terminal"
                )
    R_sas = np.divide(R_sas, P, out=np.zeros_like(R_sas), where=P > 0)
    return MDP.from_transitions(P, R_sas, gamma, terminal=terminal, initial=initial)


def _reachable(P: np.ndarray, start) -> np.ndarray:
    """Boolean mask of the states reachable under some policy from the support of ``start``."""
    reach = np.asarray(start) > 0
    step = P.sum(axis=1) > 0  # (S, S): an action leads from s to s'
    while True:
        grown = reach | step[reach].any(axis=0)
        if (grown == reach).all():
            return reach
        reach = grown


class MDPEnv(gym.Env):
    """A Gymnasium env that samples an :class:`~course_utils.rl.mdp.MDP` (``Discrete`` states and actions).

    It exposes the model as ``env.P`` in the toy-text format, so
    ``from_gymnasium(MDPEnv(m))`` gives ``m`` back. Episodes end (``terminated``) in
    terminal states and are cut (``truncated``) after ``max_steps``.
    """

    metadata = {"render_modes": ["ansi"]}

    def __init__(self, mdp: MDP, max_steps: int = 100, render_mode: str | None = None):
        if max_steps < 1:
            raise ValueError(f"max_steps must be >= 1, got {max_steps}")
        self.mdp = mdp
        self.max_steps = int(max_steps)
        self.render_mode = render_mode
        self.observation_space = spaces.Discrete(mdp.n_states)
        self.action_space = spaces.Discrete(mdp.n_actions)
        self.initial_state_distrib = np.asarray(mdp.initial)
        self.P = {
            s: {
                a: [(float(mdp.P[s, a, t]), int(t), mdp.reward(s, a, int(t)), bool(mdp.terminal[t]))
                    for t in np.flatnonzero(mdp.P[s, a])]
                for a in range(mdp.n_actions)
            }
            for s in range(mdp.n_states)
        }
        self.s: int | None = None  # set by reset()
        self._t = 0

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self.s = int(self.np_random.choice(self.mdp.n_states, p=self.mdp.initial))
        self._t = 0
        return self.s, {"prob": 1.0}

    def step(self, action):
        if self.s is None:
            raise gym.error.ResetNeeded("call reset() before step(): the episode has no state yet")
        a = int(action)
        if not self.action_space.contains(a):
            raise ValueError(f"action must be in 0..{self.mdp.n_actions - 1}, got {action!r}")
        p = self.mdp.P[self.s, a]
        s_next = int(self.np_random.choice(self.mdp.n_states, p=p))
        reward = self.mdp.reward(self.s, a, s_next)
        self.s = s_next
        self._t += 1
        terminated = bool(self.mdp.terminal[s_next])
        truncated = (not terminated) and self._t >= self.max_steps
        return s_next, reward, terminated, truncated, {"prob": float(p[s_next])}

    def render(self):
        if self.render_mode == "ansi" and self.s is not None:
            name = self.mdp.state_names[self.s] if self.mdp.state_names else self.s
            return f"state {name}\n"
        return None
