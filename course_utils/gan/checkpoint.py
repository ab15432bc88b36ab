"""Checkpoints of the toy-GAN loop: exact resume of :func:`~course_utils.gan.train.train_gan`.

A checkpoint holds what the loop's next iteration depends on: both networks and optimisers,
the iteration count, the fixed evaluation noise, the data stream's and the noise stream's
generator states, the global random states (the gradient penalty draws from torch's), and
the record so far (losses, metrics, snapshots). Callable settings
(a gradient penalty, weight clipping) are stored as their description and compared, not
pickled, so files load with ``weights_only=True``.
"""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import numpy as np
import torch

from .. import checkpoint as ckpt

__all__ = ["save_run", "load_run"]


def _describe(value) -> object:
    """A callable setting (penalty, clipping) as stable text for comparing configs."""
    if value is None or not callable(value):
        return value
    if inspect.isfunction(value) or inspect.isclass(value):
        return f"{value.__module__}.{value.__qualname__}"
    return repr(value)  # dataclass instances: GradientPenalty(lam=10.0, samples=None), WeightClip(c=0.01)


def _config_dict(cfg) -> dict:
    """The run's settings but ``iterations`` (what one call runs), checkpoint-safe."""
    d = {f.name: _describe(getattr(cfg, f.name)) for f in dataclasses.fields(cfg)}
    d.pop("iterations")
    d["betas"] = list(d["betas"])
    return d


def save_run(run, path: str | Path) -> None:
    """Write a :class:`~course_utils.gan.train.GANResult` to ``path`` (replacing the file)."""
    ckpt.save({"kind": "gan", "config": _config_dict(run.config), "iteration": run.iteration,
               "G": run.G.state_dict(), "D": run.D.state_dict(),
               "opt_g": run.opt_g.state_dict(), "opt_d": run.opt_d.state_dict(),
               "z_eval": run.z_eval.cpu(), "rng": run.rng.bit_generator.state,
               "torch_gen": run.torch_gen.get_state(), "global_rng": ckpt.rng_state(), "log": run.log,
               "snapshot_iterations": [s.iteration for s in run.snapshots],
               "snapshots": torch.as_tensor(np.array([s.fake for s in run.snapshots]))},
              path, overwrite=True)


def load_run(path: str | Path, config, run):
    """Fill ``run`` (a fresh result of ``config``) with the checkpoint at ``path``.

    Raises:
        ValueError: not a GAN checkpoint, or one of another config (the differing fields named).
    """
    state = ckpt.load(path, kind="gan")
    diff = ckpt.config_diff(state["config"], _config_dict(config))
    if diff:
        raise ValueError(f"{path} was trained with another config (saved, given): {diff}")
    run.G.load_state_dict(state["G"])
    run.D.load_state_dict(state["D"])
    run.opt_g.load_state_dict(state["opt_g"])
    run.opt_d.load_state_dict(state["opt_d"])
    run.iteration, run.z_eval = state["iteration"], state["z_eval"]
    run.rng.bit_generator.state = state["rng"]
    run.torch_gen.set_state(state["torch_gen"])
    ckpt.set_rng_state(state["global_rng"])  # WGAN-GP's interpolation draws from torch's global stream
    run.log = {k: list(v) for k, v in state["log"].items()}
    from .train import Snapshot  # train imports this module

    run.snapshots = [Snapshot(i, fake.numpy()) for i, fake in zip(state["snapshot_iterations"], state["snapshots"])]
    return run
