# %% [markdown]
# # Deep convolutional GANs (DCGAN)
#
# The GANs of the previous chapter drew points in the plane with small fully connected
# networks. Images need more: a generator that *paints* pixels with spatial structure, and
# a discriminator that looks at local patterns. Radford, Metz and Chintala's **DCGAN**
# ([Radford et al., 2016](../book/references.md#radford2016unsupervised)) showed which convolutional architecture makes the
# adversarial game of ([Goodfellow et al., 2014](../book/references.md#goodfellow2014generative)) train reliably on images; almost
# every image GAN since, up to StyleGAN ([Karras et al., 2019](../book/references.md#karras2019style)) (the faces of the lecture's
# *which face is real?* game), builds on it.
#
# Everything here trains **offline, on a laptop CPU**: the images are scikit-learn's 1,797
# real 8×8 handwritten digits, which ship with the library. The same code scales to
# 28×28 MNIST, 32×32 and 64×64 colour images on a GPU by changing one config field.
#
# **Learning goals.** After this chapter you can
#
# 1. compute the output size of a transposed convolution, $n_\text{out} = (n_\text{in}-1)s - 2p + k$,
#    and compute one by hand as overlapping "stamps" of the kernel;
# 2. explain the checkerboard artefact (kernel size not divisible by the stride), why an even
#    overlap only mitigates it, and remove its cause with a resize-convolution;
# 3. list the DCGAN guidelines and build generator/discriminator pairs for several image sizes;
# 4. evaluate an image GAN without a human: a Fréchet distance in a classifier's feature space,
#    the class histogram, and precision/recall — after *calibrating* them;
# 5. walk through the latent space, and test yourself on "real or generated?".

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
from torch import nn

import course_utils as cu
from course_utils import dcgan, deconv, digit_metrics, digits, images

cu.set_seed(0)
threads = cu.use_free_cores(max_threads=1)  # small networks run fastest on one thread
# (the standard DCGAN preset: 2.9 epochs/s with one torch thread, 0.5 with two, on 2 shared cores)
print("budget:", cu.budget(), "| threads:", threads, "| device available:", cu.get_device())

# %% [markdown]
# ## How do you "make" an image? Transposed convolutions
#
# A convolution with stride $s$ turns a large image into a small one: along each axis
#
# $$ n_\text{out} = \left\lfloor \frac{n_\text{in} + 2p - k}{s} \right\rfloor + 1 $$
#
# for kernel size $k$ and padding $p$. A generator must go the other way, from a $1\times1$
# "image" of noise $z$ to a full picture. The lecture's **"deconvolution"** (a controversial
# name: it does not undo a convolution) is the **transposed convolution**
# ([Dumoulin and Visin, 2016](../book/references.md#dumoulin2016guide)): every input pixel *stamps* a copy of the kernel, scaled by the
# pixel's value, onto the output, the stamps placed $s$ pixels apart and summed where they
# overlap; then $p$ pixels are cropped from each border. Its output size is
#
# $$ n_\text{out} = (n_\text{in} - 1)\,s - 2p + k \;\big(+\,p_\text{out}\big), $$
#
# where the optional output padding $p_\text{out} < s$ resolves the ambiguity that several
# input sizes give the same strided-convolution output. `cu.deconv.conv_transpose_output_size`
# is this formula; the tests check it against PyTorch's `ConvTranspose2d` for hundreds of
# configurations. A one-dimensional example by hand: input $x = (1, 2, 3)$, kernel
# $w = (1, 0, -1)$, stride 2.
#
# | input pixel | stamp $x_i w$ | placed at |
# |---|---|---|
# | $x_0 = 1$ | $(1, 0, -1)$ | positions 0–2 |
# | $x_1 = 2$ | $(2, 0, -2)$ | positions 2–4 |
# | $x_2 = 3$ | $(3, 0, -3)$ | positions 4–6 |
#
# Summing gives $y = (1, 0, -1+2, 0, -2+3, 0, -3) = (1, 0, 1, 0, 1, 0, -3)$, of length
# $(3-1)\cdot 2 + 3 = 7$.

