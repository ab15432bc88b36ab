"""Matplotlib views of a toy GAN (they take arrays; they never train)."""

from __future__ import annotations

import matplotlib.pyplot as plt  # noqa: F401 - used by the doctests
import numpy as np

__all__ = ["plot_gan_state", "plot_gan_history"]


def plot_gan_state(ax, real, fake, d_map=None, manifold=None, arrows=None, centers=None,
                   extent: float = 5.0, title: str | None = None):
    """Real (green) vs fake (purple) samples over D's heat map, G's manifold and arrows.

    Args:
        real, fake: points ``(n, 2)``.
        d_map: ``(xs, ys, values)`` from :func:`views.discriminator_map` (None: no heat map).
        manifold: ``(L, P, 2)`` lines from :func:`views.generator_manifold`.
        arrows: ``(m, 2)`` gradient vectors at the first ``m`` fake points.
        centers: mode centers ``(K, 2)`` drawn as crosses.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> fig, ax = plt.subplots(); _ = plot_gan_state(ax, np.zeros((3, 2)), np.ones((3, 2))); plt.close(fig)
    """
    if d_map is not None:
        xs, ys, v = d_map
        im = ax.pcolormesh(xs, ys, v, cmap="PiYG", shading="auto",
                           vmin=0 if v.min() >= 0 and v.max() <= 1 else None,
                           vmax=1 if v.min() >= 0 and v.max() <= 1 else None, alpha=0.6)
        ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    if manifold is not None:
        for line in manifold:
            ax.plot(line[:, 0], line[:, 1], color="0.4", lw=0.5, alpha=0.6)
    ax.scatter(*np.asarray(real).T, s=3, c="tab:green", alpha=0.5, label="real")
    ax.scatter(*np.asarray(fake).T, s=3, c="tab:purple", alpha=0.5, label="fake")
    if arrows is not None:
        m = len(arrows)
        f = np.asarray(fake)[:m]
        scale = np.abs(arrows).max() + 1e-12
        ax.quiver(f[:, 0], f[:, 1], arrows[:, 0] / scale, arrows[:, 1] / scale, color="k",
                  angles="xy", scale_units="xy", scale=2.0, width=0.004, alpha=0.7)
    if centers is not None:
        ax.scatter(*np.asarray(centers).T, marker="x", c="k", s=30, lw=1)
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_aspect("equal")
    ax.legend(loc="upper right", fontsize=7, markerscale=3)
    if title:
        ax.set_title(title)
    return ax


def plot_gan_history(axes, history: dict, loss_names=("loss_d", "loss_g")):
    """Three panels: losses per iteration, JS/KL estimates, modes covered & high quality.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> h = {"loss_d": [1, 2], "loss_g": [1, 1], "eval_iteration": [2], "js": [0.3], "kl": [1.0],
    ...      "modes": [8], "high_quality": [0.5]}
    >>> fig, axes = plt.subplots(1, 3); _ = plot_gan_history(axes, h); plt.close(fig)
    """
    ax_loss, ax_div, ax_modes = axes
    for name in loss_names:
        ax_loss.plot(np.arange(1, len(history[name]) + 1), history[name], lw=0.8, label=name)
    ax_loss.set_xlabel("iteration")
    ax_loss.set_title("losses")
    ax_loss.legend(fontsize=7)
    it = history["eval_iteration"]
    ax_div.plot(it, history["js"], "o-", ms=3, label="JS (nats)")
    ax_div.plot(it, history["kl"], "s-", ms=3, label="KL(p_data‖p_g)")
    ax_div.axhline(np.log(2), color="0.5", ls=":", lw=1, label="log 2")
    ax_div.set_xlabel("iteration")
    ax_div.set_title("divergences (histogram estimates)")
    ax_div.legend(fontsize=7)
    ax_modes.plot(it, history["modes"], "o-", ms=3, color="tab:blue")
    ax_modes.set_ylabel("modes covered", color="tab:blue")
    ax_modes.set_xlabel("iteration")
    twin = ax_modes.twinx()
    twin.plot(it, 100 * np.asarray(history["high_quality"], dtype=float), "s-", ms=3, color="tab:red")
    twin.set_ylabel("% high quality", color="tab:red")
    twin.set_ylim(0, 100)
    ax_modes.set_title("mode metrics")
    return axes
