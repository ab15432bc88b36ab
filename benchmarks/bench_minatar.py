"""DQN on MinAtar Breakout: the `standard` preset over seeds, with the no-replay ablation,
against the MinAtar paper's DQN at the same number of frames.

Each run trains ``MinAtarConfig.preset(budget, seed=s)`` (``--variant dqn``) or the same
with ``replay=False`` (``no_replay``: each update sees only the latest ``batch_size``
transitions, as in the paper's "DQN without replay") in its own process with one torch
thread, ``--jobs`` at a time. Recorded per run: the moving average of the training returns
over 100 episodes at every 10k frames (the paper's measure: the agent still explores with
ε = 0.1), the final such average, a greedy evaluation (ε = 0.05, 30 games on reset seeds
50,000+, never seen in training) of the final network, wall time and frames per second.
The summary compares the mean over seeds with :data:`course_utils.rl.minatar.PAPER_DQN`.

    nice python benchmarks/bench_minatar.py                       # 3 seeds, both variants
    python benchmarks/bench_minatar.py --seeds 0 --variants dqn --save-checkpoint

``--save-checkpoint`` writes the first seed's DQN agent (float16, ~0.3 MB) and the curves
of every run to ``checkpoints/`` (``minatar_breakout_standard.pt``, ``..._curves.csv``), the
files chapter 05 shows without training. An existing checkpoint is never overwritten.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _timing import machine  # noqa: E402

EVAL_SEED, EVAL_GAMES, EVAL_EPSILON = 50_000, 30, 0.05
CURVE_EVERY = 10_000  # frames between points of the recorded curves
CHECKPOINT = ROOT / "checkpoints" / "minatar_breakout_standard.pt"
CURVES = ROOT / "checkpoints" / "minatar_breakout_standard_curves.csv"


def moving_average_at(steps: np.ndarray, returns: np.ndarray, at: np.ndarray, window: int = 100) -> np.ndarray:
    """The mean of the last ``window`` episode returns finished by each frame count in ``at``
    (NaN before the first episode ends)."""
    out = np.full(len(at), np.nan)
    for k, t in enumerate(at):
        n = int(np.searchsorted(steps, t, side="right"))
        if n:
            out[k] = returns[max(0, n - window):n].mean()
    return out


def one_run(job: tuple[str, str, int, int | None]) -> dict:
    budget, variant, seed, steps = job
    import torch

    torch.set_num_threads(1)
    from course_utils.rl.dqn import evaluate
    from course_utils.rl.minatar import MinAtarConfig, make_minatar_env, train_minatar

    overrides = {"seed": seed}
    if steps is not None:
        overrides["total_steps"] = steps
    if variant == "no_replay":
        overrides["replay"] = False
    config = MinAtarConfig.preset(budget, **overrides)
    start = time.perf_counter()
    result = train_minatar(config, progress=False)
    wall = time.perf_counter() - start
    h = result.history
    every = min(CURVE_EVERY, config.total_steps // 10)  # 10 points at least (smoke)
    at = np.arange(every, config.total_steps + 1, every)
    curve = moving_average_at(h["episode_step"], h["episode_return"], at)
    games = evaluate(result.model, lambda i: make_minatar_env(config.env_id, max_episode_steps=config.eval_max_steps),
                     EVAL_GAMES, seed=EVAL_SEED, epsilon=EVAL_EPSILON)
    state = {k: v.half() for k, v in result.model.state_dict().items()}
    return {"variant": variant, "seed": seed, "budget": budget, "frames": config.total_steps,
            "wall_s": round(wall, 1), "frames_per_s": round(config.total_steps / wall, 1),
            "episodes": len(h["episode_return"]), "final_moving_average": round(float(curve[-1]), 3),
            "curve_frames": at.tolist(), "curve": [round(float(x), 3) for x in curve],
            "eval_mean": round(float(games.mean()), 3), "eval_std": round(float(games.std()), 3),
            "_state": state, "_config": config}


def paper_at(variant: str, frames: int) -> float | None:
    from course_utils.rl.minatar import PAPER_DQN

    points = PAPER_DQN["breakout"][variant]
    return points.get(frames / 1e6)


def save_checkpoint(runs: list[dict]) -> None:
    from course_utils import checkpoint
    from course_utils.rl.dqn_resume import config_dict

    first = next(r for r in runs if r["variant"] == "dqn")
    checkpoint.save({"kind": "minatar_model", "game": "breakout", "q": first["_state"],
                     "config": config_dict(first["_config"]), "seed": first["seed"],
                     "final_moving_average": first["final_moving_average"]}, CHECKPOINT, overwrite=False)
    if CURVES.exists():
        raise FileExistsError(f"{CURVES} exists; move it away first")
    with CURVES.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["variant", "seed", "frames", "moving_average_100"])
        for r in runs:
            for t, v in zip(r["curve_frames"], r["curve"]):
                w.writerow([r["variant"], r["seed"], t, v])
    print(f"wrote {CHECKPOINT.relative_to(ROOT)} and {CURVES.relative_to(ROOT)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--budget", default="standard", choices=("smoke", "standard", "full"))
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--variants", nargs="+", default=["dqn", "no_replay"], choices=("dqn", "no_replay"))
    ap.add_argument("--steps", type=int, default=None, help="frames per run (default: the preset's)")
    ap.add_argument("--jobs", type=int, default=2, help="runs at a time (one torch thread each)")
    ap.add_argument("--save-checkpoint", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "minatar.json")
    args = ap.parse_args()

    jobs = [(args.budget, v, s, args.steps) for v in args.variants for s in args.seeds]
    before = machine()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        runs = list(pool.map(one_run, jobs))
    if args.save_checkpoint:
        save_checkpoint(runs)
    summary, rows = {}, []
    for variant in args.variants:
        mine = [r for r in runs if r["variant"] == variant]
        finals = np.array([r["final_moving_average"] for r in mine])
        frames = mine[0]["frames"]
        paper = paper_at(variant, frames)
        summary[variant] = {"frames": frames, "seeds": [r["seed"] for r in mine],
                            "final_moving_average_mean": round(float(finals.mean()), 3),
                            "final_moving_average_min": round(float(finals.min()), 3),
                            "final_moving_average_max": round(float(finals.max()), 3),
                            "eval_mean": round(float(np.mean([r["eval_mean"] for r in mine])), 3),
                            "paper_at_same_frames": paper,
                            "wall_s_median": float(np.median([r["wall_s"] for r in mine]))}
        rows.append([variant, f"{frames:,}", f"{finals.mean():.2f} [{finals.min():.2f}–{finals.max():.2f}]",
                     "—" if paper is None else f"{paper:.1f}", f"{summary[variant]['eval_mean']:.2f}",
                     f"{summary[variant]['wall_s_median']:.0f}"])
    head = ["variant", "frames", "return (moving avg 100), mean [min–max]", "paper DQN", "greedy eval ε=0.05",
            "wall s (median)"]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    for line in [head, *rows]:
        print("  ".join(f"{x:<{w}}" for x, w in zip(line, widths)))
    report = {"benchmark": "DQN on MinAtar Breakout vs Young & Tian 2019", "machine": before,
              "load_average_after": machine()["load_average"], "jobs": args.jobs,
              "eval": {"games": EVAL_GAMES, "epsilon": EVAL_EPSILON, "seed": EVAL_SEED},
              "summary": summary, "runs": [{k: v for k, v in r.items() if not k.startswith("_")} for r in runs]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
