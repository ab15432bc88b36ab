# Over 300 lines on purpose: one concept, solving a finite MDP by dynamic programming. The
# solvers (policy evaluation iterative and exact, value iteration with residual or MacQueen
# stopping, policy iteration, modified policy iteration, and `solve` over them) share the
# Bellman operator, the argument checks and the proper-policy checks of episodic MDPs;
# split into files, each would import the others' private helpers. About half the lines
# are the equations and doctests the chapter reads.
r"""Dynamic programming on a known MDP: policy evaluation, value iteration, (modified) policy iteration.

The code follows the lecture's Bellman equations with the arrays of :mod:`course_utils.rl.mdp`
(``P[s, a, s']`` is :math:`T(s, a, s')`, ``R[s, a] = \sum_{s'} T(s,a,s') R(s,a,s')``):

* expectation: :math:`V^\pi(s) = \sum_a \pi(a|s) \sum_{s'} T(s,a,s')\,[R(s,a,s') + \gamma V^\pi(s')]`,
* action values: :math:`Q(s,a) = R(s,a) + \gamma \sum_{s'} T(s,a,s') V(s')` (:func:`q_from_v`),
* optimality: :math:`V^*(s) = \max_a Q^*(s, a)`.

Every sweep is one matrix product ``P.reshape(S*A, S) @ v`` (a sparse one for large, sparse
MDPs such as big gridworlds): the whole state space is updated at once, no Python loop over
states. ``gamma = 1`` is accepted for episodic MDPs only, when termination is certain
(evaluation) or possible from every state (control); otherwise the sums need not converge
and a ``ValueError`` says so.

**Control at gamma = 1: only proper policies count.** A policy is *proper* when it reaches a
terminal state with probability 1 from every state (Bertsekas' stochastic shortest path). The
solvers return :math:`\hat V(s) = \max` over proper policies and a proper policy attaining it,
never an episode that does not end. The distinction matters when a loop that never ends pays
nothing: on the map ``S.H`` with reward -1 for falling into ``H``, wandering forever pays 0
but every proper policy pays -1, and the answer is ``v = [-1, -1, 0]``. (There the Bellman
optimality equation has many solutions; value iteration from zeros finds the all-policies
optimum 0, so :func:`value_iteration` restarts from a proper policy's values, from which it
rises to :math:`\hat V`: Bertsekas & Yu, *Stochastic shortest path problems under weak
conditions*, 2016.) This is not the limit of the discounted answers: for any
``gamma < 1`` wandering forever (0) beats the penalty. A loop that pays a positive reward
leaves no best proper policy (each could loop once more before ending) and raises
``ValueError``. ``stop="bounds"`` and :func:`modified_policy_iteration` need ``gamma < 1``.

>>> import course_utils as cu
>>> m = cu.gridworld.GridWorld(["S.G"], rewards={"G": 1.0}, gamma=0.9).to_mdp()
>>> res = value_iteration(m, tol=1e-10)
>>> res.v.round(2).tolist(), res.policy.tolist()
([0.9, 1.0, 0.0], [2, 2, 0])
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .mdp import MDP, as_stochastic_policy

__all__ = [
    "EvaluationResult",
    "DPResult",
    "q_from_v",
    "greedy_policy",
    "optimal_actions",
    "bellman_residual",
    "policy_evaluation",
    "policy_evaluation_exact",
    "value_iteration",
    "policy_iteration",
    "modified_policy_iteration",
    "solve",
]

_TIE = 1e-9  # actions within this of the best are treated as ties (float noise)


@dataclass
class EvaluationResult:
    """The value of a fixed policy: ``v[s]``, ``q[s, a]``, the sweeps it took and, per sweep,
    ``history[k] = {"v": ..., "delta": max |v_k+1 - v_k|}`` (one entry for the exact solve)."""

    v: np.ndarray
    q: np.ndarray
    policy: np.ndarray
    iterations: int
    history: list[dict] = field(default_factory=list, repr=False)


@dataclass
class DPResult:
    """Result of value or policy iteration.

    Attributes:
        v: optimal state values ``(S,)``; q: action values ``(S, A)``;
        policy: a greedy deterministic policy ``(S,)`` (lowest action index among ties);
        iterations: sweeps (value iteration) or improvement steps (policy iteration);
        history: one dict per iteration: ``"v"`` and ``"delta"`` (largest value change),
            plus ``"policy"``, ``"changed"`` and ``"eval_sweeps"`` for policy iteration;
        algorithm: ``"value_iteration"`` or ``"policy_iteration"``.
    """

    v: np.ndarray
    q: np.ndarray
    policy: np.ndarray
    iterations: int
    history: list[dict] = field(default_factory=list, repr=False)
    algorithm: str = ""


def _check_tol(tol: float) -> float:
    if isinstance(tol, bool) or not isinstance(tol, (int, float, np.floating)) or not np.isfinite(tol) or tol <= 0:
        raise ValueError(f"tol must be a positive number, got {tol!r}")
    return float(tol)


def _check_mdp(mdp) -> MDP:
    if not isinstance(mdp, MDP):
        raise ValueError(f"expected a course_utils.rl.mdp.MDP, got {type(mdp).__name__}")
    return mdp


_SPARSE_OPS: dict[int, tuple] = {}  # id(P) -> (weakref to P, CSR operator): built once per MDP


def _operator(P: np.ndarray):
    """``P`` as an ``(S*A, S)`` matrix: a view of the dense array, or CSR when large and sparse
    (a 50x50 gridworld's P is 99.9 % zeros; the sparse product is ~100x faster there). The CSR
    form is cached per (read-only) ``MDP.P`` array, so repeated solves pay the conversion once."""
    S, A, _ = P.shape
    P2 = P.reshape(S * A, S)  # (S*A, S), a view: row s*A + a is P[s, a, :]
    if P2.size < 1_000_000:
        return P2
    hit = _SPARSE_OPS.get(id(P))
    if hit is not None and hit[0]() is P:
        return hit[1]
    if np.count_nonzero(P2) >= 0.05 * P2.size:
        return P2
    op = sp.csr_matrix(P2)
    if not P.flags.writeable:  # MDP arrays are read-only: safe to cache
        _SPARSE_OPS[id(P)] = (weakref.ref(P), op)
        weakref.finalize(P, _SPARSE_OPS.pop, id(P), None)
    return op


def _max_over_actions(q: np.ndarray) -> np.ndarray:
    """``q.max(axis=1)`` for ``(S, A)`` with few actions: ``A - 1`` element-wise maxima of
    columns are several times faster than numpy's reduction over a short last axis."""
    out = q[:, 0].copy()
    for a in range(1, q.shape[1]):
        np.maximum(out, q[:, a], out=out)
    return out


def q_from_v(mdp: MDP, v) -> np.ndarray:
    r"""One-step look-ahead :math:`Q(s,a) = R(s,a) + \gamma \sum_{s'} T(s,a,s') V(s')`.

    >>> import numpy as np
    >>> P = np.zeros((2, 2, 2)); P[:, 0, 0] = 1; P[:, 1, 1] = 1
    >>> q_from_v(MDP(P, np.zeros((2, 2)), 0.5), [0.0, 2.0])
    array([[0., 1.],
           [0., 1.]])
    """
    S, A = mdp.n_states, mdp.n_actions
    v = np.asarray(v, dtype=float)
    if v.shape != (S,):
        raise ValueError(f"v must have shape ({S},), got {v.shape}")
    return mdp.R + mdp.gamma * (mdp.P.reshape(S * A, S) @ v).reshape(S, A)  # (S, A)


def _q(mdp: MDP, v: np.ndarray, op) -> np.ndarray:
    return mdp.R + mdp.gamma * (op @ v).reshape(mdp.n_states, mdp.n_actions)  # (S, A)


def optimal_actions(q, atol: float = _TIE) -> np.ndarray:
    """Boolean mask ``(S, A)`` of the actions within ``atol`` of the best (all greedy choices)."""
    q = np.asarray(q, dtype=float)
    return q >= q.max(axis=1, keepdims=True) - atol


def greedy_policy(mdp: MDP | None = None, v=None, q=None, atol: float = _TIE) -> np.ndarray:
    r"""The greedy policy :math:`\pi(s) = \arg\max_a Q(s, a)` as actions ``(S,)``.

    Give ``q`` (a table ``(S, A)``, learned or exact; no ``mdp`` needed), or an ``mdp`` and
    its ``v`` (then ``q = q_from_v(mdp, v)``). Ties within ``atol`` go to the lowest action
    index, so float noise never flips a choice.

    >>> import numpy as np
    >>> greedy_policy(q=np.array([[0.0, 1.0], [2.0, 2.0 + 1e-12]])).tolist()
    [1, 0]
    """
    if q is None:
        if v is None or mdp is None:
            raise ValueError("greedy_policy needs q, or an mdp and its v")
        q = q_from_v(mdp, v)
    q = np.asarray(q, dtype=float)
    if q.ndim != 2:
        raise ValueError(f"q must have shape (S, A), got {q.shape}")
    return np.argmax(optimal_actions(q, atol), axis=1)


def bellman_residual(mdp: MDP, v, policy=None) -> float:
    r"""``max_s |(T v)(s) - v(s)|`` for the optimality operator (``policy=None``) or for
    the expectation operator of ``policy``; zero exactly at the solution."""
    q = q_from_v(mdp, v)
    Tv = q.max(axis=1) if policy is None else (as_stochastic_policy(mdp, policy) * q).sum(axis=1)
    return float(np.max(np.abs(Tv - np.asarray(v, dtype=float))))


def _reaches_terminal(P_next: np.ndarray, terminal: np.ndarray) -> np.ndarray:
    """States from which a terminal state is reached with positive probability.
    ``P_next[s, s'] > 0`` marks possible moves (one policy's chain, or any action's)."""
    edge = P_next > 0
    reach = terminal.copy()
    while True:
        grown = reach | edge[:, reach].any(axis=1)
        if (grown == reach).all():
            return reach
        reach = grown


def _check_episodic(mdp: MDP, P_next: np.ndarray, what: str) -> None:
    if mdp.gamma < 1.0:
        return
    stuck = np.flatnonzero(~_reaches_terminal(P_next, mdp.terminal))
    if stuck.size:
        raise ValueError(
            f"gamma = 1 needs episodes that end, but {what} never reaches a terminal state from "
            f"state(s) {stuck[:10].tolist()}; the sum of rewards need not converge (use gamma < 1)"
        )


def _policy_model(mdp: MDP, pi: np.ndarray, op):
    """``P_pi[s, s'] = sum_a pi(a|s) T(s, a, s')`` (CSR when ``op`` is) and ``r_pi[s]``."""
    S, A = pi.shape
    if sp.issparse(op):
        Pi = sp.csr_matrix((pi.ravel(), np.arange(S * A), np.arange(0, S * A + 1, A)), shape=(S, S * A))
        P_pi = (Pi @ op).tocsr()                                   # (S, S)
    else:
        P_pi = np.matmul(pi[:, None, :], op.reshape(S, A, S))[:, 0, :]   # (S, S)
    return P_pi, (pi * mdp.R).sum(axis=1)


def _dense(M) -> np.ndarray:
    return M.toarray() if sp.issparse(M) else M


def policy_evaluation(mdp: MDP, policy, tol: float = 1e-8, max_iter: int = 100_000) -> EvaluationResult:
    r"""Iterative policy evaluation: repeat :math:`v \leftarrow r_\pi + \gamma P_\pi v` until
    the largest change is below ``tol`` (then the Bellman residual is below ``tol`` too).

    Args:
        mdp: the MDP.
        policy: actions ``(S,)`` or a stochastic policy ``pi[s, a]`` (rows sum to 1).
        tol: stopping threshold, > 0.
        max_iter: at most this many sweeps; not converging by then raises ``ValueError``.

    Example:
        The equiprobable random policy on Sutton & Barto's gridworld (Figure 3.2: 8.8 at A).

        >>> import numpy as np, course_utils as cu
        >>> g = cu.gridworld.sutton_barto_5x5(); m = g.to_mdp()
        >>> res = policy_evaluation(m, np.full((25, 4), 0.25), tol=1e-6)
        >>> round(float(res.v[g.state_of((0, 1))]), 1)
        8.8
    """
    _check_mdp(mdp)
    return _evaluate_iterative(mdp, as_stochastic_policy(mdp, policy), _operator(mdp.P),
                               _check_tol(tol), max_iter)


def _evaluate_iterative(mdp, pi, op, tol, max_iter) -> EvaluationResult:
    P_pi, r_pi = _policy_model(mdp, pi, op)                   # once
    if mdp.gamma == 1.0:
        _check_episodic(mdp, _dense(P_pi), "this policy")
    v = np.zeros(mdp.n_states)
    history = [{"v": v.copy(), "delta": np.inf}]
    for k in range(1, max_iter + 1):
        v_new = r_pi + mdp.gamma * (P_pi @ v)                 # Bellman expectation backup
        delta = float(np.max(np.abs(v_new - v)))
        v = v_new
        history.append({"v": v.copy(), "delta": delta})
        if delta < tol:
            return EvaluationResult(v, _q(mdp, v, op), pi, k, history)
    raise ValueError(f"policy evaluation did not reach tol={tol} in max_iter={max_iter} sweeps")


def policy_evaluation_exact(mdp: MDP, policy) -> EvaluationResult:
    r"""Solve the Bellman expectation equations :math:`(I - \gamma P_\pi) v = r_\pi` directly.

    A dense solve costs :math:`O(S^3)` (small MDPs; the reference in tests); large sparse
    MDPs (big gridworlds) use a sparse LU. With ``gamma = 1`` terminal states are fixed at 0
    and the policy must reach them.

    >>> import numpy as np, course_utils as cu
    >>> g = cu.gridworld.sutton_barto_5x5(); m = g.to_mdp()
    >>> round(float(policy_evaluation_exact(m, np.full((25, 4), 0.25)).v[g.state_of((0, 3))]), 1)
    5.3
    """
    _check_mdp(mdp)
    return _evaluate_exact(mdp, as_stochastic_policy(mdp, policy), _operator(mdp.P))


def _evaluate_exact(mdp, pi, op) -> EvaluationResult:
    P_pi, r_pi = _policy_model(mdp, pi, op)
    if mdp.gamma == 1.0:
        _check_episodic(mdp, _dense(P_pi), "this policy")
    live = ~mdp.terminal  # terminal states: v = 0 (absorbing, zero reward)
    n = int(live.sum())
    v = np.zeros(mdp.n_states)
    if sp.issparse(P_pi):                                      # large and sparse: sparse LU
        A_live = sp.identity(n, format="csc") - mdp.gamma * P_pi[live][:, live].tocsc()
        v[live] = spla.spsolve(A_live, r_pi[live])
    else:
        v[live] = np.linalg.solve(np.eye(n) - mdp.gamma * P_pi[np.ix_(live, live)], r_pi[live])
    return EvaluationResult(v, _q(mdp, v, op), pi, 1, [{"v": v.copy(), "delta": 0.0}])


def value_iteration(mdp: MDP, tol: float = 1e-8, max_iter: int = 100_000, v0=None,
                    keep_history: bool = True, stop: str = "delta") -> DPResult:
    r"""Value iteration: :math:`v_{k+1}(s) = \max_a [R(s,a) + \gamma \sum_{s'} T(s,a,s') v_k(s')]`.

    With ``stop="delta"`` (the textbook rule) it stops when
    :math:`\max_s |v_{k+1}(s) - v_k(s)| < \text{tol}`; the returned ``v`` then has Bellman
    residual below ``tol`` and, for ``gamma < 1``,
    :math:`\|v - v^*\|_\infty \le \gamma\,\text{tol} / (1 - \gamma)`.

    With ``stop="bounds"`` (``gamma < 1``) it uses MacQueen's (1966) bounds (see Puterman,
    *Markov Decision Processes*, 1994, ch. 6): with :math:`\Delta = v_{k+1} - v_k` and
    :math:`c = \gamma / (1-\gamma)`, :math:`v_{k+1} + c \min \Delta \le V^* \le v_{k+1} + c \max \Delta`.
    It stops when half that interval, :math:`c\,(\max\Delta - \min\Delta)/2`, is below ``tol``
    and returns its midpoint, so :math:`\|v - V^*\|_\infty \le \text{tol}`. The spread of
    :math:`\Delta` often shrinks much faster than :math:`\gamma^k` (on well-mixing MDPs a few
    sweeps suffice); the greedy policy is the same as for :math:`v_{k+1}`.

    With ``gamma = 1`` (``stop="delta"`` only) only proper policies count (module docstring):
    the returned policy reaches a terminal state from every state and ``v`` is the best value
    of such a policy. When the values found are attained only by a loop that never ends (a
    free loop: wandering forever pays 0, every way out costs), the sweeps restart from the
    values of a proper policy and rise to the best proper value (Bertsekas & Yu 2016); the
    history then continues from there and ``iterations`` counts all sweeps.

    Args:
        mdp: the MDP; with ``gamma = 1`` every state must be able to reach a terminal state.
        tol: stopping threshold, > 0.
        max_iter: at most this many sweeps; not converging by then raises ``ValueError``.
        v0: initial values (default zeros); with ``gamma = 1``, 0 at terminal states.
        keep_history: store each sweep's ``v`` (for plots and animations) or only ``delta``.
        stop: ``"delta"`` or ``"bounds"`` (see above).

    Example:
        >>> import course_utils as cu
        >>> g = cu.gridworld.sutton_barto_5x5(); m = g.to_mdp()
        >>> res = value_iteration(m, tol=1e-6)
        >>> round(float(res.v[g.state_of((0, 1))]), 1)   # v*(A) in Figure 3.5
        24.4

        At ``gamma = 1`` wandering forever on ``S.H`` pays 0, but only ending counts:

        >>> m1 = cu.gridworld.GridWorld(["S.H"], rewards={"H": -1.0}, gamma=1.0).to_mdp()
        >>> res = value_iteration(m1); res.v.tolist(), res.policy.tolist()
        ([-1.0, -1.0, 0.0], [2, 2, 0])
    """
    _check_mdp(mdp)
    tol = _check_tol(tol)
    if stop not in ("delta", "bounds"):
        raise ValueError(f"stop must be 'delta' or 'bounds', got {stop!r}")
    if stop == "bounds" and mdp.gamma == 1.0:
        raise ValueError("stop='bounds' needs gamma < 1 (the bounds scale with gamma / (1 - gamma))")
    if mdp.gamma == 1.0:
        _check_episodic(mdp, mdp.P.max(axis=1), "any policy")
    S, A = mdp.n_states, mdp.n_actions
    c = mdp.gamma / (1.0 - mdp.gamma) if mdp.gamma < 1 else np.inf
    op = _operator(mdp.P)
    R = mdp.R.reshape(-1)                                      # (S*A,)
    v = np.zeros(S) if v0 is None else np.array(v0, dtype=float)
    if v.shape != (S,):
        raise ValueError(f"v0 must have shape ({S},), got {v.shape}")
    if mdp.gamma == 1.0 and np.any(v[mdp.terminal] != 0):  # they would stay: nothing discounts them
        s = int(np.flatnonzero(mdp.terminal & (v != 0))[0])
        raise ValueError(f"with gamma = 1, v0 must be 0 at terminal states (an ended episode pays "
                         f"nothing more), got v0[{s}] = {v[s]:g} at terminal state {s}")
    history = [{"v": v.copy(), "delta": np.inf}]
    mu = None  # the proper policy value iteration restarts from, when it must
    for k in range(1, max_iter + 1):
        q = (R + mdp.gamma * (op @ v)).reshape(S, A)           # Bellman optimality backup
        v_new = _max_over_actions(q)
        diff = v_new - v
        delta = float(np.max(np.abs(diff)))
        v = v_new
        history.append({"v": v.copy() if keep_history else None, "delta": delta})
        if stop == "bounds":
            lo, hi = float(diff.min()), float(diff.max())
            done = c * (hi - lo) / 2 < tol
            if done:
                v = v + c * (hi + lo) / 2                       # midpoint of MacQueen's bounds
        else:
            done = delta < tol
        if not done:
            continue
        q = _q(mdp, v, op)
        if mdp.gamma < 1.0:
            return DPResult(v, q, greedy_policy(mdp, q=q), k, history, "value_iteration")
        policy = _proper_among_best(mdp, q, op)
        if policy is not None:  # v is the value of a proper greedy policy: the best proper value
            return DPResult(v, q, policy, k, history, "value_iteration")
        if mu is not None:  # float noise hides the ties; mu is proper and v >= its value
            return DPResult(v, q, _proper_greedy(mdp, q, op, prefer=mu), k, history, "value_iteration")
        # only a never-ending loop attains v (the all-policies optimum): restart from a proper
        # policy's values, below the best proper value, from which value iteration rises to it
        mu = _progress_policy(mdp, op, np.ones((S, A), dtype=bool))
        v = _evaluate_exact(mdp, as_stochastic_policy(mdp, mu), op).v
    raise ValueError(_not_converged("value iteration", mdp.gamma, tol, max_iter, history))


def _not_converged(name: str, gamma: float, tol: float, max_iter: int, history: list[dict]) -> str:
    """Why iteration stopped short: at gamma = 1, changes that stop shrinking are values that
    grow by a loop's rewards; otherwise convergence is too slow for ``max_iter``."""
    deltas = [h["delta"] for h in history[1:]] or [np.inf]
    msg = f"{name} did not reach tol={tol} in max_iter={max_iter} sweeps (the last change was {deltas[-1]:.3g}"
    if gamma == 1.0 and deltas[-1] >= 0.99 * deltas[len(deltas) // 2]:
        return msg + ("): with gamma = 1 the values keep growing, so a loop that never ends pays "
                      "rewards and no proper policy is best (use gamma < 1)")
    if gamma < 1.0 and 0 < deltas[-1] < np.inf:
        more = int(np.ceil(np.log(tol / deltas[-1]) / np.log(gamma)))
        return msg + (f"): too slow to converge within max_iter, each sweep shrinks the change only by "
                      f"gamma = {gamma:.10g}; about {more} more sweeps are needed (raise max_iter, "
                      "use stop='bounds' or policy_iteration)")
    return msg + "): too slow to converge within max_iter (raise max_iter or tol, or use policy_iteration)"


def _progress_policy(mdp: MDP, op, allowed: np.ndarray, prefer=None):
    """A policy using only ``allowed[s, a]`` actions under which every state reaches a terminal
    state with probability 1, or ``None`` if there is none. Breadth-first from the terminal
    states: a state joins when an allowed action has a positive chance of entering a state that
    already joined (so each step has a chance of getting closer). ``prefer[s]`` wins when it
    qualifies at that step; otherwise the lowest qualifying action."""
    S, A = allowed.shape
    policy = np.argmax(allowed, axis=1) if prefer is None else np.array(prefer, copy=True)
    joined, frontier = mdp.terminal.copy(), mdp.terminal.copy()
    while frontier.any():
        enters = (op @ frontier.astype(float)).reshape(S, A) > 0   # (S, A): may enter the frontier
        ok = enters & allowed & ~joined[:, None]
        new = ok.any(axis=1)
        pick = np.argmax(ok, axis=1)
        if prefer is not None:
            pick = np.where(ok[np.arange(S), prefer], prefer, pick)
        policy[new] = pick[new]
        joined |= new
        frontier = new
    return policy if joined.all() else None


def _proper_among_best(mdp: MDP, q: np.ndarray, op, prefer=None):
    """With gamma = 1 a greedy policy can be *improper*: on FrozenLake 8x8 waiting in a safe cell
    and walking on both have value 1, and always waiting never reaches the goal. Pick, among the
    actions within a tie tolerance of the best (widened from 1e-9 while unconverged values blur
    ties), a combination that ends episodes; if ``q`` is a fixed point's, it attains it (a proper
    policy's value is the unique fixed point of its expectation operator). ``None`` when no such
    combination exists (then only a never-ending loop attains these values)."""
    for atol in (_TIE, 1e-8, 1e-7, 1e-6):
        policy = _progress_policy(mdp, op, optimal_actions(q, atol), prefer)
        if policy is not None:
            return policy
    return None


def _proper_greedy(mdp: MDP, q: np.ndarray, op, prefer) -> np.ndarray:
    """:func:`_proper_among_best`, falling back to the (proper) ``prefer``."""
    policy = _proper_among_best(mdp, q, op, prefer)
    return prefer if policy is None else policy


def _evaluation_error(history: list[dict]) -> float:
    """Tie tolerance after iterative evaluation: the error left when the change is ``d`` and
    shrinks by ``rho`` a sweep is about ``d rho / (1 - rho)``, far above ``d`` for a slow chain
    (a random walk at gamma = 1); kept within [1e-9, 1e-6], the tolerances of the ties."""
    d = [h["delta"] for h in history[-2:]]
    rho = d[-1] / d[0] if len(d) == 2 and 0 < d[-1] < d[0] else 0.0
    return float(np.clip(d[-1] * rho / (1 - rho), _TIE, 1e-6))


def policy_iteration(mdp: MDP, policy0=None, evaluation: str = "exact", tol: float = 1e-10,
                     max_iter: int = 10_000) -> DPResult:
    r"""Policy iteration: evaluate :math:`\pi_k`, then improve :math:`\pi_{k+1}(s) = \arg\max_a Q^{\pi_k}(s,a)`,
    until the policy is stable (then it is optimal).

    With ``gamma = 1`` only proper policies count (module docstring): it starts from a proper
    policy and each improvement picks, among the greedy actions, a combination that stays
    proper, so the answer is the best proper policy and its value (as :func:`value_iteration`);
    if the greedy step only offers loops that never end, those loops pay rewards, no proper
    policy is best, and it raises ``ValueError``.

    Args:
        mdp: the MDP.
        policy0: initial deterministic policy ``(S,)``; default all zeros (with
            ``gamma = 1``: a policy that reaches a terminal state; give a proper one).
        evaluation: ``"exact"`` (linear solve) or ``"iterative"`` (sweeps to ``tol``).
        tol: tolerance of iterative evaluation; ``max_iter``: at most this many improvements.

    Example:
        >>> import course_utils as cu
        >>> m = cu.gridworld.sutton_barto_5x5().to_mdp()
        >>> pi_res, vi_res = policy_iteration(m), value_iteration(m, tol=1e-10)
        >>> bool(abs(pi_res.v - vi_res.v).max() < 1e-8), pi_res.iterations < vi_res.iterations
        (True, True)
    """
    _check_mdp(mdp)
    tol = _check_tol(tol)
    if evaluation not in ("exact", "iterative"):
        raise ValueError(f"evaluation must be 'exact' or 'iterative', got {evaluation!r}")
    op = _operator(mdp.P)
    if mdp.gamma == 1.0:
        _check_episodic(mdp, mdp.P.max(axis=1), "any policy")
    if policy0 is None:
        policy = (_progress_policy(mdp, op, np.ones((mdp.n_states, mdp.n_actions), dtype=bool))
                  if mdp.gamma == 1.0 else np.zeros(mdp.n_states, dtype=int))
    else:
        policy = np.asarray(policy0)
        as_stochastic_policy(mdp, policy)  # validates
        if policy.shape != (mdp.n_states,):
            raise ValueError(f"policy0 must be deterministic actions of shape ({mdp.n_states},), got {policy.shape}")
    history, v_old = [], np.zeros(mdp.n_states)
    for k in range(1, max_iter + 1):
        pi = as_stochastic_policy(mdp, policy)
        ev = (_evaluate_exact(mdp, pi, op) if evaluation == "exact"
              else _evaluate_iterative(mdp, pi, op, tol, 100_000))
        q = ev.q
        # keep the current action where it is still (within float noise, or the error of an
        # iterative evaluation) a best one: true ties must not flip back and forth
        atol = _TIE if evaluation == "exact" else _evaluation_error(ev.history)
        keep = optimal_actions(q, atol)[np.arange(mdp.n_states), policy]
        new_policy = np.where(keep, policy, greedy_policy(mdp, q=q))
        if mdp.gamma == 1.0 and not keep.all():                   # stay proper
            proper = _proper_among_best(mdp, q, op, prefer=new_policy)
            if proper is None:
                loop = np.flatnonzero(~_reaches_terminal(_dense(_policy_model(
                    mdp, as_stochastic_policy(mdp, new_policy), op)[0]), mdp.terminal))
                raise ValueError(
                    "policy iteration: with gamma = 1 the greedy step prefers a loop that never "
                    f"reaches a terminal state (from state(s) {loop[:10].tolist()}) to every proper "
                    "policy, so that loop pays rewards and no proper policy is best (use gamma < 1)")
            new_policy = proper
        changed = int((new_policy != policy).sum())
        history.append({"v": ev.v.copy(), "delta": float(np.max(np.abs(ev.v - v_old))),
                        "policy": policy.copy(), "changed": changed, "eval_sweeps": ev.iterations})
        v_old = ev.v
        if keep.all():  # greedy with respect to its own values: optimal
            return DPResult(ev.v, q, policy, k, history, "policy_iteration")
        policy = new_policy
    raise ValueError(f"policy iteration did not stabilise in max_iter={max_iter} improvements")


def modified_policy_iteration(mdp: MDP, tol: float = 1e-8, k: int = 20,
                              max_iter: int = 100_000) -> DPResult:
    r"""Modified policy iteration: a greedy step :math:`\pi = \arg\max_a Q(v)`, then ``k``
    sweeps of :math:`v \leftarrow r_\pi + \gamma P_\pi v` (a partial evaluation), repeated.

    ``k = 0`` is value iteration, ``k = inf`` policy iteration. It stops with MacQueen's
    bounds as ``value_iteration(stop="bounds")`` does, so :math:`\|v - V^*\|_\infty \le` ``tol``.
    Starts from :math:`v_0 = \min_{s,a} R(s,a) / (1-\gamma)`, a lower bound on :math:`V^*`
    from which the iterates rise monotonically (Puterman 1994, ch. 6). Needs ``gamma < 1``
    (that start and the bounds scale with :math:`1/(1-\gamma)`): at ``gamma = 1`` it raises
    ``ValueError`` rather than answer differently from the best proper policy of
    :func:`value_iteration` and :func:`policy_iteration`.

    >>> import course_utils as cu
    >>> m = cu.gridworld.sutton_barto_5x5().to_mdp()
    >>> res = modified_policy_iteration(m, tol=1e-6)
    >>> bool(abs(res.v - policy_iteration(m).v).max() <= 1e-6), res.iterations < 20
    (True, True)
    """
    _check_mdp(mdp)
    tol = _check_tol(tol)
    if mdp.gamma >= 1.0:
        raise ValueError("modified_policy_iteration needs gamma < 1; use policy_iteration for gamma = 1")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise ValueError(f"k (evaluation sweeps per step) must be an integer >= 0, got {k!r}")
    S, A = mdp.n_states, mdp.n_actions
    op, R, c = _operator(mdp.P), mdp.R.reshape(-1), mdp.gamma / (1.0 - mdp.gamma)
    v = np.full(S, mdp.R.min() / (1.0 - mdp.gamma))
    history = [{"v": v.copy(), "delta": np.inf}]
    for it in range(1, max_iter + 1):
        q = (R + mdp.gamma * (op @ v)).reshape(S, A)           # Q(v), (S, A)
        policy = greedy_policy(mdp, q=q)
        u = _max_over_actions(q)                               # T v
        diff = u - v
        lo, hi = float(diff.min()), float(diff.max())
        history.append({"v": u.copy(), "delta": float(np.max(np.abs(diff))), "policy": policy})
        if c * (hi - lo) / 2 < tol:
            v = u + c * (hi + lo) / 2                          # midpoint of MacQueen's bounds
            return DPResult(v, _q(mdp, v, op), policy, it, history, "modified_policy_iteration")
        rows = np.arange(S) * A + policy                       # rows of P_pi in (S*A, S)
        P_pi, r_pi = op[rows], R[rows]
        v = u
        for _ in range(k):                                     # partial evaluation of pi
            v = r_pi + mdp.gamma * (P_pi @ v)
    raise ValueError(f"modified policy iteration did not reach tol={tol} in max_iter={max_iter} steps")


def solve(mdp: MDP, algorithm: str = "value_iteration", tol: float = 1e-8) -> DPResult:
    """Run ``"value_iteration"``, ``"policy_iteration"`` or ``"modified_policy_iteration"`` by
    name (for widgets and exercises); ``tol`` goes to the iterative methods. At ``gamma = 1``
    the first two return the best proper policy (module docstring) and the third refuses.

    >>> import course_utils as cu
    >>> solve(cu.gridworld.GridWorld(["SG"]).to_mdp(), "policy_iteration").policy.tolist()
    [2, 0]
    """
    if algorithm == "value_iteration":
        return value_iteration(mdp, tol=tol)
    if algorithm == "policy_iteration":
        return policy_iteration(mdp)
    if algorithm == "modified_policy_iteration":
        return modified_policy_iteration(mdp, tol=tol)
    raise ValueError("algorithm must be 'value_iteration', 'policy_iteration' or "
                     f"'modified_policy_iteration', got {algorithm!r}")
