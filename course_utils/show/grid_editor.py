"""An interactive gridworld editor and value-iteration sweep viewers (ipywidgets, matplotlib).

:func:`grid_editor` lets a tutor or student type a map, rewards, slip, gamma and pick an
algorithm; values and the greedy policy are recomputed by :mod:`course_utils.rl.dp` on
every change. Bad input (an unknown letter, gamma = 1 without an end, slip 1.5) shows a
red message under the controls, never a traceback. :func:`solve_grid` is the same
computation without widgets (the notebooks' static figures and the tests call it).

>>> grid, res = solve_grid("S.G", rewards="G=1", gamma=0.9)
>>> res.v.round(2).tolist(), res.iterations
([0.9, 1.0, 0.0], 3)
"""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
import numpy as np

from ..rl import dp
from ..rl.gridworld import GridWorld
from .animation import player_html
from .plotting import grid_heatmap

__all__ = ["ALGORITHMS", "parse_rewards", "solve_grid", "grid_editor", "plot_sweeps",
           "sweep_slider", "sweeps_animation"]

#: label shown in the editor -> what :func:`solve_grid` runs
ALGORITHMS = {
    "value iteration": "value_iteration",
    "policy iteration": "policy_iteration",
    "modified policy iteration": "modified_policy_iteration",
    "random policy (evaluation)": "random",
}


def parse_rewards(text: str) -> dict[str, float]:
    """Read ``"G=1, H=-1"`` (commas, semicolons or new lines between entries).

    >>> parse_rewards("G=1, H = -1")
    {'G': 1.0, 'H': -1.0}
    """
    rewards = {}
    for item in str(text).replace(";", ",").replace("\n", ",").split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or len(key) != 1 or not key.isalpha():
            raise ValueError(f"rewards: write entries like 'G=1, H=-1' (one letter each), got {item.strip()!r}")
        try:
            rewards[key] = float(value)
        except ValueError:
            raise ValueError(f"rewards: the reward of {key!r} must be a number, got {value.strip()!r}") from None
    return rewards


def solve_grid(layout, rewards="G=1", step_reward: float = 0.0, bump_reward: float = 0.0,
               slip: float = 0.0, gamma: float = 0.9, terminal: str = "GH",
               algorithm: str = "value_iteration", tol: float = 1e-8, teleports=None):
    """Build a :class:`GridWorld` from editor inputs and solve it.

    Args:
        layout: the map as text (rows on lines) or a list of rows.
        rewards: ``"G=1, H=-1"`` or a dict.
        algorithm: ``"value_iteration"``, ``"policy_iteration"`` or ``"random"``
            (evaluation of the equiprobable policy); a label of :data:`ALGORITHMS` works too.

    Returns:
        ``(grid, result)``; ``result`` has ``.v``, ``.q``, ``.policy`` and ``.iterations``.

    Raises:
        ValueError: for any input the grid or the solver refuses, naming it.
    """
    algorithm = ALGORITHMS.get(algorithm, algorithm)
    if algorithm not in ALGORITHMS.values():
        raise ValueError(f"algorithm must be one of {sorted(ALGORITHMS.values())}, got {algorithm!r}")
    for name, value, lo, hi in (("gamma", gamma, 0.0, 1.0), ("slip", slip, 0.0, 1.0)):
        if not (lo <= float(value) <= hi):
            raise ValueError(f"{name} must be in [{lo:g}, {hi:g}], got {value}")
    rows = layout.strip().splitlines() if isinstance(layout, str) else list(layout)
    rows = [r.replace(" ", "") for r in rows if r.strip()]
    if not rows:
        raise ValueError("the map is empty: type rows of '.', '#', 'S', 'G', 'H' or other letters")
    grid = GridWorld(rows, rewards=parse_rewards(rewards) if isinstance(rewards, str) else rewards,
                     step_reward=float(step_reward), bump_reward=float(bump_reward), slip=float(slip),
                     terminal=terminal, gamma=float(gamma), teleports=teleports or {})
    mdp = grid.to_mdp()
    if algorithm == "random":
        return grid, dp.policy_evaluation(mdp, np.full((mdp.n_states, mdp.n_actions), 0.25), tol=tol)
    return grid, dp.solve(mdp, algorithm, tol=tol)


