"""GAN objectives on discriminator logits $\\ell = \\mathrm{logit}\\,D(x)$, so $D = \\sigma(\\ell)$.

* ``"minimax"`` (Goodfellow et al. 2014): $D$ maximises $V = \\mathbb E\\log D(x) +
  \\mathbb E\\log(1-D(G(z)))$; $G$ minimises $\\mathbb E\\log(1 - D(G(z)))$ — this saturates
  when $D$ rejects the fakes confidently (vanishing gradient early in training).
* ``"nonsaturating"``: same $D$; $G$ minimises $-\\mathbb E\\log D(G(z))$ instead.
* ``"least_squares"`` (LSGAN, Mao et al. 2017): $D$ regresses real → 1, fake → 0 with a
  squared error on its raw output; $G$ pushes fakes towards 1.
* ``"wasserstein"`` (WGAN): the critic $f$ maximises $\\mathbb E f(x) - \\mathbb E f(G(z))$;
  $G$ minimises $-\\mathbb E f(G(z))$. Needs a Lipschitz constraint (see ``wgan.py``).

Identities used: $-\\log\\sigma(\\ell) = \\mathrm{softplus}(-\\ell)$,
$-\\log(1-\\sigma(\\ell)) = \\mathrm{softplus}(\\ell)$.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

__all__ = ["LOSSES", "discriminator_loss", "generator_loss", "R1Penalty"]

LOSSES = ("minimax", "nonsaturating", "least_squares", "wasserstein")


def _check(loss: str) -> None:
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; expected one of {list(LOSSES)}")


def discriminator_loss(loss: str, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """The quantity $D$ *minimises* (for minimax/non-saturating: $-V(D, G)$).

    >>> l = torch.zeros(3, 1)  # D(x) = 1/2 everywhere
    >>> round(discriminator_loss("minimax", l, l).item(), 4)  # 2 log 2
    1.3863
    """
    _check(loss)
    if loss in ("minimax", "nonsaturating"):
        return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()
    if loss == "least_squares":
        return 0.5 * ((real_logits - 1) ** 2).mean() + 0.5 * (fake_logits**2).mean()
    return fake_logits.mean() - real_logits.mean()  # wasserstein critic


def generator_loss(loss: str, fake_logits: torch.Tensor) -> torch.Tensor:
    """The quantity $G$ minimises, given the discriminator's logits on fakes.

    >>> l = torch.zeros(3, 1)
    >>> round(generator_loss("minimax", l).item(), 4), round(generator_loss("nonsaturating", l).item(), 4)
    (-0.6931, 0.6931)
    """
    _check(loss)
    if loss == "minimax":
        return -F.softplus(fake_logits).mean()  # E log(1 - D(G(z)))
    if loss == "nonsaturating":
        return F.softplus(-fake_logits).mean()  # -E log D(G(z))
    if loss == "least_squares":
        return 0.5 * ((fake_logits - 1) ** 2).mean()
    return -fake_logits.mean()


@dataclass(frozen=True)
class R1Penalty:
    """$\\tfrac{\\gamma}{2}\\,\\mathbb E_{x\\sim p_{data}}\\|\\nabla_x \\ell(x)\\|^2$ (Mescheder et al. 2018).

    A ``penalty`` hook for :func:`~course_utils.gan.train.train_gan`: it keeps D flat on the data, which
    damps the oscillation of G around the modes. The norm is per sample over all non-batch dims.

    >>> f = torch.nn.Linear(2, 1, bias=False)
    >>> with torch.no_grad(): _ = f.weight.copy_(torch.tensor([[3.0, 4.0]]))
    >>> R1Penalty(gamma=0.2)(f, torch.randn(5, 2), None).item()  # 0.1 * 25
    2.5
    """

    gamma: float = 0.1

    def __post_init__(self):
        if not self.gamma >= 0:
            raise ValueError(f"gamma must be >= 0, got {self.gamma!r}")

    def __call__(self, D, x_real: torch.Tensor, x_fake) -> torch.Tensor:
        x = x_real.detach().requires_grad_(True)
        (grad,) = torch.autograd.grad(D(x).sum(), x, create_graph=True)
        return 0.5 * self.gamma * grad.flatten(1).pow(2).sum(1).mean()
