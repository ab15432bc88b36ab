"""The fault suite: bad input is refused early with the value and what was expected, and
training that goes wrong stops loudly instead of finishing with NaN weights.

(Checkpoint faults — a save killed midway, a full disk, permissions, malicious pickles —
are in ``test_checkpoint.py``; split-vs-straight resume is tested beside each trainer:
``test_dqn.py``, ``test_gan.py``, ``test_dcgan.py``, ``test_atari.py``.)
"""

import math

import gymnasium as gym
import numpy as np
import pytest
import torch

import course_utils as cu
from course_utils.gan import dcgan
from course_utils.rl.dqn import DQNConfig, train_dqn

# ---- silent divergence (issue 17, item 4) ------------------------------------------------------


@pytest.mark.parametrize("lr", [math.inf, math.nan, 1e6, 0.0])
def test_dqn_refuses_learning_rates_that_cannot_learn(lr):
    with pytest.raises(ValueError, match="learning_rate must be in"):
        train_dqn(DQNConfig.preset("smoke", learning_rate=lr), progress=False)


def test_dqn_stops_at_the_first_non_finite_loss(monkeypatch):
    cfg = DQNConfig.preset("smoke", total_steps=800, learning_starts=200, train_every=50,
                           gradient_steps=2, eval_every=0, hidden=(8,))

    def exploding(input, target, *args, **kwargs):  # a loss that overflows, as lr 1e6 makes it
        return (input - target).pow(2).mean() * math.inf

    monkeypatch.setattr(torch.nn.functional, "smooth_l1_loss", exploding)
    with pytest.raises(ValueError, match=r"training diverged at step \d+: the TD loss is (inf|nan)"):
        train_dqn(cfg, progress=False)


def _images(n, value=0.0):
    return torch.full((n, 1, 8, 8), value)


def test_dcgan_refuses_data_that_cannot_train():
    cfg = dcgan.DCGANConfig.preset("smoke", epochs=1, batch_size=16, n_fixed=4)
    x = _images(32)
    x[3, 0, 2, 2] = math.nan
    with pytest.raises(ValueError, match="1 NaN or infinite"):
        dcgan.train_dcgan(x, cfg, progress=False)
    with pytest.raises(ValueError, match="10 images cannot make one batch of batch_size 16"):
        dcgan.train_dcgan(_images(10), cfg, progress=False)
    with pytest.raises(ValueError, match="must be a torch.Tensor.*ndarray"):
        dcgan.train_dcgan(np.zeros((32, 1, 8, 8), dtype=np.float32), cfg, progress=False)


def test_dcgan_stops_when_its_losses_go_non_finite(monkeypatch):
    cfg = dcgan.DCGANConfig.preset("smoke", epochs=2, batch_size=16, n_fixed=4)
    real_bce = torch.nn.BCEWithLogitsLoss.forward
    monkeypatch.setattr(torch.nn.BCEWithLogitsLoss, "forward",
                        lambda self, a, b: real_bce(self, a, b) * math.nan)
    with pytest.raises(ValueError, match="training diverged in epoch 1"):
        dcgan.train_dcgan(_images(32), cfg, progress=False)


# ---- attacks keep their ε guarantee (item 5) -----------------------------------------------------


@pytest.mark.parametrize("attack", [cu.adversarial.fgsm, cu.adversarial.pgd])
@pytest.mark.parametrize("x, clip", [(torch.full((2, 1, 4, 4), 200.0), (-1.0, 1.0)),
                                     (torch.full((2, 1, 4, 4), -0.5), (0.0, 1.0))])
def test_attacks_refuse_images_outside_the_clip_range(attack, x, clip):
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(16, 3))
    with pytest.raises(ValueError, match="images must lie in clip"):
        attack(model, x, torch.tensor([0, 1]), 0.1, clip=clip)


def test_attacks_stay_in_the_eps_ball_when_the_range_is_given():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(16, 3))
    x = torch.rand(4, 1, 4, 4) * 255
    for attack in (cu.adversarial.fgsm, cu.adversarial.pgd):
        x_adv = attack(model, x, torch.tensor([0, 1, 2, 0]), 2.0, clip=(0.0, 255.0))
        assert (x_adv - x).abs().max() <= 2.0 + 1e-4 and x_adv.min() >= 0 and x_adv.max() <= 255


# ---- games take their documented state forms (item 6) --------------------------------------------


