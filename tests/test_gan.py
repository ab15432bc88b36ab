"""Tests of course_utils.gan (chapter 07): data, divergences, metrics, theory, training."""

import numpy as np
import pytest
import torch
from scipy import spatial, stats

import course_utils as cu
from course_utils.gan import theory, views


# ---- data -------------------------------------------------------------------------------
def test_ring_has_eight_distinct_modes_on_the_circle():
    samples, centers, std = cu.gan.ring(2000, seed=0)
    assert len(np.unique(centers.round(8), axis=0)) == 8  # no linspace endpoint duplicate
    assert np.allclose(np.linalg.norm(centers, axis=1), 2.0)
    angles = np.sort(np.mod(np.arctan2(centers[:, 1], centers[:, 0]), 2 * np.pi))
    assert np.allclose(np.diff(angles), 2 * np.pi / 8)
    idx, dist = cu.gan.nearest_mode(samples, centers)
    assert np.bincount(idx, minlength=8).min() > 150  # every mode sampled, roughly uniformly
    assert abs(dist.mean() - std * np.sqrt(np.pi / 2)) < 0.002  # Rayleigh mean of 2-D radius


def test_grid_centers_and_seeding():
    a = cu.gan.grid(100, seed=3)
    b = cu.gan.grid(100, seed=3)
    assert np.array_equal(a.samples, b.samples)
    assert not np.array_equal(a.samples, cu.gan.grid(100, seed=4).samples)
    assert sorted(set(a.centers[:, 0])) == [-4.0, -2.0, 0.0, 2.0, 4.0]
    assert a.centers.shape == (25, 2) and a.std == 0.05


@pytest.mark.parametrize("bad", [0, -5, 2.5, True])
def test_non_positive_sizes_are_refused(bad):
    with pytest.raises(ValueError, match="positive integer"):
        cu.gan.ring(bad)


def test_unknown_dataset_name_is_refused():
    with pytest.raises(ValueError, match="unknown data set 'spiral'"):
        cu.gan.make_dataset("spiral", 10)
    with pytest.raises(ValueError, match="unknown data set"):
        cu.gan.train_gan(cu.gan.GANConfig(data="swiss"))


# ---- divergences ------------------------------------------------------------------------
def test_kl_and_js_match_definitions_and_scipy():
    rng = np.random.default_rng(0)
    p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
    assert cu.gan.kl_divergence(p, q) == pytest.approx(stats.entropy(p, q))
    # scipy's jensenshannon is the square root of the divergence
    assert cu.gan.js_divergence(p, q) == pytest.approx(spatial.distance.jensenshannon(p, q) ** 2)
    m = (p + q) / 2
    assert cu.gan.js_divergence(p, q) == pytest.approx(
        0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m)))
    assert cu.gan.js_divergence([1, 0], [0, 1]) == pytest.approx(np.log(2))
    assert cu.gan.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    with pytest.raises(ValueError, match="sum to 1"):
        cu.gan.kl_divergence([0.5, 0.6], [0.5, 0.5])
    with pytest.raises(ValueError, match="non-negative"):
        cu.gan.js_divergence([1.5, -0.5], [0.5, 0.5])


def test_gaussian_kl_closed_form_matches_quadrature_and_js_is_bounded():
    mu1, s1, mu2, s2 = 0.3, 0.7, -1.0, 1.6
    p, q = stats.norm(mu1, s1), stats.norm(mu2, s2)
    x = np.linspace(-15, 15, 200_001)
    kl_num = np.trapezoid(p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), x)
    assert cu.gan.kl_gaussian(mu1, s1, mu2, s2) == pytest.approx(kl_num, rel=1e-6)
    m = 0.5 * (p.pdf(x) + q.pdf(x))
    js_num = np.trapezoid(0.5 * p.pdf(x) * np.log(p.pdf(x) / m) + 0.5 * q.pdf(x) * np.log(q.pdf(x) / m), x)
    assert cu.gan.js_gaussian(mu1, s1, mu2, s2) == pytest.approx(js_num, rel=1e-5)
    assert cu.gan.js_gaussian(0, 1, 100, 1) == pytest.approx(np.log(2), abs=1e-9)
    with pytest.raises(ValueError):
        cu.gan.kl_gaussian(0, 0.0, 0, 1)


