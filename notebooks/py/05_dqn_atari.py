# %% [markdown]
# # DQN on Atari
#
# The DQN that made headlines learned to play 49 Atari 2600 games from the screen's pixels and
# the score alone, with one architecture and one set of hyperparameters
# ([Mnih et al., 2013](../book/references.md#mnih2013playing); [Mnih et al., 2015](../book/references.md#mnih2015human)). The games come from the Arcade Learning Environment
# ([Bellemare et al., 2013](../book/references.md#bellemare2013arcade)), which Gymnasium exposes through the `ale-py` package (the game
# ROMs ship with it). This chapter builds the whole pipeline — what the agent sees, the
# network, a replay memory that fits in RAM, and a training command for a GPU — and runs it for
# a few minutes on a CPU.
#
# **Learning goals.** After this chapter you can
#
# 1. explain each preprocessing step (frame skip, max-pooling, 84×84 grayscale, frame stacking, reward clipping, episodic life) and why it is there;
# 2. read the Nature DQN network and count its parameters;
# 3. estimate the memory of a replay of stacked frames and store each frame only once;
# 4. start, resume and evaluate a long Atari run with `python -m course_utils.rl.atari train`, and say honestly what a CPU can and cannot show;
# 5. train the same DQN from pixels on MinAtar's Breakout on a laptop and compare its learning curve with the published one.

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
import matplotlib.pyplot as plt
import numpy as np
import torch
import ipywidgets as W
from IPython.display import HTML, display

import course_utils as cu
from course_utils.rl.atari import AtariConfig, NatureCNN, make_atari_env, play_frames, train_atari
from course_utils.rl.frame_replay import frame_replay_bytes

cu.set_seed(0)
threads = cu.use_free_cores(max_threads=1)  # small networks run fastest on one thread
print("budget:", cu.budget(), "| threads:", threads)

# %% [markdown]
# ## What the agent sees
#
# An Atari screen is 210×160 pixels in colour, redrawn 60 times a second. DQN does not look at
# it raw. `make_atari_env` composes Gymnasium's own wrappers:
#
# 1. **No-op starts**: up to 30 "do nothing" frames after a reset, so that episodes do not all
#    start in the same state;
# 2. **frame skip 4**: the agent picks an action every 4th frame and it is repeated on the 3
#    frames in between, so a second of play (60 frames) takes 15 decisions instead of 60: 4×
#    fewer forward passes of the network per second of play, and each decision sees the game
#    move 4 frames on;
# 3. **max over the last two frames**: some games draw sprites only on every other frame
#    (flicker); the pixel-wise maximum keeps them;
# 4. **84×84 grayscale**: colour adds little and 7,056 pixels are cheap;
# 5. **a stack of the last 4 frames**: one frame does not show where the ball is going — it is
#    not a Markov state; four frames show its velocity;
# 6. for training only, **reward clipping** to $[-1, 1]$ (one learning rate for all games) and
#    **episodic life**: losing a life ends the *learning* episode ($d=1$ in the TD target) but not
#    the game.

# %%
env = make_atari_env("Pong", training=False, render_mode="rgb_array")
obs, _ = env.reset(seed=0)
for _ in range(60):  # play a little so that the ball is on screen
    obs, *_ = env.step(env.action_space.sample())
raw = env.render()
fig, axes = plt.subplots(1, 2, figsize=(8, 4))
cu.animation.draw_frame(axes[0], raw, title=f"raw screen {raw.shape}")
cu.animation.draw_frame(axes[1], obs[-1], title=f"what DQN sees {obs[-1].shape}")
plt.show()
print("actions:", env.unwrapped.get_action_meanings())
assert raw.shape == (210, 160, 3) and obs.shape == (4, 84, 84) and obs.dtype == np.uint8

# %% [markdown]
# ## The frame stack
#
# The observation is the last four preprocessed frames, oldest first. Their differences show
# the motion a single frame hides; consecutive observations share three frames.

# %%
next_obs, *_ = env.step(0)
fig, axes = plt.subplots(1, 5, figsize=(14, 3))
for k in range(4):
    cu.animation.draw_frame(axes[k], obs[k], title=f"frame t−{3 - k}")
