"""Game-tree figures and the play widget: what is drawn, and that bad input becomes a message."""

import matplotlib.pyplot as plt
import pytest

from course_utils import game_plots as gp
from course_utils import games as G
from course_utils import saddle_plots
from course_utils.games import trace

FIG_5_2 = G.TreeGame([[3, 12, 8], [2, 4, 6], [14, 5, 2]])


def test_layout_centres_parents_over_their_children():
    pos, edges = trace.tree_layout(FIG_5_2)
    assert len(pos) == 13 and len(edges) == 12
    assert [pos[(i, j)][0] for i in range(3) for j in range(3)] == list(range(9))
    assert pos[(1,)] == (4.0, 1) and pos[()] == (4.0, 0)
    assert trace.node_names(pos, edges) == {(): "A", (0,): "B", (1,): "C", (2,): "D"}


def test_trace_figure_greys_the_pruned_leaves_and_marks_the_cut():
    r = G.alphabeta(FIG_5_2, trace=True)
    ax = gp.draw_game_tree(FIG_5_2, trace=r.trace)
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("✂") == 2
    grey = {t.get_text() for t in ax.texts if t.get_color() == gp.PRUNED_COLOR}
    assert grey == {"4", "6"}              # the two leaves alpha-beta never looks at
    plt.close("all")


def test_step_descriptions_follow_the_trace():
    r = G.alphabeta(FIG_5_2, trace=True)
    words = [trace.describe_step(FIG_5_2, r.trace, k) for k in range(1, len(r.trace) + 1)]
    assert words[0].startswith("enter MAX node A")
    assert sum(w.startswith("prune at MIN node C") for w in words) == 1
    assert words[-1] == "MAX node A returns 3"
    with pytest.raises(ValueError, match="step must be in 1.."):
        trace.describe_step(FIG_5_2, r.trace, 0)


def test_board_figure_labels_moves_from_the_movers_view():
    game = G.TicTacToe()
    s = game.parse("XO. / .XO / ...")             # X to move: 2, 3, 6, 8 win, 7 draws
    ax = gp.draw_board(s, G.action_values(game, s))
    words = sorted(t.get_text().split("\n")[1] for t in ax.texts if "\n" in t.get_text())
    assert words == ["draw", "win", "win", "win", "win"]
    plt.close("all")


def test_the_perfect_player_never_loses_to_a_random_player():
    import random
    rng = random.Random(0)
    for game_no in range(20):
        m = G.TicTacToeMatch(human="XO"[game_no % 2])
        while not m.game.is_terminal(m.state):
            m.move(rng.choice(m.game.legal_actions(m.state)))
        assert m.game.winner(m.state) in ("draw", "OX"[game_no % 2])


def test_match_refuses_bad_input_with_clear_messages():
    m = G.TicTacToeMatch("X")
    for bad, needle in [("nine", "cell number"), ("12", "cell index 0..8"), (-1, "cell index")]:
        with pytest.raises(ValueError, match=needle):
            m.move(bad)
    m.move(0)
    taken = next(i for i, ch in enumerate(m.state) if ch == "O")
    with pytest.raises(ValueError, match="taken"):
        m.move(str(taken))
    with pytest.raises(ValueError, match="'X' or 'O'"):
        G.TicTacToeMatch("Z")


def test_widget_shows_a_message_not_a_traceback():
    box = gp.play_tictactoe("X")
    box.buttons[4].click()
    assert box.match[0].state.count("X") == 1 and box.match[0].state.count("O") == 1
    box.buttons[4].click()                          # taken cell
    assert "taken" in box.message.value and "color:#b00020" in box.message.value
    box.typed.value = "banana"
    assert "cell number" in box.message.value and box.typed.value == ""
    plt.close("all")


def test_gda_figure_draws_one_line_per_run():
    from course_utils.games.saddle import METHODS, bilinear_gda
    ax = saddle_plots.draw_gda([bilinear_gda(1.0, 0.0, 0.2, 30, m) for m in METHODS])
    assert len(ax.lines) == 3
    plt.close("all")
