"""Image-to-image data made offline from the course's digits, and the scores of a translation.

pix2pix needs *pairs* (an input image and the image it should become), CycleGAN two
*unpaired* sets, one per domain. Both are made here from scikit-learn's 8×8 digits
(``cu.digits.load_digits``), upsampled to 16×16, so that the true answer
of every translation is known and a result can be *scored*, not only looked at:

* ``"edges"``: the outline of the digit's stroke (a binary edge map, as in pix2pix's
  edges2cats and edges2shoes) → the grey-level digit. The edge map drops the grey levels
  and the stroke's inside, so more than one digit image fits an edge map;
* ``"pen"``: the same edge map → the digit written with a fine *or* a broad pen, chosen
  at random per image: the edge map does not say which, so every input has two right
  answers (the image version of chapter 07's "real trick");
* ``"thick"``: the digit → the same digit written with a thick pen (a 3×3 dilation): a
  change of *style* that keeps the content, CycleGAN's kind of task.

A translation is scored against the true targets by :func:`translation_scores`: the
reference digit classifier's accuracy on the outputs (the label must survive), the
per-pixel L1 error, and realism in the classifier's feature space (the Fréchet distance of
:mod:`~course_utils.gan.digit_metrics`, lower is more like real targets), on images pooled
back to the classifier's 8×8.

>>> data = make_paired("edges", seed=0)
>>> tuple(data.a_train.shape), tuple(data.b_train.shape), tuple(data.a_test.shape)
((1437, 1, 16, 16), (1437, 1, 16, 16), (360, 1, 16, 16))
>>> sorted(set(data.a_train.unique().tolist()))  # an edge map is binary
[-1.0, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .digits import load_digits

__all__ = ["KINDS", "upsample", "downsample", "stroke", "edge_map", "thicken", "EDITS", "edit_edges", "PairedDigits",
           "make_paired", "make_unpaired", "TranslationScores", "translation_scores", "nearest_l1"]

#: the translations :func:`make_paired` can make: kind -> (input, target) in words
KINDS = {"edges": ("edge map", "digit"), "pen": ("edge map", "digit, fine or broad pen at random"),
         "ink": ("edge map", "digit, ink on paper or chalk on a blackboard at random"),
         "thick": ("digit", "thick-pen digit")}


def upsample(x: torch.Tensor, size: int = 16) -> torch.Tensor:
    """Images ``(N, C, h, w)`` → ``(N, C, size, size)`` by bilinear interpolation (range kept;
    antialiased when shrinking, as 28×28 MNIST to 16×16)."""
    shrink = x.shape[-1] > size
    return F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False, antialias=shrink).clamp(-1, 1)


def downsample(x: torch.Tensor, size: int = 8) -> torch.Tensor:
    """Images ``(N, C, H, W)`` → ``(N, C, size, size)`` by average pooling (for the 8×8 classifier)."""
    if x.shape[-1] % size or x.shape[-2] % size:
        raise ValueError(f"image side must be a multiple of {size}, got {tuple(x.shape[-2:])}")
    return F.avg_pool2d(x, (x.shape[-2] // size, x.shape[-1] // size))


def stroke(x: torch.Tensor) -> torch.Tensor:
    """The pen's stroke: the pixels darker than mid-grey, as ``{-1, 1}`` images."""
    return torch.where(x > 0, 1.0, -1.0)


def edge_map(x: torch.Tensor) -> torch.Tensor:
    """The outline of the stroke: stroke pixels with a background pixel among their 8
    neighbours (the stroke minus its 3×3 erosion), as ``{-1, 1}`` images."""
    s = (x > 0).float()
    eroded = -F.max_pool2d(-s, 3, stride=1, padding=1)  # min over the 3×3 neighbourhood
    return (s - eroded) * 2 - 1


