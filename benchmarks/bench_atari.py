"""Atari data pipeline: agent steps/s of ``make_atari_env`` vs raw ale-py with the same preprocessing.

Both sides do the same work per agent step: 4 emulator frames with the same action, the
grayscale screens of the last two kept and max-pooled, one ``cv2.resize(..., INTER_AREA)``
to 84×84, a 4-frame stack returned as a fresh array; random actions from one seeded
generator; a reset at game over. The raw side calls ``ale_py.ALEInterface`` directly (no
Gymnasium), so the ratio is the price of the wrappers. Target: ours ≥ 0.8 of raw.

    nice -n 10 python benchmarks/bench_atari.py [--steps 5000] [--games Pong Breakout]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_utils.atari import make_atari_env  # noqa: E402


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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=5_000)
    ap.add_argument("--games", nargs="*", default=["Pong", "Breakout"])
    ap.add_argument("--repeats", type=int, default=3, help="alternating runs; the best of each is kept")
    args = ap.parse_args()
    rows = []
    for game in args.games:
        best_raw = best_eval = best_train = 0.0
        for _ in range(args.repeats):  # alternate so that load changes hit both sides alike
            best_raw = max(best_raw, raw_ale(game, args.steps))
            best_eval = max(best_eval, ours(game, args.steps, training=False))
            best_train = max(best_train, ours(game, args.steps, training=True))
        rows.append({"game": game, "raw_ale_sps": round(best_raw), "make_atari_env_eval_sps": round(best_eval),
                     "make_atari_env_train_sps": round(best_train),
                     "ratio_eval": round(best_eval / best_raw, 3), "ratio_train": round(best_train / best_raw, 3)})
    print(f"agent steps/s (4 frames each), {args.steps:,} steps, best of {args.repeats}, one core")
    print(f"{'game':<10}{'raw ale-py':>12}{'ours (eval)':>13}{'ours (train)':>14}{'ratio':>8}")
    for r in rows:
        print(f"{r['game']:<10}{r['raw_ale_sps']:>12}{r['make_atari_env_eval_sps']:>13}"
              f"{r['make_atari_env_train_sps']:>14}{r['ratio_train']:>8.2f}")
    print("ratio = ours (training wrappers: + episodic life, reward clipping) / raw; target ≥ 0.8")
    out = ROOT / "benchmarks" / "results" / "atari.json"
    out.write_text(json.dumps({"machine": f"{platform.machine()}, 2 shared CPU cores", "steps": args.steps,
                               "rows": rows}, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
