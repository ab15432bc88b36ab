# Over 300 lines on purpose: one concept, the toy GAN's training loop — its config (with its
# checks), the result it returns and the loop that chapter 07 prints; split, the loop would be
# read across files.
"""One flat GAN training loop on the toy 2-D data (GAN, LSGAN, WGAN and WGAN-GP share it).

Pseudocode (Goodfellow et al. 2014, Algorithm 1), with hooks for the Wasserstein variants:

    for each iteration:
        repeat d_steps:  x ~ p_data, z ~ N(0, I)
                         minimise  L_D(D(x), D(G(z))) + penalty(D, x, G(z))
                         after_d_step(D)                    # e.g. weight clipping
        repeat g_steps:  z ~ N(0, I);  minimise  L_G(D(G(z)))

``train_gan(config, checkpoint_path=path)`` saves the run at the end of the call;
``train_gan(config, resume=path)`` continues it exactly (models, optimisers, random streams,
record), as if it had never stopped. ``resume=`` a result continues a run in memory, which
is how the playground's play/step buttons work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from tqdm.auto import tqdm

from .. import checkpoint as ckpt
from .._core import preset
from .checkpoint import load_run, save_run
from .data import DATASETS, make_dataset
from .divergences import histogram_divergences
from .losses import LOSSES, discriminator_loss, generator_loss
from .metrics import mode_metrics
from .models import ACTIVATIONS, discriminator, generator

__all__ = ["GANConfig", "GANResult", "Snapshot", "train_gan", "OPTIMIZERS", "PRESETS"]

OPTIMIZERS = ("adam", "rmsprop", "sgd")


@dataclass
class GANConfig:
    """Settings of a toy-data GAN run (defaults: a non-saturating GAN that covers the ring)."""

    data: str = "ring"
    """toy data set: ``"ring"``, ``"grid"`` or ``"moons"``."""
    loss: str = "nonsaturating"
    """``"minimax"``, ``"nonsaturating"``, ``"least_squares"`` or ``"wasserstein"``."""
    z_dim: int = 2
    """noise dimension; 2 lets the playground draw the generator's manifold."""
    g_layers: int = 3
    """hidden layers of G."""
    g_hidden: int = 64
    """width of G's hidden layers."""
    d_layers: int = 3
    """hidden layers of D."""
    d_hidden: int = 64
    """width of D's hidden layers."""
    activation: str = "relu"
    """hidden activation of both networks."""
    optimizer: str = "adam"
    """``"adam"``, ``"rmsprop"`` or ``"sgd"``."""
    lr_d: float = 1e-3
    """discriminator learning rate."""
    lr_g: float = 1e-3
    """generator learning rate."""
    betas: tuple[float, float] = (0.5, 0.999)
    """Adam's (β1, β2)."""
    d_steps: int = 1
    """discriminator (critic) updates per iteration."""
    g_steps: int = 1
    """generator updates per iteration."""
    batch_size: int = 256
    """samples per update, real and fake each."""
    iterations: int = 2000
    """iterations to run (one call; ``resume`` continues)."""
    eval_every: int = 100
    """iterations between evaluations (metrics and a snapshot); 0 disables."""
    n_eval: int = 2500
    """generated samples per evaluation (VEEGAN/PacGAN use 2,500)."""
    lr_decay: bool = False
    """decay both learning rates linearly to 0 over this call's iterations (sharpens the modes)."""
    seed: int = 0
    """seeds the networks, the noise and the data stream."""
    penalty: Callable | None = None
    """optional ``penalty(D, x_real, x_fake) -> scalar tensor`` added to the D loss (WGAN-GP)."""
    after_d_step: Callable | None = None
    """optional ``after_d_step(D)`` called after each D update (WGAN weight clipping)."""

    @classmethod
    def preset(cls, budget: str | None = None, **overrides) -> GANConfig:
        """Chapter 07's long run per budget (``None``: the current ``COURSE_BUDGET``), from
        :data:`PRESETS`; keyword overrides win (the data, the loss, a penalty, ...).

        >>> GANConfig.preset("smoke", data="grid").iterations
        200
        """
        return preset(cls, PRESETS, budget, **overrides)

    def validate(self) -> None:
        if self.data not in DATASETS:
            raise ValueError(f"unknown data set {self.data!r}; expected one of {sorted(DATASETS)}")
        if self.loss not in LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}; expected one of {list(LOSSES)}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {self.optimizer!r}; expected one of {list(OPTIMIZERS)}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r}; expected one of {sorted(ACTIVATIONS)}")
        for name in ("z_dim", "g_hidden", "d_hidden", "d_steps", "g_steps", "batch_size", "n_eval"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
                raise ValueError(f"{name} must be a positive integer, got {v!r}")
        for name in ("g_layers", "d_layers", "iterations", "eval_every"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ValueError(f"{name} must be a non-negative integer, got {v!r}")
        betas = self.betas
        if (not isinstance(betas, (tuple, list)) or len(betas) != 2
                or not all(isinstance(b, (int, float)) and not isinstance(b, bool) and 0 <= b < 1 for b in betas)):
            raise ValueError(f"betas must be two numbers in [0, 1) (Adam's β1, β2), got {betas!r}")
        if self.penalty is not None and not callable(self.penalty):
            raise ValueError(f"penalty must be callable penalty(D, x_real, x_fake) or None, got {self.penalty!r}")
        if self.after_d_step is not None and not callable(self.after_d_step):
            raise ValueError(f"after_d_step must be callable after_d_step(D) or None, got {self.after_d_step!r}")
        for name in ("lr_d", "lr_g"):
            v = getattr(self, name)
            if not (np.isfinite(v) and 0 < v < 1):
                raise ValueError(f"{name} must be in (0, 1), got {v!r}")


@dataclass
class Snapshot:
    """Generated samples (from a fixed noise batch) at one evaluation."""

    iteration: int
    fake: np.ndarray  # (n_eval, 2)


#: budget -> iterations and evaluation interval of chapter 07's long run, read by
#: :meth:`~course_utils.gan.train.GANConfig.preset`.
PRESETS = {
    "smoke": dict(iterations=200, eval_every=50),
    "standard": dict(iterations=10_000, eval_every=250),
    "full": dict(iterations=20_000, eval_every=250),
}


@dataclass
class GANResult:
    """Trained networks, optimisers and the record of the run; pass to ``train_gan(resume=)``."""

    config: GANConfig
    G: torch.nn.Module
    D: torch.nn.Module
    opt_g: torch.optim.Optimizer
    opt_d: torch.optim.Optimizer
    iteration: int
    z_eval: torch.Tensor  # (n_eval, z_dim) fixed noise for snapshots and metrics
    rng: np.random.Generator  # data stream
    torch_gen: torch.Generator  # noise stream
    history: dict[str, np.ndarray] = field(default_factory=dict)
    """1-D arrays: ``loss_d``, ``loss_g`` per iteration; ``eval_iteration``, ``modes``,
    ``high_quality``, ``kl``, ``js``, ``critic_gap`` per evaluation."""
    snapshots: list[Snapshot] = field(default_factory=list)
    log: dict[str, list] = field(default_factory=dict, repr=False)
    """The same record as lists, appended to while training (a resumed run continues it)."""

    def sample(self, n: int | None = None) -> np.ndarray:
        """Generated samples ``(n, 2)`` (the fixed evaluation noise when ``n`` is None)."""
        z = self.z_eval if n is None else torch.randn(n, self.config.z_dim, generator=self.torch_gen)
        with torch.no_grad():
            return self.G(z.to(next(self.G.parameters()).device)).cpu().numpy()


def _optimizer(name: str, params, lr: float, betas) -> torch.optim.Optimizer:
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=tuple(betas))
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)
    return torch.optim.SGD(params, lr=lr)


