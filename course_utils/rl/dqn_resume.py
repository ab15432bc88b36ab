"""Exact resume of a DQN run: what :func:`course_utils.rl.dqn.train_dqn` writes to a
checkpoint, how it checks one, and how it puts a run back where it stopped.

A run is resumed *exactly* (a run split by a checkpoint equals the straight run), so a
checkpoint holds everything the loop reads: the networks, the optimizer, the replay's
contents, every random generator, the histories, the best evaluation so far, the training
phases not yet logged, and for each environment copy its current episode (seed, the
generator state it began with and the actions taken). A Gymnasium env cannot be pickled:
an env that offers ``snapshot()`` and ``restore(state) -> obs`` (every env of
:func:`course_utils.rl.atari.make_atari_env`: the emulator with its RNG and each wrapper's
state) is stored that way and restored as it was; any other env is reset as its episode
began and its actions replayed, which is exact when the episode is the env's whole story
since that reset (CartPole; not a Breakout life, whose game began episodes earlier). The
loop's own state travels as one dict (:func:`new_run`).

>>> run = new_run(seed=0, num_envs=2, history_keys=("loss",))
>>> run["step"], [e["seed"] for e in run["episodes"]]
(0, [0, 1])
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import torch

from .. import checkpoint as ckpt
from .replay import generator_state, set_generator_state

__all__ = ["CHECKPOINT_KEYS", "config_dict", "new_run", "load_run", "restore_run", "save_run",
           "env_snapshot", "restore_env"]

CHECKPOINT_KEYS = ("config", "step", "q", "q_target", "optimizer", "replay", "rng_explore", "rng_global",
                   "history", "best_eval", "best_q", "pending", "episodes")


def config_dict(config) -> dict[str, Any]:
    """A config as the plain dict stored in (and compared with) a checkpoint."""
    d = dataclasses.asdict(config)
    d["hidden"] = list(d["hidden"])
    return d


def new_run(seed: int, num_envs: int, history_keys: tuple[str, ...]) -> dict[str, Any]:
    """The loop's state at step 0: empty histories, no best network, fresh episodes."""
    return {"history": {k: [] for k in history_keys}, "best_eval": -math.inf, "best_q": None,
            "pending": {"loss": [], "q_mean": []},  # training phases not yet logged (log_every > 1)
            "step": 0,
            "episodes": [{"seed": seed + i, "start_rng": None, "actions": [], "return": 0.0, "length": 0}
                         for i in range(num_envs)]}


def load_run(path: str | Path, config) -> dict[str, Any]:
    """Read a checkpoint of :func:`~course_utils.rl.dqn.train_dqn` and check it fits ``config``.

    Raises:
        ValueError: the file is not such a checkpoint, or was written with another config
            (the message names every differing field).
    """
    state = ckpt.load(path, kind="dqn")
    missing = [k for k in CHECKPOINT_KEYS if k not in state]
    if missing:
        raise ValueError(f"checkpoint {path} lacks {', '.join(missing)}: not written by train_dqn")
    diff = ckpt.config_diff(state["config"], config_dict(config))
    if diff:
        raise ValueError(f"checkpoint {path} was written with a different config: "
                         + ", ".join(f"{k}={saved!r} (given {mine!r})" for k, (saved, mine) in diff.items()))
    return state


def env_snapshot(env: gym.Env) -> dict[str, Any] | None:
    """``env.snapshot()`` for an env that can save its exact state (outermost layer), else None."""
    snapshot = getattr(env, "snapshot", None)
    return snapshot() if callable(snapshot) else None


def restore_env(env: gym.Env, seed: int, episode: dict[str, Any]):
    """Put ``env`` back mid-episode and return its observation: from the episode's snapshot
    when it has one (exact), else reset as the episode began and replay its actions."""
    if episode.get("env_state") is not None:
        return env.restore(episode["env_state"])
    obs, _ = env.reset(seed=seed)
    if episode["start_rng"] is not None:
        set_generator_state(env.unwrapped.np_random, episode["start_rng"])
        obs, _ = env.reset()
    for a in episode["actions"]:
        obs, *_ = env.step(int(a))
    return obs


def restore_run(state: dict[str, Any], *, q, q_target, optimizer, replay, rng: np.random.Generator,
                envs: list[gym.Env], target_network: bool):
    """Load ``state`` into the networks, optimizer, replay and generators (in place) and
    return the loop's state (as :func:`new_run`) and the envs' current observations ``(E, *obs)``."""
    q.load_state_dict(state["q"])
    if target_network:
        q_target.load_state_dict(state["q_target"])
    optimizer.load_state_dict(state["optimizer"])
    replay.load_state_dict(state["replay"])
    set_generator_state(rng, state["rng_explore"])
    ckpt.set_rng_state(state["rng_global"])
    run = {"history": {k: list(v) for k, v in state["history"].items()},
           "best_eval": float(state["best_eval"]), "best_q": state["best_q"],
           "pending": {k: list(v) for k, v in state["pending"].items()},
           "step": int(state["step"]),
           "episodes": [{**e, "actions": list(e["actions"].tolist())} for e in state["episodes"]]}
    obs = np.stack([restore_env(env, e["seed"], e) for env, e in zip(envs, run["episodes"])])
    for e in run["episodes"]:  # the snapshot was of that moment only
        e.pop("env_state", None)
    return run, obs


def save_run(path: str | Path, run: dict[str, Any], *, config, q, q_target, optimizer, replay,
             rng: np.random.Generator, envs: list[gym.Env]) -> None:
    """Write the run atomically to ``path`` (overwriting the previous checkpoint), with each
    env's snapshot (:func:`env_snapshot`) beside its episode."""
    episodes = [{**e, "actions": torch.tensor(e["actions"], dtype=torch.int64), "env_state": env_snapshot(env)}
                for e, env in zip(run["episodes"], envs)]
    ckpt.save({
        "kind": "dqn", "config": config_dict(config), "step": run["step"],
        "q": q.state_dict(), "q_target": q_target.state_dict(), "optimizer": optimizer.state_dict(),
        "replay": replay.state_dict(), "rng_explore": generator_state(rng), "rng_global": ckpt.rng_state(),
        "history": {k: list(v) for k, v in run["history"].items()}, "best_eval": run["best_eval"],
        "best_q": run["best_q"], "pending": run["pending"],
        "episodes": episodes,
    }, path, overwrite=True)
