# Over 300 lines on purpose: one concept, DQN on Atari — the game as the Nature DQN sees it
# (ale-py under Gymnasium's wrappers, with the checked fast path past ale-py's per-frame copy),
# the Nature CNN and its settings, training, loading and playing; the CLI is atari_cli.
"""DQN on Atari: Gymnasium's preprocessing over ale-py, the Nature CNN and budgets.

:func:`make_atari_env` composes Gymnasium's own wrappers on an ``ale-py`` game (its ROMs
ship with the package): ``AtariPreprocessing`` (up to 30 no-op starts, frame skip 4 with a
max over the last two frames, 84×84 grayscale), then for training only reward clipping
to $[-1, 1]$ and *episodic life* (a lost life ends the learning episode, not the game),
FIRE after a reset in games that need it (Breakout), and ``FrameStackObservation`` (4
frames: a single frame hides the ball's velocity). Evaluation stops at :data:`EVAL_MAX_STEPS`;
:class:`~course_utils.rl.atari_state.Snapshot`, outermost, makes resume exact.

Training reuses :func:`course_utils.rl.dqn.train_dqn` unchanged, with the Nature CNN
:class:`NatureCNN` {Mnih et al. 2015} and :class:`~course_utils.rl.frame_replay.FrameReplay`,
which stores every frame once. Long runs use the command line of
:mod:`course_utils.rl.atari_cli` (runs on CUDA unchanged)::

    python -m course_utils.rl.atari train --game Pong --budget full --out runs/pong

>>> env = make_atari_env("Pong", seed=0)
>>> env.reset(seed=0)[0].shape, env.observation_space.dtype
((4, 84, 84), dtype('uint8'))
"""

from __future__ import annotations

import functools
import os
import sys
import warnings
from dataclasses import dataclass
from typing import ClassVar

import gymnasium as gym
import numpy as np
import torch
from torch import nn

from ..checkpoint import load
from ..video import save_video
from .atari_state import Snapshot
from .dqn import DQNConfig, epsilon_greedy_action, train_dqn
from .frame_replay import FrameReplay, frame_replay_bytes

__all__ = ["make_atari_env", "EpisodicLife", "FireReset", "NatureCNN", "AtariConfig", "train_atari", "load_agent",
           "play_frames", "record_video", "available_memory_bytes", "EVAL_MAX_STEPS"]

#: The agent steps after which an evaluation episode is truncated, the Nature protocol's 5
#: minutes (18,000 frames at frame skip 4); a greedy Breakout agent that never presses FIRE
#: after a lost life would otherwise wait for ALE's 108,000-frame limit (27,000 steps).
EVAL_MAX_STEPS = 4_500


def _positive_int(v) -> bool:
    return not isinstance(v, bool) and isinstance(v, (int, np.integer)) and v > 0


def _register():
    import ale_py

    gym.register_envs(ale_py)


class EpisodicLife(gym.Wrapper):
    """A lost life reports ``terminated=True``, but ``reset`` only restarts a finished game.

    (Gymnasium's ``terminal_on_life_loss`` restarts the whole game at every lost life, so
    the agent would only ever play its first life; this is the classic DQN wrapper.)
    """

    state_attrs = ("lives", "game_over")  #: what a snapshot saves (atari_state)

    def __init__(self, env: gym.Env):
        super().__init__(env)
        self.lives, self.game_over = 0, True

    def step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.game_over = terminated or truncated
        lives = self.env.unwrapped.ale.lives()
        if 0 < lives < self.lives:
            terminated = True
        self.lives = lives
        return obs, reward, terminated, truncated, info

    def reset(self, **kwargs):
        if self.game_over or kwargs.get("seed") is not None:
            obs, info = self.env.reset(**kwargs)
        else:  # continue the same game after a lost life with a no-op step
            obs, _, terminated, truncated, info = self.env.step(0)
            if terminated or truncated:
                obs, info = self.env.reset(**kwargs)
        self.game_over = False
        self.lives = self.env.unwrapped.ale.lives()
        return obs, info


class FireReset(gym.Wrapper):
    """Press FIRE after every reset, for games (Breakout) that wait for it to launch the ball."""

    state_attrs = ()  #: nothing to save: it only acts inside ``reset``

    def reset(self, **kwargs):
        self.env.reset(**kwargs)
        obs, _, terminated, truncated, info = self.env.step(1)  # action 1 is FIRE in these games
        if terminated or truncated:
            obs, info = self.env.reset(**kwargs)
        return obs, info