def test_wasserstein_1d_matches_scipy_and_shift():
    rng = np.random.default_rng(1)
    u, v = rng.normal(size=300), rng.exponential(size=200)
    assert cu.gan.wasserstein1_1d(u, v) == pytest.approx(stats.wasserstein_distance(u, v))
    assert cu.gan.wasserstein1_1d(u, u + 2.5) == pytest.approx(2.5)


def test_wasserstein_samples_matches_1d_and_translation():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(50, 1)), rng.normal(1, 2, size=(50, 1))
    assert cu.gan.wasserstein1_samples(a, b) == pytest.approx(cu.gan.wasserstein1_1d(a, b))
    x = rng.normal(size=(40, 2))
    shift = np.array([3.0, 4.0])
    assert cu.gan.wasserstein1_samples(x, x + shift) == pytest.approx(5.0)
    with pytest.raises(ValueError, match="finite"):
        cu.gan.wasserstein1_samples(x, np.full_like(x, np.nan))


# ---- mode metrics -----------------------------------------------------------------------
def test_mode_metrics_on_hand_made_samples():
    centers = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    std = 0.1
    samples = np.array([
        [0.29, 0.0],   # 2.9σ from mode 0: high quality
        [0.0, 0.31],   # 3.1σ from mode 0: not high quality
        [10.0, 0.1],   # mode 1, high quality
        [5.0, 5.0],    # between modes: low quality, covers nothing
    ])
    covered, hq = cu.gan.mode_metrics(samples, centers, std)
    assert covered == 2 and hq == pytest.approx(0.5)
    # a mode whose only nearby sample is low quality is not covered
    assert cu.gan.mode_metrics([[0.0, 0.5]], centers, std) == (0, 0.0)
    # perfect samples: the true data cover all modes with ~99% within 3σ (2-D Rayleigh: 1-e^{-4.5})
    samples, centers, std = cu.gan.ring(2500, seed=0)
    covered, hq = cu.gan.mode_metrics(samples, centers, std)
    assert covered == 8 and hq == pytest.approx(1 - np.exp(-4.5), abs=0.01)


def test_mode_metrics_refuses_nan_and_bad_shapes():
    centers = np.zeros((2, 2))
    with pytest.raises(ValueError, match="NaN"):
        cu.gan.mode_metrics([[0.0, np.nan]], centers, 0.1)
    with pytest.raises(ValueError, match="shape"):
        cu.gan.mode_metrics(np.zeros(3), centers, 0.1)
    with pytest.raises(ValueError, match="std"):
        cu.gan.mode_metrics([[0.0, 0.0]], centers, 0.0)


# ---- theory: D*, C(G) -------------------------------------------------------------------
def test_trained_discriminator_approaches_d_star_on_a_fixed_generator():
    rng = np.random.default_rng(0)
    p_data, p_g = stats.norm(0.0, 1.0), stats.norm(1.5, 0.7)
    D = theory.fit_discriminator(p_data.rvs(2000, random_state=rng), p_g.rvs(2000, random_state=rng),
                                 steps=300, lr=2e-2, seed=0)
    x = np.linspace(-1.5, 2.5, 41)
    d_star = theory.optimal_discriminator(x, p_data.pdf, p_g.pdf)
    assert np.max(np.abs(D(x) - d_star)) < 0.08
    # and D* maximises V: a trained D cannot beat it
    V = lambda d: theory.value_function(d, p_data.pdf, p_g.pdf)  # noqa: E731
    v_star = V(lambda t: theory.optimal_discriminator(t, p_data.pdf, p_g.pdf))
    assert V(lambda t: D(np.array([t]))[0]) <= v_star + 1e-9


