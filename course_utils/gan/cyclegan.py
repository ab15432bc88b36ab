"""CycleGAN (Zhu, Park, Isola & Efros 2017): image-to-image translation without pairs.

Two generators, $G: A \\to B$ and $F: B \\to A$, and one discriminator per domain. Each
generator alone only has to produce images that *look like* its target domain, which any
mapping into that domain does, the one that forgets the input included. The **cycle
consistency** loss ties the two together: translating there and back must return the input,

$$\\mathcal L_{\\text{cyc}} = \\mathbb E_a \\lVert F(G(a)) - a\\rVert_1 + \\mathbb E_b \\lVert G(F(b)) - b\\rVert_1,$$

so $G$ has to keep in $G(a)$ what $F$ needs to rebuild $a$. That rules out maps that lose
information, not invertible re-labellings (a 0 written as a 1 and back): on the digits the
identity term is what keeps the digit (chapter 10 measures all four combinations). The
objective is the paper's, with least-squares GAN losses:

$$\\mathcal L = \\mathcal L_{\\text{GAN}}(G, D_B) + \\mathcal L_{\\text{GAN}}(F, D_A)
+ \\lambda\\, \\mathcal L_{\\text{cyc}}, \\qquad \\lambda = 10.$$

plus an identity term (below). ``lambda_cycle=0, lambda_identity=0`` is the paper's "GAN
alone" ablation. The networks are those of
:mod:`~course_utils.gan.pix2pix`: a generator without skip connections by default (CycleGAN's
generators are encoder-decoders too; skips would let a generator copy its input and hide
what the cycle loss does) and PatchGAN discriminators that see one image.

>>> from course_utils.gan.paired import make_unpaired
>>> data = make_unpaired("thick", seed=0)
>>> r = train_cyclegan(data.a_train[:64], data.b_train[:64], CycleGANConfig.preset("smoke"), progress=False)
>>> tuple(translate(r.g_ab, data.a_test[:5]).shape)
(5, 1, 16, 16)
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from .._core import check_int, check_real, preset
from .pix2pix import PatchDiscriminator, UNet, check_image_sets
from .pix2pix import translate as _translate

__all__ = ["CycleGANConfig", "CycleGANResult", "train_cyclegan", "translate", "PRESETS"]


@dataclass
class CycleGANConfig:
    """Networks and training of CycleGAN (the paper's values where it has one)."""

    features: int = 32
    """Channels of the generators' and discriminators' first layers."""
    lambda_cycle: float = 10.0
    """Weight $\\lambda$ of the cycle-consistency loss (paper: 10); 0 is "GAN alone"."""
    lambda_identity: float = 5.0
    """Weight of the identity loss $\\lVert G(b) - b\\rVert_1 + \\lVert F(a) - a\\rVert_1$: an image
    already in the target domain should pass unchanged (the paper: $0.5\\lambda$, for paintings ↔
    photos, to keep colours). Measured on the digits (standard preset, 3 seeds,
    ``benchmarks/results/image_to_image.json``): without it the translation kept the digit for
    12 % of held-out inputs (median), with it for 90 %."""
    skips: bool = False
    """U-Net skip connections in the generators."""
    lr: float = 2e-4
    """Adam learning rate (paper: 2e-4, $\\beta = (0.5, 0.999)$)."""
    beta1: float = 0.5
    batch_size: int = 32
    epochs: int = 60
    seed: int = 0

    def __post_init__(self):
        for name in ("features", "batch_size", "epochs"):
            check_int(name, getattr(self, name), 1)
        check_int("seed", self.seed, 0)
        check_real("lambda_cycle", self.lambda_cycle, 0.0, 1e6, "[0, 1e6]")
        check_real("lambda_identity", self.lambda_identity, 0.0, 1e6, "[0, 1e6]")
        check_real("lr", self.lr, 0.0, 1.0, "(0, 1)", open_low=True, open_high=True)
        check_real("beta1", self.beta1, 0.0, 1.0, "[0, 1)", open_high=True)

    @classmethod
    def preset(cls, budget: str | None = None, **overrides) -> CycleGANConfig:
        """Settings per budget from :data:`PRESETS` (``None``: ``COURSE_BUDGET``); overrides win.

        >>> CycleGANConfig.preset("standard", lambda_cycle=0).lambda_cycle
        0
        """
        return preset(cls, PRESETS, budget, **overrides)


#: budget -> settings for 16×16 digits, read by :meth:`~course_utils.gan.cyclegan.CycleGANConfig.preset`
PRESETS = {
    "smoke": dict(features=8, epochs=1),
    "standard": dict(features=32, epochs=40),
    "full": dict(features=64, epochs=200),
}


@dataclass
class CycleGANResult:
    """The two trained generators ($G$: ``g_ab``, $F$: ``g_ba``) with per-epoch history."""

    g_ab: UNet
    g_ba: UNet
    config: CycleGANConfig
    history: dict[str, np.ndarray] = field(default_factory=dict)
    """Per epoch: ``loss_gan`` (both generators), ``loss_cycle`` (mean L1 of the round trips, per
    pixel), ``loss_d`` (both discriminators), ``seconds``."""


def train_cyclegan(a: torch.Tensor, b: torch.Tensor, config: CycleGANConfig | None = None, *, device="cpu",
                   progress: bool = True) -> CycleGANResult:
    """Train CycleGAN between the unpaired image sets ``a`` and ``b`` ``(N, C, S, S)`` in $[-1, 1]$.

    Raises:
        ValueError: images of the wrong shape or range, or fewer than a batch in a domain.
    """
    cfg = config if config is not None else CycleGANConfig.preset()
    if not isinstance(cfg, CycleGANConfig):
        raise ValueError(f"config must be a CycleGANConfig, got {type(cfg).__name__}")
    check_image_sets(a, b, cfg.batch_size, pairs=False)
    device = torch.device(device)
    torch.manual_seed(cfg.seed)
    c = a.shape[1]
    g_ab, g_ba = (UNet(c, c, cfg.features, dropout=0.0, skips=cfg.skips).to(device) for _ in range(2))
    d_a, d_b = (PatchDiscriminator(c, cfg.features).to(device) for _ in range(2))
    opt_g = torch.optim.Adam(itertools.chain(g_ab.parameters(), g_ba.parameters()), lr=cfg.lr, betas=(cfg.beta1, 0.999))
    opt_d = torch.optim.Adam(itertools.chain(d_a.parameters(), d_b.parameters()), lr=cfg.lr, betas=(cfg.beta1, 0.999))
    mse = nn.MSELoss()  # least-squares GAN: real -> 1, fake -> 0

    def gan_loss(logit: torch.Tensor, real: bool) -> torch.Tensor:
        return mse(logit, torch.full_like(logit, 1.0 if real else 0.0))

    a_all, b_all = a.to(device), b.to(device)
    n = min(len(a_all), len(b_all))
    history: dict[str, list[float]] = {k: [] for k in ("loss_gan", "loss_cycle", "loss_d", "seconds")}
    bar = tqdm(range(cfg.epochs), desc="CycleGAN", disable=not progress)
    for epoch in bar:
        t0 = time.perf_counter()
        g_ab.train()
        g_ba.train()
        sums = torch.zeros(3)
        order_a, order_b = torch.randperm(len(a_all), device=device), torch.randperm(len(b_all), device=device)
        for i in range(0, n - cfg.batch_size + 1, cfg.batch_size):
            x_a, x_b = a_all[order_a[i:i + cfg.batch_size]], b_all[order_b[i:i + cfg.batch_size]]  # (B, C, S, S)
            # ---- generators: look like the other domain, and come back on the round trip ---
            fake_b, fake_a = g_ab(x_a), g_ba(x_b)
            loss_gan = gan_loss(d_b(fake_b), True) + gan_loss(d_a(fake_a), True)
            loss_cycle = (g_ba(fake_b) - x_a).abs().mean() + (g_ab(fake_a) - x_b).abs().mean()
            loss_g = loss_gan + cfg.lambda_cycle * loss_cycle
            if cfg.lambda_identity > 0:
                loss_g = loss_g + cfg.lambda_identity * ((g_ab(x_b) - x_b).abs().mean() + (g_ba(x_a) - x_a).abs().mean())
            opt_g.zero_grad(set_to_none=True)
            loss_g.backward()
            opt_g.step()
            # ---- discriminators: real images -> 1, translated ones -> 0 ----------------------
            loss_d = 0.5 * (gan_loss(d_b(x_b), True) + gan_loss(d_b(fake_b.detach()), False)
                            + gan_loss(d_a(x_a), True) + gan_loss(d_a(fake_a.detach()), False))
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
            sums += torch.tensor([loss_gan.item(), loss_cycle.item() / 2, loss_d.item()])
        means = (sums / (n // cfg.batch_size)).tolist()
        if not np.isfinite(means).all():
            raise ValueError(f"training diverged in epoch {epoch + 1} (loss is NaN/inf); lower the learning rate")
        for key, value in zip(("loss_gan", "loss_cycle", "loss_d"), means):
            history[key].append(value)
        history["seconds"].append(time.perf_counter() - t0)
        bar.set_postfix(cycle=f"{means[1]:.3f}")
    g_ab.eval()
    g_ba.eval()
    return CycleGANResult(g_ab, g_ba, cfg, {k: np.asarray(v, dtype=float) for k, v in history.items()})


def translate(G: nn.Module, x: torch.Tensor, batch_size: int = 512) -> torch.Tensor:
    """``G``'s outputs for ``x`` (CPU tensor), in eval mode, without gradients."""
    return _translate(G, x, seed=None, dropout=False, batch_size=batch_size)
