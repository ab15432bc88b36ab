"""Chapter 10's exercise kinds: a tutor edits a world's reward in a YAML file, value iteration answers.

A file under ``exercises/10_specification_gaming/`` names a world, a reward variant and the
reward's parameters (any of :data:`course_utils.safety.worlds.WORLDS`; omitted ones keep their
defaults)::

    kind: gaming.behaviour      # or gaming.performance
    title: A smaller turbo bonus
    question: Does the boat still loop?
    world: boat_race            # boat_race | pause_game | absent_supervisor
    variant: flawed             # flawed (default) | fixed
    reward: {bonus: 0.5}

* ``gaming.behaviour``: ``gaming`` if the reward-optimal policy loses true performance
  (:attr:`GamingReport.gaming <course_utils.safety.gaming.GamingReport.gaming>`), else ``intended``;
* ``gaming.performance``: a number, that policy's expected true performance in one episode.

>>> from course_utils.exercises import from_dict
>>> ex = from_dict({"kind": "gaming.behaviour", "title": "t", "question": "q",
...                 "world": "boat_race", "reward": {"bonus": 0.5}})
>>> sorted(ex.answer()), ex.check("gaming").correct
(['intended'], False)
"""

from __future__ import annotations

from ..safety.gaming import GamingReport, analyse
from ..safety.worlds import VARIANTS, WORLDS, GamingWorld, make_world
from .core import NUMBER, ExerciseError, Kind, choice

__all__ = ["world_of", "report_of", "KINDS"]


def world_of(ex) -> GamingWorld:
    if "world" not in ex.cache:
        name = ex.get("world", str, check=lambda n: n in WORLDS, expected=f"one of {sorted(WORLDS)}")
        variant = ex.get("variant", str, "flawed", check=lambda v: v in VARIANTS, expected=f"one of {VARIANTS}")
        reward = ex.get("reward", dict, {})
        try:
            ex.cache["world"] = make_world(name, variant, **reward)
        except ValueError as err:
            raise ExerciseError(ex.path, "reward", str(err)) from None
    return ex.cache["world"]


def report_of(ex) -> GamingReport:
    if "report" not in ex.cache:
        ex.cache["report"] = analyse(world_of(ex))
    return ex.cache["report"]


_SPELLINGS = {"gaming": "gaming", "games": "gaming", "loophole": "gaming", "cheats": "gaming",
              "intended": "intended", "as intended": "intended", "ok": "intended"}
_FIELDS = ("world", "variant", "reward")


def behaviour(ex) -> frozenset:
    """``gaming`` if the reward-optimal policy loses true performance, else ``intended``."""
    return frozenset({"gaming" if report_of(ex).gaming else "intended"})


def performance(ex) -> float:
    """The reward-optimal policy's expected true performance in one episode."""
    return report_of(ex).performance


#: The kinds of this module (drawn by :func:`course_utils.exercises.widget.draw_gaming_exercise`).
KINDS = (
    Kind("gaming.behaviour", behaviour, choice(_SPELLINGS), _FIELDS, world_of),
    Kind("gaming.performance", performance, NUMBER, _FIELDS, world_of),
)
