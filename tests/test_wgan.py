"""Tests of the Wasserstein GAN parts of course_utils.gan (chapter 09)."""

import numpy as np
import pytest
import torch

import course_utils as cu
from course_utils.gan import wgan


def linear_critic(w, bias=0.3):
    f = torch.nn.Linear(len(w), 1)
    with torch.no_grad():
        f.weight.copy_(torch.tensor([w], dtype=torch.float32))
        f.bias.fill_(bias)
    return f


def test_gradient_penalty_of_a_linear_critic():
    x, y = torch.randn(16, 2), torch.randn(16, 2)
    # grad f = w everywhere: penalty λ (||w|| - 1)^2, zero when ||w|| = 1
    assert wgan.gradient_penalty(linear_critic([0.6, 0.8]), x, y).item() == pytest.approx(0.0, abs=1e-10)
    assert wgan.gradient_penalty(linear_critic([3.0, 4.0]), x, y).item() == pytest.approx(10 * 16.0)
    assert wgan.gradient_penalty(linear_critic([0.0, 0.5]), x, y, lam=2.0).item() == pytest.approx(0.5)


def test_gradient_penalty_norm_is_per_sample_over_all_dims():
    # f(x) = ½||x||² has grad x; with x_real = x_fake the interpolate is x itself.
    class HalfSquare(torch.nn.Module):
        def forward(self, x):
            return 0.5 * (x**2).flatten(1).sum(1, keepdim=True)

    x = torch.randn(4, 3, 5, 5)  # image-shaped batch
    expected = 10 * ((x.flatten(1).norm(dim=1) - 1) ** 2).mean()
    assert wgan.gradient_penalty(HalfSquare(), x, x.clone()).item() == pytest.approx(expected.item(), rel=1e-5)
    with pytest.raises(ValueError, match="same shape"):
        wgan.gradient_penalty(HalfSquare(), x, x[:2])


def test_gradient_penalty_on_a_subset_is_the_penalty_of_those_pairs():
    """samples=k is exactly the full penalty of the first k pairs (same ε draws), and its
    gradient reaches the critic; a bad k is refused."""
    class HalfSquare(torch.nn.Module):  # grad x; different per sample, so subsets differ
        def forward(self, x):
            return 0.5 * (x**2).sum(1, keepdim=True)

    x, y = torch.randn(32, 2), torch.randn(32, 2)
    full = wgan.gradient_penalty(HalfSquare(), x[:8], y[:8], generator=torch.Generator().manual_seed(3))
    sub = wgan.gradient_penalty(HalfSquare(), x, y, generator=torch.Generator().manual_seed(3), samples=8)
    assert sub.item() == full.item()
    every = wgan.gradient_penalty(HalfSquare(), x, y, generator=torch.Generator().manual_seed(3))
    assert every.item() != sub.item()
    f = linear_critic([3.0, 4.0])
    wgan.GradientPenalty(10.0, samples=4)(f, x, y).backward()
    assert np.allclose(f.weight.grad.numpy(), [[48.0, 64.0]], atol=1e-4)  # as with all pairs
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="samples must be a positive integer"):
            wgan.GradientPenalty(1.0, samples=bad)
        with pytest.raises(ValueError, match="samples must be a positive integer"):
            wgan.gradient_penalty(f, x, y, samples=bad)


def test_penalty_gradient_flows_to_critic_parameters():
    f = linear_critic([3.0, 4.0])
    pen = wgan.gradient_penalty(f, torch.randn(8, 2), torch.randn(8, 2))
    pen.backward()
    # d/dw λ(||w||-1)^2 = 2λ(||w||-1) w/||w|| = 2·10·4·(0.6, 0.8)
    assert np.allclose(f.weight.grad.numpy(), [[48.0, 64.0]], atol=1e-4)


def test_weight_clipping_bounds_every_parameter_during_training():
    cfg = cu.gan.wgan_config(iterations=20, eval_every=0, batch_size=64, clip=0.01)
    run = cu.gan.train_gan(cfg)
    params = torch.cat([p.detach().flatten() for p in run.D.parameters()])
    assert params.abs().max().item() <= 0.01 + 1e-12
    assert (params.abs() > 0.0099).float().mean() > 0.1  # many weights pinned at ±c
    with pytest.raises(ValueError, match="clip value"):
        wgan.WeightClip(0.0)


def test_wgan_configs_follow_the_papers_and_share_the_loop():
    c = cu.gan.wgan_config()
    assert (c.loss, c.optimizer, c.lr_d, c.lr_g, c.d_steps) == ("wasserstein", "rmsprop", 5e-5, 5e-5, 5)
    g = cu.gan.wgan_gp_config()
    assert (g.optimizer, g.lr_d, g.betas, g.d_steps, g.penalty.lam) == ("adam", 1e-4, (0.0, 0.9), 5, 10.0)
    run = cu.gan.train_gan(cu.gan.wgan_gp_config(iterations=5, eval_every=5, n_eval=100, batch_size=32))
    assert len(run.history["critic_gap"]) == 1 and np.isfinite(run.history["critic_gap"][0])


def test_w1_estimate_decreases_with_the_shift_and_matches_it():
    rng = np.random.default_rng(0)
    real = rng.normal(0.0, 1.0, (512, 1))
    noise = rng.normal(0.0, 1.0, (512, 1))
    estimates = [wgan.fit_critic(real, noise + shift, steps=250, seed=0).estimate for shift in (3.0, 2.0, 1.0)]
    exact = [cu.gan.wasserstein1_1d(real, noise + s) for s in (3.0, 2.0, 1.0)]
    assert estimates[0] > estimates[1] > estimates[2] > 0
    assert np.allclose(estimates, exact, rtol=0.2)

