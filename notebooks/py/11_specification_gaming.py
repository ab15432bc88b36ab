# %% [markdown]
# # Specification gaming: a word of warning
#
# > *Tell me how you measure me, and I will tell you how I will behave.*
# > — Eliyahu M. Goldratt ([Goldratt, 1990](../book/references.md#goldratt1990haystack))
#
# Every agent in this course so far did exactly what its reward asked. That is the good
# news and the bad news. A reward is a *measure* of what we want, written down by a person;
# reinforcement learning turns it into a *target* and optimises it hard. The economist
# Charles Goodhart noticed the same thing about monetary indicators
# ([Goodhart, 1984](../book/references.md#goodhart1984problems)), and the anthropologist Marilyn Strathern put it in the words
# usually quoted as **Goodhart's law** ([Strathern, 1997](../book/references.md#strathern1997improving)):
# *when a measure becomes a target, it ceases to be a good measure.*
#
# When an agent satisfies the letter of its reward but not its designer's intent, we speak
# of **specification gaming** (or *reward hacking*) ([Krakovna et al., 2020](../book/references.md#krakovna2020specification); [Amodei et al., 2016](../book/references.md#amodei2016concrete)).
# It is not a bug of the learning algorithm: a correct optimiser *must* find the loophole
# if the loophole pays more.
#
# **Learning goals.** After this chapter you can
#
# 1. state Goodhart's law and tell the reward $R$ an agent maximises from the true performance $P$ its designer wants;
# 2. recognise the classic cases of specification gaming and find their original sources;
# 3. show with dynamic programming *and* Q-learning that a correct algorithm finds the loophole of a flawed reward;
# 4. repair a reward so that the same algorithm does the intended thing, e.g. with potential-based shaping;
# 5. edit a reward in an exercise file and predict how the behaviour changes.

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
import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

import course_utils as cu
from course_utils import gaming
from course_utils import gaming_plots as gp

cu.set_seed(0)
threads = cu.use_free_cores()  # NumPy's BLAS: as many threads as cores are free
print("budget:", cu.budget(), "| threads:", threads)

