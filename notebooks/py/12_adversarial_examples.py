# %% [markdown]
# # Adversarial examples
#
# The lecture closes its GAN part with a warning about **security**. Deep classifiers that
# beat humans on test sets can be fooled by changes to their input that a human does not
# even notice. Szegedy et al. ([Szegedy et al., 2014](../book/references.md#szegedy2014intriguing)) found such *adversarial
# examples* in 2013; Goodfellow, Shlens and Szegedy ([Goodfellow et al., 2015](../book/references.md#goodfellow2015explaining))
# explained them and gave the one-line attack used below; the OpenAI blog post the lecture
# links ([Goodfellow et al., 2017](../book/references.md#goodfellow2017attacking)) describes the risks.
#
# The lecture's example is a **stop sign**. Eykholt et al. ([Eykholt et al., 2018](../book/references.md#eykholt2018robust)) put a
# few black and white stickers on a real stop sign — they look like graffiti — and a road-sign
# classifier read it as a *Speed Limit 45* sign in up to 100% of the photographs taken in the
# lab and in 84.8% of the video frames filmed from a moving car (the lecture's version: a
# stop sign read as "yield"; any target label can be chosen). An attacker who controls a few
# square centimetres of the physical world controls the classifier's output.
#
# We reproduce the phenomenon on a small scale that runs on a laptop: the digit classifier
# of the DCGAN chapter, attacked with FGSM and PGD.
#
# **Learning goals.** After this chapter you can
#
# 1. state the threat model: a perturbation $\delta$ with $\lVert \delta \rVert_\infty \le \varepsilon$
#    that changes a classifier's decision;
# 2. derive and run the fast gradient sign method (FGSM) and projected gradient descent (PGD);
# 3. read an accuracy-versus-$\varepsilon$ curve and compare attacks by it;
# 4. train a classifier adversarially and measure what it buys;
# 5. explain why a GAN's discriminator is a classifier under constant adversarial attack.

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
import torch

import course_utils as cu
from course_utils import adversarial, digit_metrics, digits, images

cu.set_seed(0)
threads = cu.use_free_cores(max_threads=1)  # small networks run fastest on one thread
print("budget:", cu.budget(), "| threads:", threads)

# %% [markdown]
# ## The victim: a digit classifier
#
# The 8×8 digits of scikit-learn, pixels scaled to $[-1, 1]$, and the reference classifier of
# chapter 8 (an MLP, ≈0.97 held-out accuracy). An attack may change every pixel by at most
# $\varepsilon$ and must stay in $[-1, 1]$; $\varepsilon = 0.25$ is one eighth of the pixel
# range, two of the sixteen grey levels.

# %%
data = digits.load_digits(seed=0)
model = digits.pretrained_classifier(0).model
x, y = data.x_test, data.y_test
clean_accuracy = digits.accuracy(model, x, y)
print(f"held-out accuracy on clean digits: {clean_accuracy:.3f}")
assert clean_accuracy > 0.95

# %% [markdown]
# ## Two attacks
#
# Training *minimises* the loss $\ell(f_\theta(x), y)$ over the weights $\theta$. An attacker
# keeps $\theta$ fixed and *maximises* the same loss over the input, inside the budget:
#
# $$ \max_{\lVert \delta \rVert_\infty \le \varepsilon} \ \ell\big(f_\theta(x + \delta), y\big). $$
#
# **FGSM** ([Goodfellow et al., 2015](../book/references.md#goodfellow2015explaining)) linearises the loss around $x$,
# $\ell(x + \delta) \approx \ell(x) + \delta^\top \nabla_x \ell$, and maximises the linear
# model over the $L_\infty$ ball, which is solved by a corner of the box:
#
# $$ x' = \operatorname{clip}_{[-1,1]}\big(x + \varepsilon \,\operatorname{sign} \nabla_x \ell(f_\theta(x), y)\big). $$
#
# Why does so small a change work? For a linear score $w^\top x$ the step changes the
# score by $\varepsilon \lVert w \rVert_1$, which grows with the *number* of pixels even
# though each pixel moves by only $\varepsilon$: many tiny changes add up.
#
# **PGD** ([Madry et al., 2018](../book/references.md#madry2018towards)) takes many small signed-gradient steps of size $\alpha$,
# each followed by a projection $\Pi$ back into the allowed set (the $\varepsilon$-box around
# $x$, intersected with the pixel range), usually from a random start inside the box:
#
# $$ x^{t+1} = \Pi_{B_\varepsilon(x) \cap [-1,1]^d}\big(x^t + \alpha \,\operatorname{sign}\nabla_x \ell(f_\theta(x^t), y)\big). $$
#
# With one step of size $\alpha = \varepsilon$ from $x$, PGD *is* FGSM; the tests check this.
# Both are `cu.adversarial.fgsm` and `cu.adversarial.pgd`, for any torch classifier.