# %%
x1, w1 = np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, -1.0])
by_hand = deconv.conv_transpose1d_by_hand(x1, w1, stride=2)
layer = nn.ConvTranspose1d(1, 1, kernel_size=3, stride=2, bias=False)
with torch.no_grad():
    layer.weight.copy_(torch.tensor(w1).view(1, 1, 3))
    by_torch = layer(torch.tensor(x1, dtype=torch.float32).view(1, 1, 3))[0, 0].numpy()
print("by hand:         ", by_hand)
print("ConvTranspose1d: ", by_torch)
assert np.allclose(by_hand, [1, 0, 1, 0, 1, 0, -3]) and np.allclose(by_hand, by_torch)
assert len(by_hand) == deconv.conv_transpose_output_size(3, kernel=3, stride=2) == 7

# %% [markdown]
# The same in two dimensions: a $2\times2$ input and a $3\times3$ kernel of ones, stride 2,
# give a $5\times5$ output. The centre column and row receive two stamps, the centre pixel
# four — keep this in mind for the checkerboard below.

# %%
x2 = np.array([[1.0, 2.0], [3.0, 4.0]])
w2 = np.ones((3, 3))
by_hand2 = deconv.conv_transpose2d_by_hand(x2, w2, stride=2)
layer2 = nn.ConvTranspose2d(1, 1, 3, stride=2, bias=False)
with torch.no_grad():
    layer2.weight.fill_(1.0)
    by_torch2 = layer2(torch.tensor(x2, dtype=torch.float32).view(1, 1, 2, 2))[0, 0].numpy()
print(by_hand2)
assert np.allclose(by_hand2, by_torch2) and by_hand2[2, 2] == x2.sum()

# %% [markdown]
# DCGAN's workhorse is the layer $k=4, s=2, p=1$, which exactly doubles the size:
# $(n-1)\cdot 2 - 2 + 4 = 2n$. A first layer with $k = 4$, $s = 1$, $p = 0$ turns the
# $1\times1$ noise into $4\times4$. Chaining them:

# %%
sizes = [1]
sizes.append(deconv.conv_transpose_output_size(1, kernel=4, stride=1, padding=0))
for _ in range(4):
    sizes.append(deconv.conv_transpose_output_size(sizes[-1], kernel=4, stride=2, padding=1))
print(" → ".join(f"{n}×{n}" for n in sizes))
assert sizes == [1, 4, 8, 16, 32, 64]

# %% [markdown]
# ### The checkerboard artefact
#
# When the kernel size is **not divisible by the stride**, neighbouring output pixels
# receive different numbers of stamps: with $k = 3, s = 2$ every other pixel gets twice the
# contributions of its neighbour. A generator must then learn weights that cancel this
# pattern exactly, and it usually does not quite — the faint checkerboards of early GAN
# images ([Odena et al., 2016](../book/references.md#odena2016deconvolution)). Choosing $k$ divisible by $s$ (DCGAN's $k = 4$,
# $s = 2$) evens out the number of stamps, which **mitigates** the artefact but does not rule it
# out: each pixel still receives its stamps from different kernel taps (taps 0 and 2 for every
# other pixel, taps 1 and 3 for the rest), so even a constant input comes out striped unless
# the learned weights happen to balance, and Odena et al. report that such layers still
# produce checkerboards easily. **Resize-convolution** removes the cause: upsample by nearest
# neighbour, then apply an ordinary stride-1 convolution; every output pixel then sees the
# same number of inputs through the whole kernel, and a constant input gives a constant output
# whatever the weights. Below: a constant input through an all-ones kernel, counting stamps per
# pixel (with all-ones weights the $k = 4$ layer looks perfect — learned weights need not be).

