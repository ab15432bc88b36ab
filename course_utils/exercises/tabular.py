"""Chapter 3's exercise kinds ``tabular.*`` (listed in :mod:`course_utils.exercises`).

* ``tabular.td_update`` — a number: the new table entry after one Q-learning, SARSA or
  TD(0) update, computed by :func:`course_utils.rl.tabular.td_update`::

      update:
        algorithm: q_learning      # q_learning | sarsa | td0
        q: 0.5                     # Q(s, a) (or V(s)) before the update
        reward: -1.0
        next_values: [0.0, 2.0, 1.0, -1.0]   # Q(s', .) (td0: one number, V(s'))
        next_action: 3             # sarsa only: the action a' taken next (0-based)
        terminated: false          # optional
        alpha: 0.1
        gamma: 0.9

* ``tabular.learned_action`` — a choice: the action the *converged* learner's greedy policy
  takes in a cell of a gridworld, with the ``grid`` section of the chapter-2 kinds. For
  ``q_learning`` that is an optimal action (Q-learning learns :math:`Q^*` whatever it
  explores with); for ``sarsa`` with a fixed ε it is the greedy action of the best
  ε-greedy policy (:func:`course_utils.rl.tabular.epsilon_soft_optimum`). A tutor who changes
  ε, the slip or the rewards changes the answer::

      learner: {algorithm: sarsa, epsilon: 0.1}
      ask: {cell: L}

>>> from course_utils.exercises import from_dict
>>> ex = from_dict({"kind": "tabular.td_update", "title": "t", "question": "new Q?",
...                 "update": {"algorithm": "q_learning", "q": 0.5, "reward": -1, "next_values": [0, 2],
...                            "alpha": 0.1, "gamma": 0.9}})
>>> round(ex.answer(), 3), ex.check("0.53").correct
(0.53, True)
"""

from __future__ import annotations

import numpy as np

from ..rl import dp
from ..rl.tabular import epsilon_soft_optimum, td_update
from . import grid as gx
from .core import NUMBER, Exercise, ExerciseError, Kind

__all__ = ["td_update_exercise", "learned_action", "KINDS"]

_ALGORITHMS = ("q_learning", "sarsa", "td0")
_UPDATE_FIELDS = ("algorithm", "q", "reward", "next_values", "next_action", "terminated", "alpha", "gamma")


def _update_args(ex: Exercise) -> dict:
    for name in ex.get("update", dict):
        if name not in _UPDATE_FIELDS:
            raise ExerciseError(ex.path, f"update.{name}", f"unknown field (allowed: {', '.join(_UPDATE_FIELDS)})")
    algorithm = ex.get("update.algorithm", str, check=lambda a: a in _ALGORITHMS, expected=" | ".join(_ALGORITHMS))
    if algorithm == "td0":
        next_values = ex.get("update.next_values", float)
    else:
        next_values = ex.get("update.next_values", list, check=lambda v: len(v) >= 1, expected="a non-empty list")
        for i in range(len(next_values)):
            if isinstance(next_values[i], bool) or not isinstance(next_values[i], (int, float)):
                raise ExerciseError(ex.path, "update.next_values", f"entry {i} must be a number, got {next_values[i]!r}")
    next_action = None
    if algorithm == "sarsa":
        n = len(next_values)
        next_action = ex.get("update.next_action", int, check=lambda a: 0 <= a < n,
                             expected=f"an action index in 0..{n - 1}")
    return dict(
        q_sa=ex.get("update.q", float), reward=ex.get("update.reward", float), q_next=next_values,
        alpha=ex.get("update.alpha", float, check=lambda a: 0 < a <= 1, expected="a step size in (0, 1]"),
        gamma=ex.get("update.gamma", float, check=lambda g: 0 <= g <= 1, expected="a number in [0, 1]"),
        terminated=ex.get("update.terminated", bool, False), algorithm=algorithm, next_action=next_action,
    )


def _validate_update(ex: Exercise) -> None:
    _update_args(ex)


def td_update_exercise(ex: Exercise) -> float:
    """The updated entry :math:`Q(s,a) + \\alpha\\,[\\text{target} - Q(s,a)]`."""
    return float(td_update(**_update_args(ex)))


def _learner(ex: Exercise) -> tuple[str, float]:
    for name in ex.get("learner", dict):
        if name not in ("algorithm", "epsilon"):
            raise ExerciseError(ex.path, f"learner.{name}", "unknown field (allowed: algorithm, epsilon)")
    algorithm = ex.get("learner.algorithm", str, check=lambda a: a in ("q_learning", "sarsa"),
                       expected="q_learning | sarsa")
    epsilon = ex.get("learner.epsilon", float, 0.1, check=lambda e: 0 <= e <= 1, expected="a number in [0, 1]")
    return algorithm, epsilon


def _validate_learned(ex: Exercise) -> None:
    for name in ex.get("ask", dict):
        if name != "cell":
            raise ExerciseError(ex.path, f"ask.{name}", "unknown field (allowed: cell)")
    _learner(ex)
    gx.cell_of(ex, gx.grid_of(ex))
    err = ex.solving_error()
    if err is not None:
        raise ExerciseError(ex.path, "grid.gamma" if "gamma" in str(err) else "learner", str(err)) from None


def learned_action(ex: Exercise) -> frozenset:
    """The greedy action(s) in ``ask.cell`` of the policy the learner converges to."""
    m, grid = gx.mdp_of(ex), gx.grid_of(ex)
    s = gx.cell_of(ex, grid)
    if m.terminal[s]:
        raise ExerciseError(ex.path, "ask.cell", "is a terminal cell: there is no action to choose")
    algorithm, epsilon = _learner(ex)
    if algorithm == "q_learning":
        q = dp.value_iteration(m, tol=1e-10).q
    else:
        q, _ = epsilon_soft_optimum(m, epsilon)
    best = dp.optimal_actions(q, atol=1e-6)[s]
    return frozenset(gx.ACTION_NAMES[a] for a in np.flatnonzero(best))


#: The kinds of this module (``tabular.learned_action`` is drawn like the gridworld kinds).
KINDS = (
    Kind("tabular.td_update", td_update_exercise, NUMBER, ("update",), _validate_update),
    Kind("tabular.learned_action", learned_action, gx.ACTION_ANSWER, ("grid", "learner", "ask"),
         _validate_learned),
)
