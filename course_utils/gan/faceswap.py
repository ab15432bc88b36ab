"""The face swap behind the first "deepfakes": one shared encoder, one decoder per identity.

The original deepfakes program (2017) trained two autoencoders that share their encoder
$E$: $x_A \\approx D_A(E(x_A))$ on faces of person A, $x_B \\approx D_B(E(x_B))$ on faces of
person B. Because $E$ must serve both decoders, its code comes to hold what the two sets
have in common (pose, expression, lighting) and each decoder adds its person's look. The
swap is $D_B(E(x_A))$: A's pose and expression, B's face. No GAN is needed for the
principle (later tools add one for sharpness).

Here the "identities" are two pen styles of the digits (normal and thick, from
:func:`~course_utils.gan.paired.make_unpaired`) and the shared content is *which digit,
written how*. Since the true thick version of every test digit is known, the swap can be
scored; ``shared=False`` (two separate encoders) is the control: $D_B$ then reads a code it
never saw, and the swap fails.

>>> from course_utils.gan.paired import make_unpaired
>>> data = make_unpaired("thick", seed=0)
>>> r = train_faceswap(data.a_train[:64], data.b_train[:64], FaceSwapConfig.preset("smoke"), progress=False)
>>> tuple(swap(r, data.a_test[:3]).shape)
(3, 1, 16, 16)
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
from .pix2pix import _down, _up, check_image_sets

__all__ = ["FaceSwapConfig", "FaceSwapResult", "train_faceswap", "swap", "PRESETS"]


@dataclass
class FaceSwapConfig:
    """The two autoencoders and their training."""

    features: int = 32
    """Channels of the encoder's first layer (the code is ``(2·features, S/4, S/4)``)."""
    shared: bool = True
    """One encoder for both identities (the deepfake); ``False``: one each (the control)."""
    lr: float = 1e-3
    batch_size: int = 32
    epochs: int = 60
    seed: int = 0

    def __post_init__(self):
        for name in ("features", "batch_size", "epochs"):
            check_int(name, getattr(self, name), 1)
        check_int("seed", self.seed, 0)
        check_real("lr", self.lr, 0.0, 1.0, "(0, 1)", open_low=True, open_high=True)

    @classmethod
    def preset(cls, budget: str | None = None, **overrides) -> FaceSwapConfig:
        """Settings per budget from :data:`PRESETS` (``None``: ``COURSE_BUDGET``); overrides win."""
        return preset(cls, PRESETS, budget, **overrides)


#: budget -> settings for 16×16 digits, read by :meth:`~course_utils.gan.faceswap.FaceSwapConfig.preset`
PRESETS = {
    "smoke": dict(features=8, epochs=1),
    "standard": dict(features=32, epochs=60),
    "full": dict(features=64, epochs=200),
}


def _encoder(c: int, f: int) -> nn.Sequential:
    net = nn.Sequential(_down(c, f, norm=False), _down(f, 2 * f))  # (B, 2f, S/4, S/4)
    net.course_role = "encoder"  # read by gan.translators to save and rebuild it
    return net


def _decoder(c: int, f: int) -> nn.Sequential:
    net = nn.Sequential(_up(2 * f, f, dropout=0.0), nn.ConvTranspose2d(f, c, 4, 2, 1), nn.Tanh())  # (B, c, S, S)
    net.course_role = "decoder"
    return net


@dataclass
class FaceSwapResult:
    """Encoders (one object twice when shared), decoders and per-epoch history."""

    encoder_a: nn.Module
    encoder_b: nn.Module
    decoder_a: nn.Module
    decoder_b: nn.Module
    config: FaceSwapConfig
    history: dict[str, np.ndarray] = field(default_factory=dict)
    """Per epoch: ``loss_a``, ``loss_b`` (mean L1 reconstruction error per pixel), ``seconds``."""


def train_faceswap(a: torch.Tensor, b: torch.Tensor, config: FaceSwapConfig | None = None, *, device="cpu",
                   progress: bool = True) -> FaceSwapResult:
    """Train the two autoencoders on the unpaired identities ``a`` and ``b`` ``(N, C, S, S)`` in $[-1, 1]$."""
    cfg = config if config is not None else FaceSwapConfig.preset()
    if not isinstance(cfg, FaceSwapConfig):
        raise ValueError(f"config must be a FaceSwapConfig, got {type(cfg).__name__}")
    check_image_sets(a, b, cfg.batch_size, pairs=False)
    device = torch.device(device)
    torch.manual_seed(cfg.seed)
    c, f = a.shape[1], cfg.features
    enc_a = _encoder(c, f).to(device)
    enc_b = enc_a if cfg.shared else _encoder(c, f).to(device)
    dec_a, dec_b = _decoder(c, f).to(device), _decoder(c, f).to(device)
    modules = [enc_a, dec_a, dec_b] + ([] if cfg.shared else [enc_b])
    opt = torch.optim.Adam(itertools.chain(*(m.parameters() for m in modules)), lr=cfg.lr)
    a_all, b_all = a.to(device), b.to(device)
    n = min(len(a_all), len(b_all))
    history: dict[str, list[float]] = {k: [] for k in ("loss_a", "loss_b", "seconds")}
    bar = tqdm(range(cfg.epochs), desc="face swap", disable=not progress)
    for epoch in bar:
        t0 = time.perf_counter()
        for m in modules:
            m.train()
        sums = torch.zeros(2)
        order_a, order_b = torch.randperm(len(a_all), device=device), torch.randperm(len(b_all), device=device)
        for i in range(0, n - cfg.batch_size + 1, cfg.batch_size):
            x_a, x_b = a_all[order_a[i:i + cfg.batch_size]], b_all[order_b[i:i + cfg.batch_size]]
            loss_a = (dec_a(enc_a(x_a)) - x_a).abs().mean()  # each identity through its own decoder
            loss_b = (dec_b(enc_b(x_b)) - x_b).abs().mean()
            opt.zero_grad(set_to_none=True)
            (loss_a + loss_b).backward()
            opt.step()
            sums += torch.tensor([loss_a.item(), loss_b.item()])
        means = (sums / (n // cfg.batch_size)).tolist()
        if not np.isfinite(means).all():
            raise ValueError(f"training diverged in epoch {epoch + 1} (loss is NaN/inf); lower the learning rate")
        history["loss_a"].append(means[0])
        history["loss_b"].append(means[1])
        history["seconds"].append(time.perf_counter() - t0)
        bar.set_postfix(loss_a=f"{means[0]:.3f}", loss_b=f"{means[1]:.3f}")
    for m in modules:
        m.eval()
    return FaceSwapResult(enc_a, enc_b, dec_a, dec_b, cfg, {k: np.asarray(v, dtype=float) for k, v in history.items()})


def swap(result: FaceSwapResult, x_a: torch.Tensor, batch_size: int = 512) -> torch.Tensor:
    """The swap $D_B(E_A(x_A))$: identity A's images drawn as identity B (CPU tensor)."""
    device = next(result.decoder_b.parameters()).device
    with torch.no_grad():
        return torch.cat([result.decoder_b(result.encoder_a(x_a[i:i + batch_size].to(device))).cpu()
                          for i in range(0, len(x_a), batch_size)])
