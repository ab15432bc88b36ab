"""Gridworlds from a text map: the course's small, editable MDPs.

A map is a list of equal-length strings, one character a cell::

    S . . .        S  start cell (an episode starts on one of them)
    . # . H        .  empty floor        #  wall (not a state)
    . . . G        G  goal (terminal)    H  hole (terminal)
                   any other letter: a named cell (for rewards or teleports)

Moves are ``0 ←, 1 ↓, 2 →, 3 ↑`` (FrozenLake's order). With probability ``slip`` the
agent moves to one of the two perpendicular directions instead (half each). Bumping
into a wall or the edge leaves it in place.

>>> g = GridWorld(["S..", ".#G"], rewards={"G": 1.0}, gamma=0.9)
>>> m = g.to_mdp()
>>> m.n_states, m.n_actions
(5, 4)
>>> g.cell_of(m.n_states - 1)
(1, 2)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import gymnasium as gym
import numpy as np

from .mdp import MDP, MDPEnv

__all__ = ["GridWorld", "ACTIONS", "ARROWS", "GridWorldEnv", "sutton_barto_5x5", "ENV_ID"]

#: (row, column) displacement of each action.
ACTIONS = ((0, -1), (1, 0), (0, 1), (-1, 0))
ARROWS = ("←", "↓", "→", "↑")
ENV_ID = "course_utils/GridWorld-v0"


@dataclass
class GridWorld:
    """A gridworld specification that builds an :class:`~course_utils.rl.mdp.MDP`.

    Args:
        layout: rows of the map (see the module docstring for the characters).
        rewards: reward for *entering* a cell, by its character; ``None`` means
            ``{"G": 1}`` when the map has a goal.
        step_reward: reward added to every move (e.g. ``-1`` for "be quick").
        bump_reward: reward for trying to leave the grid or walk into a wall.
        slip: probability of moving perpendicular to the intended direction.
        teleports: ``{char: (target_char, reward)}``: every action taken in a cell with
            ``char`` moves to the cell with ``target_char`` and pays ``reward``
            (Sutton & Barto's A → A').
        terminal: the characters of terminal cells.
        gamma: the discount factor of the MDP.
    """

    layout: Sequence[str]
    rewards: Mapping[str, float] | None = None
    step_reward: float = 0.0
    bump_reward: float = 0.0
    slip: float = 0.0
    teleports: Mapping[str, tuple[str, float]] = field(default_factory=dict)
    terminal: str = "GH"
    gamma: float = 0.9

    def __post_init__(self) -> None:
        if isinstance(self.layout, str):
            self.layout = [row.strip() for row in self.layout.strip().splitlines()]
        rows = [str(r).replace(" ", "") for r in self.layout]
        if not rows or not rows[0]:
            raise ValueError("layout must have at least one row and one column")
        width = len(rows[0])
        for i, row in enumerate(rows):
            if len(row) != width:
                raise ValueError(f"layout rows must all have length {width}, row {i} {row!r} has {len(row)}")
            for j, ch in enumerate(row):
                if not (ch in ".#" or ch.isalpha()):
                    raise ValueError(
                        f"layout cell ({i}, {j}) is {ch!r}; use '.', '#' or a letter"
                    )
        self.layout = rows
        if not 0.0 <= float(self.slip) <= 1.0:
            raise ValueError(f"slip must be in [0, 1], got {self.slip}")
        chars = {ch for row in rows for ch in row}
        if self.rewards is None:
            self.rewards = {"G": 1.0} if "G" in chars else {}
        for ch in self.rewards:
            if ch not in chars:
                raise ValueError(f"rewards names cell {ch!r}, which is not in the layout")
        for ch, (target, _) in self.teleports.items():
            if ch not in chars or target not in chars:
                raise ValueError(f"teleport {ch!r} -> {target!r} names a cell not in the layout")
            if sum(row.count(target) for row in rows) != 1:
                raise ValueError(f"teleport target {target!r} must appear exactly once in the layout")
        self.cells = [(i, j) for i, row in enumerate(rows) for j, ch in enumerate(row) if ch != "#"]
        if not self.cells:
            raise ValueError("layout has no free cell")
        self._index = {cell: k for k, cell in enumerate(self.cells)}

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.layout), len(self.layout[0])

    def char(self, cell: tuple[int, int]) -> str:
        return self.layout[cell[0]][cell[1]]

    def state_of(self, cell: tuple[int, int]) -> int:
        """The state index of a ``(row, col)`` cell."""
        if tuple(cell) not in self._index:
            raise ValueError(f"cell {cell} is a wall or outside the {self.shape} grid")
        return self._index[tuple(cell)]

    def cell_of(self, state: int) -> tuple[int, int]:
        """The ``(row, col)`` cell of a state index."""
        return self.cells[state]

    def find(self, ch: str) -> list[tuple[int, int]]:
        return [c for c in self.cells if self.char(c) == ch]

    def _move(self, cell, action) -> tuple[tuple[int, int], bool]:
        di, dj = ACTIONS[action]
        i, j = cell[0] + di, cell[1] + dj
        H, W = self.shape
        if not (0 <= i < H and 0 <= j < W) or self.layout[i][j] == "#":
            return cell, True
        return (i, j), False

    def to_mdp(self) -> MDP:
        """Build the MDP: ``P[s, a, s']``, the transition rewards ``R_sas`` and their expectation ``R[s, a]``."""
        S, A = len(self.cells), len(ACTIONS)
        P = np.zeros((S, A, S))
        PR = np.zeros((S, A, S))  # sum of prob * reward per transition; R(s,a,s') = PR / P
        terminal = np.array([self.char(c) in self.terminal for c in self.cells])
        for s, cell in enumerate(self.cells):
            if terminal[s]:
                P[s, :, s] = 1.0
                continue
            ch = self.char(cell)
            if ch in self.teleports:
                target, reward = self.teleports[ch]
                t = self.state_of(self.find(target)[0])
                P[s, :, t] = 1.0
                PR[s, :, t] = reward
                continue
            for a in range(A):
                # intended move with 1 - slip, each perpendicular move with slip / 2
                for b, prob in ((a, 1.0 - self.slip), ((a + 1) % 4, self.slip / 2), ((a + 3) % 4, self.slip / 2)):
                    if prob == 0.0:
                        continue
                    nxt, bumped = self._move(cell, b)
                    reward = self.step_reward + (self.bump_reward if bumped else self.rewards.get(self.char(nxt), 0.0))
                    P[s, a, self.state_of(nxt)] += prob
                    PR[s, a, self.state_of(nxt)] += prob * reward
        starts = np.array([self.char(c) == "S" for c in self.cells], dtype=float)
        if starts.sum() == 0:
            starts = (~terminal).astype(float)
        names = [f"{c}" for c in self.cells]
        R_sas = np.divide(PR, P, out=np.zeros_like(PR), where=P > 0)
        return MDP.from_transitions(P, R_sas, self.gamma, terminal=terminal,
                                    initial=starts / starts.sum(), state_names=names,
                                    action_names=list(ARROWS))

    def grid_values(self, values) -> np.ndarray:
        """Scatter per-state ``values`` onto an ``(H, W)`` array (NaN on walls) for plotting."""
        values = np.asarray(values, dtype=float)
        if values.shape != (len(self.cells),):
            raise ValueError(f"values must have shape ({len(self.cells)},), got {values.shape}")
        out = np.full(self.shape, np.nan)
        for s, (i, j) in enumerate(self.cells):
            out[i, j] = values[s]
        return out


def sutton_barto_5x5(gamma: float = 0.9) -> GridWorld:
    """Sutton & Barto's gridworld (Example 3.5 / 3.8): A → A' pays +10, B → B' pays +5,
    bumping into the edge costs −1, every other move pays 0; no terminal state.

    >>> sutton_barto_5x5().to_mdp().n_states
    25
    """
    return GridWorld(
        [".A.B.",
         ".....",
         "...b.",
         ".....",
         ".a..."],
        rewards={}, bump_reward=-1.0, teleports={"A": ("a", 10.0), "B": ("b", 5.0)},
        terminal="", gamma=gamma,
    )


class GridWorldEnv(MDPEnv):
    """The Gymnasium env of a :class:`GridWorld` (registered as ``course_utils/GridWorld-v0``).

    >>> import gymnasium as gym
    >>> env = gym.make(ENV_ID, layout=["SG"], max_steps=10)
    >>> obs, info = env.reset(seed=0)
    >>> env.step(2)[:3]
    (1, 1.0, True)
    """

    metadata = {"render_modes": ["ansi"]}

    def __init__(self, layout: Sequence[str] = ("S...", ".#.H", "...G"), max_steps: int = 100,
                 render_mode: str | None = None, **spec):
        self.grid = GridWorld(list(layout), **spec)
        super().__init__(self.grid.to_mdp(), max_steps=max_steps, render_mode=render_mode)

    def render(self):
        if self.render_mode != "ansi":
            return None
        rows = [list(r) for r in self.grid.layout]
        i, j = self.grid.cell_of(self.s)
        rows[i][j] = "@"
        return "\n".join("".join(r) for r in rows) + "\n"


if ENV_ID not in gym.registry:
    gym.register(id=ENV_ID, entry_point=GridWorldEnv)
