# %% [markdown]
# # Deep Q-networks
#
# Q-learning stores one number $Q(s,a)$ per state and action. That works for FrozenLake's 16
# squares, but most problems worth solving have far more states than any table could hold, and
# many have *continuous* states that never repeat. In 2013–2015 a team at DeepMind replaced the
# table by a neural network and made the combination stable enough to learn 49 Atari games from
# pixels: the **deep Q-network** (DQN) ([Mnih et al., 2013](../book/references.md#mnih2013playing); [Mnih et al., 2015](../book/references.md#mnih2015human)). This chapter
# builds DQN on the classic control problem CartPole; the next one takes it to Atari.
#
# **Learning goals.** After this chapter you can
#
# 1. explain why tabular Q-learning breaks down on continuous states, and what a function approximator $Q_\theta(s,a)$ buys;
# 2. write the DQN loss with its TD target $y = r + \gamma(1-d)\max_{a'} Q_{\bar\theta}(s',a')$, and say why a *truncated* episode still bootstraps;
# 3. explain the two stabilisers, **experience replay** and the **target network**, and read their effect from ablation curves;
# 4. train, checkpoint, resume and evaluate a DQN agent with `course_utils.rl.dqn`, and read its Q-values along an episode.

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
import tempfile
from pathlib import Path

import gymnasium as gym
import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import HTML, display

import course_utils as cu
from course_utils.rl.dqn import DQNConfig, evaluate, load_model, play_episode, train_dqn

cu.set_seed(0)
threads = cu.use_free_cores(max_threads=1)  # small networks run fastest on one thread
print("budget:", cu.budget(), "| threads:", threads)

# %% [markdown]
# ## Why a table is not enough
#
# In **CartPole-v1** a pole is hinged on a cart that moves on a track. Each step the agent pushes
# the cart left (action 0) or right (action 1) and receives $+1$; the episode *terminates* when
# the pole leans more than 12° or the cart leaves the track, and is *truncated* after 500 steps.
# The state is four real numbers $s = (x, \dot x, \theta, \dot\theta)$: position, velocity,
# angle and angular velocity.

# %%
env = gym.make("CartPole-v1")
obs, _ = env.reset(seed=0)
print("observation space:", env.observation_space)
seen, steps = set(), 0
for _ in range(2_000):
    obs, r, terminated, truncated, _ = env.step(env.action_space.sample())
    seen.add(tuple(obs))
    steps += 1
    if terminated or truncated:
        obs, _ = env.reset()
print(f"{steps} random steps visited {len(seen)} distinct states")
assert len(seen) == steps  # a continuous state essentially never repeats