cu.animation.draw_frame(axes[4], obs[3].astype(int) - obs[2].astype(int), title="frame t − frame t−1")
plt.show()
assert np.array_equal(next_obs[:3], obs[1:])

# %% [markdown]
# ## The network
#
# The Nature DQN ([Mnih et al., 2015](../book/references.md#mnih2015human)) maps the $4\times84\times84$ stack to one value per action
# with three convolutions and two dense layers:
#
# $$ 4{\times}84{\times}84 \xrightarrow{32\,@\,8{\times}8,\ /4} 32{\times}20{\times}20
#    \xrightarrow{64\,@\,4{\times}4,\ /2} 64{\times}9{\times}9
#    \xrightarrow{64\,@\,3{\times}3,\ /1} 64{\times}7{\times}7
#    \xrightarrow{\text{dense}} 512 \xrightarrow{\text{dense}} |\mathcal A| . $$
#
# All actions' values come out of one forward pass, so $\max_{a'} Q(s', a')$ costs one evaluation.

# %%
n_actions = env.action_space.n
net = NatureCNN(n_actions)
print(net)
n_params = sum(p.numel() for p in net.parameters())
by_hand = (4 * 32 * 8 * 8 + 32) + (32 * 64 * 4 * 4 + 64) + (64 * 64 * 3 * 3 + 64) \
    + (64 * 7 * 7 * 512 + 512) + (512 * n_actions + n_actions)
print(f"{n_params:,} parameters; Q-values of one stack: {net(torch.as_tensor(obs[None])).detach().numpy().round(3)}")
assert n_params == by_hand and net(torch.as_tensor(obs[None])).shape == (1, n_actions)

# %% [markdown]
# ## A replay memory that fits
#
# The paper's replay holds the last million transitions. Stored naively, each transition keeps
# two stacks ($s$ and $s'$), i.e. 8 frames of 7,056 bytes: 56 GB. But consecutive stacks share
# frames, so `course_utils.rl.frame_replay.FrameReplay` stores each frame **once** per transition
# and rebuilds the stacks when it samples (padding at episode starts exactly as the frame-stack
# wrapper does — a test checks this against the wrapper's own output). The training command
# prints this estimate before it starts and refuses a run whose replay does not fit in RAM.

# %%
capacity = 1_000_000
naive = capacity * 8 * 84 * 84
once = frame_replay_bytes(capacity)
print(f"1M transitions: naive {naive / 1e9:.1f} GB, frames stored once {once / 1e9:.2f} GB")
assert once < naive / 7.5


# %%
def draw_memory(capacity_k):
    sizes = np.linspace(10, 1_000, 100) * 1_000
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(sizes / 1e3, sizes * 8 * 84 * 84 / 1e9, label="naive (s and s′ stacks)")
    ax.plot(sizes / 1e3, [frame_replay_bytes(int(n)) / 1e9 for n in sizes], label="each frame once")
    ax.axvline(capacity_k, color="0.4", ls=":")
    ax.set(xlabel="replay capacity (thousands of transitions)", ylabel="GB",
           title=f"{capacity_k}k transitions: {capacity_k * 8 * 84 * 84 / 1e6:.1f} GB vs "
                 f"{frame_replay_bytes(capacity_k * 1000) / 1e9:.2f} GB")
    ax.legend()


cu.widgets.interactive_figure(draw_memory, {"capacity_k": W.IntSlider(value=1_000, min=10, max=1_000, step=10,
                                                                      description="capacity (k)")})

# %%
draw_memory(1_000)  # the same figure, static, for the printed book
plt.show()