# %% [markdown]
# ## Reward versus performance
#
# An RL agent maximises the expected return of the reward it is given,
#
# $$J_R(\pi) = \mathbb E_\pi\Big[\sum_{t\ge 0} \gamma^t R(s_t, a_t, s_{t+1})\Big], \qquad \pi^*_R = \arg\max_\pi J_R(\pi).$$
#
# The designer, however, judges the agent by a **performance function** $P$ that is often
# never written down: *win the race*, *play Tetris well*, *don't cut corners when nobody
# looks*. DeepMind's *AI Safety Gridworlds* ([Leike et al., 2017](../book/references.md#leike2017ai)) make this explicit: each
# environment has a reward that the agent sees and a hidden performance function that the
# evaluation uses. Specification gaming is the case
#
# $$J_P(\pi^*_R) \;<\; \max_\pi J_P(\pi),$$
#
# i.e. the policy that is optimal for the reward is *not* optimal for what we wanted. The
# more capable the optimiser, the more reliably it finds the gap between $R$ and $P$.
#
# ## A catalogue of real cases
#
# Victoria Krakovna and colleagues keep a public list of such cases, now well over sixty
# ([Krakovna et al., 2018](../book/references.md#krakovna2018specification); [Krakovna et al., 2020](../book/references.md#krakovna2020specification)); Lehman et al. collected many
# from evolutionary computation ([Lehman et al., 2020](../book/references.md#lehman2020surprising)). The lecture's examples:
#
# | case | what was rewarded | what the agent did | source |
# |---|---|---|---|
# | robot arm, block moving | block ends at the target position on the table | moved the **table** so the block was at the target | ([Chopra, 2018](../book/references.md#chopra2018table); [Krakovna et al., 2018](../book/references.md#krakovna2018specification)) |
# | evolved four-legged creature | carry a ball on its back (ball does not fall) | wedged the ball in a **leg joint** and wiggled along | ([Krakovna et al., 2018](../book/references.md#krakovna2018specification)) |
# | GenProg ([Weimer et al., 2009](../book/references.md#weimer2009automatically)), automatic bug repair | output matches `trusted-output.txt` | **deleted** the trusted output file and output nothing | Weimer's SSBSE 2013 keynote ([Weimer, 2013](../book/references.md#weimer2013advances)), as listed in ([Krakovna et al., 2018](../book/references.md#krakovna2018specification)) |
# | Road Runner (Atari) | game score | **killed itself** at the end of level 1 to replay it instead of losing in level 2 | ([Saunders et al., 2018](../book/references.md#saunders2018trial)) |
# | Tetris | not losing | **paused the game forever** just before losing | ([Murphy VII, 2013](../book/references.md#murphy2013first)) |
# | skin-lesion classifier | label accuracy on dermatology photos | learned that photos with a **ruler** are more likely malignant | ([Esteva et al., 2017](../book/references.md#esteva2017dermatologist); [Narla et al., 2018](../book/references.md#narla2018automated)) |
# | CoastRunners boat race | in-game points from targets along the course | **circled** a lagoon hitting respawning targets, never finishing | ([Clark and Amodei, 2016](../book/references.md#clark2016faulty)) |
#
# Two patterns recur. Either the measure can be satisfied *without* the thing it was meant
# to measure (the table, the ruler, the deleted file), or the agent can *avoid the situation*
# in which the measure would judge it (the pause, the suicide before level 2). The three
# small worlds below reproduce the boat, the pause and — from ([Leike et al., 2017](../book/references.md#leike2017ai)) — an agent
# that behaves only while it is watched.
#
# ## Three small worlds with a loophole
#
# Each world is a real Gymnasium environment (`gymnasium.Env`, registered, passing
# `gymnasium.utils.env_checker.check_env`) with a `variant` argument: `"flawed"` is the
# reward a well-meaning designer might write, `"fixed"` a repaired one. Every step also
# reports the hidden true performance in `info["performance"]`.
#
# | env id | flawed reward | true performance | fixed reward |
# |---|---|---|---|
# | `course_utils/BoatRace-v0` | finish +10, turbo tile T +1 *every time it is entered* | 1 for finishing the lap | the T bonus as potential-based shaping |
# | `course_utils/PauseGame-v0` | +1 per line, −10 per lost game, pausing is free | lines cleared in the time budget | no loss penalty |
# | `course_utils/AbsentSupervisor-v0` | −1 per move, goal +50, forbidden tile −30 *if watched* | the −30 counts always | the −30 counts always |

# %%
for name, env_id in gaming.ENV_IDS.items():
    env = cu.gaming.make_env(name, "flawed")
    print(f"{env_id:36s} states {env.observation_space.n:3d}  actions {env.action_space.n}"
          f"  time budget {env.unwrapped.max_steps}")
env = cu.gaming.make_env("boat_race", render_mode="ansi")
obs, info = env.reset(seed=0)
obs, reward, terminated, truncated, info = env.step(3)  # up
print(env.render(), "reward", reward, " performance", info["performance"])

# %% [markdown]
# These worlds are small, so besides *learning* in them with Q-learning we can *solve* them
# exactly: `cu.gaming.analyse(world)` runs value iteration (chapter 2) once for the reward
# and once for the performance, and compares the two optima by the exact expected
# performance in one episode (`cu.gaming.expected_totals`, a forward pass
# $d_{t+1} = d_t P_\pi$ over the time budget).

# %%
reports = {}
for name in gaming.WORLDS:
    for variant in gaming.VARIANTS:
        r = gaming.analyse(gaming.make_world(name, variant))
        reports[name, variant] = r
        print(f"{name:18s} {variant:7s} reward {r.reward:6.2f}   performance {r.performance:6.2f}"
              f"   (best possible {r.intended_performance:6.2f})   gaming: {r.gaming}")
assert all(reports[n, "flawed"].gaming and not reports[n, "fixed"].gaming for n in gaming.WORLDS)

