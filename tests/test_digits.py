"""The offline digits, the classifier and the image metrics (calibrated: real < collapsed < noise)."""

import urllib.error

import numpy as np
import pytest
import torch
from scipy import linalg

from course_utils import digit_metrics, digits


@pytest.fixture(scope="module")
def data():
    return digits.load_digits(seed=0)


@pytest.fixture(scope="module")
def clf():
    return digits.pretrained_classifier(0)


def test_load_digits_range_shapes_split_and_seed(data):
    assert data.x_train.shape == (1437, 1, 8, 8) and data.x_test.shape == (360, 1, 8, 8)
    assert data.x_train.dtype == torch.float32
    assert data.x_train.min() == -1 and data.x_train.max() == 1
    # stratified: every class holds 9–11% of the held-out set
    share = np.bincount(data.y_test.numpy(), minlength=10) / len(data.y_test)
    assert share.min() > 0.09 and share.max() < 0.11
    again, other = digits.load_digits(seed=0), digits.load_digits(seed=1)
    assert torch.equal(again.x_test, data.x_test) and not torch.equal(other.x_test, data.x_test)
    with pytest.raises(ValueError, match="test_fraction"):
        digits.load_digits(test_fraction=1.5)


def test_mnist_loader_fails_clearly_offline(monkeypatch, tmp_path):
    def no_network(*args, **kwargs):
        raise urllib.error.URLError("no network")

    monkeypatch.setattr(digits.urllib.request, "urlopen", no_network)
    with pytest.raises(RuntimeError, match="load_digits"):
        digits.load_mnist("fashion", root=tmp_path)
    with pytest.raises(ValueError, match="name"):
        digits.load_mnist("cifar", root=tmp_path)


def test_mnist_loader_reads_idx_files(tmp_path):
    import gzip

    folder = tmp_path / "mnist"
    folder.mkdir()
    pixels = np.arange(2 * 28 * 28, dtype=np.uint32) % 256
    header = np.array([2051, 2, 28, 28], dtype=">i4").tobytes()
    (folder / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(header + pixels.astype(np.uint8).tobytes()))
    (folder / "t10k-labels-idx1-ubyte.gz").write_bytes(
        gzip.compress(np.array([2049, 2], dtype=">i4").tobytes() + bytes([7, 3])))
    x, y = digits.load_mnist("mnist", train=False, root=tmp_path)
    assert x.shape == (2, 1, 28, 28) and y.tolist() == [7, 3]
    assert x.min() == -1 and x.max() == 1


def test_classifier_reaches_the_reference_accuracy(clf, data):
    trained = digits.train_classifier(data, seed=0)
    assert trained.test_accuracy >= 0.95  # BENCHMARKS.md: a small MLP reaches ≈ 0.97
    assert len(trained.history["loss"]) == 30 and trained.history["loss"][-1] < trained.history["loss"][0]
    # the reference classifier (shipped weights, or trained when they are missing) is as good
    assert clf.test_accuracy >= 0.95
    assert digits.accuracy(clf.model, data.x_test, data.y_test) == pytest.approx(clf.test_accuracy)


def test_frechet_distance_against_scipy_sqrtm():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(400, 4)) @ rng.normal(size=(4, 4))
    b = rng.normal(size=(300, 4)) @ rng.normal(size=(4, 4)) + 1.0
    sa, sb = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    ref = ((a.mean(0) - b.mean(0)) ** 2).sum() + np.trace(sa + sb - 2 * linalg.sqrtm(sa @ sb).real)
    assert digit_metrics.frechet_distance(a, b) == pytest.approx(ref, rel=1e-6)
    assert digit_metrics.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    with pytest.raises(ValueError, match="equal d"):
        digit_metrics.frechet_distance(a, b[:, :3])


def test_precision_recall_extremes():
    rng = np.random.default_rng(2)
    real = rng.normal(size=(300, 3))
    assert digit_metrics.precision_recall(real, real) == (1.0, 1.0)
    far = real + 100.0
    assert digit_metrics.precision_recall(real, far) == (0.0, 0.0)


def test_metrics_calibration_ranks_real_collapsed_noise(data, clf):
    """Real held-out data scores best, a one-class 'generator' worse, noise worst."""
    real = digit_metrics.evaluate_images(data.x_train, data.x_test, clf.model)
    collapsed = digit_metrics.evaluate_images(data.x_train[data.y_train == 3], data.x_test, clf.model)
    g = torch.Generator().manual_seed(0)
    noise = digit_metrics.evaluate_images(torch.rand(1437, 1, 8, 8, generator=g) * 2 - 1, data.x_test, clf.model)
    assert real.frechet < collapsed.frechet < noise.frechet
    assert 10 * real.frechet < collapsed.frechet
    assert real.classes_covered == 10 and collapsed.classes_covered == 1
    assert real.histogram.sum() == 1437
    assert collapsed.recall < 0.2 < 0.8 < real.recall  # one class covers a tenth of the data
    assert collapsed.precision > 0.8 and real.precision > 0.8  # real-looking digits, both
    assert noise.precision < 0.05 and noise.recall < 0.05
