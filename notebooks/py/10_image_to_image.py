# %% [markdown]
# # Image-to-image GANs, and the lecture's examples
#
# The GANs of chapters 07–09 draw samples from noise. Most of the GANs the lecture shows off
# do something else: they take an *image* and turn it into another one. A sketch of a cat
# becomes a cat (pix2pix's *edges2cats*), a horse becomes a zebra without anyone ever
# pairing horse and zebra photos (CycleGAN), a dancer's moves are copied onto someone who
# cannot dance (*Everybody Dance Now*), one face is put on another's head (*deepfakes*), a
# photo is repainted in the style of another picture (*neural style transfer*). This
# chapter builds each of these from scratch, small enough to train on a laptop CPU, on data
# where the right answer is known, so that every claim is **measured**, not only looked at.
#
# **Learning goals.** After this chapter you can
#
# 1. write the objective of a conditional GAN and of pix2pix, and say what the U-Net, the
#    PatchGAN discriminator and the L1 term each contribute;
# 2. explain, and measure, why a pixel loss alone blurs where several answers are right, while
#    the adversarial term makes the output look like *one* of them;
# 3. state CycleGAN's cycle-consistency loss, and show by an ablation what goes wrong without it;
# 4. explain the face swap behind deepfakes (one shared encoder, one decoder per identity) and
#    why sharing the encoder is what makes it work;
# 5. write style as Gram matrices of features and run neural style transfer offline;
# 6. name how generated images are detected, and the harms the lecture's "fun examples" can do.

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
import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch

import course_utils as cu
from course_utils import cyclegan, digits, faceswap, paired, pix2pix, style, translation, translators

cu.set_seed(0)
threads = cu.use_free_cores(max_threads=1)  # small networks run fastest on one thread
device = cu.get_device()
print("budget:", cu.budget(), "| threads:", threads, "| device:", device)

# The reference classifier of chapter 08 (shipped weights): it reads 8×8 digits, so every score
# below pools the 16×16 images back to 8×8 first.
clf = digits.pretrained_classifier(0).model
# Under `smoke` the page shows the networks shipped in checkpoints/ (trained by
# benchmarks/bench_image_to_image.py with the standard presets); otherwise it trains its own.
shipped, shipped_meta = translators.load_translators("../checkpoints/image_to_image.pt")
train_here = cu.budget() != "smoke"
# The benchmark's measurements over three seeds (benchmarks/bench_image_to_image.py), shown beside ours.
bench = json.loads(Path("../benchmarks/results/image_to_image.json").read_text())

# %% [markdown]
# ## From a conditional GAN to pix2pix
#
# A **conditional GAN** ([Mirza and Osindero, 2014](../book/references.md#mirza2014conditional)) gives both players an extra input $a$:
# the generator draws $b = G(a, z)$, and the discriminator judges *pairs*, $D(a, b)$. It
# learns $p(b \mid a)$ instead of $p(b)$. When $a$ is an image and $b$ an image of the same
# size, this is image-to-image translation. **pix2pix** ([Isola et al., 2017](../book/references.md#isola2017image)) made it work
# for any pair of image kinds with one recipe:
#
# $$ G^* = \arg\min_G \max_D\; \underbrace{\mathbb E_{a,b}[\log D(a, b)] + \mathbb E_{a}[\log(1 - D(a, G(a)))]}_{\mathcal L_{\text{cGAN}}}
#   \;+\; \lambda\, \underbrace{\mathbb E_{a,b}\,\lVert b - G(a)\rVert_1}_{\mathcal L_{L1}}, \qquad \lambda = 100 .$$
#
# Three choices make it work:
#
# * **The L1 term** ties the output to the target: it fixes the *layout* (where the strokes are).
#   Alone, it has a known flaw. When several targets fit one input, the best single answer
#   under L1 is the per-pixel **median** of the possible targets (under squared error, the
#   **mean**). Where the possible answers disagree, that answer is neither of them: a blur.
# * **The adversarial term** penalises exactly that. A blurred answer is easy for $D$ to tell
#   from real targets, so $G$ is pushed towards an output that looks like *one* real answer. This
#   is chapter 07's "real trick" again, now on pixels.
# * **The networks.** $G$ is a **U-Net** ([Ronneberger et al., 2015](../book/references.md#ronneberger2015unet)): an encoder that halves the
#   image three times, a decoder that doubles it back, and *skip connections* that hand each
#   encoder map to the decoder layer of the same size, so fine detail need not squeeze through
#   the bottleneck. $D$ is a **PatchGAN**: instead of one verdict per image it gives one per
#   overlapping patch: the paper's look at 70×70 windows of 256×256 photos. It judges texture and
#   sharpness, and leaves the global layout to L1. (Ours gives a 4×4 map of verdicts on 18×18
#   windows, padded: at 16×16 a "patch" sees most of the digit.) The generator has no noise input: dropout is
#   its only source of randomness (the paper found that $G$ learned to ignore $z$).

