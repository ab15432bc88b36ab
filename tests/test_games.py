"""Games and search: published tic-tac-toe counts, Bouton's theorem for Nim, textbook trees,
Knuth & Moore's best-case bound, alpha-beta = minimax on every reachable position, bad input."""

from __future__ import annotations

import functools
import itertools
import random

import pytest

from course_utils import games as G

TTT = G.TicTacToe()
LINES = [(r, r + 1, r + 2) for r in (0, 3, 6)] + [(c, c + 3, c + 6) for c in (0, 1, 2)] + [(0, 4, 8), (2, 4, 6)]


# --- an independent reference solver, written from the rules only ---------------------
def _winner(b):
    for i, j, k in LINES:
        if b[i] != "." and b[i] == b[j] == b[k]:
            return b[i]
    return None


@functools.cache
def _reference(b):
    """(value for X, size of the game tree below b) by plain recursion over the rules."""
    w = _winner(b)
    if w or "." not in b:
        return {"X": 1, "O": -1, None: 0}[w], 1
    mark = "X" if b.count("X") == b.count("O") else "O"
    kids = [_reference(b[:i] + mark + b[i + 1:]) for i in range(9) if b[i] == "."]
    values = [v for v, _ in kids]
    return (max(values) if mark == "X" else min(values)), 1 + sum(n for _, n in kids)


@pytest.fixture(scope="module")
def positions():
    return G.reachable_states(TTT)


# --- counts ----------------------------------------------------------------------------
def test_tic_tac_toe_counts_match_the_published_numbers():
    c = G.count_tree(TTT)
    assert c.games == 255_168
    assert (c.wins_first, c.wins_second, c.draws) == (131_184, 77_904, 46_080)
    assert c.positions == 5_478                     # legal positions, the empty board included
    assert c.games_by_length == {5: 1_440, 6: 5_328, 7: 47_952, 8: 72_576, 9: 127_872}
    assert c.nodes == _reference("." * 9)[1] == 549_946
    assert c.terminal_positions == sum(TTT.is_terminal(s) for s in G.reachable_states(TTT))


def test_reachable_positions_are_all_legal_and_distinct(positions):
    assert len(positions) == len(set(positions)) == 5_478
    by_moves = [sum(9 - s.count(".") == n for s in positions) for n in range(10)]
    assert by_moves == [1, 9, 72, 252, 756, 1260, 1520, 1140, 390, 78]   # known counts by number of marks


def test_count_tree_on_nim_matches_a_brute_force_enumeration():
    game = G.Nim((1, 2, 2))

    def paths(s):
        if game.is_terminal(s):
            yield [s]
            return
        for a in game.legal_actions(s):
            for rest in paths(game.next_state(s, a)):
                yield [s, *rest]

    all_games = list(paths(game.initial_state()))
    c = G.count_tree(game)
    assert c.games == len(all_games)
    assert c.wins_first == sum(game.utility(p[-1]) > 0 for p in all_games)
    assert c.draws == 0 and c.wins_first + c.wins_second == c.games
    assert c.positions == len({s for p in all_games for s in p})


# --- values ----------------------------------------------------------------------------
def test_tic_tac_toe_is_a_draw_and_plain_minimax_visits_the_whole_tree():
    r = G.minimax(TTT)
    assert r.value == 0 and r.nodes == 549_946
    assert G.action_values(TTT, TTT.initial_state()) == {a: 0 for a in range(9)}   # every opening draws


def test_minimax_and_alphabeta_agree_on_every_reachable_position(positions):
    minimax_table, ab_table, ab_ordered_table = {}, {}, {}
    fewer = 0
    for i, s in enumerate(positions):
        value, tree_nodes = _reference(s)
        mm = G.minimax(TTT, s, table=minimax_table)
        variants = [G.alphabeta(TTT, s), G.alphabeta(TTT, s, table=ab_table),
                    G.alphabeta(TTT, s, order=True, table=ab_ordered_table)]
        if i % 4 == 0:      # ordering without a table is the slowest variant: every 4th position
            variants.append(G.alphabeta(TTT, s, order=True))
        assert mm.value == value, s
        for r in [mm, *variants]:
            assert r.value == value, s
            if TTT.is_terminal(s):
                assert r.action is None
            else:   # the move returned achieves the value
                assert _reference(TTT.next_state(s, r.action))[0] == value, (s, r.action)
        plain = variants[0]
        assert plain.nodes <= tree_nodes
        fewer += plain.nodes < tree_nodes
    assert fewer > 1_000
    empty = TTT.initial_state()
    assert G.alphabeta(TTT, empty).nodes < G.minimax(TTT, empty).nodes / 10
    assert G.alphabeta(TTT, empty, order=True).nodes < G.alphabeta(TTT, empty).nodes