def make_atari_env(game: str, *, training: bool = True, seed: int | None = None, frame_stack: int = 4,
                   noop_max: int = 30, repeat_action_probability: float = 0.0,
                   render_mode: str | None = None, max_episode_steps: int | None = None) -> gym.Env:
    """An Atari game as DQN sees it: ``(frame_stack, 84, 84)`` uint8 observations.

    Its outermost layer, :class:`~course_utils.rl.atari_state.Snapshot`, saves and restores it exactly.

    Args:
        game: an ALE game name, e.g. ``"Pong"`` or ``"Breakout"`` (id ``ALE/<game>-v5``).
        training: clip rewards and end learning episodes at a lost life (evaluation
            reports the real game score).
        seed: when given, the env's first reset uses it.
        repeat_action_probability: sticky actions (0 as in the Nature paper; Machado et al.
            recommend 0.25).
        render_mode: ``"rgb_array"`` to record videos of the colour screen.
        max_episode_steps: agent steps after which an episode is truncated. The default is
            :data:`EVAL_MAX_STEPS` (4,500 steps = 18,000 frames, 5 minutes) for evaluation
            and none for training, where only ALE's 108,000-frame limit applies.

    Raises:
        ValueError: an unknown game, or a ``max_episode_steps`` that is not a positive integer.

    >>> env = make_atari_env("Breakout", training=False, max_episode_steps=3)
    >>> _ = env.reset(seed=0)
    >>> [env.step(0)[3] for _ in range(3)]  # truncated at the cap
    [False, False, True]
    """
    max_episode_steps = EVAL_MAX_STEPS if max_episode_steps is None and not training else max_episode_steps
    if max_episode_steps is not None and not _positive_int(max_episode_steps):
        raise ValueError(f"max_episode_steps must be a positive integer or None, got {max_episode_steps!r}")
    _register()
    env_id = game if game.startswith("ALE/") else f"ALE/{game}-v5"
    try:
        env = _ale_env(env_id, repeat_action_probability, render_mode)
    except gym.error.Error as err:
        raise ValueError(f"unknown Atari game {game!r} ({err})") from err
    if _fast_obs_problem() is None:
        _skip_base_obs(env.unwrapped)
    env = _preprocess(env, noop_max)
    if training:
        env = EpisodicLife(env)
        env = gym.wrappers.ClipReward(env, -1.0, 1.0)
    if "FIRE" in env.unwrapped.get_action_meanings()[1:2]:
        env = FireReset(env)
    env = gym.wrappers.FrameStackObservation(env, frame_stack)
    if max_episode_steps is not None:  # outside FireReset's own step: it counts agent steps
        env = gym.wrappers.TimeLimit(env, int(max_episode_steps))
    env = Snapshot(env)
    if seed is not None:
        env.reset(seed=seed)
    return env


def _ale_env(env_id: str, repeat_action_probability: float, render_mode: str | None) -> gym.Env:
    return gym.make(env_id, frameskip=1, repeat_action_probability=repeat_action_probability,
                    obs_type="grayscale", render_mode=render_mode, disable_env_checker=True)


def _preprocess(env: gym.Env, noop_max: int) -> gym.Env:
    return gym.wrappers.AtariPreprocessing(env, noop_max=noop_max, frame_skip=4, screen_size=84,
                                           grayscale_obs=True, scale_obs=False)


def _skip_base_obs(base) -> None:
    """AtariPreprocessing reads the screen into its own buffers and never looks at the base env's
    per-frame observation; skipping that copy (4 per agent step) saves ~20% of the time. It
    replaces ale-py's *private* ``AtariEnv._get_obs``: only where :func:`_fast_obs_problem` passed."""
    blank = np.zeros(base.observation_space.shape, np.uint8)
    base._get_obs = lambda: blank