# %%
eps = 0.25
i = 3
x_fgsm = adversarial.fgsm(model, x, y, eps)
x_pgd = adversarial.pgd(model, x, y, eps, steps=20)
with torch.no_grad():
    p_clean, p_fgsm, p_pgd = (torch.softmax(model(v[i:i + 1]), 1)[0] for v in (x, x_fgsm, x_pgd))
fig, axes = plt.subplots(1, 4, figsize=(10, 2.8))
panels = [(x[i], f"clean: {int(p_clean.argmax())} ({float(p_clean.max()):.0%})"),
          (x_fgsm[i] - x[i], f"FGSM perturbation (±{eps})"),
          (x_fgsm[i], f"FGSM: {int(p_fgsm.argmax())} ({float(p_fgsm.max()):.0%})"),
          (x_pgd[i], f"PGD: {int(p_pgd.argmax())} ({float(p_pgd.max()):.0%})")]
for ax, (img, title) in zip(axes, panels):
    scaled = img / eps if "perturbation" in title else img  # show ±eps as the full grey range
    images.show_grid(scaled[None], ax=ax, ncol=1, title=title)
plt.tight_layout()
plt.show()
for v in (x_fgsm, x_pgd):
    assert (v - x).abs().max() <= eps + 1e-6 and v.min() >= -1 and v.max() <= 1

# %% [markdown]
# ## Accuracy against the size of the attack
#
# One example is an anecdote. The curve below attacks all 360 held-out digits at each
# $\varepsilon$. A single FGSM step already brings the accuracy down steeply; PGD, which
# searches the same box more carefully, is stronger at every $\varepsilon$ — a robustness
# claim must be measured against the strongest attack one can run, not against FGSM alone.

# %%
eps_grid = np.round(np.arange(0.0, 0.55, 0.05), 2)
pgd_steps = cu.by_budget(smoke=10, standard=40)
curves = {
    "FGSM": adversarial.accuracy_under_attack(model, x, y, eps_grid, "fgsm"),
    f"PGD ({pgd_steps} steps)": adversarial.accuracy_under_attack(model, x, y, eps_grid, "pgd", steps=pgd_steps),
}
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, curve in curves.items():
    ax.plot(curve.eps, curve.accuracy, "o-", label=name)
ax.axhline(0.1, color="gray", ls=":", label="chance (10 classes)")
ax.set_xlabel(r"$\varepsilon$ ($L_\infty$ budget, pixels in $[-1, 1]$)")
ax.set_ylabel("held-out accuracy")
ax.set_title("standard classifier under attack")
ax.legend()
plt.show()
f_acc, p_acc = (c.accuracy for c in curves.values())
print("ε:   ", eps_grid)
print("FGSM:", f_acc.round(3))
print("PGD: ", p_acc.round(3))
assert np.all(np.diff(f_acc) <= 0)  # FGSM: accuracy falls monotonically with ε
assert np.all(p_acc <= f_acc)  # PGD at least as strong as FGSM at every ε

# %% [markdown]
# ## What the perturbations look like
#
# Each row: a held-out digit attacked with PGD at growing $\varepsilon$, with the
# classifier's label above it. At small $\varepsilon$ the digit is unchanged to our eyes, but
# not to the classifier. (Static figure for the printed book; the widget below lets you
# move $\varepsilon$ yourself.)