def grid_editor(layout: str = "S...\n.#.H\n...G", rewards: str = "G=1, H=-1", gamma: float = 0.9,
                slip: float = 0.2, step_reward: float = 0.0, bump_reward: float = 0.0,
                terminal: str = "GH", algorithm: str = "value iteration", run: bool = True):
    """The editor: a text map and controls above a value heat map with policy arrows.

    The returned box has ``.controls`` (name -> widget), ``.status`` (an HTML line: the
    algorithm's iteration count, or a red error message) and ``.result`` (last solve).
    """
    import ipywidgets as W

    from .widgets import error_html, show_in

    style = {"description_width": "initial"}
    controls = {
        "layout": W.Textarea(value=layout, description="map", rows=6, layout=W.Layout(width="16em")),
        "rewards": W.Text(value=rewards, description="rewards", style=style),
        "terminal": W.Text(value=terminal, description="terminal letters", style=style),
        "gamma": W.FloatText(value=gamma, step=0.05, description="γ", style=style),
        "slip": W.FloatText(value=slip, step=0.05, description="slip", style=style),
        "step_reward": W.FloatText(value=step_reward, step=0.1, description="step reward", style=style),
        "bump_reward": W.FloatText(value=bump_reward, step=0.1, description="bump reward", style=style),
        "algorithm": W.Dropdown(options=list(ALGORITHMS), value=algorithm, description="algorithm", style=style),
    }
    status, out = W.HTML(), W.Output()
    box = W.VBox()

    def update(*_):
        values = {name: c.value for name, c in controls.items()}
        with show_in(out):
            try:
                grid, res = solve_grid(**values)
            except ValueError as err:
                plt.close("all")
                status.value = error_html(str(err)).value
                box.result = None
                return
            box.result = res
            what = "improvement steps" if "policy iteration" in values["algorithm"] else "sweeps"
            status.value = html.escape(f"{values['algorithm']}: {res.iterations} {what}")
            # arrows: every greedy action w.r.t. q (for the random policy: one improvement step)
            ax = grid_heatmap(grid, res.v, dp.optimal_actions(res.q, atol=1e-6).astype(float))
            ax.set_title(f"{values['algorithm']}, γ = {values['gamma']:g}, slip = {values['slip']:g}")
            plt.show()

    for c in controls.values():
        c.observe(update, names="value")
    side = W.VBox([controls[k] for k in ("rewards", "terminal", "gamma", "slip", "step_reward",
                                          "bump_reward", "algorithm")])
    box.children = [W.HBox([controls["layout"], side]), status, out]
    box.controls, box.status, box.result = controls, status, None
    if run:
        update()
    return box


def plot_sweeps(grid: GridWorld, result, sweeps=(0, 1, 2, 3, 5, 10), axes=None, fmt="{:.1f}"):
    """Small multiples of value iteration: ``v_k`` and its greedy policy after ``k`` sweeps
    (from ``result.history``, so run value iteration with ``keep_history=True``)."""
    sweeps = [k for k in sweeps if k < len(result.history)]
    if axes is None:
        _, axes = plt.subplots(1, len(sweeps), figsize=(3.2 * len(sweeps), 3.0))
    mdp = grid.to_mdp()
    for ax, k in zip(np.atleast_1d(axes), sweeps):
        v = result.history[k]["v"]
        policy = dp.optimal_actions(dp.q_from_v(mdp, v), atol=1e-9).astype(float) if k else None
        grid_heatmap(grid, v, policy, ax=ax, fmt=fmt, title=f"$v_{{{k}}}$")
    return axes


def sweep_slider(grid: GridWorld, result):
    """A slider over value iteration's sweeps: ``v_k`` and its greedy policy at each ``k``."""
    import ipywidgets as W

    from .widgets import interactive_figure

    mdp = grid.to_mdp()

    def draw(k):
        v = result.history[k]["v"]
        policy = dp.optimal_actions(dp.q_from_v(mdp, v), atol=1e-9).astype(float) if k else None
        delta = result.history[k]["delta"]
        grid_heatmap(grid, v, policy, title=f"sweep k = {k}, max change {delta:.3g}")

    slider = W.IntSlider(value=0, min=0, max=len(result.history) - 1, description="sweep k")
    return interactive_figure(draw, {"k": slider})


def sweeps_animation(grid: GridWorld, result, frames=None, interval: int = 600) -> str:
    """An HTML/JavaScript animation of the sweeps (plays in the static book, no kernel needed)."""
    from matplotlib import animation

    frames = list(frames) if frames is not None else list(range(min(len(result.history), 25)))
    mdp = grid.to_mdp()
    fig = plt.figure(figsize=(5, 4))

    def frame(k):
        fig.clear()
        ax = fig.add_subplot()
        v = result.history[k]["v"]
        policy = dp.optimal_actions(dp.q_from_v(mdp, v), atol=1e-9).astype(float) if k else None
        grid_heatmap(grid, v, policy, ax=ax, title=f"value iteration, sweep {k}")

    anim = animation.FuncAnimation(fig, frame, frames=frames, interval=interval)
    page = player_html(anim, default_mode="once")
    plt.close(fig)
    return page
