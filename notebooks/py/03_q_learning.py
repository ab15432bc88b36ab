# %% [markdown]
# # Q-learning and temporal-difference learning
#
# Dynamic programming (chapter 2) computes values from the model: it needs the transition
# probabilities $T(s,a,s')$ and the rewards $R(s,a,s')$ of every state. A real agent rarely has
# them. What it has is **experience**: it acts, and the environment answers with a reward and a
# next state. This chapter turns the Bellman equations into learning rules that use one sampled
# transition $(s, a, r, s')$ at a time. The idea — *temporal-difference (TD) learning*
# ([Sutton, 1988](../book/references.md#sutton1988learning)) — is the root of Q-learning ([Watkins, 1989](../book/references.md#watkins1989learning); [Watkins and Dayan, 1992](../book/references.md#watkins1992q)),
# of SARSA ([Rummery and Niranjan, 1994](../book/references.md#rummery1994online)), and, with a neural network in place of the table, of the
# deep Q-networks of the next chapters.
#
# **Learning goals.** After this chapter you can
#
# 1. write the TD(0) update and the TD error $\delta$, and explain why TD learns from incomplete episodes;
# 2. state the Q-learning update, explain why it is *off-policy*, and contrast it with on-policy SARSA;
# 3. explore with an $\varepsilon$-greedy policy and choose the step size $\alpha$, $\varepsilon$ and $\gamma$;
# 4. handle the end of an episode correctly: no bootstrap when `terminated`, bootstrap when `truncated`;
# 5. check a learned table against dynamic programming: TD(0) against exact values, Q-learning
#    against $Q^*$ and FrozenLake's optimal success rate, and reproduce Sutton & Barto's cliff walk.

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

import course_utils as cu
from course_utils.rl.tabular import TabularConfig

cu.set_seed(0)
threads = cu.use_free_cores()  # NumPy's BLAS: as many threads as cores are free
print("budget:", cu.budget(), "| threads:", threads)


# %% [markdown]
# ## From Bellman backups to sampled backups
#
# The Bellman expectation equation of chapter 2 says that the value of a state is the expected
# one-step reward plus the discounted value of where we land:
#
# $$
# V^\pi(s) = \sum_a \pi(a \mid s) \sum_{s'} T(s,a,s')\,\big[R(s,a,s') + \gamma V^\pi(s')\big]
#          = \mathbb E_\pi\big[\,r_t + \gamma V^\pi(s_{t+1}) \;\big|\; s_t = s\,\big].
# $$
#
# Dynamic programming computes the expectation with the model. Without a model we can still
# **sample** it: follow $\pi$, observe one transition $(s, r, s')$, and treat
# $r + \gamma V(s')$ as a noisy estimate of $V(s)$. Rather than replacing $V(s)$ by this noisy
# number we move it a small step $\alpha$ towards it — a running average:
#
# $$
# V(s) \leftarrow V(s) + \alpha\,\big[\underbrace{r + \gamma V(s') - V(s)}_{\text{TD error } \delta}\big].
# $$
#
# This is **TD(0)**. The bracket, the *temporal-difference error* $\delta$, compares two
# estimates of the same quantity made one step apart. Two details matter:
#
# * **Bootstrapping.** The target $r + \gamma V(s')$ uses the current estimate $V(s')$. TD does
#   not wait for the end of the episode (as Monte Carlo averaging of returns $G_t$ does); it learns
#   after every step, also in tasks that never end.
# * **The end of an episode.** When the episode **terminates** in $s'$ there is no future: the
#   target is $r$ alone. When a time limit **truncates** it, $s'$ is an ordinary state whose
#   future we merely did not see, so the target still bootstraps on $V(s')$. Gymnasium tells the
#   two apart (`terminated`, `truncated`); the package uses exactly this rule.
#
# One update, as the package writes it (the learners inline the same arithmetic in their loops):

# %%
def show_code(function):
    """Print a function's source without its docstring."""
    head, _, rest = inspect.getsource(function).partition('"""')
    print(head.rstrip() + "\n" + rest.partition('"""')[2].strip("\n"))


show_code(cu.tabular.td_update)

# %% [markdown]
# ## TD(0) against dynamic programming: the random walk
#
# Sutton & Barto's random walk (Example 6.2) is the smallest interesting test. Five states
# A–E lie in a row between two terminal ends; every episode starts in C and moves left or right
# with probability ½; reaching the right end pays $+1$, everything else $0$. With $\gamma = 1$
# the value of a state is the probability of leaving on the right: $1/6, 2/6, \dots, 5/6$.
# Dynamic programming on the model gives exactly that; TD(0) must find it from episodes alone.