@pytest.mark.parametrize("mu_g, s_g", [(0.0, 1.0), (1.0, 1.0), (2.0, 0.5), (-3.0, 2.0)])
def test_virtual_criterion_is_minus_log4_plus_2jsd(mu_g, s_g):
    p_data, p_g = stats.norm(0, 1), stats.norm(mu_g, s_g)
    C = theory.value_function(lambda t: theory.optimal_discriminator(t, p_data.pdf, p_g.pdf),
                              p_data.pdf, p_g.pdf)
    assert C == pytest.approx(-np.log(4) + 2 * cu.gan.js_gaussian(0, 1, mu_g, s_g), abs=1e-6)


# ---- losses, views, training ------------------------------------------------------------
def test_losses_at_a_confused_discriminator_and_saturation():
    zero = torch.zeros(4, 1)
    assert cu.gan.discriminator_loss("minimax", zero, zero).item() == pytest.approx(np.log(4))
    # d L_G / d logit: minimax -> -sigmoid(l) (vanishes as D(G(z)) -> 0); non-saturating -> -(1 - sigmoid(l))
    logit = torch.tensor([[-8.0]], requires_grad=True)
    (g_mm,) = torch.autograd.grad(cu.gan.generator_loss("minimax", logit), logit)
    (g_ns,) = torch.autograd.grad(cu.gan.generator_loss("nonsaturating", logit), logit)
    assert g_mm.item() == pytest.approx(-torch.sigmoid(torch.tensor(-8.0)).item())
    assert g_ns.item() == pytest.approx(-(1 - torch.sigmoid(torch.tensor(-8.0))).item())
    with pytest.raises(ValueError, match="unknown loss"):
        cu.gan.generator_loss("hinge", logit)


def test_generator_gradients_are_per_sample_gradients():
    D = torch.nn.Linear(2, 1)
    with torch.no_grad():
        D.weight.copy_(torch.tensor([[1.0, -2.0]]))
        D.bias.zero_()
    x = np.array([[0.0, 0.0], [1.0, 1.0]])
    arrows = views.generator_gradients(D, x, "wasserstein")  # L_G = -sum f(x): -grad = w
    assert np.allclose(arrows, [[1.0, -2.0], [1.0, -2.0]])


def test_short_training_moves_samples_towards_the_data():
    cfg = cu.gan.GANConfig(iterations=300, eval_every=300, n_eval=500, batch_size=128, seed=0)
    before = cu.gan.train_gan(cu.gan.GANConfig(**{**vars(cfg), "iterations": 0})).sample()
    run = cu.gan.train_gan(cfg)
    after = run.sample()
    real = cu.gan.ring(500, seed=1).samples
    w_before = cu.gan.wasserstein1_samples(before, real)
    w_after = cu.gan.wasserstein1_samples(after, real)
    assert w_after < 0.5 * w_before
    radius = np.linalg.norm(after, axis=1)
    assert abs(np.median(radius) - 2.0) < 0.5  # samples gathered near the ring
    # resuming continues the same run
    run2 = cu.gan.train_gan(cu.gan.GANConfig(iterations=10, eval_every=300), resume=run)
    assert run2.iteration == 310 and len(run2.history["loss_d"]) == 310


def test_training_is_deterministic_under_a_seed():
    cfg = cu.gan.GANConfig(iterations=15, eval_every=0, batch_size=32, seed=5)
    a, b = cu.gan.train_gan(cfg), cu.gan.train_gan(cfg)
    assert np.array_equal(a.history["loss_d"], b.history["loss_d"])


@pytest.mark.parametrize("field, value", [("batch_size", 0), ("lr_g", -1.0), ("d_steps", 0),
                                          ("optimizer", "adagrad"), ("loss", "hinge")])
def test_bad_config_is_refused(field, value):
    with pytest.raises(ValueError, match=field if field not in ("optimizer", "loss") else "unknown"):
        cu.gan.train_gan(cu.gan.GANConfig(**{field: value}))