# %% [markdown]
# Every state the agent meets is new, so a table indexed by states would never see the same
# entry twice and could not learn anything. Cutting each coordinate into $n$ bins makes the
# table finite — $2n^4$ entries — but coarse bins merge states that need different actions,
# and fine bins make a table too large to fill: with $n=20$ it has 320,000 entries, most of
# them never visited.
#
# The way out is **generalisation**: a function $Q_\theta(s, a)$ with parameters $\theta$ (here a
# small neural network, $4 \to 256 \to 256 \to 2$) that maps *similar states to similar values*,
# so that what is learned from one state transfers to its neighbours.
#
# ## From Q-learning to DQN
#
# Tabular Q-learning moves $Q(s,a)$ towards the **TD target** after each transition
# $(s, a, r, s')$ ([Watkins and Dayan, 1992](../book/references.md#watkins1992q)):
#
# $$ Q(s,a) \leftarrow Q(s,a) + \alpha\big(r + \gamma \max_{a'} Q(s',a') - Q(s,a)\big). $$
#
# DQN turns this into regression. For a minibatch of transitions $(s, a, r, s', d)$, where
# $d = 1$ if $s'$ is terminal,
#
# $$ y = r + \gamma\,(1-d)\,\max_{a'} Q_{\bar\theta}(s', a'), \qquad
#    L(\theta) = \frac{1}{B}\sum \operatorname{Huber}\big(Q_\theta(s,a) - y\big), $$
#
# and a gradient step on $L$ with $y$ held fixed. Three details matter:
#
# * **Terminated vs truncated.** $d$ is Gymnasium's `terminated` flag: the pole fell, there is
#   no future. A time limit (`truncated`) stops the episode but not the physics — the state
#   still has a future worth $\max_{a'}Q(s',a')$, so we bootstrap.
# * **Experience replay.** Transitions go into a memory of the last $N$ steps and minibatches
#   are drawn uniformly from it, which breaks the strong correlation between consecutive steps
#   and reuses each transition many times ([Mnih et al., 2015](../book/references.md#mnih2015human)).
# * **Target network.** $Q_{\bar\theta}$ is a copy of $Q_\theta$ refreshed only every $C$
#   steps. Without it, each update moves the target it is chasing. The Nature DQN used
#   $C = 10{,}000$ on Atari ([Mnih et al., 2015](../book/references.md#mnih2015human)) (its Extended Data Table 1 counts $C$ in
#   parameter updates); the CartPole preset below refreshes far more often.
#
# The Huber loss is quadratic for small errors and linear for large ones (the paper's "error
# clipping"), so one surprising transition cannot produce a huge gradient. Exploration is
# ε-greedy, with ε decaying linearly from 1 to a small value.
#
# The whole algorithm is one loop in `course_utils.rl.dqn.train_dqn`, written top to bottom in
# the style of CleanRL ([Huang et al., 2022](../book/references.md#huang2022cleanrl)). Its core is the TD target:

# %%
print(inspect.getsource(cu.dqn.td_target))
y = cu.dqn.td_target(torch.tensor([1.0, 1.0]), torch.tensor([0.0, 1.0]), torch.tensor([50.0, 50.0]), 0.99)
print("bootstrapped (truncated or ongoing):", y[0].item(), "  terminated:", y[1].item())
assert y[0] == 1 + 0.99 * 50 and y[1] == 1

# %% [markdown]
# The replay memory is a set of numpy arrays allocated once; new transitions overwrite the
# oldest when it is full, and sampling uses its own seeded generator:

# %%
rb = cu.replay.ReplayBuffer(capacity=5, obs_shape=(4,), seed=0)
for t in range(7):
    rb.add(np.full((1, 4), t), np.full((1, 4), t + 1), [t % 2], [1.0], [False])
print("stored steps:", rb.obs[:, 0], " next write at slot", rb.pos)
print("a minibatch of 3 steps:", rb.sample(3).obs[:, 0])
assert sorted(rb.obs[:, 0]) == [2, 3, 4, 5, 6]

# %% [markdown]
# ## Training on CartPole
#
# The hyperparameters live in a dataclass whose fields are documented;
# `DQNConfig.preset()` picks tuned values for the current budget (the `standard` preset follows
# the RL Baselines3 Zoo's tuned CartPole DQN: 50,000 steps, a 256-256 network, 128 gradient
# steps every 256 environment steps, a target refresh every 10 steps).

# %%
config = DQNConfig.preset()
print(config)
result = train_dqn(config, device="cpu")
h = result.history
print(f"{result.steps} steps, {len(h['episode_return'])} episodes, "
      f"best periodic evaluation {h['eval_return'].max():.1f}")
