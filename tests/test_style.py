"""Neural style transfer: Gram matrices by hand, random features, a short offline run, VGG-19's layout."""

from __future__ import annotations

import urllib.error
import urllib.request

import numpy as np
import pytest
import torch

from course_utils.gan import style

# torchvision's vgg19().features: (index of each conv, its output channels); conv k takes conv k-1's channels.
VGG19_CONVS = [(0, 64), (2, 64), (5, 128), (7, 128), (10, 256), (12, 256), (14, 256), (16, 256),
               (19, 512), (21, 512), (23, 512), (25, 512), (28, 512), (30, 512), (32, 512), (34, 512)]


def expected_vgg19_keys() -> list[tuple[str, tuple[int, ...]]]:
    keys, c_in = [], 3
    for index, c_out in VGG19_CONVS:
        keys += [(f"features.{index}.weight", (c_out, c_in, 3, 3)), (f"features.{index}.bias", (c_out,))]
        c_in = c_out
    return keys


@pytest.fixture(scope="module")
def photos():
    return style.load_sample_photos(size=64)


@pytest.fixture(scope="module")
def runs(photos):
    """40 steps at 64 pixels, both ways. Measured: style loss down 42× (china × flower) and 12.5×, content loss
    0.75 and 0.52 of the style image's, style distance 0.023 and 0.077 of the content image's."""
    cfg = style.StyleConfig(steps=40, size=64)
    return {(c, s): style.style_transfer(photos[c], photos[s], cfg, progress=False)
            for c, s in (("china", "flower"), ("flower", "china"))}


def test_gram_matrix_by_hand():
    f = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 1, 2)  # C=2 channels, H=1, W=2
    # F F^T = [[1+4, 3+8], [3+8, 9+16]], divided by C H W = 4
    assert torch.allclose(style.gram_matrix(f), torch.tensor([[[1.25, 2.75], [2.75, 6.25]]]))


def test_gram_matrix_is_symmetric_psd_and_batched():
    x = torch.randn(3, 5, 4, 6, generator=torch.Generator().manual_seed(0))
    G = style.gram_matrix(x)
    assert G.shape == (3, 5, 5)
    assert torch.allclose(G, G.transpose(1, 2))
    assert torch.linalg.eigvalsh(G).min() > -1e-6
    assert torch.allclose(G[1], style.gram_matrix(x[1:2])[0])
    with pytest.raises(ValueError, match=r"\(B, C, H, W\).*\(5, 4, 6\)"):
        style.gram_matrix(x[0])


