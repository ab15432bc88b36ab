"""DCGAN on scikit-learn's 8×8 digits: quality against real data, and epochs per second.

Target (issue 9): under the standard preset on 2 CPU cores, the classifier-Fréchet
distance of 1,437 generated digits to the held-out digits is within 5× of the same
distance for the 1,437 real training digits (real vs real: the floor any generator can
reach with these sample sizes), and all 10 classes are generated, in a few minutes.

Prints a table, writes ``benchmarks/results/dcgan.json``; with ``--save-checkpoint``
also writes the shipped generator ``checkpoints/dcgan_digits.pt`` (generator weights,
config, history, metrics) that notebook 08 loads under the smoke budget.

    nice -n 10 .venv/bin/python benchmarks/bench_dcgan.py --threads 1 --save-checkpoint
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import time
from pathlib import Path

import torch

import course_utils as cu
from course_utils import checkpoint, dcgan, digit_metrics, digits

ROOT = Path(__file__).resolve().parents[1]


def metrics_row(name, m, real_fd):
    return {"set": name, "frechet": round(m.frechet, 3), "ratio_to_real": round(m.frechet / real_fd, 2),
            "classes": m.classes_covered, "precision": round(m.precision, 3), "recall": round(m.recall, 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="standard", choices=list(dcgan.PRESETS))
    parser.add_argument("--threads", type=int, default=1,
                        help="torch CPU threads; on the shared 2-core machine 1 thread ran 2.9 epochs/s, 2 threads 0.5")
    parser.add_argument("--save-checkpoint", action="store_true")
    parser.add_argument("--gpu-epochs", type=int, default=20, help="epochs timed on a GPU when one exists")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "dcgan.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    cu.set_seed(0)

    data = digits.load_digits(seed=0)
    clf = digits.pretrained_classifier(0)
    real = digit_metrics.evaluate_images(data.x_train, data.x_test, clf.model)
    cfg = dcgan.DCGANConfig.preset(args.preset)

    t0 = time.perf_counter()
    res = dcgan.train_dcgan(data.x_train, cfg, device="cpu", progress=False)
    wall = time.perf_counter() - t0
    fake = dcgan.sample(res.generator, len(data.x_train), seed=1)
    gen = digit_metrics.evaluate_images(fake, data.x_test, clf.model)
    collapsed = digit_metrics.evaluate_images(data.x_train[data.y_train == 3], data.x_test, clf.model)
    noise = digit_metrics.evaluate_images(torch.rand(len(data.x_train), 1, 8, 8, generator=torch.Generator().manual_seed(0)) * 2 - 1,
                                   data.x_test, clf.model)
    rows = [metrics_row(n, m, real.frechet) for n, m in
            [("real train (1,437)", real), ("DCGAN samples (1,437)", gen),
             ("collapsed: real 3s only", collapsed), ("uniform noise", noise)]]

    speed = {"cpu_epochs_per_s": round(res.epochs_per_second, 3), "cpu_threads": args.threads,
             "cpu_wall_s": round(wall, 1)}
    if torch.cuda.is_available():  # pragma: no cover - no GPU on the course machines
        gcfg = dataclasses.replace(cfg, epochs=args.gpu_epochs)
        g = dcgan.train_dcgan(data.x_train, gcfg, device="cuda", progress=False)
        speed["gpu_epochs_per_s"] = round(g.epochs_per_second, 3)
        speed["gpu"] = torch.cuda.get_device_name(0)
    else:
        speed["gpu_epochs_per_s"] = None

    target = {"frechet_ratio_max": 5.0, "frechet_ratio": round(gen.frechet / real.frechet, 2),
              "classes": gen.classes_covered,
              "met": bool(gen.frechet <= 5 * real.frechet and gen.classes_covered == 10)}
    machine = {"platform": platform.platform(), "cpu_count": os.cpu_count(), "torch": torch.__version__,
               "load_average_at_end": [round(x, 2) for x in os.getloadavg()]}
    report = {"preset": args.preset, "config": dataclasses.asdict(cfg), "classifier_test_accuracy":
              round(clf.test_accuracy, 4), "metrics": rows, "speed": speed, "target": target, "machine": machine}

    print(f"DCGAN on 8×8 digits, preset {args.preset!r}: {cfg.epochs} epochs, wall {wall:.0f} s, "
          f"{res.epochs_per_second:.2f} epochs/s on CPU ({args.threads} thread(s)); classifier acc {clf.test_accuracy:.3f}")
    print(f"{'set':26s} {'Fréchet':>9s} {'× real':>7s} {'classes':>8s} {'precision':>10s} {'recall':>7s}")
    for r in rows:
        print(f"{r['set']:26s} {r['frechet']:9.2f} {r['ratio_to_real']:7.2f} {r['classes']:8d} "
              f"{r['precision']:10.3f} {r['recall']:7.3f}")
    print("GPU epochs/s:", speed["gpu_epochs_per_s"], "| target met:", target["met"])
    out = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")

    if args.save_checkpoint:
        checkpoint.save({"kind": "dcgan", "config": dcgan._config_dict(cfg, ignore_epochs=True),
                         "epoch": cfg.epochs, "generator": res.generator.state_dict(),
                         "history": {k: v.tolist() for k, v in res.history.items()}, "metrics": {r["set"]: r for r in rows},
                         "wall_s": round(wall, 1)},
                        ROOT / "checkpoints" / "dcgan_digits.pt", overwrite=True)
        print("wrote checkpoints/dcgan_digits.pt")


if __name__ == "__main__":
    main()
