"""The GAN theory on 1-D densities, numerically: V(D, G), the optimal D* and C(G).

For fixed $G$, $V(D,G) = \\int p_{data}(x)\\log D(x) + p_g(x)\\log(1-D(x))\\,dx$ is maximised
pointwise by $D^*(x) = p_{data}(x) / (p_{data}(x) + p_g(x))$, and then
$C(G) = V(D^*, G) = -\\log 4 + 2\\,\\mathrm{JSD}(p_{data}\\|p_g)$ (Goodfellow et al. 2014).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from scipy import integrate

from .models import discriminator

__all__ = ["optimal_discriminator", "value_function", "fit_discriminator"]


def optimal_discriminator(x, p_data: Callable, p_g: Callable) -> np.ndarray:
    """$D^*(x) = p_{data}(x) / (p_{data}(x) + p_g(x))$ for density callables.

    >>> from scipy import stats
    >>> float(optimal_discriminator(0.0, stats.norm(0, 1).pdf, stats.norm(0, 1).pdf))
    0.5
    """
    a, b = p_data(np.asarray(x, dtype=float)), p_g(np.asarray(x, dtype=float))
    return a / (a + b)


def value_function(D: Callable, p_data: Callable, p_g: Callable, lo: float = -20.0,
                   hi: float = 20.0) -> float:
    """$V(D,G)$ by quadrature over $[lo, hi]$ for 1-D densities and a callable $D(x)\\in(0,1)$.

    >>> from scipy import stats
    >>> p = stats.norm(0, 1).pdf
    >>> bool(abs(value_function(lambda x: 0.5, p, p) + np.log(4)) < 1e-6)
    True
    """
    def integrand(x):
        d = float(np.clip(D(x), 1e-300, 1 - 1e-16))
        return p_data(x) * np.log(d) + p_g(x) * np.log1p(-d)

    value, _ = integrate.quad(integrand, lo, hi, limit=400)
    return float(value)


def fit_discriminator(x_data, x_g, steps: int = 2000, hidden: int = 32, lr: float = 1e-2,
                      seed: int = 0) -> Callable[[np.ndarray], np.ndarray]:
    """Train a 1-D MLP discriminator by logistic regression (max $V$) on two sample sets.

    Full-batch Adam on the fixed samples; returns $D(x)$ as a numpy function.

    >>> rng = np.random.default_rng(0)
    >>> D = fit_discriminator(rng.normal(-2, 1, 500), rng.normal(2, 1, 500), steps=200)
    >>> bool(D(np.array([-4.0]))[0] > 0.9 and D(np.array([4.0]))[0] < 0.1)
    True
    """
    torch.manual_seed(seed)
    net = discriminator(hidden=hidden, layers=2, activation="tanh", x_dim=1)
    a = torch.as_tensor(np.asarray(x_data, dtype=np.float32).reshape(-1, 1))  # (n, 1)
    b = torch.as_tensor(np.asarray(x_g, dtype=np.float32).reshape(-1, 1))  # (m, 1)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    for _ in range(steps):
        loss = F.softplus(-net(a)).mean() + F.softplus(net(b)).mean()  # -V on samples
        opt.zero_grad()
        loss.backward()
        opt.step()

    def D(x):
        with torch.no_grad():
            t = torch.as_tensor(np.asarray(x, dtype=np.float32).reshape(-1, 1))
            return torch.sigmoid(net(t)).numpy().ravel()

    return D
