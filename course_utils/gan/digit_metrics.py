"""Image metrics in a digit classifier's feature space: FID's Fréchet distance, the class
histogram of generated digits, k-NN precision and recall (Kynkäänniemi et al. 2019).

The features are the penultimate layer of :class:`~course_utils.gan.digits.DigitClassifier`
(:func:`~course_utils.gan.digits.pretrained_classifier`); the formulas are the published
ones, so the numbers mean what they mean in the papers, at 8×8.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> a, b = rng.normal(size=(500, 4)), rng.normal(size=(500, 4))
>>> bool(frechet_distance(a, a) < 1e-6), bool(frechet_distance(a, b + 3) > 30)
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from scipy import linalg
from torch import nn

from .digits import DigitClassifier, pretrained_classifier

__all__ = ["features", "frechet_distance", "class_histogram", "precision_recall", "ImageMetrics",
           "evaluate_images"]


def features(model: DigitClassifier, x: torch.Tensor, batch_size: int = 1024) -> np.ndarray:
    """Penultimate-layer features ``(N, n_features)`` as float64 NumPy."""
    model.eval()
    device = next(model.parameters()).device
    with torch.no_grad():
        parts = [model.features(x[i:i + batch_size].to(device)).cpu() for i in range(0, len(x), batch_size)]
    return torch.cat(parts).double().numpy()


def frechet_distance(phi_a: np.ndarray, phi_b: np.ndarray) -> float:
    r"""Fréchet distance of Gaussians fitted to two feature sets (FID's formula).

    $d^2 = \lVert\mu_a-\mu_b\rVert^2 + \operatorname{tr}\big(\Sigma_a+\Sigma_b-2(\Sigma_a\Sigma_b)^{1/2}\big)$.

    >>> rng = np.random.default_rng(0)
    >>> a = rng.normal(size=(500, 3)); b = a + [2, 0, 0]  # shifted copy: same covariance
    >>> round(frechet_distance(a, b), 6)  # the squared mean shift
    4.0
    """
    phi_a, phi_b = np.asarray(phi_a, float), np.asarray(phi_b, float)
    if phi_a.ndim != 2 or phi_b.ndim != 2 or phi_a.shape[1] != phi_b.shape[1] or min(len(phi_a), len(phi_b)) < 2:
        raise ValueError(f"expected two (N, d) arrays with N >= 2 and equal d, got {phi_a.shape} and {phi_b.shape}")
    mu_a, mu_b = phi_a.mean(0), phi_b.mean(0)
    sigma_a, sigma_b = np.cov(phi_a, rowvar=False), np.cov(phi_b, rowvar=False)
    # tr((Σa Σb)^{1/2}) = Σ sqrt(eig(Σa^{1/2} Σb Σa^{1/2})): a symmetric PSD matrix, so eigh is
    # stable even when dead ReLU units make the covariances singular.
    w, V = linalg.eigh(sigma_a)
    root_a = (V * np.sqrt(np.clip(w, 0, None))) @ V.T
    tr_covmean = np.sqrt(np.clip(linalg.eigvalsh(root_a @ sigma_b @ root_a), 0, None)).sum()
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(sigma_a) + np.trace(sigma_b) - 2 * tr_covmean)


def class_histogram(model: nn.Module, x: torch.Tensor) -> np.ndarray:
    """Counts ``(10,)`` of the classifier's predicted class over the images ``x``."""
    model.eval()
    device = next(model.parameters()).device
    with torch.no_grad():
        pred = model(x.to(device)).argmax(1).cpu().numpy()
    return np.bincount(pred, minlength=10)


def _knn_radii(phi: torch.Tensor, k: int) -> torch.Tensor:
    d = torch.cdist(phi, phi)  # (N, N); column 0 after sorting is the point itself
    return d.sort(dim=1).values[:, k]


def precision_recall(phi_real: np.ndarray, phi_fake: np.ndarray, k: int = 3) -> tuple[float, float]:
    """Improved precision and recall (Kynkäänniemi et al. 2019) with k-NN manifolds.

    Each set's manifold is the union of balls around its points with radius the distance
    to the k-th nearest neighbour. Precision: share of fake points inside the real
    manifold (quality). Recall: share of real points inside the fake manifold (coverage).

    >>> rng = np.random.default_rng(0)
    >>> real = rng.normal(size=(500, 2))
    >>> p, r = precision_recall(real, real[:250] * 0.1)  # a collapsed, central "generator"
    >>> p > 0.9 > r
    True
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k!r}")
    real = torch.as_tensor(np.asarray(phi_real), dtype=torch.float64)
    fake = torch.as_tensor(np.asarray(phi_fake), dtype=torch.float64)
    if min(len(real), len(fake)) <= k:
        raise ValueError(f"need more than k={k} points in each set, got {len(real)} and {len(fake)}")
    r_real, r_fake = _knn_radii(real, k), _knn_radii(fake, k)
    d = torch.cdist(fake, real)  # (N_fake, N_real)
    precision = (d <= r_real[None, :]).any(1).double().mean()
    recall = (d.T <= r_fake[None, :]).any(1).double().mean()
    return float(precision), float(recall)


@dataclass
class ImageMetrics:
    """Metrics of an image set against the held-out reference set."""

    frechet: float
    """Fréchet distance in the classifier's feature space (lower is better)."""
    histogram: np.ndarray
    """Predicted class counts ``(10,)``."""
    classes_covered: int
    """Classes with at least 1% of the samples (an image per class by chance is not coverage)."""
    precision: float
    recall: float


def evaluate_images(x: torch.Tensor, reference: torch.Tensor, classifier: DigitClassifier | None = None,
                    k: int = 3, min_share: float = 0.01) -> ImageMetrics:
    """All metrics of images ``x`` ``(N, 1, 8, 8)`` against real ``reference`` images.

    Calibrate before trusting: real held-out images score best, one class only worse,
    noise worst (see ``tests/test_digits.py`` and notebook 08).
    """
    if x.ndim != 4 or x.shape[1:] != reference.shape[1:]:
        raise ValueError(f"x must be (N, C, H, W) like reference {tuple(reference.shape)}, got {tuple(x.shape)}")
    model = classifier if classifier is not None else pretrained_classifier().model
    phi_x, phi_ref = features(model, x), features(model, reference)
    hist = class_histogram(model, x)
    covered = int((hist >= max(1, min_share * len(x))).sum())
    p, r = precision_recall(phi_ref, phi_x, k=k)
    return ImageMetrics(frechet_distance(phi_x, phi_ref), hist, covered, p, r)
