"""Neural style transfer {Gatys, Ecker & Bethge 2016}: gradient steps on an image's pixels.

A CNN's feature maps $F_l(x)$ (``(C, HW)`` at layer $l$) keep *where* things are, their Gram
matrices $G_l = F_l F_l^\\top / (CHW)$ *which features occur together*: texture, or style. From
the content image $c$, the pixels of $x$ move to minimise (content at a layer $k$, style at $L$)
$\\mathcal L(x) = \\alpha \\|F_k(x) - F_k(c)\\|^2 / \\|F_k(c)\\|^2
+ \\frac{\\beta}{|L|} \\sum_{l \\in L} \\|G_l(x) - G_l(s)\\|^2 / \\|G_l(s)\\|^2 + \\gamma \\mathrm{TV}(x)$
($s$ the style image). Relative terms: the weights mean the same for any extractor (style loss 0:
the style's statistics; 1: all-zero features), the paper's ImageNet VGG-19 (``features="vgg19"``,
a 548 MB download) or random fixed weights (:class:`RandomFeatures`, offline, the default).

>>> photos = load_sample_photos(size=32)
>>> result = style_transfer(photos["china"], photos["flower"], StyleConfig(steps=5, size=32), progress=False)
>>> tuple(result.image.shape), result.history["style_loss"].shape
((1, 3, 32, 32), (5,))
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

from .._core import check_int, check_real, preset

__all__ = ["load_sample_photos", "gram_matrix", "RandomFeatures", "VGG19Features", "vgg19_features",
           "StyleConfig", "PRESETS", "StyleResult", "style_transfer", "style_distance", "VGG19_URL"]

#: torchvision's ImageNet weights of VGG-19 (``VGG19_Weights.IMAGENET1K_V1``).
VGG19_URL = "https://download.pytorch.org/models/vgg19-dcbaeb0f.pth"
_MEAN, _STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)  # ImageNet's, applied inside both extractors
_VGG19 = (64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M")


def _image(name: str, x, size: int | None = None) -> torch.Tensor:
    """``(3, H, W)`` or ``(1, 3, H, W)``, finite, in [0, 1] -> ``(1, 3, H', W')`` float32 on the CPU,
    with shorter side ``size`` (aspect kept, antialiased bilinear) unless ``size`` is ``None``."""
    ok = isinstance(x, torch.Tensor) and x.ndim in (3, 4) and x.shape[-3] == 3 and min(x.shape[-2:]) >= 8
    if not ok or (x.ndim == 4 and len(x) != 1):
        got = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
        raise ValueError(f"{name} must be a tensor of shape (1, 3, H, W) or (3, H, W), H, W >= 8, got {got}")
    x = x.detach().float().cpu().reshape(1, 3, *x.shape[-2:])
    if not torch.isfinite(x).all() or x.min() < 0 or x.max() > 1:  # NaN shows as nan in the range
        raise ValueError(f"{name} must be finite, in [0, 1], got values in [{x.min():.3g}, {x.max():.3g}]")
    h, w = x.shape[-2:]
    size = min(h, w) if size is None else size
    hw = (size, max(size, round(w * size / h))) if h <= w else (max(size, round(h * size / w)), size)
    return x if hw == (h, w) else F.interpolate(x, size=hw, mode="bilinear", antialias=True).clamp(0, 1)


def load_sample_photos(size: int = 128) -> dict[str, torch.Tensor]:
    """scikit-learn's bundled photos ``"china"`` (a temple) and ``"flower"`` (a dahlia), no download,
    as ``(1, 3, size, size)`` in $[0, 1]$: shorter side resized to ``size``, centre-cropped."""
    check_int("size", size, 8)
    from sklearn.datasets import load_sample_images  # here: it takes a second to import
    bunch, photos = load_sample_images(), {}
    for path, image in zip(bunch.filenames, bunch.images):
        x = _image("photo", torch.tensor(image).permute(2, 0, 1).float() / 255, size)  # (1, 3, size, W')
        top, left = (x.shape[2] - size) // 2, (x.shape[3] - size) // 2
        photos[Path(path).stem] = x[..., top:top + size, left:left + size].contiguous()
    return photos


def gram_matrix(features: torch.Tensor) -> torch.Tensor:
    """Gram matrices $G = F F^\\top / (CHW)$ of ``(B, C, H, W)`` maps, $F$ their ``(C, HW)`` reshape:
    $G_{ij}$ (``(B, C, C)``, symmetric, PSD) forgets where features are, keeps how they co-occur.

    >>> gram_matrix(torch.ones(1, 2, 2, 2))
    tensor([[[0.5000, 0.5000],
             [0.5000, 0.5000]]])
    """
    if not isinstance(features, torch.Tensor) or features.ndim != 4:
        got = tuple(features.shape) if isinstance(features, torch.Tensor) else type(features).__name__
        raise ValueError(f"features must be a (B, C, H, W) tensor, got {got}")
    b, c, h, w = features.shape
    f = features.reshape(b, c, h * w)  # (B, C, HW)
    return f @ f.transpose(1, 2) / (c * h * w)  # (B, C, C)


class _Taps(nn.Module):
    """Runs ``features`` on ImageNet-normalised images in [0, 1] and returns the outputs at ``taps``,
    a list that ``content_layer`` and ``style_layers`` index."""

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        h, out = (x - x.new_tensor(_MEAN)[:, None, None]) / x.new_tensor(_STD)[:, None, None], []
        for i, layer in enumerate(self.features[: self.taps[-1] + 1]):
            h = layer(h)
            out += [h] if i in self.taps else []
        return out


class RandomFeatures(_Taps):
    """A small CNN with random, fixed weights: the feature extractor that needs no download.

    Stages of ``3×3 conv + ReLU``, each after the first behind a 2×2 average pool (receptive fields 3,
    8, 18, 38 pixels), He-initialised from ``seed``, never trained: random networks carry enough
    statistics to synthesise textures {Ustyuzhaninov et al. 2017} and transfer style {He, Wang &
    Hopcroft 2016}. Width matters: at 128 pixels, 64-256 channels gave clean images, 32-128 noisy ones.

    Args:
        seed: seeds the weights (a generator of its own: the global RNG is untouched).
        widths: channels of each stage.
        content_layer: the stage matched for content (1 keeps the outlines, lets colours go).

    >>> [tuple(f.shape) for f in RandomFeatures(seed=0)(torch.rand(1, 3, 32, 32))]
    [(1, 64, 32, 32), (1, 128, 16, 16), (1, 256, 8, 8), (1, 256, 4, 4)]
    """

    def __init__(self, seed: int = 0, widths: tuple[int, ...] = (64, 128, 256, 256), content_layer: int = 1):
        super().__init__()
        check_int("seed", seed, 0)
        if not widths or any(isinstance(w, bool) or not isinstance(w, int) or w < 1 for w in widths):
            raise ValueError(f"widths must be a non-empty tuple of integers >= 1, got {widths!r}")
        if isinstance(content_layer, bool) or content_layer not in range(len(widths)):
            raise ValueError(f"content_layer must be an integer in [0, {len(widths)}), got {content_layer!r}")
        gen, layers = torch.Generator().manual_seed(int(seed)), []
        for c_in, width in zip((3, *widths), widths):  # stage i: (B, widths[i], H / 2^i, W / 2^i)
            conv = nn.utils.skip_init(nn.Conv2d, c_in, width, 3, padding=1, padding_mode="reflect", bias=False)
            conv.weight.data.normal_(0, (2 / (9 * c_in)) ** 0.5, generator=gen)  # He: Var = 2 / fan_in
            layers += ([nn.AvgPool2d(2)] if layers else []) + [conv, nn.ReLU()]
        self.features = nn.Sequential(*layers).requires_grad_(False)
        self.taps = tuple(range(1, len(layers), 3))  # the ReLUs
        self.content_layer, self.style_layers = content_layer, tuple(range(len(widths)))


class VGG19Features(_Taps):
    """VGG-19's convolutional part with torchvision's ``vgg19().features`` module indices.

    ``features.0`` is conv1_1, ``features.34`` conv5_4: torchvision's state dict loads without torchvision.
    Returns the ReLUs of conv1_1, conv2_1, conv3_1, conv4_1 (style), conv4_2 (content), conv5_1 (style).
    """

    def __init__(self):
        super().__init__()
        layers, c_in = [], 3
        for v in _VGG19:
            layers += [nn.MaxPool2d(2, 2)] if v == "M" else [nn.Conv2d(c_in, v, 3, padding=1), nn.ReLU(True)]
            c_in = c_in if v == "M" else v
        self.features = nn.Sequential(*layers)
        self.taps = (1, 6, 11, 20, 22, 29)  # relu1_1, relu2_1, relu3_1, relu4_1, relu4_2, relu5_1
        self.content_layer, self.style_layers = 4, (0, 1, 2, 3, 5)


def vgg19_features(device: str | torch.device = "cpu") -> VGG19Features:
    """VGG-19 with torchvision's ImageNet weights, downloaded once into torch's hub cache.

    Raises:
        RuntimeError: when the weights cannot be downloaded (no internet).
    """
    try:
        state = torch.hub.load_state_dict_from_url(VGG19_URL, map_location="cpu", progress=False)
    except Exception as err:  # offline, DNS, proxy, ...: say what to do instead
        raise RuntimeError(f"features='vgg19' downloads VGG-19's weights ({VGG19_URL}) and needs internet "
                           f"(e.g. Colab); features='random' works offline. Download failed: {err!r}") from err
    net = VGG19Features()
    net.load_state_dict({k: v for k, v in state.items() if k.startswith("features.")})
    return net.requires_grad_(False).eval().to(device)


def _extractor(features: str | nn.Module, seed: int, device) -> nn.Module:
    if isinstance(features, nn.Module):
        return features.to(device)
    if features not in ("random", "vgg19"):
        raise ValueError(f"features must be 'random', 'vgg19' or an extractor module, got {features!r}")
    return RandomFeatures(seed).to(device) if features == "random" else vgg19_features(device)


@dataclass
class StyleConfig:
    """Settings of one style transfer (defaults: random features, 128 pixels, a CPU)."""

    steps: int = 150
    """Adam steps on the pixels."""
    size: int | None = 128
    """Shorter side the content and style images are resized to; ``None`` keeps their sizes."""
    content_weight: float = 1.0
    """$\\alpha$, weight of the relative content loss."""
    style_weight: float = 5.0
    """$\\beta$, weight of the relative style loss (higher: more style, less content)."""
    tv_weight: float = 1.0
    """$\\gamma$, weight of the total variation (mean squared neighbour difference: smooths noise)."""
    lr: float = 0.03
    """Adam's learning rate, in pixel units."""
    features: str = "random"
    """``"random"`` (:class:`RandomFeatures`, offline) or ``"vgg19"`` (ImageNet VGG-19, online)."""
    seed: int = 0
    """Seeds the random features and the noise start."""
    init: str = "content"
    """Start from the ``"content"`` image or from uniform ``"noise"``."""

    def __post_init__(self):
        check_int("steps", self.steps, 1)
        check_int("seed", self.seed, 0)
        if self.size is not None:
            check_int("size", self.size, 8)
        for name in ("content_weight", "style_weight", "tv_weight"):
            check_real(name, getattr(self, name), 0.0, np.inf, "[0, inf)", open_high=True)
        check_real("lr", self.lr, 0.0, np.inf, "(0, inf)", open_low=True, open_high=True)
        for name, allowed in (("features", ("random", "vgg19")), ("init", ("content", "noise"))):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, got {getattr(self, name)!r}")

    @classmethod
    def preset(cls, budget: str | None = None, **overrides) -> StyleConfig:
        """Settings per budget (``None``: the current ``COURSE_BUDGET``) from :data:`PRESETS`.

        >>> StyleConfig.preset("smoke").steps, StyleConfig.preset("full", features="vgg19").size
        (10, 256)
        """
        return preset(cls, PRESETS, budget, **overrides)


