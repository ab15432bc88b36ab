"""Progress bars: the loops that can run for minutes show a tqdm bar, and ``progress=False``
(for many short calls, as the GAN playground's steps) shows nothing."""

import pytest
from tqdm import std

import course_utils as cu
from course_utils.gan import digits
from course_utils.gan import train as gan_train


@pytest.fixture(autouse=True)
def console_bars(monkeypatch):
    """The console bar: ``tqdm.auto`` picks the widget bar once any test of the run has made an
    IPython kernel shell (the widget tests do), and that one prints its text to stdout."""
    monkeypatch.setattr(gan_train, "tqdm", std.tqdm)
    monkeypatch.setattr(digits, "tqdm", std.tqdm)


def small_gan(**kw):
    return cu.gan.GANConfig(iterations=20, eval_every=10, n_eval=100, batch_size=16, **kw)


def test_train_gan_shows_a_bar_with_the_losses(capfd):
    cu.gan.train_gan(small_gan(), progress=True)
    err = capfd.readouterr().err
    assert "GAN" in err and "20/20" in err, err
    assert "loss_d=" in err and "loss_g=" in err, err


def test_train_gan_without_progress_writes_nothing(capfd):
    cu.gan.train_gan(small_gan(), progress=False)
    out = capfd.readouterr()
    assert out.err == "" and out.out == ""


def test_train_classifier_shows_a_bar_per_epoch(capfd):
    data = digits.load_digits(seed=0)
    digits.train_classifier(data, epochs=2, seed=0, progress=True)
    err = capfd.readouterr().err
    assert "classifier" in err and "2/2" in err and "test_accuracy=" in err, err
    digits.train_classifier(data, epochs=2, seed=0, progress=False)
    assert capfd.readouterr().err == ""


def test_the_playground_steps_without_bars(monkeypatch, capfd):
    import matplotlib

    matplotlib.use("Agg")
    shown = []
    real = gan_train.tqdm

    def spy(*args, disable=False, **kw):
        shown.append(not disable)
        return real(*args, disable=disable, **kw)

    monkeypatch.setattr(gan_train, "tqdm", spy)
    box = cu.gan_playground.playground(steps_per_tick=2, n_eval=50)
    buttons = box.children[-2].children  # play, step, reset, view toggles
    buttons[1].click()
    buttons[1].click()
    buttons[2].click()
    assert len(shown) >= 4 and not any(shown), shown
    assert "GAN" not in capfd.readouterr().err


def test_the_bar_does_not_change_the_run():
    quiet = cu.gan.train_gan(small_gan(seed=1), progress=False)
    shown = cu.gan.train_gan(small_gan(seed=1), progress=True)
    assert quiet.history["loss_d"].tolist() == shown.history["loss_d"].tolist()
