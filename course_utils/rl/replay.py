"""Experience replay: a pre-allocated numpy ring buffer with seeded uniform sampling.

DQN learns from transitions $(s, a, r, s', \\text{terminated})$ drawn *uniformly at random*
from the last ``capacity`` steps, not from the stream as it arrives: consecutive steps are
strongly correlated, and a random minibatch from a large memory looks much more like the
i.i.d. data that stochastic gradient descent expects (Mnih et al., 2015).

The buffer is a set of arrays allocated once; ``pos`` is where the next transition goes,
and when the buffer is full it wraps around and overwrites the oldest one. Sampling uses
the buffer's own ``numpy.random.Generator`` (seeded), so a run is reproducible and its
state can be checkpointed (:meth:`ReplayBuffer.state_dict`).

>>> import numpy as np
>>> rb = ReplayBuffer(capacity=4, obs_shape=(2,), seed=0)
>>> for t in range(6):                      # 6 > 4: the two oldest are overwritten
...     rb.add(np.full((1, 2), t), np.full((1, 2), t + 1), [t % 2], [1.0], [False])
>>> len(rb), sorted(rb.obs[:, 0].tolist())
(4, [2.0, 3.0, 4.0, 5.0])
>>> batch = rb.sample(3)
>>> batch.obs.shape, batch.actions.shape, batch.rewards.shape
(torch.Size([3, 2]), torch.Size([3]), torch.Size([3]))
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import torch

__all__ = ["Batch", "ReplayBuffer", "generator_state", "set_generator_state"]


class Batch(NamedTuple):
    """A minibatch of transitions as tensors on one device (B = batch size)."""

    obs: torch.Tensor  # (B, *obs_shape) float32 (uint8 for Atari frames: the network scales them)
    actions: torch.Tensor  # (B,) int64
    rewards: torch.Tensor  # (B,) float32
    next_obs: torch.Tensor  # (B, *obs_shape) float32
    terminated: torch.Tensor  # (B,) float32: 1.0 where s' is terminal (no bootstrap)


def generator_state(rng: np.random.Generator) -> dict[str, Any]:
    """A ``numpy.random.Generator``'s state as a ``weights_only``-safe dict (big ints as str)."""
    state = rng.bit_generator.state
    return {
        "bit_generator": state["bit_generator"],
        "state": {k: str(v) for k, v in state["state"].items()},
        "has_uint32": int(state["has_uint32"]),
        "uinteger": int(state["uinteger"]),
    }


def set_generator_state(rng: np.random.Generator, saved: dict[str, Any]) -> None:
    """Restore what :func:`generator_state` returned into ``rng`` (in place)."""
    rng.bit_generator.state = {
        "bit_generator": saved["bit_generator"],
        "state": {k: int(v) for k, v in saved["state"].items()},
        "has_uint32": int(saved["has_uint32"]),
        "uinteger": int(saved["uinteger"]),
    }


