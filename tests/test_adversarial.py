"""FGSM and PGD on the digits classifier: budgets respected, accuracy falls with ε, PGD ≥ FGSM."""

import numpy as np
import pytest
import torch
from torch import nn

from course_utils import adversarial, digits


@pytest.fixture(scope="module")
def setup():
    data = digits.load_digits(seed=0)
    return digits.pretrained_classifier(0).model, data.x_test, data.y_test


EPS = np.round(np.arange(0.0, 0.55, 0.05), 2)


def test_fgsm_accuracy_falls_monotonically_with_eps(setup):
    model, x, y = setup
    curve = adversarial.accuracy_under_attack(model, x, y, EPS, "fgsm")
    assert curve.accuracy[0] == pytest.approx(digits.accuracy(model, x, y))
    assert np.all(np.diff(curve.accuracy) <= 0), curve.accuracy
    assert curve.accuracy[-1] < 0.2 < 0.9 < curve.accuracy[0]


def test_pgd_is_at_least_as_strong_as_fgsm(setup):
    model, x, y = setup
    eps = [0.1, 0.2, 0.3, 0.4]
    f = adversarial.accuracy_under_attack(model, x, y, eps, "fgsm")
    p = adversarial.accuracy_under_attack(model, x, y, eps, "pgd", steps=20)
    assert np.all(p.accuracy <= f.accuracy), (p.accuracy, f.accuracy)


@pytest.mark.parametrize("attack", ["fgsm", "pgd"])
@pytest.mark.parametrize("eps", [0.05, 0.3, 1.5])
def test_perturbation_within_eps_and_valid_range(setup, attack, eps):
    model, x, y = setup
    fn = adversarial.fgsm if attack == "fgsm" else adversarial.pgd
    x_adv = fn(model, x[:100], y[:100], eps)
    assert (x_adv - x[:100]).abs().max() <= eps + 1e-6
    assert x_adv.min() >= -1 and x_adv.max() <= 1
    assert not any(p.grad is not None and p.grad.abs().sum() > 0 for p in model.parameters())


def test_one_step_pgd_from_x_with_step_eps_is_fgsm(setup):
    model, x, y = setup
    a = adversarial.fgsm(model, x, y, 0.2)
    b = adversarial.pgd(model, x, y, 0.2, steps=1, alpha=0.2, random_start=False)
    assert torch.equal(a, b)


def test_fgsm_on_a_linear_model_matches_the_closed_form():
    # logits (z, 0) with z = w·x: for label 1 the loss grows with z, so the step is eps·sign(w)
    lin = nn.Linear(4, 2, bias=False)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor([[1.0, -2.0, 0.5, -0.1], [0.0, 0.0, 0.0, 0.0]]))
    model = nn.Sequential(nn.Flatten(), lin)
    x = torch.zeros(1, 1, 2, 2)
    x_adv = adversarial.fgsm(model, x, torch.tensor([1]), eps=0.1)
    assert torch.allclose(x_adv.flatten(), 0.1 * torch.tensor([1.0, -1.0, 1.0, -1.0]))


def test_targeted_attack_reaches_the_target(setup):
    model, x, y = setup
    target = (y[:50] + 1) % 10
    hits = []
    for eps in [0.0, 0.5, 1.0]:
        x_adv = adversarial.pgd(model, x[:50], target, eps=eps, steps=40, targeted=True)
        with torch.no_grad():
            hits.append(float((model(x_adv).argmax(1) == target).float().mean()))
    assert hits[0] < 0.1 and hits[1] > 0.6 and hits[2] > 0.95, hits


def test_adversarial_training_makes_the_classifier_more_robust():
    data = digits.load_digits(seed=0)
    plain = digits.train_classifier(data, epochs=10, seed=0)
    robust = digits.train_classifier(data, epochs=10, seed=0, perturb=adversarial.perturber("fgsm", 0.2))
    a = adversarial.accuracy_under_attack(plain.model, data.x_test, data.y_test, [0.2], "pgd").accuracy[0]
    b = adversarial.accuracy_under_attack(robust.model, data.x_test, data.y_test, [0.2], "pgd").accuracy[0]
    assert b > a + 0.1 and robust.test_accuracy > 0.9


def test_bad_arguments():
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 2))
    x, y = torch.zeros(2, 1, 2, 2), torch.zeros(2, dtype=torch.long)
    with pytest.raises(ValueError, match="eps"):
        adversarial.fgsm(model, x, y, -0.1)
    with pytest.raises(ValueError, match="attack"):
        adversarial.accuracy_under_attack(model, x, y, [0.1], "cw")
    with pytest.raises(ValueError, match="same length"):
        adversarial.pgd(model, x, y[:1], 0.1)