# %%
variants = {
    "transposed k=3, s=2": deconv.overlap_counts(6, kernel=3, stride=2),
    "transposed k=4, s=2": deconv.overlap_counts(6, kernel=4, stride=2, padding=1),
    "resize-conv (×2, k=3)": deconv.overlap_counts(6, kernel=3, stride=2, resize=True),
}
fig, axes = plt.subplots(1, 3, figsize=(10, 3.2))
for ax, (name, counts) in zip(axes, variants.items()):
    im = ax.imshow(counts, cmap="viridis")
    ax.set_title(f"{name}\nstamps per pixel: {counts[3:-3, 3:-3].min():.0f}–{counts[3:-3, 3:-3].max():.0f}")
    ax.set_xticks([])
    ax.set_yticks([])
    fig.colorbar(im, ax=ax, fraction=0.046)
plt.tight_layout()
plt.show()
inner = {name: c[3:-3, 3:-3] for name, c in variants.items()}
assert inner["transposed k=3, s=2"].max() == 4 * inner["transposed k=3, s=2"].min()  # 1 vs 4 stamps
assert inner["transposed k=4, s=2"].min() == inner["transposed k=4, s=2"].max()
assert inner["resize-conv (×2, k=3)"].min() == inner["resize-conv (×2, k=3)"].max()

# %% [markdown]
# The artefact compounds through layers. Three random, untrained upsampling layers applied to
# a constant image: the transposed convolutions with $k=3$ print a grid; the
# resize-convolutions stay smooth.

