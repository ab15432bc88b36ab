"""Multilayer perceptrons for the generator $G(z)$ and the discriminator/critic $D(x)$.

The discriminator returns a *logit* (a real number): the losses apply the sigmoid where
the probability $D(x)\\in(0,1)$ is meant, which is numerically safer than a sigmoid layer.
"""

from __future__ import annotations

import torch  # noqa: F401 - used by the doctests
from torch import nn

__all__ = ["mlp", "generator", "discriminator", "ACTIVATIONS"]

ACTIVATIONS = {"relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2), "tanh": nn.Tanh}


def mlp(n_in: int, n_out: int, hidden: int = 64, layers: int = 2,
        activation: str = "relu") -> nn.Sequential:
    """``layers`` hidden layers of width ``hidden``, then a linear output.

    >>> net = mlp(2, 1, hidden=8, layers=3)
    >>> net(torch.zeros(5, 2)).shape
    torch.Size([5, 1])
    """
    for name, value in (("n_in", n_in), ("n_out", n_out), ("hidden", hidden)):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if isinstance(layers, bool) or not isinstance(layers, int) or layers < 0:
        raise ValueError(f"layers must be a non-negative integer, got {layers!r}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; expected one of {sorted(ACTIVATIONS)}")
    modules: list[nn.Module] = []
    width = n_in
    for _ in range(layers):
        modules += [nn.Linear(width, hidden), ACTIVATIONS[activation]()]
        width = hidden
    modules.append(nn.Linear(width, n_out))
    return nn.Sequential(*modules)


def generator(z_dim: int = 2, hidden: int = 64, layers: int = 2, activation: str = "relu",
              x_dim: int = 2) -> nn.Sequential:
    """$G: \\mathbb R^{z} \\to \\mathbb R^{x}$, noise ``(B, z_dim)`` → samples ``(B, x_dim)``.

    >>> generator(z_dim=3)(torch.randn(4, 3)).shape
    torch.Size([4, 2])
    """
    return mlp(z_dim, x_dim, hidden, layers, activation)


def discriminator(hidden: int = 64, layers: int = 2, activation: str = "relu",
                  x_dim: int = 2) -> nn.Sequential:
    """$D: \\mathbb R^{x} \\to \\mathbb R$, samples ``(B, x_dim)`` → logits ``(B, 1)``.

    >>> discriminator()(torch.zeros(4, 2)).shape
    torch.Size([4, 1])
    """
    return mlp(x_dim, 1, hidden, layers, activation)