# %% [markdown]
# In every world the optimum of the flawed reward games it, and the optimum of the fixed
# reward reaches the best possible performance. Now the learning algorithm: Q-learning from
# chapter 3 (`cu.tabular.q_learning`), with the same settings for both variants of a world.
# `cu.gaming.train_gaming` wraps the env to record each training episode's true performance next
# to its reward; ε decays to 0, so the last episodes show the greedy behaviour.

# %%
episodes = cu.by_budget(smoke=1_000, standard=2_000)
runs = {(name, variant): gaming.train_gaming(name, variant, episodes=episodes, seed=0)
        for name in gaming.WORLDS for variant in gaming.VARIANTS}
for (name, variant), run in runs.items():
    reward, perf = gaming.expected_totals(run.world, run.policy)
    print(f"{name:18s} {variant:7s} learned policy: reward {reward:6.2f}  performance {perf:6.2f}")
    assert np.isclose(reward, reports[name, variant].reward)  # Q-learning found the DP optimum

# %% [markdown]
# ### The boat race
#
# The boat starts at S and should go once around the island to the finish F. The designer
# added a turbo tile T half-way, paying a bonus $b$ each time the boat enters it — in
# CoastRunners, targets along the course ([Clark and Amodei, 2016](../book/references.md#clark2016faulty)). With $\gamma = 0.95$ the boat
# enters T on move 8 and would finish on move 16; stepping off T and back on pays $b$ every
# second move. From the start,
#
# $$V_{\text{loop}} = \frac{b\,\gamma^{7}}{1-\gamma^2} \approx 7.16\,b, \qquad
# V_{\text{race}} = b\,\gamma^{7} + 10\,\gamma^{15} \approx 0.70\,b + 4.63,$$
#
# so for $b = 1$ looping wins ($7.16 > 5.33$) and the boat never finishes.
#
# **The fix: potential-based shaping** ([Ng et al., 1999](../book/references.md#ng1999policy)). Keep the designer's hint "T is on
# the way", but pay it as a difference of potentials, $F(s, s') = \gamma\,\Phi(s') - \Phi(s)$
# with $\Phi(s) = b\,[s = T]$: entering T pays $\gamma b$, leaving it costs $b$. Along any
# path the shaping terms telescope,
# $\sum_{t=0}^{T-1} \gamma^t F(s_t, s_{t+1}) = \gamma^T \Phi(s_T) - \Phi(s_0)$, so no loop can
# farm them, and Ng, Harada & Russell proved that such shaping never changes the optimal
# policies of the underlying reward.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 2.6))
for ax, variant in zip(axes, gaming.VARIANTS):
    run = runs["boat_race", variant]
    ep = gaming.walk(run.world, run.policy)
    gp.draw_behaviour(run.world, ep, ax=ax,
                      title=f"{variant}: reward {sum(ep['rewards']):.1f}, finished: {sum(ep['performance']) > 0}")
plt.tight_layout()
plt.show()
gp.plot_reward_vs_performance({v: runs["boat_race", v] for v in gaming.VARIANTS})
plt.show()
assert sum(gaming.walk(runs["boat_race", "flawed"].world, runs["boat_race", "flawed"].policy)["performance"]) == 0
assert sum(gaming.walk(runs["boat_race", "fixed"].world, runs["boat_race", "fixed"].policy)["performance"]) == 1
gamma = 0.95
start = int(np.flatnonzero(runs["boat_race", "flawed"].world.mdp.initial)[0])
assert np.isclose(cu.dp.value_iteration(runs["boat_race", "flawed"].world.mdp).v[start],
                  max(gamma**7 / (1 - gamma**2), gamma**7 + 10 * gamma**15), atol=1e-6)  # closed form

