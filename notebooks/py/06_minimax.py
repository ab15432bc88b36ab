# %% [markdown]
# # Minimax: from game trees to the GAN objective
#
# The reinforcement-learning chapters had one agent against an indifferent environment. Now
# the environment fights back. In a **two-player zero-sum game** one player's gain is the
# other's loss, so a good move is not the one with the best outcome, but the one whose *worst*
# outcome is best: you **minimise your opponent's maximum**. This principle — *minimax* — solves
# board games such as tic-tac-toe exactly ([von Neumann, 1928](../book/references.md#vonneumann1928theorie); [Russell and Norvig, 2021](../book/references.md#russell2021artificial)),
# and it is also how generative adversarial networks are defined: a generator $G$ and a
# discriminator $D$ play $\min_G \max_D V(D, G)$ ([Goodfellow et al., 2014](../book/references.md#goodfellow2014generative)).
#
# **Learning goals.** After this chapter you can
#
# 1. describe a game by its states, players, actions, transitions, terminal test and utility, and say what *zero-sum* means;
# 2. compute minimax values by hand and with code, and draw the game tree they come from;
# 3. run alpha-beta pruning step by step, say which branches it prunes and why the root's value is unchanged;
# 4. count tic-tac-toe's games and positions and show that perfect play ends in a draw;
# 5. map the minimax game onto the GAN value function, find a saddle point, and explain why
#    simultaneous gradient steps spiral away from it while alternating steps circle.

# %% tags=["remove-cell"]
# Colab set-up: clones the course and installs its package on Google Colab; does nothing elsewhere.
import os
import subprocess
import sys

REPO = "https://github.com/rl-gan-course/rl-gan-course"  # your own copy: python -m course_utils.colab set-url URL
if "google.colab" in sys.modules:
    if not os.path.isdir("/content/rl-gan-course"):
        clone = subprocess.run(["git", "clone", "--depth", "1", REPO, "/content/rl-gan-course"],
                               capture_output=True, text=True)
        if clone.returncode != 0:
            raise RuntimeError(f"Colab set-up: could not clone {REPO}: {clone.stderr.strip()}")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", "/content/rl-gan-course[atari]"],
                       check=True)
        print(f"Colab set-up: cloned {REPO}, installed course_utils[atari] (Colab's ipywidgets kept)")
    sys.path.insert(0, "/content/rl-gan-course")
    os.chdir("/content/rl-gan-course/notebooks")

# %%
import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

import course_utils as cu
from course_utils import game_plots as gp
from course_utils import saddle

G = cu.games
cu.set_seed(0)
threads = cu.use_free_cores()  # NumPy's BLAS: as many threads as cores are free
print("budget:", cu.budget(), "| threads:", threads)

# %% [markdown]
# ## Two-player zero-sum games
#
# A game with perfect information (both players see everything, no dice) is described by six
# ingredients, the same for chess, Go and tic-tac-toe ([Russell and Norvig, 2021](../book/references.md#russell2021artificial)):
#
# | ingredient | here | tic-tac-toe |
# |---|---|---|
# | initial state $s_0$ | `game.initial_state()` | the empty board |
# | player to move | `game.to_move(s)` | X (player 0, **MAX**) moves first, then O (**MIN**) |
# | actions $A(s)$ | `game.legal_actions(s)` | the empty cells, numbered 0–8 |
# | transition $s' = \mathrm{result}(s, a)$ | `game.next_state(s, a)` | put the mover's mark in cell $a$ |
# | terminal test | `game.is_terminal(s)` | three in a row, or a full board |
# | utility $U(s)$ | `game.utility(s)` | $+1$ X wins, $-1$ O wins, $0$ draw |
#
# **Zero-sum** means the two players' utilities add up to zero: whatever X gains, O loses. So a
# single number $U(s)$, written from the first player's view, describes the game: MAX wants it
# large, MIN wants it small. Compared with an MDP (chapter 1), the "environment" is now another
# agent with the opposite goal.

# %%
ttt = G.TicTacToe()
s = ttt.play([4, 0, 2])            # X centre, O corner, X corner
print(ttt.render(s))
print("to move:", "XO"[ttt.to_move(s)], "| legal actions:", ttt.legal_actions(s))
assert ttt.to_move(s) == 1 and len(ttt.legal_actions(s)) == 6

# %% [markdown]
# The game refuses what the rules forbid, with a message that says why:

