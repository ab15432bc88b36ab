"""Do the chapters' training claims hold on any machine? Re-run them over seeds and threads.

A claim a notebook asserts under the ``standard`` budget must not depend on the machine.
Another thread count, another BLAS or another CPU changes the rounding of every sum, and
a training run's trajectory then diverges as if it had another seed. So each claim below
is re-run with the notebook's settings over several seeds and with 1 and 2 torch threads,
and the table shows the margin of each assert (its worst case over the runs).

    python benchmarks/claims_over_seeds.py --seeds 5 --json benchmarks/results/claims.json

The settings are the notebooks' own: the configurations are built by the same calls.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

import course_utils as cu


def gan_ring(seed: int, budget: str = "standard") -> dict:
    """07: GAN + R1 on the ring, 10k iterations: all 8 modes, >= 90 % high quality."""
    ring = cu.gan.ring(2500, seed=0)  # as the chapter
    config = cu.gan.GANConfig.preset(budget, data="ring", lr_decay=True, seed=seed,
                                     penalty=cu.gan.R1Penalty(gamma=1.0))
    run = cu.gan.train_gan(config, progress=False)
    modes, hq = cu.gan.mode_metrics(run.sample(), ring.centers, ring.std)
    # the collapse demo of the same chapter starts from this config
    collapse = cu.gan.train_gan(cu.gan.GANConfig(**{**vars(config), "g_steps": 5, "lr_decay": False,
                                                "penalty": None,
                                                "iterations": 1500 if budget != "smoke" else 100}),
                                progress=False)
    idx_ok, _ = cu.gan.nearest_mode(run.sample(), ring.centers)
    idx_bad, _ = cu.gan.nearest_mode(collapse.sample(), ring.centers)
    share_ok = np.bincount(idx_ok, minlength=8).max() / len(idx_ok)
    share_bad = np.bincount(idx_bad, minlength=8).max() / len(idx_bad)
    return {"modes": modes, "high_quality": hq, "collapse_share": share_bad,
            "collapse_modes_late": int(max(collapse.history["modes"][-3:])), "ok_share": share_ok}


def wgan_gp_critic(seed: int, budget: str = "standard") -> dict:
    """09: fresh critics on the WGAN-GP snapshots track the exact W1 (rho > 0.9); W1 halves."""
    iters = 1500 if budget != "smoke" else 50
    run = cu.gan.train_gan(cu.gan.wgan_gp_config(iterations=iters, eval_every=iters // 10, n_eval=1000, lr_d=3e-4,
                                             lr_g=3e-4, lr_decay=True, seed=seed), progress=False)
    ref = cu.gan.ring(500, seed=7)
    w1 = np.array([cu.gan.wasserstein1_samples(s.fake[:500], ref.samples) for s in run.snapshots])
    fresh = np.array([cu.gan.fit_critic(ref.samples, s.fake[:500], steps=400 if budget != "smoke" else 20).estimate
                      for s in run.snapshots])
    return {"rho_fresh": float(np.corrcoef(fresh, w1)[0, 1]),
            "rho_running": float(np.corrcoef(run.history["critic_gap"], w1)[0, 1]),
            "w1_ratio": float(w1[-1] / w1[0])}


CLAIMS = {
    "gan_ring": (gan_ring, [("modes", "==", 8), ("high_quality", ">=", 0.9), ("collapse_share", ">", 0.3),
                            ("collapse_modes_late", "<=", 3), ("ok_share", "<", 0.2)]),
    "wgan_gp_critic": (wgan_gp_critic, [("rho_fresh", ">", 0.9), ("w1_ratio", "<", 0.5)]),
}
_OPS = {"==": np.equal, ">=": np.greater_equal, ">": np.greater, "<=": np.less_equal, "<": np.less}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--claims", default=",".join(CLAIMS))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--budget", default="standard", choices=["smoke", "standard"],
                    help="the notebooks' budget (smoke: proves the code path; its claims need not hold)")
    args = ap.parse_args(argv)
    rows = []
    for name in args.claims.split(","):
        fn, checks = CLAIMS[name]
        for threads in map(int, args.threads.split(",")):
            for seed in range(args.seeds):
                torch.set_num_threads(threads)
                cu.set_seed(seed)
                t0 = time.monotonic()
                values = fn(seed, args.budget)
                ok = {f"{k} {op} {v}": bool(_OPS[op](values[k], v)) for k, op, v in checks}
                rows.append({"claim": name, "threads": threads, "seed": seed, "seconds": time.monotonic() - t0,
                             **{k: float(v) for k, v in values.items()}, "holds": ok})
                shown = "  ".join(f"{k}={v:.3g}" for k, v in values.items())
                print(f"{name:15s} threads {threads} seed {seed}  {shown}  "
                      f"{'ok' if all(ok.values()) else 'FAILS: ' + str([k for k, v in ok.items() if not v])}",
                      flush=True)
    failing = [r for r in rows if not all(r["holds"].values())]
    print(f"{len(rows) - len(failing)}/{len(rows)} runs satisfy every assert")
    if args.json:
        args.json.write_text(json.dumps({"benchmark": "claims_over_seeds", "python": platform.python_version(),
                                         "torch": torch.__version__, "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
