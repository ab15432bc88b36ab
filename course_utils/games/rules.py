"""The games themselves: the interface and tic-tac-toe, Nim and explicit trees.

A game is the six functions of Russell & Norvig's chapter on adversarial search:
``initial_state()``, ``to_move(s)`` (alias ``player``; 0 moves first and maximises),
``legal_actions(s)``, ``next_state(s, a)``, ``is_terminal(s)`` and ``utility(s)``, always
from the first player's view. Searching them is :mod:`course_utils.games.search`.

>>> game = TicTacToe()
>>> game.legal_actions(game.initial_state())
[0, 1, 2, 3, 4, 5, 6, 7, 8]
"""

from __future__ import annotations

from functools import cache
from numbers import Integral
from typing import NamedTuple

__all__ = ["Game", "TicTacToe", "Nim", "NimState", "TreeGame"]


class Game:
    """The interface. Subclasses implement the six methods; states must be hashable."""

    def initial_state(self): raise NotImplementedError
    def to_move(self, s) -> int: raise NotImplementedError           # 0: first player (MAX)
    def legal_actions(self, s) -> list: raise NotImplementedError
    def next_state(self, s, a): raise NotImplementedError
    def is_terminal(self, s) -> bool: raise NotImplementedError
    def utility(self, s) -> float: raise NotImplementedError          # first player's view

    def player(self, s) -> int:
        """Alias of :meth:`to_move`."""
        return self.to_move(s)

    def order_actions(self, s, actions: list) -> list:
        """Promising actions first (used by ``alphabeta(..., order=True)``); default: as given."""
        return actions

    def play(self, actions, s=None):
        """The state after ``actions`` from ``s`` (default: the initial state), each checked."""
        s = self.initial_state() if s is None else s
        for a in actions:
            s = self.next_state(s, a)
        return s


# --- tic-tac-toe -------------------------------------------------------------------------
LINES = ((0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6))
CENTER_CORNERS_EDGES = (4, 0, 2, 6, 8, 1, 3, 5, 7)
_PREFERENCE = {a: rank for rank, a in enumerate(CENTER_CORNERS_EDGES)}
_LINES_THROUGH = tuple(tuple(line for line in LINES if a in line) for a in range(9))


def _ttt_analyse(board: str) -> tuple[int, str | None]:
    """(player to move, winner 'X'/'O'/'draw'/None) of a board; ValueError if impossible."""
    if not isinstance(board, str):
        raise ValueError(f"a tic-tac-toe board is a 9-character string, got {board!r}")
    return _ttt_analyse_str(board)


@cache
def _ttt_analyse_str(board: str) -> tuple[int, str | None]:
    if len(board) != 9 or set(board) - set("XO."):
        raise ValueError(f"a tic-tac-toe board is 9 characters from 'X', 'O', '.', got {board!r}")
    x, o = board.count("X"), board.count("O")
    if not 0 <= x - o <= 1:
        raise ValueError(f"board {board!r} has {x} X and {o} O; X moves first, so X = O or O + 1")
    wins = {board[i] for i, j, k in LINES if board[i] != "." and board[i] == board[j] == board[k]}
    if len(wins) == 2:
        raise ValueError(f"board {board!r}: both X and O have three in a row")
    if wins == {"X"} and x != o + 1 or wins == {"O"} and x != o:
        raise ValueError(f"board {board!r}: play went on after {wins.pop()} had won")
    winner = wins.pop() if wins else ("draw" if x + o == 9 else None)
    return x - o, winner