# %%
for bad_move in (4, 9):
    try:
        ttt.next_state(s, bad_move)
    except ValueError as err:
        print("refused:", err)
try:
    ttt.legal_actions("XXX.OO.O.")       # play went on after X had won?
except ValueError as err:
    print("refused:", err)

# %% [markdown]
# ## The minimax principle
#
# The lecture's rule for a sequential zero-sum game: *since it is zero-sum, the worst case for
# you is the maximum score of your opponent — so minimise your opponent's maximum.* Applied at
# every node of the game, from the leaves upwards, it defines the **minimax value**
#
# $$
# V(s) = \begin{cases}
# U(s) & \text{if } s \text{ is terminal},\\
# \max_{a \in A(s)} V(\mathrm{result}(s, a)) & \text{if MAX is to move},\\
# \min_{a \in A(s)} V(\mathrm{result}(s, a)) & \text{if MIN is to move.}
# \end{cases}
# $$
#
# $V(s)$ is what MAX gets from $s$ if both sides play perfectly; a move that achieves it is a
# **minimax move**. It is the two-player cousin of the Bellman optimality equation: a $\max$
# over actions, but every other level is a $\min$ and there is no discount. Computing $V$ from
# the leaves up is **backward induction**. That every finite game of perfect information has a
# value found this way is usually credited to Zermelo's 1913 paper on chess
# ([Zermelo, 1913](../book/references.md#zermelo1913anwendung)), which bears only a partial relation to the theorem now named
# after him ([Schwalbe and Walker, 2001](../book/references.md#schwalbe2001zermelo)); the general result is von Neumann and Morgenstern's for
# two-person zero-sum games ([von Neumann and Morgenstern, 1944](../book/references.md#vonneumann1944theory)) and Kuhn's for finite games of perfect
# information with any number of players, where backward induction yields an equilibrium in
# pure strategies ([Kuhn, 1953](../book/references.md#kuhn1953extensive)). Von Neumann's minimax theorem
# ([von Neumann, 1928](../book/references.md#vonneumann1928theorie)) gives a value to games where the players move at the same time.
#
# The smallest example is the two-ply game of Russell & Norvig's Figure 5.2
# ([Russell and Norvig, 2021](../book/references.md#russell2021artificial)): MAX picks a branch $B$, $C$ or $D$, then MIN picks a leaf.

# %%
tree = G.TreeGame([[3, 12, 8], [2, 4, 6], [14, 5, 2]])
values = {node: G.minimax(tree, node).value for node in G.reachable_states(tree)}
ax = gp.draw_game_tree(tree, values=values)
ax.set_title("minimax values (green): MIN takes the smallest leaf, MAX the largest MIN value")
plt.show()
result = G.minimax(tree)
print(f"V(A) = {result.value}, best move: branch {'BCD'[result.action]}, nodes visited: {result.nodes}")
assert (values[(0,)], values[(1,)], values[(2,)]) == (3, 2, 2) and result.value == 3 and result.nodes == 13

# %% [markdown]
# MAX does **not** go for the branch with the biggest leaf (14 in $D$): MIN would answer with 2.
# Branch $B$ guarantees 3 whatever MIN does. That is the whole principle: judge a move by its
# worst case.
#
# <div class="admonition note"><p class="admonition-title">Sequential versus simultaneous moves</p>
#
# Order matters. In *matching pennies* both players show a coin at once; the row player wins
# $+1$ if they match and $-1$ otherwise. With pure strategies the player who must commit first
# loses: $\max_i \min_j A_{ij} = -1 < \min_j \max_i A_{ij} = +1$. Von Neumann's theorem says that
# with **mixed** (random) strategies the two orders give the same value,
# $\max_p \min_q p^\top A q = \min_q \max_p p^\top A q$: here $0$, at $p = q = (\tfrac12, \tfrac12)$.
# That equal value is a **saddle point** — we meet it again with GANs at the end of this chapter.
#
# </div>

# %%
A = np.array([[1, -1], [-1, 1]])                 # matching pennies, row player's payoff
maximin_pure, minimax_pure = A.min(axis=1).max(), A.max(axis=0).min()
p = np.linspace(0, 1, 101)                      # row player's probability of "heads"
worst_case = np.minimum(p * A[0, 0] + (1 - p) * A[1, 0], p * A[0, 1] + (1 - p) * A[1, 1])
print(f"pure: maximin {maximin_pure}, minimax {minimax_pure}; "
      f"mixed: best worst case {worst_case.max():.2f} at p = {p[worst_case.argmax()]:.2f}")
