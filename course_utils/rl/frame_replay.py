"""Replay for stacked Atari frames that stores every frame once.

A DQN observation is a stack of the last 4 preprocessed frames, ``(4, 84, 84)`` uint8, and
the next observation shares 3 of them. Storing ``obs`` and ``next_obs`` stacks would keep
each frame 8 times (56 GB for the paper's 1M transitions); this buffer keeps one frame per
transition (7 GB) and rebuilds stacks when sampling.

Each env copy ``e`` writes to its own ring of slots. Slot ``t`` holds the newest frame of
$s_t$, the action, reward and ``terminated`` flag, and whether $s_t$ began an episode. The
stack of $s_t$ is slots ``t-3..t`` and that of $s_{t+1}$ is ``t-2..t+1``; slots before an
episode's first one are replaced by it (as ``FrameStackObservation`` pads a reset). When an
episode ends, one extra slot stores its final frame, so truncated episodes bootstrap from
the true last state.

>>> import numpy as np
>>> rb = FrameReplay(capacity=100, frame_shape=(2, 2), num_envs=1, seed=0)
>>> stack = lambda *v: np.stack([np.full((2, 2), x, np.uint8) for x in v])[None]   # (1, 4, 2, 2)
>>> rb.add(stack(0, 0, 0, 0), stack(0, 0, 0, 1), [1], [0.0], [0.0], [False])
>>> rb.add(stack(0, 0, 0, 1), stack(0, 0, 1, 2), [0], [1.0], [1.0], [True])
>>> b = rb.sample(8)
>>> b.obs.shape, sorted({tuple(o[:, 0, 0].tolist()) for o in b.next_obs})
(torch.Size([8, 4, 2, 2]), [(0, 0, 0, 1), (0, 0, 1, 2)])
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from .replay import Batch, generator_state, set_generator_state

__all__ = ["FrameReplay", "frame_replay_bytes"]

STACK = 4


def frame_replay_bytes(capacity: int, frame_shape=(84, 84), num_envs: int = 1) -> int:
    """Bytes a :class:`FrameReplay` of this size allocates (frames dominate)."""
    per_env = -(-capacity // num_envs) + 2 * STACK
    return num_envs * per_env * (int(np.prod(frame_shape)) + 8 + 4 + 4 + 3)


class FrameReplay:
    """Uniform replay over ``capacity`` transitions of ``STACK``-frame uint8 observations."""

    def __init__(self, capacity: int, frame_shape=(84, 84), num_envs: int = 1, seed: int | None = None):
        if isinstance(capacity, bool) or not isinstance(capacity, (int, np.integer)) or capacity <= 0:
            raise ValueError(f"capacity must be a positive integer, got {capacity!r}")
        if num_envs <= 0:
            raise ValueError(f"num_envs must be positive, got {num_envs}")
        self.capacity, self.num_envs = int(capacity), int(num_envs)
        self.frame_shape = tuple(frame_shape)
        C = self.slots = -(-self.capacity // num_envs) + 2 * STACK  # per env, with room for finals
        self.frames = np.zeros((num_envs, C, *self.frame_shape), np.uint8)  # (E, C, H, W)
        self.actions = np.zeros((num_envs, C), np.int64)
        self.rewards = np.zeros((num_envs, C), np.float32)
        self.terminated = np.zeros((num_envs, C), np.float32)
        self.first = np.zeros((num_envs, C), bool)  # slot begins an episode
        self.valid = np.zeros((num_envs, C), bool)  # slot starts a complete transition
        self.pos = np.zeros(num_envs, np.int64)
        self.new_episode = np.ones(num_envs, bool)
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return int(self.valid.sum())

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.frames, self.actions, self.rewards, self.terminated,
                                      self.first, self.valid))

    def _write(self, e: int, frame, first: bool) -> int:
        C, p = self.slots, int(self.pos[e])
        self.frames[e, p], self.first[e, p], self.valid[e, p] = frame, first, False
        # the next STACK slots are the oldest: their stacks reach back into slot p, now overwritten
        self.valid[e, (p + 1 + np.arange(STACK)) % C] = False
        self.pos[e] = (p + 1) % C
        return p

    def add(self, obs, next_obs, actions, rewards, terminated, done=None) -> None:
        """Append one transition per env copy; ``obs``/``next_obs`` are ``(E, 4, H, W)`` stacks."""
        obs, next_obs = np.asarray(obs), np.asarray(next_obs)
        if obs.shape[0] != self.num_envs or obs.shape[1:] != (STACK, *self.frame_shape):
            raise ValueError(f"obs has shape {obs.shape}, expected ({self.num_envs}, {STACK}, "
                             f"{', '.join(map(str, self.frame_shape))})")
        done = np.zeros(self.num_envs, bool) if done is None else np.asarray(done, bool)
        for e in range(self.num_envs):
            if not self.new_episode[e]:
                self.valid[e, (self.pos[e] - 1) % self.slots] = True  # its s' frame arrives now
            p = self._write(e, obs[e, -1], first=bool(self.new_episode[e]))
            self.actions[e, p], self.rewards[e, p], self.terminated[e, p] = actions[e], rewards[e], terminated[e]
            self.new_episode[e] = bool(done[e])
            if done[e]:  # store the final frame so that the last transition is complete
                self._write(e, next_obs[e, -1], first=False)
                self.valid[e, p] = True

    def _stacks(self, e, t, offset):
        """Stacks whose newest slots are ``t + offset``: ``(B, 4, H, W)`` uint8."""
        window = (t[:, None] + offset + np.arange(-STACK + 1, 1)) % self.slots  # (B, 4)
        f = self.first[e[:, None], window]  # (B, 4)
        last_first = np.where(f.any(1), STACK - 1 - np.argmax(f[:, ::-1], 1), 0)  # (B,)
        src = np.maximum(np.arange(STACK)[None], last_first[:, None])  # pad before the start
        return self.frames[e[:, None], np.take_along_axis(window, src, 1)]

    def sample(self, batch_size: int, device: torch.device | str = "cpu") -> Batch:
        """``batch_size`` transitions drawn uniformly from the valid ones."""
        flat = np.flatnonzero(self.valid.ravel()) if len(self) < 4 * batch_size else None
        if flat is not None and flat.size == 0:
            raise ValueError("cannot sample from an empty replay buffer")
        if flat is not None:
            pick = self.rng.choice(flat, size=batch_size)
        else:  # rejection sampling: almost every slot is valid
            pick = np.empty(0, np.int64)
            while pick.size < batch_size:
                cand = self.rng.integers(0, self.valid.size, size=2 * batch_size)
                pick = np.concatenate([pick, cand[self.valid.ravel()[cand]]])
            pick = pick[:batch_size]
        e, t = np.divmod(pick, self.slots)
        obs, next_obs = self._stacks(e, t, 0), self._stacks(e, t, 1)

        def tensor(a, dtype=None):
            return torch.as_tensor(a, device=device, dtype=dtype)

        return Batch(tensor(obs), tensor(self.actions[e, t]), tensor(self.rewards[e, t]),
                     tensor(next_obs), tensor(self.terminated[e, t]))

    def state_dict(self) -> dict[str, Any]:
        names = ("frames", "actions", "rewards", "terminated", "first", "valid", "pos", "new_episode")
        return {"capacity": self.capacity, "num_envs": self.num_envs, "frame_shape": list(self.frame_shape),
                **{n: torch.from_numpy(getattr(self, n).copy()) for n in names}, "rng": generator_state(self.rng)}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        if (state["capacity"], state["num_envs"], tuple(state["frame_shape"])) != \
                (self.capacity, self.num_envs, self.frame_shape):
            raise ValueError("replay state does not match this buffer's capacity, num_envs or frame_shape")
        for n in ("frames", "actions", "rewards", "terminated", "first", "valid", "pos", "new_episode"):
            getattr(self, n)[...] = state[n].numpy()
        set_generator_state(self.rng, state["rng"])
