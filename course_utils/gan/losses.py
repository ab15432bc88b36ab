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

import torch
import torch.nn.functional as F

__all__ = ["LOSSES", "discriminator_loss", "generator_loss"]

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
