"""Chapter 2's exercise kinds ``gridworld.*``: questions about a gridworld, answered by
:mod:`course_utils.rl.dp`.

Both kinds read a ``grid`` section (the map and its rewards, as :class:`GridWorld` takes
them) and an ``ask`` section::

    grid:
      map: |          # rows of the map: S start, . floor, # wall, G goal, H hole, letters
        S . . G
        . # . H
      rewards: {G: 1.0, H: -1.0}   # reward for entering a cell, by letter
      step_reward: 0.0             # optional: added to every move
      bump_reward: 0.0             # optional: walking into a wall or the edge
      slip: 0.0                    # optional: chance of moving sideways
      terminal: GH                 # optional: letters of terminal cells (default GH)
      teleports: {A: [a, 10]}      # optional: every action in A moves to a, paying 10
      gamma: 0.9
    ask:
      cell: S        # a letter that appears once, or [row, col]
      policy: optimal            # gridworld.value: optimal | random | a map of arrows
      sweeps: 2                  # gridworld.value, optional: v_k after k sweeps of VI from 0

A map has at most ``MAX_SIDE`` rows and columns, ``ask.sweeps`` is at most ``MAX_SWEEPS``.

* ``gridworld.value``: a number, :math:`V(s)` of the cell (within ``tolerance``);
* ``gridworld.action``: the best action in the cell (left, down, right, up or an arrow);
  every optimal action is accepted when there are ties.

>>> from course_utils.exercises import from_dict
>>> ex = from_dict({"kind": "gridworld.action", "title": "t", "question": "Best move in S?",
...                 "grid": {"map": "S.G", "gamma": 0.9}, "ask": {"cell": "S"}})
>>> sorted(ex.answer()), ex.check("→").correct, ex.check("left").correct
(['right'], True, False)
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..rl import dp
from ..rl.gridworld import ARROWS, GridWorld
from ..rl.mdp import MDP, as_stochastic_policy
from .core import NUMBER, Exercise, ExerciseError, Kind, choice

__all__ = ["grid_of", "mdp_of", "cell_of", "ACTION_NAMES", "ACTION_ANSWER", "MAX_SIDE", "MAX_SWEEPS",
           "gridworld_value", "gridworld_action", "KINDS"]

ACTION_NAMES = ("left", "down", "right", "up")
_SPELLINGS = {**{n: n for n in ACTION_NAMES}, **{a: n for a, n in zip(ARROWS, ACTION_NAMES)},
              **{n[0]: n for n in ACTION_NAMES}, "w": "up", "a": "left", "s": "down", "d": "right"}
#: Answers that are an action of the grid (arrows, names, initials and WASD).
ACTION_ANSWER = choice(_SPELLINGS)
#: Largest map a ``grid`` section may have: rows and columns (a figure of 20 x 20 is already dense).
MAX_SIDE = 20
#: Most ``ask.sweeps`` (v_k after k sweeps; by then v_k has long converged for gamma <= 0.99).
MAX_SWEEPS = 10_000
_GRID_FIELDS = {"map", "rewards", "step_reward", "bump_reward", "slip", "terminal", "teleports", "gamma"}


def grid_of(ex: Exercise, key: str = "grid") -> GridWorld:
    """Build the :class:`GridWorld` of section ``key``; errors name the field."""
    if "grid" in ex.cache:
        return ex.cache["grid"]
    section = ex.get(key, dict)
    for name in section:
        if name not in _GRID_FIELDS:
            raise ExerciseError(ex.path, f"{key}.{name}", f"unknown field (allowed: {', '.join(sorted(_GRID_FIELDS))})")
    raw = ex.get(f"{key}.map", (str, list))
    rows = raw.strip().splitlines() if isinstance(raw, str) else [str(r) for r in raw]
    rows = [r.replace(" ", "") for r in rows if r.strip()]
    width = max((len(r) for r in rows), default=0)
    if len(rows) > MAX_SIDE or width > MAX_SIDE:
        raise ExerciseError(ex.path, f"{key}.map", f"is {len(rows)} rows by {width} columns; a map has at "
                            f"most {MAX_SIDE} rows and {MAX_SIDE} columns")
    rewards = ex.get(f"{key}.rewards", dict, None)
    if rewards is not None:
        for ch in rewards:
            ex.get(f"{key}.rewards.{ch}", float)
            if not (isinstance(ch, str) and len(ch) == 1):
                raise ExerciseError(ex.path, f"{key}.rewards", f"keys are single letters of the map, got {ch!r}")
        rewards = {ch: float(r) for ch, r in rewards.items()}
    teleports = {}
    for ch, target in ex.get(f"{key}.teleports", dict, {}).items():
        if not (isinstance(target, list) and len(target) == 2 and isinstance(target[0], str)
                and isinstance(target[1], (int, float)) and not isinstance(target[1], bool)):
            raise ExerciseError(ex.path, f"{key}.teleports.{ch}", f"expected [target_letter, reward], got {target!r}")
        teleports[str(ch)] = (target[0], float(target[1]))
    kwargs = dict(
        rewards=rewards, teleports=teleports,
        step_reward=ex.get(f"{key}.step_reward", float, 0.0),
        bump_reward=ex.get(f"{key}.bump_reward", float, 0.0),
        slip=ex.get(f"{key}.slip", float, 0.0, check=lambda p: 0 <= p <= 1, expected="a probability in [0, 1]"),
        terminal=ex.get(f"{key}.terminal", str, "GH"),
        gamma=ex.get(f"{key}.gamma", float, check=lambda g: 0 <= g <= 1, expected="a number in [0, 1]"),
    )
    try:
        grid = GridWorld(rows, **kwargs)
    except ValueError as err:
        msg = str(err)
        name = next((f for f in ("rewards", "teleport", "slip") if msg.startswith(f)), "map")
        raise ExerciseError(ex.path, f"{key}.{name.replace('teleport', 'teleports')}", msg) from None
    ex.cache["grid"] = grid
    return grid


def mdp_of(ex: Exercise, key: str = "grid") -> MDP:
    """The MDP of the exercise's grid; a gamma of 1 without an end is a ``grid.gamma`` error."""
    if "mdp" not in ex.cache:
        try:
            ex.cache["mdp"] = grid_of(ex, key).to_mdp()
        except ValueError as err:
            raise ExerciseError(ex.path, f"{key}.gamma", str(err)) from None
    return ex.cache["mdp"]