# %%
torch.manual_seed(1)
blank = torch.ones(1, 4, 4, 4)
stacks = {
    "3 × ConvTranspose2d(k=3, s=2)": nn.Sequential(*[nn.ConvTranspose2d(4, 4, 3, 2, 1, output_padding=1) for _ in range(3)]),
    "3 × ResizeConv2d(k=3)": nn.Sequential(*[deconv.ResizeConv2d(4, 4, 3) for _ in range(3)]),
}
fig, axes = plt.subplots(1, 2, figsize=(7, 3.4))
roughness = {}
for ax, (name, stack) in zip(axes, stacks.items()):
    with torch.no_grad():
        out = stack(blank)[0, 0].numpy()  # (32, 32)
    inner_out = out[4:-4, 4:-4]
    roughness[name] = np.abs(np.diff(inner_out, axis=0)).mean()  # pixel-to-pixel jumps
    spread = out.std() if out.std() > 1e-6 else 1.0
    ax.imshow((out - out.mean()) / spread, cmap="gray", vmin=-2.5, vmax=2.5)  # constant -> flat grey
    ax.set_title(f"{name}\noutput of a constant input (standardised)", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
plt.tight_layout()
plt.show()
print("mean jump between neighbouring pixels:", {k: round(float(v), 4) for k, v in roughness.items()})
assert roughness["3 × ResizeConv2d(k=3)"] < 1e-6 < roughness["3 × ConvTranspose2d(k=3, s=2)"]

# %% [markdown]
# ## Offline images: scikit-learn's digits
#
# `cu.digits.load_digits` returns the 1,797 digits as tensors of shape `(N, 1, 8, 8)`,
# scaled from grey levels $0..16$ to $[-1, 1]$ (the range of the generator's $\tanh$), split
# into 1,437 training and 360 held-out images with a seed (stratified by class).
#
# <div class="admonition tip"><p class="admonition-title">MNIST and Fashion-MNIST on Colab</p>
#
# Online, `x, y = cu.digits.load_mnist("mnist")` (or `"fashion"`) downloads the 28×28 images
# once (no torchvision needed) and returns them in the same format; train with
# `DCGANConfig(image_size=28)`. Offline it stops with a message pointing back to
# `load_digits`. Nothing in this chapter needs it.
#
# </div>

# %%
data = digits.load_digits(seed=0)
print("train", tuple(data.x_train.shape), "held-out", tuple(data.x_test.shape),
      "range", float(data.x_train.min()), float(data.x_train.max()))
images.show_grid(data.x_train[:32], ncol=16, title="real 8×8 digits")
plt.show()
assert data.x_train.shape == (1437, 1, 8, 8) and data.x_test.shape == (360, 1, 8, 8)

# %% [markdown]
# ## The DCGAN architecture
#
# The guidelines of ([Radford et al., 2016](../book/references.md#radford2016unsupervised)), each of which `cu.dcgan` follows:
#
# * **no pooling**: the discriminator downsamples with strided convolutions, the generator
#   upsamples with transposed convolutions — both *learn* their resampling;
# * **BatchNorm** in both networks, except the generator's output and the discriminator's input;
# * no fully connected hidden layers: the noise $z$ enters as a $1\times1$ image with
#   `z_dim` channels;
# * **ReLU** in the generator, **$\tanh$** at its output; **LeakyReLU(0.2)** in the discriminator;
# * **Adam** with learning rate $2\cdot10^{-4}$ and $\beta_1 = 0.5$; weights from
#   $\mathcal N(0, 0.02^2)$.
#
# The losses are the non-saturating ones of the GAN chapter, with $D$ outputting a logit:
#
# $$ L_D = -\mathbb E_x \log D(x) - \mathbb E_z \log\big(1 - D(G(z))\big), \qquad
#    L_G = -\mathbb E_z \log D(G(z)). $$
#
# `DCGANConfig(image_size=...)` sizes both networks: 8 (our digits), 16, 28 (MNIST),
# 32 and 64. Each generator layer doubles the image and halves the channels.

# %%
for size, ch in [(8, 1), (28, 1), (32, 3), (64, 3)]:
    cfg_s = dcgan.DCGANConfig(image_size=size, channels=ch)
    G_s, D_s = dcgan.Generator(cfg_s), dcgan.Discriminator(cfg_s)
    shapes, h = [], torch.randn(2, cfg_s.z_dim, 1, 1)
    for m in G_s.net:
        h = m(h)
        if isinstance(m, nn.ConvTranspose2d):
            shapes.append(f"{h.shape[1]}×{h.shape[2]}×{h.shape[3]}")
    n_g = sum(p.numel() for p in G_s.parameters())
    n_d = sum(p.numel() for p in D_s.parameters())
    print(f"{size:2d}×{size:<2d}: G {n_g:>9,d} params, D {n_d:>9,d} params | z → " + " → ".join(shapes))
    assert h.shape == (2, ch, size, size) and D_s(h).shape == (2,)

# %% [markdown]
# ## Measuring an image GAN offline
#
# How good are generated digits? Looking is not a measurement. FID ([Heusel et al., 2017](../book/references.md#heusel2017gans))
# compares the *features* a pretrained network extracts from real and generated images.
# Offline we train our own feature extractor: a small classifier on the real training digits
# (`cu.digits.train_classifier`, ≈0.97 held-out accuracy), whose 64 penultimate-layer
# activations $\phi(x)$ serve as features. `cu.digits.pretrained_classifier()` loads the one
# shipped in `checkpoints/digits_classifier.pt` (so everyone measures with the same
# network) or trains it if the file is missing. Three measurements follow.
#
# 1. **Fréchet distance.** Fit Gaussians $\mathcal N(\mu_r, \Sigma_r)$ and $\mathcal N(\mu_g, \Sigma_g)$
#    to the real and generated features; their Fréchet (2-Wasserstein) distance is
#
#    $$ d^2 = \lVert \mu_r - \mu_g \rVert^2 + \operatorname{tr}\big(\Sigma_r + \Sigma_g - 2(\Sigma_r\Sigma_g)^{1/2}\big). $$
#
# 2. **Class histogram.** The classifier's labels of the generated digits: a GAN that
#    collapsed onto a few modes draws a few classes.
# 3. **Precision and recall** ([Kynkäänniemi et al., 2019](../book/references.md#kynkaanniemi2019improved)). Around each real feature
#    vector put a ball reaching its $k$-th nearest real neighbour; their union estimates the
#    real manifold. *Precision* is the share of generated samples inside it (are they
#    realistic?); *recall* swaps the roles (is every kind of real digit generated?).
#
# **Calibrate before trusting.** A metric is useful only if it ranks known cases
# correctly: real training digits against the held-out ones (the best any generator can
# do with these sample sizes), a "generator" that only produces the digit 3 (mode collapse),
# and uniform noise.

# %%
clf = digits.pretrained_classifier(0)
print(f"classifier held-out accuracy: {clf.test_accuracy:.3f}")
g = torch.Generator().manual_seed(0)
candidates = {
    "real (training set)": data.x_train,
    "real + noise σ=0.5": (data.x_train + 0.5 * torch.randn(data.x_train.shape, generator=g)).clamp(-1, 1),
    "collapsed (only 3s)": data.x_train[data.y_train == 3],
    "uniform noise": torch.rand(1437, 1, 8, 8, generator=g) * 2 - 1,
}
calibration = {name: digit_metrics.evaluate_images(x, data.x_test, clf.model) for name, x in candidates.items()}
real_fd = calibration["real (training set)"].frechet
print(f"{'':22s} {'Fréchet':>8s} {'× real':>7s} {'classes':>8s} {'precision':>10s} {'recall':>7s}")
for name, m in calibration.items():
    print(f"{name:22s} {m.frechet:8.2f} {m.frechet / real_fd:7.1f} {m.classes_covered:8d} "
          f"{m.precision:10.2f} {m.recall:7.2f}")
assert clf.test_accuracy > 0.95
c = calibration
assert c["real (training set)"].frechet < c["real + noise σ=0.5"].frechet < c["collapsed (only 3s)"].frechet < c["uniform noise"].frechet
assert c["collapsed (only 3s)"].classes_covered == 1 and c["real (training set)"].classes_covered == 10
assert c["collapsed (only 3s)"].recall < 0.2 < c["collapsed (only 3s)"].precision  # realistic but not diverse
assert c["uniform noise"].precision < 0.05

# %% [markdown]
# The ranking is right, and the metrics separate the two failure modes: the collapsed
# generator has high precision but low recall and covers one class; noise scores zero on
# both. Note that noise still "covers" all ten classes — the classifier must label
# *something* — so class coverage alone is never enough.
#
# ## Training a DCGAN on the digits
#
# `cu.dcgan.train_dcgan(images, config)` is one flat loop: for each batch, one
# discriminator step (real → 1, fake → 0), then one generator step (make $D$ say "real").
# After every epoch it draws the same 64 fixed noise vectors, so the samples show the
# generator's progress; with `checkpoint_path` set it saves (and `resume=` that file continues) through
# `cu.checkpoint`. Under the `standard` budget this cell trains the preset
# (`DCGANConfig.preset("standard")`: 150 epochs, a few minutes on two CPU cores); under `smoke` a
# tiny network trains for two epochs on 512 digits, and the evaluation below uses the generator
# shipped in `checkpoints/dcgan_digits.pt`, which was trained by exactly the standard
# preset (`benchmarks/bench_dcgan.py`).

# %%
config = dcgan.DCGANConfig.preset()
train_images = cu.by_budget(smoke=data.x_train[:512], standard=data.x_train)  # smoke: a quick subset
result = dcgan.train_dcgan(train_images, config, device=cu.get_device())
print(f"{config.epochs} epochs at {result.epochs_per_second:.2f} epochs/s")
assert len(result.history["loss_d"]) == config.epochs and np.isfinite(result.history["loss_g"]).all()

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
epochs = np.arange(1, config.epochs + 1)
axes[0].plot(epochs, result.history["loss_d"], label="$L_D$")
axes[0].plot(epochs, result.history["loss_g"], label="$L_G$")
axes[0].set_xlabel("epoch")
axes[0].set_title("losses")
axes[0].legend()
axes[1].plot(epochs, result.history["d_real"], label="mean $D(x)$, real")
axes[1].plot(epochs, result.history["d_fake"], label="mean $D(G(z))$, generated")
axes[1].axhline(0.5, color="gray", ls=":")
axes[1].set_xlabel("epoch")
axes[1].set_title("discriminator outputs (0.5: cannot tell)")
axes[1].legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# Neither loss goes to zero: the two players keep each other in check. A discriminator
# that wins outright ($D(x) \to 1$, $D(G(z)) \to 0$) would leave the generator without a
# gradient signal. The fixed-noise samples through training (static figure; the slider
# below browses every epoch). Under the `smoke` budget two epochs of a tiny network show
# little more than grey noise — run under `standard` to watch digits appear.

# %%
shown = sorted({0, len(result.samples) // 4, len(result.samples) // 2, len(result.samples) - 1})
fig, axes = plt.subplots(1, len(shown), figsize=(3 * len(shown), 3))
for ax, e in zip(np.atleast_1d(axes), shown):
    images.show_grid(result.samples[e][:16], ax=ax, ncol=4, title=f"epoch {e + 1}")
plt.tight_layout()
plt.show()


# %%
def draw_epoch(epoch):
    if not 1 <= epoch <= len(result.samples):
        raise ValueError(f"epoch must be in 1..{len(result.samples)}, got {epoch}")
    images.show_grid(result.samples[epoch - 1], ncol=16, title=f"fixed noise, epoch {epoch}")


cu.widgets.interactive_figure(draw_epoch, {"epoch": W.IntSlider(value=len(result.samples), min=1,
                                                               max=len(result.samples), description="epoch")})

# %% [markdown]
# ### The trained generator, measured
#
# Under `smoke` we load the shipped generator (a plain dict of tensors, read with
# `torch.load(..., weights_only=True)` so no code in the file can run); otherwise we use the
# one just trained. Then we measure 1,437 of its digits exactly as we calibrated: the
# target is a Fréchet distance within 5× of real-vs-real, and all ten classes.

# %%
loaded = cu.budget() == "smoke"
G = dcgan.load_generator("../checkpoints/dcgan_digits.pt") if loaded else result.generator
fake = dcgan.sample(G, len(data.x_train), seed=1).cpu()
gen_metrics = digit_metrics.evaluate_images(fake, data.x_test, clf.model)
ratio = gen_metrics.frechet / real_fd
print(f"generator ({'shipped checkpoint' if loaded else 'trained above'}): Fréchet {gen_metrics.frechet:.2f} "
      f"= {ratio:.1f}× real-vs-real, classes {gen_metrics.classes_covered}/10, "
      f"precision {gen_metrics.precision:.2f}, recall {gen_metrics.recall:.2f}")
fig, axes = plt.subplots(1, 2, figsize=(11, 3.2), gridspec_kw={"width_ratios": [1.6, 1]})
images.show_grid(fake[:48], ax=axes[0], ncol=12, title="generated digits")
axes[1].bar(range(10), gen_metrics.histogram / gen_metrics.histogram.sum(), label="generated")
axes[1].bar(range(10), calibration["real (training set)"].histogram / 1437, fill=False, edgecolor="k", label="real")
axes[1].set_xticks(range(10))
axes[1].set_title("class histogram (classifier's labels)")
axes[1].legend(fontsize=8)
plt.tight_layout()
plt.show()
assert gen_metrics.classes_covered == 10
assert ratio < (5 if loaded else 10), ratio  # the bench target holds for the shipped generator
assert gen_metrics.frechet < calibration["collapsed (only 3s)"].frechet

# %% [markdown]
# ## Walking through the latent space
#
# If the generator has learnt a smooth map from $z$ to digits, moving $z$ along a path
# should morph one digit into another without jumping through garbage. For a Gaussian $z$
# in $d$ dimensions, almost all mass lies near the sphere of radius $\sqrt d$; a straight
# line between two samples passes closer to the origin, so we interpolate along the
# sphere (**slerp**):
#
# $$ z(t) = \frac{\sin((1-t)\Omega)}{\sin\Omega} z_0 + \frac{\sin(t\Omega)}{\sin\Omega} z_1, \qquad \cos\Omega = \frac{z_0 \cdot z_1}{\lVert z_0\rVert\lVert z_1\rVert}. $$

# %%
gz = torch.Generator().manual_seed(3)
ends = torch.randn(8, G.z_dim, generator=gz)
rows = torch.cat([dcgan.interpolate(ends[2 * i], ends[2 * i + 1], steps=10) for i in range(4)])  # (40, z_dim)
images.show_grid(dcgan.sample(G, rows), ncol=10, title="slerp between 4 pairs of noise vectors")
plt.show()
lin = dcgan.interpolate(ends[0], ends[1], steps=10, spherical=False)
sph = dcgan.interpolate(ends[0], ends[1], steps=10)
print("norm at the midpoint: linear", round(float(lin[5].norm()), 2), "| slerp", round(float(sph[5].norm()), 2),
      "| typical", round(G.z_dim ** 0.5, 2))
assert lin[5].norm() < sph[5].norm()

# %% [markdown]
# ## Which digit is real?
#
# The lecture's *which face is real?* game (whichfaceisreal.com, with StyleGAN faces)
# in 8×8: each round shows one real held-out digit and one generated digit. Click the one
# you think is real; the widget keeps your score. A score near 50% means the generator
# fools you — it has won *your* version of the discriminator's game.

# %%
rng = np.random.default_rng(7)
quiz_real = data.x_test[rng.choice(len(data.x_test), 10, replace=False)]
quiz_fake = fake[rng.choice(len(fake), 10, replace=False)]
quiz = images.real_or_fake_quiz(quiz_real, quiz_fake, seed=7)
quiz

# %% [markdown]
# For the printed book, the same game as a static figure: in each pair one digit is real.
# The answers are in the dropdown below.

# %%
static_quiz = images.Quiz(quiz_real[:6], quiz_fake[:6], seed=11)
fig, axes = plt.subplots(1, 6, figsize=(10, 2))
for i, ax in enumerate(axes):
    left, right = static_quiz.pair()
    images.show_grid(torch.stack([left, right]), ax=ax, ncol=2, title=f"pair {i + 1}")
    static_quiz.answer(0)  # advance; the answer key is real_side
plt.tight_layout()
plt.show()
answer_key = ["left" if s == 0 else "right" for s in static_quiz.real_side]
assert static_quiz.done and len(answer_key) == 6

# %% [markdown]
# <details class="admonition"><summary>Answer key (the real digit in pairs 1–6)</summary>
#
# left, left, right, left, right, right (the side is drawn from the quiz's seed, 11).
#
# </details>

# %%
assert answer_key == ["left", "left", "right", "left", "right", "right"]  # the key in the dropdown above

# %% [markdown]
# ## Scaling up on a GPU
#
# Nothing above is specific to 8×8 images or to the CPU. On a GPU (Colab):
#
# ```python
# x, _ = cu.digits.load_mnist("fashion")              # (60000, 1, 28, 28), online only
# cfg = cu.dcgan.DCGANConfig(image_size=28, epochs=25, batch_size=128,
#                            checkpoint_path="dcgan_fashion.pt")
# result = cu.dcgan.train_dcgan(x, cfg, device=cu.get_device())
# ```
#
# For 64×64 colour images use `DCGANConfig(image_size=64, channels=3)` — the original
# paper's bedroom and face networks have this shape (four doubling layers from $4\times4$).
# The metrics of this chapter are for the 8×8 digits; for other data sets, FID with an
# Inception network is the standard.
#
# ## Exercises
#
# <a id="dcgan-ex-size"></a>**Exercise.** A transposed convolution with $k = 5$, $s = 3$, $p = 1$ receives a $7\times7$ input.
# What is its output size? Check with `cu.deconv.conv_transpose_output_size` and with a
# `nn.ConvTranspose2d`. Does it produce a checkerboard?
#
# <details class="solution"><summary>Solution</summary>
#
# $(7-1)\cdot3 - 2 + 5 = 21$. Since $5$ is not divisible by $3$, output pixels receive one or
# two stamps: `cu.deconv.overlap_counts(7, 5, 3, padding=1)` shows the uneven pattern.
#
# </details>
#
# <a id="dcgan-ex-collapse"></a>**Exercise.** Build a "generator" that outputs real digits of only **two** classes, and one that
# outputs every real digit but blurred (average each image with its mirror image). Predict,
# then measure, their Fréchet distance, class coverage, precision and recall. Which metric
# tells the two failures apart?
#
# <details class="solution"><summary>Solution</summary>
#
# `digit_metrics.evaluate_images(data.x_train[(data.y_train == 3) | (data.y_train == 7)], data.x_test)`:
# 2 classes, precision high, recall about 0.2. The blurred set covers ten classes (the
# classifier still labels most digits) with recall higher but precision lower. Coverage and
# recall detect the collapse; precision detects the blur; the Fréchet distance punishes both
# without saying which.
#
# </details>
#
# <a id="dcgan-ex-adam"></a>**Exercise.** Train with Adam's default $\beta_1 = 0.9$ instead of the paper's $0.5$
# (`dcgan.DCGANConfig.preset("standard", beta1=0.9)`), and with a learning rate
# ten times larger. Compare the loss curves and the Fréchet ratio.
#
# <details class="solution"><summary>Solution</summary>
#
# Radford et al. report that $\beta_1 = 0.9$ makes training oscillate and less stable; a
# larger learning rate makes the discriminator win early ($D(G(z)) \to 0$) and the samples
# degrade. Expect a larger Fréchet ratio and noisier curves; GAN training varies between
# seeds, so compare a few seeds before concluding.
#
# </details>
#
# ## Summary
#
# * A transposed convolution stamps the kernel once per input pixel, $s$ apart:
#   $n_\text{out} = (n_\text{in}-1)s - 2p + k$. With $k$ not divisible by $s$ the stamps
#   overlap unevenly (checkerboard). $k = 4, s = 2$ evens the overlap, which only mitigates
#   the artefact; resize-convolution (nearest-neighbour upsampling, then a stride-1
#   convolution) removes its cause ([Odena et al., 2016](../book/references.md#odena2016deconvolution)).
# * DCGAN: strided (transposed) convolutions, BatchNorm, ReLU/$\tanh$ in $G$, LeakyReLU(0.2)
#   in $D$, Adam $2\cdot10^{-4}$, $\beta_1 = 0.5$, $\mathcal N(0, 0.02)$ init; the same
#   recipe scales from 8×8 to 64×64 by adding doubling layers.
# * Image GANs are evaluated in a feature space: a Fréchet distance, class coverage and
#   precision/recall — after calibrating them on real, collapsed and noise samples.
# * A smooth latent space lets us interpolate between digits; a good generator fools a
#   human at the real-or-generated game. The next chapter asks why GAN training is still
#   fragile, and how the Wasserstein distance helps.
#
# <div class="works-cited">
#
# **Works cited in this chapter** (all works: the [references](../book/references.md) page of the book)
#
# * Vincent Dumoulin and Francesco Visin. A guide to convolution arithmetic for deep learning. arXiv preprint arXiv:1603.07285, 2016.
# * Ian Goodfellow, Jean Pouget-Abadie, Mehdi Mirza, Bing Xu, David Warde-Farley, Sherjil Ozair, Aaron Courville, and Yoshua Bengio. Generative adversarial nets. In Advances in Neural Information Processing Systems (NeurIPS). 2014.
# * Martin Heusel, Hubert Ramsauer, Thomas Unterthiner, Bernhard Nessler, and Sepp Hochreiter. GANs trained by a two time-scale update rule converge to a local Nash equilibrium. In Advances in Neural Information Processing Systems (NeurIPS). 2017.
# * Tero Karras, Samuli Laine, and Timo Aila. A style-based generator architecture for generative adversarial networks. In IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR). 2019.
# * Tuomas Kynkäänniemi, Tero Karras, Samuli Laine, Jaakko Lehtinen, and Timo Aila. Improved precision and recall metric for assessing generative models. In Advances in Neural Information Processing Systems (NeurIPS). 2019.
# * Augustus Odena, Vincent Dumoulin, and Chris Olah. Deconvolution and checkerboard artifacts. Distill, 2016. doi:10.23915/distill.00003.
# * Alec Radford, Luke Metz, and Soumith Chintala. Unsupervised representation learning with deep convolutional generative adversarial networks. In International Conference on Learning Representations (ICLR). 2016.
#
# </div>