# %%
walk = cu.tabular.random_walk()
inner = slice(1, 6)  # the states A..E (0 and 6 are the terminal ends)
v_true = cu.dp.policy_evaluation_exact(walk, np.zeros(walk.n_states, dtype=int)).v
print("DP values of A..E:", np.round(v_true[inner], 4))
assert np.allclose(v_true[inner], np.arange(1, 6) / 6)

walk_policy = np.zeros(walk.n_states, dtype=int)  # the single action "walk"
one_run = cu.tabular.td0_evaluation(walk, walk_policy, episodes=100, alpha=0.1, gamma=1.0, q_init=0.5,
                                    snapshot_every=1, seed=0)
n_walk_runs = cu.by_budget(smoke=10, standard=100)
alphas = (0.05, 0.1, 0.15)
rms = {}
for alpha in alphas:  # RMS error over the five states, averaged over independent runs
    errors = []
    for seed in range(n_walk_runs):
        run = cu.tabular.td0_evaluation(walk, walk_policy, episodes=100, alpha=alpha, gamma=1.0,
                                        q_init=0.5, snapshot_every=1, seed=seed)
        errors.append(np.sqrt(((run.snapshots[:, inner] - v_true[inner]) ** 2).mean(axis=1)))
    rms[alpha] = np.mean(errors, axis=0)  # (episodes,)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.6))
names = [walk.state_names[s] for s in range(1, 6)]
ax1.plot(names, np.full(5, 0.5), "o-", color="0.6", label="start (0.5)")
for k in (1, 10, 100):
    ax1.plot(names, one_run.snapshots[k - 1, inner], "o-", label=f"after {k} episode{'s' * (k > 1)}")
ax1.plot(names, v_true[inner], "k--", label="true values (DP)")
ax1.set_xlabel("state")
ax1.set_ylabel("estimated value")
ax1.set_title("TD(0), α = 0.1, one run")
ax1.legend(fontsize=8)
for alpha in alphas:
    ax2.plot(np.arange(1, 101), rms[alpha], label=f"α = {alpha}")
ax2.set_xlabel("episodes")
ax2.set_ylabel("RMS error over A–E")
ax2.set_title(f"averaged over {n_walk_runs} runs")
ax2.legend()
plt.show()
assert all(rms[a][-1] < rms[a][0] / 2 for a in alphas)  # every step size learns
assert np.abs(one_run.snapshots[-1, inner] - v_true[inner]).max() < 0.2

# %% [markdown]
# The left panel reproduces the left-hand figure of Sutton & Barto's Example 6.2: after 100
# episodes the estimates lie
# close to the true values. The right panel shows the trade-off of a constant step size: a large
# $\alpha$ learns fast but keeps jittering around the answer (each update moves $V$ by $\alpha\delta$
# however good the estimate already is); a small $\alpha$ is slower but settles closer. With step
# sizes that shrink, such as $\alpha_n = 1/n$, the estimate converges with probability 1 (the
# Robbins–Monro conditions $\sum_n \alpha_n = \infty$, $\sum_n \alpha_n^2 < \infty$).
#
# ## Q-learning: learning to act without a model
#
# To **choose** actions from learned values without a model we learn action values $Q(s,a)$:
# the greedy policy $\arg\max_a Q(s,a)$ needs no $T$. Q-learning samples the Bellman
# *optimality* equation $Q^*(s,a) = \mathbb E\big[r + \gamma \max_{a'} Q^*(s',a')\big]$:
#
# $$
# Q(s,a) \leftarrow Q(s,a) + \alpha\,\Big[r + \gamma \max_{a'} Q(s',a') - Q(s,a)\Big]
# \qquad (\text{target } r \text{ alone if } s' \text{ is terminal}).
# $$
#
# **Exploration.** An agent that always takes its current best action may never discover a
# better one. The classic remedy is **$\varepsilon$-greedy**: with probability $\varepsilon$ take a
# uniformly random action, otherwise a greedy one — and when several actions tie for the best
# (as they all do at the start, with $Q = 0$), pick among them at random, or the agent walks into
# the same wall forever.
#
# **Off-policy.** The target uses $\max_{a'}$ — the value of acting greedily from $s'$ — whatever
# the agent actually does next. Q-learning therefore learns $Q^*$, the values of the optimal
# policy, while it *behaves* $\varepsilon$-greedily: the policy it learns about (greedy) differs from
# the policy that generates the data (behaviour). With every pair $(s,a)$ tried infinitely often
# and Robbins–Monro step sizes, $Q \to Q^*$ with probability 1 ([Watkins and Dayan, 1992](../book/references.md#watkins1992q)).
#
# <div class="admonition note"><p class="admonition-title">Pseudocode: tabular Q-learning</p>
#
# 1. Initialise $Q(s,a)$ (e.g. to 0) for all $s, a$.
# 2. For each episode: observe $s$ from `reset`. Until the episode ends:
#    1. choose $a$ $\varepsilon$-greedily from $Q(s,\cdot)$ (ties at random);
#    2. `step(a)` → $r$, $s'$, `terminated`, `truncated`;
#    3. target $y = r$ if `terminated`, else $y = r + \gamma \max_{a'} Q(s',a')$;
#    4. $Q(s,a) \leftarrow Q(s,a) + \alpha\,(y - Q(s,a))$; $s \leftarrow s'$.
#
# </div>
#
# The package's ε-greedy choice, in full:

# %%
show_code(cu.tabular.epsilon_greedy)

# %% [markdown]
# `cu.tabular.q_learning(env, config)` runs this loop on any Gymnasium environment with discrete
# states and actions. The configuration is a dataclass; every field is documented:

# %%
source = inspect.getsource(TabularConfig)
print(source[:source.index("    def __post_init__")].rstrip())
assert TabularConfig().alpha == 0.1 and TabularConfig(alpha=0.5).alpha == 0.5

# %% [markdown]
# ## Q-learning on slippery FrozenLake
#
# FrozenLake (chapter 1) is small enough for dynamic programming to give the exact answer, so we
# can watch Q-learning approach it. The ice is slippery: the agent moves where it wants only a
# third of the time. With $\gamma = 0.99$, value iteration on the model gives $Q^*$ and a policy
# whose exact success probability within Gymnasium's 100-step limit is 0.740, against 0.744 for
# the best any policy can do in 100 steps (chapter 2's finite-horizon computation; a comment in
# Gymnasium's registry gives "optimum = 0.74" ([Farama Foundation, 2022](../book/references.md#gymnasium2022registry))). Below, "the DP
# optimum" means this policy, optimal for the discounted problem with $\gamma = 0.99$.
#
# Q-learning gets no model: only episodes. We run it with a constant $\alpha = 0.1$ and
# $\varepsilon = 0.1$, keep a copy of the table every few hundred episodes, and measure two
# distances to the optimum: the largest error of any entry, $\|Q - Q^*\|_\infty$, and the exact
# success probability (within 100 steps) of the *greedy* policy of the current table.

# %%
lake = gym.make("FrozenLake-v1")  # slippery 4x4, episodes cut after 100 steps
lake_mdp = cu.mdp.from_gymnasium(lake, gamma=0.99)
optimum = cu.dp.value_iteration(lake_mdp, tol=1e-12)
q_star = optimum.q
dp_success = cu.tabular.finite_horizon_value(lake_mdp, optimum.policy, horizon=100)[0]
print(f"DP policy: exact success probability within 100 steps = {dp_success:.4f}")
assert abs(dp_success - 0.74) < 0.005

lake_config = TabularConfig.preset(alpha=0.1, epsilon=0.1, gamma=0.99, seed=0)  # episodes by budget
lake_run = cu.tabular.q_learning(lake, lake_config)
live = ~lake_mdp.terminal
gap = np.abs(lake_run.snapshots - q_star)[:, live].max(axis=(1, 2))  # ||Q - Q*||_inf per snapshot
greedy_success = np.array([cu.tabular.finite_horizon_value(lake_mdp, cu.dp.greedy_policy(q=q), 100)[0]
                           for q in lake_run.snapshots])
