"""Chapter 10's image-to-image models, measured: pix2pix vs L1 alone, CycleGAN vs "GAN alone",
the face swap with a shared vs separate encoders, and neural style transfer offline.

Every model trains with its ``standard`` preset (or ``--budget``) on the 16×16 digits of
``cu.paired``, for each seed, one process per job with one torch thread (``--jobs`` at a
time), and is scored on the held-out digits with the shipped reference classifier:

* pix2pix on ``make_paired("pen")``: Fréchet distance of the outputs to the true targets in the
  classifier's feature space (realism), L1 to the nearer of the two right answers, accuracy;
* CycleGAN (cycle and identity terms on and off: four runs) and the face swap (shared vs
  separate encoders) on ``make_unpaired("thick")``: the classifier's accuracy on the
  translations A → B (the digit must survive) and their L1 distance to the true thick digit;
* style transfer (china × flower, ``cu.style``): the style distance before and after.

Prints a table (median [min–max] over seeds) and writes ``benchmarks/results/image_to_image.json``;
with ``--save-checkpoint`` also writes the seed-0 networks to ``checkpoints/image_to_image.pt``
(never over an existing file: move it away first), which notebook 10 shows under ``smoke``.

    nice -n 10 .venv/bin/python benchmarks/bench_image_to_image.py --seeds 0 1 2 --jobs 2 --save-checkpoint
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
TASKS = ("pix2pix", "cyclegan", "faceswap", "style")


def run_job(task: str, seed: int, budget: str) -> dict:
    """Train and score one model family for one seed; the networks' state dicts come back for seed 0."""
    torch.set_num_threads(1)
    from course_utils import cyclegan, digits, faceswap, paired, pix2pix, style

    clf = digits.pretrained_classifier(0).model
    t0 = time.perf_counter()
    out: dict = {"task": task, "seed": seed, "nets": {}}
    if task == "pix2pix":
        data = paired.make_paired("pen", seed=0)
        x = data.x_test  # the held-out digits at 16×16: fine pen; thickened: broad pen
        for name, weight in [("l1", 0.0), ("gan", 1.0)]:
            cfg = pix2pix.Pix2PixConfig.preset(budget, gan_weight=weight, seed=seed)
            G = pix2pix.train_pix2pix(data.a_train, data.b_train, cfg, progress=False).generator
            y = pix2pix.translate(G, data.a_test, dropout=False)
            s = paired.translation_scores(y, data.b_test, data.y_test, clf)
            out[name] = {"frechet": s.frechet, "nearest_l1": paired.nearest_l1(y, x, paired.thicken(x)),
                         "accuracy": s.accuracy}
            out["nets"][f"pix2pix_{name}"] = G
    elif task in ("cyclegan", "faceswap"):
        data = paired.make_unpaired("thick", seed=0)
        variants = ([("cycle_identity", dict(lambda_cycle=10.0, lambda_identity=5.0)),
                     ("cycle_only", dict(lambda_cycle=10.0, lambda_identity=0.0)),
                     ("identity_only", dict(lambda_cycle=0.0, lambda_identity=5.0)),
                     ("gan_alone", dict(lambda_cycle=0.0, lambda_identity=0.0))] if task == "cyclegan"
                    else [("shared", dict(shared=True)), ("separate", dict(shared=False))])
        for name, kw in variants:
            if task == "cyclegan":
                r = cyclegan.train_cyclegan(data.a_train, data.b_train, cyclegan.CycleGANConfig.preset(budget, seed=seed, **kw),
                                            progress=False)
                y = cyclegan.translate(r.g_ab, data.a_test)
                out["nets"][f"cyclegan_{name}_g_ab"] = r.g_ab
            else:
                r = faceswap.train_faceswap(data.a_train, data.b_train, faceswap.FaceSwapConfig.preset(budget, seed=seed, **kw),
                                            progress=False)
                y = faceswap.swap(r, data.a_test)
                out["nets"][f"swap_{name}_encoder_a"], out["nets"][f"swap_{name}_decoder_b"] = r.encoder_a, r.decoder_b
            s = paired.translation_scores(y, data.b_test, data.y_test, clf)
            out[name] = {"accuracy": s.accuracy, "l1": s.l1, "frechet": s.frechet}
        out["ceiling_accuracy"] = paired.translation_scores(data.b_test, data.b_test, data.y_test, clf).accuracy
    elif task == "style":
        photos = style.load_sample_photos(size=128 if budget != "smoke" else 64)
        r = style.style_transfer(photos["china"], photos["flower"], style.StyleConfig.preset(budget, seed=seed),
                                 progress=False)
        out["style"] = {"before": style.style_distance(photos["china"], photos["flower"]),
                        "after": style.style_distance(r.image, photos["flower"])}
    else:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")
    out["seconds"] = time.perf_counter() - t0
    if seed != 0:
        out["nets"] = {}  # only seed 0 is shipped
    return out


