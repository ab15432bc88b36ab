"""DCGAN: architecture by config, the paper's initialisation, a smoke training run, checkpoints."""

import dataclasses

import numpy as np
import pytest
import torch
from torch import nn

from course_utils import dcgan, digits, images


@pytest.mark.parametrize("size,channels", [(8, 1), (16, 1), (28, 1), (32, 3), (64, 3)])
def test_generator_and_discriminator_shapes(size, channels):
    cfg = dcgan.DCGANConfig(image_size=size, channels=channels, z_dim=4, g_features=4, d_features=4)
    G, D = dcgan.Generator(cfg), dcgan.Discriminator(cfg)
    x = G(torch.randn(3, 4))
    assert x.shape == (3, channels, size, size)
    assert x.abs().max() <= 1  # tanh output
    assert D(x).shape == (3,)
    # the guidelines: no pooling, no BatchNorm on G's output or D's input
    assert not any(isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)) for m in [*G.modules(), *D.modules()])
    assert isinstance(G.net[-1], nn.Tanh) and isinstance(G.net[-2], nn.ConvTranspose2d)
    assert isinstance(D.net[0], nn.Conv2d) and isinstance(D.net[1], nn.LeakyReLU) and D.net[1].negative_slope == 0.2


def test_config_refuses_bad_values():
    with pytest.raises(ValueError, match="image_size"):
        dcgan.DCGANConfig(image_size=10)
    with pytest.raises(ValueError, match="beta1"):
        dcgan.DCGANConfig(beta1=1.0)


def test_init_is_normal_0_002():
    cfg = dcgan.DCGANConfig(image_size=32, g_features=32)
    G = dcgan.Generator(cfg)
    torch.manual_seed(0)
    G.apply(dcgan.init_weights)
    w = torch.cat([m.weight.flatten() for m in G.modules() if isinstance(m, nn.ConvTranspose2d)])
    assert abs(float(w.detach().mean())) < 1e-3 and float(w.detach().std()) == pytest.approx(0.02, rel=0.05)


def test_smoke_training_runs_checkpoints_and_resumes(tmp_path):
    data = digits.load_digits(seed=0)
    x = data.x_train[:256]
    path = tmp_path / "dcgan.pt"
    cfg = dcgan.DCGANConfig.preset("smoke", epochs=2, batch_size=64, n_fixed=8,
                                   checkpoint_path=str(path), checkpoint_every=1)
    res = dcgan.train_dcgan(x, cfg, progress=False)
    assert len(res.history["loss_d"]) == 2 and all(np.isfinite(res.history["loss_g"]))
    assert res.samples.shape == (2, 8, 1, 8, 8)
    assert not torch.equal(res.samples[0], res.samples[1])  # the generator moved
    assert res.epochs_per_second > 0
    # resume: two more epochs continue the history instead of restarting it
    more = dcgan.train_dcgan(x, dataclasses.replace(cfg, epochs=4), resume=path, progress=False)
    assert len(more.history["loss_d"]) == 4 and np.array_equal(more.history["loss_d"][:2], res.history["loss_d"])
    G = dcgan.load_generator(path)
    z = torch.randn(5, cfg.z_dim)
    assert torch.allclose(dcgan.sample(G, z), dcgan.sample(more.generator, z), atol=1e-6)
    with pytest.raises(ValueError, match="another config"):
        dcgan.train_dcgan(x, dataclasses.replace(cfg, epochs=5, z_dim=3), resume=path, progress=False)
    saved = path.read_bytes()
    with pytest.raises(FileExistsError, match="earlier run"):  # a fresh run over the saved one
        dcgan.train_dcgan(x, cfg, progress=False)
    assert path.read_bytes() == saved
    with pytest.raises(ValueError, match="images must be"):
        dcgan.train_dcgan(x[:, :, :4, :4], cfg, progress=False)


def test_training_is_deterministic_with_a_seed():
    x = digits.load_digits(seed=0).x_train[:128]
    cfg = dcgan.DCGANConfig.preset("smoke", epochs=1, n_fixed=4)
    a, b = dcgan.train_dcgan(x, cfg, progress=False), dcgan.train_dcgan(x, cfg, progress=False)
    assert torch.equal(a.samples, b.samples)


def test_interpolation_endpoints_and_norm():
    g = torch.Generator().manual_seed(0)
    z0, z1 = torch.randn(16, generator=g), torch.randn(16, generator=g)
    path = dcgan.interpolate(z0, z1, steps=9)
    assert torch.allclose(path[0], z0, atol=1e-5) and torch.allclose(path[-1], z1, atol=1e-5)
    lin = dcgan.interpolate(z0, z1, steps=9, spherical=False)
    assert lin[4].norm() < path[4].norm()  # linear paths cut through the low-norm middle


def test_quiz_scores_the_reader():
    real, fake = -torch.ones(4, 1, 8, 8), torch.ones(4, 1, 8, 8)
    quiz = images.Quiz(real, fake, seed=3)
    for i in range(4):
        left, right = quiz.pair()
        assert torch.equal(left if quiz.real_side[i] == 0 else right, real[i])
        quiz.answer(quiz.real_side[i] if i < 3 else 1 - quiz.real_side[i])
    assert quiz.score == (3, 4) and quiz.done
    with pytest.raises(ValueError, match="over"):
        quiz.answer(0)
    box = images.real_or_fake_quiz(real, fake, seed=0)
    box.children[0].children[box.quiz.real_side[0]].click()
    assert box.quiz.score == (1, 1)


def test_a_run_split_by_a_checkpoint_equals_the_straight_run(tmp_path):
    x = digits.load_digits(seed=0).x_train[:192]
    cfg = dcgan.DCGANConfig.preset("smoke", epochs=4, batch_size=64, n_fixed=4, g_features=8, d_features=8)
    straight = dcgan.train_dcgan(x, cfg, progress=False)
    path = tmp_path / "dcgan.pt"
    first = dataclasses.replace(cfg, epochs=2, checkpoint_path=str(path), checkpoint_every=1)
    dcgan.train_dcgan(x, first, progress=False)
    torch.manual_seed(123)  # whatever ran in between: resume restores every random stream
    split = dcgan.train_dcgan(x, dataclasses.replace(first, epochs=4), resume=path, progress=False)
    for key in ("loss_d", "loss_g", "d_real", "d_fake"):
        assert np.array_equal(split.history[key], straight.history[key]), key
    for a, b in zip(straight.generator.parameters(), split.generator.parameters()):
        assert torch.equal(a, b)
    assert torch.equal(split.samples, straight.samples)