def test_random_features_are_fixed_by_the_seed_only():
    x = torch.rand(1, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    state = torch.random.get_rng_state()
    a, b, c = style.RandomFeatures(0), style.RandomFeatures(0), style.RandomFeatures(1)
    assert torch.equal(torch.random.get_rng_state(), state)  # its own generator: the global RNG is untouched
    fa, fb, fc = a(x), b(x), c(x)
    assert [f.shape[1:] for f in fa] == [(64, 32, 32), (128, 16, 16), (256, 8, 8), (256, 4, 4)]
    assert all(torch.equal(u, v) for u, v in zip(fa, fb))
    assert not torch.allclose(fa[0], fc[0])
    assert not any(p.requires_grad for p in a.parameters())
    assert a.content_layer == 1 and a.style_layers == (0, 1, 2, 3)
    assert len(style.RandomFeatures(0, widths=(8, 16), content_layer=0)(x)) == 2
    with pytest.raises(ValueError, match="widths.*got \\(8, 0\\)"):
        style.RandomFeatures(0, widths=(8, 0))
    with pytest.raises(ValueError, match="content_layer.*got 2"):
        style.RandomFeatures(0, widths=(8, 16), content_layer=2)


def test_load_sample_photos(photos):
    assert sorted(photos) == ["china", "flower"]
    for x in photos.values():
        assert x.shape == (1, 3, 64, 64) and x.dtype == torch.float32
        assert 0 <= x.min() < 0.2 and 0.8 < x.max() <= 1  # real photos use the whole range
    assert not torch.allclose(photos["china"], photos["flower"])
    with pytest.raises(ValueError, match="size must be an integer >= 8, got 0"):
        style.load_sample_photos(size=0)


@pytest.mark.parametrize("pair", [("china", "flower"), ("flower", "china")])
def test_short_run_takes_the_style_and_keeps_the_content(photos, runs, pair):
    content, style_image = photos[pair[0]], photos[pair[1]]
    result = runs[pair]
    h = result.history
    assert set(h) == {"content_loss", "style_loss", "total"} and all(v.shape == (40,) for v in h.values())
    assert h["style_loss"][0] / h["style_loss"][-1] > 5  # measured 12.5× and 42×
    assert h["content_loss"][0] == pytest.approx(0, abs=1e-6)  # it starts from the content image
    # the result stays nearer the content (in content loss) than the style image is
    net = style.RandomFeatures(0)
    style_image_content_loss = float(style._relative(net(style_image)[1], net(content)[1]))
    assert h["content_loss"][-1] < style_image_content_loss  # measured ratio 0.75 and 0.52
    before, after = style.style_distance(content, style_image), style.style_distance(result.image, style_image)
    assert after < 0.2 * before  # measured 0.023 and 0.077
    assert result.image.shape == content.shape and result.image.device.type == "cpu"
    assert 0 <= result.image.min() and result.image.max() <= 1
    assert result.seconds > 0 and result.config.steps == 40


def test_same_seed_same_image_other_seed_other_image(photos):
    cfg = style.StyleConfig(steps=3, size=32, init="noise")
    a, b = (style.style_transfer(photos["china"], photos["flower"], cfg, progress=False) for _ in range(2))
    c = style.style_transfer(photos["china"], photos["flower"], style.StyleConfig(steps=3, size=32, init="noise",
                                                                                  seed=1), progress=False)
    assert torch.equal(a.image, b.image) and np.array_equal(a.history["total"], b.history["total"])
    assert not torch.allclose(a.image, c.image)


def test_offline_default_never_touches_the_network(monkeypatch, photos):
    def no_network(*args, **kwargs):
        raise AssertionError("the offline path went to the network")

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    result = style.style_transfer(photos["flower"], photos["china"], style.StyleConfig.preset("smoke"), progress=False)
    assert result.config.features == "random" and result.image.shape == (1, 3, 64, 64)
    assert style.style_distance(photos["china"], photos["china"]) == pytest.approx(0, abs=1e-7)


def test_vgg19_without_internet_says_what_to_do(monkeypatch, photos):
    def offline(*args, **kwargs):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url", offline)
    with pytest.raises(RuntimeError, match="needs internet.*features='random' works offline"):
        style.vgg19_features()
    with pytest.raises(RuntimeError, match="needs internet"):
        style.style_transfer(photos["china"], photos["flower"], style.StyleConfig(steps=1, features="vgg19"),
                             progress=False)


def test_vgg19_has_torchvisions_layout_and_loads_its_state_dict(monkeypatch):
    net = style.VGG19Features()
    assert [(k, tuple(v.shape)) for k, v in net.state_dict().items()] == expected_vgg19_keys()
    assert len(net.features) == 37  # 16 convs + 16 ReLUs + 5 max-pools
    assert [type(net.features[i]).__name__ for i in (4, 9, 18, 27, 36)] == ["MaxPool2d"] * 5
    # a torchvision-like checkpoint (classifier included) loads; the extractor keeps features.* only
    gen = torch.Generator().manual_seed(0)
    fake = {k: torch.randn(s, generator=gen) * 0.01 for k, s in expected_vgg19_keys()}
    fake["classifier.0.weight"] = torch.zeros(4, 4)
    urls = []
    monkeypatch.setattr(torch.hub, "load_state_dict_from_url", lambda url, **kw: urls.append(url) or fake)
    loaded = style.vgg19_features()
    assert urls == ["https://download.pytorch.org/models/vgg19-dcbaeb0f.pth"]
    assert torch.equal(loaded.state_dict()["features.34.weight"], fake["features.34.weight"])
    feats = loaded(torch.rand(1, 3, 32, 32))
    assert [f.shape[1:] for f in feats] == [(64, 32, 32), (128, 16, 16), (256, 8, 8), (512, 4, 4), (512, 4, 4),
                                            (512, 2, 2)]
    assert loaded.content_layer == 4 and loaded.style_layers == (0, 1, 2, 3, 5)


@pytest.mark.parametrize("kwargs,message", [
    (dict(steps=0), "steps must be an integer >= 1, got 0"),
    (dict(size=4), "size must be an integer >= 8, got 4"),
    (dict(lr=0.0), r"lr must be in \(0, inf\), got 0.0"),
    (dict(style_weight=-1.0), r"style_weight must be in \[0, inf\), got -1.0"),
    (dict(features="vgg16"), "features must be one of .*got 'vgg16'"),
    (dict(init="zeros"), "init must be one of .*got 'zeros'"),
])
def test_config_refuses_bad_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        style.StyleConfig(**kwargs)


@pytest.mark.parametrize("image,message", [
    (torch.rand(1, 1, 16, 16), r"content must be a tensor of shape .*got \(1, 1, 16, 16\)"),
    (torch.rand(2, 3, 16, 16), r"got \(2, 3, 16, 16\)"),
    (np.zeros((3, 16, 16)), "got ndarray"),
    (torch.full((3, 16, 16), 2.0), r"content must be finite, in \[0, 1\], got values in \[2, 2\]"),
    (torch.full((3, 16, 16), float("nan")), "content must be finite.*nan"),
])
def test_bad_images_are_refused(photos, image, message):
    with pytest.raises(ValueError, match=message):
        style.style_transfer(image, photos["flower"], style.StyleConfig(steps=1), progress=False)


def test_shapes_sizes_and_presets(photos):
    wide = torch.rand(3, 40, 60, generator=torch.Generator().manual_seed(0))  # (3, H, W) is accepted
    assert style.style_transfer(wide, photos["china"], style.StyleConfig(steps=1, size=None),
                                progress=False).image.shape == (1, 3, 40, 60)
    assert style.style_transfer(wide, photos["china"], style.StyleConfig(steps=1, size=20),
                                progress=False).image.shape == (1, 3, 20, 30)
    assert [style.StyleConfig.preset(b).steps for b in ("smoke", "standard", "full")] == [10, 150, 500]
    assert style.StyleConfig.preset("full").features == "random"  # every preset stays offline
    assert style.StyleConfig.preset("smoke", style_weight=20.0).style_weight == 20.0
    with pytest.raises(ValueError, match="config must be a StyleConfig"):
        style.style_transfer(wide, wide, {"steps": 1})
