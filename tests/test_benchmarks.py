"""Every benchmark runs on the package's current names, in a tiny setting, and writes its JSON.

The numbers of these runs mean nothing (a few iterations); what is tested is that each
script still works end to end (imports, configs, trainers, the table and the JSON) and
that a run pointed elsewhere with ``--out`` leaves the committed results alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

# script -> (tiny arguments, a key the JSON must hold); OUT is replaced by the output path
RUNS = {
    "bench_dp.py": (["--repeats", "1", "--out", "OUT"], None),
    "bench_games.py": (["--repeats", "1", "--out", "OUT"], None),
    "bench_tabular.py": (["--repeats", "1", "--seeds", "1", "--episodes", "200", "--eval", "100",
                          "--out", "OUT"], None),
    "bench_gan.py": (["--seeds", "1", "--iterations", "20", "--data", "ring", "--out", "OUT"], "summary"),
    "bench_dcgan.py": (["--preset", "smoke", "--out", "OUT"], "metrics"),
    "bench_dqn.py": (["--seeds", "0", "--budget", "smoke", "--skip-throughput", "--out", "OUT"], "quality"),
    "bench_minatar.py": (["--budget", "smoke", "--seeds", "0", "--jobs", "1", "--out", "OUT"], "summary"),
    "bench_image_to_image.py": (["--budget", "smoke", "--seeds", "0", "--jobs", "1", "--out", "OUT"], "summary"),
    "bench_atari.py": (["--steps", "100", "--games", "Pong", "--repeats", "1", "--out", "OUT"], "rows"),
    "claims_over_seeds.py": (["--seeds", "1", "--threads", "1", "--budget", "smoke", "--json", "OUT"], "rows"),
}


def test_every_benchmark_is_covered():
    scripts = {p.name for p in (ROOT / "benchmarks").glob("*.py") if not p.name.startswith("_")}
    # their own tests: tests/test_execution.py, tests/test_timing.py
    assert scripts - set(RUNS) == {"stall_harness.py", "report.py"}


@pytest.mark.parametrize("script", sorted(RUNS))
def test_benchmark_runs_end_to_end(script, tmp_path):
    args, key = RUNS[script]
    out = tmp_path / "result.json"
    before = {p.name: p.stat().st_mtime_ns for p in RESULTS.iterdir()}
    env = {**os.environ, "COURSE_BUDGET": "smoke", "COURSE_THREADS": "1", "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script),
                           *[str(out) if a == "OUT" else a for a in args]],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    report = json.loads(out.read_text())
    assert report and (key is None or key in report), sorted(report)
    assert {p.name: p.stat().st_mtime_ns for p in RESULTS.iterdir()} == before  # committed results untouched


@pytest.fixture(scope="module")
def bench_gan():
    """``benchmarks/bench_gan.py`` as a module (its variants' settings, without running it)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_gan
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return bench_gan


def test_gan_variants_with_iterations_0_run_their_own_lengths(bench_gan):
    """``bench_gan.py --iterations 0``: the WGAN-GP preset and GAN + R1 each run the length
    their stored results were measured at, per data set; a given length still wins."""
    import course_utils as cu

    for data in ("ring", "grid"):
        assert bench_gan.variant_config("wgan-gp-toy", data, 0, 0).iterations == cu.gan.wgan.TOY_ITERATIONS[data]
        r1 = bench_gan.variant_config("gan-r1-wide", data, 0, 0)
        assert r1.iterations == bench_gan.R1_WIDE_ITERATIONS[data] and r1.g_hidden == 128
        assert bench_gan.variant_config("gan-r1-wide", data, 0, 700).iterations == 700
        assert bench_gan.variant_config("wgan-gp-toy", data, 0, 700).iterations == 700


def test_gan_iterations_0_without_own_lengths_is_a_clear_error(bench_gan):
    """``--iterations 0`` on a variant with no length of its own (or on a data set it has none
    for) stops before any run, naming the variant and the ones that have lengths."""
    with pytest.raises(ValueError, match=r"'gan' has none on 'ring'.*wgan-gp-toy on"):
        bench_gan.variant_config("gan", "ring", 0, 0)
    with pytest.raises(ValueError, match=r"'gan-r1-wide' has none on 'moons'"):
        bench_gan.variant_config("gan-r1-wide", "moons", 0, 0)
    assert bench_gan.variant_config("gan", "ring", 0, 300).iterations == 300
    with pytest.raises(ValueError, match=r"unknown variant 'wgan-typo'; expected one of gan, gan-r1"):
        bench_gan.variant_config("wgan-typo", "ring", 0, 0)
    for name in bench_gan.VARIANTS:  # every listed variant has settings
        assert bench_gan.variant_config(name, "ring", 0, 10).iterations == 10
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_gan.py"), "--variants", "gan",
                          "--iterations", "0", "--out", os.devnull], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "'gan' has none on" in out.stderr, out.stderr
