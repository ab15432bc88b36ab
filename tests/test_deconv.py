"""Transposed convolution: the size formula, stamping by hand, and the checkerboard."""

import itertools

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from course_utils import deconv


def test_output_size_formula_matches_conv_transpose2d_for_many_configurations():
    checked = 0
    for n_in, k, s, p, d in itertools.product([1, 3, 5], [1, 2, 3, 4, 5], [1, 2, 3], [0, 1, 2], [1, 2]):
        for op in range(max(s, d)):
            try:
                expected = deconv.conv_transpose_output_size(n_in, k, s, p, op, d)
            except ValueError:
                continue  # padding larger than the output: PyTorch refuses too
            out = F.conv_transpose2d(torch.zeros(1, 1, n_in, n_in), torch.zeros(1, 1, k, k),
                                     stride=s, padding=p, output_padding=op, dilation=d)
            assert out.shape[-1] == expected, (n_in, k, s, p, op, d)
            checked += 1
    assert checked > 300


def test_conv_size_is_inverted_by_the_transposed_size():
    for n, k, s, p in itertools.product(range(5, 20), [3, 4, 5], [1, 2], [0, 1, 2]):
        m = deconv.conv_output_size(n, k, s, p)
        assert F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1] == m
        back = deconv.conv_transpose_output_size(m, k, s, p)
        assert n - s < back <= n  # the transposed size is one of the sizes the conv maps to m


def test_bad_arguments_are_refused_with_their_value():
    with pytest.raises(ValueError, match="stride"):
        deconv.conv_transpose_output_size(4, 3, stride=0)
    with pytest.raises(ValueError, match="output_padding"):
        deconv.conv_transpose_output_size(4, 3, stride=2, output_padding=2)
    with pytest.raises(ValueError, match="does not fit"):
        deconv.conv_output_size(2, kernel=5)


@pytest.mark.parametrize("stride,padding", [(1, 0), (2, 0), (2, 1), (3, 1)])
def test_by_hand_equals_pytorch_1d_and_2d(stride, padding):
    rng = np.random.default_rng(stride * 10 + padding)
    x, w = rng.normal(size=5), rng.normal(size=4)
    layer = nn.ConvTranspose1d(1, 1, 4, stride, padding, bias=False)
    layer.weight.data = torch.tensor(w, dtype=torch.float64).view(1, 1, 4)
    with torch.no_grad():
        ref = layer.double()(torch.tensor(x).view(1, 1, 5))[0, 0].numpy()
    np.testing.assert_allclose(deconv.conv_transpose1d_by_hand(x, w, stride, padding), ref, atol=1e-12)

    x2, w2 = rng.normal(size=(3, 4)), rng.normal(size=(3, 3))
    layer2 = nn.ConvTranspose2d(1, 1, 3, stride, padding, bias=False).double()
    layer2.weight.data = torch.tensor(w2).view(1, 1, 3, 3)
    with torch.no_grad():
        ref2 = layer2(torch.tensor(x2).view(1, 1, 3, 4))[0, 0].numpy()
    np.testing.assert_allclose(deconv.conv_transpose2d_by_hand(x2, w2, stride, padding), ref2, atol=1e-12)


def test_checkerboard_appears_iff_kernel_not_divisible_by_stride():
    for k, s in [(3, 2), (5, 2), (4, 3), (5, 3)]:
        inner = deconv.overlap_counts(6, k, s)[k:-k, k:-k]
        assert inner.max() > inner.min(), (k, s)
    for k, s in [(2, 2), (4, 2), (6, 3), (3, 1)]:
        inner = deconv.overlap_counts(6, k, s)[k:-k, k:-k]
        assert inner.max() == inner.min(), (k, s)


def test_resize_convolution_is_even_and_doubles_the_size():
    counts = deconv.overlap_counts(6, kernel=3, stride=2, resize=True)
    assert counts.shape == (12, 12)
    assert np.all(counts == 9)  # replicate padding: every pixel sees 3×3 ones
