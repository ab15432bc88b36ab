"""Search in two-player zero-sum games: minimax, alpha-beta, and counting the game tree.

The functions take any object with the game interface of :mod:`course_utils.games`
(``initial_state``, ``to_move``, ``legal_actions``, ``next_state``, ``is_terminal``,
``utility``); values are always from the first player's (MAX's) view. They are
re-exported by :mod:`course_utils.games`, so ``cu.games.minimax`` is the name to use.

>>> from course_utils.games import Nim
>>> minimax(Nim((1, 2, 3))).value     # 1 ^ 2 ^ 3 == 0: the first player loses
-1
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SearchResult", "TraceStep", "TreeCounts", "minimax", "alphabeta", "action_values",
           "count_tree", "reachable_states"]


# --- search ------------------------------------------------------------------------------
@dataclass
class TraceStep:
    """One event of an alpha-beta search.

    ``kind`` is "enter" (a node is opened with the window ``(alpha, beta)``), "leaf" (a
    terminal's utility is read), "update" (a child returned; ``alpha``/``beta`` and the
    node's best ``value`` so far are updated), "prune" (``alpha >= beta``: the actions in
    ``pruned`` are skipped) or "exit" (the node returns ``value``).
    """
    kind: str
    state: Any
    alpha: float
    beta: float
    value: float | None = None
    pruned: tuple = ()          # for "prune": the actions left unexplored


@dataclass
class SearchResult:
    value: float                # first player's view, exact for the root
    action: Any                 # a best action for the player to move (None at a terminal)
    nodes: int                  # nodes visited, root included (a table hit counts, its subtree not)
    trace: list[TraceStep] = field(default_factory=list)


def minimax(game, state=None, *, table: dict | None = None) -> SearchResult:
    """Exhaustive minimax: MAX picks the child of largest value, MIN the smallest.

    $V(s) = U(s)$ at a terminal, else $\\max_a V(s')$ or $\\min_a V(s')$. Pass a dict as
    ``table`` (a transposition table, reusable across calls) to solve every position once.
    """
    state = game.initial_state() if state is None else state
    nodes = 1                   # the root

    def value(s):
        nonlocal nodes
        nodes += 1
        if table is not None and s in table:
            return table[s]
        if game.is_terminal(s):
            v = game.utility(s)
        else:
            children = (value(game.next_state(s, a)) for a in game.legal_actions(s))
            v = max(children) if game.to_move(s) == 0 else min(children)
        if table is not None:
            table[s] = v
        return v

    if game.is_terminal(state):
        return SearchResult(game.utility(state), None, nodes)
    sign = 1 if game.to_move(state) == 0 else -1
    best_v, best_a = -math.inf, None
    for a in game.legal_actions(state):
        v = value(game.next_state(state, a))
        if sign * v > best_v:
            best_v, best_a = sign * v, a
    return SearchResult(sign * best_v, best_a, nodes)


_EXACT, _LOWER, _UPPER = 0, 1, 2


def alphabeta(game, state=None, *, order: bool = False, table: dict | None = None,
              trace: bool = False) -> SearchResult:
    """Minimax with alpha-beta pruning: same root value, far fewer nodes.

    ``alpha`` is the value MAX is already sure of, ``beta`` what MIN is sure of; once
    ``alpha >= beta`` the rest of a node's children cannot change the root's value.
    ``order=True`` tries ``game.order_actions`` first (good moves first prune more).
    ``table`` stores ``(value, bound)`` per state (exact, lower or upper bound).
    ``trace=True`` records every event (see :class:`TraceStep`) in ``result.trace``.
    """
    state = game.initial_state() if state is None else state
    nodes, steps = 0, []

    def actions(s):
        acts = game.legal_actions(s)
        return game.order_actions(s, acts) if order else acts

    def search(s, alpha, beta, root=False):
        nonlocal nodes
        nodes += 1
        if game.is_terminal(s):
            v = game.utility(s)
            if trace:
                steps.append(TraceStep("leaf", s, alpha, beta, v))
            return v, None
        alpha0, beta0 = alpha, beta
        if table is not None and not root and s in table:
            v, bound = table[s]
            if bound == _EXACT:
                return v, None
            alpha, beta = (max(alpha, v), beta) if bound == _LOWER else (alpha, min(beta, v))
            if alpha >= beta:
                return v, None
        if trace:
            steps.append(TraceStep("enter", s, alpha, beta))
        maximise = game.to_move(s) == 0
        best_v, best_a = (-math.inf if maximise else math.inf), None
        acts = actions(s)
        for i, a in enumerate(acts):
            v, _ = search(game.next_state(s, a), alpha, beta)
            if (v > best_v) if maximise else (v < best_v):
                best_v, best_a = v, a
            if maximise:
                alpha = max(alpha, v)
            else:
                beta = min(beta, v)
            if trace:
                steps.append(TraceStep("update", s, alpha, beta, best_v))
            if alpha >= beta and i + 1 < len(acts):
                if trace:
                    steps.append(TraceStep("prune", s, alpha, beta, best_v, tuple(acts[i + 1:])))
                break
        if table is not None:
            bound = _UPPER if best_v <= alpha0 else _LOWER if best_v >= beta0 else _EXACT
            table[s] = (best_v, bound)
        if trace:
            steps.append(TraceStep("exit", s, alpha, beta, best_v))
        return best_v, best_a

    v, a = search(state, -math.inf, math.inf, root=True)
    return SearchResult(v, a, nodes, steps)


def action_values(game, state, table: dict | None = None) -> dict:
    """Exact minimax value (first player's view) of every legal action in ``state``."""
    table = {} if table is None else table
    return {a: minimax(game, game.next_state(state, a), table=table).value
            for a in game.legal_actions(state)}


# --- counting ----------------------------------------------------------------------------
@dataclass
class TreeCounts:
    games: int                  # root-to-terminal paths (complete games)
    wins_first: int             # games won by the first player (utility > 0)
    wins_second: int            # games won by the second player (utility < 0)
    draws: int
    positions: int              # distinct states reachable, the start included
    terminal_positions: int
    nodes: int                  # nodes of the game *tree* (what plain minimax visits)
    games_by_length: dict[int, int]   # number of moves -> games


def count_tree(game, state=None) -> TreeCounts:
    """Count the game tree below ``state`` by dynamic programming over distinct positions.

    Each position is expanded once; its subtree's outcome counts are memoised, so the
    255,168 games of tic-tac-toe are counted in a fraction of a second.
    """
    state = game.initial_state() if state is None else state
    memo: dict[Any, tuple[Counter, int]] = {}   # state -> (Counter{(sign, moves): games}, tree nodes)

    def count(s):
        if s not in memo:
            if game.is_terminal(s):
                u = game.utility(s)
                memo[s] = (Counter({((u > 0) - (u < 0), 0): 1}), 1)
            else:
                games, nodes = Counter(), 1
                for a in game.legal_actions(s):
                    child_games, child_nodes = count(game.next_state(s, a))
                    for (sign, n), c in child_games.items():
                        games[sign, n + 1] += c
                    nodes += child_nodes
                memo[s] = (games, nodes)
        return memo[s]

    games, nodes = count(state)
    by_sign = Counter()
    by_length = Counter()
    for (sign, n), c in games.items():
        by_sign[sign] += c
        by_length[n] += c
    return TreeCounts(sum(games.values()), by_sign[1], by_sign[-1], by_sign[0], len(memo),
                      sum(game.is_terminal(s) for s in memo), nodes, dict(sorted(by_length.items())))


def reachable_states(game, state=None) -> list:
    """Every distinct state reachable from ``state`` (default: the start), breadth first."""
    state = game.initial_state() if state is None else state
    seen, frontier = {state: None}, [state]
    while frontier:
        nxt = []
        for s in frontier:
            for a in game.legal_actions(s):
                t = game.next_state(s, a)
                if t not in seen:
                    seen[t] = None
                    nxt.append(t)
        frontier = nxt
    return list(seen)
