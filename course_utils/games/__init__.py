"""Two-player zero-sum games with perfect information, and how to solve them.

A game is the six functions of Russell & Norvig's chapter on adversarial search:
``initial_state()``, ``to_move(s)`` (alias ``player``; 0 moves first and maximises),
``legal_actions(s)``, ``next_state(s, a)``, ``is_terminal(s)`` and ``utility(s)``, always
from the first player's view. :func:`minimax` and :func:`alphabeta` return a
:class:`SearchResult`; :func:`count_tree` counts games, outcomes and positions.

>>> game = TicTacToe()
>>> minimax(game, game.initial_state(), table={}).value    # a draw under perfect play
0
>>> count_tree(game).games
255168
"""

from . import match, saddle, search, trace  # noqa: F401  (cu.games.trace, ...)
from .match import TicTacToeMatch
from .rules import Game, Nim, NimState, TicTacToe, TreeGame
from .search import (
    SearchResult,
    TraceStep,
    TreeCounts,
    action_values,
    alphabeta,
    count_tree,
    minimax,
    reachable_states,
)

__all__ = ["Game", "TicTacToe", "Nim", "NimState", "TreeGame", "SearchResult", "TraceStep",
           "TreeCounts", "minimax", "alphabeta", "action_values", "count_tree", "reachable_states",
           "TicTacToeMatch", "match", "saddle", "search", "trace"]
