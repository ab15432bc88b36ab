"""Mode coverage and sample quality, as defined by VEEGAN and PacGAN.

A generated sample is **high quality** when it lies within 3σ of its nearest mode
center (Euclidean distance). A mode is **covered** when it is the nearest mode of at
least one high-quality sample. These are the two numbers of VEEGAN's and PacGAN's
Table 1 ({cite}`srivastava2017veegan`, {cite}`lin2018pacgan`).
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

__all__ = ["ModeMetrics", "mode_metrics", "nearest_mode", "PUBLISHED"]


class ModeMetrics(NamedTuple):
    """``(modes_covered, high_quality_fraction)``; unpacks like a pair."""

    modes_covered: int
    high_quality_fraction: float


def _as_points(name: str, a) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    if a.ndim != 2 or a.shape[0] == 0:
        raise ValueError(f"{name} must have shape (n, d) with n >= 1, got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        bad = int((~np.isfinite(a)).any(axis=1).sum())
        raise ValueError(f"{name} contains {bad} row(s) with NaN or inf; expected finite values")
    return a


def nearest_mode(samples, centers) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest center and the distance to it, for each sample.

    >>> idx, dist = nearest_mode([[0.9, 0.0], [0.0, -3.0]], [[1.0, 0.0], [0.0, -1.0]])
    >>> idx.tolist(), dist.round(3).tolist()
    ([0, 1], [0.1, 2.0])
    """
    x = _as_points("samples", samples)
    c = _as_points("centers", centers)
    if x.shape[1] != c.shape[1]:
        raise ValueError(f"samples have dimension {x.shape[1]} but centers {c.shape[1]}")
    d2 = ((x[:, None, :] - c[None, :, :]) ** 2).sum(-1)  # (n, K)
    idx = d2.argmin(axis=1)
    return idx, np.sqrt(d2[np.arange(len(x)), idx])


def mode_metrics(samples, centers, std: float) -> ModeMetrics:
    """Modes covered and fraction of high-quality samples (within 3σ of the nearest center).

    Args:
        samples: generated points, shape ``(n, d)``; finite.
        centers: mode centers, shape ``(K, d)``.
        std: the modes' standard deviation σ (> 0).

    >>> centers = [[0.0, 0.0], [1.0, 0.0]]
    >>> mode_metrics([[0.01, 0.0], [0.02, 0.0], [0.5, 0.5]], centers, std=0.02)
    ModeMetrics(modes_covered=1, high_quality_fraction=0.6666666666666666)
    """
    if isinstance(std, bool) or not isinstance(std, numbers.Real) or not np.isfinite(std) or std <= 0:
        raise ValueError(f"std must be a positive finite number, got {std!r}")
    idx, dist = nearest_mode(samples, centers)
    good = dist <= 3.0 * std  # (n,) high quality
    covered = len(np.unique(idx[good]))
    return ModeMetrics(int(covered), float(good.mean()))


#: Published (modes covered, % high quality) on the ring of 8 and the 5×5 grid, 2,500 samples.
#: VEEGAN Table 1 (Srivastava et al. 2017) and PacGAN Table 1 (Lin et al. 2018).
PUBLISHED = {
    "ring": {"GAN (VEEGAN T1)": (1.0, 99.3), "Unrolled GAN (VEEGAN T1)": (7.6, 35.6),
             "VEEGAN (VEEGAN T1)": (8.0, 52.9), "GAN (PacGAN T1)": (6.3, 98.2),
             "PacGAN2 (PacGAN T1)": (7.9, 95.6)},
    "grid": {"GAN (VEEGAN T1)": (3.3, 0.5), "Unrolled GAN (VEEGAN T1)": (23.6, 16.0),
             "VEEGAN (VEEGAN T1)": (24.6, 40.0), "GAN (PacGAN T1)": (17.3, 94.8),
             "PacGAN4 (PacGAN T1)": (24.8, 93.6)},
}