def spread(values) -> dict:
    v = np.asarray(values, dtype=float)
    return {"median": round(float(np.median(v)), 4), "min": round(float(v.min()), 4), "max": round(float(v.max()), 4),
            "values": [round(float(x), 4) for x in v]}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", default="standard", choices=["smoke", "standard", "full"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--tasks", nargs="+", default=list(TASKS), choices=TASKS)
    parser.add_argument("--jobs", type=int, default=2, help="processes at a time (one torch thread each)")
    parser.add_argument("--save-checkpoint", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "image_to_image.json")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        raise SystemExit(f"--jobs must be >= 1, got {args.jobs}")
    target = ROOT / "checkpoints" / "image_to_image.pt"
    if args.save_checkpoint and target.exists():
        raise SystemExit(f"{target} exists: move it away first (a shipped checkpoint is never overwritten)")
    jobs = [(t, s) for t in args.tasks for s in args.seeds]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(run_job, *zip(*jobs), [args.budget] * len(jobs)))
    wall = time.perf_counter() - t0
    by_task = {t: [r for r in results if r["task"] == t] for t in args.tasks}
    summary: dict = {}
    for task, rs in by_task.items():
        variants = [k for k in rs[0] if isinstance(rs[0][k], dict) and k != "nets"]
        summary[task] = {v: {m: spread([r[v][m] for r in rs]) for m in rs[0][v]} for v in variants}
        summary[task]["seconds"] = spread([r["seconds"] for r in rs])
        if "ceiling_accuracy" in rs[0]:
            summary[task]["ceiling_accuracy"] = round(rs[0]["ceiling_accuracy"], 4)
    checks = {}
    if "pix2pix" in summary:
        fd = [r["gan"]["frechet"] < r["l1"]["frechet"] for r in by_task["pix2pix"]]
        checks["pix2pix_frechet_below_l1_only_in_every_seed"] = all(fd)
    if "cyclegan" in summary:
        checks["cycle_identity_accuracy_above_gan_alone_in_every_seed"] = all(
            r["cycle_identity"]["accuracy"] > r["gan_alone"]["accuracy"] for r in by_task["cyclegan"])
        checks["cycle_only_accuracy_above_gan_alone_in_every_seed"] = all(
            r["cycle_only"]["accuracy"] > r["gan_alone"]["accuracy"] for r in by_task["cyclegan"])
    if "faceswap" in summary:
        checks["shared_encoder_l1_below_separate_in_every_seed"] = all(
            r["shared"]["l1"] < r["separate"]["l1"] for r in by_task["faceswap"])
    report = {"budget": args.budget, "seeds": args.seeds, "summary": summary, "checks": checks,
              "wall_s": round(wall, 1), "jobs": args.jobs,
              "machine": {"platform": platform.platform(), "cpu_count": os.cpu_count(), "torch": torch.__version__,
                          "torch_threads_per_job": 1, "load_average_at_end": [round(x, 2) for x in os.getloadavg()]}}
    print(f"image-to-image, budget {args.budget!r}, seeds {args.seeds}, {args.jobs} job(s), wall {wall:.0f} s")
    print(f"{'task':9s} {'variant':15s} {'metric':11s} {'median':>8s}  [min – max]")
    for task, variants in summary.items():
        for v, metrics in variants.items():
            if not isinstance(metrics, dict) or "median" in metrics:
                continue
            for m, st in metrics.items():
                print(f"{task:9s} {v:15s} {m:11s} {st['median']:8.3f}  [{st['min']:.3f} – {st['max']:.3f}]")
    print("checks:", checks)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    if args.save_checkpoint:
        from course_utils.gan.translators import save_translators

        nets = {k: net for r in results if r["seed"] == 0 for k, net in r["nets"].items()}
        save_translators(target, nets, {"budget": args.budget, "summary": summary, "made_by":
                                        "benchmarks/bench_image_to_image.py --save-checkpoint"})
        print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size / 1e6:.1f} MB)")
    return report


if __name__ == "__main__":
    main()