def _init(config: GANConfig, device) -> GANResult:
    torch.manual_seed(config.seed)
    device = torch.device(device)
    G = generator(config.z_dim, config.g_hidden, config.g_layers, config.activation).to(device)
    D = discriminator(config.d_hidden, config.d_layers, config.activation).to(device)
    torch_gen = torch.Generator().manual_seed(config.seed + 1)
    z_eval = torch.randn(config.n_eval, config.z_dim, generator=torch_gen)
    keys = ("loss_d", "loss_g", "eval_iteration", "modes", "high_quality", "kl", "js", "critic_gap")
    return GANResult(
        config, G, D,
        _optimizer(config.optimizer, G.parameters(), config.lr_g, config.betas),
        _optimizer(config.optimizer, D.parameters(), config.lr_d, config.betas),
        0, z_eval, np.random.default_rng(config.seed + 2), torch_gen, log={k: [] for k in keys},
    )


def train_gan(config: GANConfig | None = None, *, device: torch.device | str = "cpu",
              checkpoint_path: str | Path | None = None,
              resume: str | Path | GANResult | None = None, progress: bool = True) -> GANResult:
    """Train a GAN on toy 2-D data; returns networks, loss histories, metrics and snapshots.

    Args:
        config: the run's settings (``GANConfig()`` when None); ``iterations`` is what this
            call runs (a resumed run adds them).
        device: where the networks live (a resumed run stays where it was).
        checkpoint_path: save the run here at the end of the call. An existing file is
            replaced only when it is the checkpoint being resumed (``resume`` the same path).
        resume: a checkpoint written by this function, whose config must equal ``config``
            but for ``iterations``; or a previous :class:`GANResult` to continue in memory
            (its own config is kept).
        progress: show a ``tqdm`` progress bar over this call's iterations, with the latest
            losses (pass False for many short calls, as the playground's steps).

    Returns:
        :class:`GANResult` with ``history`` arrays ``loss_d``, ``loss_g`` (per iteration) and,
        per evaluation, ``eval_iteration``, ``modes``, ``high_quality``, ``kl``, ``js``
        (histogram estimates, p_data vs p_g) and ``critic_gap`` = mean D(x) − mean D(G(z))
        on logits (the WGAN estimate of W1 for a Lipschitz critic).

    Raises:
        ValueError: a bad config, or a checkpoint of another kind or another config.
        FileExistsError: ``checkpoint_path`` holds another run.

    >>> r = train_gan(GANConfig(iterations=20, eval_every=10, n_eval=200, batch_size=32), progress=False)
    >>> len(r.history["loss_d"]), r.history["eval_iteration"].tolist()
    (20, [10, 20])
    """
    config = GANConfig() if config is None else config
    if not isinstance(config, GANConfig):
        raise ValueError(f"config must be a GANConfig, got {type(config).__name__}")
    config.validate()
    ckpt.check_target(checkpoint_path, resume if isinstance(resume, (str, Path)) else None)
    if resume is None:
        run = _init(config, device)
    elif isinstance(resume, GANResult):
        run = resume
    else:
        run = load_run(resume, config, _init(config, device))
    n_iter, cfg = config.iterations, run.config
    G, D, opt_g, opt_d, h = run.G, run.D, run.opt_g, run.opt_d, run.log
    device = next(G.parameters()).device
    reference = make_dataset(cfg.data, cfg.n_eval, seed=10_000 + cfg.seed)

    def real_batch() -> torch.Tensor:  # (B, 2)
        x = make_dataset(cfg.data, cfg.batch_size, seed=run.rng).samples
        return torch.as_tensor(x, dtype=torch.float32, device=device)

    def noise() -> torch.Tensor:  # (B, z_dim)
        return torch.randn(cfg.batch_size, cfg.z_dim, generator=run.torch_gen).to(device)

    base_lr = [(opt, opt.param_groups[0]["lr"]) for opt in (opt_d, opt_g)]
    bar = tqdm(range(n_iter), desc="GAN", unit="it", disable=not progress)
    for t in bar:
        if cfg.lr_decay:  # linear decay: lr_t = lr (1 - t/T)
            for opt, lr in base_lr:
                opt.param_groups[0]["lr"] = lr * (1 - t / n_iter)
        # ---- discriminator / critic: d_steps updates -----------------------------------
        for _ in range(cfg.d_steps):
            x_real = real_batch()
            with torch.no_grad():
                x_fake = G(noise())
            loss_d = discriminator_loss(cfg.loss, D(x_real), D(x_fake))
            if cfg.penalty is not None:
                loss_d = loss_d + cfg.penalty(D, x_real, x_fake)
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
            if cfg.after_d_step is not None:
                cfg.after_d_step(D)
        # ---- generator: g_steps updates -----------------------------------------------
        for _ in range(cfg.g_steps):
            loss_g = generator_loss(cfg.loss, D(G(noise())))
            opt_g.zero_grad(set_to_none=True)
            loss_g.backward()
            opt_g.step()
        run.iteration += 1
        h["loss_d"].append(loss_d.item())
        h["loss_g"].append(loss_g.item())
        if not np.isfinite(h["loss_d"][-1]) or not np.isfinite(h["loss_g"][-1]):
            bar.close()
            raise ValueError(f"training diverged at iteration {run.iteration} (loss is NaN/inf); "
                             "lower the learning rates")
        if progress and (t % 50 == 0 or t == n_iter - 1):  # the losses now and then, not every step
            bar.set_postfix(loss_d=f"{h['loss_d'][-1]:.3f}", loss_g=f"{h['loss_g'][-1]:.3f}", refresh=False)
        # ---- evaluation: metrics on the fixed noise, a snapshot ---------------------------
        if cfg.eval_every and run.iteration % cfg.eval_every == 0:
            fake = run.sample()
            with torch.no_grad():
                real_t = torch.as_tensor(reference.samples, dtype=torch.float32, device=device)
                gap = D(real_t).mean() - D(torch.as_tensor(fake, device=device)).mean()
            modes, hq = mode_metrics(fake, reference.centers, reference.std)
            kl, js = histogram_divergences(reference.samples, fake)
            for key, value in (("eval_iteration", run.iteration), ("modes", modes),
                               ("high_quality", hq), ("kl", kl), ("js", js),
                               ("critic_gap", float(gap))):
                h[key].append(value)
            run.snapshots.append(Snapshot(run.iteration, fake))
    bar.close()
    for opt, lr in base_lr:  # a resumed run starts again from the base rates
        opt.param_groups[0]["lr"] = lr
    run.history = {k: np.asarray(v) for k, v in h.items()}  # iterations and mode counts stay ints
    if checkpoint_path is not None:
        save_run(run, checkpoint_path)
    return run

