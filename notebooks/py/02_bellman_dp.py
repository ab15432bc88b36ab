# %% [markdown]
# # Bellman equations and dynamic programming
#
# Chapter 1 wrote a decision problem as arrays: transition probabilities $T(s,a,s')$,
# rewards $R(s,a,s')$ and a discount $\gamma$. This chapter answers the question it ended
# with: *given* those arrays, how good is a policy, and what is the best one? Richard
# Bellman's answer ([Bellman, 1957](../book/references.md#bellman1957dynamic)) is to break the long-term problem into a
# one-step problem plus "the same problem again from the next state" — a recursion that
# **dynamic programming** solves by repeated, whole-table updates. Every reinforcement
# learning algorithm in the rest of the course (Q-learning, DQN) is an approximation of
# what this chapter computes exactly.
#
# **Learning goals.** After this chapter you can
#
# 1. define the value functions $V^\pi(s)$ and $Q^\pi(s,a)$ and say how they relate;
# 2. derive the Bellman expectation and optimality equations with $T(s,a,s')$ and $R(s,a,s')$;
# 3. evaluate a policy by solving a linear system or by iterating the Bellman backup;
# 4. find an optimal policy with value iteration and with policy iteration, and extract the
#    greedy policy from a value function;
# 5. reproduce the published values of Sutton & Barto's gridworld and FrozenLake's best
#    success rate, and explain the role of $\gamma$, slip and step limits.

# %% tags=["remove-cell"]
# Colab set-up: clones the course and installs its package on Google Colab; does nothing elsewhere.
import os
import subprocess
import sys

REPO = "https://github.com/rl-gan-course/rl-gan-course"  # your own copy: python -m course_utils.colab set-url URL
if "google.colab" in sys.modules:
    if not os.path.isdir("/content/rl-gan-course"):
        clone = subprocess.run(["git", "clone", "--depth", "1", REPO, "/content/rl-gan-course"],
                               capture_output=True, text=True)
        if clone.returncode != 0:
            raise RuntimeError(f"Colab set-up: could not clone {REPO}: {clone.stderr.strip()}")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", "/content/rl-gan-course[atari]"],
                       check=True)
        print(f"Colab set-up: cloned {REPO}, installed course_utils[atari] (Colab's ipywidgets kept)")
    sys.path.insert(0, "/content/rl-gan-course")
    os.chdir("/content/rl-gan-course/notebooks")

# %%
import inspect

import gymnasium as gym
import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML, display

import course_utils as cu

cu.set_seed(0)
threads = cu.use_free_cores()  # NumPy's BLAS: as many threads as cores are free
print("budget:", cu.budget(), "| threads:", threads)

# %% [markdown]
# ## Value functions
#
# A policy $\pi(a \mid s)$ turns the MDP into a random process. Its **state-value function**
# is the expected discounted return when starting in $s$ and following $\pi$, and its
# **action-value function** (Q-function) the same when the first action is fixed to $a$:
#
# $$
# V^\pi(s) = \mathbb E\Big[\sum_{t \ge 0} \gamma^t r_t \,\Big|\, s_0 = s, \pi\Big],
# \qquad
# Q^\pi(s, a) = \mathbb E\Big[\sum_{t \ge 0} \gamma^t r_t \,\Big|\, s_0 = s, a_0 = a, \pi\Big].
# $$
#
# $V^\pi$ says how good a *state* is, $Q^\pi$ how good an *action in a state* is. They are
# two views of the same thing: averaging the action values over the policy's choices gives
# the state value, and one step of the dynamics turns state values into action values,
#
# $$
# V^\pi(s) = \sum_a \pi(a \mid s)\, Q^\pi(s,a),
# \qquad
# Q^\pi(s,a) = \sum_{s'} T(s,a,s')\,\big[R(s,a,s') + \gamma V^\pi(s')\big].
# $$
#
# In code, states and actions are indices and the functions are arrays: `v[s]` of shape
# $(S,)$ and `q[s, a]` of shape $(S, A)$. The second equation is `cu.dp.q_from_v`, a single
# matrix product (with `R[s, a]` the expected reward $\sum_{s'} T(s,a,s')R(s,a,s')$):

# %%
print(inspect.getsource(cu.dp.q_from_v).split('"""')[-1])

