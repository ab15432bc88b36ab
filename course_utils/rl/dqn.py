# Over 300 lines on purpose: like CleanRL's dqn.py, the algorithm is read top to bottom in
# one file — config, network, TD target, the training loop, greedy evaluation. The resume
# plumbing (checkpoint contents, checks, restoring envs mid-episode) is in dqn_resume.
"""Deep Q-networks (Mnih et al., 2015): Q-learning with a neural network, replay and a target net.

The loss for a minibatch of transitions $(s, a, r, s', d)$ from the replay memory, with
$d = 1$ when $s'$ is terminal, is

$$ y = r + \\gamma\\,(1 - d)\\,\\max_{a'} Q_{\\bar\\theta}(s', a'), \\qquad
   L(\\theta) = \\operatorname{Huber}\\big(Q_\\theta(s, a) - y\\big), $$

where $Q_{\\bar\\theta}$ is the *target network*, a copy of $Q_\\theta$ refreshed every
``target_update_every`` steps. A *truncated* episode (a time limit) still bootstraps:
only ``terminated`` zeroes the future.

:func:`train_dqn` is one flat loop in the spirit of CleanRL's ``dqn.py``; it works on any
Gymnasium env with discrete actions (vector observations by default; pass ``q_network_fn``
and ``replay_fn`` for images, as :mod:`course_utils.rl.atari` does), on CPU or CUDA, and
checkpoints through :mod:`course_utils.checkpoint` so that ``resume=`` continues the same
run exactly (network, optimizer, replay contents, every RNG, step counters and the
environments' current episodes: restored from a snapshot where the env offers one, as
Atari's do, else replayed from their start).

>>> cfg = DQNConfig.preset("smoke", total_steps=300, learning_starts=100, eval_every=0)
>>> result = train_dqn(cfg, progress=False)
>>> result.steps, result.finished
(300, True)
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import gymnasium as gym
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .. import checkpoint as ckpt
from .._core import preset, set_seed
from .dqn_resume import load_run, new_run, restore_run, save_run
from .replay import ReplayBuffer, generator_state

__all__ = ["DQNConfig", "DQNResult", "QNetwork", "greedy_actor", "td_target", "train_dqn", "evaluate",
           "play_episode", "save_model", "load_model"]


@dataclass
class DQNConfig:
    """Hyperparameters of one DQN run; :meth:`~course_utils.rl.dqn.DQNConfig.preset` gives tuned
    values per budget."""

    #: budget -> settings that differ from the defaults (CartPole), read by :meth:`preset`.
    PRESETS: ClassVar[dict[str, dict]] = {
        "smoke": dict(total_steps=2_000, learning_starts=500, train_every=64, gradient_steps=32,
                      eval_every=1_000, eval_episodes=2, hidden=(64, 64)),
        "standard": {},
        "full": dict(total_steps=100_000, exploration_fraction=0.08),
    }

    env_id: str = "CartPole-v1"
    """Gymnasium id of the training env (ignored when ``env_fn`` is given)."""
    total_steps: int = 50_000
    """Environment steps in the whole run (all env copies together)."""
    num_envs: int = 1
    """Environment copies stepped together (one transition each per iteration)."""
    learning_rate: float = 2.3e-3
    """Optimizer step size."""
    optimizer: str = "adam"
    """``"adam"`` or ``"rmsprop"`` (centred, squared-gradient momentum 0.95, ε 0.01: the
    MinAtar paper's, after the Nature DQN's)."""
    buffer_size: int = 100_000
    """Replay capacity in transitions."""
    batch_size: int = 64
    """Transitions per gradient step."""
    gamma: float = 0.99
    """Discount factor, in [0, 1)."""
    target_update_every: int = 10
    """Env steps between target-network refreshes ($\\bar\\theta \\leftarrow \\theta$)."""
    tau: float = 1.0
    """Refresh rate: 1 copies, < 1 moves $\\bar\\theta$ a fraction towards $\\theta$ (Polyak)."""
    train_every: int = 256
    """Env steps between training phases."""
    gradient_steps: int = 128
    """Gradient steps in each training phase."""
    learning_starts: int = 1_000
    """Env steps of pure exploration that fill the replay before the first update."""
    start_e: float = 1.0
    """Initial exploration rate ε."""
    end_e: float = 0.04
    """Final exploration rate ε."""
    exploration_fraction: float = 0.16
    """Fraction of ``total_steps`` over which ε decays linearly from start_e to end_e."""
    hidden: tuple[int, ...] = (256, 256)
    """Hidden layer widths of the default MLP Q-network."""
    loss: str = "huber"
    """``"huber"`` (smooth L1, as in the paper's clipped error) or ``"mse"``."""
    max_grad_norm: float = 10.0
    """Gradient-norm clip (``math.inf`` disables)."""
    replay: bool = True
    """Ablation switch: False keeps only the last ``batch_size`` transitions (no memory)."""
    target_network: bool = True
    """Ablation switch: False bootstraps from the online network itself."""
    eval_every: int = 5_000
    """Env steps between greedy evaluations (0: none); the best network is kept."""
    eval_episodes: int = 10
    """Episodes per periodic evaluation."""
    log_every: int = 1
    """Training phases averaged into one point of the loss/Q-value history (long runs)."""
    seed: int = 0
    """Seeds the network, exploration, replay sampling and the envs (env i gets seed + i)."""

    def validate(self) -> DQNConfig:
        """Raise ``ValueError`` naming the first bad field; return ``self``."""
        for name in ("total_steps", "num_envs", "buffer_size", "batch_size", "target_update_every",
                     "train_every", "gradient_steps", "eval_episodes", "log_every"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v <= 0:
                raise ValueError(f"{name} must be a positive integer, got {v!r}")
        for name in ("learning_starts", "eval_every", "seed"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
                raise ValueError(f"{name} must be a non-negative integer, got {v!r}")
        if self.replay and self.batch_size > self.buffer_size:
            raise ValueError(f"batch_size {self.batch_size} exceeds buffer_size {self.buffer_size}")
        if self.learning_starts < self.batch_size:
            raise ValueError(f"learning_starts {self.learning_starts} must be ≥ batch_size {self.batch_size}")
        if not 0.0 <= self.gamma < 1.0:
            raise ValueError(f"gamma must be in [0, 1), got {self.gamma}")
        if not 0.0 < self.tau <= 1.0:
            raise ValueError(f"tau must be in (0, 1], got {self.tau}")
        if not 0.0 < self.learning_rate < 1.0:  # Adam with a step ≥ 1 only diverges (and inf/NaN never learn)
            raise ValueError(f"learning_rate must be in (0, 1), got {self.learning_rate}")
        if not 0.0 <= self.end_e <= self.start_e <= 1.0:
            raise ValueError(f"need 0 ≤ end_e ≤ start_e ≤ 1, got start_e={self.start_e}, end_e={self.end_e}")
        if not 0.0 < self.exploration_fraction <= 1.0:
            raise ValueError(f"exploration_fraction must be in (0, 1], got {self.exploration_fraction}")
        if self.optimizer not in ("adam", "rmsprop"):
            raise ValueError(f"optimizer must be 'adam' or 'rmsprop', got {self.optimizer!r}")
        if self.loss not in ("huber", "mse"):
            raise ValueError(f"loss must be 'huber' or 'mse', got {self.loss!r}")
        if not self.max_grad_norm > 0:
            raise ValueError(f"max_grad_norm must be positive (math.inf disables), got {self.max_grad_norm}")
        if not isinstance(self.hidden, (tuple, list)) or any(
                isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h <= 0 for h in self.hidden):
            raise ValueError(f"hidden must be a tuple of positive integer widths, e.g. (64, 64), got {self.hidden!r}")
        return self

    @classmethod
    def preset(cls, budget: str | None = None, **overrides) -> DQNConfig:
        """Tuned settings per budget (``None``: the current ``COURSE_BUDGET``) from the class's
        ``PRESETS`` table; keyword overrides win. For CartPole, ``standard`` follows the RL
        Zoo's tuned DQN (50k steps); ``smoke`` only proves the code path; ``full`` trains
        twice as long. :class:`course_utils.rl.atari.AtariConfig` has its own table.

        >>> DQNConfig.preset("smoke", seed=3).total_steps, DQNConfig.preset("full").total_steps
        (2000, 100000)
        """
        return preset(cls, cls.PRESETS, budget, **overrides)


class QNetwork(nn.Module):
    """An MLP $Q_\\theta(s, \\cdot)$: observation ``(B, obs_dim)`` → one value per action ``(B, A)``."""

    def __init__(self, obs_dim: int, n_actions: int, hidden: tuple[int, ...] = (256, 256)):
        super().__init__()
        sizes = [obs_dim, *hidden]
        layers: list[nn.Module] = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers += [nn.Linear(a, b), nn.ReLU()]
        self.net = nn.Sequential(*layers, nn.Linear(sizes[-1], n_actions))

    def forward(self, obs: torch.Tensor) -> torch.Tensor:  # (B, obs_dim) -> (B, A)
        # self.net(x), its layers called as functions: the same operations without a module
        # call's hook bookkeeping, a quarter of the time of acting on one observation
        x = obs if obs.dtype == torch.float32 else obs.float()
        for layer in self.net:
            x = torch.relu(x) if isinstance(layer, nn.ReLU) else F.linear(x, layer.weight, layer.bias)
        return x


def greedy_actor(q: nn.Module, device: torch.device | str = "cpu") -> Callable[[np.ndarray], np.ndarray]:
    """``act(obs)``: observations ``(E, *obs)`` → greedy actions $\\arg\\max_a Q(s, a)$, shape ``(E,)``.

    A :class:`QNetwork` on the CPU acts through numpy *views* of its parameters: the arrays
    share memory with the tensors, so every optimizer step (in place) is seen at once, and
    one observation costs a fifth of torch's per-operation dispatch (about 16 µs against
    85 µs for 256-unit layers). numpy's float32 sums may differ from torch's in the last bit,
    so an action can differ where two Q-values are tied to float precision; everything else
    (other networks, CUDA/MPS) acts through torch.

    >>> net = QNetwork(4, 2, (8,))
    >>> obs = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    >>> act = greedy_actor(net)
    >>> bool((act(obs) == net(torch.as_tensor(obs)).argmax(1).numpy()).all())
    True
    """
    device = torch.device(device)
    if type(q) is QNetwork and device.type == "cpu":
        layers = [(layer.weight.detach().numpy().T, layer.bias.detach().numpy())
                  for layer in q.net if isinstance(layer, nn.Linear)]

        def act(obs: np.ndarray) -> np.ndarray:
            x = np.asarray(obs, np.float32)
            for k, (weight_t, bias) in enumerate(layers):
                x = x @ weight_t + bias
                if k < len(layers) - 1:
                    np.maximum(x, 0.0, out=x)  # ReLU
            return x.argmax(1)
        return act

    def act(obs: np.ndarray) -> np.ndarray:
        with torch.inference_mode():  # no autograd bookkeeping for acting
            return q(torch.as_tensor(obs, device=device)).argmax(1).cpu().numpy()
    return act


def td_target(rewards: torch.Tensor, terminated: torch.Tensor, next_q_max: torch.Tensor,
              gamma: float) -> torch.Tensor:
    """$y = r + \\gamma (1 - d) \\max_{a'} Q_{\\bar\\theta}(s', a')$, all tensors of shape ``(B,)``.

    >>> td_target(torch.tensor([1., 1.]), torch.tensor([0., 1.]), torch.tensor([10., 10.]), 0.9)
    tensor([10.,  1.])
    """
    return rewards + gamma * (1.0 - terminated) * next_q_max


@dataclass
class DQNResult:
    """What :func:`~course_utils.rl.dqn.train_dqn` returns."""

    model: nn.Module  #: the Q-network at the end of the run
    best_model: nn.Module  #: the network with the best periodic evaluation (= model without eval)
    config: DQNConfig
    history: dict[str, np.ndarray] = field(default_factory=dict)
    """``episode_step``/``episode_return``/``episode_length`` (one per finished episode),
    ``train_step``/``loss``/``q_mean`` (one per training phase), ``epsilon`` (at train
    steps), ``eval_step``/``eval_return`` (mean greedy return)."""
    steps: int = 0  #: env steps done so far
    finished: bool = False  #: False when stopped early by ``until_step`` (resume later)


_HISTORY_KEYS = ("episode_step", "episode_return", "episode_length", "train_step", "loss", "q_mean",
                 "epsilon", "eval_step", "eval_return")


def _default_env_fn(config: DQNConfig) -> Callable[[int], gym.Env]:
    return lambda index: gym.make(config.env_id)


def _default_q_network_fn(config: DQNConfig, obs_space: gym.Space, n_actions: int) -> nn.Module:
    if not isinstance(obs_space, gym.spaces.Box) or len(obs_space.shape) != 1:
        raise ValueError(f"the default MLP needs 1-D Box observations, got {obs_space}; pass q_network_fn")
    return QNetwork(obs_space.shape[0], n_actions, config.hidden)


def _default_replay_fn(config: DQNConfig, obs_space: gym.Space, seed: int):
    capacity = config.buffer_size if config.replay else config.batch_size
    return ReplayBuffer(capacity, obs_space.shape, np.float32, seed=seed)


def _epsilon(config: DQNConfig, step: int) -> float:
    """Linear decay from start_e to end_e over exploration_fraction · total_steps."""
    span = config.exploration_fraction * config.total_steps
    return max(config.end_e, config.start_e + (config.end_e - config.start_e) * step / span)


def train_dqn(config: DQNConfig | None = None, *, device: torch.device | str = "cpu",
              env_fn: Callable[[int], gym.Env] | None = None,
              eval_env_fn: Callable[[int], gym.Env] | None = None,
              q_network_fn: Callable[[DQNConfig, gym.Space, int], nn.Module] | None = None,
              replay_fn: Callable[[DQNConfig, gym.Space, int], Any] | None = None,
              checkpoint_path: str | Path | None = None, checkpoint_every: int = 0,
              resume: str | Path | None = None, until_step: int | None = None,
              on_eval: Callable[[int, dict[str, list]], None] | None = None,
              progress: bool = True) -> DQNResult:
    """Train a DQN agent; see the module docstring for the loss.

    Args:
        config: hyperparameters (default ``DQNConfig.preset()`` for the current budget).
        device: where the networks and minibatches live (``cu.get_device()`` for a GPU).
        env_fn: ``env_fn(i)`` builds training env copy ``i`` (default ``gym.make(env_id)``).
        eval_env_fn: builds evaluation envs (default ``env_fn``).
        q_network_fn: ``(config, obs_space, n_actions) -> nn.Module`` (default :class:`QNetwork`).
        replay_fn: ``(config, obs_space, seed) -> buffer`` with ``add``, ``sample``,
            ``state_dict`` and ``load_state_dict`` (default :class:`~course_utils.rl.replay.ReplayBuffer`);
            ``add`` must copy what it keeps: the loop refills the arrays it passes every step.
        checkpoint_path: file for periodic checkpoints (replaced atomically each time). A file
            already there is refused unless it is ``resume`` (the same run carrying on).
        checkpoint_every: env steps between checkpoints (0: only at the end of this call).
        resume: a checkpoint to continue from; its config must equal ``config``.
        until_step: stop this call once the run reaches this many steps (a time slice);
            a checkpoint is written so that ``resume`` can carry on.
        on_eval: called as ``on_eval(step, history)`` after each periodic evaluation
            (e.g. to write a CSV of the scalars so far).
        progress: show a ``tqdm`` progress bar.

    Raises:
        ValueError: bad config, unsuitable env, a corrupt or mismatched checkpoint, or a
            diverged run (a non-finite loss stops training at once).
        FileExistsError: ``checkpoint_path`` holds another run.
    """
    # ---- set-up: config, envs, networks, optimizer, replay --------------------------------
    config = config if config is not None else DQNConfig.preset()
    if not isinstance(config, DQNConfig):
        raise ValueError(f"config must be a DQNConfig (DQNConfig.preset(...) or DQNConfig(...)), "
                         f"got {type(config).__name__}")
    config = config.validate()
    ckpt.check_target(checkpoint_path, resume)
    state = load_run(resume, config) if resume is not None else None
    set_seed(config.seed)
    device = torch.device(device)
    env_fn = env_fn or _default_env_fn(config)
    envs = [env_fn(i) for i in range(config.num_envs)]
    if not isinstance(envs[0].action_space, gym.spaces.Discrete):
        raise ValueError(f"DQN needs a Discrete action space, got {envs[0].action_space}")
    n_actions = int(envs[0].action_space.n)
    obs_space = envs[0].observation_space
    q = (q_network_fn or _default_q_network_fn)(config, obs_space, n_actions).to(device)
    q_target = copy.deepcopy(q) if config.target_network else q
    if config.optimizer == "adam":  # fused: one kernel for all parameters, not ~10 per tensor
        try:  # CUDA from torch 2.0, CPU from 2.4 (the package allows 2.1)
            optimizer = torch.optim.Adam(q.parameters(), lr=config.learning_rate,
                                         fused=device.type in ("cpu", "cuda"))
        except RuntimeError:
            optimizer = torch.optim.Adam(q.parameters(), lr=config.learning_rate)
    else:
        optimizer = torch.optim.RMSprop(q.parameters(), lr=config.learning_rate, alpha=0.95, centered=True, eps=0.01)
    rb = (replay_fn or _default_replay_fn)(config, obs_space, config.seed)
    rng = np.random.default_rng(config.seed)  # ε-greedy draws
    learner = {"q": q, "q_target": q_target, "optimizer": optimizer, "replay": rb, "rng": rng}
    if state is None:
        run = new_run(config.seed, config.num_envs, _HISTORY_KEYS)
        obs = np.stack([env.reset(seed=config.seed + i)[0] for i, env in enumerate(envs)])  # (E, *obs)
    else:  # everything back as it was, the envs' current episodes replayed (dqn_resume)
        run, obs = restore_run(state, **learner, envs=envs, target_network=config.target_network)
    hist, episodes, pending, step = run["history"], run["episodes"], run["pending"], run["step"]
    best_eval, best_state = run["best_eval"], run["best_q"]
    until_step = config.total_steps if until_step is None else min(until_step, config.total_steps)

    def save_checkpoint():
        if checkpoint_path is not None:
            run.update(step=step, pending=pending, best_eval=best_eval, best_q=best_state)
            save_run(checkpoint_path, run, config=config, **learner, envs=envs)

    from tqdm.auto import tqdm

    bar = tqdm(total=config.total_steps, initial=step, disable=not progress, desc="DQN", unit="step")
    E = config.num_envs
    act = greedy_actor(q, device)  # greedy actions of the current q, however often it changes
    # one step's transitions (E,), refilled every step: the replay buffer keeps copies
    next_obs, rewards, terminated = np.empty_like(obs), np.zeros(E, np.float32), np.zeros(E, np.float32)
    done = np.zeros(E, bool)
    # ---- the loop: act, store, learn, refresh the target ----------------------------------
    while step < until_step:
        # ε-greedy action for every env copy
        epsilon = _epsilon(config, step)
        explore = rng.random(E) < epsilon  # (E,)
        actions = rng.integers(0, n_actions, size=E)  # (E,)
        if not explore.all():
            actions = np.where(explore, actions, act(obs))  # act(obs): argmax_a Q(obs, a), (E,)

        # step every env; keep the true next state even when an episode ends
        reset_obs = obs.copy()
        for i, env in enumerate(envs):
            o, r, term, trunc, _ = env.step(int(actions[i]))
            next_obs[i], rewards[i], terminated[i], done[i], reset_obs[i] = o, r, term, term or trunc, o
            ep = episodes[i]
            ep["actions"].append(int(actions[i]))
            ep["return"] += float(r)
            ep["length"] += 1
            if term or trunc:
                hist["episode_step"].append(step + i + 1)
                hist["episode_return"].append(ep["return"])
                hist["episode_length"].append(ep["length"])
                start_rng = generator_state(env.unwrapped.np_random)
                reset_obs[i] = env.reset()[0]
                episodes[i] = {"seed": ep["seed"], "start_rng": start_rng, "actions": [], "return": 0.0,
                               "length": 0}
        rb.add(obs, next_obs, actions, rewards, terminated, done)
        obs = reset_obs
        prev_step, step = step, step + E
        bar.update(E)

        # learn: gradient_steps minibatch updates every train_every steps
        if step > config.learning_starts and step // config.train_every > prev_step // config.train_every:
            losses, q_means = [], []  # this phase
            for _ in range(config.gradient_steps):
                b = rb.sample(config.batch_size, device)
                with torch.no_grad():
                    y = td_target(b.rewards, b.terminated, q_target(b.next_obs).max(1).values, config.gamma)
                q_sa = q(b.obs).gather(1, b.actions[:, None]).squeeze(1)  # (B,)
                loss = F.smooth_l1_loss(q_sa, y) if config.loss == "huber" else F.mse_loss(q_sa, y)
                optimizer.zero_grad()
                loss.backward()
                if math.isfinite(config.max_grad_norm):  # math.inf: no clipping, and no norm to compute
                    nn.utils.clip_grad_norm_(q.parameters(), config.max_grad_norm)
                optimizer.step()
                losses.append(loss.item())
                q_means.append(q_sa.mean().item())
                if not math.isfinite(losses[-1]):
                    raise ValueError(
                        f"training diverged at step {step}: the TD loss is {losses[-1]} (learning_rate "
                        f"{config.learning_rate}); lower the learning rate or clip gradients (max_grad_norm)")
            pending["loss"].append(sum(losses) / len(losses))
            pending["q_mean"].append(sum(q_means) / len(q_means))
            if len(pending["loss"]) >= config.log_every:
                hist["train_step"].append(step)
                hist["loss"].append(float(np.mean(pending["loss"])))
                hist["q_mean"].append(float(np.mean(pending["q_mean"])))
                hist["epsilon"].append(epsilon)
                pending = {"loss": [], "q_mean": []}

        # refresh the target network: θ̄ ← τ θ + (1 − τ) θ̄
        if config.target_network and step // config.target_update_every > prev_step // config.target_update_every:
            with torch.no_grad():
                for p_t, p in zip(q_target.parameters(), q.parameters()):
                    p_t.lerp_(p, config.tau)

        # periodic greedy evaluation; keep the best network
        if config.eval_every and step // config.eval_every > prev_step // config.eval_every:
            score = float(evaluate(q, eval_env_fn or env_fn, config.eval_episodes,
                                   seed=10_000 + config.seed, device=device).mean())
            hist["eval_step"].append(step)
            hist["eval_return"].append(score)
            if score >= best_eval:
                best_eval, best_state = score, {k: v.detach().clone() for k, v in q.state_dict().items()}
            bar.set_postfix(eval=f"{score:.1f}")
            if on_eval is not None:
                on_eval(step, hist)

        if checkpoint_every and step // checkpoint_every > prev_step // checkpoint_every:
            save_checkpoint()
    bar.close()
    save_checkpoint()
    for env in envs:
        env.close()

    best = copy.deepcopy(q)
    if best_state is not None:
        best.load_state_dict(best_state)
    return DQNResult(model=q, best_model=best, config=config,
                     history={k: np.asarray(v, dtype=float) for k, v in hist.items()},
                     steps=step, finished=step >= config.total_steps)


def epsilon_greedy_action(model: nn.Module, obs, n_actions: int, epsilon: float,
                          rng: np.random.Generator, device: torch.device | str = "cpu") -> int:
    """A uniformly random action with probability ``epsilon``, else ``argmax_a Q(obs, a)``.

    >>> epsilon_greedy_action(QNetwork(4, 2, (8,)), np.zeros(4, np.float32), 2, 1.0,
    ...                       np.random.default_rng(0)) in (0, 1)
    True
    """
    if rng.random() < epsilon:
        return int(rng.integers(n_actions))
    with torch.no_grad():
        return int(model(torch.as_tensor(obs[None], device=device)).argmax(1).item())


def evaluate(model: nn.Module, env_fn: Callable[[int], gym.Env] | str, episodes: int = 20, seed: int = 0,
             device: torch.device | str = "cpu", epsilon: float = 0.0) -> np.ndarray:
    """Returns of ``episodes`` episodes played greedily (or ε-greedily) by ``model``.

    ``env_fn`` is a Gymnasium id or ``env_fn(i)``; episode ``k`` is reset with seed
    ``seed + k``, so two evaluations with the same seed see the same starts. An episode
    runs until the env terminates or truncates it: the cap is the env's time limit (Atari's
    evaluation envs stop at :data:`~course_utils.rl.atari.EVAL_MAX_STEPS`, 4,500 steps).

    >>> evaluate(QNetwork(4, 2, (8,)), "CartPole-v1", episodes=2).shape
    (2,)
    """
    if isinstance(env_fn, str):
        env_id = env_fn
        env_fn = lambda i: gym.make(env_id)  # noqa: E731
    env = env_fn(0)
    rng = np.random.default_rng(seed)
    returns = np.zeros(episodes)
    for k in range(episodes):
        obs, _ = env.reset(seed=seed + k)
        done = False
        while not done:
            action = epsilon_greedy_action(model, obs, env.action_space.n, epsilon, rng, device)
            obs, r, term, trunc, _ = env.step(action)
            returns[k] += float(r)
            done = term or trunc
    env.close()
    return returns


def play_episode(model: nn.Module, env: gym.Env, seed: int = 0, device: torch.device | str = "cpu",
                 render: bool = False) -> dict[str, np.ndarray]:
    """One greedy episode, recorded: ``obs (T+1, ...)``, ``q_values (T, A)``, ``actions``, ``rewards``
    (and ``frames`` from ``env.render()`` when ``render``).

    >>> ep = play_episode(QNetwork(4, 2, (8,)), gym.make("CartPole-v1"))
    >>> ep["q_values"].shape[1], len(ep["obs"]) == len(ep["actions"]) + 1
    (2, True)
    """
    obs, _ = env.reset(seed=seed)
    rec: dict[str, list] = {"obs": [obs], "q_values": [], "actions": [], "rewards": [], "frames": []}
    if render:
        rec["frames"].append(env.render())
    done = False
    while not done:
        with torch.no_grad():
            qv = model(torch.as_tensor(obs[None], device=device))[0].cpu().numpy()  # (A,)
        action = int(qv.argmax())
        obs, r, term, trunc, _ = env.step(action)
        done = term or trunc
        for k, v in (("obs", obs), ("q_values", qv), ("actions", action), ("rewards", r)):
            rec[k].append(v)
        if render:
            rec["frames"].append(env.render())
    return {k: np.asarray(v) for k, v in rec.items() if v or k != "frames"}


def save_model(model: QNetwork, path: str | Path, overwrite: bool = False, **info) -> Path:
    """Save an MLP Q-network's weights (plus ``info`` such as its score) as a ``dqn_model`` file.

    Raises:
        FileExistsError: ``path`` exists and ``overwrite`` is false (an earlier model is kept).
    """
    return ckpt.save({"kind": "dqn_model", "q": model.state_dict(), **info}, path, overwrite=overwrite)


def load_model(path: str | Path, device: torch.device | str = "cpu") -> QNetwork:
    """The :class:`QNetwork` stored in a ``dqn_model`` file (or a ``dqn`` training checkpoint).

    Layer sizes are read from the weights' shapes, so no config is needed.
    """
    state = ckpt.load(path)
    if state.get("kind") not in ("dqn_model", "dqn"):
        raise ValueError(f"{path} is a {state.get('kind')!r} checkpoint, expected 'dqn_model' or 'dqn'")
    weights = [v for k, v in state["q"].items() if k.endswith("weight")]  # (out, in) each
    model = QNetwork(weights[0].shape[1], weights[-1].shape[0], tuple(w.shape[0] for w in weights[:-1]))
    model.load_state_dict(state["q"])
    return model.to(device).eval()