# %%
print(cu.pix2pix.UNet(features=32))
print("U-Net parameters:", sum(p.numel() for p in cu.pix2pix.UNet(features=32).parameters()),
      "| PatchGAN parameters:", sum(p.numel() for p in cu.pix2pix.PatchDiscriminator(2, 32).parameters()))

# %% [markdown]
# ### Paired data with two right answers, offline
#
# pix2pix needs pairs. We make them from the course's 8×8 digits, upsampled to 16×16
# (`cu.paired.make_paired`; under the `full` budget, meant for a GPU, from MNIST at 32×32 through the
# online loader). The input is the **outline** of the digit's stroke, a binary edge map,
# as in the *edges2cats* demo the lecture shows. The target is the digit written with a **fine or a
# broad pen**, chosen at random for each image. The outline does not say which pen was used, so every
# input has two right answers, and we know both. That lets us score an output against the *nearest*
# right answer (`cu.paired.nearest_l1`), and not only against the one drawn by chance.

# %%
# `full` (a GPU): MNIST at 32×32 through the online loader; otherwise the offline 8×8 digits at 16×16
source, size = ("mnist", 32) if cu.budget() == "full" else ("digits", 16)
data = paired.make_paired("pen", size=size, seed=0, source=source)
fine, broad = data.x_test, paired.thicken(data.x_test)  # the two right answers of every held-out outline
print("pairs:", tuple(data.a_train.shape), "->", tuple(data.b_train.shape), "| held out:", len(data.a_test))
translation.rows_figure({"outline (input)": data.a_test, "fine pen": fine, "broad pen": broad,
                         "target drawn": data.b_test}, n=14, title="held-out pairs: one input, two right answers")
plt.show()

# %% [markdown]
# ### L1 alone against L1 + GAN
#
# Both runs train the *same* U-Net with the same data, seed and schedule. The baseline sets the
# adversarial weight to zero (`gan_weight=0`): it is the "L1" row of the paper's ablation. Under
# `standard` the two runs take about three minutes on one free CPU core; under `smoke` the cell trains
# one epoch of a tiny network, only to prove the code path, and the evaluation below uses the
# shipped networks.

# %%
p2p_cfg = pix2pix.Pix2PixConfig.preset()
print(p2p_cfg)
runs = {}
for name, weight in [("L1 only", 0.0), ("pix2pix (L1 + GAN)", 1.0)]:
    cfg = pix2pix.Pix2PixConfig.preset(gan_weight=weight)
    runs[name] = pix2pix.train_pix2pix(data.a_train, data.b_train, cfg, device=device)
    h = runs[name].history
    print(f"{name:20s} {cfg.epochs} epochs in {h['seconds'].sum():.0f} s, final L1 per pixel {h['loss_l1'][-1]:.3f}")
    assert np.isfinite(h["loss_l1"]).all() and (cfg.epochs == 1 or h["loss_l1"][-1] < h["loss_l1"][0])

p2p = ({name: r.generator for name, r in runs.items()} if train_here
       else {"L1 only": shipped["pix2pix_l1"], "pix2pix (L1 + GAN)": shipped["pix2pix_gan"]})

# %% [markdown]
# The training losses say little about quality: the L1 term falls in both runs, to about the same
# value. So we measure the outputs on the held-out outlines, three ways:
#
# * **realism**: the Fréchet distance of the outputs to the true targets in the reference
#   classifier's feature space (the FID formula of chapter 08; 0 means the two sets have the same
#   feature statistics);
# * **nearest-answer error**: the per-pixel L1 distance to the nearer of the two right answers;
# * **accuracy**: the share of outputs that the classifier reads as the input's digit (the
#   cell prints, for scale, what the outline itself and the true targets score).

# %%
p2p_out = {name: pix2pix.translate(G, data.a_test, dropout=False) for name, G in p2p.items()}
for name, images in [("the outline itself", data.a_test), ("the true targets", data.b_test)]:
    print(f"{name:20s} accuracy {paired.translation_scores(images, data.b_test, data.y_test, clf).accuracy:.3f}")
p2p_scores = {}
for name, out in p2p_out.items():
    s = paired.translation_scores(out, data.b_test, data.y_test, clf)
    p2p_scores[name] = {"frechet": s.frechet, "nearest_l1": paired.nearest_l1(out, fine, broad),
                        "accuracy": s.accuracy}
    print(f"{name:20s} Fréchet {s.frechet:6.2f} | nearest-answer L1 {p2p_scores[name]['nearest_l1']:.3f} "
          f"| accuracy {s.accuracy:.3f}")
translation.rows_figure({"outline": data.a_test, **p2p_out, "target": data.b_test}, n=14,
                        title="held-out outlines: the two translators")
plt.show()
l1_fd, gan_fd = p2p_scores["L1 only"]["frechet"], p2p_scores["pix2pix (L1 + GAN)"]["frechet"]
if source == "digits":  # the reference classifier and the benchmark are those of the 8×8 digits
    assert min(s["accuracy"] for s in p2p_scores.values()) > 0.5  # chance is 0.1
    assert gan_fd < l1_fd, (gan_fd, l1_fd)  # the adversarial term makes the outputs more like real digits

