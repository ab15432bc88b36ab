# Over 300 lines on purpose: one concept, the DCGAN — the config that sizes both networks,
# the networks, the training loop and loading/sampling the trained generator; the image
# metrics are gan/digit_metrics and the data gan/digits already.
"""DCGAN (Radford, Metz & Chintala 2016): convolutional GANs sized by a config.

The paper's guidelines, all here: no pooling (strided convolutions in the discriminator,
transposed convolutions in the generator), BatchNorm in both (not on the generator's
output nor the discriminator's input), ReLU in the generator with a ``tanh`` output,
LeakyReLU(0.2) in the discriminator, Adam with learning rate 2e-4 and $\\beta_1 = 0.5$,
weights drawn from $\\mathcal N(0, 0.02^2)$.

The generator maps $z \\sim \\mathcal N(0, I)$, shaped ``(B, z_dim, 1, 1)``, to a
``base × base`` map, then doubles the size with ``ConvTranspose2d(k=4, s=2, p=1)`` until it
reaches ``image_size`` (8, 16, 28, 32 or 64). The discriminator mirrors it.
:func:`train_dcgan` is one flat loop (CleanRL style) that returns a :class:`DCGANResult`.

>>> cfg = DCGANConfig(image_size=8, z_dim=8, g_features=8, d_features=8)
>>> G, D = Generator(cfg), Discriminator(cfg)
>>> x = G(torch.randn(5, 8, 1, 1)); tuple(x.shape), tuple(D(x).shape)
((5, 1, 8, 8), (5,))
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from .. import checkpoint as ckpt
from .._core import check_int, check_real, preset

__all__ = ["DCGANConfig", "Generator", "Discriminator", "init_weights", "DCGANResult", "train_dcgan",
           "load_generator", "sample", "interpolate", "PRESETS"]

# image_size -> (base size, number of doubling layers)
_PLAN = {8: (2, 2), 16: (4, 2), 28: (7, 2), 32: (4, 3), 64: (4, 4)}


@dataclass
class DCGANConfig:
    """Architecture and training settings (the paper's defaults where it has one)."""

    image_size: int = 8
    """Side of the square images: 8, 16, 28, 32 or 64."""
    channels: int = 1
    """Image channels (1 grey, 3 colour)."""
    z_dim: int = 32
    """Dimension of the noise $z$."""
    g_features: int = 64
    """Channels of the generator's last hidden layer (doubled at each earlier layer)."""
    d_features: int = 64
    """Channels of the discriminator's first layer (doubled at each later layer)."""
    lr: float = 2e-4
    """Adam learning rate of both networks (paper: 2e-4)."""
    beta1: float = 0.5
    """Adam $\\beta_1$ (paper: 0.5; the default 0.9 oscillates)."""
    batch_size: int = 64
    epochs: int = 100
    seed: int = 0
    n_fixed: int = 64
    """Fixed noise vectors whose samples are kept after every epoch."""
    checkpoint_path: str | None = None
    """Where to save (and resume from); ``None`` saves nothing. A file already there is
    refused unless it is the ``resume`` checkpoint."""
    checkpoint_every: int = 10
    """Epochs between checkpoints."""

    def __post_init__(self):
        if self.image_size not in _PLAN:
            raise ValueError(f"image_size must be one of {sorted(_PLAN)}, got {self.image_size!r}")
        for name in ("channels", "z_dim", "g_features", "d_features", "batch_size", "epochs",
                     "n_fixed", "checkpoint_every"):
            check_int(name, getattr(self, name), 1)
        check_int("seed", self.seed, 0)
        check_real("lr", self.lr, 0.0, 1.0, "(0, 1)", open_low=True, open_high=True)
        check_real("beta1", self.beta1, 0.0, 1.0, "[0, 1)", open_high=True)


    @classmethod
    def preset(cls, budget: str | None = None, **overrides) -> DCGANConfig:
        """Settings per budget for scikit-learn's 8×8 digits (``None``: the current
        ``COURSE_BUDGET``) from :data:`PRESETS`; keyword overrides win.

        >>> DCGANConfig.preset("standard", beta1=0.9).epochs
        150
        """
        return preset(cls, PRESETS, budget, **overrides)


#: budget -> settings for scikit-learn's 8×8 digits, read by
#: :meth:`~course_utils.gan.dcgan.DCGANConfig.preset`.
PRESETS = {
    "smoke": dict(image_size=8, z_dim=16, g_features=16, d_features=16, epochs=2),
    "standard": dict(image_size=8, g_features=32, d_features=32, epochs=150),
    "full": dict(image_size=8, epochs=300),
}


class Generator(nn.Module):
    """$z$ ``(B, z_dim, 1, 1)`` → images ``(B, channels, S, S)`` in $[-1, 1]$."""

    def __init__(self, cfg: DCGANConfig):
        super().__init__()
        base, n_up = _PLAN[cfg.image_size]
        ch = cfg.g_features * 2 ** (n_up - 1)
        layers = [nn.ConvTranspose2d(cfg.z_dim, ch, base, 1, 0, bias=False),  # (B, ch, base, base)
                  nn.BatchNorm2d(ch), nn.ReLU(True)]
        for _ in range(n_up - 1):  # each layer doubles the size and halves the channels
            layers += [nn.ConvTranspose2d(ch, ch // 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ch // 2), nn.ReLU(True)]
            ch //= 2
        layers += [nn.ConvTranspose2d(ch, cfg.channels, 4, 2, 1, bias=False), nn.Tanh()]  # (B, C, S, S)
        self.net = nn.Sequential(*layers)
        self.z_dim = cfg.z_dim

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        if z.ndim == 2:
            z = z[:, :, None, None]  # (B, z_dim) -> (B, z_dim, 1, 1)
        return self.net(z)


class Discriminator(nn.Module):
    """Images ``(B, channels, S, S)`` → logits ``(B,)`` (use ``sigmoid`` for a probability)."""

    def __init__(self, cfg: DCGANConfig):
        super().__init__()
        base, n_up = _PLAN[cfg.image_size]
        ch = cfg.d_features
        layers = [nn.Conv2d(cfg.channels, ch, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True)]  # no BN on input
        for _ in range(n_up - 1):  # each layer halves the size and doubles the channels
            layers += [nn.Conv2d(ch, ch * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ch * 2), nn.LeakyReLU(0.2, True)]
            ch *= 2
        layers += [nn.Conv2d(ch, 1, base, 1, 0, bias=False)]  # (B, 1, 1, 1)
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).flatten()


def init_weights(m: nn.Module) -> None:
    """DCGAN initialisation: conv weights $\\mathcal N(0, 0.02)$, BatchNorm $\\gamma \\sim \\mathcal N(1, 0.02)$, $\\beta = 0$."""
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


@dataclass
class DCGANResult:
    """Trained networks, per-epoch history and the fixed-noise samples of every epoch."""

    generator: Generator
    discriminator: Discriminator
    config: DCGANConfig
    history: dict[str, np.ndarray] = field(default_factory=dict)
    """Per epoch: ``loss_d``, ``loss_g``, ``d_real``, ``d_fake`` (mean D outputs), ``seconds``."""
    """Per epoch: ``loss_d``, ``loss_g``, ``d_real``/``d_fake`` (mean $D(x)$, $D(G(z))$), ``seconds``."""
    samples: torch.Tensor | None = None
    """``(epochs, n_fixed, C, S, S)`` images of the fixed noise after each epoch (CPU)."""
    fixed_noise: torch.Tensor | None = None
    epochs_per_second: float = 0.0


def train_dcgan(images: torch.Tensor, config: DCGANConfig | None = None, *, device="cpu",
                resume: str | Path | None = None, progress: bool = True) -> DCGANResult:
    """Train a DCGAN on ``images`` ``(N, C, S, S)`` scaled to $[-1, 1]$.

    Non-saturating GAN losses (Goodfellow et al. 2014):
    $L_D = -\\log D(x) - \\log(1 - D(G(z)))$, $L_G = -\\log D(G(z))$.

    Args:
        images: the training images ``(N, C, S, S)`` in $[-1, 1]$.
        config: settings; ``None`` takes ``DCGANConfig.preset()`` (the current budget).
        device: where to train (``cu.get_device()`` for a GPU).
        resume: a checkpoint (written by this function at ``config.checkpoint_path``) to
            continue from; its config must equal ``config`` but for ``epochs``.
        progress: show a ``tqdm`` progress bar.

    Raises:
        ValueError: images of the wrong shape or range, or a checkpoint of another config.
        FileExistsError: ``config.checkpoint_path`` holds another run (resume it instead).
    """
    cfg = config if config is not None else DCGANConfig.preset()
    if not isinstance(cfg, DCGANConfig):
        raise ValueError(f"config must be a DCGANConfig, got {type(cfg).__name__}")
    S = cfg.image_size
    if not isinstance(images, torch.Tensor):
        raise ValueError(f"images must be a torch.Tensor (N, C, S, S), got {type(images).__name__}; "
                         "use torch.as_tensor(x, dtype=torch.float32)")
    if images.ndim != 4 or tuple(images.shape[1:]) != (cfg.channels, S, S):
        raise ValueError(f"images must be (N, {cfg.channels}, {S}, {S}), got {tuple(images.shape)}")
    if not torch.isfinite(images).all():
        raise ValueError(f"images contain {int((~torch.isfinite(images)).sum())} NaN or infinite values")
    if len(images) < cfg.batch_size:
        raise ValueError(f"{len(images)} images cannot make one batch of batch_size {cfg.batch_size}")
    if images.min() < -1.001 or images.max() > 1.001:
        raise ValueError(f"images must lie in [-1, 1], got [{float(images.min()):.3f}, {float(images.max()):.3f}]")
    ckpt.check_target(cfg.checkpoint_path, resume)
    device = torch.device(device)
    torch.manual_seed(cfg.seed)
    G, D = Generator(cfg).to(device), Discriminator(cfg).to(device)
    G.apply(init_weights)
    D.apply(init_weights)
    opt_g = torch.optim.Adam(G.parameters(), lr=cfg.lr, betas=(cfg.beta1, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=cfg.lr, betas=(cfg.beta1, 0.999))
    fixed_noise = torch.randn(cfg.n_fixed, cfg.z_dim, 1, 1, generator=torch.Generator().manual_seed(cfg.seed))
    history: dict[str, list[float]] = {k: [] for k in ("loss_d", "loss_g", "d_real", "d_fake", "seconds")}
    samples: list[torch.Tensor] = []
    start = 0
    # ---- resume -------------------------------------------------------------------------
    if resume is not None:
        state = ckpt.load(resume, kind="dcgan")
        if state["config"] != _config_dict(cfg, ignore_epochs=True):
            raise ValueError(f"{resume} was trained with another config; use a new path")
        G.load_state_dict(state["generator"])
        D.load_state_dict(state["discriminator"])
        opt_g.load_state_dict(state["opt_g"])
        opt_d.load_state_dict(state["opt_d"])
        history, start = {k: list(v) for k, v in state["history"].items()}, state["epoch"]
        samples = list(state["samples"])
        ckpt.set_rng_state(state["rng"])
    x_all = images.to(device)
    bce = nn.BCEWithLogitsLoss()
    n = len(x_all)
    bar = tqdm(range(start, cfg.epochs), desc="DCGAN", disable=not progress, initial=start, total=cfg.epochs)
    for epoch in bar:
        t0 = time.perf_counter()
        G.train()
        D.train()
        sums = torch.zeros(4)
        order = torch.randperm(n).to(device)
        for i in range(0, n - cfg.batch_size + 1, cfg.batch_size):  # drop the last partial batch
            x = x_all[order[i:i + cfg.batch_size]]  # (B, C, S, S)
            B = len(x)
            z = torch.randn(B, cfg.z_dim, 1, 1, device=device)
            fake = G(z)
            # ---- discriminator step: real -> 1, fake -> 0 ------------------------------------
            logit_real, logit_fake = D(x), D(fake.detach())
            loss_d = bce(logit_real, torch.ones(B, device=device)) + bce(logit_fake, torch.zeros(B, device=device))
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
            # ---- generator step: make D say "real" (non-saturating loss) ---------------------
            logit = D(fake)
            loss_g = bce(logit, torch.ones(B, device=device))
            opt_g.zero_grad(set_to_none=True)
            loss_g.backward()
            opt_g.step()
            sums += torch.tensor([float(loss_d.detach()), float(loss_g.detach()),
                                  float(torch.sigmoid(logit_real.detach()).mean()), float(torch.sigmoid(logit_fake.detach()).mean())])
        steps = n // cfg.batch_size  # ≥ 1: checked above
        if not torch.isfinite(sums).all():
            raise ValueError(f"training diverged in epoch {epoch + 1} (loss is NaN/inf); lower the learning rate")
        for key, value in zip(("loss_d", "loss_g", "d_real", "d_fake"), (sums / steps).tolist()):
            history[key].append(value)
        history["seconds"].append(time.perf_counter() - t0)
        samples.append(sample(G, fixed_noise).cpu())
        bar.set_postfix(loss_d=f"{history['loss_d'][-1]:.3f}", loss_g=f"{history['loss_g'][-1]:.3f}")
        if cfg.checkpoint_path and ((epoch + 1) % cfg.checkpoint_every == 0 or epoch + 1 == cfg.epochs):
            ckpt.save({"kind": "dcgan", "config": _config_dict(cfg, ignore_epochs=True), "epoch": epoch + 1,
                       "generator": G.state_dict(), "discriminator": D.state_dict(),
                       "opt_g": opt_g.state_dict(), "opt_d": opt_d.state_dict(), "history": history,
                       "samples": torch.stack(samples), "rng": ckpt.rng_state()},
                      cfg.checkpoint_path, overwrite=True)
    G.eval()
    D.eval()
    seconds = sum(history["seconds"])
    history_arrays = {k: np.asarray(v, dtype=float) for k, v in history.items()}  # 1-D, one per epoch
    return DCGANResult(G, D, cfg, history_arrays, torch.stack(samples) if samples else None, fixed_noise,
                       len(history["seconds"]) / seconds if seconds > 0 else 0.0)


def _config_dict(cfg: DCGANConfig, ignore_epochs: bool = False) -> dict:
    d = dataclasses.asdict(cfg)
    d.pop("checkpoint_path")
    d.pop("checkpoint_every")
    if ignore_epochs:
        d.pop("epochs")
    return d


def load_generator(path: str | Path, device="cpu") -> Generator:
    """The generator of a :func:`~course_utils.gan.dcgan.train_dcgan` checkpoint (``weights_only=True``), in eval mode."""
    state = ckpt.load(path, kind="dcgan")
    fields = {f.name for f in dataclasses.fields(DCGANConfig)}
    cfg = DCGANConfig(**{k: v for k, v in state["config"].items() if k in fields})
    G = Generator(cfg)
    G.load_state_dict(state["generator"])
    return G.to(device).eval()


def sample(G: Generator, z: torch.Tensor | int, seed: int | None = None) -> torch.Tensor:
    """Images of the noise ``z`` ``(B, z_dim[, 1, 1])``, or of ``z`` fresh noise vectors, in eval mode."""
    device = next(G.parameters()).device
    if isinstance(z, int):
        gen = torch.Generator().manual_seed(seed) if seed is not None else None
        z = torch.randn(z, G.z_dim, 1, 1, generator=gen)
    was_training = G.training
    G.eval()
    with torch.no_grad():
        x = G(z.to(device))
    G.train(was_training)
    return x


def interpolate(z0: torch.Tensor, z1: torch.Tensor, steps: int = 8, spherical: bool = True) -> torch.Tensor:
    """Points between two noise vectors ``(z_dim,)`` → ``(steps, z_dim)``.

    Spherical interpolation (slerp) keeps the norm typical of a Gaussian $z$; linear
    interpolation passes near the origin, where the generator saw few samples.

    >>> interpolate(torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0]), steps=3)[1]
    tensor([0.7071, 0.7071])
    """
    if steps < 2:
        raise ValueError(f"steps must be >= 2, got {steps!r}")
    z0, z1 = z0.flatten().float(), z1.flatten().float()
    t = torch.linspace(0, 1, steps)[:, None]  # (steps, 1)
    if not spherical:
        return (1 - t) * z0 + t * z1
    omega = torch.arccos(torch.clamp(torch.dot(z0 / z0.norm(), z1 / z1.norm()), -1, 1))
    if omega.abs() < 1e-6:
        return (1 - t) * z0 + t * z1
    return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)