assert (maximin_pure, minimax_pure) == (-1, 1) and np.isclose(worst_case.max(), 0) and p[worst_case.argmax()] == 0.5

# %% [markdown]
# ## Drawing a game tree
#
# A real game tree is the same picture, only bigger. Here is tic-tac-toe two plies deep from a
# mid-game position with X to move; each board carries its minimax value for X (computed to the
# end of the game, below the part drawn). X has four winning moves and one that only draws.

# %%
s = ttt.parse("XO. / .XO / ...")
table = {}                                       # a transposition table shared by the searches
board_values = {t: G.minimax(ttt, t, table=table).value for t in G.reachable_states(ttt, s)}
ax = gp.draw_game_tree(ttt, s, values=board_values, boards=True, max_depth=2)
ax.set_title("tic-tac-toe, two plies from X's move (value for X in green)")
plt.show()
assert G.action_values(ttt, s) == {2: 1, 3: 1, 6: 1, 7: 0, 8: 1}

# %% [markdown]
# ## Alpha-beta pruning, step by step
#
# Minimax looks at every node. It does not need to. **Alpha-beta pruning** carries two numbers
# down the tree ([Knuth and Moore, 1975](../book/references.md#knuth1975analysis)):
#
# * $\alpha$ — the value MAX is already sure to get on the path so far (a lower bound);
# * $\beta$ — the value MIN is already sure to hold MAX to (an upper bound).
#
# A node's children are searched while $\alpha < \beta$. At a MIN node, as soon as one child is
# worth $\le \alpha$, MAX will never choose this node (it already has $\alpha$ elsewhere), so the
# remaining children are **pruned**; symmetrically at a MAX node once a child is worth $\ge \beta$.
# Pruning never changes the root's value: it only skips nodes whose exact value cannot matter.
#
# Move the slider through the 26 events of the search on our small tree. Visited nodes turn
# coloured, each shows its window $[\alpha, \beta]$, and the orange outline is the current node.

# %%
trace = G.alphabeta(tree, trace=True).trace


def draw_step(step):
    ax = gp.draw_game_tree(tree, trace=trace, step=step)
    ax.set_title(f"step {step}/{len(trace)}: {cu.games.trace.describe_step(tree, trace, step)}", fontsize=9)


cu.widgets.interactive_figure(draw_step, {
    "step": W.IntSlider(value=14, min=1, max=len(trace), description="step"),
})

# %% [markdown]
# For the printed book, four moments of the same search: $B$ is solved (MAX now has
# $\alpha = 3$); $C$'s first leaf is 2, so $C$ is worth at most $2 < 3$ and its other two leaves
# are cut (✂); the search ends with the same value as minimax, $3$, after 11 nodes instead of 13.

# %%
moments = [9, 14, 21, len(trace)]
fig, axes = plt.subplots(2, 2, figsize=(13, 6.5))
for ax, step in zip(axes.flat, moments):
    gp.draw_game_tree(tree, trace=trace, step=step, ax=ax)
    ax.set_title(f"step {step}: {cu.games.trace.describe_step(tree, trace, step)}", fontsize=8, wrap=True)
fig.tight_layout()
plt.show()
ab = G.alphabeta(tree, trace=True)
pruned = [(t.state, t.pruned) for t in ab.trace if t.kind == "prune"]
print("pruned:", pruned, "| nodes visited:", ab.nodes, "vs minimax", G.minimax(tree).nodes)
assert ab.value == result.value and pruned == [((1,), (1, 2))] and ab.nodes == 11


# %% [markdown]
# ### Move ordering decides how much is pruned
#
# Had $C$'s leaves come in the order $4, 6, 2$, nothing would be pruned there: alpha-beta prunes
# most when the best move is tried first. Knuth and Moore ([Knuth and Moore, 1975](../book/references.md#knuth1975analysis)) showed that
# with perfect ordering, in a uniform tree with branching factor $b$ and depth $d$, alpha-beta
# looks at only
#
# $$ b^{\lceil d/2 \rceil} + b^{\lfloor d/2 \rfloor} - 1 $$
#
# leaves instead of $b^d$ — roughly the square root, so the same time searches twice as deep.
# We check it on a random tree with $b = 3$, $d = 6$ (729 leaves, distinct values): as generated,
# with every node's children sorted best first for the player to move, and sorted worst first.

# %%
def uniform_tree(b, d, leaves):
    return next(leaves) if d == 0 else [uniform_tree(b, d - 1, leaves) for _ in range(b)]