# %% [markdown]
# ## A short training run
#
# Training reuses `course_utils.rl.dqn.train_dqn` unchanged — the same loop as for CartPole — with
# the Nature CNN and the frame replay plugged in. The presets: `smoke` proves the code path,
# `standard` runs 100,000 agent steps, and `full` takes the default settings of CleanRL's
# `dqn_atari.py` ([Huang et al., 2022](../book/references.md#huang2022cleanrl); [CleanRL contributors, 2022](../book/references.md#cleanrl2022dqndocs)): 10M agent steps (40M frames), a
# replay of 1M transitions, learning from step 80,000, Adam with learning rate $10^{-4}$, a
# target refresh every 1,000 steps, ε from 1 to 0.01 over the first 10% of the steps. (The
# course keeps chapter 4's Huber loss and clips gradient norms at 10, where CleanRL uses a
# squared loss.)
#
# These are **not** the Nature paper's settings ([Mnih et al., 2015](../book/references.md#mnih2015human)). It trained for 50M frames
# with RMSProp (learning rate $2.5\times10^{-4}$, gradient momentum 0.95), copied the target
# network every $C = 10{,}000$ updates, annealed ε from 1 to 0.1 over the first million frames,
# filled the replay with 50,000 frames of random play before learning, and evaluated with
# ε = 0.05.
#
# This notebook trains for a few minutes on the CPU: enough to see the loop work, **not**
# enough to learn Pong. DQN needs on the order of a million agent steps before Pong's score
# rises from −21.

# %%
steps = cu.by_budget(smoke=600, standard=12_000, full=100_000)  # standard: 1,500 updates, ~2 CPU minutes
config = AtariConfig.preset("smoke" if cu.budget() == "smoke" else "standard", env_id="Pong", total_steps=steps,
                      learning_starts=min(10_000, steps // 2), eval_every=0)
result = train_atari(config, device=cu.get_device())
h = result.history
updates = (result.steps - config.learning_starts) // config.train_every * config.gradient_steps
print(f"{result.steps} agent steps, {updates} updates (logged as {len(h['loss'])} averages of "
      f"{config.log_every}), mean loss {h['loss'].mean():.4f}")
assert result.finished and np.all(np.isfinite(h["loss"])) and len(h["loss"]) > 0

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3))
axes[0].plot(h["train_step"], h["loss"])
axes[0].set(xlabel="agent step", title="Huber loss")
axes[1].plot(h["train_step"], h["q_mean"])
axes[1].set(xlabel="agent step", title=r"mean $Q_\theta(s,a)$ on batches")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## The agent playing
#
# Here is the network from the short run playing greedily. After a few minutes of CPU training
# expect a near-random player that loses most points; a trained agent returns the ball.

# %%
frames, score = play_frames(result.best_model, "Pong", max_steps=cu.by_budget(smoke=120, standard=600))
print(f"{len(frames) - 1} agent steps, score so far {score:+.0f}")
anim = cu.animation.animate(frames[::4], cu.animation.draw_frame, interval=60, figsize=(3, 4))
display(HTML(cu.animation.player_html(anim)))
assert frames[0].shape == (210, 160, 3) and -21 <= score <= 21

# %% [markdown]
# ## A longer CPU run: Breakout after 100,000 steps
#
# Twenty thousand steps are too few to see learning. The repository ships an agent trained
# with the `standard` preset on Breakout — 100,000 agent steps (400,000 frames), 28 minutes of
# one shared CPU core, no GPU — by the command of the next section
# (`checkpoints/atari_breakout_standard.md` records how). Breakout shows early progress sooner
# than Pong: a random player rarely hits the ball twice. We load the half-precision weights,
# compare the agent with uniformly random play on the same games, and watch it.

# %%
breakout = cu.atari.load_agent("../checkpoints/atari_breakout_standard.pt")
games = cu.by_budget(smoke=3, standard=10)


def breakout_env(i):
    return make_atari_env("Breakout", training=False)


agent_scores = cu.dqn.evaluate(breakout, breakout_env, episodes=games, seed=30_000, epsilon=0.05)
random_scores = cu.dqn.evaluate(breakout, breakout_env, episodes=games, seed=30_000, epsilon=1.0)
print(f"{games} games each — trained agent: {agent_scores.mean():.1f} ± {agent_scores.std():.1f}, "
      f"random: {random_scores.mean():.1f} ± {random_scores.std():.1f}")

curve = np.genfromtxt("../checkpoints/atari_breakout_standard_scalars.csv", delimiter=",",
                      names=True, dtype=None, encoding="utf-8")
per_life = curve[curve["name"] == "episode_return"]
fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(per_life["step"], cu.plotting.smooth(per_life["value"].astype(float), 50))
ax.set(xlabel="agent step", ylabel="points per life (smoothed)", title="Breakout, standard preset, training")
plt.show()
assert agent_scores.mean() > random_scores.mean()  # the shipped agent plays better than chance

