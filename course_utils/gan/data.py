"""Toy 2-D data for GANs: a ring of 8 Gaussians, a 5×5 grid of 25, two moons.

The ring and the grid follow the VEEGAN/PacGAN protocol (ring: radius 2, σ 0.02;
grid: centers at {-4, -2, 0, 2, 4}², σ 0.05). Every sampler returns a
:class:`ToyData` (samples, mode centers, σ) and takes a ``seed`` so that a figure or a
benchmark can be reproduced exactly.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["ToyData", "ring", "grid", "moons", "make_dataset", "DATASETS"]


class ToyData(NamedTuple):
    """Samples of a toy distribution and the centers of its modes."""

    samples: np.ndarray  # (n, 2)
    centers: np.ndarray  # (K, 2) mode centers (for moons: 2 arc midpoints)
    std: float  # per-coordinate standard deviation of each mode


def _check_n(n) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
        raise ValueError(f"n (number of samples) must be a positive integer, got {n!r}")
    return int(n)


def _check_pos(name: str, value) -> float:
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def _mixture(n: int, centers: np.ndarray, std: float, seed) -> np.ndarray:
    rng = np.random.default_rng(seed)
    k = rng.integers(len(centers), size=n)  # (n,) uniform mixture component
    return centers[k] + std * rng.standard_normal((n, 2))


def ring_centers(n_modes: int = 8, radius: float = 2.0) -> np.ndarray:
    """Mode centers evenly spaced on a circle, angles 2πk/K, k = 0..K-1 (no repeated endpoint).

    >>> ring_centers(4, 1.0).round(6).tolist()
    [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [-0.0, -1.0]]
    """
    if isinstance(n_modes, bool) or not isinstance(n_modes, (int, np.integer)) or n_modes <= 0:
        raise ValueError(f"n_modes must be a positive integer, got {n_modes!r}")
    radius = _check_pos("radius", radius)
    # endpoint=False: np.linspace(0, 2π, K) would put mode K on top of mode 0.
    theta = np.linspace(0.0, 2 * np.pi, n_modes, endpoint=False)
    return radius * np.stack([np.cos(theta), np.sin(theta)], axis=1)


def ring(n: int, n_modes: int = 8, radius: float = 2.0, std: float = 0.02,
         seed: int | None = None) -> ToyData:
    """``n`` samples from a ring of ``n_modes`` Gaussians (VEEGAN/PacGAN: 8, radius 2, σ 0.02).

    >>> data = ring(1000, seed=0)
    >>> data.samples.shape, data.centers.shape, data.std
    ((1000, 2), (8, 2), 0.02)
    >>> len(np.unique(data.centers.round(6), axis=0))  # 8 distinct modes
    8
    """
    n = _check_n(n)
    std = _check_pos("std", std)
    centers = ring_centers(n_modes, radius)
    return ToyData(_mixture(n, centers, std, seed), centers, std)


def grid(n: int, side: int = 5, spacing: float = 2.0, std: float = 0.05,
         seed: int | None = None) -> ToyData:
    """``n`` samples from a ``side``×``side`` grid of Gaussians centred on 0 (PacGAN: 5, 2, σ 0.05).

    >>> data = grid(500, seed=0)
    >>> data.centers.shape, float(data.centers.min()), float(data.centers.max())
    ((25, 2), -4.0, 4.0)
    """
    n = _check_n(n)
    if isinstance(side, bool) or not isinstance(side, (int, np.integer)) or side <= 0:
        raise ValueError(f"side must be a positive integer, got {side!r}")
    spacing = _check_pos("spacing", spacing)
    std = _check_pos("std", std)
    axis = spacing * (np.arange(side) - (side - 1) / 2)  # (side,)
    gx, gy = np.meshgrid(axis, axis, indexing="ij")
    centers = np.stack([gx.ravel(), gy.ravel()], axis=1)  # (side², 2)
    return ToyData(_mixture(n, centers, std, seed), centers, std)


def moons(n: int, noise: float = 0.05, seed: int | None = None) -> ToyData:
    """``n`` samples from two interleaving half circles (scikit-learn's moons, scaled ×2, centred).

    The "centers" are the two arc midpoints; moons have no Gaussian modes, so mode
    metrics are not meaningful on them.

    >>> moons(10, seed=0).samples.shape
    (10, 2)
    """
    n = _check_n(n)
    noise = _check_pos("noise", noise)
    rng = np.random.default_rng(seed)
    upper = rng.random(n) < 0.5  # (n,)
    t = np.pi * rng.random(n)
    x = np.where(upper, np.cos(t), 1 - np.cos(t))
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    pts = np.stack([x - 0.5, y - 0.25], axis=1) * 2.0
    pts = pts + noise * 2.0 * rng.standard_normal((n, 2))
    centers = np.array([[-1.0, 1.5], [1.0, -1.0]])
    return ToyData(pts, centers, noise * 2.0)


DATASETS = {"ring": ring, "grid": grid, "moons": moons}


def make_dataset(name: str, n: int, seed: int | None = None) -> ToyData:
    """A toy data set by name (``"ring"``, ``"grid"`` or ``"moons"``) with default parameters.

    >>> make_dataset("grid", 3, seed=1).samples.shape
    (3, 2)
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; expected one of {sorted(DATASETS)}")
    return DATASETS[name](n, seed=seed)