# %%
show_eps = [0.0, 0.1, 0.2, 0.3, 0.4]
rows = [0, 1, 2, 5]
fig, axes = plt.subplots(len(rows), len(show_eps), figsize=(1.6 * len(show_eps), 1.7 * len(rows)))
for c, e in enumerate(show_eps):
    x_e = adversarial.pgd(model, x[rows], y[rows], e, steps=20)
    with torch.no_grad():
        pred = model(x_e).argmax(1)
    for r in range(len(rows)):
        ok = int(pred[r]) == int(y[rows][r])
        images.show_grid(x_e[r][None], ax=axes[r, c], ncol=1)
        axes[r, c].set_title(f"ε={e}: {int(pred[r])}", color="black" if ok else "crimson", fontsize=9)
plt.tight_layout()
plt.show()


# %%
def draw_attack(index, eps, attack):
    if not 0 <= index < len(x):
        raise ValueError(f"index must be in 0..{len(x) - 1}, got {index}")
    xi, yi = x[index:index + 1], y[index:index + 1]
    x_adv = adversarial.fgsm(model, xi, yi, eps) if attack == "FGSM" else adversarial.pgd(model, xi, yi, eps, steps=20)
    with torch.no_grad():
        prob = torch.softmax(model(x_adv), 1)[0]
    fig, axes = plt.subplots(1, 4, figsize=(10, 2.4), gridspec_kw={"width_ratios": [1, 1, 1, 1.6]})
    images.show_grid(xi, ax=axes[0], ncol=1, title=f"image (label {int(yi)})")
    images.show_grid((x_adv - xi) / max(eps, 1e-9), ax=axes[1], ncol=1, title=f"perturbation ×1/{eps}")
    images.show_grid(x_adv, ax=axes[2], ncol=1, title=f"attacked: {int(prob.argmax())}")
    axes[3].bar(range(10), prob.numpy(), color=["crimson" if k == int(prob.argmax()) else "gray" for k in range(10)])
    axes[3].set_xticks(range(10))
    axes[3].set_ylim(0, 1)
    axes[3].set_title("classifier's probabilities")
    plt.tight_layout()


cu.widgets.interactive_figure(draw_attack, {
    "index": W.IntSlider(value=3, min=0, max=len(x) - 1, description="digit"),
    "eps": W.FloatSlider(value=0.2, min=0.0, max=0.5, step=0.025, description="ε"),
    "attack": W.Dropdown(options=["FGSM", "PGD"], value="PGD", description="attack"),
})

# %% [markdown]
# ## Defence: adversarial training
#
# If the attacker solves an inner maximisation, the defender can train against it. Madry et
# al. ([Madry et al., 2018](../book/references.md#madry2018towards)) write robust training as a **min–max game**:
#
# $$ \min_\theta \ \mathbb E_{(x,y)} \Big[ \max_{\lVert\delta\rVert_\infty \le \varepsilon} \ell\big(f_\theta(x+\delta), y\big) \Big]. $$
#
# In practice: attack every training batch, then take the gradient step on the attacked
# batch. `cu.digits.train_classifier(..., perturb=cu.adversarial.perturber("pgd", eps))` does
# exactly that. We train at $\varepsilon = 0.2$ and compare the two classifiers under PGD.

# %%
train_eps = 0.2
epochs, train_steps = cu.by_budget(smoke=(8, 3), standard=(30, 5))
plain = digits.train_classifier(data, epochs=epochs, seed=0)
robust = digits.train_classifier(data, epochs=epochs, seed=0,
                                 perturb=adversarial.perturber("pgd", train_eps, steps=train_steps, seed=None))
compare = {name: adversarial.accuracy_under_attack(m.model, x, y, eps_grid, "pgd", steps=pgd_steps)
           for name, m in [("standard training", plain), (f"adversarial training (ε={train_eps})", robust)]}
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, curve in compare.items():
    ax.plot(curve.eps, curve.accuracy, "o-", label=name)