# %%
frames, score = play_frames(breakout, "Breakout", max_steps=cu.by_budget(smoke=150, standard=1_000),
                            epsilon=0.05)
print(f"{len(frames) - 1} agent steps, score {score:.0f}")
anim = cu.animation.animate(frames[::4], cu.animation.draw_frame, interval=60, figsize=(3, 4))
display(HTML(cu.animation.player_html(anim)))

# %% [markdown]
# ## DQN from pixels on your laptop: MinAtar
#
# Atari is expensive because of its size, not because of its ideas: 84×84 frames, a 1.7M-parameter
# network, millions of frames before the score moves. **MinAtar** ([Young and Tian, 2019](../book/references.md#young2019minatar)) keeps the
# ideas and drops the size. It re-implements Breakout, Space Invaders, Freeway, Asterix and
# Seaquest on a 10×10 board, where a frame is a stack of binary *channels*, one per kind of object;
# Breakout has four: the paddle, the ball, the ball's *trail* (where it was one step ago, so that a
# single frame shows its direction and no frame stack is needed) and the bricks. The games keep what
# makes Atari hard for an agent — pixels in, a delayed reward, exploration — and keep its
# randomness: with probability 0.1 the previous action is repeated (*sticky actions*), and the game
# speeds up as it goes on.
#
# `cu.minatar.make_minatar_env` wraps a game as a Gymnasium env with channels first. Here is one
# Breakout board, each channel in its own colour:

# %%
env = cu.minatar.make_minatar_env("breakout")
board, _ = env.reset(seed=0)
print("board:", board.shape, board.dtype, "| actions:", env.action_space.n)
fig, axes = plt.subplots(1, 5, figsize=(11, 2.4))
for c, name in enumerate(["paddle", "ball", "trail", "bricks"]):
    axes[c].imshow(board[c], cmap="gray_r", vmin=0, vmax=1)
    axes[c].set_title(f"channel {c}: {name}")
axes[4].imshow(cu.minatar.render_rgb(board))
axes[4].set_title("all channels")
for ax in axes:
    ax.set(xticks=[], yticks=[])
plt.tight_layout()
plt.show()

# %% [markdown]
# The paper's network is small: one convolution with 16 filters of 3×3, then 128 hidden units, then
# one value per action — about 132,000 parameters against the Nature CNN's 1.7 million. Its DQN
# keeps every ingredient of chapter 4 and of the Nature paper: a replay of 100,000 transitions, a
# target network refreshed every 1,000 steps, ε from 1 to 0.1 over the first 100,000 frames, the
# Huber loss, γ = 0.99, and one update on a batch of 32 after *every* frame, with RMSProp (step
# $2.5\times10^{-4}$). `cu.minatar.MinAtarConfig` holds these settings; its `full` preset is the
# paper's 5M frames, `standard` the same agent for 300,000 frames with one change: Adam (step
# $10^{-4}$) instead of RMSProp, because PyTorch's fused Adam makes each update about a quarter
# cheaper on a CPU. Training runs the same `train_dqn` loop as CartPole and Atari above — only the
# env, the network and a `uint8` replay are plugged in.

# %%
minatar_steps = cu.by_budget(smoke=3_000, standard=40_000)  # standard: about 2 CPU minutes
minatar_config = cu.minatar.MinAtarConfig.preset(  # ε falls as in a whole run: from 1 towards 0.1 over 100k frames
    "smoke" if cu.budget() == "smoke" else "standard", total_steps=minatar_steps,
    exploration_fraction=min(1.0, 100_000 / minatar_steps))
minatar_net = cu.minatar.MinAtarCNN(4, 6)
print(f"{minatar_net.net[0]}, {sum(p.numel() for p in minatar_net.parameters()):,} parameters")
live = cu.minatar.train_minatar(minatar_config, device=cu.get_device())
live_returns = live.history["episode_return"]
print(f"{live.steps:,} frames, {len(live_returns)} games; last 100 games: {live_returns[-100:].mean():.2f} "
      f"points (the first 100: {live_returns[:100].mean():.2f})")
assert live.finished and np.all(np.isfinite(live.history["loss"]))

