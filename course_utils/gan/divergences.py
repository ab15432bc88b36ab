"""Divergences between distributions: KL, JS and the Wasserstein-1 (earth mover's) distance.

All in nats (natural log). ``js_divergence`` is the Jensen-Shannon *divergence*
$\\mathrm{JSD}(p\\|q) = \\tfrac12 \\mathrm{KL}(p\\|m) + \\tfrac12 \\mathrm{KL}(q\\|m)$, $m = (p+q)/2$,
bounded by $\\log 2$; SciPy's ``scipy.spatial.distance.jensenshannon`` returns its square root.
"""

from __future__ import annotations

import numpy as np
from scipy import integrate, optimize, special, stats

__all__ = [
    "kl_divergence", "js_divergence", "kl_gaussian", "js_gaussian",
    "wasserstein1_1d", "wasserstein1_samples", "histogram_divergences",
]


def _as_distribution(name: str, p) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    if p.ndim == 0 or p.size == 0:
        raise ValueError(f"{name} must be a non-empty array of probabilities, got {p!r}")
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError(f"{name} must be finite and non-negative, got {p!r}")
    if not np.isclose(p.sum(), 1.0, atol=1e-6):
        raise ValueError(f"{name} must sum to 1, got sum {p.sum():.6g}")
    return p


def kl_divergence(p, q) -> float:
    """$\\mathrm{KL}(p\\|q) = \\sum_i p_i \\log(p_i/q_i)$ in nats; ``inf`` when $q_i=0<p_i$.

    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 6)
    0.510826
    >>> kl_divergence([1.0, 0.0], [0.0, 1.0])
    inf
    """
    p, q = _as_distribution("p", p), _as_distribution("q", q)
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same shape, got {p.shape} and {q.shape}")
    if np.any((q == 0) & (p > 0)):
        return float("inf")
    return float(np.sum(special.rel_entr(p, q)))  # rel_entr: p log(p/q), 0 where p = 0


def js_divergence(p, q) -> float:
    """Jensen-Shannon divergence in nats, $0 \\le \\mathrm{JSD} \\le \\log 2$ (not its square root).

    >>> bool(js_divergence([1.0, 0.0], [0.0, 1.0]) == np.log(2))
    True
    """
    p, q = _as_distribution("p", p), _as_distribution("q", q)
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same shape, got {p.shape} and {q.shape}")
    m = 0.5 * (p + q)
    return float(0.5 * np.sum(special.rel_entr(p, m)) + 0.5 * np.sum(special.rel_entr(q, m)))


def _check_sigma(*sigmas) -> None:
    for s in sigmas:
        if not np.isfinite(s) or s <= 0:
            raise ValueError(f"standard deviations must be positive and finite, got {s!r}")


def kl_gaussian(mu1: float, sigma1: float, mu2: float, sigma2: float) -> float:
    """Closed form $\\mathrm{KL}(\\mathcal N(\\mu_1,\\sigma_1^2)\\|\\mathcal N(\\mu_2,\\sigma_2^2))$.

    $= \\log\\frac{\\sigma_2}{\\sigma_1} + \\frac{\\sigma_1^2 + (\\mu_1-\\mu_2)^2}{2\\sigma_2^2} - \\frac12$.

    >>> kl_gaussian(0.0, 1.0, 1.0, 1.0)
    0.5
    """
    _check_sigma(sigma1, sigma2)
    return float(np.log(sigma2 / sigma1) + (sigma1**2 + (mu1 - mu2) ** 2) / (2 * sigma2**2) - 0.5)


def js_gaussian(mu1: float, sigma1: float, mu2: float, sigma2: float) -> float:
    """JSD between two 1-D Gaussians by numerical quadrature (no closed form exists).

    >>> round(js_gaussian(0.0, 1.0, 0.0, 1.0), 8)
    0.0
    >>> js_gaussian(-50.0, 1.0, 50.0, 1.0) > 0.693
    True
    """
    _check_sigma(sigma1, sigma2)
    p, q = stats.norm(mu1, sigma1), stats.norm(mu2, sigma2)

    def integrand(x):  # ½ p log(2p/(p+q)) + ½ q log(2q/(p+q)), in log space for the tails
        lp, lq = p.logpdf(x), q.logpdf(x)
        lm = np.logaddexp(lp, lq) - np.log(2)
        return 0.5 * np.exp(lp) * (lp - lm) + 0.5 * np.exp(lq) * (lq - lm)

    lo = min(mu1 - 12 * sigma1, mu2 - 12 * sigma2)
    hi = max(mu1 + 12 * sigma1, mu2 + 12 * sigma2)
    points = sorted({mu1, mu2})
    value, _ = integrate.quad(integrand, lo, hi, points=points, limit=200)
    return float(min(max(value, 0.0), np.log(2)))