def reorder(node, best_first, maximise=True):
    """(the same tree with every node's children sorted by minimax value, the node's value)."""
    if not isinstance(node, list):
        return node, node
    kids = [reorder(child, best_first, not maximise) for child in node]
    value = (max if maximise else min)(v for _, v in kids)
    kids.sort(key=lambda kv: kv[1], reverse=(maximise == best_first))   # the mover's favourite first
    return [k for k, _ in kids], value


b, d = 3, 6
rng = np.random.default_rng(0)
random_tree = uniform_tree(b, d, iter(rng.permutation(b**d).tolist()))
leaves_seen = {}
for name, t in [("as generated", random_tree), ("best first", reorder(random_tree, True)[0]),
                ("worst first", reorder(random_tree, False)[0])]:
    r = G.alphabeta(G.TreeGame(t), trace=True)
    leaves_seen[name] = sum(ev.kind == "leaf" for ev in r.trace)
    print(f"{name:13s}: value {r.value}, leaves evaluated {leaves_seen[name]:4d} of {b**d}")
knuth_moore = b ** -(-d // 2) + b ** (d // 2) - 1
assert leaves_seen["best first"] == knuth_moore == 53
assert leaves_seen["best first"] < leaves_seen["as generated"] < leaves_seen["worst first"] <= b**d

# %% [markdown]
# Best-first ordering meets the bound exactly; even the worst order prunes a little, because
# deeper cut-offs survive it. Real programs cannot sort by the true values (that would need the
# search they are trying to save), so they order by cheap guesses: captures, killer moves,
# the best move of a shallower search.
#
# ## Solving tic-tac-toe
#
# Tic-tac-toe is small enough to solve completely. `cu.games.count_tree` walks the game tree
# once per distinct position (the same position can be reached by many move orders, so it
# memoises) and counts every complete game by its outcome and length.

# %%
counts = G.count_tree(ttt)
print(f"complete games:       {counts.games:>9,}")
print(f"  won by X:           {counts.wins_first:>9,}")
print(f"  won by O:           {counts.wins_second:>9,}")
print(f"  drawn:              {counts.draws:>9,}")
print(f"legal positions:      {counts.positions:>9,}  (the empty board included; {counts.terminal_positions} are final)")
print(f"nodes of the tree:    {counts.nodes:>9,}")
# the published numbers for the full game tree
assert (counts.games, counts.wins_first, counts.wins_second, counts.draws) == (255_168, 131_184, 77_904, 46_080)
assert counts.positions == 5_478

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.2))
ax1.bar(list(counts.games_by_length), list(counts.games_by_length.values()), color="#1f77b4")
ax1.set_xlabel("number of moves")
ax1.set_ylabel("complete games")
ax1.set_title("games by length (no game ends before move 5)")
ax2.bar(["X wins", "O wins", "draw"], [counts.wins_first, counts.wins_second, counts.draws],
        color=[gp.MAX_COLOR, gp.MIN_COLOR, "#7f7f7f"])
ax2.set_title("outcomes of all 255,168 games")
fig.tight_layout()
plt.show()
assert sum(counts.games_by_length.values()) == counts.games and min(counts.games_by_length) == 5

# %% [markdown]
# X wins more of the *possible* games — but possible is not perfect. The minimax value of the
# empty board is $0$: **tic-tac-toe is a draw under perfect play**, and every opening move keeps
# the draw. Alpha-beta gets the same answer from a few percent of the nodes; ordering the moves
# (winning moves, blocks, centre, corners, edges) and a **transposition table** (a dictionary of
# positions already solved, with their value or bound) cut it further. Plain minimax on the empty
# board walks all 549,946 nodes (a few seconds in Python), so under the quick `smoke` budget we
# start it one move later.

# %%
root = cu.by_budget(smoke=ttt.play([4]), standard=ttt.initial_state())
searches = {
    "minimax": G.minimax(ttt, root),
    "alpha-beta": G.alphabeta(ttt, root),
    "alpha-beta + ordering": G.alphabeta(ttt, root, order=True),
    "alpha-beta + ordering + table": G.alphabeta(ttt, root, order=True, table={}),
}
for name, r in searches.items():
    print(f"{name:30s} value {r.value:+d}   nodes {r.nodes:>8,}   ({r.nodes / searches['minimax'].nodes:.4f} of minimax)")