# %% [markdown]
# One run is one seed. The benchmark trained both translators on three seeds:

# %%
p2p_table = bench["summary"]["pix2pix"]
print(f"pix2pix, {bench['budget']} preset, seeds {bench['seeds']}: median [min–max]")
for variant, label in [("l1", "L1 only"), ("gan", "pix2pix (L1 + GAN)")]:
    print(f"  {label:20s}" + "  ".join(f"{m} {p2p_table[variant][m]['median']:.3f} "
                                      f"[{p2p_table[variant][m]['min']:.3f}–{p2p_table[variant][m]['max']:.3f}]"
                                      for m in ("frechet", "nearest_l1", "accuracy")))
assert bench["checks"]["pix2pix_frechet_below_l1_only_in_every_seed"]

# %% [markdown]
# **Reading it honestly.** In every seed the adversarial term brought the outputs closer to real
# digits in the classifier's feature space, while the per-pixel errors and the accuracy of the two
# translators stayed close. The paper reports the same direction at scale: L1 alone gives
# reasonable but blurry results, and adding the adversarial term makes them sharper and more
# realistic (its realism score, the accuracy of a segmentation network on the outputs, rises). At
# 16×16, with 1,437 pairs and a minute of training, the difference is small to the eye, and both
# translators leave visible noise: the Fréchet distance sees more than we do.
#
# ### Try it: edit an outline
#
# Pick a held-out outline, change it (erase half of it, shift it, mirror it, or start from a blank
# page), and see what each translator draws and how the classifier reads it. An outline the
# networks never saw, such as a mirrored 3, shows what they really learned: local rules that turn
# lines into strokes, not the idea of a digit. The static figure below shows one outline under
# every edit, for the printed book.

# %%
translation.translation_explorer(p2p, data.a_test, clf)

# %%
edits = {edit: paired.edit_edges(data.a_test[:1], edit) for edit in paired.EDITS}
rows = {"edited outline": torch.cat(list(edits.values()))}
rows.update({name: pix2pix.translate(G, rows["edited outline"], dropout=False) for name, G in p2p.items()})
translation.rows_figure(rows, n=len(edits), title=" | ".join(edits), scale=0.9)
plt.show()

# %% [markdown]
# ## Everybody Dance Now: pose in, person out
#
# *Everybody Dance Now* ([Chan et al., 2019](../book/references.md#chan2019everybody)) is pix2pix with a different input. A pose
# detector turns each video frame of a professional dancer into a stick figure. A pix2pix-style
# generator, trained on about twenty minutes of video of the *target* person, learns to turn stick figures
# into that person. Feeding it the dancer's stick figures, frame after frame, makes the target person
# dance. The paper adds a term that keeps consecutive frames consistent, and a separate GAN for the
# face. Our outline-to-digit translator is the same machine at toy scale: the outline plays the stick
# figure, the pen stroke plays the person. Move the outline, frame after frame, and the translator
# "performs" the motion:

# %%
moves = [paired.edit_edges(data.a_test[3:4], "as drawn")]
for _ in range(4):  # the outline slides right, 2 pixels a frame
    moves.append(paired.edit_edges(moves[-1], "shift 2 px right"))
frames = torch.cat(moves)
translation.rows_figure({"pose (outline)": frames,
                         "performer (pix2pix)": pix2pix.translate(p2p["pix2pix (L1 + GAN)"], frames, dropout=False)},
                        n=len(frames), title="a five-frame dance", scale=0.9)
plt.show()

# %% [markdown]
# ## CycleGAN: translation without pairs
#
# Pairs are rare. Nobody has photos of the same horse as a zebra, or of a Monet scene as a photo.
# **CycleGAN** ([Zhu et al., 2017](../book/references.md#zhu2017unpaired)) learns from two *unpaired* sets, domain $A$ and domain $B$.
# It trains two generators, $G: A\to B$ and $F: B\to A$, each against a discriminator for its
# target domain. Adversarial losses alone are not enough. Any $G$ whose outputs *look like*
# domain $B$ satisfies its discriminator, even one that ignores its input. **Cycle consistency**
# closes that loophole: going there and back must return the input,
#
# $$\mathcal L_{\text{cyc}}(G, F) = \mathbb E_a\,\lVert F(G(a)) - a\rVert_1 + \mathbb E_b\,\lVert G(F(b)) - b\rVert_1,
#   \qquad \mathcal L = \mathcal L_{\text{GAN}}(G, D_B) + \mathcal L_{\text{GAN}}(F, D_A) + \lambda\,\mathcal L_{\text{cyc}},
#   \quad \lambda = 10 .$$
#
# To rebuild $a$ from $G(a)$, $F$ needs $G(a)$ to keep enough of $a$: the hope is that the easiest
# way to keep it is to keep *which* digit it is (we will test that hope). The paper uses least-squares GAN losses ([Mao et al., 2017](../book/references.md#mao2017least)), and so do we.
#
# Our domains: $A$ = digits written normally, $B$ = digits written with a **thick pen**. The
# training set is split in two random halves, so that no digit in $A$ meets its own thick
# version in $B$: there are no pairs. The held-out digits keep their true thick versions, so we can
# score the translation. The generators are encoder-decoders *without* skip connections (as
# CycleGAN's own generators): a skip would let a generator copy its input and hide what the losses
# do. Besides the cycle loss, the paper adds an **identity** term for some tasks,
# $\lambda_{\text{id}}\,(\mathbb E_b\lVert G(b) - b\rVert_1 + \mathbb E_a\lVert F(a) - a\rVert_1)$ with
# $\lambda_{\text{id}} = 0.5\lambda$: an image that is already in the target domain should pass
# unchanged. Our preset uses both. The ablation is the paper's "GAN alone": no cycle, no identity.

