"""Atari data pipeline: agent steps/s of ``make_atari_env`` vs raw ale-py with the same preprocessing.

Both sides do the same work per agent step: 4 emulator frames with the same action, the
grayscale screens of the last two kept and max-pooled, one ``cv2.resize(..., INTER_AREA)``
to 84×84, a 4-frame stack returned as a fresh array; random actions from one seeded
generator; a reset at game over. The raw side calls ``ale_py.ALEInterface`` directly (no
Gymnasium), so the ratio is the price of the wrappers. Target: ours ≥ 0.8 of raw.

With ``--train-steps N`` it also measures whole-loop training throughput against CleanRL
1.2.0's ``dqn_atari.py`` with the same hyperparameters (MSE loss, no grad clip, batch 32,
train every 4, target every 1,000, a 10k replay, ``N/3`` warm-up steps), one torch thread
each, same machine, same run. Every measurement runs ``--repeats`` times, the sides
interleaved round by round (``benchmarks/_timing.py``): medians, min–max, per-round ratios. CleanRL needs gymnasium 0.29 + ale-py 0.9 + stable-baselines3
in its own virtualenv (``--cleanrl-python``; see bench_dqn.py for fetching its wheel).

    nice -n 10 python benchmarks/bench_atari.py [--steps 5000] [--games Pong Breakout]
    nice -n 10 python benchmarks/bench_atari.py --train-steps 3000 --cleanrl-python VENV/bin/python \\
        --cleanrl-dqn-atari SRC/cleanrl/dqn_atari.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _timing import interleaved, load_average, machine, ratio, spread, table  # noqa: E402

from course_utils.rl.atari import AtariConfig, make_atari_env, train_atari  # noqa: E402


def raw_ale(game: str, steps: int, seed: int = 0) -> float:
    import ale_py
    from ale_py import roms

    ale = ale_py.ALEInterface()
    ale.setLoggerMode(ale_py.LoggerMode.Error)
    ale.setInt("random_seed", seed)
    ale.setFloat("repeat_action_probability", 0.0)
    ale.setInt("frame_skip", 1)
    ale.loadROM(roms.get_rom_path(game.lower()))
    action_set = ale.getMinimalActionSet()
    rng = np.random.default_rng(seed)
    screens = np.zeros((2, 210, 160), np.uint8)
    stack = np.zeros((4, 84, 84), np.uint8)
    ale.reset_game()
    t0 = time.perf_counter()
    for _ in range(steps):
        a = action_set[rng.integers(len(action_set))]
        reward = 0
        for k in range(4):
            reward += ale.act(a)
            if k >= 2:
                ale.getScreenGrayscale(screens[k - 2])
            if ale.game_over():
                break
        frame = cv2.resize(np.maximum(screens[0], screens[1]), (84, 84), interpolation=cv2.INTER_AREA)
        stack[:-1] = stack[1:]
        stack[-1] = frame
        obs = stack.copy()  # what a step hands to the agent
        if ale.game_over():
            ale.reset_game()
    del obs, reward
    return steps / (time.perf_counter() - t0)


def ours(game: str, steps: int, seed: int = 0, training: bool = True) -> float:
    env = make_atari_env(game, training=training, noop_max=0)
    env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    n = env.action_space.n
    t0 = time.perf_counter()
    for _ in range(steps):
        _, _, term, trunc, _ = env.step(int(rng.integers(n)))
        if term or trunc:
            env.reset()
    return steps / (time.perf_counter() - t0)


def training_throughput(steps, repeats, cleanrl_python, cleanrl_dqn_atari, game="Pong"):
    import dataclasses
    import re
    import subprocess
    import tempfile

    import torch

    torch.set_num_threads(1)
    warmup = steps // 3
    cfg = AtariConfig.preset("standard", env_id=game, total_steps=steps, buffer_size=10_000, learning_starts=warmup,
                       eval_every=0, loss="mse", max_grad_norm=float("inf"), end_e=0.01,
                       exploration_fraction=0.1, target_update_every=1_000, seed=1)
    # CleanRL's own SPS counter starts after its set-up (env, ROM, network, replay); time ours the
    # same way by subtracting a 1-step run's time (the same set-up)
    t0 = time.perf_counter()
    train_atari(dataclasses.replace(cfg, total_steps=1, learning_starts=cfg.batch_size), progress=False,
                log=lambda m: None)
    setup = time.perf_counter() - t0

    def ours_run():
        t0 = time.perf_counter()
        train_atari(cfg, progress=False, log=lambda m: None)
        return (steps - 1) / (time.perf_counter() - t0 - setup)

    def cleanrl_run():
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                # gymnasium 0.29 registers the ALE ids only once ale_py is imported; CleanRL's
                # script does not import it, so run it through runpy after the import
                [cleanrl_python, "-c", "import ale_py, runpy, sys; sys.argv = sys.argv[1:]; "
                 "runpy.run_path(sys.argv[0], run_name='__main__')", cleanrl_dqn_atari, "--env-id",
                 f"{game}NoFrameskip-v4", "--seed", "1", "--total-timesteps", str(steps), "--learning-starts",
                 str(warmup), "--buffer-size", "10000", "--cuda", "False"],
                cwd=tmp, capture_output=True, text=True, check=True,
                env={"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
        return float(re.findall(r"SPS: (\d+)", out.stdout)[-1])

    measures = {"course_utils.rl.atari": ours_run}
    if cleanrl_python:
        measures["CleanRL dqn_atari.py"] = cleanrl_run
    runs = interleaved(measures, repeats=repeats)
    print(f"\ntraining throughput, {game}, {steps:,} agent steps ({warmup:,} warm-up), CPU, 1 torch thread,"
          f" {repeats} interleaved rounds")
    print(table(runs, unit="steps/s"))
    lead = ratio(runs, "course_utils.rl.atari", "CleanRL dqn_atari.py") if cleanrl_python else None
    if lead:
        print(f"ratio ours / CleanRL, per round: {spread(lead)}")
    return {"game": game, "steps": steps, "warmup": warmup, "repeats": repeats, "runs_sps": runs,
            "ratio_ours_to_cleanrl": lead}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=5_000)
    ap.add_argument("--games", nargs="*", default=["Pong", "Breakout"])
    ap.add_argument("--repeats", type=int, default=5, help="interleaved rounds (benchmarks/_timing.py)")
    ap.add_argument("--train-steps", type=int, default=0, help="also time whole training loops")
    ap.add_argument("--skip-pipeline", action="store_true", help="only the training comparison")
    ap.add_argument("--cleanrl-python", default=None)
    ap.add_argument("--cleanrl-dqn-atari", default=None)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "atari.json")
    args = ap.parse_args()
    rows = []
    for game in [] if args.skip_pipeline else args.games:
        runs = interleaved({"raw ale-py": lambda g=game: raw_ale(g, args.steps),
                            "ours (eval)": lambda g=game: ours(g, args.steps, training=False),
                            "ours (train)": lambda g=game: ours(g, args.steps, training=True)},
                           repeats=args.repeats)
        rows.append({"game": game, "runs_sps": runs, "ratio_eval": ratio(runs, "ours (eval)", "raw ale-py"),
                     "ratio_train": ratio(runs, "ours (train)", "raw ale-py")})
    print(f"agent steps/s (4 frames each), {args.steps:,} steps, median [min–max] of {args.repeats}"
          " interleaved rounds, one core")
    print(f"{'game':<10}{'raw ale-py':>22}{'ours (eval)':>22}{'ours (train)':>22}{'ratio train/raw':>22}")
    for r in rows:
        print(f"{r['game']:<10}" + "".join(f"{spread(r['runs_sps'][k], 4):>22}" for k in
                                           ("raw ale-py", "ours (eval)", "ours (train)"))
              + f"{spread(r['ratio_train']):>22}")
    report = {"machine": machine(), "steps": args.steps, "repeats": args.repeats, "rows": rows}
    if args.skip_pipeline:  # keep the pipeline table of the last full run
        previous = args.out
        report = json.loads(previous.read_text()) if previous.exists() else report
    if args.train_steps:
        report["training"] = training_throughput(args.train_steps, args.repeats, args.cleanrl_python,
                                                 args.cleanrl_dqn_atari)
    report["load_average_after"] = load_average()
    out = args.out
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