def cell_of(ex: Exercise, grid: GridWorld, key: str = "ask.cell") -> int:
    """The state asked about: a letter appearing once in the map, or ``[row, col]``."""
    cell = ex.get(key, (str, list))
    if isinstance(cell, str):
        found = grid.find(cell)
        if len(found) != 1:
            raise ExerciseError(ex.path, key, f"letter {cell!r} appears {len(found)} times in the map; "
                                "use a letter that appears once or [row, col]")
        return grid.state_of(found[0])
    if len(cell) != 2 or not all(isinstance(i, int) and not isinstance(i, bool) for i in cell):
        raise ExerciseError(ex.path, key, f"expected a letter or [row, col], got {cell!r}")
    try:
        return grid.state_of(tuple(cell))
    except ValueError as err:
        raise ExerciseError(ex.path, key, str(err)) from None


def _policy(ex: Exercise, m: MDP, grid: GridWorld):
    """``ask.policy``: 'optimal' (None), 'random', or a map of arrows (one per free cell)."""
    spec = ex.get("ask.policy", (str, list), "optimal")
    if spec == "optimal":
        return None
    if spec == "random":
        return np.full((m.n_states, m.n_actions), 1.0 / m.n_actions)
    rows = spec.strip().splitlines() if isinstance(spec, str) else [str(r) for r in spec]
    rows = [r.replace(" ", "") for r in rows if r.strip()]
    if len(rows) != grid.shape[0] or any(len(r) != grid.shape[1] for r in rows):
        raise ExerciseError(ex.path, "ask.policy", f"expected 'optimal', 'random' or a {grid.shape[0]}x"
                            f"{grid.shape[1]} map of arrows {''.join(ARROWS)}, got {spec!r}")
    actions = np.zeros(m.n_states, dtype=int)
    for s, (i, j) in enumerate(grid.cells):
        ch = rows[i][j]
        if ch in ARROWS:
            actions[s] = ARROWS.index(ch)
        elif not m.terminal[s]:
            raise ExerciseError(ex.path, "ask.policy", f"cell ({i}, {j}) needs an arrow {''.join(ARROWS)}, got {ch!r}")
    return actions


def _validate(ex: Exercise) -> None:
    allowed = ("cell", "policy", "sweeps") if ex.kind == "gridworld.value" else ("cell",)
    for name in ex.get("ask", dict):
        if name not in allowed:
            raise ExerciseError(ex.path, f"ask.{name}", f"unknown field (allowed: {', '.join(allowed)})")
    cell_of(ex, grid_of(ex))
    try:
        ex.answer()
        ex.wrong_answer()
    except ExerciseError:
        raise
    except ValueError as err:  # e.g. gamma = 1 with a policy that never ends
        raise ExerciseError(ex.path, "grid.gamma" if "gamma" in str(err) else "ask", str(err)) from None


def gridworld_value(ex: Exercise) -> float:
    """V(s) of ``ask.cell``: optimal (value iteration), of a given policy (exact solve),
    or after ``ask.sweeps`` Bellman backups from zero."""
    m, grid = mdp_of(ex), grid_of(ex)
    s = cell_of(ex, grid)
    policy = _policy(ex, m, grid)
    sweeps = ex.get("ask.sweeps", int, None, check=lambda k: 1 <= k <= MAX_SWEEPS,
                    expected=f"an integer >= 1 and <= {MAX_SWEEPS}")
    if sweeps is not None:
        S, A = m.n_states, m.n_actions
        op = sp.csr_matrix(m.P.reshape(S * A, S))  # (S*A, S), sparse: MAX_SWEEPS of the largest map take ~0.1 s
        v = np.zeros(S)
        pi = None if policy is None else as_stochastic_policy(m, policy)
        for _ in range(sweeps):
            q = m.R + m.gamma * (op @ v).reshape(S, A)       # dp.q_from_v, (S, A)
            v = q.max(axis=1) if pi is None else (pi * q).sum(axis=1)
        return float(v[s])
    if policy is None:
        return float(dp.value_iteration(m, tol=1e-10).v[s])
    return float(dp.policy_evaluation_exact(m, policy).v[s])


def gridworld_action(ex: Exercise) -> frozenset:
    """The optimal actions in ``ask.cell`` (all of them when several tie)."""
    m, grid = mdp_of(ex), grid_of(ex)
    s = cell_of(ex, grid)
    if m.terminal[s]:
        raise ExerciseError(ex.path, "ask.cell", "is a terminal cell: there is no action to choose")
    res = dp.value_iteration(m, tol=1e-10)
    best = dp.optimal_actions(res.q, atol=1e-6)[s]
    return frozenset(ACTION_NAMES[a] for a in np.flatnonzero(best))


#: The kinds of this module (drawn by :func:`course_utils.exercises.widget.draw_grid_exercise`).
KINDS = (
    Kind("gridworld.value", gridworld_value, NUMBER, ("grid", "ask"), _validate),
    Kind("gridworld.action", gridworld_action, ACTION_ANSWER, ("grid", "ask"), _validate),
)
