"""Chapter 10's exercise kinds: a tutor edits a world's reward in a YAML file, value iteration answers.

A file under ``exercises/10_specification_gaming/`` names a world, a reward variant and the
reward's parameters (any of :data:`course_utils.gaming.WORLDS`; omitted ones keep their
defaults)::

    kind: gaming.behaviour      # or gaming.performance
    title: A smaller turbo bonus
    question: Does the boat still loop?
    world: boat_race            # boat_race | pause_game | absent_supervisor
    variant: flawed             # flawed (default) | fixed
    reward: {bonus: 0.5}

* ``gaming.behaviour``: ``gaming`` if the reward-optimal policy loses true performance
  (:attr:`GamingReport.gaming <course_utils.gaming.GamingReport.gaming>`), else ``intended``;
* ``gaming.performance``: a number, that policy's expected true performance in one episode.

>>> from course_utils.exercises import from_dict
>>> ex = from_dict({"kind": "gaming.behaviour", "title": "t", "question": "q",
...                 "world": "boat_race", "reward": {"bonus": 0.5}})
>>> sorted(ex.answer()), ex.check("gaming").correct
(['intended'], False)
"""

from __future__ import annotations

from .exercises import NUMBER, ExerciseError, choice, register_kind
from .gaming import VARIANTS, WORLDS, GamingReport, GamingWorld, analyse, make_world, walk
from .gaming_plots import draw_behaviour


def _world_of(ex) -> GamingWorld:
    if "world" not in ex.cache:
        name = ex.get("world", str, check=lambda n: n in WORLDS, expected=f"one of {sorted(WORLDS)}")
        variant = ex.get("variant", str, "flawed", check=lambda v: v in VARIANTS, expected=f"one of {VARIANTS}")
        reward = ex.get("reward", dict, {})
        try:
            ex.cache["world"] = make_world(name, variant, **reward)
        except ValueError as err:
            raise ExerciseError(ex.path, "reward", str(err)) from None
    return ex.cache["world"]


def _report_of(ex) -> GamingReport:
    if "report" not in ex.cache:
        ex.cache["report"] = analyse(_world_of(ex))
    return ex.cache["report"]


def _draw_exercise(ex, ax) -> None:
    world = _world_of(ex)
    draw_behaviour(world, walk(world, _report_of(ex).policy), ax=ax, title=f"{world.name} ({world.variant})")


def _register_kinds() -> None:
    fields = ("world", "variant", "reward")
    spell = {"gaming": "gaming", "games": "gaming", "loophole": "gaming", "cheats": "gaming",
             "intended": "intended", "as intended": "intended", "ok": "intended"}
    register_kind("gaming.behaviour", answer=choice(spell), fields=fields, validate=_world_of,
                  draw=_draw_exercise)(lambda ex: frozenset({"gaming" if _report_of(ex).gaming else "intended"}))
    register_kind("gaming.performance", answer=NUMBER, fields=fields, validate=_world_of,
                  draw=_draw_exercise)(lambda ex: _report_of(ex).performance)


_register_kinds()