assert result.finished and np.all(np.isfinite(h["loss"]))

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.2))
axes[0].plot(h["episode_step"], h["episode_return"], ".", ms=3, alpha=0.4, label="training episodes")
axes[0].plot(h["eval_step"], h["eval_return"], "o-", label="greedy evaluation")
axes[0].set(xlabel="environment step", ylabel="return", title="Return")
axes[0].legend()
axes[1].semilogy(h["train_step"], h["loss"])
axes[1].set(xlabel="environment step", title="Huber loss")
axes[2].plot(h["train_step"], h["q_mean"], label=r"mean $Q_\theta(s,a)$ on batches")
axes[2].plot(h["train_step"], 100 * np.array(h["epsilon"]), label="ε × 100")
axes[2].set(xlabel="environment step", title="Q-values and exploration")
axes[2].legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# The training returns are noisy: they include ε-greedy exploration, and DQN's greedy policy can
# get worse again after it has been good (the curve of greedy evaluations shows it). That is why
# `train_dqn` evaluates the greedy policy every `eval_every` steps and keeps the best network in
# `result.best_model`.
#
# Long runs are checkpointed: `train_dqn(..., checkpoint_path=..., checkpoint_every=...)` writes
# the network, optimizer, replay contents, every random generator and the environments' current
# episodes atomically, and `resume=path` continues the *same* run — the test suite checks that an
# interrupted and resumed run equals an uninterrupted one exactly. `until_step` stops a call
# early, which is handy on Colab. A file already at `checkpoint_path` is never replaced by
# another run: pass it as `resume=` to carry that run on, or choose a new path.

# %%
path = Path(tempfile.mkdtemp(prefix="dqn_demo_")) / "run.pt"  # a fresh folder: trainers never write over a run
small = DQNConfig.preset("smoke", total_steps=1_000, learning_starts=200, eval_every=0, hidden=(32,))
part = train_dqn(small, checkpoint_path=path, until_step=500, progress=False)
rest = train_dqn(small, resume=path, checkpoint_path=path, progress=False)
print("first call stopped at", part.steps, "steps; the resumed call finished at", rest.steps)
assert not part.finished and rest.finished
try:  # a new run pointed at the finished one's file is refused before it trains a step
    train_dqn(small, checkpoint_path=path, progress=False)
    raise AssertionError("a finished run was overwritten")
except FileExistsError as refused:
    print("refused:", refused)
path.unlink()

# %% [markdown]
# ## The two stabilisers, one at a time
#
# An ablation removes one ingredient and keeps everything else. `replay=False` keeps only the
# last `batch_size` transitions (a learner with no memory), `target_network=False` bootstraps
# from the network being trained. Curves are the smoothed returns of the training episodes.

# %%
ablation_steps = cu.by_budget(smoke=1_500, standard=30_000, full=50_000)
variants = {
    "DQN (replay + target)": {},
    "no target network": {"target_network": False},
    "no replay": {"replay": False},
    "neither": {"replay": False, "target_network": False},
}
ablation = {}
for name, change in variants.items():
    cfg = DQNConfig.preset(total_steps=ablation_steps, eval_every=0, **change)
    ablation[name] = train_dqn(cfg, progress=False).history
    print(f"{name:<24} mean return of the last 10 episodes: {ablation[name]['episode_return'][-10:].mean():6.1f}")
assert all(len(hist["episode_return"]) > 0 for hist in ablation.values())

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
for name, hist in ablation.items():
    ax.plot(hist["episode_step"], cu.plotting.smooth(hist["episode_return"], 10), label=name)
ax.set(xlabel="environment step", ylabel="episode return (smoothed)", title="Ablation on CartPole-v1")
ax.legend()
plt.show()

# %% [markdown]
# What we saw with the `standard` budget (seed 0, 30,000 steps each): full DQN reached the
# 500-step limit; **without a target network** learning collapsed and no episode lasted more
# than about 50 steps, with or without replay; **without replay** learning was slower and
# erratic. The target network matters so much here because of how this preset trains: 128
# gradient steps in a row every 256 environment steps. With a target network the target is
# frozen during those 128 steps; without it, every step moves the very target it regresses
# on, 128 times in a row at a large learning rate. (One seed is an anecdote: the third
# exercise below asks you to repeat it.)
#
# ## The trained agent
#
# The repository ships a network trained with the `standard` preset (see
# `checkpoints/dqn_cartpole.json` for the command, machine, time and score), so this section
# shows a trained agent whatever the budget. We evaluate it greedily on 20 episodes it has
# never seen.

# %%
agent = load_model(Path("..") / "checkpoints" / "dqn_cartpole.pt")
scores = evaluate(agent, "CartPole-v1", episodes=20, seed=1_000)
print(f"greedy return over 20 episodes: {scores.mean():.1f} ± {scores.std():.1f}")
assert scores.mean() >= 475