class TicTacToe(Game):
    """Tic-tac-toe. A state is a 9-character string, row by row: ``"X.O......"``.

    Actions are cell indices 0–8 (row-major); X moves first and is the maximiser:
    the utility is +1 if X wins, −1 if O wins, 0 for a draw.

    >>> g = TicTacToe()
    >>> s = g.play([4, 0])
    >>> print(g.render(s))
    O . .
    . X .
    . . .
    >>> g.to_move(s), g.legal_actions(s)[:3]
    (0, [1, 2, 3])
    >>> g.next_state(s, 4)
    Traceback (most recent call last):
    ...
    ValueError: illegal move 4: cell 4 is taken by 'X' on board 'O...X....'
    """

    def initial_state(self) -> str:
        return "." * 9

    @staticmethod
    def parse(text: str) -> str:
        """A board from a drawing such as ``"X.O / .X. / ..O"`` (spaces, '/' and newlines ignored)."""
        board = "".join(ch for ch in str(text).upper().replace("-", ".") if ch not in " /\n\t|")
        _ttt_analyse(board)
        return board

    def to_move(self, s: str) -> int:
        return _ttt_analyse(s)[0]

    def winner(self, s: str) -> str | None:
        """``'X'``, ``'O'``, ``'draw'``, or ``None`` while the game goes on."""
        return _ttt_analyse(s)[1]

    def legal_actions(self, s: str) -> list[int]:
        return [] if self.winner(s) else [i for i, ch in enumerate(s) if ch == "."]

    def next_state(self, s: str, a: int) -> str:
        winner = self.winner(s)
        if winner is not None:
            raise ValueError(f"the game is over ({winner if winner == 'draw' else winner + ' won'}); "
                             f"no move is legal on board {s!r}")
        if isinstance(a, bool) or not isinstance(a, Integral) or not 0 <= a <= 8:
            raise ValueError(f"a tic-tac-toe action is a cell index 0..8, got {a!r}")
        a = int(a)
        if s[a] != ".":
            raise ValueError(f"illegal move {a}: cell {a} is taken by {s[a]!r} on board {s!r}")
        return s[:a] + "XO"[self.to_move(s)] + s[a + 1:]

    def is_terminal(self, s: str) -> bool:
        return self.winner(s) is not None

    def utility(self, s: str) -> int:
        winner = self.winner(s)
        if winner is None:
            raise ValueError(f"utility of a non-terminal board {s!r}")
        return {"X": 1, "O": -1, "draw": 0}[winner]

    def order_actions(self, s: str, actions: list[int]) -> list[int]:
        """Winning moves, then blocking moves, then centre, corners, edges."""
        me, you = ("X", "O") if self.to_move(s) == 0 else ("O", "X")

        def key(a):
            lines = [(s[i], s[j], s[k]) for i, j, k in _LINES_THROUGH[a]]
            return (not any(line.count(me) == 2 for line in lines),     # completes my line
                    not any(line.count(you) == 2 for line in lines),    # blocks yours
                    _PREFERENCE[a])
        return sorted(actions, key=key)

    @staticmethod
    def render(s: str) -> str:
        return "\n".join(" ".join(s[r * 3:r * 3 + 3]) for r in range(3))


# --- Nim ---------------------------------------------------------------------------------
class NimState(NamedTuple):
    heaps: tuple[int, ...]
    to_move: int