# %% [markdown]
# ## The Bellman expectation equation
#
# The return obeys $G_t = r_t + \gamma G_{t+1}$ (chapter 1). Taking expectations under $\pi$
# and using the Markov property — what happens after $s_{t+1}$ does not depend on how we got
# there — gives a recursion for the values, the **Bellman expectation equation**:
#
# $$
# V^\pi(s) \;=\; \sum_a \pi(a \mid s) \sum_{s'} T(s,a,s')\,\big[R(s,a,s') + \gamma\, V^\pi(s')\big].
# $$
#
# One equation per state, linear in the unknowns $V^\pi(s)$. With the policy's transition
# matrix $P_\pi[s,s'] = \sum_a \pi(a|s)T(s,a,s')$ and expected reward
# $r_\pi[s] = \sum_a \pi(a|s) R[s,a]$ they read $v = r_\pi + \gamma P_\pi v$, so
#
# $$
# v^\pi = (I - \gamma P_\pi)^{-1}\, r_\pi ,
# $$
#
# which exists for $\gamma < 1$ because $P_\pi$ is a stochastic matrix (its eigenvalues have
# modulus at most 1). `cu.dp.policy_evaluation_exact` solves this system.
#
# ### Sutton & Barto's gridworld
#
# The classic test case is Example 3.5 of Sutton & Barto ([Sutton and Barto, 2018](../book/references.md#sutton2018reinforcement)): a
# 5×5 grid where every action in cell **A** teleports the agent to **A'** (here `a`) and pays
# $+10$, every action in **B** teleports to **B'** (`b`) and pays $+5$, moving off the grid
# leaves the agent in place and costs $-1$, and all other moves pay $0$; $\gamma = 0.9$.
# There is no terminal state: the task goes on forever, and discounting keeps the values
# finite. The book prints the values of the *equiprobable random policy* (each move with
# probability 1/4) to one decimal in its Figure 3.2; we type that table in and compare.

# %%
sb_grid = cu.gridworld.sutton_barto_5x5()
sb = sb_grid.to_mdp()
random_policy = np.full((sb.n_states, sb.n_actions), 0.25)   # pi[s, a]

# Sutton & Barto (2018), Figure 3.2, as printed
SB_RANDOM = np.array([
    [3.3, 8.8, 4.4, 5.3, 1.5],
    [1.5, 3.0, 2.3, 1.9, 0.5],
    [0.1, 0.7, 0.7, 0.4, -0.4],
    [-1.0, -0.4, -0.4, -0.6, -1.2],
    [-1.9, -1.3, -1.2, -1.4, -2.0],
])
exact = cu.dp.policy_evaluation_exact(sb, random_policy)
print(np.round(sb_grid.grid_values(exact.v), 1))
assert np.array_equal(np.round(sb_grid.grid_values(exact.v), 1), SB_RANDOM)

cu.plotting.grid_heatmap(sb_grid, exact.v, title=r"$V^\pi$ of the random policy ($\gamma=0.9$)")
plt.show()

# %% [markdown]
# Notice two things the book points out. Cell A is worth less than its immediate $+10$:
# after the jump the agent lands at A' on the bottom edge, where the random walk often
# bumps into the wall ($-1$). Cell B is worth *more* than its $+5$, because B' is close
# to A and B.
#
# ## Iterative policy evaluation
#
# A linear solve costs $O(S^3)$ — fine for 25 states, hopeless for millions. The Bellman
# equation also suggests an *iteration*: start from $v_0 = 0$ and apply the right-hand side
# over and over,
#
# $$
# v_{k+1}(s) \;=\; \sum_a \pi(a \mid s) \sum_{s'} T(s,a,s')\,\big[R(s,a,s') + \gamma\, v_k(s')\big],
# \qquad\text{i.e.}\qquad v_{k+1} = r_\pi + \gamma P_\pi v_k .
# $$
#
# This **Bellman backup** is a $\gamma$-contraction: $\|v_{k+1} - v^\pi\|_\infty \le \gamma \|v_k - v^\pi\|_\infty$,
# so the error shrinks at least by the factor $\gamma$ per sweep, whatever $v_0$. We stop when
# the largest change of a sweep falls below a tolerance.
#
# ```text
# policy evaluation (pi, tol):
#     v <- 0
#     repeat
#         v_new <- r_pi + gamma * P_pi @ v        # every state at once: one matrix product
#         delta <- max_s |v_new(s) - v(s)|
#         v <- v_new
#     until delta < tol
# ```

# %%
iterative = cu.dp.policy_evaluation(sb, random_policy, tol=1e-8)
deltas = np.array([h["delta"] for h in iterative.history[1:]])
print(f"{iterative.iterations} sweeps; largest difference to the exact solution: "
      f"{np.max(np.abs(iterative.v - exact.v)):.1e}")
assert np.allclose(iterative.v, exact.v, atol=1e-6)
assert cu.dp.bellman_residual(sb, iterative.v, policy=random_policy) < 1e-8
assert np.all(deltas[1:] <= 0.9 * deltas[:-1] + 1e-12)   # contraction by gamma

