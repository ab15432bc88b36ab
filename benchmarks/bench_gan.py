"""Mode coverage of GANs on the ring of 8 and the 5×5 grid, beside VEEGAN's and PacGAN's Table 1.

Protocol (VEEGAN/PacGAN): ring of 8 Gaussians (radius 2, σ 0.02) and 5×5 grid (σ 0.05),
2,500 generated samples per run, a sample is high quality within 3σ of its nearest mode, a
mode is covered when it is the nearest mode of at least one high-quality sample; mean (and
min) over 5 seeds. Our networks are much smaller than the papers' (3 hidden ReLU layers of 64,
or 128 for the ``-wide`` variant; 2-D noise) and runs short (3,000 iterations by default) so
that 5 seeds run in minutes on 2 CPU cores. The WGAN rows were run with ``--iterations 2000``
(each iteration has 5 critic steps); the JSON of the last command also holds the GAN rows of
the earlier ones (``--include``; the stored wgan.json got its gan_wide_ring15k rows merged
afterwards with the same code, since that run finished later).

Prints a table and writes ``benchmarks/results/<name>.json``:

    nice -n 10 .venv/bin/python benchmarks/bench_gan.py                      # issue 8 variants
    nice -n 10 .venv/bin/python benchmarks/bench_gan.py --variants gan-r1-wide --iterations 10000 --name gan_wide
    nice -n 10 .venv/bin/python benchmarks/bench_gan.py --variants gan-r1-wide --iterations 15000 --data ring \
        --name gan_wide_ring15k
    nice -n 10 .venv/bin/python benchmarks/bench_gan.py --variants wgan,wgan-gp-tuned --iterations 2000 \
        --name wgan --include benchmarks/results/gan.json,benchmarks/results/gan_wide.json,\
benchmarks/results/gan_wide_ring15k.json
    nice -n 10 .venv/bin/python benchmarks/bench_gan.py --variants wgan-gp-toy,gan-r1-wide --iterations 0 \
        --eval-every 800 --jobs 2 --name wgan_gp_toy     # WGAN-GP at the targets, GAN + R1 beside it

With ``--iterations 0`` each variant runs its own iterations per data set (``OWN_ITERATIONS``:
the WGAN-GP preset's ``TOY_ITERATIONS``, ``R1_WIDE_ITERATIONS`` for GAN + R1; the other variants
have none and stop with an error); with ``--eval-every`` every run
records its curve and its time to the targets, both variants in the same run and machine state.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import itertools
import json
import multiprocessing as mp
import platform
import time
from pathlib import Path

import numpy as np
import torch

import course_utils as cu

ROOT = Path(__file__).resolve().parents[1]


#: the variants :func:`variant_config` knows (``--variants``, comma-separated)
VARIANTS = ("gan", "gan-r1", "gan-r1-wide", "gan-minimax", "lsgan", "wgan", "wgan-gp", "wgan-gp-tuned",
            "wgan-gp-toy", "wgan-gp-toy-full-penalty")
#: ``gan-r1-wide`` with ``--iterations 0``: the runs that met the targets (gan_wide*.json)
R1_WIDE_ITERATIONS = {"ring": 15_000, "grid": 10_000}
#: the variants that have their own iterations per data set, which ``--iterations 0`` runs
OWN_ITERATIONS = {"gan-r1-wide": R1_WIDE_ITERATIONS, "wgan-gp-toy": cu.gan.wgan.TOY_ITERATIONS,
                  "wgan-gp-toy-full-penalty": cu.gan.wgan.TOY_ITERATIONS}


def own_iterations(name: str, data: str) -> int:
    """The iterations ``--iterations 0`` gives variant ``name`` on ``data`` (a clear error if none)."""
    lengths = OWN_ITERATIONS.get(name, {})
    if data not in lengths:
        have = [f"{v} on {'/'.join(sorted(d))}" for v, d in OWN_ITERATIONS.items()]
        raise ValueError(f"--iterations 0 runs a variant's own length, and {name!r} has none on {data!r};"
                         f" expected one of: {', '.join(have)} (or give --iterations N)")
    return lengths[data]


def variant_config(name: str, data: str, seed: int, iterations: int) -> cu.gan.GANConfig:
    """The settings of each variant (shared: networks, batch 256, 2,500 evaluation samples);
    ``iterations`` 0: the variant's own per data set (:data:`OWN_ITERATIONS`)."""
    if name not in VARIANTS:
        raise ValueError(f"unknown variant {name!r}; expected one of {', '.join(VARIANTS)}")
    iterations = iterations or own_iterations(name, data)
    base = cu.gan.GANConfig(data=data, seed=seed, iterations=iterations, eval_every=iterations,
                            n_eval=2500, lr_decay=True)
    if name == "gan":  # non-saturating, Adam 1e-3, β (0.5, 0.999), linear lr decay
        return base
    if name == "gan-r1":  # + R1 penalty γ = 1 on real data (notebook 07's default run)
        return dataclasses.replace(base, penalty=cu.gan.R1Penalty(1.0))
    if name == "gan-r1-wide":  # + R1, 128-unit layers in G and D (reaches the grid target)
        return dataclasses.replace(base, penalty=cu.gan.R1Penalty(1.0), g_hidden=128, d_hidden=128)
    if name == "gan-minimax":
        return dataclasses.replace(base, loss="minimax")
    if name == "lsgan":
        return dataclasses.replace(base, loss="least_squares")
    if name == "wgan":  # Arjovsky et al.: RMSProp 5e-5, clip 0.01, n_critic 5 (paper settings)
        return cu.gan.wgan_config(base, lr_decay=False)
    if name == "wgan-gp":  # Gulrajani et al.: λ 10, Adam 1e-4, β (0.5, 0.9), n_critic 5
        return cu.gan.wgan_gp_config(base, lr_decay=False)
    if name == "wgan-gp-tuned":  # see notebook 09: faster lr with decay
        return cu.gan.wgan_gp_config(base, lr_d=1e-3, lr_g=1e-3, lr_decay=True)
    if name == "wgan-gp-toy":  # the named preset for the targets: λ 0.1, β (0.5, 0.9), 128 units, decay
        return cu.gan.wgan_gp_toy_config(base, iterations=iterations)
    if name == "wgan-gp-toy-full-penalty":  # the same, the penalty on all 256 pairs: what the subset saves
        return cu.gan.wgan_gp_toy_config(base, penalty=cu.gan.GradientPenalty(0.1), iterations=iterations)
    raise AssertionError(f"variant {name!r} is in VARIANTS but has no settings")