def test_nim_values_follow_boutons_theorem():
    for heaps in itertools.product(range(4), repeat=3):
        game = G.Nim(heaps)
        s = game.initial_state()
        if game.is_terminal(s):
            continue
        expected = 1 if heaps[0] ^ heaps[1] ^ heaps[2] else -1
        assert G.minimax(game, s, table={}).value == expected, heaps
        r = G.alphabeta(game, s, order=True)
        assert r.value == expected, heaps
        if expected == 1:   # the winning move leaves a nim-sum of zero
            h = game.next_state(s, r.action).heaps
            assert h[0] ^ h[1] ^ h[2] == 0
        second = G.Nim(heaps)                 # same heaps, second player to move
        assert G.alphabeta(second, G.NimState(heaps, 1), table={}).value == -expected


def test_russell_norvig_figure_5_2_and_its_pruned_leaves():
    game = G.TreeGame([[3, 12, 8], [2, 4, 6], [14, 5, 2]])
    mm, ab = G.minimax(game, ()), G.alphabeta(game, (), trace=True)
    assert (mm.value, mm.action, mm.nodes) == (3, 0, 13)
    assert (ab.value, ab.action, ab.nodes) == (3, 0, 11)
    prunes = [(t.state, t.pruned) for t in ab.trace if t.kind == "prune"]
    assert prunes == [((1,), (1, 2))]          # after the leaf 2, MIN's node is worth <= 2 < 3
    leaves = [t.state for t in ab.trace if t.kind == "leaf"]
    assert leaves == [(0, 0), (0, 1), (0, 2), (1, 0), (2, 0), (2, 1), (2, 2)]


def _uniform_tree(b, d, leaves):
    return next(leaves) if d == 0 else [_uniform_tree(b, d - 1, leaves) for _ in range(b)]


def _sort_best_first(node, maximise=True):
    """The same tree with every node's children in best-first order; returns (tree, value)."""
    if not isinstance(node, list):
        return node, node
    kids = sorted((_sort_best_first(c, not maximise) for c in node), key=lambda kv: kv[1],
                  reverse=maximise)
    return [t for t, _ in kids], kids[0][1]


@pytest.mark.parametrize("b,d", [(2, 3), (3, 4), (4, 3), (2, 6)])
def test_perfect_ordering_meets_knuth_moore_bound(b, d):
    rng = random.Random(b * 10 + d)
    values = rng.sample(range(10_000), b ** d)          # distinct leaves: no lucky ties
    tree = _uniform_tree(b, d, iter(values))
    game = G.TreeGame(_sort_best_first(tree)[0])
    r = G.alphabeta(game, (), trace=True)
    leaves = sum(t.kind == "leaf" for t in r.trace)
    assert leaves == b ** -(-d // 2) + b ** (d // 2) - 1        # Knuth & Moore (1975)
    assert r.value == G.minimax(G.TreeGame(tree), ()).value


# --- bad input -------------------------------------------------------------------------
@pytest.mark.parametrize("board,needle", [
    ("X.O", "9 characters"), ("X.O......Z", "9 characters"), ("XAO......", "9 characters"),
    ("OO.......", "X moves first"), ("XXX......", "X moves first"),
    ("XXXOOO...", "both"), ("XXXOO.O..", "after X had won"), ("OOOXX.X.X", "after O had won"),
    (["X"] * 9, "string"),
])
def test_malformed_boards_are_refused(board, needle):
    with pytest.raises(ValueError, match=needle):
        TTT.legal_actions(board)


def test_illegal_moves_and_moves_after_the_end_are_refused():
    s = TTT.play([4])
    with pytest.raises(ValueError, match="taken by 'X'"):
        TTT.next_state(s, 4)
    for bad in (9, -1, "4", 4.0, True, None):
        with pytest.raises(ValueError, match="cell index 0..8"):
            TTT.next_state(s, bad)
    won = TTT.play([0, 3, 1, 4, 2])                # X: top row
    assert TTT.winner(won) == "X" and TTT.utility(won) == 1 and TTT.legal_actions(won) == []
    with pytest.raises(ValueError, match="game is over"):
        TTT.next_state(won, 8)
    with pytest.raises(ValueError, match="non-terminal"):
        TTT.utility(s)
    assert TTT.parse("X.. / .O. / ...") == "X...O...."


def test_nim_and_tree_games_refuse_bad_input():
    game = G.Nim((1, 2))
    s = game.initial_state()
    for bad in ((2, 1), (0, 2), (0, 0), 3, (1,)):
        with pytest.raises(ValueError, match="Nim action|illegal move"):
            game.next_state(s, bad)
    with pytest.raises(ValueError, match="game is over"):
        game.next_state(G.NimState((0, 0), 1), (0, 1))
    for bad_state in (((1,), 0), ((1, -1), 0), ((1, 2), 2), "heaps"):
        with pytest.raises(ValueError, match="Nim state"):
            game.legal_actions(bad_state)
    for heaps in ((), (1, -2), (1.5,)):
        with pytest.raises(ValueError, match="heaps"):
            G.Nim(heaps)
    with pytest.raises(ValueError, match="must be a number"):
        G.TreeGame([[1, "a"], [2]])
    with pytest.raises(ValueError, match="empty internal node"):
        G.TreeGame([[1], []])
    with pytest.raises(ValueError, match="illegal action"):
        G.TreeGame([[1, 2], [3]]).next_state((1,), 1)