def thicken(x: torch.Tensor, width: int = 3) -> torch.Tensor:
    """The same digit with a thicker pen: grey-level dilation by a ``width × width`` square
    (each pixel takes the darkest value around it)."""
    if width < 1 or width % 2 == 0:
        raise ValueError(f"width must be an odd integer >= 1, got {width!r}")
    return F.max_pool2d(x, width, stride=1, padding=width // 2)


def _erase(x: torch.Tensor, rows: slice = slice(None), cols: slice = slice(None)) -> torch.Tensor:
    x = x.clone()
    x[..., rows, cols] = -1.0
    return x


#: what the chapter's widget can do to an edge map ``(N, 1, S, S)`` (name -> function)
EDITS = {
    "as drawn": lambda x: x,
    "erase the top half": lambda x: _erase(x, rows=slice(0, x.shape[-2] // 2)),
    "erase the bottom half": lambda x: _erase(x, rows=slice(x.shape[-2] // 2, None)),
    "erase the left half": lambda x: _erase(x, cols=slice(0, x.shape[-1] // 2)),
    "shift 2 px right": lambda x: torch.cat([torch.full_like(x[..., :2], -1.0), x[..., :-2]], -1),
    "mirror": lambda x: x.flip(-1),
    "a blank page": lambda x: torch.full_like(x, -1.0),
}


def edit_edges(x: torch.Tensor, edit: str) -> torch.Tensor:
    """``x`` after the edit named ``edit`` (one of :data:`~course_utils.gan.paired.EDITS`).

    >>> edit_edges(torch.ones(1, 1, 4, 4), "erase the top half")[0, 0, :, 0].tolist()
    [-1.0, -1.0, 1.0, 1.0]
    """
    if edit not in EDITS:
        raise ValueError(f"edit must be one of {', '.join(map(repr, EDITS))}, got {edit!r}")
    return EDITS[edit](x)


def _either_pen(x: torch.Tensor, seed: int) -> torch.Tensor:
    broad = torch.rand(len(x), 1, 1, 1, generator=torch.Generator().manual_seed(seed)) < 0.5
    return torch.where(broad, thicken(x), x)


def _either_ink(x: torch.Tensor, seed: int) -> torch.Tensor:
    chalk = torch.rand(len(x), 1, 1, 1, generator=torch.Generator().manual_seed(seed)) < 0.5
    return torch.where(chalk, -x, x)


_MAKERS = {"edges": (edge_map, lambda x, seed: x), "pen": (edge_map, _either_pen), "ink": (edge_map, _either_ink),
           "thick": (lambda x: x, lambda x, seed: thicken(x))}


@dataclass
class PairedDigits:
    """Input images ``a_*`` and their targets ``b_*`` ``(N, 1, S, S)`` in $[-1, 1]$, with the
    digit labels ``y_*``; train and held-out sets are the digits' own split."""

    kind: str
    a_train: torch.Tensor
    b_train: torch.Tensor
    y_train: torch.Tensor
    a_test: torch.Tensor
    b_test: torch.Tensor
    y_test: torch.Tensor
    x_test: torch.Tensor | None = None
    """The held-out images themselves, resized (what the inputs and targets were made from)."""


def make_paired(kind: str = "edges", size: int = 16, seed: int = 0, source: str = "digits") -> PairedDigits:
    """Pairs ``(input, target)`` of the translation ``kind`` (one of :data:`~course_utils.gan.paired.KINDS`).

    Args:
        kind: ``"edges"`` (edge map → digit), ``"pen"`` (edge map → fine or broad pen) or
            ``"thick"`` (digit → thick-pen digit).
        size: image side after resizing (16 or 32).
        seed: seed of the train / held-out split.
        source: ``"digits"`` (scikit-learn's 1,797 8×8 digits, offline, split as
            ``cu.digits.load_digits``), or ``"mnist"`` / ``"fashion"`` for the ``full`` budget
            on a GPU: 28×28 MNIST or Fashion-MNIST through ``cu.digits.load_mnist`` (**online**;
            its training set, 20 % held out), resized to ``size`` (use 32).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if size not in (16, 32):
        raise ValueError(f"size must be 16 or 32, got {size!r}")
    if source == "digits":
        digits = load_digits(seed=seed)
        x_tr, y_tr, x_te, y_te = digits.x_train, digits.y_train, digits.x_test, digits.y_test
    elif source in ("mnist", "fashion"):
        from .digits import load_mnist

        x, y = load_mnist(source, train=True)  # raises a clear RuntimeError offline
        order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))
        n_test = len(x) // 5
        x_te, y_te, x_tr, y_tr = x[order[:n_test]], y[order[:n_test]], x[order[n_test:]], y[order[n_test:]]
    else:
        raise ValueError(f"source must be 'digits', 'mnist' or 'fashion', got {source!r}")
    make_a, make_b = _MAKERS[kind]
    x_tr, x_te = upsample(x_tr, size), upsample(x_te, size)
    return PairedDigits(kind, make_a(x_tr), make_b(x_tr, seed), y_tr, make_a(x_te), make_b(x_te, seed + 1), y_te, x_te)


def make_unpaired(kind: str = "thick", size: int = 16, seed: int = 0, source: str = "digits") -> PairedDigits:
    """Two domains without pairs, for CycleGAN: the training digits are split in two halves
    at random; ``a_train`` holds the inputs of one half, ``b_train`` the targets of the
    *other* (so no training image meets its own translation). The held-out set keeps its
    pairs, to score the result. ``y_train`` are the labels of ``a_train``."""
    data = make_paired(kind, size, seed, source)
    order = torch.randperm(len(data.a_train), generator=torch.Generator().manual_seed(seed))
    half = len(order) // 2
    ia, ib = order[:half], order[half:2 * half]
    return PairedDigits(kind, data.a_train[ia], data.b_train[ib], data.y_train[ia], data.a_test, data.b_test,
                        data.y_test, data.x_test)


@dataclass
class TranslationScores:
    """How well translated images match their true targets (all on 8×8 pooled images)."""

    accuracy: float
    """Share of outputs the reference classifier labels as the input's digit."""
    l1: float
    """Mean per-pixel absolute error against the true targets (at full size, range $[-1, 1]$)."""
    frechet: float
    """Fréchet distance of the outputs to the true targets in the classifier's feature space."""

    def __str__(self) -> str:
        return f"accuracy {self.accuracy:.3f}, L1 {self.l1:.3f}, Fréchet {self.frechet:.2f}"


def translation_scores(outputs: torch.Tensor, targets: torch.Tensor, labels: torch.Tensor,
                       classifier=None) -> TranslationScores:
    """Scores of ``outputs`` against the true ``targets`` ``(N, 1, S, S)`` and digit ``labels``.

    ``classifier``: the 8×8 digit classifier (default: the shipped reference,
    ``cu.digits.pretrained_classifier``).

    >>> data = make_paired("thick", seed=0)
    >>> s = translation_scores(data.b_test, data.b_test, data.y_test)  # the truth itself
    >>> round(s.l1, 6), round(s.frechet, 3)
    (0.0, 0.0)
    """
    from .digit_metrics import features, frechet_distance
    from .digits import accuracy, pretrained_classifier

    if outputs.shape != targets.shape or outputs.ndim != 4:
        raise ValueError(f"outputs {tuple(outputs.shape)} and targets {tuple(targets.shape)} must be equal (N, 1, S, S)")
    if len(labels) != len(outputs):
        raise ValueError(f"labels must have {len(outputs)} entries, got {len(labels)}")
    model = classifier if classifier is not None else pretrained_classifier().model
    out8, tgt8 = downsample(outputs.detach().cpu().float()), downsample(targets.cpu().float())
    l1 = float((outputs.detach().cpu() - targets.cpu()).abs().mean())
    fd = frechet_distance(features(model, out8), features(model, tgt8))
    return TranslationScores(accuracy(model, out8, labels.cpu()), l1, float(np.maximum(fd, 0.0)))


def nearest_l1(outputs: torch.Tensor, *answers: torch.Tensor) -> float:
    """Mean over images of the per-pixel L1 error to the *nearest* of several right answers
    (each ``(N, C, S, S)``): for a task with two right answers, an output that picks one is
    scored 0, one halfway between is not.

    >>> a, b = torch.zeros(2, 1, 2, 2), torch.ones(2, 1, 2, 2)
    >>> nearest_l1(a, a, b), nearest_l1(b, a, b), nearest_l1(a + 0.5, a, b)
    (0.0, 0.0, 0.5)
    """
    if not answers:
        raise ValueError("nearest_l1 needs at least one answer")
    for ans in answers:
        if ans.shape != outputs.shape:
            raise ValueError(f"answers must have the outputs' shape {tuple(outputs.shape)}, got {tuple(ans.shape)}")
    per_image = torch.stack([(outputs.detach().cpu() - ans.cpu()).abs().flatten(1).mean(1) for ans in answers])
    return float(per_image.min(0).values.mean())
