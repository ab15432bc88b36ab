"""Chapter 11's exercise kinds: a tutor edits a world's reward in a YAML file, value iteration answers.

A file under ``exercises/11_specification_gaming/`` names a world, a reward variant and the
reward's parameters (any of :data:`course_utils.safety.worlds.WORLDS`; omitted ones keep their
defaults)::

    kind: gaming.behaviour      # or gaming.performance
    title: A smaller turbo bonus
    question: Does the boat still loop?
    world: boat_race            # boat_race | pause_game | absent_supervisor
    variant: flawed             # flawed (default) | fixed
    reward: {bonus: 0.5}

Reward parameters are finite numbers; the pause game's ``height`` is an integer from 3 to
``MAX_HEIGHT``; ``gamma`` is in (0, 1], and 1 only where every episode ends and no loop
pays (the absent supervisor; the boat race's looping bonus and the endless pause game need
``gamma < 1``), checked when the file loads.

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

__all__ = ["MAX_HEIGHT", "world_of", "report_of", "KINDS"]


#: Tallest stack of the pause game a file may ask for (the chapter's is 4).
MAX_HEIGHT = 50


def _reward(ex, name: str) -> dict:
    """The ``reward`` section, each parameter checked under its own field name."""
    defaults = WORLDS[name]
    reward = {}
    for key in ex.get("reward", dict, {}):
        if key not in defaults:
            raise ExerciseError(ex.path, "reward", f"unknown reward parameter {key!r} of {name} "
                                f"(allowed: {', '.join(sorted(defaults))})")
        reward[key] = ex.get(f"reward.{key}", float)
    if "height" in reward:
        ex.get("reward.height", float, check=lambda h: h == int(h) and 3 <= h <= MAX_HEIGHT,
               expected=f"an integer from 3 to {MAX_HEIGHT}")
        reward["height"] = int(reward["height"])
    ex.get("reward.gamma", float, 0.0, check=lambda g: 0 < g <= 1, expected="a number in (0, 1]")
    return reward


def world_of(ex) -> GamingWorld:
    """The exercise's world; a parameter the world refuses is an error of that parameter's field."""
    if "world" not in ex.cache:
        name = ex.get("world", str, check=lambda n: n in WORLDS, expected=f"one of {sorted(WORLDS)}")
        variant = ex.get("variant", str, "flawed", check=lambda v: v in VARIANTS, expected=f"one of {VARIANTS}")
        reward = _reward(ex, name)
        try:
            ex.cache["world"] = make_world(name, variant, **reward)
        except ValueError as err:
            key = next((k for k in WORLDS[name] if k in str(err)), None)
            raise ExerciseError(ex.path, f"reward.{key}" if key else "reward", str(err)) from None
    return ex.cache["world"]


def _validate(ex) -> None:
    """Build the world and solve it now, so that a reward no policy can optimise (gamma = 1 with
    a loop that pays) is refused when the file loads, naming ``reward.gamma``, not at ``check()``."""
    world = world_of(ex)
    err = ex.solving_error()
    if err is not None:
        gamma = world.params["gamma"]
        if gamma < 1:
            raise ExerciseError(ex.path, "reward", str(err)) from None
        given = "" if "gamma" in ex.get("reward", dict, {}) else f" (the default of {world.name})"
        raise ExerciseError(ex.path, "reward.gamma", f"gamma = 1{given} sums rewards without discount, "
                            f"which needs every episode to end and no loop that pays: {err}") from None


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
    Kind("gaming.behaviour", behaviour, choice(_SPELLINGS), _FIELDS, _validate),
    Kind("gaming.performance", performance, NUMBER, _FIELDS, _validate),
)
