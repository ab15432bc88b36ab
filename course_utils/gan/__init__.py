"""Generative adversarial networks (chapters 07-09): toy 2-D GANs, WGAN, DCGAN on digits.

One concept a module: ``data`` (ring, grid, moons), ``divergences`` (KL, JS, W1),
``metrics`` (VEEGAN/PacGAN mode coverage), ``models`` (MLP G and D), ``losses``
(minimax, non-saturating, least squares, Wasserstein), ``train`` (one flat loop, :func:`train_gan`),
``views`` (discriminator map, generator manifold, gradient arrows), ``wgan``
(weight clipping and gradient penalty), ``conditional`` and ``theory`` (chapter 07's
side studies). Chapter 08's image GAN loads on first access: ``dcgan`` (the trainer),
``deconv`` (transposed convolutions), ``digits`` (the offline image set and its
classifier) and ``digit_metrics`` (FID-style scores). The GAN-Lab-style playground and
the figures are :mod:`course_utils.show.gan_playground` and :mod:`course_utils.show.gan_plot`.
Chapter 10's image-to-image models load on first access too: ``paired`` (paired and
unpaired digit data, translation scores), ``pix2pix``, ``cyclegan``, ``faceswap``, ``style``
(neural style transfer) and ``translators`` (their shipped weights); its figures and widget
are :mod:`course_utils.show.translation`.

>>> import course_utils as cu
>>> samples, centers, std = cu.gan.ring(2500, seed=0)
>>> cu.gan.mode_metrics(samples, centers, std).modes_covered
8
"""

from .._core import lazy_submodules
from . import conditional, theory, views, wgan
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
from .train import OPTIMIZERS, GANConfig, GANResult, Snapshot, train_gan
from .wgan import (
    CriticFit,
    GradientPenalty,
    WeightClip,
    fit_critic,
    gradient_penalty,
    wgan_config,
    wgan_gp_config,
    wgan_gp_toy_config,
)

__all__ = [
    "DATASETS", "ToyData", "grid", "make_dataset", "moons", "ring", "ring_centers",
    "histogram_divergences", "js_divergence", "js_gaussian", "kl_divergence", "kl_gaussian",
    "wasserstein1_1d", "wasserstein1_samples",
    "LOSSES", "R1Penalty", "discriminator_loss", "generator_loss",
    "PUBLISHED", "ModeMetrics", "mode_metrics", "nearest_mode",
    "discriminator", "generator", "mlp",
    "OPTIMIZERS", "GANConfig", "GANResult", "Snapshot", "train_gan",
    "CriticFit", "fit_critic", "GradientPenalty", "WeightClip", "gradient_penalty", "wgan_config", "wgan_gp_config",
    "wgan_gp_toy_config", "conditional", "theory", "views", "wgan",
]

# The image GAN of chapter 08 pulls in more (a classifier checkpoint, scipy.linalg): load it
# only when asked for.
__getattr__, __dir__ = lazy_submodules(__name__, ("dcgan", "deconv", "digits", "digit_metrics", "paired", "pix2pix",
                                                  "cyclegan", "faceswap", "style", "translators"))
