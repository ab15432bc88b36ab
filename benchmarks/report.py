"""BENCHMARKS.md from the timing results in ``benchmarks/results/``: each table with its spread.

    python benchmarks/report.py            # writes BENCHMARKS.md at the repository root

Every timing benchmark measures its competitors ``repeats`` times, interleaved round by round
(``benchmarks/_timing.py``); the tables give medians with the min–max range and ratios taken
per round. A result file written before that format is listed as "to re-run", never shown as
a number without its spread. ``make bench`` (the speed races) and ``make results`` (the learning
runs) end with this script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import spread  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def _machine(report: dict) -> str:
    m = report.get("machine", {})
    if not isinstance(m, dict):
        return str(m)
    torch = m.get("torch", {})
    if isinstance(torch, str):  # bench scripts that record the version and threads side by side
        torch = {"version": torch, "threads": m.get("torch_threads_per_job", m.get("torch_threads"))}
    load = m.get("load_average")
    after = (report.get("load_average_after") or report.get("throughput", {}).get("load_average_after")
             or m.get("load_average_at_end"))
    return (f"{m.get('platform', '?')}, {m.get('cpus', m.get('cpu_count', '?'))} CPUs, Python {m.get('python', '?')}"
            + (f", torch {torch.get('version')}, torch threads {torch.get('threads')}" if torch else "")
            + (f"; load average {load[0]:.2f} before" if load else "")
            + (f", {after[0]:.2f} after" if after else ""))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(r) + " |" for r in rows), ""]


def dqn(report: dict) -> list[str]:
    t = report.get("throughput")
    if not t or "runs" not in t:
        return []
    rows = [[name, spread(s, 4)] for name, s in t["runs"].items()]
    rows.append(["**ratio ours / CleanRL** (per round)", f"**{spread(t['ratio_ours_to_cleanrl'])}**"])
    return [f"CartPole-v1, CleanRL's settings, {t['steps']:,} steps, {t['repeats']} interleaved rounds, "
            "each side a fresh process:", "", *_table(["implementation", "steps/s median [min–max]"], rows)]


def dp(report: dict) -> list[str]:
    out = []
    for key, title in (("random_500x4", "random MDP 500 × 4"), ("grid_50x50", "50 × 50 gridworld")):
        r = report.get(key)
        if not r or "repeats" not in r:
            return []
        rows = [[name, spread(w["seconds"]), spread(w["time_ratio_to_ours"])] for name, w in r["same_work"].items()]
        out += [f"{title}, the same {r['sweeps']:,} sweeps each, {r['repeats']} interleaved rounds:", "",
                *_table(["method", "seconds", "time / ours (per round)"], rows)]
    return out


def games(report: dict) -> list[str]:
    if "repeats" not in report:
        return []
    rows = [[r["position"], r["search"], f"{r['nodes']:,}", spread(r["time_ratio"])] for r in report["rows"]]
    return [f"{report['repeats']} interleaved rounds; time ratios to plain minimax per round:", "",
            *_table(["position", "search", "nodes", "time / minimax"], rows)]


def tabular(report: dict) -> list[str]:
    if "repeats" not in report:
        return []
    rows = [[r["env"], r["loop"], f"{r['updates_per_s']:,.0f}", spread(r["vs_numpy_loop"])] for r in report["speed"]]
    return [f"{report['repeats']} interleaved rounds:", "",
            *_table(["env", "loop", "updates/s (median)", "× numpy loop (per round)"], rows)]


def atari(report: dict) -> list[str]:
    if "repeats" not in report:
        return []
    rows = [[r["game"], *(spread(r["runs_sps"][k], 4) for k in ("raw ale-py", "ours (eval)", "ours (train)")),
             spread(r["ratio_train"])] for r in report["rows"]]
    return [f"agent steps/s over {report['steps']:,} steps, {report['repeats']} interleaved rounds:", "",
            *_table(["game", "raw ale-py", "ours (eval)", "ours (train)", "train / raw"], rows)]


def minatar(report: dict) -> list[str]:
    if "summary" not in report:
        return []
    rows = [[variant, f"{v['frames']:,}", str(len(v["seeds"])),
             f"{v['final_moving_average_mean']:.2f} [{v['final_moving_average_min']:.2f}–"
             f"{v['final_moving_average_max']:.2f}]",
             "—" if v["paper_at_same_frames"] is None else f"{v['paper_at_same_frames']:.1f}",
             f"{v['eval_mean']:.2f}", f"{v['wall_s_median']:,.0f}"] for variant, v in report["summary"].items()]
    return [f"Breakout, the return of the last 100 training games at the end (the paper's measure), {report['jobs']} "
            "runs at a time:", "",
            *_table(["variant", "frames", "seeds", "return mean [min–max]", "paper DQN (same frames)",
                     f"greedy ε={report['eval']['epsilon']} ({report['eval']['games']} games)", "wall s (median)"],
                    rows)]


def image_to_image(report: dict) -> list[str]:
    if "summary" not in report:
        return []
    rows = []
    for task, variants in report["summary"].items():
        for variant, metrics in variants.items():
            if not isinstance(metrics, dict) or "median" in metrics:
                continue
            rows += [[task, variant, metric, f"{st['median']:.3f} [{st['min']:.3f}–{st['max']:.3f}]"]
                     for metric, st in metrics.items()]
    checks = ", ".join(f"{k}: {v}" for k, v in report.get("checks", {}).items())
    return [f"Chapter 10's models on the 16×16 digits, {report['budget']} presets, seeds {report['seeds']} (median "
            f"[min–max] over seeds), {report['jobs']} runs at a time; checks: {checks}.", "",
            *_table(["model", "variant", "metric", "median [min–max]"], rows)]


SECTIONS = [  # file, title, how it was made, renderer
    ("dqn.json", "DQN loop against CleanRL", "python benchmarks/bench_dqn.py --seeds (throughput only: each side "
     "timed from its loop on, as CleanRL's own SPS; CleanRL's stack in .bench-cache/cleanrl)", dqn),
    ("bench_dp.json", "Value iteration against numpy, pymdptoolbox and QuantEcon", "python benchmarks/bench_dp.py", dp),
    ("games.json", "Minimax and alpha-beta", "python benchmarks/bench_games.py", games),
    ("tabular.json", "Tabular Q-learning", "python benchmarks/bench_tabular.py", tabular),
    ("atari.json", "Atari pipeline against raw ale-py", "python benchmarks/bench_atari.py", atari),
    ("minatar.json", "DQN on MinAtar against the paper's", "python benchmarks/bench_minatar.py --save-checkpoint",
     minatar),
    ("image_to_image.json", "Image-to-image GANs: pix2pix, CycleGAN, face swap, style transfer",
     "python benchmarks/bench_image_to_image.py --seeds 0 1 2 --jobs 2 --save-checkpoint", image_to_image),
]


def render(results: Path = RESULTS) -> str:
    lines = ["# Benchmarks", "", "Generated by `python benchmarks/report.py` from `benchmarks/results/`. "
             "Medians with [min–max] over interleaved repeats (`benchmarks/_timing.py`); a ratio is taken per "
             "round, and a lead counts only when its whole range stays on one side of 1.", ""]
    for name, title, command, fn in SECTIONS:
        path = results / name
        lines += [f"## {title}", ""]
        report = json.loads(path.read_text()) if path.exists() else {}
        body = fn(report) if report else []
        if not body:
            lines += [f"`{name}` predates repeated, interleaved timing: to re-run (`{command}`).", ""]
            continue
        lines += [f"`{command}` — {_machine(report)}.", "", *body]
    return "\n".join(lines).rstrip() + "\n"


def main(argv=None) -> int:
    out = ROOT / "BENCHMARKS.md"
    out.write_text(render())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
