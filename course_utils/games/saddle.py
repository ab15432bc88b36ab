"""Gradient play in the bilinear game $\\min_x \\max_y f(x, y) = x\\,y$: why GANs train step by step.

The game's only equilibrium is the saddle point $(0, 0)$. The gradient field
$(-\\partial_x f, \\partial_y f) = (-y, x)$ rotates around it, so following the gradients
does not lead to it:

* **simultaneous** descent-ascent, $x \\leftarrow x - \\eta y,\\ y \\leftarrow y + \\eta x$, is the
  matrix $\\begin{pmatrix}1 & -\\eta\\\\ \\eta & 1\\end{pmatrix}$: every step multiplies the distance to
  the saddle by exactly $\\sqrt{1+\\eta^2} > 1$ — an outward spiral;
* **alternating** updates (the second player sees the first one's new move, as in GAN
  training: D step, then G step) keep $x^2 + y^2 - \\eta\\,x\\,y$ constant: a closed orbit,
  neither converging nor diverging;
* **extragradient** (Korpelevich) takes a look-ahead step and updates with the gradient
  found there; it spirals *in*.

>>> r = bilinear_gda(1.0, 0.0, lr=0.1, steps=10, method="simultaneous")
>>> round(float(r.radius[-1] / r.radius[0]), 6) == round((1 + 0.1**2) ** 5, 6)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["GDAResult", "bilinear_gda", "METHODS"]

METHODS = ("simultaneous", "alternating", "extragradient")


@dataclass
class GDAResult:
    x: np.ndarray        # (steps + 1,) the minimising player's parameter
    y: np.ndarray        # (steps + 1,) the maximising player's parameter
    method: str
    lr: float

    @property
    def radius(self) -> np.ndarray:
        """Distance to the saddle point (0, 0) after each step, shape (steps + 1,)."""
        return np.hypot(self.x, self.y)

    @property
    def value(self) -> np.ndarray:
        """The payoff $f(x, y) = x y$ along the way, shape (steps + 1,)."""
        return self.x * self.y


def bilinear_gda(x0: float = 1.0, y0: float = 0.0, lr: float = 0.1, steps: int = 100,
                 method: str = "simultaneous") -> GDAResult:
    """Run gradient descent (on x) – ascent (on y) on $f(x, y) = x y$.

    Args:
        x0, y0: the starting point.
        lr: the step size $\\eta > 0$.
        steps: number of updates.
        method: ``"simultaneous"``, ``"alternating"`` (x first, then y with the new x) or
            ``"extragradient"``.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    x, y = np.empty(steps + 1), np.empty(steps + 1)
    x[0], y[0] = float(x0), float(y0)
    for t in range(steps):
        xt, yt = x[t], y[t]
        if method == "simultaneous":           # both use the old point: grad_x f = y, grad_y f = x
            x[t + 1], y[t + 1] = xt - lr * yt, yt + lr * xt
        elif method == "alternating":          # y reacts to the new x
            x[t + 1] = xt - lr * yt
            y[t + 1] = yt + lr * x[t + 1]
        else:                                  # extragradient: gradients at a look-ahead point
            xh, yh = xt - lr * yt, yt + lr * xt
            x[t + 1], y[t + 1] = xt - lr * yh, yt + lr * xh
    return GDAResult(x, y, method, float(lr))