class Nim(Game):
    """Normal-play Nim: take any positive number of objects from one heap; who takes the last wins.

    An action is ``(heap, count)``. Bouton's theorem (1901) says the player to move wins
    exactly when the XOR of the heap sizes is non-zero — a closed form to test search against.

    >>> g = Nim((1, 2))
    >>> from course_utils.games.search import alphabeta, minimax
    >>> minimax(g, g.initial_state()).value, alphabeta(g, g.initial_state()).action
    (1, (1, 1))
    """

    def __init__(self, heaps=(1, 2, 3)):
        if not heaps or any(isinstance(h, bool) or not isinstance(h, int) or h < 0 for h in heaps):
            raise ValueError(f"heaps must be a non-empty sequence of integers >= 0, got {heaps!r}")
        self.heaps = tuple(heaps)
        self._checked: set[NimState] = set()       # states already validated (search revisits them)

    def initial_state(self) -> NimState:
        return NimState(self.heaps, 0)

    def check(self, s) -> NimState:
        """``s`` as a :class:`NimState`; ValueError if it is not ``(heaps, to_move)`` of this game."""
        if type(s) is NimState and s in self._checked:  # a plain tuple equals its NimState: convert it
            return s
        try:
            heaps, to_move = s
            heaps = tuple(heaps)
        except (TypeError, ValueError):
            raise ValueError(f"a Nim state is (heaps, to_move), got {s!r}") from None
        if (len(heaps) != len(self.heaps) or to_move not in (0, 1)
                or any(isinstance(h, bool) or not isinstance(h, Integral) or h < 0 for h in heaps)):
            raise ValueError(f"malformed Nim state {s!r}: expected {len(self.heaps)} heap sizes >= 0 "
                             f"and to_move 0 or 1")
        s = NimState(tuple(int(h) for h in heaps), int(to_move))
        self._checked.add(s)
        return s

    def to_move(self, s: NimState) -> int:
        return self.check(s).to_move

    def legal_actions(self, s: NimState) -> list[tuple[int, int]]:
        return [(i, k) for i, h in enumerate(self.check(s).heaps) for k in range(1, h + 1)]

    def next_state(self, s: NimState, a) -> NimState:
        s = self.check(s)
        if self.is_terminal(s):
            raise ValueError(f"the game is over (all heaps empty); no move is legal in {s}")
        try:
            i, k = a
        except (TypeError, ValueError):
            raise ValueError(f"a Nim action is (heap, count), got {a!r}") from None
        if not (isinstance(i, Integral) and 0 <= i < len(s.heaps) and isinstance(k, Integral)
                and 1 <= k <= s.heaps[i]):
            raise ValueError(f"illegal move {a!r} on heaps {s.heaps}: need heap in 0..{len(s.heaps) - 1} "
                             f"and 1 <= count <= its size")
        i, k = int(i), int(k)
        heaps = s.heaps[:i] + (s.heaps[i] - k,) + s.heaps[i + 1:]
        return NimState(heaps, 1 - s.to_move)

    def is_terminal(self, s: NimState) -> bool:
        return not any(self.check(s).heaps)

    def utility(self, s: NimState) -> int:
        if not self.is_terminal(s):
            raise ValueError(f"utility of a non-terminal state {s}")
        return -1 if s[1] == 0 else 1     # the player who took the last object won

    def order_actions(self, s: NimState, actions: list) -> list:
        return sorted(actions, key=lambda a: -a[1])   # big takes first


# --- a game tree given explicitly (textbook figures) ------------------------------------
class TreeGame(Game):
    """A game tree written as nested lists; leaves are utilities for MAX (who moves first).

    A state is the path of child indices from the root, so ``()`` is the root.

    >>> g = TreeGame([[3, 12, 8], [2, 4, 6], [14, 5, 2]])   # Russell & Norvig, Fig. 5.2
    >>> from course_utils.games.search import alphabeta
    >>> r = alphabeta(g, ())
    >>> r.value, r.action, r.nodes    # minimax visits all 13 nodes
    (3, 0, 11)
    """

    def __init__(self, tree):
        def check(node, path):
            if isinstance(node, (list, tuple)):
                if not node:
                    raise ValueError(f"empty internal node at path {path}")
                for i, child in enumerate(node):
                    check(child, path + (i,))
            elif isinstance(node, bool) or not isinstance(node, (int, float)):
                raise ValueError(f"leaf at path {path} must be a number, got {node!r}")
        check(tree, ())
        self.tree = tree

    def node(self, s: tuple):
        node = self.tree
        for i in s:
            if not isinstance(node, (list, tuple)) or not (isinstance(i, int) and 0 <= i < len(node)):
                raise ValueError(f"path {s!r} leaves the tree")
            node = node[i]
        return node

    def initial_state(self) -> tuple:
        return ()

    def to_move(self, s: tuple) -> int:
        return len(s) % 2

    def legal_actions(self, s: tuple) -> list[int]:
        node = self.node(s)
        return list(range(len(node))) if isinstance(node, (list, tuple)) else []

    def next_state(self, s: tuple, a: int) -> tuple:
        if a not in self.legal_actions(s):
            raise ValueError(f"illegal action {a!r} at {s!r}: legal are {self.legal_actions(s)}")
        return s + (a,)

    def is_terminal(self, s: tuple) -> bool:
        return not isinstance(self.node(s), (list, tuple))

    def utility(self, s: tuple):
        if not self.is_terminal(s):
            raise ValueError(f"utility of the internal node {s!r}")
        return self.node(s)