class ReplayBuffer:
    """Uniform experience replay over the last ``capacity`` transitions.

    Args:
        capacity: how many transitions are kept (positive).
        obs_shape: shape of one observation, e.g. ``(4,)`` for CartPole.
        obs_dtype: storage dtype (``float32`` for vectors; ``uint8`` keeps images small).
        seed: seed of the sampling generator.

    Raises:
        ValueError: for a non-positive capacity or a malformed shape.
    """

    def __init__(self, capacity: int, obs_shape: tuple[int, ...], obs_dtype=np.float32,
                 seed: int | None = None):
        if isinstance(capacity, bool) or not isinstance(capacity, (int, np.integer)) or capacity <= 0:
            raise ValueError(f"capacity must be a positive integer, got {capacity!r}")
        obs_shape = tuple(int(d) for d in obs_shape)
        if any(d <= 0 for d in obs_shape):
            raise ValueError(f"obs_shape must have positive sizes, got {obs_shape}")
        self.capacity = int(capacity)
        self.obs_shape = obs_shape
        self.obs = np.zeros((self.capacity, *obs_shape), dtype=obs_dtype)  # (N, *obs_shape)
        self.next_obs = np.zeros_like(self.obs)  # (N, *obs_shape)
        self.actions = np.zeros(self.capacity, dtype=np.int64)  # (N,)
        self.rewards = np.zeros(self.capacity, dtype=np.float32)  # (N,)
        self.terminated = np.zeros(self.capacity, dtype=np.float32)  # (N,)
        self.pos = 0  # where the next transition is written
        self.size = 0  # how many slots hold data (≤ capacity)
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return self.size

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays, in bytes."""
        return sum(a.nbytes for a in (self.obs, self.next_obs, self.actions, self.rewards, self.terminated))

    def add(self, obs, next_obs, actions, rewards, terminated, done=None) -> None:
        """Append a batch of E transitions (one per vector-env copy), wrapping around.

        ``obs``/``next_obs``: ``(E, *obs_shape)``; ``actions``, ``rewards``,
        ``terminated``: ``(E,)``. ``next_obs`` must be the true next state, also when the
        episode ended (Gymnasium's final observation, not the reset one). ``done``
        (terminated or truncated, ``(E,)``) is accepted for frame-stack buffers and unused here.
        """
        obs = np.asarray(obs)
        n = obs.shape[0]
        if obs.shape[1:] != self.obs_shape:
            raise ValueError(f"obs has shape {obs.shape}, expected (E, {', '.join(map(str, self.obs_shape))})")
        if self.pos + n <= self.capacity:  # no wrap-around: a slice, cheaper than an index array
            idx = slice(self.pos, self.pos + n)
        else:
            idx = (self.pos + np.arange(n)) % self.capacity  # (E,)
        self.obs[idx] = obs
        self.next_obs[idx] = next_obs
        self.actions[idx] = actions
        self.rewards[idx] = rewards
        self.terminated[idx] = terminated
        self.pos = int((self.pos + n) % self.capacity)
        self.size = int(min(self.size + n, self.capacity))

    def sample(self, batch_size: int, device: torch.device | str = "cpu") -> Batch:
        """``batch_size`` transitions drawn uniformly (with replacement), as tensors on ``device``."""
        if self.size == 0:
            raise ValueError("cannot sample from an empty replay buffer")
        idx = self.rng.integers(0, self.size, size=batch_size)  # (B,)

        def t(a, dtype=None):
            return torch.as_tensor(a[idx], device=device, dtype=dtype)

        return Batch(t(self.obs, torch.float32), t(self.actions), t(self.rewards),
                     t(self.next_obs, torch.float32), t(self.terminated))

    def state_dict(self) -> dict[str, Any]:
        """Contents, position and sampling RNG, as tensors and plain values (for checkpoints)."""
        n = self.size
        return {
            "capacity": self.capacity, "obs_shape": list(self.obs_shape), "pos": self.pos, "size": n,
            "obs": torch.from_numpy(self.obs[:n].copy()), "next_obs": torch.from_numpy(self.next_obs[:n].copy()),
            "actions": torch.from_numpy(self.actions[:n].copy()),
            "rewards": torch.from_numpy(self.rewards[:n].copy()),
            "terminated": torch.from_numpy(self.terminated[:n].copy()),
            "rng": generator_state(self.rng),
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restore :meth:`state_dict`'s output into a buffer of the same capacity and shape."""
        if state["capacity"] != self.capacity or tuple(state["obs_shape"]) != self.obs_shape:
            raise ValueError(
                f"replay state has capacity {state['capacity']} and obs_shape {tuple(state['obs_shape'])}, "
                f"this buffer {self.capacity} and {self.obs_shape}"
            )
        n = self.size = int(state["size"])
        self.pos = int(state["pos"])
        for name in ("obs", "next_obs", "actions", "rewards", "terminated"):
            getattr(self, name)[:n] = state[name].numpy()
        set_generator_state(self.rng, state["rng"])
