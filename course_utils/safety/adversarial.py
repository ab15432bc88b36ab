"""Adversarial examples: FGSM and PGD under an $L_\\infty$ budget, for any torch classifier.

A classifier $f$ with loss $\\ell(f(x), y)$ is attacked by a perturbation $\\delta$ with
$\\lVert\\delta\\rVert_\\infty \\le \\varepsilon$ that *increases* the loss
(Szegedy et al. 2014; Goodfellow et al. 2015; Madry et al. 2018):

* **FGSM** takes one step along the sign of the gradient:
  $x' = \\operatorname{clip}(x + \\varepsilon \\operatorname{sign} \\nabla_x \\ell)$;
* **PGD** takes many smaller steps $\\alpha$, each followed by a projection back onto the
  $\\varepsilon$-ball around $x$ and onto the valid pixel range.

Both return images inside the data range ``clip`` (``(-1, 1)`` for our digits) with
$\\lVert x' - x\\rVert_\\infty \\le \\varepsilon$. The model is put in eval mode and its
parameters get no gradients.

>>> import torch
>>> model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(4, 2))
>>> x, y = torch.zeros(3, 1, 2, 2), torch.tensor([0, 1, 0])
>>> x_adv = fgsm(model, x, y, eps=0.1)
>>> bool((x_adv - x).abs().max() <= 0.1 + 1e-7)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

__all__ = ["fgsm", "pgd", "AttackCurve", "accuracy_under_attack", "perturber"]


def _check(x: torch.Tensor, y: torch.Tensor, eps: float, clip: tuple[float, float]) -> None:
    if not eps >= 0:
        raise ValueError(f"eps must be >= 0, got {eps!r}")
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    lo, hi = clip
    if not lo < hi:
        raise ValueError(f"clip must be (low, high) with low < high, got {clip!r}")
    if not torch.is_tensor(x):
        raise ValueError(f"x must be a torch.Tensor of images, got {type(x).__name__}")
    if not torch.isfinite(x).all():
        raise ValueError("x contains NaN or infinite values")
    x_lo, x_hi = float(x.min()), float(x.max())
    if x_lo < lo or x_hi > hi:  # clipping would move x itself by more than eps
        raise ValueError(f"images must lie in clip={clip!r} (the data range), got values in "
                         f"[{x_lo:.4g}, {x_hi:.4g}]; pass the data's range as clip= (e.g. (0, 1) or (0, 255))")


def _loss_grad(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    x = x.detach().requires_grad_(True)
    loss = nn.functional.cross_entropy(model(x), y)  # mean over the batch: sign is unaffected
    (grad,) = torch.autograd.grad(loss, x)
    return grad  # (B, C, H, W)


def fgsm(model: nn.Module, x: torch.Tensor, y: torch.Tensor, eps: float,
         clip: tuple[float, float] = (-1.0, 1.0), targeted: bool = False) -> torch.Tensor:
    """Fast gradient sign method: $x' = \\operatorname{clip}(x + \\varepsilon\\,\\operatorname{sign}\\nabla_x\\ell(f(x), y))$.

    With ``targeted=True``, ``y`` is the class to *reach*: the step goes down the loss instead.
    """
    _check(x, y, eps, clip)
    model.eval()
    direction = -1.0 if targeted else 1.0
    x_adv = x + direction * eps * _loss_grad(model, x, y).sign()
    return x_adv.clamp(*clip).detach()


def pgd(model: nn.Module, x: torch.Tensor, y: torch.Tensor, eps: float, steps: int = 20,
        alpha: float | None = None, random_start: bool = True, clip: tuple[float, float] = (-1.0, 1.0),
        seed: int | None = 0, targeted: bool = False) -> torch.Tensor:
    """Projected gradient descent (ascent on the loss) in the $L_\\infty$ ball (Madry et al. 2018).

    $x^{t+1} = \\Pi_{B_\\varepsilon(x) \\cap [lo, hi]}\\big(x^t + \\alpha\\,\\operatorname{sign}\\nabla_x\\ell(f(x^t), y)\\big)$.

    Args:
        steps: gradient steps.
        alpha: step size; default $2.5\\,\\varepsilon/\\text{steps}$ (Madry et al.'s rule of thumb).
        random_start: start from a uniform point of the ball (else from ``x``; then PGD with
            one step of size ``eps`` is exactly FGSM).
        seed: seed of the random start (``None``: torch's global generator).
        targeted: ``y`` is the class to reach; steps go down its loss.
    """
    _check(x, y, eps, clip)
    if steps < 1:
        raise ValueError(f"steps must be >= 1, got {steps!r}")
    alpha = 2.5 * eps / steps if alpha is None else alpha
    model.eval()
    x = x.detach()
    x_adv = x.clone()
    if random_start and eps > 0:
        gen = torch.Generator(device=x.device).manual_seed(seed) if seed is not None else None
        noise = torch.rand(x.shape, generator=gen, device=x.device, dtype=x.dtype)
        x_adv = (x + (2 * noise - 1) * eps).clamp(*clip)
    direction = -1.0 if targeted else 1.0
    for _ in range(steps):
        x_adv = x_adv + direction * alpha * _loss_grad(model, x_adv, y).sign()
        x_adv = torch.min(torch.max(x_adv, x - eps), x + eps).clamp(*clip)  # project
    return x_adv.detach()


@dataclass
class AttackCurve:
    """Accuracy of a model on attacked images, one entry per $\\varepsilon$."""

    eps: np.ndarray
    accuracy: np.ndarray
    attack: str


def accuracy_under_attack(model: nn.Module, x: torch.Tensor, y: torch.Tensor, eps_values, attack: str = "fgsm",
                          clip: tuple[float, float] = (-1.0, 1.0), **attack_kwargs) -> AttackCurve:
    """Accuracy on ``attack``-perturbed ``x`` (``"fgsm"`` or ``"pgd"``) for each $\\varepsilon$.

    >>> import torch
    >>> model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(4, 2))
    >>> curve = accuracy_under_attack(model, torch.zeros(4, 1, 2, 2), torch.zeros(4, dtype=torch.long), [0.0, 0.5])
    >>> curve.accuracy.shape
    (2,)
    """
    if attack not in {"fgsm", "pgd"}:
        raise ValueError(f"attack must be 'fgsm' or 'pgd', got {attack!r}")
    fn = fgsm if attack == "fgsm" else pgd
    accs = []
    for eps in eps_values:
        x_adv = fn(model, x, y, float(eps), clip=clip, **attack_kwargs)
        with torch.no_grad():
            accs.append(float((model(x_adv).argmax(1) == y).float().mean()))
    return AttackCurve(np.asarray(eps_values, dtype=float), np.asarray(accs), attack)


def perturber(attack: str, eps: float, clip: tuple[float, float] = (-1.0, 1.0), **attack_kwargs):
    """A ``perturb(model, x, y)`` for ``cu.digits.train_classifier`` (adversarial training).

    The model returns to train mode after the attack (the attacks switch it to eval).
    """
    if attack not in {"fgsm", "pgd"}:
        raise ValueError(f"attack must be 'fgsm' or 'pgd', got {attack!r}")
    fn = fgsm if attack == "fgsm" else pgd

    def perturb(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        x_adv = fn(model, x, y, eps, clip=clip, **attack_kwargs)
        model.train()
        return x_adv

    return perturb
