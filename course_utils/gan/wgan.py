"""Wasserstein GANs: the Lipschitz constraint on the critic, by clipping or by a gradient penalty.

Both plug into the one training loop of :mod:`course_utils.gan.train` through its hooks:
``after_d_step`` (weight clipping, Arjovsky et al. 2017) and ``penalty`` (gradient penalty,
Gulrajani et al. 2017). The loss is ``"wasserstein"``: the critic maximises
$\\mathbb E f(x) - \\mathbb E f(G(z))$, an estimate of $W_1$ when $f$ is 1-Lipschitz
(Kantorovich-Rubinstein duality).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import torch

from .train import GANConfig

__all__ = ["WeightClip", "GradientPenalty", "gradient_penalty", "wgan_config", "wgan_gp_config"]


@dataclass(frozen=True)
class WeightClip:
    """Clamp every critic parameter to $[-c, c]$ after each update (WGAN; paper: $c=0.01$).

    >>> net = torch.nn.Linear(2, 1); _ = torch.nn.init.constant_(net.weight, 5.0)
    >>> WeightClip(0.01)(net); float(net.weight.detach().max())
    0.01
    """

    c: float = 0.01

    def __post_init__(self):
        if not self.c > 0:
            raise ValueError(f"clip value c must be > 0, got {self.c!r}")

    def __call__(self, D: torch.nn.Module) -> None:
        with torch.no_grad():
            for p in D.parameters():
                p.clamp_(-self.c, self.c)


def gradient_penalty(D: torch.nn.Module, x_real: torch.Tensor, x_fake: torch.Tensor,
                     lam: float = 10.0, generator: torch.Generator | None = None) -> torch.Tensor:
    """$\\lambda\\,\\mathbb E_{\\hat x}(\\|\\nabla_{\\hat x} f(\\hat x)\\|_2 - 1)^2$, $\\hat x = \\epsilon x + (1-\\epsilon)\\tilde x$.

    One $\\epsilon \\sim U[0,1]$ per sample; the norm is taken per sample over **all**
    non-batch dimensions (flatten, then norm), so images ``(B, C, H, W)`` work too.

    >>> f = torch.nn.Linear(2, 1, bias=False)
    >>> with torch.no_grad(): _ = f.weight.copy_(torch.tensor([[0.6, 0.8]]))  # ||w|| = 1
    >>> float(gradient_penalty(f, torch.randn(5, 2), torch.randn(5, 2)))
    0.0
    """
    if x_real.shape != x_fake.shape:
        raise ValueError(f"x_real and x_fake must have the same shape, got {tuple(x_real.shape)} "
                         f"and {tuple(x_fake.shape)}")
    B = x_real.shape[0]
    eps = torch.rand(B, generator=generator).to(x_real.device)
    eps = eps.view(B, *([1] * (x_real.dim() - 1)))  # (B, 1, ..., 1) broadcast over sample dims
    x_hat = (eps * x_real.detach() + (1 - eps) * x_fake.detach()).requires_grad_(True)
    (grad,) = torch.autograd.grad(D(x_hat).sum(), x_hat, create_graph=True)
    norm = grad.flatten(1).norm(2, dim=1)  # (B,) per-sample norm over all non-batch dims
    return lam * ((norm - 1) ** 2).mean()


@dataclass(frozen=True)
class GradientPenalty:
    """The ``penalty`` hook for :func:`course_utils.gan.train`: WGAN-GP with weight ``lam``."""

    lam: float = 10.0

    def __post_init__(self):
        if not self.lam >= 0:
            raise ValueError(f"lam must be >= 0, got {self.lam!r}")

    def __call__(self, D, x_real, x_fake) -> torch.Tensor:
        return gradient_penalty(D, x_real, x_fake, self.lam)


def wgan_config(base: GANConfig | None = None, clip: float = 0.01, **overrides) -> GANConfig:
    """WGAN settings of Arjovsky et al. (2017): RMSProp 5e-5, clip 0.01, n_critic 5.

    >>> cfg = wgan_config(iterations=10)
    >>> cfg.loss, cfg.optimizer, cfg.lr_d, cfg.d_steps, cfg.after_d_step.c
    ('wasserstein', 'rmsprop', 5e-05, 5, 0.01)
    """
    settings = dict(loss="wasserstein", optimizer="rmsprop", lr_d=5e-5, lr_g=5e-5, d_steps=5,
                    after_d_step=WeightClip(clip), penalty=None)
    settings.update(overrides)
    return replace(base or GANConfig(), **settings)


def wgan_gp_config(base: GANConfig | None = None, lam: float = 10.0, **overrides) -> GANConfig:
    """WGAN-GP settings of Gulrajani et al. (2017): λ 10, Adam 1e-4, β (0.5, 0.9), n_critic 5.

    >>> cfg = wgan_gp_config(iterations=10)
    >>> cfg.loss, cfg.optimizer, cfg.lr_d, cfg.betas, cfg.d_steps, cfg.penalty.lam
    ('wasserstein', 'adam', 0.0001, (0.5, 0.9), 5, 10.0)
    """
    settings = dict(loss="wasserstein", optimizer="adam", lr_d=1e-4, lr_g=1e-4, betas=(0.5, 0.9),
                    d_steps=5, penalty=GradientPenalty(lam), after_d_step=None)
    settings.update(overrides)
    return replace(base or GANConfig(), **settings)