# %%
episode = play_episode(agent, gym.make("CartPole-v1"), seed=7)
T = len(episode["actions"])
shown = episode["obs"][: T + 1 : 4]  # every 4th step keeps the page light
anim = cu.animation.animate(shown, cu.animation.draw_cartpole, interval=80,
                            titles=[f"step {4 * k}" for k in range(len(shown))])
display(HTML(cu.animation.player_html(anim)))

# %% [markdown]
# ## Q-values along an episode
#
# What has the network learned? For an agent that balances forever, every step is worth $+1$
# and a truncated episode bootstraps, so the value of a state is close to
# $\sum_k \gamma^k = 1/(1-\gamma) = 100$. The two actions' values differ by little — one wrong
# push is easily corrected — but their *difference* decides the action, and it follows the
# pole's angle.

# %%
qv = episode["q_values"]  # (T, 2)
theta = episode["obs"][:-1, 2]
fig, axes = plt.subplots(2, 1, figsize=(8, 4.5), sharex=True)
axes[0].plot(qv[:, 0], label="Q(s, push left)")
axes[0].plot(qv[:, 1], label="Q(s, push right)")
axes[0].axhline(1 / (1 - config.gamma), color="0.5", ls=":", label=r"$1/(1-\gamma)$")
axes[0].set(ylabel="Q-value")
axes[0].legend(fontsize=8)
axes[1].plot(qv[:, 1] - qv[:, 0], label="Q(right) − Q(left)")
axes[1].plot(np.degrees(theta) * np.abs(qv[:, 1] - qv[:, 0]).max() / np.abs(np.degrees(theta)).max(),
             alpha=0.6, label="pole angle (scaled)")
axes[1].axhline(0, color="0.5", lw=0.8)
axes[1].set(xlabel="step", ylabel="advantage of right")
axes[1].legend(fontsize=8)
plt.tight_layout()
plt.show()
print(f"episode length {T}, mean max_a Q = {qv.max(1).mean():.1f}")
assert T == 500 and 50 < qv.max(1).mean() < 150


# %% [markdown]
# Move the slider through the episode: the cart-pole at step $t$ and the two action values
# there. (In the printed book the static figure below shows four moments.)

# %%
def draw_step(t):
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(9, 2.6), gridspec_kw={"width_ratios": [2, 1]})
    cu.animation.draw_cartpole(ax0, episode["obs"][t], title=f"step {t}")
    ax1.bar(["left", "right"], qv[t], color=["tab:blue", "tab:orange"])
    ax1.set_ylim(qv.min() - 1, qv.max() + 1)
    ax1.set_title(f"Q(s_t, ·), greedy: {'right' if qv[t].argmax() else 'left'}", fontsize=9)


cu.widgets.interactive_figure(draw_step, {"t": W.IntSlider(value=0, min=0, max=T - 1, step=1,
                                                           description="step t")})

# %%
fig, axes = plt.subplots(1, 4, figsize=(13, 2.2))
for ax, t in zip(axes, np.linspace(0, T - 1, 4).astype(int)):
    cu.animation.draw_cartpole(ax, episode["obs"][t],
                               title=f"t={t}: Q = ({qv[t, 0]:.1f}, {qv[t, 1]:.1f})")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Exercises
