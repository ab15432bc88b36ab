# %% [markdown]
# # Markov decision processes
#
# Reinforcement learning is about an **agent** that acts in an **environment** and learns
# from the **rewards** it receives. Before any learning algorithm, we need the language to
# say precisely what the agent sees, what it can do, and what it is trying to achieve.
# That language is the *Markov decision process* (MDP), introduced by Richard Bellman in the
# 1950s ([Bellman, 1957](../book/references.md#bellman1957markovian)) as a Markov chain in which an agent chooses actions and
# the transition probabilities depend on the action chosen.
#
# **Learning goals.** After this chapter you can
#
# 1. name the parts of an RL problem: agent, environment, state $s_t$, action $a_t$, reward $r_t$, policy $\pi$;
# 2. run an episode with the Gymnasium API and tell `terminated` from `truncated`;
# 3. compute a discounted return $G_0=\sum_t \gamma^t r_t$ and explain what the discount $\gamma$ does;
# 4. write a finite MDP as arrays $P[s,a,s']$ and $R[s,a]$ and build your own gridworld.

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
import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np

import course_utils as cu

cu.set_seed(0)
threads = cu.use_free_cores()  # NumPy's BLAS: as many threads as cores are free
print("budget:", cu.budget(), "| threads:", threads)

# %% [markdown]
# ## Agent and environment
#
# At each time step $t = 0, 1, 2, \dots$
#
# 1. the environment is in a **state** $s_t$ and shows it to the agent;
# 2. the agent picks an **action** $a_t$ according to its **policy** $\pi$,
#    a rule $\pi(a \mid s)$ that gives the probability of each action in each state
#    (a *deterministic* policy is the special case $a_t = \pi(s_t)$);
# 3. the environment answers with a **reward** $r_t$ (a number, possibly negative: a punishment)
#    and moves to a new state $s_{t+1}$.
#
# The sequence $s_0, a_0, r_0, s_1, a_1, r_1, \dots$ until the environment says stop is an
# **episode**. The environment's dynamics are unknown to the agent in general; all it gets is
# this stream of experience.
#
# <div class="admonition tip"><p class="admonition-title">The Markov property</p>
#
# The next state and reward depend only on the current state and action, not on how the
# agent got there: $\Pr(s_{t+1}, r_t \mid s_t, a_t, s_{t-1}, a_{t-1}, \dots) = \Pr(s_{t+1}, r_t \mid s_t, a_t)$.
# A state is "whatever you need to know to predict the future". When it is not enough
# (a single Atari frame does not show the ball's velocity), we enlarge it — chapter 5 stacks frames.
#
# </div>
#
# ## The Gymnasium API in practice
#
# [Gymnasium](https://gymnasium.farama.org) (the maintained successor of OpenAI Gym) is the
# standard interface between agents and environments ([Towers et al., 2024](../book/references.md#towers2024gymnasium)). We start with **FrozenLake**: the agent
# walks on a 4×4 frozen lake from the start `S` to the goal `G` without falling into a hole `H`.
# The ice is slippery: the agent moves in the intended direction only a third of the time,
# and to each side otherwise. Reaching `G` pays $+1$; every other step pays $0$.

# %%
env = gym.make("FrozenLake-v1", is_slippery=True)
print("observation space:", env.observation_space, "  action space:", env.action_space)
print("actions: 0 = left, 1 = down, 2 = right, 3 = up")
print("\n".join("".join(ch.decode() for ch in row) for row in env.unwrapped.desc))


# %% [markdown]
# An episode is a loop around two calls:
#
# * `obs, info = env.reset(seed=...)` starts an episode;
# * `obs, reward, terminated, truncated, info = env.step(action)` plays one step.
#
# The two flags mean different things, and the difference matters for learning:
# `terminated` says the *MDP* reached a terminal state (the goal or a hole: there is no
# future); `truncated` says an *outside* time limit cut the episode (FrozenLake stops after 100
# steps), although the future would have continued. Later chapters bootstrap from the next
# state's value only when the episode was not terminated.