fig, ax = plt.subplots(figsize=(6, 3))
ax.semilogy(np.arange(1, len(deltas) + 1), deltas, label=r"$\max_s |v_{k}(s) - v_{k-1}(s)|$")
ax.semilogy(np.arange(1, len(deltas) + 1), deltas[0] * 0.9 ** np.arange(len(deltas)), "--",
            label=r"$\gamma^k$ (contraction rate)")
ax.set_xlabel("sweep $k$")
ax.legend()
ax.set_title("iterative policy evaluation converges geometrically")
plt.show()

# %% [markdown]
# ## The Bellman optimality equations
#
# A policy $\pi^*$ is **optimal** when $V^{\pi^*}(s) \ge V^\pi(s)$ in every state, for every
# policy $\pi$. Such a policy exists for finite MDPs ([Puterman, 1994](../book/references.md#puterman1994markov)), and all optimal
# policies share the optimal values $V^*$ and $Q^*$. An optimal agent takes the best action,
# so the average over $\pi$ becomes a maximum — the **Bellman optimality equations** of the
# lecture:
#
# $$
# V^*(s) = \max_a \sum_{s'} T(s, a, s')\,\big[R(s, a, s') + \gamma\, V^*(s')\big],
# $$
#
# $$
# Q^*(s, a) = \sum_{s'} T(s, a, s')\,\big[R(s, a, s') + \gamma \max_{a'} Q^*(s', a')\big].
# $$
#
# The recursion is the key: the value of a state is defined through the values of the states
# that follow it. The max makes the equations non-linear, so no single linear solve gives
# $V^*$; but once we have $V^*$ (or $Q^*$), acting optimally is easy — be **greedy**:
#
# $$
# \pi^*(s) = \arg\max_a Q^*(s,a) = \arg\max_a \sum_{s'} T(s,a,s')\,\big[R(s,a,s') + \gamma V^*(s')\big].
# $$
#
# ## Value iteration
#
# Turning the optimality equation into an update gives **value iteration**: start from any
# $v_0$ (the lecture: "start with a random value function"), apply the Bellman optimality
# backup to all states, repeat; *then* extract the greedy policy. The backup is again a
# $\gamma$-contraction, so $v_k \to V^*$.
#
# ```text
# value iteration (tol):
#     v <- 0
#     repeat
#         q <- R + gamma * (P.reshape(S*A, S) @ v).reshape(S, A)   # Q(s, a) for all s, a
#         v_new <- max_a q
#         delta <- max_s |v_new(s) - v(s)|;  v <- v_new
#     until delta < tol
#     return v, greedy policy argmax_a q
# ```
#
# Stopping at $\delta < \text{tol}$ guarantees a Bellman residual below tol and
# $\|v - V^*\|_\infty \le \gamma\,\text{tol}/(1-\gamma)$. Here is the loop as it is in the package:

# %%
source = inspect.getsource(cu.dp.value_iteration)
start = source.index("    for k in")
print(source[start:source.index("    raise", start)])

# %%
SB_OPTIMAL = np.array([   # Sutton & Barto (2018), Figure 3.5
    [22.0, 24.4, 22.0, 19.4, 17.5],
    [19.8, 22.0, 19.8, 17.8, 16.0],
    [17.8, 19.8, 17.8, 16.0, 14.4],
    [16.0, 17.8, 16.0, 14.4, 13.0],
    [14.4, 16.0, 14.4, 13.0, 11.7],
])
vi = cu.dp.value_iteration(sb, tol=1e-8)
print(f"value iteration: {vi.iterations} sweeps")
print(np.round(sb_grid.grid_values(vi.v), 1))
assert np.array_equal(np.round(sb_grid.grid_values(vi.v), 1), SB_OPTIMAL)
assert cu.dp.bellman_residual(sb, vi.v) < 1e-8

fig, axes = plt.subplots(1, 2, figsize=(11, 4.3))
cu.plotting.grid_heatmap(sb_grid, exact.v, random_policy, ax=axes[0], title=r"random policy: $V^\pi$")
cu.plotting.grid_heatmap(sb_grid, vi.v, cu.dp.optimal_actions(vi.q, atol=1e-6).astype(float),
                         ax=axes[1], title=r"optimal: $V^*$ and all greedy actions $\pi^*$")
plt.show()

# %% [markdown]
# The arrows show *every* action that attains the maximum: in A and B all four moves are
# optimal (they all teleport), elsewhere the agent heads for A — even from B's neighbourhood,
# since $+10$ every 5 steps beats $+5$ every 3. Check the equation at A by hand:
# $V^*(A) = 10 + 0.9\, V^*(A') = 10 + 0.9 \cdot 16.0 = 24.4$.

# %%
A, A_prime = sb_grid.state_of((0, 1)), sb_grid.state_of((4, 1))
print(f"V*(A) = {vi.v[A]:.3f}   10 + 0.9 V*(A') = {10 + 0.9 * vi.v[A_prime]:.3f}")
assert np.isclose(vi.v[A], 10 + 0.9 * vi.v[A_prime], atol=1e-6)