# %%
unpaired = paired.make_unpaired("thick", size=size, seed=0, source=source)
print("domain A:", tuple(unpaired.a_train.shape), "| domain B:", tuple(unpaired.b_train.shape), "(different digits)")
cyc_runs = {}
for name, lam, lam_id in [("cycle + identity", 10.0, 5.0), ("GAN alone", 0.0, 0.0)]:
    cfg = cyclegan.CycleGANConfig.preset(lambda_cycle=lam, lambda_identity=lam_id)
    cyc_runs[name] = cyclegan.train_cyclegan(unpaired.a_train, unpaired.b_train, cfg, device=device)
    print(f"{name:16s} {cfg.epochs} epochs in {cyc_runs[name].history['seconds'].sum():.0f} s")
    assert np.isfinite(cyc_runs[name].history["loss_gan"]).all()
cyc = ({name: r.g_ab for name, r in cyc_runs.items()} if train_here
       else {"cycle + identity": shipped["cyclegan_cycle_identity_g_ab"], "GAN alone": shipped["cyclegan_gan_alone_g_ab"]})

# %%
cyc_out = {name: cyclegan.translate(G, unpaired.a_test) for name, G in cyc.items()}
truth_scores = paired.translation_scores(unpaired.b_test, unpaired.b_test, unpaired.y_test, clf)
cyc_scores = {name: paired.translation_scores(out, unpaired.b_test, unpaired.y_test, clf) for name, out in cyc_out.items()}
print(f"{'true thick digits':18s} accuracy {truth_scores.accuracy:.3f} (the classifier misreads some thick digits)")
for name, s in cyc_scores.items():
    print(f"{name:18s} {s}")
translation.rows_figure({"A: digit": unpaired.a_test, **{f"G(a), {k}": v for k, v in cyc_out.items()},
                         "true thick digit": unpaired.b_test}, n=14, title="held-out digits, translated A → B")
plt.show()
full_cyc, alone = cyc_scores["cycle + identity"], cyc_scores["GAN alone"]
if source == "digits":  # the reference classifier and the benchmark are those of the 8×8 digits
    assert full_cyc.accuracy > 0.5  # the digit survives, far above chance (0.1)
    assert full_cyc.accuracy > alone.accuracy + 0.3 and full_cyc.l1 < alone.l1

# %% [markdown]
# "GAN alone" still produces thick-pen *things* that its discriminator accepts, but nothing makes it
# keep the digit: the classifier's accuracy on its outputs is at chance. Which of the two terms does
# the work? The benchmark trained all four combinations on three seeds; the table is read from its
# results file:

# %%
cyc_table = bench["summary"]["cyclegan"]
print(f"CycleGAN, {bench['budget']} preset, seeds {bench['seeds']}: held-out A → B, median [min–max]")
for variant in ("cycle_identity", "cycle_only", "identity_only", "gan_alone"):
    acc, l1 = cyc_table[variant]["accuracy"], cyc_table[variant]["l1"]
    print(f"  {variant.replace('_', ' '):15s} accuracy {acc['median']:.3f} [{acc['min']:.3f}–{acc['max']:.3f}]"
          f"   L1 to the true thick digit {l1['median']:.3f} [{l1['min']:.3f}–{l1['max']:.3f}]")
keeps = cyc_table["cycle_identity"]["accuracy"]["min"]
assert keeps > 0.5 and keeps > cyc_table["gan_alone"]["accuracy"]["max"] + 0.3