assert {r.value for r in searches.values()} == {0}
assert searches["minimax"].nodes == G.count_tree(ttt, root).nodes          # minimax visits the whole tree
assert searches["alpha-beta"].nodes < searches["minimax"].nodes / 10
assert G.minimax(ttt, table={}).value == 0 and set(G.action_values(ttt, ttt.initial_state()).values()) == {0}

# %% [markdown]
# The tests of `course_utils` check that alpha-beta and minimax agree on **every one** of the
# 5,478 positions. The same check with transposition tables takes a moment here:

# %%
positions = G.reachable_states(ttt)
mm_table, ab_table = {}, {}
agree = all(G.minimax(ttt, p, table=mm_table).value == G.alphabeta(ttt, p, order=True, table=ab_table).value
            for p in positions)
print(f"alpha-beta = minimax on all {len(positions):,} positions: {agree}")
assert agree and len(positions) == 5_478

# %% [markdown]
# ## Play against the perfect player
#
# Click a cell (or type its number and press Enter). The computer answers with an alpha-beta
# move. The coloured cells show the exact value of each of your moves under perfect play from
# both sides: **win**, **draw** or **loss**. You cannot win — but one careless click turns a
# draw into a loss. Clicking a taken cell or typing nonsense shows a message.

# %%
gp.play_tictactoe(human="X")

# %% [markdown]
# The printed book shows two positions instead. Left: X took a corner, O the centre, X the
# opposite corner; O to move. The natural-looking corner replies **lose** — after O takes a
# corner and X blocks, X threatens two lines at once (a *fork*) — and only the edges hold the
# draw. Right: what you see when you choose to play O; the perfect player opened in the centre.

# %%
s = ttt.play([0, 4, 8])
fig, axes = plt.subplots(1, 2, figsize=(7, 3.4))
gp.draw_board(s, G.action_values(ttt, s), ax=axes[0], title="O to move: value of each reply")
match = cu.games.TicTacToeMatch(human="O")               # the perfect player opens as X
gp.draw_board(match.state, match.values(), ax=axes[1], title=f"you are O; X opened in cell {match.state.index('X')}")
fig.tight_layout()
plt.show()
values_for_o = {a: -v for a, v in G.action_values(ttt, s).items()}
assert {a for a, v in values_for_o.items() if v == 0} == {1, 3, 5, 7}
assert {a for a, v in values_for_o.items() if v < 0} == {2, 6}

# %% [markdown]
# ## From minimax to GANs
#
# A GAN is a two-player zero-sum game too ([Goodfellow et al., 2014](../book/references.md#goodfellow2014generative); [Goodfellow, 2016](../book/references.md#goodfellow2016nips)).
# The discriminator $D$ (the maximiser) scores how well it tells real data from fakes; the
# generator $G$ (the minimiser) wants that score low:
#
# $$
# \min_G \max_D V(D, G) = \mathbb{E}_{x \sim p_{\text{data}}}[\log D(x)]
#   + \mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))] .
# $$
#
# | minimax game | GAN |
# |---|---|
# | MAX, MIN | discriminator $D$, generator $G$ |
# | a move | a choice of network weights $\theta_D$, $\theta_G$ — continuous, not a list of cells |
# | utility $U$ | the value function $V(D, G)$ |
# | minimax value, found by search | a **saddle point**, approached by gradient steps |
# | draw under perfect play | $p_g = p_{\text{data}}$, $D(x) = \tfrac12$ everywhere: $V = -\log 4$ |
#
# For a fixed $G$ the best discriminator is $D^*(x) = p_{\text{data}}(x) / (p_{\text{data}}(x) + p_g(x))$,
# and then $V(D^*, G) = -\log 4 + 2\,\mathrm{JS}(p_{\text{data}} \,\|\, p_g)$: the generator's
# inner "max" is a divergence, minimised when the two distributions agree
# ([Goodfellow et al., 2014](../book/references.md#goodfellow2014generative)). The equilibrium is a **saddle point** $(x^*, y^*)$ of the
# value $f$ (minimiser $x$, maximiser $y$):
#
# $$ f(x^*, y) \;\le\; f(x^*, y^*) \;\le\; f(x, y^*) \quad \text{for all } x, y , $$
#
# neither player gains by moving alone — a Nash equilibrium, the continuous cousin of the
# matching-pennies saddle above. But there is no game tree to search: the players only see
# gradients. Does following them find the saddle?
#
# ### The smallest adversarial game: $\min_x \max_y \, x\,y$
#
# Take $f(x, y) = x\,y$ with scalars $x$ (the "generator") and $y$ (the "discriminator"). Its
# only saddle point is $(0, 0)$: if $x \ne 0$ the maximiser makes $xy$ as large as it likes, so the
# minimiser's only safe choice is $x = 0$, and then any $y$ gives $0$. **Gradient descent-ascent**
# moves $x$ down its gradient $\partial_x f = y$ and $y$ up its gradient $\partial_y f = x$:
#
# $$ x_{t+1} = x_t - \eta\, y_t, \qquad y_{t+1} = y_t + \eta\, x_t \qquad \text{(simultaneous)} $$
#
# The field $(-y, x)$ points *around* the saddle, never towards it. In matrix form the
# step is $\begin{pmatrix}1 & -\eta\\ \eta & 1\end{pmatrix}$, a rotation scaled by
# $\sqrt{1+\eta^2}$: each step moves **further out**, for every step size. If instead the players
# take turns — $x$ first, then $y$ reacting to the *new* $x$,
# $y_{t+1} = y_t + \eta\, x_{t+1}$ — the step matrix
# $\begin{pmatrix}1 & -\eta\\ \eta & 1-\eta^2\end{pmatrix}$ has determinant 1 and
# $x^2 + y^2 - \eta\, x y$ stays exactly constant: the players **circle** for ever, neither
# escaping nor converging. A look-ahead method, **extragradient** (take a trial step, then
# update with the gradient found there), does spiral in; so do the optimistic and
# consensus methods analysed for GANs ([Gidel et al., 2019](../book/references.md#gidel2019variational); [Mescheder et al., 2018](../book/references.md#mescheder2018training)).

