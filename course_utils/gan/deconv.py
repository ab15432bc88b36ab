"""Transposed convolution ("deconvolution") with numbers: sizes, by hand, checkerboards.

A strided convolution shrinks an image; a generator must do the opposite. A transposed
convolution makes every input pixel *stamp* a copy of the kernel, scaled by the pixel,
onto the output, ``stride`` pixels apart, and sums where stamps overlap
(Dumoulin & Visin 2016). Its output length is

$$ n_\\text{out} = (n_\\text{in} - 1)\\,s - 2p + d\\,(k - 1) + p_\\text{out} + 1 $$

for stride $s$, padding $p$, dilation $d$, kernel $k$ and output padding $p_\\text{out}$.
When $k$ is not a multiple of $s$, some output pixels get more stamps than others: the
checkerboard artefact (Odena et al. 2016); upsampling then convolving avoids it.

>>> conv_transpose_output_size(4, kernel=4, stride=2, padding=1)  # DCGAN's doubling layer
8
>>> conv_transpose1d_by_hand([1.0, 2.0], [1.0, 1.0, 1.0], stride=2).tolist()
[1.0, 1.0, 3.0, 2.0, 2.0]
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

__all__ = [
    "conv_output_size", "conv_transpose_output_size", "conv_transpose1d_by_hand",
    "conv_transpose2d_by_hand", "overlap_counts", "ResizeConv2d",
]


def _check(**values: int) -> None:
    for name, v in values.items():
        lowest = 1 if name in {"n_in", "kernel", "stride", "dilation"} else 0
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lowest:
            raise ValueError(f"{name} must be an integer >= {lowest}, got {v!r}")


def conv_output_size(n_in: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Output length of ``Conv2d`` along one axis: $\\lfloor (n + 2p - d(k-1) - 1)/s \\rfloor + 1$.

    >>> conv_output_size(8, kernel=4, stride=2, padding=1)
    4
    """
    _check(n_in=n_in, kernel=kernel, stride=stride, padding=padding, dilation=dilation)
    n = (n_in + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
    if n < 1:
        raise ValueError(f"kernel {kernel} (dilation {dilation}) does not fit an input of {n_in} with padding {padding}")
    return n


def conv_transpose_output_size(n_in: int, kernel: int, stride: int = 1, padding: int = 0,
                               output_padding: int = 0, dilation: int = 1) -> int:
    """Output length of ``ConvTranspose2d`` along one axis: $(n-1)s - 2p + d(k-1) + p_\\text{out} + 1$.

    ``output_padding`` must be smaller than ``stride`` or ``dilation`` (PyTorch's rule):
    it picks one of the several input sizes a strided convolution maps to ``n_in``.

    >>> conv_transpose_output_size(1, kernel=4)  # a 1×1 noise "image" becomes 4×4
    4
    """
    _check(n_in=n_in, kernel=kernel, stride=stride, padding=padding,
           output_padding=output_padding, dilation=dilation)
    if output_padding >= max(stride, dilation):
        raise ValueError(f"output_padding must be smaller than stride or dilation, got {output_padding}")
    n = (n_in - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1
    if n < 1:
        raise ValueError(f"padding {padding} removes the whole output (size {n})")
    return n


def conv_transpose1d_by_hand(x, w, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Transposed 1-D convolution as stamping: ``y[i*s + j] += x[i] * w[j]``, then crop ``p``.

    Same numbers as ``nn.ConvTranspose1d`` with one channel and no bias.
    """
    x, w = np.asarray(x, float), np.asarray(w, float)
    _check(n_in=len(x), kernel=len(w), stride=stride, padding=padding)
    y = np.zeros((len(x) - 1) * stride + len(w))
    for i, xi in enumerate(x):  # every input pixel stamps the kernel, stride apart
        y[i * stride:i * stride + len(w)] += xi * w
    out = conv_transpose_output_size(len(x), len(w), stride, padding)
    return y[padding:padding + out]


def conv_transpose2d_by_hand(x, w, stride: int = 1, padding: int = 0) -> np.ndarray:
    """The 2-D version of :func:`conv_transpose1d_by_hand` for one channel: ``x (H, W)``, ``w (k, k)``."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    if x.ndim != 2 or w.ndim != 2:
        raise ValueError(f"x and w must be 2-D, got shapes {x.shape} and {w.shape}")
    kh, kw = w.shape
    y = np.zeros(((x.shape[0] - 1) * stride + kh, (x.shape[1] - 1) * stride + kw))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            y[i * stride:i * stride + kh, j * stride:j * stride + kw] += x[i, j] * w
    oh = conv_transpose_output_size(x.shape[0], kh, stride, padding)
    ow = conv_transpose_output_size(x.shape[1], kw, stride, padding)
    return y[padding:padding + oh, padding:padding + ow]


def overlap_counts(n_in: int, kernel: int, stride: int, padding: int = 0, resize: bool = False) -> np.ndarray:
    """How many kernel stamps reach each output pixel, for a constant input and all-ones kernel.

    A transposed convolution whose ``kernel`` is not a multiple of ``stride`` gives an
    uneven pattern (the checkerboard); ``resize=True`` uses :class:`ResizeConv2d`
    instead, whose interior is even.

    >>> overlap_counts(4, kernel=3, stride=2)[2:6, 2].tolist()  # 3 not divisible by 2
    [4.0, 2.0, 4.0, 2.0]
    >>> overlap_counts(4, kernel=4, stride=2)[2:6, 2].tolist()
    [4.0, 4.0, 4.0, 4.0]
    """
    x = torch.ones(1, 1, n_in, n_in)
    if resize:
        layer = ResizeConv2d(1, 1, kernel, scale=stride, bias=False)
        nn.init.ones_(layer.conv.weight)
    else:
        layer = nn.ConvTranspose2d(1, 1, kernel, stride, padding, bias=False)
        nn.init.ones_(layer.weight)
    with torch.no_grad():
        return layer(x)[0, 0].numpy().astype(float)


class ResizeConv2d(nn.Module):
    """Nearest-neighbour upsampling by ``scale``, then a stride-1 convolution ("same" size).

    Every output pixel sees the same number of input pixels, so no checkerboard
    (Odena et al. 2016). A drop-in replacement for ``ConvTranspose2d(k=4, s=2, p=1)``.

    >>> ResizeConv2d(3, 8, kernel=3)(torch.zeros(1, 3, 4, 4)).shape
    torch.Size([1, 8, 8, 8])
    """

    def __init__(self, in_channels: int, out_channels: int, kernel: int = 3, scale: int = 2, bias: bool = True):
        super().__init__()
        self.up = nn.Upsample(scale_factor=scale, mode="nearest")
        self.conv = nn.Conv2d(in_channels, out_channels, kernel, padding="same", padding_mode="replicate", bias=bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, C, H, W) -> (B, C', sH, sW)
        return self.conv(self.up(x))
