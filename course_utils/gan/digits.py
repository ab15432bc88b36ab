"""Offline images: scikit-learn's 8×8 digits, MNIST as the online option, a digit classifier.

Image GANs need images, and a course that must run on a laptop on a train cannot
download MNIST. scikit-learn ships 1,797 real handwritten digits (8×8, 16 grey levels),
which is enough to train a DCGAN in minutes on a CPU. This module

* loads them as tensors scaled to $[-1, 1]$ (the range of a ``tanh`` generator), split
  into train and held-out sets with a seed (:func:`load_digits`);
* offers MNIST / Fashion-MNIST for online use (Colab) through :func:`load_mnist`, which
  fails with a clear message offline and is never called by default;
* trains a small digit classifier (≈0.97 held-out accuracy, :func:`train_classifier`)
  whose penultimate layer is the feature space of the image metrics in
  :mod:`course_utils.gan.digit_metrics`.

>>> data = load_digits(seed=0)
>>> tuple(data.x_train.shape), tuple(data.x_test.shape)
((1437, 1, 8, 8), (360, 1, 8, 8))
>>> float(data.x_train.min()), float(data.x_train.max())
(-1.0, 1.0)
"""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

__all__ = [
    "DigitsData", "load_digits", "load_mnist", "DigitClassifier", "ClassifierResult",
    "train_classifier", "pretrained_classifier", "accuracy",
]


@dataclass
class DigitsData:
    """Images ``(N, 1, H, W)`` in $[-1, 1]$ and integer labels ``(N,)``, train and held-out."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor


def load_digits(test_fraction: float = 0.2, seed: int = 0) -> DigitsData:
    """scikit-learn's 1,797 digits as float tensors in $[-1, 1]$, split with a seed.

    Pixel values $0..16$ map to $x/8 - 1$. The split is stratified by class.

    Args:
        test_fraction: share of images held out, in $(0, 1)$.
        seed: seed of the split.
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction!r}")
    from sklearn.datasets import load_digits as sk_load
    from sklearn.model_selection import train_test_split

    bunch = sk_load()
    x = bunch.images.astype(np.float32) / 8.0 - 1.0  # (1797, 8, 8) in [-1, 1]
    y = bunch.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, y, test_size=test_fraction, random_state=seed, stratify=y)
    as_images = lambda a: torch.from_numpy(a).unsqueeze(1)  # noqa: E731  (N, 1, 8, 8)
    return DigitsData(as_images(x_tr), torch.from_numpy(y_tr), as_images(x_te), torch.from_numpy(y_te))


_MNIST_URLS = {
    "mnist": "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "fashion": "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
}
_MNIST_FILES = {True: ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
                False: ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}


def load_mnist(name: str = "mnist", train: bool = True, root: str | Path = "~/.cache/course_utils",
               timeout: float = 20.0) -> tuple[torch.Tensor, torch.Tensor]:
    """MNIST or Fashion-MNIST (28×28) in $[-1, 1]$: **online only** (e.g. on Colab).

    Downloads the IDX files once into ``root`` (no torchvision needed) and reads them.

    Returns:
        images ``(N, 1, 28, 28)`` float32 and labels ``(N,)`` int64.

    Raises:
        ValueError: unknown ``name``.
        RuntimeError: no network and no cached copy; the message says to use
            :func:`load_digits` offline.
    """
    if name not in _MNIST_URLS:
        raise ValueError(f"name must be one of {sorted(_MNIST_URLS)}, got {name!r}")
    folder = Path(root).expanduser() / name
    arrays = []
    for fname in _MNIST_FILES[bool(train)]:
        path = folder / fname
        if not path.is_file():
            try:
                with urllib.request.urlopen(_MNIST_URLS[name] + fname, timeout=timeout) as r:
                    payload = r.read()
            except (urllib.error.URLError, OSError) as err:
                raise RuntimeError(
                    f"could not download {name} ({fname}) from {_MNIST_URLS[name]}: {err}. "
                    "This loader needs internet (e.g. Google Colab); offline, use "
                    "course_utils.gan.digits.load_digits() (8×8 digits shipped with scikit-learn)."
                ) from err
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(payload)
        raw = gzip.decompress(path.read_bytes())
        offset = 16 if raw[3] == 3 else 8  # IDX header: images have 4 ints, labels 2
        arrays.append(np.frombuffer(raw, dtype=np.uint8, offset=offset))
    images = torch.from_numpy(arrays[0].reshape(-1, 1, 28, 28).astype(np.float32) / 127.5 - 1.0)
    return images, torch.from_numpy(arrays[1].astype(np.int64))