# %%
lr, steps = 0.2, cu.by_budget(smoke=60, standard=100)
runs = {m: saddle.bilinear_gda(1.0, 0.0, lr=lr, steps=steps, method=m) for m in saddle.METHODS}
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.3))
x = np.linspace(-1.5, 1.5, 61)
X, Y = np.meshgrid(x, x)
cs = ax1.contourf(X, Y, X * Y, levels=21, cmap="RdBu_r")
fig.colorbar(cs, ax=ax1, label="f(x, y) = x y")
ax1.scatter([0], [0], marker="*", s=160, color="gold", edgecolors="black")
ax1.set(xlabel="x (minimiser)", ylabel="y (maximiser)", title="f(x, y) = x y and its saddle point (0, 0)",
        aspect="equal")
cu.saddle_plots.draw_gda(list(runs.values()), ax=ax2, title=f"gradient play from (1, 0), η = {lr}, {steps} steps")
fig.tight_layout()
plt.show()
for m, r in runs.items():
    print(f"{m:14s} distance to the saddle: start {r.radius[0]:.2f}, end {r.radius[-1]:.3f}")
sim, alt, extra = runs["simultaneous"], runs["alternating"], runs["extragradient"]
assert np.allclose(sim.radius, np.sqrt(1 + lr**2) ** np.arange(steps + 1))          # spirals out, exactly
assert np.allclose(alt.x**2 + alt.y**2 - lr * alt.x * alt.y, 1.0)                     # circles, exactly
assert extra.radius[-1] < 0.5 < sim.radius[-1] / 2


# %% [markdown]
# Try other step sizes and lengths. Smaller $\eta$ slows the outward spiral but never stops it
# ($\sqrt{1+\eta^2} > 1$); alternating steps stay on their closed orbit for any $\eta < 2$.

# %%
def draw_play(lr, steps, simultaneous, alternating, extragradient):
    chosen = [m for m, on in zip(saddle.METHODS, (simultaneous, alternating, extragradient)) if on]
    if not chosen:
        raise ValueError("tick at least one method")
    cu.saddle_plots.draw_gda([saddle.bilinear_gda(1.0, 0.0, lr=lr, steps=steps, method=m) for m in chosen],
                title=f"η = {lr:g}, {steps} steps")


cu.widgets.interactive_figure(draw_play, {
    "lr": W.FloatSlider(value=0.2, min=0.01, max=1.0, step=0.01, description="η"),
    "steps": W.IntSlider(value=60, min=1, max=300, description="steps"),
    "simultaneous": W.Checkbox(value=True, description="simultaneous"),
    "alternating": W.Checkbox(value=True, description="alternating"),
    "extragradient": W.Checkbox(value=False, description="extragradient"),
})