ax.axvline(train_eps, color="gray", ls=":")
ax.set_xlabel(r"$\varepsilon$ of the PGD attack")
ax.set_ylabel("held-out accuracy")
ax.legend()
plt.show()
acc_plain, acc_robust = (c.accuracy for c in compare.values())
k = int(np.flatnonzero(eps_grid == train_eps)[0])
print(f"clean accuracy: standard {plain.test_accuracy:.3f}, adversarial {robust.test_accuracy:.3f}")
print(f"under PGD at ε={train_eps}: standard {acc_plain[k]:.3f}, adversarial {acc_robust[k]:.3f}")
assert acc_robust[k] > acc_plain[k] + 0.1  # robustness bought at the training budget
assert robust.test_accuracy > 0.9

# %% [markdown]
# Adversarial training raises the accuracy under attack near the $\varepsilon$ it was
# trained for, at a small cost: each step is several times more expensive (here five PGD
# steps per batch under the standard budget), and beyond the training budget the robust model also falls. On
# large images the price is usually also some clean accuracy. There is no free lunch, and
# no defence is final: it holds against the attacks in its threat model only.
#
# ## Back to GANs: a discriminator is a classifier that can be fooled
#
# Compare the attacker's step with the generator's step of chapter 7. The generator
# minimises $-\log D(G(z))$; the gradient flowing *into the generated image* is
#
# $$ \nabla_{x} \big[-\log D(x)\big]_{x = G(z)}, $$
#
# the gradient of the discriminator's loss with respect to its **input** — exactly what
# FGSM and PGD use. A generator is an attacker that moves its images, through its weights,
# in the direction that makes the classifier $D$ say "real". Two differences make a GAN
# more than an attack:
#
# * there is **no budget** $\varepsilon$ and no original image: the generator may change
#   everything, so it must produce whole images;
# * the classifier **fights back**: $D$ is retrained on the generator's latest images after
#   every step — the adversarial training above, played forever. A quirk of today's $D$ that
#   the generator exploits is penalised once $D$ is trained on those images, so such quirks
#   need not last the way they do against a frozen classifier. That is the intuition for why
#   GAN images can become realistic rather than adversarial; it is not a guarantee — generators
#   still produce artefacts and collapse onto a few modes (chapters 7–9).
#
# What happens when the classifier does *not* fight back? A **targeted** attack on our
# frozen digit classifier, starting from uniform noise with no budget at all
# ($\varepsilon = 2$ covers the whole pixel range), produces images the classifier labels
# with near certainty. Some of them are recognisable (at 8×8 the gradient of a class partly
# paints that class), most are not convincing digits, and the precision metric of chapter 8
# puts essentially none of them on the manifold of real digits. A fixed classifier is a poor
# teacher for a generator: that is the whole point of training $D$ and $G$ together.

# %%
start = torch.rand(10, 1, 8, 8, generator=torch.Generator().manual_seed(0)) * 2 - 1
targets = torch.arange(10)
fooling = adversarial.pgd(model, start, targets, eps=2.0, steps=50, alpha=0.05, random_start=False, targeted=True)
with torch.no_grad():
    conf = torch.softmax(model(fooling), 1)[torch.arange(10), targets]
fig, axes = plt.subplots(1, 10, figsize=(12, 1.9))
for k_, ax in enumerate(axes):
    images.show_grid(fooling[k_][None], ax=ax, ncol=1, title=f"'{k_}': {float(conf[k_]):.0%}")
plt.suptitle("noise optimised to be read as each digit by the frozen classifier", y=1.05)
plt.show()
assert conf.min() > 0.9  # the classifier is sure ...
noise_metrics = digit_metrics.evaluate_images(fooling, data.x_train, model, k=3)
print(f"... but precision of these images against the real digits: {noise_metrics.precision:.2f}")
assert noise_metrics.precision < 0.5  # ... and they lie off the manifold of real digits