steps = lake_run.history["lengths"].sum()
print(f"{lake_config.episodes:,} episodes, {steps:,} updates; final ||Q - Q*||_inf = {gap[-1]:.3f}, "
      f"greedy success {greedy_success[-1]:.4f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.4))
thousands = lake_run.snapshot_episodes / 1000
ax1.plot(thousands, gap)
ax1.set_yscale("log")
ax1.set_xlabel("episodes (thousands)")
ax1.set_ylabel(r"$\|Q - Q^*\|_\infty$")
ax1.set_title("distance to the DP optimum")
ax2.plot(thousands, greedy_success, label="greedy policy of Q (exact)")
ax2.axhline(dp_success, color="k", linestyle="--", label=f"DP optimum {dp_success:.3f}")
ax2.set_xlabel("episodes (thousands)")
ax2.set_ylabel("success within 100 steps")
ax2.set_ylim(0, 0.8)
ax2.legend(loc="lower right")
plt.show()
assert gap[-1] < gap[0]

# %% [markdown]
# Three things are worth noticing. First, the error in $Q$ shrinks quickly at first and then
# stalls at a floor set by the constant step size: every update still moves $Q(s,a)$ by
# $\alpha\delta$, and on slippery ice $\delta$ is noisy. Second, the **policy** is right long before the
# values are: the greedy action only needs the *ordering* of $Q(s,\cdot)$ to be right. Third, the
# same noise makes the greedy policy flicker now and then, when two actions whose values are
# close swap places for a while (the dips on the right); a smaller or decaying step size calms
# it (see the exercises at the end of the chapter).
#
# Now the test that matters: play the learned greedy policy and the DP policy in the real
# environment, with its 100-step limit, for many episodes each.

# %%
n_eval = cu.by_budget(smoke=1_000, standard=10_000)
learned_rate = cu.tabular.evaluate_policy(lake, lake_run.policy, episodes=n_eval, seed=1).mean()
dp_rate = cu.tabular.evaluate_policy(lake, optimum.policy, episodes=n_eval, seed=2).mean()
se = np.sqrt(0.74 * 0.26 / n_eval)
print(f"success over {n_eval:,} episodes: Q-learning {learned_rate:.4f}, DP {dp_rate:.4f} "
      f"(standard error of each ≈ {se:.4f})")
optimal = cu.dp.optimal_actions(q_star, atol=1e-6)  # (S, A): every action that ties for the best
print("states where the learned greedy action differs from the DP policy's:",
      np.flatnonzero((lake_run.policy != optimum.policy) & live).tolist(),
      "; where it is not optimal at all:",
      np.flatnonzero(~optimal[np.arange(16), lake_run.policy] & live).tolist())
tolerance = cu.by_budget(smoke=0.15, standard=0.02)  # percentage points: the chapter's quality target
assert abs(learned_rate - dp_rate) <= tolerance, (learned_rate, dp_rate)

fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
cu.tabular_plots.draw_policy(lake, lake_run.policy, values=lake_run.v, ax=axes[0],
                             title=f"Q-learning: {learned_rate:.1%} success")
cu.tabular_plots.draw_policy(lake, optimum.policy, values=optimum.v, ax=axes[1],
                             title=f"dynamic programming: {dp_rate:.1%}")
plt.show()

# %% [markdown]
# The learned policy reaches the DP policy's success rate (under the `standard` budget the
# difference is within sampling noise, well inside 2 percentage points). It is also the same
# strange-looking policy: in the start state it pushes **left**, into the wall. On slippery ice
# that is clever — pushing left can only slip up (a wall: stay) or down, never right towards the
# holes. Q-learning found this from experience alone.
#
# ## SARSA: learning the policy you follow
#
# SARSA ([Rummery and Niranjan, 1994](../book/references.md#rummery1994online)) (named after the quintuple $s, a, r, s', a'$ it uses) replaces the
# max by the action the agent **actually takes next**, drawn from its own $\varepsilon$-greedy
# policy:
#
# $$
# Q(s,a) \leftarrow Q(s,a) + \alpha\,\big[r + \gamma\, Q(s',a') - Q(s,a)\big], \qquad
# a' \sim \varepsilon\text{-greedy}\big(Q(s',\cdot)\big).
# $$
#
# It is **on-policy**: it learns the values of the policy it follows, exploration included. The
# convergence theorem for SARSA ([Singh et al., 2000](../book/references.md#singh2000convergence)) needs the exploration to fade: if
# every pair is tried infinitely often, the policy becomes greedy in the limit (for example
# ε-greedy with $\varepsilon \to 0$, "GLIE") and the step sizes satisfy the Robbins–Monro
# conditions, SARSA converges to $Q^*$ and an optimal policy with probability 1. With a
# **fixed** $\varepsilon$ that theorem says nothing. What one expects then is the best policy
# among the $\varepsilon$-greedy ones — the policy that policy iteration restricted to
# $\varepsilon$-soft policies finds (Sutton & Barto §5.4 ([Sutton and Barto, 2018](../book/references.md#sutton2018reinforcement))) — and
# below we *check* this on the cliff, against dynamic programming; it is an experiment, not a
# theorem. Where exploring is dangerous the difference from Q-learning shows.
#
# ## The cliff: Sutton & Barto's Example 6.6
#
# CliffWalking is a 4×12 grid. The agent starts bottom left (S) and must reach bottom right (G);
# every move costs $-1$; the cells between them are a cliff: stepping in costs $-100$ and sends
# the agent back to the start (the episode goes on). The shortest path runs along the cliff edge
# (13 moves, return $-13$). We run both algorithms with the book's settings —
# $\alpha = 0.5$, $\varepsilon = 0.1$, $\gamma = 1$, 500 episodes — many times with different seeds,
# and record the **online** return of every episode, exploration included.

# %%
cliff = gym.make("CliffWalking-v1")
cliff_config = TabularConfig(episodes=500, alpha=0.5, epsilon=0.1, gamma=1.0)
n_cliff_runs = cu.by_budget(smoke=4, standard=30, full=100)
learners = {"SARSA": cu.tabular.sarsa, "Q-learning": cu.tabular.q_learning}
cliff_runs = {name: [learn(cliff, cliff_config, seed=seed) for seed in range(n_cliff_runs)]
              for name, learn in learners.items()}
online = {name: np.array([r.history["returns"] for r in runs]) for name, runs in cliff_runs.items()}  # (runs, 500)

cu.tabular_plots.learning_curves(online, window=10, ylim=(-100, 0),
                                 title="CliffWalking: online return per episode (ε = 0.1, α = 0.5)")
plt.show()
late = {name: returns[:, 100:].mean() for name, returns in online.items()}
print("mean online return, episodes 101-500:", {name: round(float(v), 1) for name, v in late.items()})
assert late["SARSA"] > late["Q-learning"] + 10  # Example 6.6: SARSA earns more while learning

# %% [markdown]
# As in the figure of the book's Example 6.6, SARSA collects clearly more reward per episode
# while learning (about $-25$ against about $-50$ for Q-learning). Yet Q-learning has learned
# the better *policy*. Follow each run's greedy policy from the start:

# %%
paths = {name: [cu.tabular.greedy_path(cliff, r.policy, max_steps=100) for r in runs]
         for name, runs in cliff_runs.items()}


def off_the_edge(path):
    """True if the path never walks along the row next to the cliff (row 2, columns 1-10)."""
    return all(not (s // 12 == 2 and 0 < s % 12 < 11) for s in path.states)


for name, ps in paths.items():
    returns, counts = np.unique([p.total_return for p in ps], return_counts=True)
    print(f"{name:>10}: greedy-path returns {dict(zip(returns.tolist(), counts.tolist()))}, "
          f"{np.mean([off_the_edge(p) for p in ps]):.0%} keep off the edge")
assert all(p.total_return == -13 for p in paths["Q-learning"])  # the optimal path along the edge
assert np.mean([off_the_edge(p) for p in paths["SARSA"]]) >= 0.5  # the safe path

# %% [markdown]
# Every Q-learning run has learned the optimal path along the edge (return $-13$): its values are
# those of the greedy policy, which never slips. But the agent does not *follow* the greedy
# policy while it learns: one step in ten is random, and on the edge a random step down falls off
# the cliff — hence its poor online return. SARSA's values include its own exploration, so it
# learns that the edge is dangerous *for an agent that explores*, and walks further away.
#
# Where does SARSA with a fixed $\varepsilon$ settle? The candidate named above can be computed
# exactly: policy iteration restricted to $\varepsilon$-greedy policies
# (`cu.tabular.epsilon_soft_optimum`) gives the best policy among those that explore with
# $\varepsilon = 0.1$. Its greedy path runs **two rows** above the cliff (return $-15$). The book's
# figure shows SARSA on the top row ($-17$): with $\alpha = 0.5$ and 500 episodes the table is
# still noisy, and many runs show that path (or a loop, when two cells' greedy arrows point at
# each other). With a smaller step size and more episodes, the run below settles on the DP
# answer — the last line of the next cell checks that its greedy path is the DP policy's.

# %%
cliff_mdp = cu.mdp.from_gymnasium(cliff, gamma=1.0)
_, soft_policy = cu.tabular.epsilon_soft_optimum(cliff_mdp, epsilon=0.1)
star_policy = cu.dp.value_iteration(cliff_mdp, tol=1e-10).policy
settled = cu.tabular.sarsa(cliff, episodes=cu.by_budget(smoke=1_500, standard=3_000), alpha=0.1,
                           epsilon=0.1, gamma=1.0, seed=0)
shown = {
    "Q-learning, run 0 (α 0.5, 500 episodes)": (cliff_runs["Q-learning"][0].policy, "tab:red"),
    "DP: optimal policy Q*": (star_policy, "tab:red"),
    "SARSA, run 0 (α 0.5, 500 episodes)": (cliff_runs["SARSA"][0].policy, "tab:blue"),
    f"SARSA, α 0.1, {settled.config.episodes:,} episodes": (settled.policy, "tab:blue"),
    "DP: best ε-greedy policy (ε = 0.1)": (soft_policy, "tab:blue"),
}
fig, axes = plt.subplots(len(shown), 1, figsize=(8, 2.3 * len(shown)))
for ax, (title, (policy, color)) in zip(axes, shown.items()):
    path = cu.tabular.greedy_path(cliff, policy, max_steps=100)
    cu.tabular_plots.draw_policy(cliff, policy, path=path, ax=ax, path_color=color,
                                 title=f"{title}: return {path.total_return:.0f}")
plt.tight_layout()
plt.show()
assert cu.tabular.greedy_path(cliff, star_policy).total_return == -13
assert cu.tabular.greedy_path(cliff, soft_policy).states == cu.tabular.greedy_path(cliff, settled.policy).states


# %% [markdown]
# ## Play with α, ε and γ
#
# Choose the algorithm and its hyperparameters; the widget trains a few runs on the cliff (seeded,
# so the same settings give the same curves), draws the mean online return with a standard-error
# band, and the greedy policy and path of the first run. Things to try: $\varepsilon = 0$ (no
# exploration: with random tie-breaking the agent still finds the goal, slowly); $\varepsilon = 0.3$
# (SARSA moves to the top row); $\alpha = 1$; $\gamma = 0.9$ with Q-learning. A step size of 0 is
# refused with a message.

# %%
def draw_cliff_run(algorithm, alpha, epsilon, gamma, episodes):
    config = TabularConfig(episodes=episodes, alpha=alpha, epsilon=epsilon, gamma=gamma)  # checks the values
    runs = [learners[algorithm](cliff, config, seed=seed) for seed in range(cu.by_budget(smoke=2, standard=5))]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 3.4), gridspec_kw={"width_ratios": [1, 1.7]})
    cu.tabular_plots.learning_curves({algorithm: [r.history["returns"] for r in runs]}, ax=ax1, ylim=(-150, 0))
    path = cu.tabular.greedy_path(cliff, runs[0].policy, max_steps=100)
    cu.tabular_plots.draw_policy(cliff, runs[0].policy, path=path, ax=ax2,
                                 title=f"greedy path of run 0: return {path.total_return:.0f}")
    fig.tight_layout()


cu.widgets.interactive_figure(draw_cliff_run, {
    "algorithm": W.Dropdown(options=list(learners), value="SARSA", description="algorithm"),
    "alpha": W.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.05, description="α"),
    "epsilon": W.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.01, description="ε"),
    "gamma": W.FloatSlider(value=1.0, min=0.5, max=1.0, step=0.01, description="γ"),
    "episodes": W.IntSlider(value=300, min=50, max=1_000, step=50, description="episodes"),
})

