"""DQN from pixels on a laptop: MinAtar's five games {Young & Tian 2019} with the course's DQN.

MinAtar re-implements Breakout, Space Invaders, Freeway, Asterix and Seaquest on a 10×10
board; a frame is a stack of binary channels, one per kind of object (paddle, ball, trail,
bricks for Breakout), so the game keeps Atari's difficulties (pixels in, delayed reward,
exploration) without the 84×84 images and the emulator. The paper's DQN learns Breakout in
well under a million frames, which a laptop CPU can afford.

:func:`~course_utils.rl.minatar.make_minatar_env` wraps a MinAtar game as a Gymnasium env:
observations ``(channels, 10, 10)`` as ``uint8`` (channels first, as PyTorch's convolutions
want), all six actions (the paper's setting), sticky actions with probability 0.1 and difficulty
ramping as in the paper, and the game's randomness drawn from the env's own generator so that a
seed fixes an episode. :class:`~course_utils.rl.minatar.MinAtarCNN` is the paper's network (one
3×3 convolution with 16 filters, 128 hidden units), and
:func:`~course_utils.rl.minatar.train_minatar` runs :func:`course_utils.rl.dqn.train_dqn`
unchanged on it: the same loop, replay and target network as CartPole and Atari.

>>> env = make_minatar_env("breakout")
>>> obs, _ = env.reset(seed=0)
>>> obs.shape, obs.dtype, int(env.action_space.n)
((4, 10, 10), dtype('uint8'), 6)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import gymnasium as gym
import numpy as np
import torch
from torch import nn

from ..checkpoint import load
from .dqn import DQNConfig, epsilon_greedy_action, train_dqn
from .replay import ReplayBuffer

__all__ = ["GAMES", "MinAtarEnv", "make_minatar_env", "MinAtarCNN", "MinAtarConfig", "train_minatar", "render_rgb",
           "load_agent", "play_boards", "PAPER_DQN"]

#: The five games of MinAtar (module names of ``minatar.environments``).
GAMES = ("asterix", "breakout", "freeway", "seaquest", "space_invaders")

#: The paper's DQN (with replay and target network) and DQN without replay on Breakout:
#: the moving average of the training returns over 100 episodes, mean of 30 runs, read off
#: the learning curves published with the paper (Young & Tian 2019; the MinAtar repository's
#: README, "Results", ``img/learning_curves.gif``) by measuring the plot: about ±0.3.
#: Frames in millions -> return.
PAPER_DQN = {
    "breakout": {"dqn": {0.25: 7.4, 0.3: 7.9, 0.5: 8.6, 1.0: 9.5, 5.0: 10.1},
                 "no_replay": {0.25: 3.9, 0.3: 4.0, 0.5: 4.0, 5.0: 4.3}},
}


class MinAtarEnv(gym.Env):
    """One MinAtar game as a Gymnasium env (see the module docstring).

    Args:
        game: one of :data:`~course_utils.rl.minatar.GAMES`.
        sticky_action_prob: probability that the previous action is repeated (paper: 0.1).
        difficulty_ramping: the game speeds up as it goes on (paper: on).
        render_mode: ``"rgb_array"`` for ``render()`` (frames for a video).
    """

    metadata = {"render_modes": ["rgb_array"]}

    def __init__(self, game: str = "breakout", *, sticky_action_prob: float = 0.1, difficulty_ramping: bool = True,
                 render_mode: str | None = None):
        if game not in GAMES:
            raise ValueError(f"game must be one of {', '.join(GAMES)}, got {game!r}")
        if not 0.0 <= sticky_action_prob < 1.0:
            raise ValueError(f"sticky_action_prob must be in [0, 1), got {sticky_action_prob}")
        if render_mode not in (None, "rgb_array"):
            raise ValueError(f"render_mode must be None or 'rgb_array', got {render_mode!r}")
        try:
            from minatar import Environment
        except ImportError as e:  # pragma: no cover - the atari extra installs it
            raise ImportError("MinAtar is not installed: pip install 'course_utils[atari]' (or pip install "
                              "minatar)") from e
        self.game_name, self.render_mode = game, render_mode
        self.game = Environment(game, sticky_action_prob=sticky_action_prob, difficulty_ramping=difficulty_ramping)
        channels = self.game.state_shape()[2]
        self.observation_space = gym.spaces.Box(0, 1, (channels, 10, 10), np.uint8)
        self.action_space = gym.spaces.Discrete(self.game.num_actions())

    def _obs(self) -> np.ndarray:
        return np.ascontiguousarray(self.game.state().transpose(2, 0, 1), dtype=np.uint8)  # (C, 10, 10)

    def reset(self, *, seed: int | None = None, options=None):
        super().reset(seed=seed)
        # The game's generator from the env's: a seed (or the env's generator state) fixes
        # the episode, sticky actions included.
        self.game.seed(int(self.np_random.integers(2**31 - 1)))
        self.game.last_action = 0
        self.game.reset()
        return self._obs(), {}

    def step(self, action):
        reward, terminated = self.game.act(int(action))
        return self._obs(), float(reward), bool(terminated), False, {}

    def render(self):
        if self.render_mode != "rgb_array":
            raise ValueError(f"render needs render_mode='rgb_array', got {self.render_mode!r}")
        return render_rgb(self._obs())


def make_minatar_env(game: str = "breakout", *, max_episode_steps: int | None = None, **kwargs) -> gym.Env:
    """A :class:`~course_utils.rl.minatar.MinAtarEnv` (keyword arguments as there), in Gymnasium's ``TimeLimit`` when
    ``max_episode_steps`` is given (``None``: never truncated; the games end by themselves,
    Freeway after 2,500 steps)."""
    if max_episode_steps is not None and (isinstance(max_episode_steps, bool) or
                                          not isinstance(max_episode_steps, int) or max_episode_steps <= 0):
        raise ValueError(f"max_episode_steps must be a positive integer or None, got {max_episode_steps!r}")
    env = MinAtarEnv(game, **kwargs)
    return env if max_episode_steps is None else gym.wrappers.TimeLimit(env, max_episode_steps)


#: One colour per channel (the Tableau 10 colours of matplotlib's ``tab10``), RGB.
_PALETTE = np.array([[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
                     [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207]], np.uint8)


def render_rgb(obs: np.ndarray, scale: int = 16) -> np.ndarray:
    """An observation ``(C, 10, 10)`` drawn as an RGB image ``(10·scale, 10·scale, 3)`` uint8:
    black background, one colour per channel (a later channel drawn over an earlier one).

    >>> render_rgb(np.zeros((4, 10, 10), np.uint8), scale=2).shape
    (20, 20, 3)
    """
    obs = np.asarray(obs)
    if obs.ndim != 3 or obs.shape[1:] != (10, 10):
        raise ValueError(f"obs must have shape (channels, 10, 10), got {obs.shape}")
    image = np.zeros((10, 10, 3), np.uint8)
    for c in range(obs.shape[0]):
        image[obs[c] > 0] = _PALETTE[c % len(_PALETTE)]
    return image.repeat(scale, 0).repeat(scale, 1)


class MinAtarCNN(nn.Module):
    """The MinAtar paper's Q-network: conv 3×3 (16 filters, stride 1) → 128 units → one
    value per action, on ``(B, C, 10, 10)`` boards (any dtype; cast to float).

    >>> MinAtarCNN(4, 6)(torch.zeros(2, 4, 10, 10)).shape
    torch.Size([2, 6])
    """

    def __init__(self, in_channels: int, n_actions: int, filters: int = 16, hidden: int = 128):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(in_channels, filters, kernel_size=3, stride=1), nn.ReLU(), nn.Flatten(),
            nn.Linear(filters * 8 * 8, hidden), nn.ReLU(), nn.Linear(hidden, n_actions))

    def forward(self, boards: torch.Tensor) -> torch.Tensor:
        return self.net(boards.float())


@dataclass
class MinAtarConfig(DQNConfig):
    """:class:`~course_utils.rl.dqn.DQNConfig` for a MinAtar game (``env_id``: one of
    :data:`~course_utils.rl.minatar.GAMES`). ``full`` is the paper's DQN (5M frames, centred RMSProp 2.5e-4 with
    squared-gradient momentum 0.95 and ε 0.01, a target refresh every 1,000 steps, ε from 1 to
    0.1 over the first 100k frames, replay start 5,000); ``standard`` is the same agent for
    300k frames, by which the paper's Breakout curve has done most of its climb, with Adam
    (step 1e-4, fused: a quarter faster per update on a CPU than the centred RMSProp).

    >>> MinAtarConfig.preset("standard").total_steps, MinAtarConfig.preset("full").optimizer
    (300000, 'rmsprop')
    """

    env_id: str = "breakout"
    learning_rate: float = 2.5e-4
    optimizer: str = "rmsprop"
    buffer_size: int = 100_000
    batch_size: int = 32
    target_update_every: int = 1_000
    train_every: int = 1
    gradient_steps: int = 1
    learning_starts: int = 5_000
    end_e: float = 0.1
    loss: str = "huber"
    max_grad_norm: float = float("inf")
    hidden: tuple[int, ...] = ()
    eval_episodes: int = 10
    eval_max_steps: int = 10_000
    """Steps after which an evaluation episode is cut (a greedy agent may stall)."""

    def validate(self) -> MinAtarConfig:
        """Raise ``ValueError`` naming the first bad field; return ``self``."""
        if self.env_id not in GAMES:
            raise ValueError(f"env_id must be one of {', '.join(GAMES)}, got {self.env_id!r}")
        if isinstance(self.eval_max_steps, bool) or not isinstance(self.eval_max_steps, int) or self.eval_max_steps <= 0:
            raise ValueError(f"eval_max_steps must be a positive integer, got {self.eval_max_steps!r}")
        return super().validate()

    #: budget -> settings, read by :meth:`~course_utils.rl.dqn.DQNConfig.preset`; ε reaches
    #: its floor after 100k frames in standard and full (exploration_fraction · total_steps).
    PRESETS: ClassVar[dict[str, dict]] = {
        "smoke": dict(total_steps=3_000, learning_starts=500, buffer_size=3_000, exploration_fraction=0.5,
                      eval_every=0, log_every=50),
        "standard": dict(total_steps=300_000, exploration_fraction=1 / 3, optimizer="adam", learning_rate=1e-4,
                         eval_every=0, log_every=1_000),
        "full": dict(total_steps=5_000_000, exploration_fraction=0.02, eval_every=250_000, log_every=5_000),
    }


def train_minatar(config: MinAtarConfig | None = None, *, device="cpu", **kwargs):
    """Train DQN on the MinAtar game ``config.env_id`` with :func:`~course_utils.rl.dqn.train_dqn`
    (keyword arguments as there: ``checkpoint_path``, ``resume``, ``progress``, ...); the
    replay stores boards as ``uint8`` (100k transitions of Breakout: 80 MB)."""
    config = config if config is not None else MinAtarConfig.preset()
    if not isinstance(config, MinAtarConfig):
        raise ValueError(f"config must be a MinAtarConfig, got {type(config).__name__}")
    config.validate()
    game, cap = config.env_id, config.eval_max_steps
    return train_dqn(
        config, device=device,
        env_fn=lambda i: make_minatar_env(game),
        eval_env_fn=lambda i: make_minatar_env(game, max_episode_steps=cap),
        q_network_fn=lambda cfg, space, n: MinAtarCNN(space.shape[0], n),
        replay_fn=lambda cfg, space, seed: ReplayBuffer(cfg.buffer_size if cfg.replay else cfg.batch_size,
                                                        space.shape, np.uint8, seed=seed),
        **kwargs)


def load_agent(path, device="cpu") -> MinAtarCNN:
    """The :class:`~course_utils.rl.minatar.MinAtarCNN` of a ``minatar_model`` file (``benchmarks/bench_minatar.py
    --save-checkpoint``), in float32 on ``device``; sizes are read from the weights."""
    state = load(path, kind="minatar_model")
    weights = {k: v.float() for k, v in state["q"].items()}
    conv, out = weights["net.0.weight"], weights["net.5.weight"]  # (filters, C, 3, 3), (A, hidden)
    model = MinAtarCNN(conv.shape[1], out.shape[0], filters=conv.shape[0], hidden=out.shape[1])
    model.load_state_dict(weights)
    return model.to(device).eval()


def play_boards(model: nn.Module, game: str = "breakout", *, seed: int = 0, epsilon: float = 0.0,
                max_steps: int = 2_000, device="cpu") -> tuple[np.ndarray, float]:
    """The boards ``(T+1, C, 10, 10)`` and the score of one game played ε-greedily by ``model``
    (draw them with :func:`~course_utils.rl.minatar.render_rgb`)."""
    env = make_minatar_env(game, max_episode_steps=max_steps)
    obs, _ = env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    boards, score, done = [obs], 0.0, False
    while not done:
        action = epsilon_greedy_action(model, obs, env.action_space.n, epsilon, rng, device)
        obs, r, term, trunc, _ = env.step(action)
        boards.append(obs)
        score += r
        done = term or trunc
    return np.stack(boards), score
