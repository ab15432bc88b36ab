"""course_utils: the companion package of *rl-gan-course*.

Notebooks hold the teaching; this package holds the code worth reusing and testing.
Import it as ``import course_utils as cu``. Submodules (``cu.mdp``, ``cu.dp``, ...)
load lazily on first attribute access, so ``import course_utils`` stays fast and a
chapter only pays for what it uses.

>>> import course_utils as cu
>>> cu.budget() in {"smoke", "standard", "full"}
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._core import BUDGETS, budget, by_budget, free_cores, get_device, set_seed, use_free_cores

__version__ = "0.1.0"

# Submodules that ``cu.<name>`` resolves lazily. A new chapter module only needs a line here.
_SUBMODULES = (
    "mdp",
    "gridworld",
    "plotting",
    "widgets",
    "exercises",
    "colab",
    "checkpoint",
    "dp",
    "grid_exercises", "grid_editor",
    "tabular",
    "tabular_plots",
    "replay",
    "dqn",
    "atari",
    "frame_replay",
    "animation",
    "games",
    "game_search",
    "game_plots",
    "saddle",
    "gan",
    "dcgan",
    "digits",
    "deconv",
    "images",
    "gaming",
    "gaming_plots",
    "adversarial",
)

__all__ = ["BUDGETS", "budget", "by_budget", "free_cores", "get_device", "set_seed", "use_free_cores",
           *_SUBMODULES]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'course_utils' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SUBMODULES))


if TYPE_CHECKING:  # pragma: no cover - for editors and type checkers only
    from . import dp, gridworld, mdp, plotting  # noqa: F401
