"""A tic-tac-toe match between a person and the perfect (alpha-beta) player: the play
widget's logic (:func:`course_utils.show.game_plots.play_tictactoe` draws it)."""

from __future__ import annotations

from .rules import TicTacToe
from .search import action_values, alphabeta

__all__ = ["TicTacToeMatch"]


class TicTacToeMatch:
    """A game between a person and the perfect (alpha-beta) player; the widget's logic.

    >>> m = TicTacToeMatch(human="X")
    >>> m.move("4")
    >>> m.state.count("O")       # the computer answered
    1
    >>> m.move("4")
    Traceback (most recent call last):
    ...
    ValueError: illegal move 4: cell 4 is taken by 'X' on board ...
    """

    def __init__(self, human: str = "X"):
        if human not in ("X", "O"):
            raise ValueError(f"human must be 'X' or 'O', got {human!r}")
        self.game, self.human, self.table = TicTacToe(), human, {}
        self.state = self.game.initial_state()
        if human == "O":
            self._reply()

    def values(self) -> dict:
        """Exact value (for X) of each legal move in the current position."""
        return action_values(self.game, self.state, self.table)

    def move(self, cell) -> None:
        """Play the person's move (an int 0–8, or text such as "4"), then the computer's reply."""
        if self.game.is_terminal(self.state):
            raise ValueError(f"the game is over ({self.game.winner(self.state)}); start a new one")
        if "XO"[self.game.to_move(self.state)] != self.human:
            raise ValueError("it is not your turn")
        if isinstance(cell, str):
            text = cell.strip()
            if not text.isdigit():
                raise ValueError(f"type a cell number 0..8, got {cell!r}")
            cell = int(text)
        self.state = self.game.next_state(self.state, cell)
        self._reply()

    def _reply(self):
        if not self.game.is_terminal(self.state):
            best = alphabeta(self.game, self.state, order=True).action   # immediate wins first
            self.state = self.game.next_state(self.state, best)