# %% [markdown]
# ### Watching value iteration sweep
#
# Each sweep propagates information one step further: after $k$ sweeps, $v_k(s)$ is the best
# value achievable in $k$ steps. The animation plays the first sweeps on the gridworld (the
# arrows are greedy with respect to the current $v_k$ — look how early they settle, long before
# the values do). The slider below does the same step by step when a Python kernel runs; the
# static panels after it are the same pictures for the printed book.

# %%
display(HTML(cu.grid_editor.sweeps_animation(sb_grid, vi, frames=cu.by_budget(smoke=range(6), standard=range(16)))))

# %%
cu.grid_editor.sweep_slider(sb_grid, vi)

# %%
cu.grid_editor.plot_sweeps(sb_grid, vi, sweeps=(0, 1, 2, 5, 20))
plt.show()
first_stable = next(k for k in range(1, vi.iterations + 1)
                    if np.array_equal(cu.dp.greedy_policy(sb, v=vi.history[k]["v"], atol=1e-6), vi.policy))
print(f"the greedy policy is already optimal after {first_stable} sweeps; values need {vi.iterations}")
assert first_stable < vi.iterations

# %% [markdown]
# ## Policy iteration
#
# That observation — policies converge long before values — suggests the other classic
# algorithm. **Policy iteration** (the lecture: "start with a random policy, find the value
# function from this, update the policy, continue") alternates two steps:
#
# 1. **evaluation**: compute $V^{\pi_k}$ (exactly, with the linear solve above);
# 2. **improvement**: $\pi_{k+1}(s) = \arg\max_a Q^{\pi_k}(s,a)$, keeping the current action on ties.
#
# The **policy improvement theorem** guarantees $V^{\pi_{k+1}} \ge V^{\pi_k}$ in every state;
# since a finite MDP has finitely many deterministic policies, the loop ends — when the
# policy no longer changes it satisfies the optimality equation, so it is optimal.

# %%
pi_res = cu.dp.policy_iteration(sb)
for k, h in enumerate(pi_res.history):
    print(f"iteration {k}: V(A) = {h['v'][A]:6.2f}, mean V = {h['v'].mean():6.2f}, actions changed: {h['changed']}")
assert np.allclose(pi_res.v, vi.v, atol=1e-6)
assert all(np.all(b["v"] >= a["v"] - 1e-9) for a, b in zip(pi_res.history, pi_res.history[1:]))

fig, axes = plt.subplots(1, len(pi_res.history), figsize=(3.1 * len(pi_res.history), 3))
for ax, (k, h) in zip(axes, enumerate(pi_res.history)):
    cu.plotting.grid_heatmap(sb_grid, h["v"], h["policy"], ax=ax, title=rf"$\pi_{k}$ and $V^{{\pi_{k}}}$")
plt.show()

# %% [markdown]
# ### Value iteration or policy iteration?
#
# Policy iteration needs few (expensive) iterations; value iteration many cheap ones. A
# value-iteration sweep costs one matrix product, $O(S^2 A)$ for a dense MDP; an exact
# policy evaluation costs a linear solve, $O(S^3)$. How many of each do they need as
# $\gamma \to 1$? Value iteration's error shrinks like $\gamma^k$, so it needs about
# $\log(\text{tol}) / \log \gamma$ sweeps; policy iteration barely notices.

# %%
gammas = (0.5, 0.8, 0.9, 0.95, 0.99)
counts = {}
for gamma in gammas:
    m = sb.with_gamma(gamma)
    counts[gamma] = (cu.dp.value_iteration(m, tol=1e-8, keep_history=False).iterations,
                     cu.dp.policy_iteration(m).iterations)
    print(f"gamma = {gamma:<5} value iteration: {counts[gamma][0]:5d} sweeps   "
          f"policy iteration: {counts[gamma][1]:2d} improvement steps")
assert all(vi_n > pi_n for vi_n, pi_n in counts.values())

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(gammas, [counts[g][0] for g in gammas], "o-", label="value iteration (sweeps)")
ax.plot(gammas, [counts[g][1] for g in gammas], "s-", label="policy iteration (evaluations)")
ax.set_yscale("log")
ax.set_xlabel(r"discount $\gamma$")
ax.set_ylabel("iterations to converge")
ax.legend()
ax.set_title("Sutton & Barto gridworld, tol = 1e-8")
plt.show()

