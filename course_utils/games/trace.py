"""A game tree as data, and an alpha-beta trace read step by step (chapter 6's figures use it).

:func:`tree_layout` places the nodes (leaves side by side, parents centred),
:func:`node_names` letters them as textbooks do, :func:`trace_state` says what the first
``k`` events of a trace reveal and :func:`describe_step` says one event in a sentence.

>>> from course_utils.games import TreeGame, alphabeta
>>> g = TreeGame([[3, 12, 8], [2, 4, 6], [14, 5, 2]])
>>> len(tree_layout(g)[0])
13
>>> describe_step(g, alphabeta(g, trace=True).trace, 1)
'enter MAX node A with [α, β] = [−∞, +∞]'
"""

from __future__ import annotations

import string

import numpy as np

__all__ = ["tree_layout", "node_names", "trace_state", "describe_step", "fmt_value"]


def tree_layout(game, root=None, max_depth: int | None = None):
    """Node positions ``{state: (x, depth)}`` and edges ``[(parent, child, action)]``.

    Leaves (terminals, or nodes at ``max_depth``) sit at x = 0, 1, 2, ...; a parent is centred
    over its children.
    """
    root = game.initial_state() if root is None else root
    pos, edges, next_x = {}, [], [0]

    def place(s, depth):
        if game.is_terminal(s) or (max_depth is not None and depth >= max_depth):
            pos[s] = (float(next_x[0]), depth)
            next_x[0] += 1
            return
        kids = []
        for a in game.legal_actions(s):
            t = game.next_state(s, a)
            edges.append((s, t, a))
            place(t, depth + 1)
            kids.append(pos[t][0])
        pos[s] = ((kids[0] + kids[-1]) / 2, depth)

    place(root, 0)
    return pos, edges


def node_names(pos: dict, edges: list) -> dict:
    """Letters A, B, C, ... for the internal nodes, breadth first (as in textbook figures)."""
    internal = sorted({s for s, _, _ in edges}, key=lambda s: (pos[s][1], pos[s][0]))
    return dict(zip(internal, string.ascii_uppercase))


def trace_state(game, trace, step, edges):
    """What the first ``step`` events of an alpha-beta trace reveal: the nodes seen, their
    values, their (α, β) windows, the pruned children and every node under them."""
    seen, values, window, pruned = set(), {}, {}, set()
    for ev in trace[:step]:
        seen.add(ev.state)
        window[ev.state] = (ev.alpha, ev.beta)
        if ev.kind in ("leaf", "exit"):
            values[ev.state] = ev.value
        if ev.kind == "prune":
            pruned |= {game.next_state(ev.state, a) for a in ev.pruned}
    cut, children = set(pruned), {}
    for s, t, _ in edges:
        children.setdefault(s, []).append(t)
    stack = list(pruned)
    while stack:                      # a pruned subtree is pruned all the way down
        for t in children.get(stack.pop(), []):
            cut.add(t)
            stack.append(t)
    return seen, values, window, pruned, cut


def fmt_value(v) -> str:
    return "−∞" if v == -np.inf else "+∞" if v == np.inf else f"{v:g}"


def describe_step(game, trace, step: int) -> str:
    """One sentence on event ``step`` (1-based) of an alpha-beta trace on a :class:`TreeGame`."""
    if not 1 <= step <= len(trace):
        raise ValueError(f"step must be in 1..{len(trace)}, got {step}")
    ev = trace[step - 1]
    names = node_names(*tree_layout(game))
    who = "MAX" if game.to_move(ev.state) == 0 else "MIN"
    name = names.get(ev.state, "leaf")
    window = f"[α, β] = [{fmt_value(ev.alpha)}, {fmt_value(ev.beta)}]"
    if ev.kind == "enter":
        return f"enter {who} node {name} with {window}"
    if ev.kind == "leaf":
        return f"leaf {'-'.join(map(str, ev.state))} has utility {fmt_value(ev.value)}"
    if ev.kind == "update":
        return f"{who} node {name}: best so far {fmt_value(ev.value)}, now {window}"
    if ev.kind == "prune":
        rest = f"skip its other {len(ev.pruned)} child{'ren' if len(ev.pruned) > 1 else ''}"
        if who == "MIN":
            return (f"prune at MIN node {name}: it is worth at most β = {fmt_value(ev.beta)} ≤ α = {fmt_value(ev.alpha)}, "
                    f"which MAX already has elsewhere; MAX will never choose {name}: {rest}")
        return (f"prune at MAX node {name}: it is worth at least α = {fmt_value(ev.alpha)} ≥ β = {fmt_value(ev.beta)}, "
                f"which MIN already has elsewhere; MIN will never choose {name}: {rest}")
    return f"{who} node {name} returns {fmt_value(ev.value)}"