# %% [markdown]
# This is not the textbook story, and it is worth reading carefully. On our task the **identity
# term** keeps the digit, with or without the cycle loss. The **cycle loss alone** does not: its
# outputs are real-looking thick digits (their Fréchet distance is close to the full model's), but
# mostly of the *wrong* digit, and its $L_1$ distance to the true thick digit is as large as GAN
# alone's. The cycle loss asks only that $F(G(a)) \approx a$. A generator that writes a 1 for every 0
# and an $F$ that writes the 0 back satisfy it, and the network can hide what $F$ needs in faint
# pixel patterns ([Chu et al., 2017](../book/references.md#chu2017cyclegan)) (the second exercise shows such a re-labelling).
# Cycle consistency rules out translations that *lose* information; it does not choose the meaningful
# one among those that keep it. What chooses it in practice is a bias towards simple maps: the
# identity term, a generator architecture that changes images locally, or, as in the paper, a task
# where the meaningful translation is also the simplest. Our thick pen changes so little that "change
# nothing" is almost right, so the identity term suffices. Where the right translation changes most
# pixels (horses into zebras), it cannot help, and the local convolutions of the generators carry that
# bias. The same reasoning shows where CycleGAN fails, as the paper reports: a change of *shape*
# (a cat into a dog) is neither simple nor local.
#
# ## Deepfakes: one encoder, two decoders
#
# The program that gave **deepfakes** their name (2017) used no GAN at all, only two
# **autoencoders that share their encoder** $E$:
#
# $$ x_A \approx D_A(E(x_A)) \text{ on faces of person A}, \qquad x_B \approx D_B(E(x_B)) \text{ on faces of person B}. $$
#
# $E$ has to serve both decoders, so its code comes to hold what the two sets of faces have in
# common (pose, expression, light) and each decoder adds its person's appearance. The swap is
# $D_B(E(x_A))$: A's pose and expression, B's face. Later tools add a GAN loss for sharpness, and
# detectors, blending and colour correction. Here the two "people" are the two pens: $A$ writes
# normally, $B$ with a thick pen, and the shared content is *which digit, written how*. The
# control experiment gives each identity its own encoder: $D_B$ then reads codes it never saw.

# %%
swap_runs = {}
for name, shared in [("shared encoder", True), ("separate encoders", False)]:
    cfg = faceswap.FaceSwapConfig.preset(shared=shared)
    swap_runs[name] = faceswap.train_faceswap(unpaired.a_train, unpaired.b_train, cfg, device=device)
    print(f"{name:18s} reconstruction L1 per pixel: A {swap_runs[name].history['loss_a'][-1]:.3f}, "
          f"B {swap_runs[name].history['loss_b'][-1]:.3f}")
if not train_here:  # smoke: the shipped parts, put back together
    for name, prefix in [("shared encoder", "swap_shared"), ("separate encoders", "swap_separate")]:
        r = swap_runs[name]
        r.encoder_a, r.decoder_b = shipped[f"{prefix}_encoder_a"], shipped[f"{prefix}_decoder_b"]
swapped = {name: faceswap.swap(r, unpaired.a_test) for name, r in swap_runs.items()}
swap_scores = {name: paired.translation_scores(out, unpaired.b_test, unpaired.y_test, clf) for name, out in swapped.items()}
for name, s in swap_scores.items():
    print(f"swap, {name:18s} {s}")
translation.rows_figure({"A": unpaired.a_test, **{f"swap, {k}": v for k, v in swapped.items()},
                         "true B version": unpaired.b_test}, n=14, title="the swap D_B(E(x_A))")
plt.show()
if source == "digits":  # the reference classifier and the benchmark are those of the 8×8 digits
    assert swap_scores["shared encoder"].accuracy > 0.5
    assert swap_scores["shared encoder"].l1 < swap_scores["separate encoders"].l1