# %% [markdown]
# ## Exercises
#
# <a id="adv-ex-linear"></a>**Exercise.** A linear classifier scores $s(x) = w^\top x$ with $w = (1, -2, 0.5, -0.1)$ and
# $x = 0$. By how much can an $L_\infty$ perturbation of size $\varepsilon = 0.1$ raise the
# score? Which perturbation achieves it? How does the answer scale if the input had
# $d$ pixels with weights of similar size?
#
# <details class="solution"><summary>Solution</summary>
#
# $\delta = \varepsilon\,\operatorname{sign}(w) = (0.1, -0.1, 0.1, -0.1)$ raises the score by
# $\varepsilon\lVert w\rVert_1 = 0.1 \cdot 3.6 = 0.36$. With $d$ weights of typical size $m$,
# the change is about $\varepsilon\, d\, m$: linear in the dimension, which is why
# high-dimensional images are easy to attack with invisible per-pixel changes
# ([Goodfellow et al., 2015](../book/references.md#goodfellow2015explaining)).
#
# </details>
#
# <a id="adv-ex-steps"></a>**Exercise.** Plot the accuracy under PGD at $\varepsilon = 0.2$ against the number of steps
# (1, 2, 5, 10, 40), with and without random start. When does more search stop helping
# the attacker?
#
# <details class="solution"><summary>Solution</summary>
#
# `[adversarial.accuracy_under_attack(model, x, y, [0.2], "pgd", steps=s, random_start=r).accuracy[0] for s in ...]`.
# The accuracy drops quickly over the first few steps and then flattens: on this small
# network about ten steps find nearly everything forty steps find. Random starts matter
# little here; against models trained with FGSM they help escape the masked gradient at $x$.
#
# </details>
#
# <a id="adv-ex-train-eps"></a>**Exercise.** Train adversarially at $\varepsilon = 0.1$ and at $\varepsilon = 0.4$. Compare clean
# accuracy and the full accuracy-versus-$\varepsilon$ curves with the model trained at 0.2.
#
# <details class="solution"><summary>Solution</summary>
#
# Larger training budgets move the curve's drop to larger $\varepsilon$ and usually cost
# some clean accuracy; a small budget keeps clean accuracy but protects only against small
# attacks. The robust region roughly ends near the training $\varepsilon$.
#
# </details>
#
# ## Summary
#
# * An adversarial example is $x + \delta$ with an imperceptible $\lVert\delta\rVert_\infty \le \varepsilon$
#   that changes the decision; the physical stop-sign stickers of Eykholt et al. show the
#   threat is real.
# * FGSM: one step $\varepsilon\,\operatorname{sign}\nabla_x\ell$. PGD: many projected steps;
#   always at least as strong, so robustness is measured against PGD.
# * Accuracy falls steeply with $\varepsilon$ for a standard classifier; adversarial
#   training (a min–max game) buys robustness near its training budget.
# * A GAN's generator attacks its discriminator with the same input gradient; the
#   discriminator's retraining turns the attack into learning.
#
# <div class="works-cited">
#
# **Works cited in this chapter** (all works: the [references](../book/references.md) page of the book)
#
# * Kevin Eykholt, Ivan Evtimov, Earlence Fernandes, Bo Li, Amir Rahmati, Chaowei Xiao, Atul Prakash, Tadayoshi Kohno, and Dawn Song. Robust physical-world attacks on deep learning visual classification. In IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR). 2018.
# * Ian J. Goodfellow, Jonathon Shlens, and Christian Szegedy. Explaining and harnessing adversarial examples. In International Conference on Learning Representations (ICLR). 2015.
# * Ian Goodfellow, Nicolas Papernot, Sandy Huang, Rocky Duan, Pieter Abbeel, and Jack Clark. Attacking machine learning with adversarial examples. OpenAI blog, 2017.
# * Aleksander Madry, Aleksandar Makelov, Ludwig Schmidt, Dimitris Tsipras, and Adrian Vladu. Towards deep learning models resistant to adversarial attacks. In International Conference on Learning Representations (ICLR). 2018.
# * Christian Szegedy, Wojciech Zaremba, Ilya Sutskever, Joan Bruna, Dumitru Erhan, Ian Goodfellow, and Rob Fergus. Intriguing properties of neural networks. In International Conference on Learning Representations (ICLR). 2014.
#
# </div>