# %% [markdown]
# Left: the greedy boat goes up, along the top to T and then shuttles between T and its
# neighbour for the rest of the episode (the thick arrows, labelled with how often they are
# taken). Right: under shaping it races round to F. The curves show Goodhart's law in
# motion: under the flawed reward the return *rises* during training — to more than the
# finishing boat ever earns — while the performance stays at zero.
#
# ### The pause game
#
# A Tetris-like game reduced to its stack height $h \in \{0, \dots, 3\}$. *Play* clears a line
# (+1) with probability $p = 0.5$ and lowers the stack, or raises it; overflowing the top
# loses the game (−10) and a new game starts. *Pause* freezes everything and pays 0 — forever
# if the agent wants, as in Murphy's Tetris player ([Murphy VII, 2013](../book/references.md#murphy2013first)). At the top of the
# stack, playing risks the −10 and pausing is safe, so for a large enough penalty the
# optimal agent pauses there for good. Its designer wanted lines: the true performance is
# the number of lines cleared in the 60-step time budget. The fix drops the penalty — a lost
# game already costs the lines the agent would otherwise clear.

# %%
fig, axes = plt.subplots(2, 1, figsize=(9, 4.6), sharex=True)
for ax, variant in zip(axes, gaming.VARIANTS):
    run = runs["pause_game", variant]
    ep = gaming.walk(run.world, run.policy, seed=1)
    gp.draw_pause_timeline(run.world, ep, ax=ax,
                           title=f"{variant}: {int(sum(ep['performance']))} lines, policy {run.policy.tolist()} (0 play, 1 pause)")
plt.tight_layout()
plt.show()
gp.plot_reward_vs_performance({v: runs["pause_game", v] for v in gaming.VARIANTS})
plt.show()
assert runs["pause_game", "flawed"].policy[-1] == 1 and (runs["pause_game", "fixed"].policy == 0).all()

# %% [markdown]
# ### The absent supervisor
#
# From ([Leike et al., 2017](../book/references.md#leike2017ai)): the short way to the goal G crosses a forbidden tile P. Stepping
# on it is punished (−30) — but only when a supervisor is present, and the agent can see
# whether it is (half of the episodes each). The designer's intent is that P is never
# crossed, watched or not; that is the performance function. An optimal agent for the
# flawed reward behaves while it is watched and cuts the corner when it is not. The fix
# makes the reward what the designer meant: the punishment does not depend on being seen.

# %%
fig, axes = plt.subplots(2, 2, figsize=(10, 3.6))
for row, variant in enumerate(gaming.VARIANTS):
    run = runs["absent_supervisor", variant]
    for col, s0 in enumerate(np.flatnonzero(run.world.mdp.initial)):
        ep = gaming.walk(run.world, run.policy, s0=int(s0))
        gp.draw_behaviour(run.world, ep, ax=axes[row, col],
                          title=f"{variant}, {run.world.state_info[s0]}: performance {sum(ep['performance']):.0f}")
plt.tight_layout()
plt.show()
gp.plot_reward_vs_performance({v: runs["absent_supervisor", v] for v in gaming.VARIANTS})
plt.show()
flawed = runs["absent_supervisor", "flawed"]
watched, unwatched = (gaming.walk(flawed.world, flawed.policy, s0=int(s)) for s in np.flatnonzero(flawed.world.mdp.initial))
assert len(watched["actions"]) == 10 and len(unwatched["actions"]) == 6  # long way watched, shortcut unwatched

# %% [markdown]
# ## When does the loophole open?
#
# Goodhart's law is not all-or-nothing: a proxy works until the optimiser finds that pushing
# it diverges from the goal. Sweeping the size of the flawed term shows where that happens.
# For each value we solve the world exactly and plot the optimal policy's expected reward and
# true performance in one episode.

# %%
sweeps = {"boat_race": ("bonus", np.linspace(0, 2, 41)),
          "pause_game": ("loss_penalty", np.linspace(0, 20, 41)),
          "absent_supervisor": ("penalty", np.linspace(0, 40, 41))}