# %% [markdown]
# That run is the first few percent of a `standard` one: ε is still high and the agent has barely
# started. The full `standard` run — 300,000 frames, three seeds, and the same agent without replay
# as an ablation — was trained by `benchmarks/bench_minatar.py` on this course's 2-core machine; its
# curves and the first seed's agent ship in `checkpoints/` (`minatar_breakout_standard.md` records
# the command, machine and wall time). The curve below is the paper's measure: the mean return of
# the last 100 training games (the agent still explores with ε = 0.1), against the paper's DQN at
# the same frames (read off its published learning curves, mean of 30 runs).

# %%
curves = np.genfromtxt("../checkpoints/minatar_breakout_standard_curves.csv", delimiter=",", names=True,
                       dtype=None, encoding="utf-8")
paper = cu.minatar.PAPER_DQN["breakout"]
fig, ax = plt.subplots(figsize=(7, 3.4))
finals = {}
for variant, colour, label in [("dqn", "C0", "DQN (ours)"), ("no_replay", "C1", "DQN without replay (ours)")]:
    rows = curves[curves["variant"] == variant]
    seeds = np.unique(rows["seed"])
    frames = rows["frames"][rows["seed"] == seeds[0]]
    per_seed = np.stack([rows["moving_average_100"][rows["seed"] == s] for s in seeds])  # (seeds, points)
    ax.plot(frames / 1e6, per_seed.mean(0), color=colour, label=f"{label}, mean of {len(seeds)} seeds")
    ax.fill_between(frames / 1e6, per_seed.min(0), per_seed.max(0), color=colour, alpha=0.2)
    finals[variant] = per_seed[:, -1]
    points = paper[variant]
    at = [f for f in points if f <= frames[-1] / 1e6]
    ax.plot(at, [points[f] for f in at], "o", color=colour, mfc="white", label=f"paper: {label.split(' (')[0]}")
random_play = cu.dqn.evaluate(cu.minatar.MinAtarCNN(4, 6), lambda i: cu.minatar.make_minatar_env("breakout"),
                              episodes=200, seed=70_000, epsilon=1.0)  # ε = 1: the network is never asked
ax.axhline(random_play.mean(), color="gray", ls=":", label="random play")
ax.set(xlabel="frames (millions)", ylabel="return, last 100 games", title="MinAtar Breakout, standard preset")
ax.legend(fontsize=7, loc="lower right")
plt.tight_layout()
plt.show()
print("final moving averages — DQN:", np.round(finals["dqn"], 2), "| without replay:",
      np.round(finals["no_replay"], 2), f"| random play: {random_play.mean():.2f}")
assert finals["dqn"].min() > finals["no_replay"].max()  # replay helps on every seed
assert finals["dqn"].min() > 4 * random_play.mean()  # far above random play

# %% [markdown]
# **Reading the curves honestly.** Every seed learns: the return climbs from random play's half a
# point to around six, and each seed with replay ends above each seed without it. But our agent
# climbs more slowly than the paper's (about 8 at 300,000 frames, mean of 30 runs), and our agent
# *without* replay does better than the paper's (which stays near 4). Three seeds against thirty
# and Adam against RMSProp are the obvious suspects; the exercise below asks you to test the
# second. The gap between replay and no replay is the lesson, and at 300,000 frames it is still
# small — the paper's gap keeps widening for millions of frames.

# %% [markdown]
# ### The shipped agent playing
#
# We load the first seed's network (half precision, about 0.3 MB) and let it play fresh games,
# never seen in training, with ε = 0.05 as in the Nature protocol; the same games played uniformly
# at random are the baseline.

# %%
agent = cu.minatar.load_agent("../checkpoints/minatar_breakout_standard.pt")
n_games = cu.by_budget(smoke=5, standard=30)


def breakout_board_env(i):
    return cu.minatar.make_minatar_env("breakout", max_episode_steps=5_000)


agent_scores = cu.dqn.evaluate(agent, breakout_board_env, episodes=n_games, seed=60_000, epsilon=0.05)
random_scores = cu.dqn.evaluate(agent, breakout_board_env, episodes=n_games, seed=60_000, epsilon=1.0)
print(f"{n_games} games each — agent: {agent_scores.mean():.1f} ± {agent_scores.std():.1f}, "
      f"random: {random_scores.mean():.1f} ± {random_scores.std():.1f}")
