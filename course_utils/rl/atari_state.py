"""Exact snapshots of an Atari env: the emulator and every wrapper's state, in a checkpoint.

A Gymnasium env cannot be pickled, and replaying a Breakout game from a fresh start is
not the same game (episodic life makes a learning episode one *life*, so the game began
several episodes ago). :class:`Snapshot`, the outermost layer of
:func:`course_utils.rl.atari.make_atari_env`, instead reads the whole stack:

* the emulator, with ``ale.cloneState(include_rng=True)`` (RAM, CPU and TIA registers,
  frame counters towards the 108,000-frame limit, the last action for sticky actions and
  ALE's own random generator), stored as the uint8 tensor of its serialised bytes;
* the env's NumPy generator (it draws the no-op starts);
* each wrapper's own attributes, named in :data:`LAYER_STATE` (or, for the course's
  wrappers, in their ``state_attrs``): the frame stack, the max-pool frame buffer, the
  episodic-life counters, the time limit's step count, the reset-before-step flag.

Everything is a tensor, number or list, so ``torch.load(weights_only=True)`` reads it. A
layer nobody described is refused with a ``ValueError`` rather than resumed inexactly.

>>> from course_utils.rl.atari import make_atari_env
>>> env, twin = make_atari_env("Pong", seed=0), make_atari_env("Pong")
>>> for _ in range(5):
...     _ = env.step(2)
>>> obs = twin.restore(env.snapshot())
>>> all(np.array_equal(env.step(3)[0], twin.step(3)[0]) for _ in range(20))
True
"""

from __future__ import annotations

from collections import deque
from typing import Any

import ale_py
import gymnasium as gym
import numpy as np
import torch
from gymnasium.wrappers.common import OrderEnforcing

from .replay import generator_state, set_generator_state

__all__ = ["Snapshot", "LAYER_STATE", "layers"]

#: Gymnasium wrapper -> the attributes it changes while it runs (its settings are rebuilt
#: by ``make_atari_env``); the course's own wrappers name theirs in ``state_attrs``.
LAYER_STATE: dict[type, tuple[str, ...]] = {
    gym.wrappers.FrameStackObservation: ("obs_queue", "padding_value", "stacked_obs"),  # + its out= buffer
    gym.wrappers.AtariPreprocessing: ("obs_buffer", "lives", "game_over"),
    gym.wrappers.ClipReward: (),
    gym.wrappers.TimeLimit: ("_elapsed_steps",),
    OrderEnforcing: ("_has_reset",),
}


def layers(env: gym.Env):
    """The wrappers of ``env`` from the outside in, then the unwrapped env."""
    while isinstance(env, gym.Wrapper):
        yield env
        env = env.env
    yield env


def _attrs(layer) -> tuple[str, ...]:
    if isinstance(layer, Snapshot):
        return ("last_obs",)
    if hasattr(type(layer), "state_attrs"):
        return type(layer).state_attrs
    if type(layer) not in LAYER_STATE:
        raise ValueError(f"cannot snapshot the wrapper {type(layer).__name__}: its state is unknown "
                         "(add it to atari_state.LAYER_STATE, or give it state_attrs)")
    return LAYER_STATE[type(layer)]


def _pack(value):
    """A wrapper attribute in a ``weights_only``-safe form (arrays and frame queues as tensors)."""
    if isinstance(value, np.ndarray):
        return torch.from_numpy(value.copy())
    if isinstance(value, (list, deque)):
        return torch.from_numpy(np.stack(value))  # (N, *frame)
    if isinstance(value, (np.bool_, np.integer, np.floating)):
        return value.item()
    if value is None or isinstance(value, (bool, int, float)):
        return value
    raise ValueError(f"cannot snapshot a wrapper attribute of type {type(value).__name__}")


def _unpack(saved, current):
    """``saved`` back in the container ``current`` has (a deque keeps its ``maxlen``)."""
    if not isinstance(saved, torch.Tensor):
        return saved
    frames = saved.numpy()
    if isinstance(current, deque):
        return deque([f.copy() for f in frames], maxlen=current.maxlen)
    if isinstance(current, list):
        return [f.copy() for f in frames]
    return frames.copy()


class Snapshot(gym.Wrapper):
    """The outermost layer of an Atari env: ``snapshot()`` and ``restore()`` of the stack.

    It changes nothing in ``step`` and ``reset`` but remembers the last observation, which
    ``restore()`` returns (the loop carries on from it).
    """

    def __init__(self, env: gym.Env):
        super().__init__(env)
        self.last_obs = None

    def reset(self, **kwargs):
        obs, info = self.env.reset(**kwargs)
        self.last_obs = obs
        return obs, info

    def step(self, action):
        obs, *rest = self.env.step(action)
        self.last_obs = obs
        return obs, *rest

    def snapshot(self) -> dict[str, Any]:
        """The whole env's state: emulator (with its RNG), generator and every wrapper's attributes.

        Raises:
            ValueError: a layer of the stack has no known state (see :data:`LAYER_STATE`).
        """
        base = self.unwrapped
        if not isinstance(base, ale_py.AtariEnv):
            raise ValueError(f"Snapshot needs an ale-py AtariEnv inside, got {type(base).__name__}")
        ale_bytes = base.ale.cloneState(include_rng=True).serialize()
        wrappers = [{name: _pack(getattr(layer, name)) for name in _attrs(layer)}
                    for layer in list(layers(self))[:-1]]
        return {"ale": torch.frombuffer(bytearray(ale_bytes), dtype=torch.uint8).clone(),
                "np_random": generator_state(base.np_random), "np_random_seed": int(base.np_random_seed),
                "wrappers": wrappers}

    def restore(self, state: dict[str, Any]):
        """Put the env exactly where ``snapshot()`` found it (any env that ``make_atari_env``
        built with the same arguments) and return the current observation.

        Raises:
            ValueError: the snapshot comes from an env with other wrappers.
        """
        stack = list(layers(self))
        if len(state["wrappers"]) != len(stack) - 1 or any(
                set(saved) != set(_attrs(layer)) for saved, layer in zip(state["wrappers"], stack)):
            raise ValueError("the snapshot was taken from an env with other wrappers: "
                             f"{[sorted(s) for s in state['wrappers']]} vs "
                             f"{[type(layer).__name__ for layer in stack[:-1]]}")
        base = self.unwrapped
        base.ale.restoreState(ale_py.ALEState(state["ale"].numpy().tobytes()))
        set_generator_state(base.np_random, state["np_random"])
        base._np_random_seed = state["np_random_seed"]
        for saved, layer in zip(state["wrappers"], stack):
            for name, value in saved.items():
                setattr(layer, name, _unpack(value, getattr(layer, name)))
        return self.last_obs