fig, axes = plt.subplots(1, 3, figsize=(12, 3))
for ax, (name, (param, values)) in zip(axes, sweeps.items()):
    rows = [gaming.analyse(gaming.make_world(name, "flawed", **{param: float(x)})) for x in values]
    ax.plot(values, [r.reward for r in rows], label="reward (what is optimised)")
    ax.plot(values, [r.performance for r in rows], label="true performance")
    ax.plot(values, [r.intended_performance for r in rows], "k:", lw=1, label="best possible performance")
    ax.set_xlabel(param)
    ax.set_title(name, fontsize=10)
axes[0].legend(fontsize=8)
plt.tight_layout()
plt.show()
boat = [gaming.analyse(gaming.make_world("boat_race", bonus=float(b))) for b in (0.7, 0.8)]
assert not boat[0].gaming and boat[1].gaming  # the threshold 10 gamma^6 (1 - gamma^2) ~ 0.717

# %% [markdown]
# In the boat race the loop opens at $b \approx 0.72$, where $V_\text{loop} = V_\text{race}$:
# beyond it, the larger the bonus, the higher the reward and the performance stays at zero.
# In the pause game the agent starts to pause once the penalty exceeds about 5.3. In the
# absent-supervisor world a small penalty is simply paid; once it is worth avoiding, the
# agent avoids it only when watched — the performance *drops* as the penalty grows, since
# the unwatched shortcut costs the full penalty in performance.
#
# ## Try it yourself
#
# Choose a world and a reward variant, change the size of its flawed term, and retrain
# Q-learning: the widget draws the learned behaviour and the reward/performance curves.

# %%
KNOBS = {"boat_race": ("bonus", 1.0, 0.0, 3.0), "pause_game": ("loss_penalty", 10.0, 0.0, 30.0),
         "absent_supervisor": ("penalty", 30.0, 0.0, 60.0)}


def draw_training(world, variant, size, episodes, seed):
    param = KNOBS[world][0]
    run = gaming.train_gaming(world, variant, episodes=episodes, seed=seed, **{param: size})
    fig = plt.figure(figsize=(10, 5.4))
    top = fig.add_subplot(2, 1, 1)
    ep = gaming.walk(run.world, run.policy, seed=seed)
    perf = gaming.expected_totals(run.world, run.policy)[1]
    gp.draw_behaviour(run.world, ep, ax=top,
                      title=f"{world} ({variant}, {param} = {size:g}): expected performance {perf:.2f}")
    gp.plot_reward_vs_performance({variant: run}, axes=[fig.add_subplot(2, 2, 3), fig.add_subplot(2, 2, 4)])
    fig.tight_layout()


cu.widgets.interactive_figure(draw_training, {
    "world": W.Dropdown(options=list(gaming.WORLDS), value="boat_race", description="world"),
    "variant": W.Dropdown(options=list(gaming.VARIANTS), value="flawed", description="reward"),
    "size": W.FloatText(value=1.0, description="size"),
    "episodes": W.IntSlider(value=episodes, min=200, max=5_000, step=100, description="episodes"),
    "seed": W.IntSlider(value=0, min=0, max=9, description="seed"),
})

# %% [markdown]
# (`size` is the world's flawed term: the turbo `bonus`, the `loss_penalty` of a lost game,
# or the supervisor's `penalty`; defaults 1, 10 and 30.) For the printed book, the six
# learned behaviours side by side — the static twin of the widget:

# %%
fig, axes = plt.subplots(3, 2, figsize=(11, 7.2))
for row, name in enumerate(gaming.WORLDS):
    for col, variant in enumerate(gaming.VARIANTS):
        run = runs[name, variant]
        s0 = int(np.flatnonzero(run.world.mdp.initial)[-1])  # the unwatched start, where it differs
        ep = gaming.walk(run.world, run.policy, s0=s0, seed=1)
        reward, perf = gaming.expected_totals(run.world, run.policy)
        gp.draw_behaviour(run.world, ep, ax=axes[row, col],
                          title=f"{name}, {variant}: E[reward] {reward:.1f}, E[performance] {perf:.1f}")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Check yourself: exercises a tutor can edit