TARGETS = {"ring": (8, 95.0), "grid": (25, 90.0)}  # issue 19: all modes and % high quality


def run_one(variant: str, data: str, seed: int, iterations: int, eval_every: int = 0,
            threads: int = 1) -> dict:
    """One seed: final modes and % high quality, and with ``eval_every`` the curve and the
    first evaluation that meets :data:`TARGETS` (its seconds: the run's rate times iterations)."""
    torch.set_num_threads(threads)
    cfg = variant_config(variant, data, seed, iterations)
    cfg = dataclasses.replace(cfg, eval_every=eval_every or cfg.iterations)
    start = time.perf_counter()
    run = cu.gan.train_gan(cfg, progress=False)
    seconds = time.perf_counter() - start
    ref = cu.gan.make_dataset(data, 10, seed=0)
    modes, hq = cu.gan.mode_metrics(run.sample(), ref.centers, ref.std)
    row = {"variant": variant, "data": data, "seed": seed, "modes": modes,
           "high_quality": 100 * hq, "seconds": seconds}
    if eval_every:
        h = run.history
        row["curve"] = {"iteration": h["eval_iteration"].tolist(), "modes": h["modes"].tolist(),
                        "high_quality": [round(100 * q, 2) for q in h["high_quality"].tolist()]}
        need_modes, need_hq = TARGETS.get(data, (None, None))
        hit = next((int(it) for it, m, q in zip(h["eval_iteration"], h["modes"], h["high_quality"])
                    if need_modes is not None and m >= need_modes and 100 * q >= need_hq), None)
        row["iterations_to_target"] = hit
        row["seconds_to_target"] = None if hit is None else round(seconds * hit / cfg.iterations, 1)
    row["iterations"] = cfg.iterations
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="gan,gan-r1")
    parser.add_argument("--data", default="ring,grid")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=1, help="torch threads per run")
    parser.add_argument("--jobs", type=int, default=1, help="runs at a time (processes)")
    parser.add_argument("--eval-every", type=int, default=0,
                        help="evaluate every N iterations: learning curves and time to the targets")
    parser.add_argument("--name", default="gan", help="writes benchmarks/results/<name>.json")
    parser.add_argument("--out", type=Path, default=None, help="write the JSON here instead")
    parser.add_argument("--include", default=None,
                        help="comma-separated result JSONs whose rows are shown too (same protocol)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    variants, datasets = args.variants.split(","), args.data.split(",")
    if args.iterations < 0:
        parser.error(f"--iterations must be >= 0 (0: each variant's own), got {args.iterations}")
    for v, d in itertools.product(variants, datasets):  # every setting checked before any run starts
        try:
            variant_config(v, d, 0, args.iterations).validate()
        except ValueError as e:
            parser.error(str(e))

    runs, summary = [], []
    jobs = [(v, d, seed, args.iterations, args.eval_every, args.threads)
            for d in datasets for v in variants for seed in range(args.seeds)]
    if args.jobs > 1:
        with concurrent.futures.ProcessPoolExecutor(args.jobs, mp_context=mp.get_context("spawn")) as pool:
            done = list(pool.map(run_one, *zip(*jobs)))
    else:
        done = [run_one(*job) for job in jobs]
    for data in datasets:
        for variant in variants:
            rows = [r for r in done if r["data"] == data and r["variant"] == variant]
            runs += rows
            modes = np.array([r["modes"] for r in rows])
            hq = np.array([r["high_quality"] for r in rows])
            summary.append({"data": data, "method": f"ours: {variant}", "modes": float(modes.mean()),
                            "modes_min": int(modes.min()), "high_quality": float(hq.mean()),
                            "high_quality_min": float(hq.min()),
                            "seconds_per_run": float(np.mean([r["seconds"] for r in rows]))})
            if args.eval_every:
                hits = [r["seconds_to_target"] for r in rows]
                summary[-1]["seeds_at_target"] = sum(h is not None for h in hits)
                summary[-1]["seconds_to_target_max"] = None if None in hits else max(hits)
            print(f"{data:5s} {variant:14s} modes {modes.tolist()} hq {np.round(hq, 1).tolist()}", flush=True)

    included = []
    for path in filter(None, (args.include or "").split(",")):  # e.g. the GAN rows beside the WGAN rows
        if not Path(path).exists():
            print(f"(--include {path} not found; its rows are left out)")
            continue
        earlier = json.loads(Path(path).read_text())
        included += [dict(s, method=s["method"] + f" [{Path(path).name}, {earlier['settings']['iterations']} it]")
                     for s in earlier["summary"] if s["data"] in datasets and "[" not in s["method"]]
    summary = included + summary
    n_modes = {"ring": 8, "grid": 25}
    print(f"\n{'data':5s} {'method':30s} {'modes':>7s} {'(min)':>6s} {'% HQ':>7s} {'(min)':>6s} {'s/run':>7s}")
    for data in datasets:
        for method, (m, q) in cu.gan.PUBLISHED.get(data, {}).items():
            print(f"{data:5s} {'paper: ' + method:30s} {m:7.1f} {'':6s} {q:7.1f}")
        for s in (s for s in summary if s["data"] == data):
            print(f"{data:5s} {s['method']:30s} {s['modes']:7.1f} {s['modes_min']:6d} {s['high_quality']:7.1f} "
                  f"{s['high_quality_min']:6.1f} {s['seconds_per_run']:7.1f}")
        print(f"{'':5s} (of {n_modes.get(data, '?')} modes)")

    out = args.out or ROOT / "benchmarks" / "results" / f"{args.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "benchmark": "mode coverage on toy 2-D data (VEEGAN/PacGAN protocol)",
        "settings": {"iterations": args.iterations, "seeds": args.seeds, "n_eval": 2500,
                     "threads": args.threads, "jobs": args.jobs, "eval_every": args.eval_every,
                     "targets": TARGETS, "variants": variants, "datasets": datasets},
        "machine": {"platform": platform.platform(), "processor": platform.processor(),
                    "torch": torch.__version__, "note": "2 shared CPU cores"},
        "published": cu.gan.PUBLISHED, "summary": summary, "runs": runs}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