@functools.cache
def _fast_obs_problem() -> str | None:
    """Why the installed ale-py and Gymnasium do not allow :func:`_skip_base_obs` (None: they do).

    Checked once per process on Pong: ale-py's ``AtariEnv`` still has ``_get_obs``, it returns
    the screen, its own reset and step call it, and with it replaced the preprocessed
    observations of one reset and one step (from the same emulator state) are unchanged.
    Otherwise a one-time warning, and every env takes ale-py's public path.
    """
    from ale_py.env import AtariEnv

    _register()
    env = None
    try:
        if not callable(getattr(AtariEnv, "_get_obs", None)):
            raise LookupError("ale_py.env.AtariEnv has no _get_obs")
        env = _ale_env("ALE/Pong-v5", 0.0, None)
        base, pre = env.unwrapped, _preprocess(env, noop_max=0)  # no no-ops: the resets agree
        if not np.array_equal(base._get_obs(), base.ale.getScreenGrayscale()):
            raise LookupError("AtariEnv._get_obs no longer returns the grayscale screen")
        plain = [pre.reset()[0].copy()]
        state = base.ale.cloneState()
        plain.append(pre.step(0)[0].copy())
        _skip_base_obs(base)
        calls, blank = [], base._get_obs
        base._get_obs = lambda: calls.append(1) or blank()
        fast = [pre.reset()[0].copy()]
        base.ale.restoreState(state)
        fast.append(pre.step(0)[0].copy())
        if len(calls) < 2:
            raise LookupError("AtariEnv.reset/step no longer read the observation through _get_obs")
        if not all(np.array_equal(a, b) for a, b in zip(plain, fast)):
            raise LookupError("AtariPreprocessing's observations change without the base env's own")
    except Exception as err:  # an ale-py or Gymnasium this code does not know: take the public path
        warnings.warn(f"make_atari_env: {err}; taking ale-py's public observation path instead of "
                      "replacing AtariEnv._get_obs (about 20% slower)", RuntimeWarning, stacklevel=4)
        return str(err)
    finally:
        if env is not None:
            env.close()
    return None


class NatureCNN(nn.Module):
    """The Nature DQN network: ``(B, 4, 84, 84)`` uint8 frames → ``(B, A)`` action values."""

    def __init__(self, n_actions: int, frame_stack: int = 4):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(frame_stack, 32, 8, stride=4), nn.ReLU(),  # (B, 32, 20, 20)
            nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),  # (B, 64, 9, 9)
            nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(),  # (B, 64, 7, 7)
            nn.Flatten(), nn.Linear(64 * 7 * 7, 512), nn.ReLU(),  # (B, 512)
            nn.Linear(512, n_actions),
        )

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        return self.net(frames.float() / 255.0)


#: Per-budget settings. ``full`` takes CleanRL's dqn_atari.py defaults (not the Nature paper's):
#: 10M agent steps (40M frames), a 1M-transition replay, a target refresh every 1,000 steps.
@dataclass
class AtariConfig(DQNConfig):
    """:class:`~course_utils.rl.dqn.DQNConfig` with settings for an Atari game (CleanRL's
    dqn_atari.py optimiser, Adam 1e-4; a Huber loss; γ 0.99; gradient clipping at 10);
    ``env_id`` is the game's name.

    >>> cfg = AtariConfig.preset("smoke", env_id="Breakout")
    >>> cfg.env_id, cfg.total_steps, cfg.loss, cfg.eval_max_steps
    ('Breakout', 1500, 'huber', 4500)
    """

    env_id: str = "Pong"
    learning_rate: float = 1e-4
    start_e: float = 1.0
    max_grad_norm: float = 10.0
    loss: str = "huber"
    hidden: tuple[int, ...] = ()
    eval_max_steps: int = EVAL_MAX_STEPS
    """Agent steps after which an evaluation episode is cut (:data:`EVAL_MAX_STEPS`, the
    Nature protocol's 5 minutes); the periodic and the CLI's final evaluations use it."""

    def validate(self) -> AtariConfig:
        """Raise ``ValueError`` naming the first bad field; return ``self``."""
        if not _positive_int(self.eval_max_steps):
            raise ValueError(f"eval_max_steps must be a positive integer, got {self.eval_max_steps!r}")
        return super().validate()

    #: budget -> settings, read by :meth:`~course_utils.rl.dqn.DQNConfig.preset`.
    PRESETS: ClassVar[dict[str, dict]] = {
        "smoke": dict(total_steps=1_500, buffer_size=2_000, learning_starts=500, train_every=4,
                              gradient_steps=1, target_update_every=250, batch_size=32, eval_every=0,
                              eval_episodes=1, exploration_fraction=0.5, end_e=0.1),
        "standard": dict(total_steps=100_000, buffer_size=100_000, learning_starts=10_000, train_every=4,
                         gradient_steps=1, target_update_every=1_000, batch_size=32, eval_every=25_000,
                         eval_episodes=1, exploration_fraction=0.5, end_e=0.05, log_every=250),
        "full": dict(total_steps=10_000_000, buffer_size=1_000_000, learning_starts=80_000, train_every=4,
                     gradient_steps=1, target_update_every=1_000, batch_size=32, eval_every=250_000,
                     eval_episodes=5, exploration_fraction=0.1, end_e=0.01, log_every=2_500),
    }


