"""Showing images: grids of samples and the "real or generated?" quiz.

Plotting takes data and never trains. :func:`tile` arranges a batch ``(N, C, H, W)``
into one picture; :func:`show_grid` draws it; :class:`Quiz` is the logic of the
lecture's *which face is real?* game (testable without a screen) and
:func:`real_or_fake_quiz` its ipywidgets front end.

>>> import torch
>>> tile(torch.zeros(6, 1, 8, 8), ncol=3, pad=1).shape
(17, 26)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
import torch

__all__ = ["tile", "show_grid", "Quiz", "real_or_fake_quiz"]


def tile(x: torch.Tensor | np.ndarray, ncol: int = 8, pad: int = 1, value: float = 0.5) -> np.ndarray:
    """Images ``(N, C, H, W)`` (or ``(N, H, W)``) in $[-1, 1]$ → one array ``(rows·(H+pad)-pad, ...)`` in $[0, 1]$.

    Grey images give a 2-D array, colour images ``(..., 3)``; ``value`` fills the gaps.
    """
    a = x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)
    if a.ndim == 3:
        a = a[:, None]
    if a.ndim != 4 or len(a) == 0:
        raise ValueError(f"expected images (N, C, H, W) with N >= 1, got shape {a.shape}")
    a = np.clip((a + 1) / 2, 0, 1).transpose(0, 2, 3, 1)  # (N, H, W, C) in [0, 1]
    n, h, w, c = a.shape
    ncol = max(1, min(ncol, n))
    nrow = -(-n // ncol)
    out = np.full((nrow * (h + pad) - pad, ncol * (w + pad) - pad, c), value, dtype=float)
    for k in range(n):
        r, q = divmod(k, ncol)
        out[r * (h + pad):r * (h + pad) + h, q * (w + pad):q * (w + pad) + w] = a[k]
    return out[..., 0] if c == 1 else out


def show_grid(x, ax=None, ncol: int = 8, title: str | None = None):
    """Draw :func:`tile` of ``x`` on ``ax`` (a new figure if ``None``); returns the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(ncol * 0.45, max(1, -(-len(x) // ncol)) * 0.45 + 0.3))
    picture = tile(x, ncol=ncol)
    ax.imshow(picture, cmap="gray" if picture.ndim == 2 else None, vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    return ax


@dataclass
class Quiz:
    """Rounds of "which is real?": each round shows one real and one generated image.

    ``real_side[i]`` is 0 when the real image is on the left. :meth:`answer` records a
    guess and returns whether it was right.

    >>> import torch
    >>> q = Quiz(torch.zeros(3, 1, 8, 8), torch.ones(3, 1, 8, 8), seed=0)
    >>> q.answer(q.real_side[0]), q.answer(1 - q.real_side[1]), q.score
    (True, False, (1, 2))
    """

    real: torch.Tensor
    fake: torch.Tensor
    seed: int = 0
    real_side: list[int] = field(init=False)
    correct: list[bool] = field(default_factory=list, init=False)

    def __post_init__(self):
        if len(self.real) == 0 or len(self.real) != len(self.fake):
            raise ValueError(f"need as many real as generated images (>= 1), got {len(self.real)} and {len(self.fake)}")
        self.real_side = np.random.default_rng(self.seed).integers(0, 2, len(self.real)).tolist()

    @property
    def round(self) -> int:
        return len(self.correct)

    @property
    def done(self) -> bool:
        return self.round >= len(self.real)

    @property
    def score(self) -> tuple[int, int]:
        """(right answers, rounds played)."""
        return sum(self.correct), self.round

    def pair(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(left, right) images of the current round."""
        i = self.round
        return (self.real[i], self.fake[i]) if self.real_side[i] == 0 else (self.fake[i], self.real[i])

    def answer(self, side: int) -> bool:
        if self.done:
            raise ValueError(f"the quiz is over after {len(self.real)} rounds")
        if side not in (0, 1):
            raise ValueError(f"side must be 0 (left) or 1 (right), got {side!r}")
        right = side == self.real_side[self.round]
        self.correct.append(right)
        return right


def real_or_fake_quiz(real: torch.Tensor, fake: torch.Tensor, seed: int = 0):
    """An ipywidgets quiz: two images, click the one you think is real; the score updates."""
    import ipywidgets as W

    from .widgets import show_in

    quiz = Quiz(real, fake, seed)
    out, status = W.Output(), W.HTML()
    left, right = W.Button(description="left is real"), W.Button(description="right is real")

    def draw(message: str = ""):
        with show_in(out):
            if not quiz.done:
                fig, axes = plt.subplots(1, 2, figsize=(3.2, 1.8))
                for ax, img, name in zip(axes, quiz.pair(), ("left", "right")):
                    show_grid(img[None], ax=ax, ncol=1, title=name)
                plt.show()
        right_answers, played = quiz.score
        end = " — quiz over" if quiz.done else f" — round {played + 1} of {len(quiz.real)}"
        status.value = f"{message} score: <b>{right_answers}/{played}</b>{end}"

    def on_click(side):
        def handler(_):
            if quiz.done:
                return
            ok = quiz.answer(side)
            draw("✔ right." if ok else "✘ that one was generated.")
        return handler

    left.on_click(on_click(0))
    right.on_click(on_click(1))
    draw()
    box = W.VBox([W.HBox([left, right]), status, out])
    box.quiz = quiz  # the state, for tests and for curious readers
    return box