assert agent_scores.mean() > 3 * random_scores.mean()

boards, score = cu.minatar.play_boards(agent, "breakout", seed=60_001, epsilon=0.05,
                                       max_steps=cu.by_budget(smoke=60, standard=240))
print(f"{len(boards) - 1} steps, score {score:.0f}")
anim = cu.animation.animate([cu.minatar.render_rgb(b, scale=8) for b in boards], cu.animation.draw_frame,
                            interval=80, figsize=(2.5, 2.5))
display(HTML(cu.animation.player_html(anim)))

# %% [markdown]
# ## Training for real, on a GPU
#
# The command line runs the same code at any budget, on CUDA when present:
#
# ```bash
# python -m course_utils.rl.atari train --game Pong --budget full --out runs/pong
# ```
#
# It prints the replay's memory estimate (about 7.1 GB for the `full` preset) and refuses to
# start if that exceeds the available RAM, shows a progress bar, evaluates the greedy policy
# every 250,000 steps (scores go to `runs/pong/scalars.csv`; add `--tensorboard` to follow them
# live with `tensorboard --logdir runs`), writes an atomic checkpoint at
# each evaluation — run the same command again after an interruption and it resumes — and
# finishes with an evaluation, half-precision weights (`model_fp16.pt`) and a video of the agent
# (`agent.webm`, VP9, which plays in JupyterLab, Colab and current browsers; a GIF where OpenCV is
# missing).
#
# **What a full run needs.** 10M agent steps, 2.5M gradient steps on batches of 32, about 8 GB
# of RAM. On these course machines (2 CPU cores) one environment steps at roughly 800–1,400
# agent steps per second and a Nature-CNN update runs about 39 times a second, so the updates
# alone would take about 18 hours of an idle machine; on one GPU the updates become cheap and a
# run takes a few hours, limited by the
# emulator. No GPU was available while this chapter was written, so the repository ships no
# `full`-budget Atari agent, only the `standard`-budget Breakout agent above, and the scores to
# expect come from others' runs, each with its own settings. For Pong, CleanRL reports
# 20.25 ± 0.41 for `dqn_atari.py` after 10M agent steps ([CleanRL contributors, 2022](../book/references.md#cleanrl2022dqndocs)) — the
# settings of our `full` preset (apart from the loss); the Nature paper reports 18.9 ± 1.3 after
# 50M frames with its own settings ([Mnih et al., 2015](../book/references.md#mnih2015human)).
#
# ## Exercises
#
# <a id="atari-ex-memory"></a>**Exercise.** How much memory does a replay of 1M transitions need if it stores stacks of 4 RGB frames of
# 210×160 for both $s$ and $s'$? And with the preprocessing and the frame-once design?
#
# <details class="solution"><summary>Solution</summary>
#
# $10^6 \times 2 \times 4 \times 210 \times 160 \times 3 \approx 806$ GB. With 84×84 grayscale
# frames stored once: $10^6 \times 7056 \approx 7.1$ GB — more than a hundred times less.
#
# </details>
#
# <a id="atari-ex-life"></a>**Exercise.** Gymnasium's `AtariPreprocessing(terminal_on_life_loss=True)` marks a lost life as terminal
# *and* restarts the whole game at the next reset. Why would an agent trained with it never see
# the later stages of Breakout? How does `course_utils.rl.atari.EpisodicLife` avoid that?
#
# <details class="solution"><summary>Solution</summary>
#
# Each reset after the first lost life starts a fresh game, so the agent only ever plays its
# first life, where the wall of bricks is full. `EpisodicLife` reports `terminated=True` at a lost
# life (the TD target stops there) but its `reset` only takes a no-op step in the running game;
# the game restarts only when it is really over.
#
# </details>
#
# <a id="atari-ex-minatar-rmsprop"></a>**Exercise.** Our MinAtar agent uses Adam where the paper uses centred RMSProp. Train
# `MinAtarConfig.preset("standard", optimizer="rmsprop", learning_rate=2.5e-4)` on two seeds with
# `python benchmarks/bench_minatar.py`-style runs (or `cu.minatar.train_minatar`) and compare the
# final moving averages with the Adam runs above. What else differs from the paper's set-up?
#
# <details class="solution"><summary>Solution</summary>
#
# Each run takes about a quarter of an hour of one core (RMSProp's update is slower than fused
# Adam's). Besides the optimizer: ε decays from the first frame here and from the end of the
# 5,000 random frames in the paper's code, and the paper averages 30 seeds. With three seeds the
# spread of the final average (about ±0.3 above) is as large as some of the differences you will
# see: compare ranges, not single runs.
#
# </details>
#
# <a id="atari-ex-sticky"></a>**Exercise.** Machado et al. ([Machado et al., 2018](../book/references.md#machado2018revisiting)) argue that deterministic Atari games let an agent
# memorise action sequences, and recommend *sticky actions* (`repeat_action_probability=0.25`).
# Evaluate the agent of this chapter with and without sticky actions. Why is the no-op start
# alone a weak source of randomness?
#
# <details class="solution"><summary>Solution</summary>
#
# `make_atari_env("Pong", training=False, repeat_action_probability=0.25)` and `cu.dqn.evaluate`.
# No-op starts give at most 30 different initial states; after that a deterministic emulator and
# a deterministic policy replay the same game, so open-loop memorisation scores well without
# reacting to the ball. Sticky actions perturb every step.
#
# </details>
#
# ## Summary
#
# * DQN sees 4 stacked 84×84 grayscale frames, acts every 4th frame, learns from clipped rewards
#   and treats a lost life as the end of a learning episode.
# * The Nature CNN (1.7M parameters for Pong) outputs all action values in one pass.
# * A replay that stores each frame once needs ~7 GB for a million transitions instead of 56 GB.
# * The same `train_dqn` loop drives CartPole and Atari; `python -m course_utils.rl.atari train`
#   runs paper-scale experiments on a GPU with resumable checkpoints, CSV scalars and a video.
# * On MinAtar's 10×10 Breakout the paper's small DQN learns from pixels in about a quarter of an
#   hour of one CPU core: from random play's 0.5 points to about 6 after 300,000 frames, below the
#   paper's curve (about 8 there) and above the same agent without replay on every seed.
#
# <div class="works-cited">
#
# **Works cited in this chapter** (all works: the [references](../book/references.md) page of the book)
#
# * Marc G. Bellemare, Yavar Naddaf, Joel Veness, and Michael Bowling. The arcade learning environment: an evaluation platform for general agents. Journal of Artificial Intelligence Research, 47:253–279, 2013.
# * CleanRL contributors. Deep Q-learning (DQN): dqn\_atari.py, implementation details and experiment results. CleanRL documentation, 2022. URL: <https://docs.cleanrl.dev/rl-algorithms/dqn/>.
# * Shengyi Huang, Rousslan Fernand Julien Dossa, Chang Ye, Jeff Braga, Dipam Chakraborty, Kinal Mehta, and João G. M. Araújo. CleanRL: high-quality single-file implementations of deep reinforcement learning algorithms. Journal of Machine Learning Research, 23(274):1–18, 2022.
# * Marlos C. Machado, Marc G. Bellemare, Erik Talvitie, Joel Veness, Matthew Hausknecht, and Michael Bowling. Revisiting the arcade learning environment: evaluation protocols and open problems for general agents. Journal of Artificial Intelligence Research, 61:523–562, 2018.
# * Volodymyr Mnih, Koray Kavukcuoglu, David Silver, Alex Graves, Ioannis Antonoglou, Daan Wierstra, and Martin Riedmiller. Playing Atari with deep reinforcement learning. arXiv preprint arXiv:1312.5602, 2013.
# * Volodymyr Mnih, Koray Kavukcuoglu, David Silver, Andrei A. Rusu, Joel Veness, Marc G. Bellemare, Alex Graves, Martin Riedmiller, Andreas K. Fidjeland, Georg Ostrovski, and others. Human-level control through deep reinforcement learning. Nature, 518(7540):529–533, 2015.
# * Kenny Young and Tian Tian. MinAtar: an Atari-inspired testbed for thorough and reproducible reinforcement learning experiments. arXiv preprint arXiv:1903.03176, 2019.
#
# </div>
