"""DQN on CartPole-v1: quality over seeds (standard preset) and throughput vs CleanRL's dqn.py.

Quality: train ``DQNConfig.preset("standard", seed=s)`` for each seed, then play 20 greedy
episodes (reset seeds 1000..1019, never used in training or model selection) with the
best network of the periodic evaluations and with the final network. Target: mean ≥ 475
on at least 4 of 5 seeds.

Throughput: the whole training loop (acting, storing, learning) with CleanRL's default
CartPole hyperparameters (lr 2.5e-4, buffer 10k, batch 128, train every 10 steps, target
every 500, MLP 120-84, MSE loss, no grad clip, no evaluation) for the same number of
steps, one torch thread each, same machine, same run, each side timed from its loop on (as
CleanRL's own SPS count: one-time imports and set-up left out), interleaved over ``--repeats`` rounds
(``benchmarks/_timing.py``): the table gives each side's median and min–max and the per-round
ratio ours / CleanRL. CleanRL 1.2.0 needs gymnasium 0.29, so
its wheel is fetched with pip into a virtualenv of its own, ``.bench-cache/cleanrl`` (git-ignored,
built on the first run and reused); pass
``--cleanrl-python`` to reuse an existing one (a python with gymnasium 0.29,
stable-baselines3, tyro, tensorboard and torch) and ``--cleanrl-dqn`` for its dqn.py.

    nice -n 10 python benchmarks/bench_dqn.py                       # everything
    python benchmarks/bench_dqn.py --seeds 0 --skip-throughput --save-checkpoint
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _timing import interleaved, load_average, machine, ratio, spread, table  # noqa: E402

from course_utils import checkpoint  # noqa: E402
from course_utils.rl.dqn import DQNConfig, evaluate, train_dqn  # noqa: E402

EVAL_SEED, EVAL_EPISODES = 1_000, 20


def quality(seeds, save_checkpoint, budget="standard"):
    rows = []
    for seed in seeds:
        cfg = DQNConfig.preset(budget, seed=seed)
        t0 = time.perf_counter()
        result = train_dqn(cfg, progress=False)
        wall = time.perf_counter() - t0
        best = evaluate(result.best_model, cfg.env_id, EVAL_EPISODES, seed=EVAL_SEED)
        final = evaluate(result.model, cfg.env_id, EVAL_EPISODES, seed=EVAL_SEED)
        rows.append({"seed": seed, "steps": result.steps, "wall_s": round(wall, 1),
                     "best_eval_during_training": float(result.history["eval_return"].max()),
                     "greedy_return_best": float(best.mean()), "greedy_return_final": float(final.mean())})
        print(f"seed {seed}: {wall:6.1f} s  best-net {best.mean():6.1f}  final-net {final.mean():6.1f}", flush=True)
        if save_checkpoint and seed == seeds[0]:
            path = ROOT / "checkpoints" / "dqn_cartpole.pt"
            checkpoint.save({"kind": "dqn_model", "config": {**vars(cfg), "hidden": list(cfg.hidden)},
                             "q": result.best_model.state_dict(), "eval_return": float(best.mean()),
                             "history": {k: v.tolist() for k, v in result.history.items()}},
                            path, overwrite=True)
            note = {"file": "dqn_cartpole.pt", "what": f"best network of DQNConfig.preset('standard', seed={seed})",
                    "command": f"nice -n 10 python benchmarks/bench_dqn.py --seeds {seed} --skip-throughput --save-checkpoint",
                    "machine": f"{platform.machine()} CPU, 2 shared cores, torch {torch.__version__}, 1 torch thread",
                    "wall_time_s": round(wall, 1), "env_steps": result.steps,
                    "greedy_return_20_episodes": float(best.mean()), "eval_reset_seeds": f"{EVAL_SEED}..{EVAL_SEED + EVAL_EPISODES - 1}"}
            (ROOT / "checkpoints" / "dqn_cartpole.json").write_text(json.dumps(note, indent=2) + "\n")
    return rows


CLEANRL_ARGS = dict(learning_rate=2.5e-4, buffer_size=10_000, batch_size=128, gamma=0.99, tau=1.0,
                    target_update_every=500, train_every=10, gradient_steps=1, start_e=1.0, end_e=0.05,
                    exploration_fraction=0.5, learning_starts=10_000, hidden=(120, 84), loss="mse",
                    max_grad_norm=float("inf"), eval_every=0)


CACHE = ROOT / ".bench-cache" / "cleanrl"  # git-ignored; built once, then reused


def cleanrl_env(work: Path = CACHE):
    """A virtualenv with CleanRL 1.2.0's dqn.py and its gymnasium 0.29 stack, built in ``work``
    the first time (a minute or two from the package registry) and reused after that."""
    py, dqn = work / "venv" / "bin" / "python", work / "cleanrl" / "dqn.py"
    if (work / "ready").exists():
        return py, dqn
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(work / "venv")], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q", f"torch=={torch.__version__.split('+')[0]}",
                    "gymnasium==0.29.1", "stable-baselines3==2.3.2", "tyro", "tensorboard"], check=True)
    subprocess.run([py, "-m", "pip", "download", "-q", "--no-deps", "--python-version", "3.10",
                    "--only-binary=:all:", "cleanrl==1.2.0", "-d", str(work)], check=True)
    wheel = next(work.glob("cleanrl-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extract("cleanrl/dqn.py", work)
    (work / "ready").write_text("CleanRL 1.2.0 dqn.py, gymnasium 0.29.1, stable-baselines3 2.3.2\n")
    return py, dqn


def throughput(steps, repeats, cleanrl_python, cleanrl_dqn):
    """Steps/s of the whole loop, ours and CleanRL's, interleaved over ``repeats`` rounds."""

    def ours():  # a fresh process each round, as CleanRL's
        out = subprocess.run([sys.executable, __file__, "--_one-race", str(steps)], capture_output=True,
                             text=True, check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
        return float(out.stdout.split()[-1])

    with tempfile.TemporaryDirectory() as tmp:
        if cleanrl_python is None:
            cleanrl_python, cleanrl_dqn = cleanrl_env()

        def cleanrl():
            out = subprocess.run(
                [str(cleanrl_python), str(cleanrl_dqn), "--seed", "1", "--total-timesteps", str(steps),
                 "--cuda", "False"], cwd=tmp, capture_output=True, text=True, check=True,
                env={"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
            return float(re.findall(r"SPS: (\d+)", out.stdout)[-1])  # its own count, at the end

        load_before = load_average()
        runs = interleaved({"course_utils.rl.dqn": ours, "CleanRL 1.2.0 dqn.py": cleanrl}, repeats=repeats)
    lead = ratio(runs, "course_utils.rl.dqn", "CleanRL 1.2.0 dqn.py")
    print(f"\nthroughput over {steps:,} steps, 1 torch thread each, {repeats} interleaved rounds")
    print(table(runs, unit="steps/s"))
    print(f"ratio ours / CleanRL, per round: {spread(lead)}")
    return {"steps": steps, "repeats": repeats, "runs": runs, "ratio_ours_to_cleanrl": lead,
            "load_average_before": load_before, "load_average_after": load_average()}


def one_race(steps: int) -> float:
    """Our side of one round: steps/s of ``train_dqn`` with CleanRL's settings.

    Timed as CleanRL times itself: its SPS counts from just before its loop, after its envs,
    networks, replay buffer and Adam exist; building the first Adam imports ``torch._dynamo``
    (seconds: a third of a 30k-step run), which CleanRL's count leaves out. So that one-time
    import is paid here before the clock starts; ``train_dqn``'s own set-up (envs, networks,
    replay, optimizer) stays inside the timed call, a little more than CleanRL counts.
    """
    torch.set_num_threads(1)
    torch.optim.Adam([torch.zeros(1, requires_grad=True)])  # torch's lazy first-use imports
    cfg = DQNConfig(total_steps=steps, seed=1, **CLEANRL_ARGS)
    t0 = time.perf_counter()
    train_dqn(cfg, progress=False)
    return steps / (time.perf_counter() - t0)


def main():
    if sys.argv[1:2] == ["--_one-race"]:  # the child process of one throughput round
        print(one_race(int(sys.argv[2])))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2, 3, 4])
    ap.add_argument("--save-checkpoint", action="store_true", help="save the first seed's best net")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--throughput-steps", type=int, default=30_000)
    ap.add_argument("--repeats", type=int, default=5, help="interleaved rounds of the throughput race")
    ap.add_argument("--cleanrl-python", default=None)
    ap.add_argument("--cleanrl-dqn", default=None)
    ap.add_argument("--budget", default="standard", choices=["smoke", "standard", "full"],
                    help="DQNConfig preset of the quality runs (smoke: proves the code path only)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "dqn.json")
    args = ap.parse_args()
    torch.set_num_threads(1)
    report = {"machine": machine()}
    if args.seeds:
        rows = quality(args.seeds, args.save_checkpoint, args.budget)
        ok = sum(r["greedy_return_best"] >= 475 for r in rows)
        print(f"\n{'seed':>4}{'wall s':>9}{'best net':>10}{'final net':>11}")
        for r in rows:
            print(f"{r['seed']:>4}{r['wall_s']:>9.1f}{r['greedy_return_best']:>10.1f}{r['greedy_return_final']:>11.1f}")
        print(f"seeds with greedy return ≥ 475 (best net, {EVAL_EPISODES} episodes): {ok}/{len(rows)}")
        report["quality"] = {"rows": rows, "seeds_at_475": ok, "target": "≥ 4 of 5"}
    if not args.skip_throughput:
        report["throughput"] = throughput(args.throughput_steps, args.repeats, args.cleanrl_python,
                                          args.cleanrl_dqn)
    out = args.out
    if len(args.seeds) > 1 or not args.skip_throughput or out != ap.get_default("out"):
        previous = json.loads(out.read_text()) if out.exists() else {}
        kept = {k: v for k, v in previous.items() if k not in report and k != "machine"}  # the other part's
        out.write_text(json.dumps({**report, **kept}, indent=2) + "\n")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