#
# <a id="dqn-ex-double"></a>**Exercise.** Double DQN ([van Hasselt et al., 2016](../book/references.md#vanhasselt2016deep)) picks the next action with the online network and
# evaluates it with the target network: $y = r + \gamma(1-d)\,Q_{\bar\theta}\big(s', \arg\max_{a'} Q_\theta(s',a')\big)$.
# Which line of `train_dqn` changes? Why does this reduce the over-estimation of $\max_{a'}$?
#
# <details class="solution"><summary>Solution</summary>
#
# Only the target: `a_star = q(b.next_obs).argmax(1, keepdim=True)` and
# `next_q = q_target(b.next_obs).gather(1, a_star).squeeze(1)` instead of
# `q_target(b.next_obs).max(1).values`. The maximum of noisy estimates is biased upwards
# ($\mathbb{E}\max_a \hat Q \ge \max_a \mathbb{E}\hat Q$); using independent-ish estimates for
# choosing and for evaluating removes most of that bias.
#
# </details>
#
# <a id="dqn-ex-truncation"></a>**Exercise.** Suppose the loop stored `terminated or truncated` as $d$. What value would the network then
# learn for a state near the end of a 500-step episode, and how would that change the greedy
# policy? Try it with a `TimeLimit` of 50 steps.
#
# <details class="solution"><summary>Solution</summary>
#
# The target would say the future is worth 0 at step 500 (or 50), so the value would depend on
# time, which is not part of the state: the same state would get target $\approx 100$ early and
# $\approx 1$ late. The network sees contradictory targets, its values shrink and become noisy,
# and the policy degrades. Bootstrapping on truncation keeps $Q$ a function of the state only.
#
# </details>
#
# <a id="dqn-ex-seeds"></a>**Exercise.** Repeat the ablation with three seeds per variant (`seed=` in `DQNConfig.preset`) and plot the
# mean curve with a band. Which conclusions survive? How small can `buffer_size` be before full
# DQN suffers?
#
# <details class="solution"><summary>Solution</summary>
#
# Loop over `seed in (0, 1, 2)`, interpolate each run's returns on a common grid of steps
# (`np.interp`) and plot mean ± std. With this preset, removing the target network was the most
# damaging change on the seed we ran; removing replay slows learning and makes it erratic.
# Buffers of a few thousand transitions still work on CartPole; very small ones behave like
# "no replay". Expect the details to vary from seed to seed — that is the point of the exercise.
#
# </details>
#
# ## Summary
#
# * Continuous states never repeat, so tables cannot learn them; a network $Q_\theta(s,a)$
#   generalises between similar states.
# * DQN regresses $Q_\theta(s,a)$ on the target $y = r + \gamma(1-d)\max_{a'}Q_{\bar\theta}(s',a')$ with
#   a Huber loss; $d$ is `terminated` only — truncated episodes bootstrap.
# * Experience replay decorrelates and reuses data; the target network holds the target still.
#   With our CartPole preset, removing the target network breaks learning and removing replay slows it.
# * `course_utils.rl.dqn.train_dqn` is one flat loop with a documented config, checkpoints that
#   resume the same run exactly, and greedy evaluation; the next chapter feeds it Atari frames.
#
# <div class="works-cited">
#
# **Works cited in this chapter** (all works: the [references](../book/references.md) page of the book)
#
# * Shengyi Huang, Rousslan Fernand Julien Dossa, Chang Ye, Jeff Braga, Dipam Chakraborty, Kinal Mehta, and João G. M. Araújo. CleanRL: high-quality single-file implementations of deep reinforcement learning algorithms. Journal of Machine Learning Research, 23(274):1–18, 2022.
# * Volodymyr Mnih, Koray Kavukcuoglu, David Silver, Alex Graves, Ioannis Antonoglou, Daan Wierstra, and Martin Riedmiller. Playing Atari with deep reinforcement learning. arXiv preprint arXiv:1312.5602, 2013.
# * Volodymyr Mnih, Koray Kavukcuoglu, David Silver, Andrei A. Rusu, Joel Veness, Marc G. Bellemare, Alex Graves, Martin Riedmiller, Andreas K. Fidjeland, Georg Ostrovski, and others. Human-level control through deep reinforcement learning. Nature, 518(7540):529–533, 2015.
# * Christopher J. C. H. Watkins and Peter Dayan. Q-learning. Machine Learning, 8(3):279–292, 1992.
# * Hado van Hasselt, Arthur Guez, and David Silver. Deep reinforcement learning with double Q-learning. In AAAI Conference on Artificial Intelligence. 2016.
#
# </div>