# %% [markdown]
# With a shared encoder the swap draws A's digit in B's thick pen: it preserves the label and
# lands near the true thick version, although no training example ever showed a digit in both
# styles. With separate encoders nothing ties the two codes together, and $D_B$ turns A's code
# into something else. Real face swaps work the same way, with faces aligned and cropped first, and
# far larger networks.
#
# ### Detecting fakes, and what they cost
#
# The lecture's game *which face is real?* ([West and Bergstrom, 2019](../book/references.md#west2019whichface)) (chapter 08 has our digit version)
# shows how good generated faces got with StyleGAN ([Karras et al., 2019](../book/references.md#karras2019style)): play a few rounds and count
# how often you are fooled. Machines can do better, for now:
#
# * **Learned detectors.** A classifier trained on real and manipulated videos spots the
#   manipulation methods it was trained on with high accuracy. FaceForensics++
#   ([Rössler et al., 2019](../book/references.md#rossler2019faceforensics)) gives a benchmark of 1,000 original videos, each manipulated by
#   four methods, and shows that detection gets much harder after the strong compression of
#   social networks.
# * **Traces of the generator.** Upsampling layers leave periodic patterns in the image's spectrum
#   (chapter 08's checkerboard is one). A classifier trained only on the images of one GAN
#   (ProGAN), with blur and JPEG compression as augmentation, also detected the images of most of
#   the other CNN generators in a test set of eleven ([Wang et al., 2020](../book/references.md#wang2020cnn)). The title of that paper
#   ends with "... for now".
# * **Survey.** A survey of face swaps, expression transfer and their detectors
#   ([Tolosana et al., 2020](../book/references.md#tolosana2020deepfakes)) finds that detectors often
#   fail on manipulations they were not trained on. That is why provenance (signing images when they
#   are captured) complements detection.
#
# The harms are documented in detail by Chesney and Citron ([Chesney and Citron, 2019](../book/references.md#chesney2019deep)): sexual
# imagery of people who never consented, fraud and extortion with cloned faces and voices,
# fabricated evidence in elections and courts, and what they call the "liar's dividend": once fakes
# are common, real recordings can be dismissed as fake. Everything in this chapter is generic image
# translation, and the same methods serve medicine (modality translation), art and accessibility.
# What the fun examples of the lecture share is that the output *looks* real. Whether it is honest
# is a question for the people who use it.
#
# ## Neural style transfer
#
# Style transfer ([Gatys et al., 2016](../book/references.md#gatys2016image)) is not a GAN, but the lecture lists it among the "fun
# examples", and it has one idea GANs reuse: **statistics of features as a description of
# texture**. Take a convolutional network, and let $F^\ell \in \mathbb R^{C_\ell \times H_\ell W_\ell}$
# be the feature maps of layer $\ell$, one row per channel. The **Gram matrix**
#
# $$ G^\ell = \frac{1}{C_\ell H_\ell W_\ell}\, F^\ell (F^\ell)^\top, \qquad G^\ell_{ij} = \frac{1}{C_\ell H_\ell W_\ell} \sum_k F^\ell_{ik} F^\ell_{jk} $$
#
# says which features occur *together*, averaged over positions. It keeps colour, brushwork and
# texture, and forgets *where* things are. Style transfer starts from the content photo $c$ and
# optimises the *pixels* $x$ of the image itself:
#
# $$ \min_x\; \alpha\, \lVert F^{\ell_c}(x) - F^{\ell_c}(c)\rVert^2 \;+\; \beta \sum_{\ell} \lVert G^\ell(x) - G^\ell(s)\rVert^2 \;+\; \gamma\, \mathrm{TV}(x), $$
#
# (content at one layer, style at several, total variation for smoothness; `cu.style` divides
# each term by the size of its target so that the weights mean the same for any network). Gatys et
# al. use a VGG-19 ([Simonyan and Zisserman, 2015](../book/references.md#simonyan2015very)) trained on ImageNet. Offline we cannot download it, so the
# default is a small network with **random, fixed weights**. Its Gram matrices still carry a lot of
# texture information ([Ustyuzhaninov et al., 2017](../book/references.md#ustyuzhaninov2017texture); [He et al., 2016](../book/references.md#he2016random)), though less than a trained
# network's. The two photos come with scikit-learn. With internet (on Colab by default, elsewhere
# with `TRY_VGG = True`) the same function runs VGG-19 (`features="vgg19"`), and the cell below
# then shows both side by side.

# %%
style_cfg = style.StyleConfig.preset()
photos = style.load_sample_photos(size=style_cfg.size)
print(style_cfg)
transfers = {"random-weight CNN (offline)": style.style_transfer(photos["china"], photos["flower"], style_cfg,
                                                                   device=device)}
# The online option downloads VGG-19's weights (548 MB) once: on Colab by default, elsewhere only
# when you set TRY_VGG = True (the book and the tests never download anything).
TRY_VGG = cu.colab.on_colab()
if TRY_VGG:
    try:
        transfers["VGG-19 (online)"] = style.style_transfer(photos["china"], photos["flower"],
                                                            style.StyleConfig.preset(features="vgg19"), device=device)
    except RuntimeError as err:
        print("VGG-19 not available here:", str(err).split(";")[0])
else:
    print("VGG-19 (the online option) skipped: set TRY_VGG = True on a machine with internet")
fig, axes = plt.subplots(1, 2 + len(transfers), figsize=(3.2 * (2 + len(transfers)), 3.4))
panels = [("content", photos["china"]), ("style", photos["flower"])] + [(k, r.image) for k, r in transfers.items()]
for ax, (name, img) in zip(axes, panels):
    ax.imshow(img[0].permute(1, 2, 0).clamp(0, 1).numpy())
    ax.set_title(name, fontsize=9)
    ax.axis("off")
plt.tight_layout()
plt.show()
offline = transfers["random-weight CNN (offline)"]
start_d = style.style_distance(photos["china"], photos["flower"])
end_d = style.style_distance(offline.image, photos["flower"])
print(f"style distance to the flower photo: content photo {start_d:.3f} -> result {end_d:.3f} "
      f"({start_d / end_d:.0f}× closer) in {offline.seconds:.0f} s")
assert end_d < start_d / 5 and 0 <= float(offline.image.min()) and float(offline.image.max()) <= 1