# %% [markdown]
# **Why this matters for the GAN chapters.** Near an equilibrium, GAN training behaves much like
# this bilinear game: the generator and discriminator rotate around each other instead of
# settling ([Mescheder et al., 2018](../book/references.md#mescheder2018training)). Updating both networks at once from the same
# gradients is the simultaneous scheme that spirals away. GAN training as in the lecture and in
# Goodfellow et al.'s algorithm ([Goodfellow et al., 2014](../book/references.md#goodfellow2014generative)) goes **step by step**: a
# discriminator step (or $k$ of them) on real and fake images, *then* a generator step against
# the updated discriminator. (Goodfellow et al. alternate because optimising $D$ to completion
# at every step would be too costly and would overfit, not because of this rotation.) On the
# bilinear game, alternation removes the outward drift, but — as the orbit shows — it does not
# by itself guarantee convergence; the
# oscillations and mode collapse you will see in chapters 7–9, and remedies such as unrolled
# GANs ([Metz et al., 2017](../book/references.md#metz2017unrolled)), all live in this picture.
#
# ## Exercises
#
# <a id="minimax-ex-by-hand"></a>**Exercise.** Compute the minimax value of the tree `[[[3, 5], [6, 9]], [[1, 2], [0, -1]]]` by hand (MAX at
# the root, then MIN, then MAX above the leaves). Then run alpha-beta by hand, children left to
# right: which leaves are never looked at, and which prune happens at a MAX node? Check with
# `cu.games.alphabeta(cu.games.TreeGame(...), trace=True)` and `gp.draw_game_tree`.
#
# <details class="solution"><summary>Solution</summary>
#
# The four MAX nodes are worth $5, 9, 2, 0$; the two MIN nodes $\min(5, 9) = 5$ and
# $\min(2, 0) = 0$; the root $\max(5, 0) = 5$, reached by the left branch.
# Alpha-beta: the first MAX node returns 5, so the left MIN node has $\beta = 5$. Its second
# MAX node opens with $[\alpha, \beta] = [-\infty, 5]$ and sees 6: it is worth at least
# $6 \ge \beta$ — MIN will never go there — so the leaf **9** is pruned (a cut at a MAX node).
# Back at the root $\alpha = 5$. In the right MIN node the first MAX child returns 2, so that
# MIN node is worth at most $2 \le \alpha$: its whole second child, leaves **0** and **−1**, is
# pruned. 11 of 15 nodes are visited; `[(t.state, t.pruned) for t in r.trace if t.kind == "prune"]`
# gives `[((0, 1), (1,)), ((1,), (1,))]`.
#
# </details>
#
# <a id="minimax-ex-nim"></a>**Exercise.** In Nim, players take any number of objects from one heap; who takes the last object wins.
# Bouton's theorem says the player to move loses exactly when the XOR of the heap sizes is 0.
# Check it with `cu.games.Nim` for all heaps up to `(3, 3, 3)`, and find the winning first move
# for `Nim((3, 4, 5))`.
#
# <details class="solution"><summary>Solution</summary>
#
# `all((G.minimax(G.Nim(h), table={}).value == 1) == (h[0] ^ h[1] ^ h[2] != 0) for h in
# itertools.product(range(4), repeat=3) if any(h))` is `True`. For $(3, 4, 5)$ the nim-sum is
# $3 \oplus 4 \oplus 5 = 2$; the winning move leaves a nim-sum of 0: take 2 from the heap of 3,
# giving $(1, 4, 5)$. `G.alphabeta(G.Nim((3, 4, 5)), order=True).action` returns `(0, 2)`.
#
# </details>
#
# <a id="minimax-ex-ordering"></a>**Exercise.** Count the nodes alpha-beta visits on the empty tic-tac-toe board with and without
# `order=True`, and with a transposition table (`table={}`). Then write your own ordering that
# puts the *worst* moves first (subclass `TicTacToe` and override `order_actions`). How many
# nodes now?
#
# <details class="solution"><summary>Solution</summary>
#
# Plain alpha-beta visits 18,297 nodes, with ordering 2,096, with ordering and a table 916 —
# against 549,946 for minimax; `benchmarks/bench_games.py` prints the full table. Reversing our
# ordering (`list(reversed(super().order_actions(s, actions)))`: edges first, winning moves
# last) visits 93,350 nodes, five times more than no ordering, but still a sixth of minimax.
# The value stays 0: ordering changes the *amount* of pruning, never the result.
#
# </details>
#
# <a id="minimax-ex-spiral"></a>**Exercise.** For simultaneous gradient descent-ascent on $f(x, y) = xy$ show that
# $x_{t+1}^2 + y_{t+1}^2 = (1 + \eta^2)(x_t^2 + y_t^2)$. How many steps with $\eta = 0.1$ does it
# take to double the distance to the saddle? Compare with `saddle.bilinear_gda`.
#
# <details class="solution"><summary>Solution</summary>
#
# $(x - \eta y)^2 + (y + \eta x)^2 = x^2 + y^2 + \eta^2 (x^2 + y^2)$: the cross terms cancel.
# The distance grows by $\sqrt{1 + \eta^2}$ per step, so doubling takes
# $t = \ln 2 / \tfrac12 \ln(1 + \eta^2) \approx 139.3$ steps for $\eta = 0.1$:
# `saddle.bilinear_gda(1, 0, lr=0.1, steps=140).radius[139:141]` brackets 2.
#
# </details>
#
# ## Summary
#
# * A two-player zero-sum game is an initial state, a player to move, legal actions, a
#   transition, a terminal test and one utility: what MAX gains, MIN loses.
# * The minimax value backs utilities up the game tree — MAX takes the largest child, MIN the
#   smallest: you minimise your opponent's maximum.
# * Alpha-beta pruning keeps the bounds $[\alpha, \beta]$ and skips subtrees that cannot matter; the
#   value is unchanged, the work drops to a few percent, and to about $b^{d/2}$ leaves with good
#   move ordering ([Knuth and Moore, 1975](../book/references.md#knuth1975analysis)).
# * Tic-tac-toe has 255,168 possible games (131,184 won by X, 77,904 by O, 46,080 drawn) and
#   5,478 legal positions; under perfect play it is a draw.
# * A GAN is the game $\min_G \max_D V(D, G)$ with continuous moves; its solution is a saddle
#   point. On $\min_x \max_y xy$ simultaneous gradient steps spiral away from the saddle,
#   alternating steps (the way GANs are trained) circle it without converging — the first hint
#   of why GANs are hard to train.
#
# <div class="works-cited">
#
# **Works cited in this chapter** (all works: the [references](../book/references.md) page of the book)
#
# * Gauthier Gidel, Hugo Berard, Gaëtan Vignoud, Pascal Vincent, and Simon Lacoste-Julien. A variational inequality perspective on generative adversarial networks. In International Conference on Learning Representations (ICLR). 2019.
# * Ian Goodfellow, Jean Pouget-Abadie, Mehdi Mirza, Bing Xu, David Warde-Farley, Sherjil Ozair, Aaron Courville, and Yoshua Bengio. Generative adversarial nets. In Advances in Neural Information Processing Systems (NeurIPS). 2014.
# * Ian Goodfellow. NIPS 2016 tutorial: generative adversarial networks. arXiv preprint arXiv:1701.00160, 2016.
# * Donald E. Knuth and Ronald W. Moore. An analysis of alpha-beta pruning. Artificial Intelligence, 6(4):293–326, 1975.
# * Harold W. Kuhn. Extensive games and the problem of information. In Harold W. Kuhn and Albert W. Tucker, editors, Contributions to the Theory of Games, Volume II, number 28 in Annals of Mathematics Studies, pages 193–216. Princeton University Press, 1953.
# * Lars Mescheder, Andreas Geiger, and Sebastian Nowozin. Which training methods for GANs do actually converge? In Proceedings of the 35th International Conference on Machine Learning (ICML), 3481–3490. 2018.
# * Luke Metz, Ben Poole, David Pfau, and Jascha Sohl-Dickstein. Unrolled generative adversarial networks. In International Conference on Learning Representations (ICLR). 2017.
# * Stuart Russell and Peter Norvig. Artificial Intelligence: A Modern Approach. Pearson, 4th edition, 2021.
# * Ulrich Schwalbe and Paul Walker. Zermelo and the early history of game theory. Games and Economic Behavior, 34(1):123–137, 2001.
# * Ernst Zermelo. Über eine Anwendung der Mengenlehre auf die Theorie des Schachspiels. In Proceedings of the Fifth International Congress of Mathematicians (Cambridge, 1912), volume 2, 501–504. Cambridge University Press, 1913.
# * John von Neumann and Oskar Morgenstern. Theory of Games and Economic Behavior. Princeton University Press, 1944.
# * John von Neumann. Zur theorie der gesellschaftsspiele. Mathematische Annalen, 100(1):295–320, 1928.
#
# </div>