# %% [markdown]
# ### Stopping early, honestly
#
# The stopping rule "largest change below tol" is safe but pessimistic: with $\gamma = 0.99$ it
# needs hundreds of sweeps even when the *shape* of $v_k$ is already right and only a constant
# is still missing. MacQueen's bounds make this precise: with $\Delta = v_{k+1} - v_k$ and
# $c = \gamma/(1-\gamma)$,
#
# $$
# v_{k+1}(s) + c \min_{s'} \Delta(s') \;\le\; V^*(s) \;\le\; v_{k+1}(s) + c \max_{s'} \Delta(s'),
# $$
#
# so once the *spread* of $\Delta$ is small, the midpoint of the bounds is within tol of $V^*$
# ([Puterman, 1994](../book/references.md#puterman1994markov)). `value_iteration(..., stop="bounds")` uses this, and
# `modified_policy_iteration` (a greedy step followed by a few evaluation sweeps — between
# value iteration and policy iteration) stops the same way. Beware of libraries that stop on the
# spread but do *not* add the correction: their values are off by a constant.

# %%
m99 = sb.with_gamma(0.99)
v_star_99 = cu.dp.policy_iteration(m99).v
runs = {
    "value iteration, stop on max change": cu.dp.value_iteration(m99, tol=1e-8, keep_history=False),
    "value iteration, stop on bounds": cu.dp.value_iteration(m99, tol=1e-6, stop="bounds", keep_history=False),
    "modified policy iteration (k = 20)": cu.dp.modified_policy_iteration(m99, tol=1e-6),
    "policy iteration": cu.dp.policy_iteration(m99),
}
best_actions = cu.dp.optimal_actions(runs["policy iteration"].q, atol=1e-6)   # (S, A), ties included
for name, res in runs.items():
    err = np.max(np.abs(res.v - v_star_99))
    print(f"{name:38s} {res.iterations:5d} iterations   max |v - V*| = {err:.1e}")
    assert err <= 1e-6 and best_actions[np.arange(m99.n_states), res.policy].all()

# %% [markdown]
# On this gridworld the bounds save little: the agent's position mixes slowly, so the spread of
# $\Delta$ shrinks about as slowly as $\Delta$ itself. Modified policy iteration pays off here,
# policy iteration most of all. On a well-mixing MDP the picture turns: on the benchmark's random
# MDP below, the bounds stop value iteration after 6 sweeps instead of 1,812.
#
# In practice, what matters is the time to a given accuracy. `benchmarks/bench_dp.py` runs our
# solvers against two established libraries, pymdptoolbox and QuantEcon, on a random
# 500-state MDP and a 50×50 gridworld ($\gamma = 0.99$), in the same run on the same machine, with
# every method required to reach $\max_s|v(s) - V^*(s)| \le 10^{-6}$, each timing repeated and
# interleaved with the others. The same value-iteration sweeps take about the same time in all
# of them on the dense random MDP (one matrix–vector product each, memory-bound); on the sparse
# gridworld pymdptoolbox's sweeps (a Python loop over the actions) fall far behind. The stored run, read from
# `benchmarks/results/bench_dp.json` (medians over the repeats):

# %%
import json  # noqa: E402
from pathlib import Path  # noqa: E402

dp_bench = Path("../benchmarks/results/bench_dp.json")
if dp_bench.exists():
    table = json.loads(dp_bench.read_text())
    for key in ("random_500x4", "grid_50x50"):
        b = table[key]
        sweep = {name: r["seconds"]["median"] for name, r in b["same_work"].items()}
        best = b["best_median_time_to_accuracy"]
        print(f"{key}: {b['sweeps']:,} sweeps in {sweep['cu.dp.value_iteration']:.3f} s (ours), "
              + ", ".join(f"{name} {t / sweep['cu.dp.value_iteration']:.2f}x" for name, t in sweep.items()
                          if name != "cu.dp.value_iteration"))
        print(f"  to accuracy 1e-6, fastest method of each: ours {best['ours']:.4f} s, "
              f"pymdptoolbox {best['pymdptoolbox'] / best['ours']:.1f}x, quantecon {best['quantecon'] / best['ours']:.1f}x")
else:
    print("run benchmarks/bench_dp.py to produce", dp_bench)

# %% [markdown]
# Ratios above 1 are slower than ours. The early stop of the bounds and modified policy
# iteration are where the time to accuracy is won; QuantEcon's modified policy iteration is in
# the same class. The benchmark also lists pymdptoolbox's default stop, which is fast because it
# stops early and short of the accuracy asked for.
#
# ## FrozenLake: what does "optimal" mean?
#
# FrozenLake (chapter 1) is an *episodic* task: the goal and the holes end the episode. With
# reward $+1$ for reaching the goal and $\gamma = 1$, the return of an episode is 1 or 0, so
# $V^\pi(s)$ is the **probability of ever reaching the goal** from $s$. $\gamma = 1$ is only
# safe because episodes end: the package refuses it when a policy (or, for value iteration,
# every policy) can wander forever.
#
# The slippery ice is also a gridworld: the agent moves as intended with probability 1/3
# and to each side with probability 1/3, i.e. `GridWorld(..., slip=2/3)`. Before we trust the
# picture, we check that the two MDPs are identical.

