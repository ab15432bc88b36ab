"""Tabular Q-learning: updates per second against plain Python loops, and FrozenLake quality.

Speed. Three loops do the same work on the same Gymnasium env (``gym.make``, wrappers
included), for the same number of episodes with the same hyperparameters:

* ``env only``: ``env.step`` with random actions, no learning, for as many steps as
  ``cu.tabular`` took — the cost of the environment alone, an upper bound for any learner;
* ``numpy loop``: Q-learning as it is usually written in tutorials — a numpy table,
  ``np.argmax(Q[s])``, ``np.random.rand()`` and ``Q[s, a] += ...`` (ties go to the lowest
  action; everything else as ours);
* ``cu.tabular``: :func:`course_utils.rl.tabular.q_learning` (lists of floats, Python's
  ``random``, random tie-breaking, per-episode histories).

One update is one environment step. The loops run ``--repeats`` times, interleaved round by
round (``benchmarks/_timing.py``): times are medians with min–max, and the rate against the
numpy loop is taken per round; "µs/update beyond env" is a loop's median time per step minus
the env-only one: what the learning itself costs.

Quality (``--seeds`` > 0). The chapter's target: Q-learning's greedy policy on slippery 4x4
FrozenLake (alpha 0.1, epsilon 0.1, gamma 0.99, 20,000 episodes) reaches the DP policy's
success rate within 2 percentage points, over 10,000 evaluation episodes with the env's
100-step limit. Reported per seed: exact success probability (backward induction over 100
steps) and the simulated rate.

    nice -n 10 .venv/bin/python benchmarks/bench_tabular.py     # table + benchmarks/results/tabular.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import gymnasium as gym
import numpy as np
from _timing import interleaved, load_average, machine, ratio, seconds_of, spread, summary

import course_utils as cu


def env_only(env, n_steps, seed):
    """``n_steps`` random steps (a random walker may never finish a CliffWalking episode)."""
    rng = np.random.default_rng(seed)
    actions = rng.integers(env.action_space.n, size=n_steps).tolist()
    env.reset(seed=seed)
    for a in actions:
        _, _, terminated, truncated, _ = env.step(a)
        if terminated or truncated:
            env.reset()
    return n_steps


def numpy_q_learning(env, episodes, seed, alpha=0.1, gamma=0.99, epsilon=0.1):
    """The tutorial version: a numpy table indexed per step."""
    np.random.seed(seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    steps = 0
    for episode in range(episodes):
        s, _ = env.reset(seed=seed if episode == 0 else None)
        done = False
        while not done:
            if np.random.rand() < epsilon:
                a = np.random.randint(env.action_space.n)
            else:
                a = int(np.argmax(Q[s]))
            s2, r, terminated, truncated, _ = env.step(a)
            target = r if terminated else r + gamma * np.max(Q[s2])
            Q[s, a] += alpha * (target - Q[s, a])
            s = s2
            steps += 1
            done = terminated or truncated
    return steps


def course_q_learning(env, episodes, seed, alpha=0.1, gamma=0.99, epsilon=0.1):
    result = cu.tabular.q_learning(env, episodes=episodes, alpha=alpha, gamma=gamma, epsilon=epsilon, seed=seed)
    return int(result.history["lengths"].sum())


LOOPS = {"cu.tabular": course_q_learning, "numpy loop": numpy_q_learning, "env only": env_only}
ENVS = {  # env id, make kwargs, episodes
    "FrozenLake-v1 (slippery 4x4)": ("FrozenLake-v1", {}, 3_000),
    "CliffWalking-v1": ("CliffWalking-v1", {}, 300),
}


def speed(repeats):
    rows = []
    for name, (env_id, kwargs, episodes) in ENVS.items():
        env = gym.make(env_id, **kwargs)
        updates = {"cu.tabular": course_q_learning(env, episodes, seed=0)}  # seeded: every run the same
        work = {loop: updates["cu.tabular"] if loop == "env only" else episodes for loop in LOOPS}
        updates.update({loop: fn(env, work[loop], seed=0) for loop, fn in LOOPS.items() if loop not in updates})
        runs = interleaved({loop: seconds_of(lambda fn=fn, w=work[loop], e=env: fn(e, w, seed=0))
                            for loop, fn in LOOPS.items()}, repeats=repeats)
        env_us = 1e6 * runs["env only"]["median"] / updates["env only"]  # env cost per step
        for loop, seconds in runs.items():
            per_round = ratio(runs, "numpy loop", loop)["samples"]  # time of numpy / time of this loop
            scale = updates[loop] / updates["numpy loop"]
            rows.append(dict(env=name, loop=loop, episodes=episodes if loop != "env only" else None,
                             updates=updates[loop], seconds=seconds,
                             updates_per_s=updates[loop] / seconds["median"],
                             vs_numpy_loop=summary([scale * x for x in per_round]),
                             learner_us_per_update=1e6 * seconds["median"] / updates[loop] - env_us))
    return rows


def quality(seeds, episodes, n_eval):
    env = gym.make("FrozenLake-v1")
    mdp = cu.mdp.from_gymnasium(env, gamma=0.99)
    dp_policy = cu.dp.value_iteration(mdp, tol=1e-12).policy
    dp_exact = cu.tabular.finite_horizon_value(mdp, dp_policy, 100)[0]
    dp_sim = cu.tabular.evaluate_policy(env, dp_policy, episodes=n_eval, seed=10_000).mean()
    rows = []
    for seed in range(seeds):
        t0 = time.perf_counter()
        run = cu.tabular.q_learning(env, episodes=episodes, alpha=0.1, epsilon=0.1, gamma=0.99, seed=seed)
        seconds = time.perf_counter() - t0
        exact = cu.tabular.finite_horizon_value(mdp, run.policy, 100)[0]
        sim = cu.tabular.evaluate_policy(env, run.policy, episodes=n_eval, seed=seed + 1).mean()
        rows.append(dict(seed=seed, train_seconds=seconds, exact_success=exact, simulated_success=sim,
                         gap_pp_exact=100 * (dp_exact - exact), gap_pp_simulated=100 * (dp_sim - sim),
                         within_2pp=bool(abs(dp_sim - sim) <= 0.02)))
    return dict(episodes=episodes, eval_episodes=n_eval, dp_exact_success=dp_exact, dp_simulated_success=dp_sim,
                runs=rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--seeds", type=int, default=5, help="FrozenLake quality runs (0: skip)")
    parser.add_argument("--episodes", type=int, default=20_000)
    parser.add_argument("--eval", type=int, default=10_000)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "tabular.json"))
    args = parser.parse_args(argv)

    report = dict(machine=machine(), repeats=args.repeats)
    rows = speed(args.repeats)
    print(f"{'env':30s} {'loop':12s} {'updates':>9s} {'median s':>9s} {'updates/s':>10s}"
          f" {'× numpy loop [min–max]':>24s} {'µs/update beyond env':>21s}")
    for r in rows:
        print(f"{r['env']:30s} {r['loop']:12s} {r['updates']:9,d} {r['seconds']['median']:9.2f} "
              f"{r['updates_per_s']:10,.0f} {spread(r['vs_numpy_loop']):>24s} {r['learner_us_per_update']:21.2f}")
    report["speed"] = rows
    if args.seeds > 0:
        q = quality(args.seeds, args.episodes, args.eval)
        print(f"\nFrozenLake 4x4 slippery, Q-learning (alpha 0.1, epsilon 0.1, gamma 0.99, {q['episodes']:,} episodes); "
              f"DP policy: exact {q['dp_exact_success']:.4f}, simulated {q['dp_simulated_success']:.4f} "
              f"over {q['eval_episodes']:,} episodes")
        print(f"{'seed':>4s} {'train s':>8s} {'exact':>7s} {'simulated':>10s} {'gap pp (sim)':>13s} {'within 2 pp':>12s}")
        for r in q["runs"]:
            print(f"{r['seed']:4d} {r['train_seconds']:8.1f} {r['exact_success']:7.4f} {r['simulated_success']:10.4f} "
                  f"{r['gap_pp_simulated']:13.2f} {str(r['within_2pp']):>12s}")
        report["frozenlake_quality"] = q
    report["load_average_after"] = load_average()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