# %%
def run_episode(env, policy, seed):
    """Play one episode; `policy(obs, rng)` returns an action. Returns the rewards and why it ended."""
    rng = np.random.default_rng(seed)
    obs, info = env.reset(seed=seed)
    rewards, terminated, truncated = [], False, False
    while not (terminated or truncated):
        obs, reward, terminated, truncated, info = env.step(policy(obs, rng))
        rewards.append(reward)
    return np.array(rewards), terminated, truncated


def random_policy(obs, rng):
    return int(rng.integers(4))


rewards, terminated, truncated = run_episode(env, random_policy, seed=1)
print(f"{len(rewards)} steps, total reward {rewards.sum():.0f}, terminated={terminated}, truncated={truncated}")
assert terminated != truncated  # every FrozenLake episode ends one way or the other

# %% [markdown]
# A random walker rarely reaches the goal. We measure how rarely with many episodes, and
# compare it with two hand-written rules: a naive one that alternates *down* and *right*
# (the shortest way to the goal), and a careful one that, in every cell, picks the
# direction whose slips are least likely to carry the agent into a hole — it often walks
# *away* from the goal on purpose, e.g. pressing against a wall so that slipping is harmless. (In the next chapter dynamic programming computes the
# best policy, and you can check how close the careful rule comes.)

# %%
n_episodes = cu.by_budget(smoke=300, standard=3_000)