# %%
lake = cu.mdp.from_gymnasium(gym.make("FrozenLake-v1"), gamma=1.0)
lake_map = [row.replace("F", ".") for row in ("SFFF", "FHFH", "FFFH", "HFFG")]
lake_grid = cu.gridworld.GridWorld(lake_map, rewards={"G": 1.0}, slip=2 / 3, gamma=1.0)
assert np.allclose(lake_grid.to_mdp().P, lake.P) and np.allclose(lake_grid.to_mdp().R, lake.R)

lake_vi = cu.dp.value_iteration(lake, tol=1e-12)
lake_pi = cu.dp.policy_iteration(lake)
assert np.array_equal(lake_vi.policy, lake_pi.policy) and np.allclose(lake_vi.v, lake_pi.v, atol=1e-9)
print(f"V*(start) = {lake_vi.v[0]:.4f}  (= 14/17 = {14 / 17:.4f});  "
      f"value iteration {lake_vi.iterations} sweeps, policy iteration {lake_pi.iterations} steps")
assert np.isclose(lake_vi.v[0], 14 / 17, atol=1e-9)

cu.plotting.grid_heatmap(lake_grid, lake_vi.v, lake_vi.policy, fmt="{:.2f}",
                         title=r"FrozenLake: $V^*$ (probability of reaching G) and $\pi^*$")
plt.show()

# %% [markdown]
# The optimal policy looks strange at first: in the start cell it pushes *left*, into the
# wall. That is the point — pushing left can only slip up (wall: stay) or down (progress), and
# never right into danger. The agent is patient because $\gamma = 1$ does not punish delay.
#
# Gymnasium, however, cuts FrozenLake episodes after 100 steps (`truncated`); a comment in its
# environment registry puts the optimum under that limit at 0.74, without a derivation
# ([Farama Foundation, 2022](../book/references.md#gymnasium2022registry)). Our $V^*(\text{start}) = 0.8235$ is the success probability
# *without* a step limit; the two questions differ. We can compute the second one exactly, and
# that computation, not the comment, is our authority: push the start distribution through the
# policy's transition matrix 100 times and read the probability mass that has arrived in G. The
# best any policy can do in 100 steps comes from 100 backups of value iteration from $v_0 = 0$ —
# a finite-horizon problem, whose optimal policy may depend on the steps left. It gives 0.744;
# $\pi^*$ itself reaches 0.740, so both round to the registry's 0.74. Finally we play the real
# environment.

# %%
P_pi = lake.P[np.arange(lake.n_states), lake_vi.policy]      # (S, S) under pi*
d = lake.initial.copy()
for _ in range(100):
    d = d @ P_pi
goal = 15
v_100 = np.zeros(lake.n_states)
for _ in range(100):                                          # finite horizon: 100 backups
    v_100 = cu.dp.q_from_v(lake, v_100).max(axis=1)

env = gym.make("FrozenLake-v1")
n_episodes = cu.by_budget(smoke=500, standard=5_000)
wins = 0
for seed in range(n_episodes):
    s, _ = env.reset(seed=seed)
    terminated = truncated = False
    while not (terminated or truncated):
        s, reward, terminated, truncated, _ = env.step(int(lake_vi.policy[s]))
    wins += reward
se = np.sqrt(0.74 * 0.26 / n_episodes)
print(f"no step limit, pi*:            {lake_vi.v[0]:.4f}")
print(f"within 100 steps, pi*:         {d[goal]:.4f}")
print(f"within 100 steps, best policy: {v_100[0]:.4f}")
print(f"played in Gymnasium, pi*:      {wins / n_episodes:.4f} ± {se:.4f} ({n_episodes} episodes)")
assert abs(d[goal] - 0.740) < 5e-4 and abs(v_100[0] - 0.744) < 5e-4  # the numbers in the text
assert d[goal] <= v_100[0] + 1e-12 <= lake_vi.v[0] + 1e-12
assert abs(wins / n_episodes - d[goal]) < 4 * se

# %% [markdown]
# ## The interactive gridworld editor
#
# Now experiment. Type a map (`S` start, `.` floor, `#` wall, `G`/`H` goal and hole, other
# letters for named cells), rewards for entering cells as `G=1, H=-1`, the letters that end
# an episode, $\gamma$, the slip probability, rewards per step and per bump, and an
# algorithm. Values and greedy arrows are recomputed at every change; input the solver
# refuses (a stray character, $\gamma > 1$, $\gamma = 1$ without terminal cells) shows a red
# message instead. Try: slip 0 vs 0.5; step reward $-0.1$; $\gamma = 1$ with and without
# terminal letters; a wall that cuts off the goal.