#: budget -> settings, read by :meth:`~course_utils.gan.style.StyleConfig.preset`: ``smoke`` takes
#: seconds, ``standard`` half a CPU minute, ``full`` is for a GPU (with ``features="vgg19"`` online).
PRESETS = {"smoke": dict(steps=10, size=64), "standard": dict(steps=150, size=128),
           "full": dict(steps=500, size=256)}


@dataclass
class StyleResult:
    """The stylised image and the losses of every step."""

    image: torch.Tensor
    """``(1, 3, H, W)`` in $[0, 1]$, on the CPU."""
    history: dict[str, np.ndarray] = field(default_factory=dict)
    """Per step, before its update: ``content_loss``, ``style_loss`` (relative, unweighted), ``total``."""
    config: StyleConfig | None = None
    seconds: float = 0.0
    """Wall-clock time of the optimisation."""


def _relative(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:  # ||a - b||^2 / ||b||^2, b the target
    return (a - b).pow(2).sum() / b.pow(2).sum().clamp_min(1e-12)


def _style_loss(net: nn.Module, feats: list[torch.Tensor], grams: list[torch.Tensor]) -> torch.Tensor:
    return torch.stack([_relative(gram_matrix(feats[i]), g) for i, g in zip(net.style_layers, grams)]).mean()


def style_distance(x: torch.Tensor, style: torch.Tensor, features: str | nn.Module = "random",
                   seed: int = 0) -> float:
    """The style loss of ``x`` against ``style``: the mean relative Gram error over the style layers.

    0 when the Gram matrices match, 1 for all-zero features; sizes may differ. ``features``: ``"random"``
    (:class:`RandomFeatures` with ``seed``), ``"vgg19"`` or an extractor module.
    """
    x, style = _image("x", x), _image("style", style)
    net = _extractor(features, seed, "cpu")
    with torch.no_grad():
        style_f = net(style)
        return float(_style_loss(net, net(x), [gram_matrix(style_f[i]) for i in net.style_layers]))


def style_transfer(content: torch.Tensor, style: torch.Tensor, config: StyleConfig | None = None, *,
                   device: str | torch.device = "cpu", progress: bool = True) -> StyleResult:
    """Gatys' style transfer: Adam on the pixels of $x$ (from $c$ or noise), clamped to $[0, 1]$.

    Args:
        content, style: ``(1, 3, H, W)`` or ``(3, H, W)`` in $[0, 1]$, resized to ``config.size``.
        config: a :class:`StyleConfig`; ``None`` takes ``StyleConfig.preset()`` (the current budget).
        device: where the features run.
        progress: show a ``tqdm`` progress bar.

    Raises:
        ValueError: for images of a wrong shape or range, or with NaN/inf.
        RuntimeError: for ``features="vgg19"`` without internet.
    """
    cfg = StyleConfig.preset() if config is None else config
    if not isinstance(cfg, StyleConfig):
        raise ValueError(f"config must be a StyleConfig or None, got {type(cfg).__name__}")
    content, style = _image("content", content, cfg.size).to(device), _image("style", style, cfg.size).to(device)
    net = _extractor(cfg.features, cfg.seed, device)
    with torch.no_grad():
        target_f, style_f = net(content)[net.content_layer], net(style)  # F_k(c), F_l(s)
        target_g = [gram_matrix(style_f[i]) for i in net.style_layers]  # G_l(s), l in L
    noise = torch.rand(content.shape, generator=torch.Generator().manual_seed(cfg.seed)).to(device)
    x = (content.clone() if cfg.init == "content" else noise).requires_grad_(True)  # (1, 3, H, W)
    opt = torch.optim.Adam([x], lr=cfg.lr)  # measured: L-BFGS ended at ~10x its style loss
    rows, t0 = [], time.perf_counter()  # rows: per step, (content_loss, style_loss, total)
    for _ in (bar := tqdm(range(cfg.steps), desc="style transfer", disable=not progress)):
        feats = net(x)
        content_loss = _relative(feats[net.content_layer], target_f)
        style_loss = _style_loss(net, feats, target_g)
        tv = (x[..., 1:, :] - x[..., :-1, :]).pow(2).mean() + (x[..., 1:] - x[..., :-1]).pow(2).mean()
        total = cfg.content_weight * content_loss + cfg.style_weight * style_loss + cfg.tv_weight * tv
        opt.zero_grad()
        total.backward()
        opt.step()
        with torch.no_grad():
            x.clamp_(0, 1)  # keep a valid image
        rows.append((content_loss.item(), style_loss.item(), total.item()))
        bar.set_postfix(style=f"{rows[-1][1]:.3g}", content=f"{rows[-1][0]:.3g}")
    history = dict(zip(("content_loss", "style_loss", "total"), np.array(rows, dtype=float).T.copy()))
    return StyleResult(x.detach().cpu(), history, cfg, time.perf_counter() - t0)