def test_nim_accepts_plain_tuples_as_states():
    g = cu.games.Nim((1, 2))
    assert cu.games.minimax(g, ((1, 2), 0)).value == 1  # Bouton: 1 xor 2 != 0, the mover wins
    assert cu.games.alphabeta(g, [[1, 2], 0]).action == (1, 1)
    with pytest.raises(ValueError, match="a Nim state is"):
        cu.games.minimax(g, 5)


# ---- wrong types give clear errors, small mismatches are gone (item 10) --------------------------


@pytest.mark.parametrize("make, match", [
    (lambda: DQNConfig.preset("smoke", hidden="64").validate(), "hidden must be a tuple of positive integer"),
    (lambda: DQNConfig.preset("smoke", hidden=(64, 0)).validate(), "hidden must be a tuple"),
    (lambda: dcgan.DCGANConfig(z_dim=2.5), "z_dim must be an integer >= 1, got 2.5"),
    (lambda: dcgan.DCGANConfig(z_dim="8"), "z_dim must be an integer >= 1, got '8'"),
    (lambda: dcgan.DCGANConfig(lr=2.0), "lr must be in"),
    (lambda: cu.set_seed(2**70), r"seed must be an integer in \[0, 2\*\*32\)"),
    (lambda: cu.gan.train_gan(cu.gan.GANConfig(betas=(0.5,))), r"betas must be two numbers in \[0, 1\)"),
    (lambda: cu.gan.train_gan({"iterations": 3}), "config must be a GANConfig, got dict"),
    (lambda: train_dqn({"total_steps": 3}), "config must be a DQNConfig.*got dict"),
    (lambda: dcgan.train_dcgan(_images(64), {"epochs": 1}), "config must be a DCGANConfig, got dict"),
    (lambda: cu.gan.mode_metrics(np.zeros((3, 2)), np.zeros((1, 2)), std="0.02"), "std must be a positive"),
    (lambda: cu.mdp.returns_to_go(np.ones((2, 3)), 0.9), r"shape \(T,\), got shape \(2, 3\)"),
])
def test_wrong_types_are_refused_with_the_value(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def _two_state_mdp(gamma):
    P = np.zeros((2, 2, 2))
    P[0, 0, 0] = P[0, 1, 1] = P[1, :, 1] = 1.0
    R_sas = np.zeros((2, 2, 2))
    R_sas[0, 1, 1] = 1.0
    return cu.mdp.MDP.from_transitions(P, R_sas, gamma, terminal=[False, True])


def test_q_learning_on_an_mdp_env_uses_the_mdps_gamma():
    m = _two_state_mdp(0.5)
    r = cu.tabular.q_learning(cu.mdp.MDPEnv(m, max_steps=1), episodes=200, alpha=1.0, epsilon=1.0)
    assert r.config.gamma == 0.5
    # one step: Q(0, stay) = 0 + γ max Q(0, .) → bootstraps on truncation with the MDP's γ = 0.5
    assert r.q[0, 1] == pytest.approx(1.0) and r.q[0, 0] == pytest.approx(0.5)
    assert cu.tabular.q_learning(gym.make("FrozenLake-v1"), episodes=2).config.gamma == 0.99
    assert cu.tabular.q_learning(cu.mdp.MDPEnv(m), episodes=2, gamma=0.9).config.gamma == 0.9


def test_from_gymnasium_gives_an_mdp_env_its_mdp_back():
    P = np.zeros((3, 1, 3))
    P[0, 0, 1] = P[0, 0, 2] = 0.5
    P[1, 0, 1] = P[2, 0, 2] = 1.0
    R_sas = np.zeros((3, 1, 3))
    R_sas[0, 0, 1], R_sas[0, 0, 2] = 4.0, -2.0  # R(0) = 1 on average, R_sas tells them apart
    m = cu.mdp.MDP.from_transitions(P, R_sas, 0.7, terminal=[False, True, True])
    back = cu.mdp.from_gymnasium(cu.mdp.MDPEnv(m))
    assert back.gamma == 0.7 and np.allclose(back.R_sas[0, 0], [0.0, 4.0, -2.0])
    assert np.allclose(back.P, m.P) and np.allclose(back.R, m.R)


def test_mdp_env_refuses_a_step_before_reset():
    env = cu.mdp.MDPEnv(_two_state_mdp(0.9))
    with pytest.raises(gym.error.ResetNeeded, match="reset"):
        env.step(0)
    env.reset(seed=0)
    assert env.step(1)[1:3] == (1.0, True)