# %% [markdown]
# For the printed book, the effect of $\varepsilon$ on the best $\varepsilon$-greedy policy (where
# SARSA settled above for $\varepsilon = 0.1$), computed exactly: its greedy path for four
# exploration rates. With $\varepsilon = 0$ it is the optimal path along the edge; the more the
# agent explores, the further from the cliff it walks.

# %%
epsilons = (0.0, 0.05, 0.1, 0.2)
fig, axes = plt.subplots(len(epsilons), 1, figsize=(8, 2.2 * len(epsilons)))
distance = []
for ax, eps in zip(axes, epsilons):
    _, policy = cu.tabular.epsilon_soft_optimum(cliff_mdp, epsilon=eps)
    path = cu.tabular.greedy_path(cliff, policy, max_steps=100)
    distance.append(3 - min(s // 12 for s in path.states))  # rows between the path and the cliff row
    cu.tabular_plots.draw_policy(cliff, policy, path=path, ax=ax, path_color="tab:red" if eps == 0 else "tab:blue",
                                 title=f"best ε-greedy policy, ε = {eps}: return {path.total_return:.0f}")
plt.tight_layout()
plt.show()
assert distance[0] == 1 and all(a <= b for a, b in zip(distance, distance[1:]))

# %% [markdown]
# ## Check yourself: exercises a tutor can edit
#
# As in chapter 2, these questions are small YAML files, here under `exercises/03_q_learning/`,
# and their answers are **computed** when the exercise loads: by `cu.tabular.td_update` for the
# update questions, and by dynamic programming (`cu.dp.value_iteration` for Q-learning's limit,
# `cu.tabular.epsilon_soft_optimum` for SARSA's) for "where does it walk?". A tutor who changes
# $\varepsilon$ in `5_cliff_sarsa.yaml` from 0.1 to 0.01 changes the correct answer, and the checker
# follows. One of the files:

# %%
chapter_exercises = cu.exercises.load_all(chapter="03_q_learning")
print(open(next(ex.path for ex in chapter_exercises if ex.path.endswith("5_cliff_sarsa.yaml"))).read())
cu.exercises.verify(chapter_exercises, at_least=4)  # each computed answer accepted, a wrong one refused

# %% [markdown]
# Type your answer and press **Check** (a number within the stated tolerance, or a move: left,
# down, right, up or an arrow). "Show answer" reveals the computed answer.

# %%
cu.exercises.chapter_widget(chapter_exercises)

# %% [markdown]
# For the printed book, the same exercises as text:

# %%
print(cu.exercises.questions_text(chapter_exercises))

# %% [markdown]
# The answers, computed when this page was built:

# %%
# Computed answers
print(cu.exercises.answers_text(chapter_exercises))

# %% [markdown]
# ## Exercises
#
# <a id="ql-ex-truncation"></a>**Exercise.** A one-state task pays $+1$ every step forever; a time limit cuts every episode after one step.
# With $\alpha = 1$ and $\gamma = 0.5$, what does $Q$ hold after three episodes if the cut is
# treated correctly (bootstrap), and what if it is treated as a terminal state? Check with
# `cu.tabular.q_learning(cu.mdp.MDPEnv(mdp, max_steps=1), episodes=3, alpha=1.0, gamma=0.5)` where
# `mdp = cu.mdp.MDP(np.ones((1, 1, 1)), np.ones((1, 1)), gamma=0.5)`.
#
# <details class="solution"><summary>Solution</summary>
#
# Bootstrapping: $Q_1 = 1$, $Q_2 = 1 + 0.5 \cdot 1 = 1.5$, $Q_3 = 1 + 0.5 \cdot 1.5 = 1.75$, on its way
# to the true value $1/(1-\gamma) = 2$. Treating the cut as an end gives $Q = 1$ forever: the agent
# would believe the task is worth one reward, because of an accident of the time limit. The package
# returns 1.75 (and `tests/test_tabular.py` checks it).
#
# </details>
#
# <a id="ql-ex-robbins-monro"></a>**Exercise.** With a constant $\alpha$, $\|Q - Q^*\|_\infty$ on FrozenLake stalls at a floor. Run
# `cu.tabular.q_learning(lake, lake_config, alpha=1.0, alpha_power=0.8)`, whose step size for each
# pair is $\alpha_n = 1/n^{0.8}$ after $n$ visits, and plot its gap next to the constant-$\alpha$ one.
# Which conditions on $\alpha_n$ does this schedule satisfy, and what do you observe?
#
# <details class="solution"><summary>Solution</summary>
#
# $\sum_n n^{-0.8} = \infty$ and $\sum_n n^{-1.6} < \infty$: the Robbins–Monro conditions, under which
# Q-learning converges with probability 1; polynomial rates with exponent in $(1/2, 1)$ converge
# fastest in the analysis of ([Even-Dar and Mansour, 2003](../book/references.md#evendar2003learning)). The gap keeps shrinking instead of
# stalling, but slowly: seen here after 20,000 episodes it was still about 0.3, twice the
# constant-$\alpha$ floor (about 0.16), because frequently visited pairs soon take tiny steps while
# their targets still change. The exponent trades early speed for late precision. In practice a
# constant $\alpha$ that is "small enough", or one lowered at the end, is the usual choice — and the
# policy is right long before the values are.
#
# </details>
#
# <a id="ql-ex-expected-sarsa"></a>**Exercise.** *Expected SARSA* replaces SARSA's sampled $Q(s',a')$ by its expectation under the
# $\varepsilon$-greedy policy: target $r + \gamma \sum_{a'} \pi(a' \mid s')\,Q(s',a')$. Use
# `cu.tabular.epsilon_greedy_probs` to compute this target for $Q(s',\cdot) = (0, 2, 1, -1)$,
# $r = -1$, $\gamma = 0.9$, $\varepsilon = 0.1$. What does it become for $\varepsilon = 0$?
#
# <details class="solution"><summary>Solution</summary>
#
# `pi = cu.tabular.epsilon_greedy_probs(np.array([[0.0, 2.0, 1.0, -1.0]]), 0.1)[0]` gives
# $(0.025, 0.925, 0.025, 0.025)$, so the expectation is $0.925 \cdot 2 + 0.025\,(0 + 1 - 1) = 1.85$ and
# the target $-1 + 0.9 \cdot 1.85 = 0.665$. With $\varepsilon = 0$ the policy is greedy and the target
# is Q-learning's, $-1 + 0.9 \cdot 2 = 0.8$: Expected SARSA interpolates between SARSA and Q-learning
# without SARSA's sampling noise.
#
# </details>
#
# ## Summary
#
# * TD learning samples the Bellman equations: $V(s) \leftarrow V(s) + \alpha\,[r + \gamma V(s') - V(s)]$.
#   It bootstraps on its own estimates and learns after every step ([Sutton, 1988](../book/references.md#sutton1988learning)).
# * Q-learning samples the optimality equation with $\max_{a'} Q(s',a')$; it is off-policy and
#   converges to $Q^*$ while exploring $\varepsilon$-greedily ([Watkins and Dayan, 1992](../book/references.md#watkins1992q)). On slippery
#   FrozenLake its greedy policy reaches the DP optimum's 74% success rate.
# * SARSA bootstraps on the action it takes next; it is on-policy. Its convergence theorem needs
#   $\varepsilon \to 0$ ([Singh et al., 2000](../book/references.md#singh2000convergence)); with a fixed $\varepsilon$ it settled, in our
#   check, on the best *exploring* policy — on the cliff, the safe path, with better returns while
#   learning but a longer path than Q-learning's ([Sutton and Barto, 2018](../book/references.md#sutton2018reinforcement)).
# * At the end of an episode: no bootstrap if `terminated`, bootstrap if `truncated`.
# * $\alpha$ trades speed for noise; $\varepsilon$ trades exploration for reward now; random
#   tie-breaking matters when the table starts flat.
# * A table needs one entry per state–action pair. For Atari's screens there are far too many
#   states: the next chapters replace the table by a neural network — deep Q-learning.
#
# <div class="works-cited">
#
# **Works cited in this chapter** (all works: the [references](../book/references.md) page of the book)
#
# * Eyal Even-Dar and Yishay Mansour. Learning rates for Q-learning. Journal of Machine Learning Research, 5:1–25, 2003.
# * Farama Foundation. Gymnasium's environment registry, gymnasium/envs/\_\_init\_\_.py. Source code, 2022. Comments “optimum = 0.74” at the registration of FrozenLake-v1 (100 steps) and “optimum = 0.91” at FrozenLake8x8-v1 (200 steps). URL: <https://github.com/Farama-Foundation/Gymnasium/blob/main/gymnasium/envs/__init__.py>.
# * Gavin A. Rummery and Mahesan Niranjan. On-line Q-learning using connectionist systems. Technical Report CUED/F-INFENG/TR 166, Cambridge University Engineering Department, 1994.
# * Satinder Singh, Tommi Jaakkola, Michael L. Littman, and Csaba Szepesvári. Convergence results for single-step on-policy reinforcement-learning algorithms. Machine Learning, 38(3):287–308, 2000.
# * Richard S. Sutton and Andrew G. Barto. Reinforcement Learning: An Introduction. MIT Press, 2nd edition, 2018.
# * Richard S. Sutton. Learning to predict by the methods of temporal differences. Machine Learning, 3(1):9–44, 1988.
# * Christopher J. C. H. Watkins and Peter Dayan. Q-learning. Machine Learning, 8(3):279–292, 1992.
# * Christopher J. C. H. Watkins. Learning from Delayed Rewards. PhD thesis, King's College, Cambridge, 1989.
#
# </div>