# %% [markdown]
# The result keeps the temple's outline and takes the flower photo's palette and local texture.
# With random features the "style" is mostly colour statistics and small-scale texture. A trained
# VGG-19 also carries larger motifs (brush strokes, petals), which is why the paper's paintings look
# better than ours. That is the honest difference between the offline and the online option.
#
# ## A short history: CatGAN, FrankenGAN, DRAGAN
#
# The lecture's list of GAN variants names three more:
#
# * **CatGAN** ([Springenberg, 2016](../book/references.md#springenberg2016unsupervised)): the discriminator is a *classifier* into $K$
#   categories that must be confident on real data and uncertain on generated data. The same
#   network clusters unlabelled data and learns semi-supervised classification.
# * **FrankenGAN** ([Kelly et al., 2018](../book/references.md#kelly2018frankengan)): a chain of GANs that details coarse 3-D building
#   masses into façades, windows, roofs and textures, with a shared style to keep one building
#   coherent. Image-to-image translation put to work in graphics.
# * **DRAGAN** ([Kodali et al., 2017](../book/references.md#kodali2017convergence)): a gradient penalty *around the real data*,
#   $\lambda\, \mathbb E_{\hat x = x + \delta}\,(\lVert\nabla_{\hat x} D(\hat x)\rVert - 1)^2$ with
#   small perturbations $\delta$ of real samples $x$, against the sharp gradients that come with mode
#   collapse. It is a close relative of chapter 09's WGAN-GP (which penalises on lines between real
#   and generated samples) and of the **R1 penalty** of chapter 07,
#   $\tfrac{\gamma}{2}\,\mathbb E_{x}\lVert\nabla_x D(x)\rVert^2$ on the real data itself
#   ([Mescheder et al., 2018](../book/references.md#mescheder2018training)). R1 aims the gradient at zero rather than at one, and comes with
#   a convergence proof.
#
# ## Exercises
#
# <a id="i2i-ex-lambda"></a>**Exercise.** Train pix2pix with $\lambda = 10$ and with $\lambda = 1000$
# (`Pix2PixConfig.preset(lambda_l1=...)`), and score both as above. Which score moves, and which way?
#
# <details class="solution"><summary>Solution</summary>
#
# Read the objective: $\lambda$ sets the exchange rate between the two terms. With $\lambda = 1000$
# the adversarial term is a rounding error beside the L1 term, so the run becomes the "L1 only" run
# and its scores move to that row. With $\lambda = 10$ the discriminator has ten times more say:
# the outputs are pushed harder towards looking real, and held less
# tightly to the outline, so expect the nearest-answer L1 to grow; whether the Fréchet distance
# improves or worsens depends on whether the strokes stay where the outline puts them. The
# paper's $\lambda = 100$ sits between: layout from L1, realism from the GAN.
#
# </details>
#
# <a id="i2i-ex-cycle"></a>**Exercise.** Train the cycle loss without the identity term, on generators
# *with* the U-Net's skip connections: `CycleGANConfig.preset(lambda_identity=0, skips=True, epochs=20)`.
# Score it as above, then tabulate which digit the classifier reads for each true digit. What did the
# two generators learn, and why does the cycle loss not prevent it?
#
# <details class="solution"><summary>Solution</summary>
#
# In our run (seed 0, 20 epochs, on the course's build machine) the outputs looked like real thick digits (Fréchet 4.7, better than the
# preset's) but the classifier read the input's digit in under 1 % of them. The table shows a
# systematic *re-labelling*: most 0s became 1s, 6s became 9s, 1s became 5s, and $F$ learned to undo
# it. Cycle consistency asks only that $F(G(a)) \approx a$, and an invertible re-labelling passes,
# all the more because $G$ can hide what $F$ needs in faint pixel patterns ([Chu et al., 2017](../book/references.md#chu2017cyclegan)).
# The identity term, or a task where the true translation is the simplest map, rules such
# solutions out. Cycle-consistent does not mean correct.
#
# </details>
#
# <a id="i2i-ex-style"></a>**Exercise.** Swap the roles of the photos (the flower as content, the
# temple as style), then set `style_weight` to 0 and to 50. Describe the three results.
#
# <details class="solution"><summary>Solution</summary>
#
# With the roles swapped the flower keeps its shape and takes the temple photo's colours. With
# `style_weight=0` only the content and smoothness terms remain and the result starts at their
# optimum, the content photo itself, so it stays (almost) unchanged. With 50 the style term
# dominates: more of the style photo's palette and texture, less of the content's outline, since the
# Gram matrix does not care where things are.
#
# </details>
#
# ## Summary
#
# * A conditional GAN judges pairs $(a, b)$. pix2pix adds an L1 term for the layout, a U-Net
#   generator for the detail and a PatchGAN for texture. Where several answers are right, L1 alone
#   settles for a per-pixel median. The adversarial term pulls the outputs towards real digits: in
#   every seed it lowered their Fréchet distance to the true targets.
# * CycleGAN learns without pairs. Cycle consistency makes each translation keep what the way back
#   needs, but an invertible re-labelling passes it too: on our digits the identity term is what kept
#   the digit, and with neither term the digit was lost.
# * The deepfake face swap is two autoencoders with one shared encoder. The swap $D_B(E(x_A))$
#   works because the code is shared. Detecting fakes works on known generators, less well on new
#   ones, and the harms are real.
# * Style lives in Gram matrices of features. Neural style transfer optimises pixels to match the
#   content's features and the style's Gram matrices, even with a random network.
# * DRAGAN, WGAN-GP and R1 are three ways of keeping the discriminator's gradients in check.
#
# <div class="works-cited">
#
# **Works cited in this chapter** (all works: the [references](../book/references.md) page of the book)
#
# * Caroline Chan, Shiry Ginosar, Tinghui Zhou, and Alexei A. Efros. Everybody dance now. In IEEE/CVF International Conference on Computer Vision (ICCV), 5933–5942. 2019.
# * Robert Chesney and Danielle Keats Citron. Deep fakes: a looming challenge for privacy, democracy, and national security. California Law Review, 107:1753–1820, 2019.
# * Casey Chu, Andrey Zhmoginov, and Mark Sandler. CycleGAN, a master of steganography. arXiv preprint arXiv:1712.02950, 2017.
# * Leon A. Gatys, Alexander S. Ecker, and Matthias Bethge. Image style transfer using convolutional neural networks. In IEEE Conference on Computer Vision and Pattern Recognition (CVPR), 2414–2423. 2016.
# * Kun He, Yan Wang, and John Hopcroft. A powerful generative model using random weights for the deep image representation. In Advances in Neural Information Processing Systems (NeurIPS). 2016.
# * Phillip Isola, Jun-Yan Zhu, Tinghui Zhou, and Alexei A. Efros. Image-to-image translation with conditional adversarial networks. In IEEE Conference on Computer Vision and Pattern Recognition (CVPR), 1125–1134. 2017.
# * Tero Karras, Samuli Laine, and Timo Aila. A style-based generator architecture for generative adversarial networks. In IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR). 2019.
# * Tom Kelly, Paul Guerrero, Anthony Steed, Peter Wonka, and Niloy J. Mitra. FrankenGAN: guided detail synthesis for building mass models using style-synchonized GANs. ACM Transactions on Graphics (SIGGRAPH Asia), 2018.
# * Naveen Kodali, Jacob Abernethy, James Hays, and Zsolt Kira. On convergence and stability of GANs. arXiv preprint arXiv:1705.07215, 2017.
# * Xudong Mao, Qing Li, Haoran Xie, Raymond Y. K. Lau, Zhen Wang, and Stephen Paul Smolley. Least squares generative adversarial networks. In IEEE International Conference on Computer Vision (ICCV), 2794–2802. 2017.
# * Lars Mescheder, Andreas Geiger, and Sebastian Nowozin. Which training methods for GANs do actually converge? In Proceedings of the 35th International Conference on Machine Learning (ICML), 3481–3490. 2018.
# * Mehdi Mirza and Simon Osindero. Conditional generative adversarial nets. arXiv preprint arXiv:1411.1784, 2014.
# * Olaf Ronneberger, Philipp Fischer, and Thomas Brox. U-Net: convolutional networks for biomedical image segmentation. In Medical Image Computing and Computer-Assisted Intervention (MICCAI), 234–241. 2015.
# * Andreas Rössler, Davide Cozzolino, Luisa Verdoliva, Christian Riess, Justus Thies, and Matthias Nießner. FaceForensics++: learning to detect manipulated facial images. In IEEE/CVF International Conference on Computer Vision (ICCV), 1–11. 2019.
# * Karen Simonyan and Andrew Zisserman. Very deep convolutional networks for large-scale image recognition. In International Conference on Learning Representations (ICLR). 2015.
# * Jost Tobias Springenberg. Unsupervised and semi-supervised learning with categorical generative adversarial networks. In International Conference on Learning Representations (ICLR). 2016.
# * Ruben Tolosana, Ruben Vera-Rodriguez, Julian Fierrez, Aythami Morales, and Javier Ortega-Garcia. Deepfakes and beyond: a survey of face manipulation and fake detection. Information Fusion, 64:131–148, 2020.
# * Ivan Ustyuzhaninov, Wieland Brendel, Leon A. Gatys, and Matthias Bethge. What does it take to generate natural textures? In International Conference on Learning Representations (ICLR). 2017.
# * Sheng-Yu Wang, Oliver Wang, Richard Zhang, Andrew Owens, and Alexei A. Efros. CNN-generated images are surprisingly easy to spot... for now. In IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR), 8695–8704. 2020.
# * Jevin West and Carl Bergstrom. Which face is real? Web site of the Calling Bullshit project, University of Washington, 2019. URL: <https://www.whichfaceisreal.com>.
# * Jun-Yan Zhu, Taesung Park, Phillip Isola, and Alexei A. Efros. Unpaired image-to-image translation using cycle-consistent adversarial networks. In IEEE International Conference on Computer Vision (ICCV), 2223–2232. 2017.
#
# </div>
