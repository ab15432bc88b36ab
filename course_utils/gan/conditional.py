"""The "real trick": for an ambiguous input, MSE regression predicts the mean, a GAN picks an answer.

Task: $x \\sim U[-1, 1]$ and $y = s\\,(1 + 0.5\\sin \\pi x) + 0.05\\,\\varepsilon$ with a fair sign
$s = \\pm 1$: every $x$ has two right answers. The MSE minimiser is $\\mathbb E[y\\mid x] = 0$,
which is neither. A conditional GAN $G(x, z)$ against $D(x, y)$ learns the distribution
$p(y \\mid x)$ and outputs one branch or the other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .models import mlp

__all__ = ["bimodal_task", "RealTrickResult", "mse_vs_gan"]


def bimodal_task(n: int, seed=None) -> tuple[np.ndarray, np.ndarray]:
    """``n`` pairs ``(x, y)``, each ``(n, 1)``, of the two-branch task.

    >>> x, y = bimodal_task(4, seed=0); x.shape, y.shape
    ((4, 1), (4, 1))
    """
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 1))
    s = rng.choice([-1.0, 1.0], (n, 1))
    y = s * branch(x) + 0.05 * rng.standard_normal((n, 1))
    return x.astype(np.float32), y.astype(np.float32)


def branch(x):
    """The upper answer $1 + 0.5\\sin\\pi x$ (the lower one is its negative)."""
    return 1 + 0.5 * np.sin(np.pi * np.asarray(x))


@dataclass
class RealTrickResult:
    x_grid: np.ndarray  # (m,)
    mse_prediction: np.ndarray  # (m,) the regression net's output
    gan_x: np.ndarray  # (k,) inputs of GAN samples
    gan_y: np.ndarray  # (k,) G(x, z)
    fraction_on_a_branch: float  # GAN samples within 0.25 of ±branch(x)
    fraction_mse_on_a_branch: float


def mse_vs_gan(iterations: int = 1500, batch_size: int = 128, seed: int = 0) -> RealTrickResult:
    """Train an MSE regressor and a conditional GAN on :func:`bimodal_task`; compare.

    >>> r = mse_vs_gan(iterations=5)
    >>> r.mse_prediction.shape
    (101,)
    """
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations <= 0:
        raise ValueError(f"iterations must be a positive integer, got {iterations!r}")
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    reg = mlp(1, 1, 64, 2)
    G, D = mlp(2, 1, 64, 2), mlp(2, 1, 64, 2)  # G(x, z) -> y;  D(x, y) -> logit
    opt_r = torch.optim.Adam(reg.parameters(), 1e-3)
    opt_g = torch.optim.Adam(G.parameters(), 1e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), 1e-3, betas=(0.5, 0.999))
    for _ in range(iterations):
        x, y = (torch.as_tensor(a) for a in bimodal_task(batch_size, rng))  # (B, 1) each
        loss_r = F.mse_loss(reg(x), y)  # the MSE model
        opt_r.zero_grad()
        loss_r.backward()
        opt_r.step()
        z = torch.randn(batch_size, 1)
        fake = G(torch.cat([x, z], 1))  # (B, 1)
        loss_d = (F.softplus(-D(torch.cat([x, y], 1))).mean()
                  + F.softplus(D(torch.cat([x, fake.detach()], 1))).mean())
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        loss_g = F.softplus(-D(torch.cat([x, fake], 1))).mean()  # non-saturating
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
    x_grid = np.linspace(-1, 1, 101, dtype=np.float32)
    gx = np.repeat(x_grid, 5)
    with torch.no_grad():
        pred = reg(torch.as_tensor(x_grid[:, None])).numpy().ravel()
        gy = G(torch.cat([torch.as_tensor(gx[:, None]), torch.randn(len(gx), 1)], 1)).numpy().ravel()

    def on_branch(xs, ys):
        return float(np.mean(np.abs(np.abs(ys) - branch(xs)) < 0.25))

    return RealTrickResult(x_grid, pred, gx, gy, on_branch(gx, gy), on_branch(x_grid, pred))