# %%
editor = cu.grid_editor.grid_editor(layout="S...\n.#.H\n...G", rewards="G=1, H=-1", gamma=0.95, slip=0.2)
editor

# %% [markdown]
# For the printed book, the editor's default world under three slip probabilities. As the
# ice gets more slippery, the values fall and the arrows next to the hole turn away from it,
# accepting a longer path (here slip 0.5 means: intended move half of the time).

# %%
fig, axes = plt.subplots(1, 3, figsize=(14, 3.4))
values_at_start = []
for ax, slip in zip(axes, (0.0, 0.2, 0.5)):
    g, res = cu.grid_editor.solve_grid("S...\n.#.H\n...G", rewards="G=1, H=-1", gamma=0.95, slip=slip)
    cu.plotting.grid_heatmap(g, res.v, cu.dp.optimal_actions(res.q, atol=1e-6).astype(float), ax=ax,
                             fmt="{:.2f}", title=f"slip = {slip}")
    values_at_start.append(res.v[0])
plt.show()
assert values_at_start[0] > values_at_start[1] > values_at_start[2]

# %% [markdown]
# ## Check yourself: exercises a tutor can edit
#
# The questions below are not typed into this notebook. Each is a small YAML file under
# `exercises/02_bellman_dp/` — a map, rewards, $\gamma$, the question — and the correct answer
# is **computed** by the solvers of this chapter every time the exercise loads. A tutor can
# change the map or $\gamma$ in the file, and the question, the figure and the checker follow;
# `tests/test_exercises.py` proves that every file loads and that its checker accepts the
# computed answer and rejects a wrong one. A file looks like this:

# %%
chapter_exercises = cu.exercises.load_all(chapter="02_bellman_dp")
print(open(chapter_exercises[0].path).read())
cu.exercises.verify(chapter_exercises, at_least=4)  # each computed answer accepted, a wrong one refused

# %% [markdown]
# Type your answer and press **Check** (a number within the stated tolerance, or a move:
# left, down, right, up or an arrow). "Show answer" reveals the computed answer.

# %%
cu.exercises.chapter_widget(chapter_exercises)

# %% [markdown]
# For the printed book, the same exercises as text (answers in the dropdown):

# %%
print(cu.exercises.questions_text(chapter_exercises))

# %% [markdown]
# The answers, computed when this page was built (click to show):

# %% tags=["hide-output"]
# Computed answers
print(cu.exercises.answers_text(chapter_exercises))

