"""Minimax vs alpha-beta: nodes visited and time, as ratios to plain minimax in the same run.

Every search below returns the same root value (checked); what differs is the work. Plain
minimax is the reference: it visits the whole game tree. Times are the median and min–max of
``--repeats`` runs, the searches interleaved round by round (``benchmarks/_timing.py``); the
time ratio to minimax is taken per round.

    nice -n 10 .venv/bin/python benchmarks/bench_games.py            # table + benchmarks/results/games.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from _timing import interleaved, load_average, machine, ratio, seconds_of, spread

from course_utils import games as G

VARIANTS = {
    "minimax": lambda g, s: G.minimax(g, s),
    "alphabeta": lambda g, s: G.alphabeta(g, s),
    "alphabeta + ordering": lambda g, s: G.alphabeta(g, s, order=True),
    "minimax + table": lambda g, s: G.minimax(g, s, table={}),
    "alphabeta + table": lambda g, s: G.alphabeta(g, s, table={}),
    "alphabeta + ordering + table": lambda g, s: G.alphabeta(g, s, order=True, table={}),
}


def positions():
    ttt, nim = G.TicTacToe(), G.Nim((1, 2, 3, 4))
    return {
        "tic-tac-toe, empty board": (ttt, ttt.initial_state()),
        "tic-tac-toe, X in a corner": (ttt, ttt.play([0])),
        "tic-tac-toe, X centre, O corner": (ttt, ttt.play([4, 0])),
        "Nim (1, 2, 3, 4)": (nim, nim.initial_state()),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "games.json"))
    args = parser.parse_args(argv)

    rows = []
    for name, (game, state) in positions().items():
        results = {variant: search(game, state) for variant, search in VARIANTS.items()}
        runs = interleaved({variant: seconds_of(lambda g=game, s=state, f=search: f(g, s))
                            for variant, search in VARIANTS.items()}, repeats=args.repeats)
        ref = results["minimax"]
        for variant, r in results.items():
            assert r.value == ref.value, (name, variant)
            rows.append(dict(position=name, search=variant, value=r.value, nodes=r.nodes, seconds=runs[variant],
                             node_ratio=r.nodes / ref.nodes, time_ratio=ratio(runs, variant, "minimax")))

    # every reachable tic-tac-toe position as a root, one after the other (no shared table)
    ttt = G.TicTacToe()
    everything = G.reachable_states(ttt)
    tree_nodes = sum(G.count_tree(ttt, s).nodes for s in everything)   # what plain minimax visits
    totals = {}
    for variant in ("alphabeta", "alphabeta + ordering"):
        t0 = time.perf_counter()
        totals[variant] = sum(VARIANTS[variant](ttt, s).nodes for s in everything)
        totals[variant + " seconds"] = time.perf_counter() - t0

    print(f"{'position':34s} {'search':30s} {'nodes':>9s} {'× minimax':>10s} {'median ms':>10s}"
          f" {'time × minimax [min–max]':>26s}")
    for r in rows:
        print(f"{r['position']:34s} {r['search']:30s} {r['nodes']:9,d} {r['node_ratio']:10.4f} "
              f"{1e3 * r['seconds']['median']:10.1f} {spread(r['time_ratio']):>26s}")
    print(f"\nall {len(everything):,} reachable tic-tac-toe positions as roots: minimax visits {tree_nodes:,} "
          f"nodes in total; alpha-beta {totals['alphabeta']:,} ({totals['alphabeta'] / tree_nodes:.4f}×), "
          f"with ordering {totals['alphabeta + ordering']:,} ({totals['alphabeta + ordering'] / tree_nodes:.4f}×)")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(
        machine=machine(), load_average_after=load_average(), repeats=args.repeats, rows=rows,
        all_positions=dict(positions=len(everything), minimax_nodes=tree_nodes, **totals)), indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