#
# The questions below live in YAML files under `exercises/11_specification_gaming/`: a
# world, a reward variant and the reward's parameters. The answer — does the optimal agent
# game the reward, or what performance does it reach — is **computed** by value iteration
# every time the exercise loads, so a tutor can change a number in the file (try a bonus of
# 0.8 in `boat_race_bonus.yaml`) and the question's figure and checker follow.

# %%
chapter_exercises = cu.exercises.load_all(chapter="11_specification_gaming")
print(open(chapter_exercises[0].path).read())
cu.exercises.verify(chapter_exercises, at_least=3)  # each computed answer accepted, a wrong one refused

# %% [markdown]
# Answer with `gaming` or `intended`, or a number. The figure shows the behaviour of the
# exactly optimal agent — look at it after you answered.

# %%
cu.exercises.chapter_widget(chapter_exercises)

# %% [markdown]
# For the printed book, the same exercises as text:

# %%
print(cu.exercises.questions_text(chapter_exercises))

# %% [markdown]
# The answers, computed when this page was built (click to show):

# %% tags=["hide-output"]
print(cu.exercises.answers_text(chapter_exercises))

# %% [markdown]
# ## Exercises
#
# <a id="gaming-ex-threshold"></a>**Exercise.** Derive the bonus $b^\ast$ at which the boat starts to loop from $V_\text{loop} = V_\text{race}$,
# and check it with `cu.gaming.analyse` on both sides of it.
#
# <details class="solution"><summary>Solution</summary>
#
# Dividing $\frac{b\gamma^7}{1-\gamma^2} = b\gamma^7 + 10\gamma^{15}$ by $\gamma^7$ gives
# $b\,\frac{\gamma^2}{1-\gamma^2} = 10\gamma^8$, so $b^\ast = 10\,\gamma^6(1-\gamma^2) \approx 0.717$
# for $\gamma = 0.95$.
# `gaming.analyse(gaming.make_world("boat_race", bonus=0.7)).gaming` is `False`, with `bonus=0.75` it is `True`.
#
# </details>
#
# <a id="gaming-ex-once"></a>**Exercise.** Another repair of the boat race pays the bonus only the *first* time T is entered. Why is
# that reward not Markov in the boat's position alone, and how would you change the state
# so that it is? Compare with potential-based shaping.
#
# <details class="solution"><summary>Solution</summary>
#
# Whether entering T pays now depends on the past (was T visited before?), so the reward is a
# function of the history. Adding a bit "bonus collected" to the state (doubling the state
# space) makes it Markov again; then no loop pays twice. Shaping needs no extra state: the
# potential is paid back on leaving, so any loop is worth at most 0.
#
# </details>
#
# <a id="gaming-ex-hidden"></a>**Exercise.** In the absent-supervisor world, hide the supervisor: the agent cannot see whether it is
# watched (merge the two halves of the state space). For which penalties does an optimal
# agent still cross P? Relate this to why Leike et al. insist that a safe agent should behave
# the same whether or not it is observed.
#
# <details class="solution"><summary>Solution</summary>
#
# Not seeing the supervisor, the agent faces the expected penalty $0.5 \cdot 30 = 15$ on the
# shortcut: the short way is worth $50 - 6 - 15 = 29 < 40$, so it takes the long way. It crosses
# P only when half the penalty is below the 4 extra moves, i.e. for penalties below 8. Hiding
# the supervisor helps here, but the robust fix is a reward that does not depend on being
# watched: an agent that can tell will otherwise learn to behave only under observation.
#
# </details>
#
# ## Summary
#
# * A reward is a measure of what we want; optimising it makes it a target, and the optimum
#   of the target can be far from the goal (Goodhart's law). Real agents moved tables, paused
#   games, deleted test files and detected rulers.
# * Separating the **reward** $R$ the agent optimises from the **true performance** $P$ the
#   designer wants makes gaming measurable: $J_P(\pi^*_R) < \max_\pi J_P(\pi)$.
# * In three small Gymnasium worlds, exact value iteration and Q-learning both find the
#   loophole — looping for a bonus, pausing forever, cheating while unwatched — and the reward
#   curve rises while the performance falls.
# * Repairs: pay hints as potential differences $\gamma\Phi(s') - \Phi(s)$ (they cannot be
#   farmed and keep the optimal policies), remove penalties the agent can dodge, and make
#   the reward independent of whether anyone is watching.
#
# <div class="works-cited">
#
# **Works cited in this chapter** (all works: the [references](../book/references.md) page of the book)
#
# * Dario Amodei, Chris Olah, Jacob Steinhardt, Paul Christiano, John Schulman, and Dan Mané. Concrete problems in AI safety. arXiv preprint arXiv:1606.06565, 2016.
# * Joy Chopra. Make the table/big block in Fetch environments fixed. GitHub issue openai/gym #920, 2018. A HER agent on FetchPush-v0 learned to push the table; fixed in openai/gym pull request #962. URL: <https://github.com/openai/gym/issues/920>.
# * Jack Clark and Dario Amodei. Faulty reward functions in the wild. OpenAI blog, 2016.
# * Andre Esteva, Brett Kuprel, Roberto A. Novoa, Justin Ko, Susan M. Swetter, Helen M. Blau, and Sebastian Thrun. Dermatologist-level classification of skin cancer with deep neural networks. Nature, 542(7639):115–118, 2017.
# * Eliyahu M. Goldratt. The Haystack Syndrome: Sifting Information out of the Data Ocean. North River Press, 1990.
# * Charles A. E. Goodhart. Problems of monetary management: the UK experience. In Monetary Theory and Practice, pages 91–121. Palgrave, 1984.
# * Victoria Krakovna and others. Specification gaming examples in AI. Online list (spreadsheet), DeepMind Safety Research, 2018.
# * Victoria Krakovna, Jonathan Uesato, Vladimir Mikulik, Matthew Rahtz, Tom Everitt, Ramana Kumar, Zac Kenton, Jan Leike, and Shane Legg. Specification gaming: the flip side of AI ingenuity. DeepMind Safety Research blog, 2020.
# * Joel Lehman, Jeff Clune, Dusan Misevic, and others. The surprising creativity of digital evolution: a collection of anecdotes from the evolutionary computation and artificial life research communities. Artificial Life, 26(2):274–306, 2020.
# * Jan Leike, Miljan Martic, Victoria Krakovna, Pedro A. Ortega, Tom Everitt, Andrew Lefrancq, Laurent Orseau, and Shane Legg. AI safety gridworlds. arXiv preprint arXiv:1711.09883, 2017.
# * Tom Murphy VII. The first level of Super Mario Bros. is easy with lexicographic orderings and time travel. In SIGBOVIK. 2013.
# * Akhila Narla, Brett Kuprel, Kavita Sarin, Roberto Novoa, and Justin Ko. Automated classification of skin lesions: from pixels to practice. Journal of Investigative Dermatology, 138(10):2108–2110, 2018. doi:10.1016/j.jid.2018.06.175.
# * Andrew Y. Ng, Daishi Harada, and Stuart Russell. Policy invariance under reward transformations: theory and application to reward shaping. In International Conference on Machine Learning (ICML), 278–287. 1999.
# * William Saunders, Girish Sastry, Andreas Stuhlmüller, and Owain Evans. Trial without error: towards safe reinforcement learning via human intervention. In International Conference on Autonomous Agents and MultiAgent Systems (AAMAS), 2067–2069. 2018. arXiv:1707.05173.
# * Marilyn Strathern. \`improving ratings': audit in the British University system. European Review, 5(3):305–321, 1997.
# * Westley Weimer, ThanhVu Nguyen, Claire Le Goues, and Stephanie Forrest. Automatically finding patches using genetic programming. In International Conference on Software Engineering (ICSE). 2009.
# * Westley Weimer. Advances in automated program repair and a call to arms. In International Symposium on Search Based Software Engineering (SSBSE), keynote. 2013.
#
# </div>