LEFT, DOWN, RIGHT, UP = 0, 1, 2, 3
DOWN_RIGHT = np.array([DOWN if (s // 4 + s % 4) % 2 == 0 else RIGHT for s in range(16)])
CAREFUL = np.array([LEFT, UP, UP, UP,
                    LEFT, LEFT, LEFT, LEFT,   # row 1: cells 5 and 7 are holes (action irrelevant)
                    UP, DOWN, LEFT, LEFT,     # cell 11 is a hole
                    LEFT, RIGHT, DOWN, LEFT])  # cell 12 is a hole, 15 the goal


def down_right_policy(obs, rng):
    return int(DOWN_RIGHT[obs])


def careful_policy(obs, rng):
    return int(CAREFUL[obs])


def success_rate(policy, n):
    wins = [run_episode(env, policy, seed)[0].sum() for seed in range(n)]
    return float(np.mean(wins))


p_random = success_rate(random_policy, n_episodes)
p_down_right = success_rate(down_right_policy, n_episodes)
p_careful = success_rate(careful_policy, n_episodes)
print(f"success rate over {n_episodes} episodes: random {p_random:.3f}, "
      f"down-right {p_down_right:.3f}, careful {p_careful:.3f}")
assert 0.0 <= p_random < 0.1
assert p_careful > max(p_random, p_down_right) + 0.3  # slow and safe beats fast and reckless

# %% [markdown]
# ## Rewards, returns and discounting
#
# What should the agent maximise? Not the next reward alone — a good move now may pay off
# only later. The lecture's answer is the **discounted return**, the sum of all future rewards
# with the reward $k$ steps ahead weighted by $\gamma^k$:
#
# $$
# G_0 \;=\; \sum_{t=0}^{n} \gamma^t r_t \;=\; r_0 + \gamma r_1 + \gamma^2 r_2 + \cdots, \qquad 0 \le \gamma \le 1 .
# $$
#
# Why discount?
#
# * **Sooner is better.** With $\gamma < 1$ a reward now is worth more than the same reward
#   later, so among policies that reach the goal, the faster one scores higher.
# * **Finite sums.** For a never-ending task with rewards bounded by $r_{\max}$ the return is
#   bounded: $|G_0| \le \sum_t \gamma^t r_{\max} = r_{\max}/(1-\gamma)$. The geometric series
#   also gives a rule of thumb: $\gamma$ "looks" about $1/(1-\gamma)$ steps ahead.
# * **Uncertainty.** $1-\gamma$ can be read as the probability that the world ends at each
#   step; distant rewards are less certain.
#
# The returns of all steps obey a recursion that will be the seed of the Bellman equations:
# $G_t = r_t + \gamma\, G_{t+1}$.

# %%
constant = np.ones(2_000)
for gamma in (0.5, 0.9, 0.99):
    G = cu.mdp.discounted_return(constant, gamma)
    print(f"gamma={gamma:<5} G0 of a constant reward 1 = {G:9.4f}   1/(1-gamma) = {1 / (1 - gamma):9.4f}")
    assert np.isclose(G, 1 / (1 - gamma), rtol=1e-6)

G = cu.mdp.returns_to_go([0, 0, 1], gamma=0.9)
print("returns to go of rewards [0, 0, 1] with gamma 0.9:", G)
assert np.allclose(G, [0.81, 0.9, 1.0])

# %% [markdown]
# On FrozenLake the only reward is the $+1$ at the goal, so an episode that reaches it after
# $T$ steps has return $\gamma^{T-1}$, and a failed one has return $0$. With $\gamma = 1$ the
# expected return *is* the success rate; with $\gamma < 1$ it also rewards speed. Move the
# slider to see how the distribution of returns of sampled episodes changes.

# %%
frozen_lake = cu.mdp.from_gymnasium(env, gamma=0.99)
POLICIES = {"random": np.full((16, 4), 0.25), "down-right": DOWN_RIGHT, "careful": CAREFUL}
n_sampled = cu.by_budget(smoke=200, standard=2_000)


def sampled_returns(policy_name, gamma, n, seed=0):
    """Discounted returns of n episodes sampled from the MDP arrays (100-step limit, as the env)."""
    rng = np.random.default_rng(seed)
    episodes = [cu.mdp.rollout(frozen_lake, POLICIES[policy_name], rng=rng, max_steps=100) for _ in range(n)]
    return np.array([ep.discounted_return(gamma) for ep in episodes])


def draw_returns(policy, gamma, episodes):
    G = sampled_returns(policy, gamma, episodes)
    success = G > 0
    fig, ax = plt.subplots(figsize=(6.5, 3))
    ax.hist(G[success], bins=30, range=(0, 1), color="tab:blue")
    ax.set_xlabel(r"discounted return $G_0=\gamma^{T-1}$ of successful episodes")
    ax.set_ylabel("episodes")
    ax.set_title(f"{policy} policy, $\\gamma$={gamma}: {success.mean():.1%} succeed, "
                 f"mean return {G.mean():.3f}")


import ipywidgets as W

cu.widgets.interactive_figure(draw_returns, {
    "policy": W.Dropdown(options=list(POLICIES), value="careful", description="policy"),
    "gamma": W.FloatSlider(value=0.9, min=0.0, max=1.0, step=0.01, description="γ"),
    "episodes": W.IntSlider(value=n_sampled, min=100, max=5_000, step=100, description="episodes"),
})

# %% [markdown]
# The same experiment, frozen for the printed book: the returns of the careful policy for
# a range of discount factors. The careful policy succeeds often but slowly (it walks away
# from holes), so as $\gamma$ drops its successful episodes are worth less and less, and the
# mean return falls far below the success rate. With $\gamma = 1$ the two coincide.

# %%
gammas = (0.5, 0.8, 0.9, 0.99, 1.0)
returns = {g: sampled_returns("careful", g, n_sampled) for g in gammas}
cu.plotting.returns_by_gamma(returns, title="careful policy on FrozenLake")
plt.show()
means = [returns[g].mean() for g in gammas]
assert all(a <= b + 1e-12 for a, b in zip(means, means[1:]))  # returns grow with gamma
assert np.isclose(returns[1.0].mean(), (returns[1.0] > 0).mean())  # gamma = 1: return = success

# %% [markdown]
# ## The MDP as arrays
#
# Formally, a finite MDP is a tuple $(\mathcal S, \mathcal A, T, R, \gamma)$: finite sets of
# states and actions, a transition function $T(s, a, s') = \Pr(s_{t+1}=s' \mid s_t=s, a_t=a)$,
# a reward function $R(s, a, s')$ and a discount. In code we store them as arrays, as
# numerical libraries and textbooks do:
#
# | symbol | array | shape | meaning |
# |---|---|---|---|
# | $T(s,a,s')$ | `P[s, a, s2]` | $(S, A, S)$ | each `P[s, a, :]` is a probability distribution |
# | $\sum_{s'} T(s,a,s')R(s,a,s')$ | `R[s, a]` | $(S, A)$ | expected immediate reward |
# | $\gamma$ | `gamma` | scalar | discount factor |
#
# Terminal states (the goal and the holes) become *absorbing*: every action keeps you there
# with reward 0, so nothing more is collected after the episode ends. Gymnasium's toy-text
# environments carry their model in `env.unwrapped.P`; `cu.mdp.from_gymnasium` turns it
# into arrays and checks them.

# %%
P, R = frozen_lake.P, frozen_lake.R
print("P:", P.shape, " R:", R.shape, " gamma:", frozen_lake.gamma)
print("terminal states:", np.flatnonzero(frozen_lake.terminal))
s, a = 14, 2  # next to the goal, trying to move right
print(f"T({s}, right, ·) nonzero entries:", {int(t): round(float(p), 3) for t, p in enumerate(P[s, a]) if p > 0})
print(f"R({s}, right) = {R[s, a]:.4f}  (a third of the time the ice carries us into the goal)")
assert np.allclose(P.sum(axis=2), 1.0)
assert np.isclose(R[14, 2], 1 / 3)

# %% [markdown]
# The arrays and the environment describe the same process: the success rate of the
# random policy estimated from the arrays with `cu.mdp.rollout` agrees with the one we
# measured by playing the environment (up to sampling noise).

# %%
rng = np.random.default_rng(123)
wins = [cu.mdp.rollout(frozen_lake, POLICIES["random"], rng=rng, max_steps=100).rewards.sum()
        for _ in range(n_episodes)]
p_arrays = float(np.mean(wins))
se = np.sqrt(max(p_random, 1 / n_episodes) * (1 - p_random) / n_episodes)
print(f"random policy success: environment {p_random:.3f}, arrays {p_arrays:.3f} (standard error ≈ {se:.3f})")
assert abs(p_arrays - p_random) < 5 * se + 1e-9

# %% [markdown]
# ## Your own gridworld
#
# Tutors and students will build many small worlds. `cu.gridworld.GridWorld` reads a text
# map: `S` start, `.` floor, `#` wall, `G` goal, `H` hole, and any other letter a named cell.
# You choose the reward for entering each kind of cell, a reward per step, a penalty for
# bumping into walls, the slip probability and the discount.

# %%
grid = cu.gridworld.GridWorld(
    ["S..#.",
     ".#...",
     "...HG"],
    rewards={"G": 1.0, "H": -1.0}, step_reward=-0.04, slip=0.2, gamma=0.95,
)
world = grid.to_mdp()
print(f"{world.n_states} states (walls are not states), {world.n_actions} actions, "
      f"terminal: {[grid.cell_of(s) for s in np.flatnonzero(world.terminal)]}")
cu.plotting.grid_heatmap(grid, title="a 3×5 gridworld")
plt.show()
assert world.n_states == 13 and world.terminal.sum() == 2

# %% [markdown]
# The same world is a Gymnasium environment, registered as `course_utils/GridWorld-v0`,
# so every algorithm in this course runs on it unchanged:

# %%
grid_env = gym.make("course_utils/GridWorld-v0", layout=grid.layout, rewards={"G": 1.0, "H": -1.0},
                    step_reward=-0.04, slip=0.2, gamma=0.95, render_mode="ansi")
obs, info = grid_env.reset(seed=0)
obs, reward, terminated, truncated, info = grid_env.step(2)  # try to move right
print(grid_env.render(), f"reward {reward:+.2f}")

# %% [markdown]
# ## Exercises
#
# <a id="mdp-ex-return"></a>**Exercise.** An episode gives rewards $0, 0, 0, 1$. Compute its return by hand for $\gamma = 0.9$ and
# $\gamma = 0.5$, then check with `cu.mdp.discounted_return`.
#
# <details class="solution"><summary>Solution</summary>
#
# $G_0 = \gamma^3 \cdot 1$: $0.9^3 = 0.729$ and $0.5^3 = 0.125$.
# `cu.mdp.discounted_return([0, 0, 0, 1], 0.9)` returns `0.729`.
#
# </details>
#
# <a id="mdp-ex-half-life"></a>**Exercise.** For which discount factor is a reward 10 steps ahead worth exactly half of the same
# reward now? What is then the "horizon" $1/(1-\gamma)$?
#
# <details class="solution"><summary>Solution</summary>
#
# $\gamma^{10} = 1/2$ gives $\gamma = 2^{-1/10} \approx 0.933$, a horizon of about 15 steps.
#
# </details>
#
# <a id="mdp-ex-grid"></a>**Exercise.** Build a 4×4 gridworld with a wall in the middle, a goal in one corner and a hole next
# to it. How many states and terminal states does its MDP have? Check that every row of
# `P` sums to one, and find a state–action pair whose next state is random when `slip=0.2`.
#
# <details class="solution"><summary>Solution</summary>
#
# For example `GridWorld(["S...", ".#..", "..#H", "...G"], rewards={"G": 1, "H": -1}, slip=0.2)`
# has 14 states (16 cells minus 2 walls), 2 of them terminal. `np.allclose(m.P.sum(2), 1)` holds;
# any non-terminal `(s, a)` where `(m.P[s, a] > 0).sum() > 1` has a random next state — with
# `slip > 0` that is every non-terminal state whose side moves lead to different cells.
#
# </details>
#
# ## Summary
#
# * An RL problem is an agent choosing actions $a_t$ in states $s_t$ and receiving rewards $r_t$;
#   its behaviour is a policy $\pi(a \mid s)$.
# * The agent maximises the expected **discounted return** $\sum_t \gamma^t r_t$; the discount
#   prefers sooner rewards and keeps infinite sums finite ($\le r_{\max}/(1-\gamma)$).
# * Gymnasium's `step` returns `(obs, reward, terminated, truncated, info)`; terminated means the
#   MDP ended, truncated means a time limit cut it.
# * A finite MDP is the arrays $P[s,a,s']$, $R[s,a]$ and $\gamma$. The next chapter asks: given
#   these arrays, what is the *best* policy? The answer — the Bellman equations — is dynamic
#   programming ([Sutton and Barto, 2018](../book/references.md#sutton2018reinforcement)).
#
# <div class="works-cited">
#
# **Works cited in this chapter** (all works: the [references](../book/references.md) page of the book)
#
# * Richard Bellman. A Markovian decision process. Journal of Mathematics and Mechanics, 6(5):679–684, 1957.
# * Richard S. Sutton and Andrew G. Barto. Reinforcement Learning: An Introduction. MIT Press, 2nd edition, 2018.
# * Mark Towers, Ariel Kwiatkowski, Jordan Terry, John U. Balis, Gianluca De Cola, Tristan Deleu, Manuel Goulão, Andreas Kallinteris, Markus Krimmel, Arjun KG, and others. Gymnasium: a standard interface for reinforcement learning environments. 2024. arXiv:2407.17032.
#
# </div>
