"""Reinforcement learning (chapters 01-05): MDPs as arrays, dynamic programming, tabular
TD control, replay, DQN and its Atari setting.

Modules load on first access (``course_utils.rl.dqn``); the short names at the top of
the package (``cu.mdp``, ``cu.dqn``, ...) point here. Nothing here plots: figures and
widgets live in :mod:`course_utils.show`.

>>> import course_utils as cu
>>> cu.rl.dp is cu.dp
True
"""

from .._core import lazy_submodules

MODULES = ("mdp", "gridworld", "dp", "tabular", "tabular_eval", "replay", "frame_replay", "dqn", "dqn_resume",
           "atari", "atari_state", "atari_cli", "minatar")
__getattr__, __dir__ = lazy_submodules(__name__, MODULES)
