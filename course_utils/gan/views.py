"""What the GAN-Lab views show, computed (not drawn): D's map, G's manifold, gradient arrows.

Plotting lives in :mod:`course_utils.show.gan_plot`; these functions return arrays.
"""

from __future__ import annotations

import numpy as np
import torch

from .losses import generator_loss

__all__ = ["discriminator_map", "generator_manifold", "generator_gradients",
           "generator_gradient_norm"]


def discriminator_map(D: torch.nn.Module, extent: float = 5.0, n: int = 80,
                      probability: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """$D$ on an ``n``×``n`` grid over $[-e, e]^2$: ``(xs, ys, values)``, values ``(n, n)``.

    ``probability=True`` returns $\\sigma(\\ell)$ = the probability "real"; False, the raw
    output (a WGAN critic's value).

    >>> from course_utils.gan.models import discriminator
    >>> xs, ys, v = discriminator_map(discriminator(), n=5)
    >>> v.shape, bool(((v > 0) & (v < 1)).all())
    ((5, 5), True)
    """
    if n <= 1 or extent <= 0:
        raise ValueError(f"need n > 1 and extent > 0, got n={n!r}, extent={extent!r}")
    xs = np.linspace(-extent, extent, n)
    gx, gy = np.meshgrid(xs, xs)  # (n, n): row = y, column = x
    pts = torch.as_tensor(np.stack([gx.ravel(), gy.ravel()], 1), dtype=torch.float32)
    device = next(D.parameters()).device
    with torch.no_grad():
        out = D(pts.to(device)).cpu().squeeze(1)
    out = torch.sigmoid(out) if probability else out
    return xs, xs, out.numpy().reshape(n, n)


def generator_manifold(G: torch.nn.Module, z_dim: int = 2, n_lines: int = 15,
                       n_points: int = 60, radius: float = 2.5) -> np.ndarray:
    """Images under $G$ of a grid of lines in the first two noise coordinates (others 0).

    Returns ``(2 * n_lines, n_points, 2)``: the bent grid GAN Lab draws as the manifold.

    >>> from course_utils.gan.models import generator
    >>> generator_manifold(generator(), n_lines=3, n_points=4).shape
    (6, 4, 2)
    """
    if z_dim < 1 or n_lines < 1 or n_points < 2:
        raise ValueError(f"need z_dim >= 1, n_lines >= 1, n_points >= 2, got {z_dim}, {n_lines}, {n_points}")
    t = np.linspace(-radius, radius, n_points)
    levels = np.linspace(-radius, radius, n_lines)
    z = np.zeros((2 * n_lines, n_points, z_dim), dtype=np.float32)
    for i, c in enumerate(levels):
        z[i, :, 0] = t
        if z_dim > 1:
            z[i, :, 1] = c
            z[n_lines + i, :, 0] = c
            z[n_lines + i, :, 1] = t
        else:
            z[n_lines + i, :, 0] = t
    device = next(G.parameters()).device
    with torch.no_grad():
        x = G(torch.as_tensor(z.reshape(-1, z_dim), device=device)).cpu().numpy()
    return x.reshape(2 * n_lines, n_points, -1)


def generator_gradients(D: torch.nn.Module, x_fake, loss: str = "nonsaturating") -> np.ndarray:
    """$-\\nabla_x L_G$ at each fake sample ``(n, 2)``: where G's loss pushes each point.

    >>> from course_utils.gan.models import discriminator
    >>> generator_gradients(discriminator(), np.zeros((3, 2))).shape
    (3, 2)
    """
    device = next(D.parameters()).device
    x = torch.as_tensor(np.asarray(x_fake), dtype=torch.float32, device=device).requires_grad_(True)
    # sum, not mean, so that each arrow is the per-sample gradient
    (grad,) = torch.autograd.grad(generator_loss(loss, D(x)) * len(x), x)
    return -grad.cpu().numpy()


def generator_gradient_norm(G: torch.nn.Module, D: torch.nn.Module, z: torch.Tensor,
                            loss: str) -> float:
    """$\\|\\nabla_\\theta L_G\\|$ over G's parameters for noise ``z`` ``(B, z_dim)``.

    The minimax loss's gradient vanishes when $D(G(z)) \\approx 0$; the non-saturating
    loss's does not.

    >>> from course_utils.gan.models import discriminator, generator
    >>> generator_gradient_norm(generator(), discriminator(), torch.randn(8, 2), "minimax") > 0
    True
    """
    params = [p for p in G.parameters() if p.requires_grad]
    grads = torch.autograd.grad(generator_loss(loss, D(G(z))), params)
    return float(torch.sqrt(sum((g**2).sum() for g in grads)))
