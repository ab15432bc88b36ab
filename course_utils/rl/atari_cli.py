"""The command line of long Atari runs: train or resume a run in a folder, then evaluate,
save the fp16 agent and a video.

    python -m course_utils.rl.atari train --game Pong --budget full --out runs/pong

(``python -m course_utils.rl.atari_cli`` is the same.) The folder holds ``checkpoint.pt``
(a second call resumes from it), ``config.json``, ``scalars.csv`` (written at every
evaluation), and when the run finishes ``model_fp16.pt``, ``agent.webm`` (plays in browsers) and
``summary.json``. With ``--tensorboard`` the same scalars also go to ``tensorboard/`` as they come
(``tensorboard --logdir runs``); a resumed call carries on where the last one stopped, without
duplicate points.

>>> main(["train", "--help"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
SystemExit: 0
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

from .._core import BUDGETS
from ..checkpoint import config_diff, save
from .atari import AtariConfig, make_atari_env, record_video, train_atari
from .dqn import evaluate

__all__ = ["main"]


def _check_same_run(path: Path, settings: dict) -> None:
    """Refuse an ``--out`` folder that holds a run with other settings, before touching it."""
    if not path.exists():
        return
    diff = config_diff(json.loads(path.read_text()), json.loads(json.dumps(settings)))
    if diff:
        raise SystemExit(f"{path.parent} holds a run with other settings (saved, asked): {diff}; "
                         "choose another --out, or ask for the same settings to resume it")


#: (step key, value key) of every scalar the CSV and TensorBoard get
SCALARS = (("eval_step", "eval_return"), ("episode_step", "episode_return"), ("train_step", "loss"),
           ("train_step", "q_mean"), ("train_step", "epsilon"))


class _TensorBoard:
    """The history's scalars as TensorBoard events in ``folder``, the points after ``after`` only.

    A resumed run passes the step its last call reached (``summary.json``): TensorBoard's
    ``purge_step`` then hides anything an interrupted call wrote beyond it, and the points are
    written once.
    """

    def __init__(self, folder: Path, after: int = 0):
        try:
            from torch.utils.tensorboard import SummaryWriter
        except ImportError as e:  # pragma: no cover - tensorboard is in the atari extra
            raise SystemExit("--tensorboard needs the tensorboard package: pip install tensorboard") from e
        self.after = after
        self.written = {key: after for _, key in SCALARS}  # per scalar: the last step written
        self.writer = SummaryWriter(str(folder), purge_step=after + 1 if after else None)

    def __call__(self, history: dict) -> None:
        for step_key, key in SCALARS:
            for s, v in zip(history[step_key], history[key]):
                if s > self.written[key]:
                    self.writer.add_scalar(key, float(v), int(s))
                    self.written[key] = int(s)
        self.writer.flush()

    def close(self) -> None:
        self.writer.close()


def _write_csv(path: Path, history: dict) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "name", "value"])
        for step_key, key in SCALARS:
            for s, v in zip(history[step_key], history[key]):
                w.writerow([int(s), key, float(v)])
    os.replace(tmp, path)


def main(argv=None) -> int:
    """``python -m course_utils.rl.atari train --game Pong --budget smoke --out runs/pong``."""
    ap = argparse.ArgumentParser(prog="python -m course_utils.rl.atari", description="DQN on Atari")
    sub = ap.add_subparsers(dest="command", required=True)
    tr = sub.add_parser("train", help="train (or resume) a run in --out")
    tr.add_argument("--game", default="Pong")
    tr.add_argument("--budget", default=None, choices=list(BUDGETS))
    tr.add_argument("--out", required=True, type=Path)
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--num-envs", type=int, default=1)
    tr.add_argument("--total-steps", type=int, default=None, help="override the preset")
    tr.add_argument("--checkpoint-every", type=int, default=None, help="env steps (default: eval_every or 10%%)")
    tr.add_argument("--until-step", type=int, default=None, help="stop this call early (resume later)")
    tr.add_argument("--device", default=None, help="cpu, cuda or mps (default: best available)")
    tr.add_argument("--video-steps", type=int, default=3_000, help="max agent steps in the final video")
    tr.add_argument("--no-progress", action="store_true")
    tr.add_argument("--tensorboard", action="store_true", help="also log the scalars to OUT/tensorboard")
    args = ap.parse_args(argv)

    from .._core import get_device

    overrides = {"seed": args.seed, "num_envs": args.num_envs}
    if args.total_steps is not None:
        overrides["total_steps"] = args.total_steps
    config = AtariConfig.preset(args.budget, env_id=args.game, **overrides)
    device = get_device(args.device)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    ckpt_path = out / "checkpoint.pt"
    resume = ckpt_path if ckpt_path.exists() else None
    every = args.checkpoint_every or config.eval_every or max(1, config.total_steps // 10)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    log(f"{'resuming' if resume else 'starting'} {args.game} on {device} → {out}")
    settings = {**vars(config), "hidden": list(config.hidden)}
    _check_same_run(out / "config.json", settings)
    if not (out / "config.json").exists():  # one that exists holds these very settings (checked above)
        (out / "config.json").write_text(json.dumps(settings, indent=2))
    board = None
    if args.tensorboard:
        previous = out / "summary.json"
        after = json.loads(previous.read_text())["steps"] if resume and previous.exists() else 0
        board = _TensorBoard(out / "tensorboard", after=after)

    def on_eval(step, hist):
        _write_csv(out / "scalars.csv", hist)
        if board is not None:
            board(hist)

    t0 = time.time()
    result = train_atari(config, device=device, checkpoint_path=ckpt_path, checkpoint_every=every,
                         resume=resume, until_step=args.until_step, on_eval=on_eval,
                         progress=not args.no_progress, log=log)
    on_eval(result.steps, result.history)
    if board is not None:
        board.close()
    wall = time.time() - t0
    summary = {"game": args.game, "steps": result.steps, "finished": result.finished,
               "wall_time_s_this_call": round(wall, 1), "device": str(device)}
    if result.finished:
        cap = config.eval_max_steps  # the Nature protocol's 5 minutes of play a game
        scores = evaluate(result.best_model, lambda i: make_atari_env(args.game, training=False,
                                                                      max_episode_steps=cap),
                          episodes=config.eval_episodes, seed=20_000 + config.seed, device=device)
        summary["eval_return_mean"] = float(scores.mean())
        save({"kind": "atari_model", "q": {k: v.half().cpu() for k, v in result.best_model.state_dict().items()},
              "game": args.game, "eval_return": float(scores.mean()), "steps": result.steps},
             out / "model_fp16.pt", overwrite=True)
        video = record_video(result.best_model, args.game, out / "agent.webm", device=device,
                             max_steps=args.video_steps, seed=config.seed)
        summary["video"] = video.name
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    log(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
