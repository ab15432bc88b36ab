"""A word of warning (chapters 11-12): specification-gaming worlds and adversarial examples.

>>> import course_utils as cu
>>> cu.safety.adversarial is cu.adversarial
True
"""

from .._core import lazy_submodules

MODULES = ("worlds", "gaming", "adversarial")
__getattr__, __dir__ = lazy_submodules(__name__, MODULES)
