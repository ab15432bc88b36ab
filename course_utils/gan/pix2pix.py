"""pix2pix (Isola, Zhu, Zhou & Efros 2017): a conditional GAN that translates images.

The generator $G$ is a **U-Net**: an encoder halves the image three times, a decoder
doubles it back, and skip connections hand each encoder layer's map to the decoder layer of
the same size, so fine detail (where the strokes are) need not squeeze through the
bottleneck. The discriminator is a **PatchGAN**: it looks at the input $a$ and an output
$b$ side by side and says real or fake for every overlapping patch (here 4×4 verdicts, each on an
18×18-pixel window; the paper's are 70×70 on 256×256 photos), which judges texture and
leaves the global layout to the L1 term.
The objective is the paper's

$$G^* = \\arg\\min_G \\max_D \\; \\mathbb E[\\log D(a, b)] + \\mathbb E[\\log(1 - D(a, G(a)))]
+ \\lambda\\, \\mathbb E\\,\\lVert b - G(a)\\rVert_1, \\qquad \\lambda = 100,$$

with the non-saturating generator loss. ``gan_weight=0`` trains the same U-Net on the L1
term alone: the baseline of the paper's Table 1 ("L1"), which predicts the per-pixel
*median* of the possible answers and blurs where they disagree. Like the paper, the
generator has no noise input: dropout in the decoder, kept on when translating, is its only
randomness.

>>> G, D = UNet(features=8), PatchDiscriminator(in_channels=2, features=8)
>>> y = G(torch.zeros(3, 1, 16, 16)); tuple(y.shape), tuple(D(torch.zeros(3, 2, 16, 16)).shape)
((3, 1, 16, 16), (3, 1, 4, 4))
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from .._core import check_int, check_real, preset

__all__ = ["Pix2PixConfig", "UNet", "PatchDiscriminator", "Pix2PixResult", "train_pix2pix", "translate", "PRESETS"]


@dataclass
class Pix2PixConfig:
    """Networks and training of pix2pix (the paper's values where it has one)."""

    features: int = 32
    """Channels of the U-Net's first layer (doubled at each of its three downsamplings) and of
    the discriminator's."""
    lambda_l1: float = 100.0
    """Weight $\\lambda$ of the L1 term (paper: 100)."""
    gan_weight: float = 1.0
    """Weight of the adversarial term; 0 trains the L1-only baseline (no discriminator)."""
    dropout: float = 0.5
    """Dropout in the decoder's two inner layers, on at training and translation (paper: 0.5)."""
    lr: float = 2e-4
    """Adam learning rate of both networks (paper: 2e-4, $\\beta = (0.5, 0.999)$)."""
    beta1: float = 0.5
    batch_size: int = 32
    epochs: int = 40
    seed: int = 0

    def __post_init__(self):
        for name in ("features", "batch_size", "epochs"):
            check_int(name, getattr(self, name), 1)
        check_int("seed", self.seed, 0)
        check_real("lambda_l1", self.lambda_l1, 0.0, 1e6, "[0, 1e6]")
        check_real("gan_weight", self.gan_weight, 0.0, 1e6, "[0, 1e6]")
        check_real("dropout", self.dropout, 0.0, 1.0, "[0, 1)", open_high=True)
        check_real("lr", self.lr, 0.0, 1.0, "(0, 1)", open_low=True, open_high=True)
        check_real("beta1", self.beta1, 0.0, 1.0, "[0, 1)", open_high=True)
        if self.lambda_l1 == 0 and self.gan_weight == 0:
            raise ValueError("lambda_l1 and gan_weight are both 0: nothing to train")

    @classmethod
    def preset(cls, budget: str | None = None, **overrides) -> Pix2PixConfig:
        """Settings per budget from :data:`PRESETS` (``None``: ``COURSE_BUDGET``); overrides win.

        >>> Pix2PixConfig.preset("standard", gan_weight=0).gan_weight
        0
        """
        return preset(cls, PRESETS, budget, **overrides)


#: budget -> settings for 16×16 digits, read by :meth:`~course_utils.gan.pix2pix.Pix2PixConfig.preset`
PRESETS = {
    "smoke": dict(features=8, epochs=1),
    "standard": dict(features=32, epochs=40),
    "full": dict(features=64, epochs=200),
}


def _down(c_in: int, c_out: int, norm: bool = True) -> nn.Sequential:  # halves the side
    layers = [nn.Conv2d(c_in, c_out, 4, 2, 1, bias=not norm)]
    return nn.Sequential(*layers, *([nn.BatchNorm2d(c_out)] if norm else []), nn.LeakyReLU(0.2, True))


def _up(c_in: int, c_out: int, dropout: float) -> nn.Sequential:  # doubles the side
    layers = [nn.ConvTranspose2d(c_in, c_out, 4, 2, 1, bias=False), nn.BatchNorm2d(c_out)]
    return nn.Sequential(*layers, *([nn.Dropout(dropout)] if dropout > 0 else []), nn.ReLU(True))


class UNet(nn.Module):
    """Images ``(B, in, S, S)`` → ``(B, out, S, S)`` in $[-1, 1]$ (S a multiple of 8), with
    skip connections between the encoder and decoder layers of equal size (``skips=False``:
    a plain encoder-decoder, everything through the ``S/8`` bottleneck)."""

    def __init__(self, in_channels: int = 1, out_channels: int = 1, features: int = 32, dropout: float = 0.5,
                 skips: bool = True):
        super().__init__()
        f, k = features, 2 if skips else 1  # k: a decoder layer's input is k times its own width
        self.skips = skips
        self.d1 = _down(in_channels, f, norm=False)  # (B, f, S/2)
        self.d2 = _down(f, 2 * f)  # (B, 2f, S/4)
        self.d3 = _down(2 * f, 4 * f)  # (B, 4f, S/8): the bottleneck
        self.u3 = _up(4 * f, 2 * f, dropout)  # (B, 2f, S/4)
        self.u2 = _up(2 * k * f, f, dropout)  # input: u3 ⊕ d2
        self.u1 = nn.Sequential(nn.ConvTranspose2d(k * f, out_channels, 4, 2, 1), nn.Tanh())  # u2 ⊕ d1

    def forward(self, a: torch.Tensor) -> torch.Tensor:
        h1 = self.d1(a)
        h2 = self.d2(h1)
        h = self.u3(self.d3(h2))
        h = self.u2(torch.cat([h, h2], 1) if self.skips else h)
        return self.u1(torch.cat([h, h1], 1) if self.skips else h)


class PatchDiscriminator(nn.Module):
    """A PatchGAN: images ``(B, in, S, S)`` → logits ``(B, 1, S/4, S/4)``, one per 18×18 window (its receptive field)."""

    def __init__(self, in_channels: int = 2, features: int = 32):
        super().__init__()
        f = features
        self.net = nn.Sequential(_down(in_channels, f, norm=False), _down(f, 2 * f),  # (B, 2f, S/4)
                                 nn.Conv2d(2 * f, 1, 3, 1, 1))  # (B, 1, S/4, S/4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


@dataclass
class Pix2PixResult:
    """The trained generator (and discriminator, ``None`` for L1 only) with per-epoch history."""

    generator: UNet
    discriminator: PatchDiscriminator | None
    config: Pix2PixConfig
    history: dict[str, np.ndarray] = field(default_factory=dict)
    """Per epoch: ``loss_l1`` (mean $\\lVert b - G(a)\\rVert_1$ per pixel), ``loss_g_gan``,
    ``loss_d`` (0 without a discriminator), ``seconds``."""


def check_images(name: str, x, channels: int | None = None) -> None:
    """Raise ``ValueError`` unless ``x`` is a finite ``(N, C, S, S)`` tensor in $[-1, 1]$, S a multiple of 8."""
    if not isinstance(x, torch.Tensor) or x.ndim != 4 or x.shape[-1] % 8 or x.shape[-2] % 8:
        shape = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
        raise ValueError(f"{name} must be a tensor (N, C, S, S) with S a multiple of 8, got {shape}")
    if channels is not None and x.shape[1] != channels:
        raise ValueError(f"{name} must have {channels} channel(s), got {x.shape[1]}")
    if not torch.isfinite(x).all() or x.min() < -1.001 or x.max() > 1.001:
        raise ValueError(f"{name} must be finite and lie in [-1, 1], got [{float(x.min()):.3f}, {float(x.max()):.3f}]")


def check_image_sets(a, b, batch_size: int, *, pairs: bool) -> None:
    """The two image sets of a translator: each valid (:func:`check_images`), of equal channels
    and size, and each at least one batch; ``pairs``: also equally many (``a[i]`` ↦ ``b[i]``)."""
    check_images("a", a)
    check_images("b", b)
    if a.shape[1:] != b.shape[1:] or (pairs and len(a) != len(b)):
        what = "pairs: equal counts, channels and sizes" if pairs else "of equal channels and sizes"
        raise ValueError(f"a {tuple(a.shape)} and b {tuple(b.shape)} must be {what}")
    if min(len(a), len(b)) < batch_size:
        raise ValueError(f"{min(len(a), len(b))} images cannot make one batch of batch_size {batch_size}")


def train_pix2pix(a: torch.Tensor, b: torch.Tensor, config: Pix2PixConfig | None = None, *, device="cpu",
                  progress: bool = True) -> Pix2PixResult:
    """Train pix2pix to turn ``a`` into ``b`` (pairs: ``a[i]`` ↦ ``b[i]``, ``(N, C, S, S)`` in $[-1, 1]$).

    Raises:
        ValueError: inputs of the wrong shape or range, unequal counts, fewer images than a batch.
    """
    cfg = config if config is not None else Pix2PixConfig.preset()
    if not isinstance(cfg, Pix2PixConfig):
        raise ValueError(f"config must be a Pix2PixConfig, got {type(cfg).__name__}")
    check_image_sets(a, b, cfg.batch_size, pairs=True)
    device = torch.device(device)
    torch.manual_seed(cfg.seed)
    G = UNet(a.shape[1], b.shape[1], cfg.features, cfg.dropout).to(device)
    adversarial = cfg.gan_weight > 0
    D = PatchDiscriminator(a.shape[1] + b.shape[1], cfg.features).to(device) if adversarial else None
    opt_g = torch.optim.Adam(G.parameters(), lr=cfg.lr, betas=(cfg.beta1, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=cfg.lr, betas=(cfg.beta1, 0.999)) if adversarial else None
    bce = nn.BCEWithLogitsLoss()
    a_all, b_all = a.to(device), b.to(device)
    history: dict[str, list[float]] = {k: [] for k in ("loss_l1", "loss_g_gan", "loss_d", "seconds")}
    n = len(a_all)
    bar = tqdm(range(cfg.epochs), desc="pix2pix" if adversarial else "L1 only", disable=not progress)
    for epoch in bar:
        t0 = time.perf_counter()
        G.train()
        sums = torch.zeros(3)
        order = torch.randperm(n, device=device)
        for i in range(0, n - cfg.batch_size + 1, cfg.batch_size):
            idx = order[i:i + cfg.batch_size]
            x, y = a_all[idx], b_all[idx]  # input and target (B, C, S, S)
            fake = G(x)
            loss_d = torch.zeros(())
            if adversarial:
                # ---- discriminator: (a, b) real, (a, G(a)) fake, every patch ------------------
                real_logit, fake_logit = D(torch.cat([x, y], 1)), D(torch.cat([x, fake.detach()], 1))
                loss_d = 0.5 * (bce(real_logit, torch.ones_like(real_logit))
                                + bce(fake_logit, torch.zeros_like(fake_logit)))  # halved, as the paper
                opt_d.zero_grad(set_to_none=True)
                loss_d.backward()
                opt_d.step()
            # ---- generator: fool D on every patch, and stay near the target in L1 -------------
            loss_l1 = (fake - y).abs().mean()
            loss_gan = torch.zeros((), device=device)
            if adversarial:
                logit = D(torch.cat([x, fake], 1))
                loss_gan = bce(logit, torch.ones_like(logit))
            loss_g = cfg.gan_weight * loss_gan + cfg.lambda_l1 * loss_l1
            opt_g.zero_grad(set_to_none=True)
            loss_g.backward()
            opt_g.step()
            sums += torch.tensor([loss_l1.item(), loss_gan.item(), loss_d.item()])
        means = (sums / (n // cfg.batch_size)).tolist()
        if not np.isfinite(means).all():
            raise ValueError(f"training diverged in epoch {epoch + 1} (loss is NaN/inf); lower the learning rate")
        for key, value in zip(("loss_l1", "loss_g_gan", "loss_d"), means):
            history[key].append(value)
        history["seconds"].append(time.perf_counter() - t0)
        bar.set_postfix(l1=f"{means[0]:.3f}")
    G.eval()
    return Pix2PixResult(G, D, cfg, {k: np.asarray(v, dtype=float) for k, v in history.items()})


def translate(G: nn.Module, a: torch.Tensor, *, seed: int | None = 0, dropout: bool = True,
              batch_size: int = 512) -> torch.Tensor:
    """``G``'s outputs for the inputs ``a`` (CPU tensor), without gradients.

    ``dropout=True`` keeps the decoder's dropout on, as pix2pix does at test time (its only
    randomness; ``seed`` fixes it); BatchNorm always uses its running statistics.
    """
    device = next(G.parameters()).device
    was_training = G.training
    G.eval()
    if dropout:
        for m in G.modules():
            if isinstance(m, nn.Dropout):
                m.train()
    gen_state = torch.random.get_rng_state()
    if seed is not None:
        torch.manual_seed(seed)
    try:
        with torch.no_grad():
            out = torch.cat([G(a[i:i + batch_size].to(device)).cpu() for i in range(0, len(a), batch_size)])
    finally:
        if seed is not None:
            torch.random.set_rng_state(gen_state)
        G.train(was_training)
    return out
