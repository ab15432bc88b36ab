"""course_utils: the companion package of *rl-gan-course*.

Notebooks hold the teaching; this package holds the code worth reusing and testing.
Import it as ``import course_utils as cu``. The package has one folder a part of the
course (``rl``, ``games``, ``gan``, ``safety``), one for every figure and widget
(``show``) and one for the tutor-editable exercises (``exercises``). The short names
(``cu.mdp``, ``cu.dqn``, ``cu.gaming``, ...) are the package's face: each names the module
of a subpackage (``cu.dqn`` is ``course_utils.rl.dqn``) and loads lazily on first
attribute access, so ``import course_utils`` stays fast and a chapter only pays for what
it uses.

>>> import course_utils as cu
>>> cu.budget() in {"smoke", "standard", "full"}
True
>>> cu.dqn.__name__
'course_utils.rl.dqn'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._core import BUDGETS, budget, by_budget, get_device, set_seed
from .threads import free_cores, use_free_cores

__version__ = "0.1.0"

# Short name -> module, relative to the package. A new chapter module needs a line here.
SHORT_NAMES = {
    # the parts themselves
    "rl": "rl", "games": "games", "gan": "gan", "safety": "safety", "show": "show",
    "exercises": "exercises",
    # core files
    "checkpoint": "checkpoint", "colab": "colab", "video": "video", "threads": "threads",
    # reinforcement learning (chapters 01-05)
    "mdp": "rl.mdp", "gridworld": "rl.gridworld", "dp": "rl.dp", "tabular": "rl.tabular",
    "tabular_eval": "rl.tabular_eval", "replay": "rl.replay", "frame_replay": "rl.frame_replay",
    "dqn": "rl.dqn", "atari": "rl.atari", "minatar": "rl.minatar",
    # games (chapter 06)
    "game_search": "games.search", "saddle": "games.saddle",
    # GANs (chapters 07-09)
    "dcgan": "gan.dcgan", "deconv": "gan.deconv", "digits": "gan.digits",
    "digit_metrics": "gan.digit_metrics",
    # image-to-image GANs (chapter 10)
    "paired": "gan.paired", "pix2pix": "gan.pix2pix", "cyclegan": "gan.cyclegan", "faceswap": "gan.faceswap",
    "style": "gan.style", "translators": "gan.translators",
    # a word of warning (chapters 11-12)
    "gaming": "safety.gaming", "adversarial": "safety.adversarial",
    # figures and widgets
    "plotting": "show.plotting", "widgets": "show.widgets", "animation": "show.animation",
    "tabular_plots": "show.tabular_plots", "game_plots": "show.game_plots",
    "gaming_plots": "show.gaming_plots", "grid_editor": "show.grid_editor",
    "images": "show.images", "saddle_plots": "show.saddle_plots", "gan_plot": "show.gan_plot", "gan_playground": "show.gan_playground",
    "translation": "show.translation",
    # exercise kinds
    "grid_exercises": "exercises.grid",
}

__all__ = ["BUDGETS", "budget", "by_budget", "free_cores", "get_device", "set_seed", "use_free_cores",
           *SHORT_NAMES]


def __getattr__(name: str) -> Any:
    if name in SHORT_NAMES:
        module = importlib.import_module(f".{SHORT_NAMES[name]}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'course_utils' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(SHORT_NAMES))


if TYPE_CHECKING:  # pragma: no cover - for editors and type checkers only
    from . import exercises, games, gan, rl, safety, show  # noqa: F401
    from .rl import dp, gridworld, mdp  # noqa: F401
    from .show import plotting  # noqa: F401
