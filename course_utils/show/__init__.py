"""Every figure and widget of the course: plots, animations, playgrounds, editors, quizzes.

These modules take data and draw it; they never train (the computing parts,
:mod:`course_utils.rl`, :mod:`~course_utils.games`, :mod:`~course_utils.gan` and
:mod:`~course_utils.safety`, return results; this package shows them). They import
matplotlib and ipywidgets, which is why nothing in the computing parts imports them.

>>> import course_utils as cu
>>> cu.show.plotting is cu.plotting
True
"""

from .._core import lazy_submodules

MODULES = ("plotting", "widgets", "animation", "tabular_plots", "game_plots", "gaming_plots",
           "grid_editor", "images", "saddle_plots", "gan_plot", "gan_playground", "translation")
__getattr__, __dir__ = lazy_submodules(__name__, MODULES)