def wasserstein1_1d(u, v) -> float:
    """$W_1$ between two 1-D empirical distributions: $\\int |F_u(t) - F_v(t)|\\,dt$.

    >>> wasserstein1_1d([0.0, 1.0], [2.0, 3.0])
    2.0
    """
    u = np.sort(np.asarray(u, dtype=float).ravel())
    v = np.sort(np.asarray(v, dtype=float).ravel())
    if u.size == 0 or v.size == 0 or not (np.all(np.isfinite(u)) and np.all(np.isfinite(v))):
        raise ValueError("u and v must be non-empty arrays of finite numbers")
    t = np.concatenate([u, v])
    t.sort()
    dt = np.diff(t)  # (n+m-1,)
    Fu = np.searchsorted(u, t[:-1], side="right") / u.size
    Fv = np.searchsorted(v, t[:-1], side="right") / v.size
    return float(np.sum(np.abs(Fu - Fv) * dt))


def wasserstein1_samples(x, y) -> float:
    """Exact $W_1$ between two equal-size point clouds in $\\mathbb R^d$ (optimal assignment).

    With uniform weights on $n$ points each, an optimal transport plan is a permutation
    (Birkhoff), so $W_1 = \\min_\\pi \\frac1n\\sum_i \\|x_i - y_{\\pi(i)}\\|$. Cost $O(n^3)$:
    keep $n \\lesssim 2000$.

    >>> wasserstein1_samples([[0.0, 0.0], [1.0, 0.0]], [[1.0, 1.0], [0.0, 1.0]])
    1.0
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 2 or x.shape != y.shape or x.shape[0] == 0:
        raise ValueError(f"x and y must have the same shape (n, d), got {x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must contain finite values (no NaN or inf)")
    cost = np.sqrt(((x[:, None, :] - y[None, :, :]) ** 2).sum(-1))  # (n, n)
    rows, cols = optimize.linear_sum_assignment(cost)
    return float(cost[rows, cols].mean())


def histogram_divergences(real, fake, bins: int = 40, extent: float = 5.0,
                          eps: float = 1e-3) -> tuple[float, float]:
    """Estimated $(\\mathrm{KL}(p_{data}\\|p_g), \\mathrm{JSD}(p_{data}\\|p_g))$ from 2-D samples.

    Both sets are binned on the same ``bins``×``bins`` grid over $[-e, e]^2$ (points outside
    land in the border bins). JS needs no smoothing ($m>0$ wherever $p$ or $q$ is); KL
    mixes ``eps`` of the uniform into $p_g$ so that it stays finite when $p_g$ misses a bin.

    >>> rng = np.random.default_rng(0)
    >>> a = rng.normal(size=(4000, 2))
    >>> kl, js = histogram_divergences(a, a)
    >>> round(kl, 6), js
    (0.0, 0.0)
    """
    hists = []
    for name, pts in (("real", real), ("fake", fake)):
        pts = np.asarray(pts, dtype=float)
        if pts.ndim != 2 or pts.shape[1] != 2 or not np.all(np.isfinite(pts)):
            raise ValueError(f"{name} must be finite points of shape (n, 2), got shape {pts.shape}")
        pts = np.clip(pts, -extent, extent)
        h, _, _ = np.histogram2d(pts[:, 0], pts[:, 1], bins=bins, range=[[-extent, extent]] * 2)
        hists.append(h.ravel() / h.sum())
    p, q = hists
    q_smooth = (1 - eps) * q + eps / q.size
    return kl_divergence(p, q_smooth), js_divergence(p, q)