# %% [markdown]
# ## Exercises
#
# <a id="dp-ex-bellman-by-hand"></a>**Exercise.** Check the Bellman optimality equation of Sutton & Barto's gridworld at the top-left cell by
# hand, using the rounded values of Figure 3.5: which action attains the maximum, and does
# $22.0 = \max_a [\,r + 0.9\, V^*(s')\,]$ hold to one decimal?
#
# <details class="solution"><summary>Solution</summary>
#
# Moving right to A gives $0 + 0.9 \cdot 24.4 = 21.96 \approx 22.0$; down gives
# $0.9 \cdot 19.8 = 17.8$; left or up bump: $-1 + 0.9 \cdot 22.0 = 18.8$. The maximum is "right".
#
# </details>
#
# <a id="dp-ex-q-iteration"></a>**Exercise.** Write value iteration on $Q$ instead of $V$: $q_{k+1}(s,a) = R(s,a) + \gamma \sum_{s'}
# T(s,a,s') \max_{a'} q_k(s',a')$, using `P.reshape(S * A, S)` as the package does. Check that it
# gives `cu.dp.value_iteration(sb).q`. This update, with the expectation replaced by a single
# sampled transition, is Q-learning (next chapter).
#
# <details class="solution"><summary>Solution</summary>
#
# ```python
# S, A = sb.n_states, sb.n_actions
# q = np.zeros((S, A))
# for _ in range(1000):
#     q = sb.R + sb.gamma * (sb.P.reshape(S * A, S) @ q.max(axis=1)).reshape(S, A)
# assert np.allclose(q, cu.dp.value_iteration(sb, tol=1e-12).q, atol=1e-6)
# ```
#
# </details>
#
# <a id="dp-ex-gamma-one"></a>**Exercise.** Build `corridor = cu.gridworld.GridWorld(["S..G"], rewards={"G": 0}, step_reward=-1, gamma=1.0).to_mdp()`
# and evaluate the policy "always right" (`[2, 2, 2, 0]`) and the policy "always left"
# (`[0, 0, 0, 0]`) with `cu.dp.policy_evaluation`. What happens, and why is it right?
#
# <details class="solution"><summary>Solution</summary>
#
# "Always right" reaches G in 3, 2, 1 moves: $V^\pi = (-3, -2, -1, 0)$. "Always left" bumps into
# the wall forever and pays $-1$ each step: the undiscounted sum is $-\infty$, so there is no
# value to return. The package checks whether a policy reaches a terminal state from every state
# when $\gamma = 1$ and raises a `ValueError` naming the states from which it never does. With
# $\gamma < 1$ the same policy has the finite value $-1/(1-\gamma)$.
#
# </details>
#
# <a id="dp-ex-8x8"></a>**Exercise.** Solve `FrozenLake8x8-v1` with $\gamma = 1$. What is $V^*(\text{start})$, and why? Then compute,
# as we did for the 4×4 lake, the probability that the returned policy reaches the goal within
# Gymnasium's limit of 200 steps; repeat with $\gamma = 0.99$ and with 200 backups from $v_0 = 0$.
# Explain the three numbers.
#
# <details class="solution"><summary>Solution</summary>
#
# $V^*(\text{start}) = 1$: on the big lake a careful agent can reach the goal with probability 1
# *eventually*. Almost every state then has value 1, so many policies are optimal — including
# very slow ones, and (with a naive tie-break) even ones that wait forever in a safe corner;
# `cu.dp` returns one that ends episodes, but within 200 steps it may still succeed rarely
# (a few percent up to about 0.88, depending on which of the tied actions it picks). With
# $\gamma = 0.99$ speed matters, and the policy reaches the goal within 200 steps with
# probability 0.86. The best any agent can do within 200 steps is a finite-horizon problem
# (the best action depends on the steps left): 200 backups give 0.913, which agrees with the
# "optimum = 0.91" noted in Gymnasium's registry ([Farama Foundation, 2022](../book/references.md#gymnasium2022registry)). With $\gamma = 1$,
# say which question your values answer.
#
# </details>
#
# <a id="dp-ex-editor"></a>**Exercise.** In the editor, make a map where some cell has *several* optimal moves. How does the figure
# show it, and which single action does the result's `.policy` hold there? Why is $V^*$ unique
# although the optimal policy is not?
#
# <details class="solution"><summary>Solution</summary>
#
# For example the map `S.` / `.G` with `G=1`, slip 0: from S, right and down both reach G in two
# moves, and the figure draws both arrows (all actions within $10^{-6}$ of $\max_a Q^*$). The
# deterministic `.policy` takes the lowest action index among ties (down = 1 before right = 2).
# $V^*$ is the unique fixed point of a contraction, so it is unique; *every* policy that is
# greedy with respect to it is optimal, and with ties there are several.
#
# </details>
#
# ## Summary
#
# * $V^\pi(s)$ and $Q^\pi(s,a)$ are expected discounted returns; $V^\pi = \sum_a \pi Q^\pi$ and
#   $Q^\pi = \sum_{s'} T\,[R + \gamma V^\pi]$.
# * The **Bellman expectation equation** is linear: $v^\pi = (I-\gamma P_\pi)^{-1} r_\pi$, or the
#   fixed point of the contraction $v \leftarrow r_\pi + \gamma P_\pi v$.
# * The **Bellman optimality equations** replace the average over $\pi$ by a max; the greedy
#   policy with respect to $V^*$ or $Q^*$ is optimal.
# * **Value iteration** iterates the optimality backup (many cheap sweeps, error $\propto \gamma^k$);
#   **policy iteration** alternates exact evaluation and greedy improvement (few expensive steps).
#   Both reproduce Sutton & Barto's published tables ([Sutton and Barto, 2018](../book/references.md#sutton2018reinforcement)).
# * With $\gamma = 1$ on an episodic task, $V^*$ is a success probability (FrozenLake: 0.82 with
#   no limit, 0.744 at best within Gymnasium's 100 steps, computed exactly by finite-horizon
#   backups) — say which one you mean.
# * Dynamic programming needs the model $T$, $R$. The next chapter learns the same values from
#   sampled experience alone.
#
# <div class="works-cited">
#
# **Works cited in this chapter** (all works: the [references](../book/references.md) page of the book)
#
# * Richard Bellman. Dynamic Programming. Princeton University Press, 1957.
# * Farama Foundation. Gymnasium's environment registry, gymnasium/envs/\_\_init\_\_.py. Source code, 2022. Comments “optimum = 0.74” at the registration of FrozenLake-v1 (100 steps) and “optimum = 0.91” at FrozenLake8x8-v1 (200 steps). URL: <https://github.com/Farama-Foundation/Gymnasium/blob/main/gymnasium/envs/__init__.py>.
# * Martin L. Puterman. Markov Decision Processes: Discrete Stochastic Dynamic Programming. Wiley, 1994.
# * Richard S. Sutton and Andrew G. Barto. Reinforcement Learning: An Introduction. MIT Press, 2nd edition, 2018.
#
# </div>