def test_mse_regression_predicts_the_mean_of_the_two_answers():
    x, y = cu.gan.conditional.bimodal_task(20000, seed=0)
    # the branches are symmetric: E[y | x] = 0
    assert abs(y.mean()) < 0.03
    r = cu.gan.conditional.mse_vs_gan(iterations=300)
    assert np.abs(r.mse_prediction).mean() < 0.3 and r.fraction_mse_on_a_branch < 0.05


def test_r1_penalty_of_a_linear_discriminator():
    D = torch.nn.Linear(2, 1)
    with torch.no_grad():
        D.weight.copy_(torch.tensor([[1.0, 2.0]]))
    assert cu.gan.R1Penalty(0.5)(D, torch.randn(7, 2), None).item() == pytest.approx(0.25 * 5.0)


def test_playground_steps_and_resets_without_raising():
    import matplotlib

    matplotlib.use("Agg")
    box = cu.gan_playground.playground(steps_per_tick=2, n_eval=50)
    buttons = box.children[-2].children  # play, step, reset, view toggles
    buttons[1].click()
    sliders = [w for row in box.children[:-2] for w in row.children]
    lr_g = next(w for w in sliders if w.description == "G lr")
    assert lr_g.min == -5 and lr_g.max == -1  # learning rates limited to [1e-5, 1e-1]


def test_stop_pauses_a_play_control_in_either_ipywidgets():
    import ipywidgets as W

    play = W.Play()
    name = "playing" if play.has_trait("playing") else "_playing"  # 8.x, 7.x (Colab)
    setattr(play, name, True)
    cu.gan_playground.stop(play)
    assert getattr(play, name) is False


@pytest.mark.parametrize("make", [lambda **kw: cu.gan.GANConfig(**kw),
                                  lambda **kw: cu.gan.wgan_gp_config(**kw),
                                  lambda **kw: cu.gan.wgan_config(**kw)])
def test_a_run_split_by_a_checkpoint_equals_the_straight_run(tmp_path, make):
    kw = dict(eval_every=5, n_eval=200, batch_size=32, seed=3)
    straight = cu.gan.train_gan(make(iterations=20, **kw))
    path = tmp_path / "gan.pt"
    first = cu.gan.train_gan(make(iterations=10, **kw), checkpoint_path=path)
    assert first.iteration == 10 and path.exists()
    split = cu.gan.train_gan(make(iterations=10, **kw), resume=path, checkpoint_path=path)
    assert split.iteration == 20
    for key, values in straight.history.items():
        assert np.array_equal(split.history[key], values), key
    for a, b in zip(straight.G.parameters(), split.G.parameters()):
        assert torch.equal(a, b)
    assert [s.iteration for s in split.snapshots] == [5, 10, 15, 20]
    assert np.array_equal(split.sample(), straight.sample())
    assert cu.checkpoint.load(path, kind="gan")["iteration"] == 20


def test_gan_checkpoints_refuse_other_runs(tmp_path):
    cfg = cu.gan.GANConfig(iterations=3, eval_every=0, batch_size=16, seed=0)
    path = tmp_path / "gan.pt"
    cu.gan.train_gan(cfg, checkpoint_path=path)
    saved = path.read_bytes()
    with pytest.raises(FileExistsError, match="earlier run"):  # never over a learner's run
        cu.gan.train_gan(cfg, checkpoint_path=path)
    with pytest.raises(ValueError, match=r"another config.*'lr_g': \(0.001, 0.0005\)"):
        cu.gan.train_gan(cu.gan.GANConfig(**{**vars(cfg), "lr_g": 5e-4}), resume=path)
    with pytest.raises(ValueError, match="another config.*penalty"):
        cu.gan.train_gan(cu.gan.wgan_gp_config(cfg), resume=path)
    cu.checkpoint.save({"kind": "dcgan"}, tmp_path / "other.pt")
    with pytest.raises(ValueError, match="expected 'gan'"):
        cu.gan.train_gan(cfg, resume=tmp_path / "other.pt")
    assert path.read_bytes() == saved