def load_agent(path, device="cpu") -> NatureCNN:
    """The Nature CNN saved by the CLI (``model_fp16.pt``), in float32 on ``device``."""
    state = load(path, kind="atari_model")
    weights = {k: v.float() for k, v in state["q"].items()}
    model = NatureCNN(weights["net.9.weight"].shape[0], weights["net.0.weight"].shape[1])
    model.load_state_dict(weights)
    return model.to(device).eval()


def available_memory_bytes() -> int | None:
    """Available RAM (Linux ``MemAvailable``; else total physical memory; None if unknown)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def train_atari(config: AtariConfig, *, device="cpu", checkpoint_path=None, checkpoint_every: int = 0,
                resume=None, until_step=None, on_eval=None, progress: bool = True, log=print):
    """Train DQN on ``config.env_id`` (a game name) with :func:`~course_utils.rl.dqn.train_dqn`.

    The replay's memory is estimated and logged first; a run whose replay would not fit in
    the available RAM is refused with a ``MemoryError`` before anything is allocated.
    """
    need = frame_replay_bytes(config.buffer_size, (84, 84), config.num_envs)
    have = available_memory_bytes()
    log(f"replay memory: {config.buffer_size:,} transitions, frames stored once: {need / 2**30:.2f} GiB"
        + (f" (available: {have / 2**30:.1f} GiB)" if have else ""))
    if have is not None and need > have:
        raise MemoryError(f"the replay needs {need / 2**30:.1f} GiB but only {have / 2**30:.1f} GiB "
                          "is available; lower buffer_size")
    game, cap = config.env_id, config.eval_max_steps
    return train_dqn(
        config, device=device,
        env_fn=lambda i: make_atari_env(game, training=True),
        eval_env_fn=lambda i: make_atari_env(game, training=False, max_episode_steps=cap),
        q_network_fn=lambda cfg, space, n: NatureCNN(n, space.shape[0]),
        replay_fn=lambda cfg, space, seed: FrameReplay(cfg.buffer_size if cfg.replay else cfg.batch_size,
                                                       space.shape[1:], cfg.num_envs, seed),
        checkpoint_path=checkpoint_path, checkpoint_every=checkpoint_every, resume=resume,
        until_step=until_step, on_eval=on_eval, progress=progress)


def play_frames(model: nn.Module, game: str, *, device="cpu", max_steps: int = 3_000, seed: int = 0,
                epsilon: float = 0.0):
    """RGB frames and the score of one (greedy or ε-greedy) game, capped at ``max_steps`` steps."""
    env = make_atari_env(game, training=False, render_mode="rgb_array")
    obs, _ = env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    frames, score = [env.render()], 0.0
    for _ in range(max_steps):
        action = epsilon_greedy_action(model, obs, env.action_space.n, epsilon, rng, device)
        obs, r, term, trunc, _ = env.step(action)
        score += float(r)
        frames.append(env.render())
        if term or trunc:
            break
    env.close()
    return frames, score


def record_video(model: nn.Module, game: str, path, *, device="cpu", max_steps: int = 3_000, seed: int = 0):
    """Play one game greedily and write it to ``path`` (``.webm``: plays in browsers; a GIF without OpenCV)."""
    frames, _ = play_frames(model, game, device=device, max_steps=max_steps, seed=seed)
    return save_video(frames, path, fps=30)


if __name__ == "__main__":  # ``python -m course_utils.rl.atari``: the CLI lives in atari_cli
    from .atari_cli import main

    sys.exit(main())
