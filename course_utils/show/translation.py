"""Figures and the widget of chapter 10 (image-to-image GANs): rows of translations, and an
explorer that runs trained generators on an edge map the student edits.

>>> import torch
>>> fig = rows_figure({"input": torch.zeros(4, 1, 16, 16), "output": torch.ones(4, 1, 16, 16)})
>>> len(fig.axes)
2
"""

from __future__ import annotations

import ipywidgets as W
import matplotlib.pyplot as plt
import torch

from ..gan.paired import EDITS, downsample, edit_edges
from .images import tile

__all__ = ["rows_figure", "translation_explorer"]


def rows_figure(rows: dict[str, torch.Tensor], n: int = 12, title: str | None = None, scale: float = 0.55):
    """One row of ``n`` images per entry of ``rows`` (name → ``(N, C, S, S)`` in $[-1, 1]$),
    the name at the left; returns the figure."""
    if not rows:
        raise ValueError("rows must name at least one image set")
    n = min(n, *(len(x) for x in rows.values()))
    fig, axes = plt.subplots(len(rows), 1, figsize=(n * scale + 1.6, len(rows) * scale + 0.4 + (0.3 if title else 0)),
                             squeeze=False)
    for ax, (name, x) in zip(axes[:, 0], rows.items()):
        ax.imshow(tile(x[:n], ncol=n), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def translation_explorer(generators: dict, inputs: torch.Tensor, classifier, run: bool = True) -> W.VBox:
    """Pick a held-out edge map, edit it (:data:`~course_utils.gan.paired.EDITS`), and see what
    each generator in ``generators`` (name → module) draws from it, with the reference
    ``classifier``'s reading of every output."""
    from .widgets import interactive_figure

    def draw(index, edit):
        if not 0 <= index < len(inputs):
            raise ValueError(f"index must be in 0..{len(inputs) - 1}, got {index}")
        a = edit_edges(inputs[index:index + 1], edit)  # (1, 1, S, S)
        outs = {}
        with torch.no_grad():
            for name, G in generators.items():
                G.eval()
                outs[name] = G(a.to(next(G.parameters()).device)).cpu()
        fig, axes = plt.subplots(1, 1 + len(outs), figsize=(2.2 * (1 + len(outs)), 2.5))
        axes[0].imshow(tile(a), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        axes[0].set_title(f"edge map ({edit})", fontsize=9)
        for ax, (name, y) in zip(axes[1:], outs.items()):
            with torch.no_grad():
                p = torch.softmax(classifier(downsample(y)), 1)[0]
            ax.imshow(tile(y), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
            ax.set_title(f"{name}\nreads as {int(p.argmax())} ({float(p.max()):.0%})", fontsize=9)
        for ax in axes:
            ax.set_xticks([])
            ax.set_yticks([])
        fig.tight_layout()

    controls = {"index": W.IntSlider(value=0, min=0, max=len(inputs) - 1, description="digit"),
                "edit": W.Dropdown(options=list(EDITS), value=list(EDITS)[0], description="edit")}
    return interactive_figure(draw, controls, run=run)
