"""Generative adversarial networks on toy 2-D data (chapters 07 and 09).

One concept a module: ``data`` (ring, grid, moons), ``divergences`` (KL, JS, W1),
``metrics`` (VEEGAN/PacGAN mode coverage), ``models`` (MLP G and D), ``losses``
(minimax, non-saturating, least squares, Wasserstein), ``train`` (one flat loop),
``views`` (discriminator map, generator manifold, gradient arrows), ``wgan``
(weight clipping and gradient penalty) and ``playground`` (the GAN-Lab-style widget).

>>> import course_utils as cu
>>> samples, centers, std = cu.gan.ring(2500, seed=0)
>>> cu.gan.mode_metrics(samples, centers, std).modes_covered
8
"""

from . import conditional, playground, plot, theory, views, wgan
from .data import DATASETS, ToyData, grid, make_dataset, moons, ring, ring_centers
from .divergences import (
    histogram_divergences,
    js_divergence,
    js_gaussian,
    kl_divergence,
    kl_gaussian,
    wasserstein1_1d,
    wasserstein1_samples,
)
from .losses import LOSSES, R1Penalty, discriminator_loss, generator_loss
from .metrics import PUBLISHED, ModeMetrics, mode_metrics, nearest_mode
from .models import discriminator, generator, mlp
from .train import OPTIMIZERS, GANConfig, GANResult, Snapshot, train
from .wgan import (
    CriticFit,
    GradientPenalty,
    WeightClip,
    fit_critic,
    gradient_penalty,
    wgan_config,
    wgan_gp_config,
)

__all__ = [
    "DATASETS", "ToyData", "grid", "make_dataset", "moons", "ring", "ring_centers",
    "histogram_divergences", "js_divergence", "js_gaussian", "kl_divergence", "kl_gaussian",
    "wasserstein1_1d", "wasserstein1_samples",
    "LOSSES", "R1Penalty", "discriminator_loss", "generator_loss",
    "PUBLISHED", "ModeMetrics", "mode_metrics", "nearest_mode",
    "discriminator", "generator", "mlp",
    "OPTIMIZERS", "GANConfig", "GANResult", "Snapshot", "train",
    "CriticFit", "fit_critic", "GradientPenalty", "WeightClip", "gradient_penalty", "wgan_config", "wgan_gp_config",
    "conditional", "playground", "plot", "theory", "views", "wgan",
]