class DigitClassifier(nn.Module):
    """An MLP ``64 → hidden → features → 10``; :meth:`features` is the metric space."""

    def __init__(self, hidden: int = 128, n_features: int = 64, image_size: int = 8):
        super().__init__()
        self.body = nn.Sequential(
            nn.Flatten(), nn.Linear(image_size * image_size, hidden), nn.ReLU(),
            nn.Linear(hidden, n_features), nn.ReLU())
        self.head = nn.Linear(n_features, 10)

    def features(self, x: torch.Tensor) -> torch.Tensor:  # (N, 1, H, W) -> (N, n_features)
        return self.body(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, 1, H, W) -> logits (N, 10)
        return self.head(self.body(x))


@dataclass
class ClassifierResult:
    """A trained classifier, its held-out accuracy and per-epoch history."""

    model: DigitClassifier
    test_accuracy: float
    history: dict[str, list[float]] = field(default_factory=dict)


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Share of ``x`` that ``model`` labels ``y`` (eval mode, no gradients)."""
    model.eval()
    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def train_classifier(data: DigitsData, epochs: int = 30, batch_size: int = 64, lr: float = 1e-3,
                     seed: int = 0, device="cpu",
                     perturb: Callable[[nn.Module, torch.Tensor, torch.Tensor], torch.Tensor] | None = None,
                     *, progress: bool = True) -> ClassifierResult:
    """Train :class:`DigitClassifier` with Adam and cross-entropy.

    Args:
        perturb: optional ``perturb(model, x, y) -> x'`` applied to every batch before the
            update (adversarial training, chapter 12); ``None`` trains on clean images.
        progress: show a ``tqdm`` progress bar over the epochs, with the loss and the
            held-out accuracy.
    """
    if epochs < 1 or batch_size < 1:
        raise ValueError(f"epochs and batch_size must be >= 1, got {epochs!r}, {batch_size!r}")
    torch.manual_seed(seed)
    device = torch.device(device)
    model = DigitClassifier(image_size=data.x_train.shape[-1]).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    x, y = data.x_train.to(device), data.y_train.to(device)
    gen = torch.Generator().manual_seed(seed)
    history: dict[str, list[float]] = {"loss": [], "test_accuracy": []}
    bar = tqdm(range(epochs), desc="classifier", unit="epoch", disable=not progress)
    for _ in bar:
        order = torch.randperm(len(x), generator=gen).to(device)
        total = 0.0
        for i in range(0, len(x), batch_size):
            xb, yb = x[order[i:i + batch_size]], y[order[i:i + batch_size]]
            if perturb is not None:
                xb = perturb(model, xb, yb).detach()
            model.train()
            loss = nn.functional.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(xb)
        history["loss"].append(total / len(x))
        history["test_accuracy"].append(accuracy(model, data.x_test.to(device), data.y_test.to(device)))
        bar.set_postfix(loss=f"{history['loss'][-1]:.3f}", test_accuracy=f"{history['test_accuracy'][-1]:.3f}",
                        refresh=False)
    bar.close()
    model.eval()
    return ClassifierResult(model, history["test_accuracy"][-1], history)


#: Where :func:`pretrained_classifier` finds the shipped reference classifier (repository checkout).
CLASSIFIER_CHECKPOINT = Path(__file__).resolve().parents[2] / "checkpoints" / "digits_classifier.pt"


@lru_cache(maxsize=4)
def pretrained_classifier(seed: int = 0) -> ClassifierResult:
    """The reference classifier of the metrics: :func:`train_classifier` on ``load_digits(seed)``.

    For ``seed=0`` it loads the shipped weights ``checkpoints/digits_classifier.pt`` when
    they exist (``weights_only=True``; the same network on every machine, so metric values
    are comparable), else it trains (a few seconds on a CPU). Cached per process: do not
    modify the returned model.
    """
    data = load_digits(seed=seed)
    if seed == 0 and CLASSIFIER_CHECKPOINT.is_file():
        from ..checkpoint import load

        state = load(CLASSIFIER_CHECKPOINT, kind="digits_classifier")
        model = DigitClassifier()
        model.load_state_dict(state["model"])
        model.eval()
        return ClassifierResult(model, accuracy(model, data.x_test, data.y_test), dict(state["history"]))
    return train_classifier(data, seed=seed, progress=False)  # a helper of the metrics: no bar
