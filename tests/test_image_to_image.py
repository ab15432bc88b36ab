"""Chapter 10's image-to-image part: paired/unpaired digit data, pix2pix, CycleGAN, the face swap,
their shipped weights and the chapter's figures."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from course_utils.gan import cyclegan, digits, faceswap, paired, pix2pix, translators

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "checkpoints" / "image_to_image.pt"


@pytest.fixture(scope="module")
def pen():
    return paired.make_paired("pen", seed=0)


@pytest.fixture(scope="module")
def thick():
    return paired.make_unpaired("thick", seed=0)


# ---- data -----------------------------------------------------------------------------------

def test_edge_map_is_the_stroke_minus_its_erosion():
    x = -torch.ones(1, 1, 8, 8)
    x[..., 2:6, 2:6] = 1.0  # a 4×4 ink square
    e = paired.edge_map(x)
    assert set(e.unique().tolist()) == {-1.0, 1.0}
    assert int((e > 0).sum()) == 16 - 4  # the square's border: 12 pixels, the 2×2 inside is not an edge
    assert bool((e[..., 3:5, 3:5] < 0).all())


def test_thicken_is_a_grey_level_dilation():
    x = -torch.ones(1, 1, 5, 5)
    x[0, 0, 2, 2] = 0.5
    t = paired.thicken(x)
    assert bool((t[0, 0, 1:4, 1:4] == 0.5).all()) and float(t.sum()) == pytest.approx(9 * 0.5 - 16)
    assert torch.equal(paired.thicken(x, width=1), x)
    assert bool((paired.thicken(x) >= x).all())
    with pytest.raises(ValueError, match="width must be an odd integer"):
        paired.thicken(x, width=2)


def test_pen_pairs_have_two_right_answers(pen):
    x = paired.upsample(digits.load_digits(seed=0).x_test)
    assert torch.equal(pen.x_test, x)
    assert torch.equal(pen.a_test, paired.edge_map(x))
    is_fine = (pen.b_test == x).flatten(1).all(1)
    is_broad = (pen.b_test == paired.thicken(x)).flatten(1).all(1)
    assert bool((is_fine | is_broad).all())
    assert 0.35 < float(is_broad.float().mean()) < 0.65  # a fair coin per image


def test_unpaired_domains_share_no_digit(thick):
    full = paired.make_paired("thick", seed=0)
    n = len(full.a_train) // 2
    assert len(thick.a_train) == len(thick.b_train) == n
    rows_a = {tuple(r.tolist()) for r in thick.a_train.flatten(1)}
    sources_b = {tuple(r.tolist()) for r in full.a_train.flatten(1)[
        [i for i in range(len(full.b_train)) if any(torch.equal(full.b_train[i], b) for b in thick.b_train[:20])]]}
    assert not rows_a & sources_b  # the thick digits of B come from the other half
    assert torch.equal(thick.b_test, paired.thicken(thick.a_test))  # held out: the pairs, for scoring


def test_scores_of_the_truth_and_of_nearest_answers(thick):
    s = paired.translation_scores(thick.b_test, thick.b_test, thick.y_test)
    assert s.l1 == 0 and s.frechet == pytest.approx(0, abs=1e-6) and 0.8 < s.accuracy <= 1
    noise = torch.rand_like(thick.b_test) * 2 - 1
    worse = paired.translation_scores(noise, thick.b_test, thick.y_test)
    assert worse.frechet > 50 and worse.l1 > 0.5 and worse.accuracy < 0.3
    a, b = thick.a_test, thick.b_test
    assert paired.nearest_l1(a, a, b) == 0 and paired.nearest_l1(b, a, b) == 0
    assert paired.nearest_l1((a + b) / 2, a, b) == pytest.approx(float((a - b).abs().mean()) / 2, rel=1e-5)


def test_edits_and_bad_input():
    x = torch.ones(1, 1, 16, 16)
    assert float(paired.edit_edges(x, "erase the left half")[..., :8].max()) == -1
    assert torch.equal(paired.edit_edges(x, "as drawn"), x)
    shifted = paired.edit_edges(torch.arange(16.0).expand(1, 1, 16, 16) / 16, "shift 2 px right")
    assert float(shifted[0, 0, 0, 2]) == 0 and float(shifted[0, 0, 0, 0]) == -1
    with pytest.raises(ValueError, match="edit must be one of"):
        paired.edit_edges(x, "rotate")
    with pytest.raises(ValueError, match="kind must be one of"):
        paired.make_paired("colour")
    with pytest.raises(ValueError, match="size must be 16 or 32"):
        paired.make_paired("pen", size=20)
    with pytest.raises(ValueError, match="labels must have"):
        paired.translation_scores(x, x, torch.zeros(3, dtype=torch.long))


# ---- networks and training ---------------------------------------------------------------------

@pytest.mark.parametrize("size", [16, 32])
def test_unet_and_patchgan_shapes(size):
    G = pix2pix.UNet(features=8)
    assert tuple(G(torch.zeros(2, 1, size, size)).shape) == (2, 1, size, size)
    D = pix2pix.PatchDiscriminator(2, features=8)
    assert tuple(D(torch.zeros(2, 2, size, size)).shape) == (2, 1, size // 4, size // 4)
    plain = pix2pix.UNet(features=8, skips=False)
    assert sum(p.numel() for p in plain.parameters()) < sum(p.numel() for p in G.parameters())


def test_pix2pix_learns_and_is_repeatable(pen):
    cfg = pix2pix.Pix2PixConfig(features=8, epochs=3, batch_size=32)
    a, b = pen.a_train[:256], pen.b_train[:256]
    r1 = pix2pix.train_pix2pix(a, b, cfg, progress=False)
    r2 = pix2pix.train_pix2pix(a, b, cfg, progress=False)
    assert set(r1.history) == {"loss_l1", "loss_g_gan", "loss_d", "seconds"} and len(r1.history["loss_l1"]) == 3
    assert r1.history["loss_l1"][-1] < r1.history["loss_l1"][0]
    assert torch.equal(pix2pix.translate(r1.generator, pen.a_test[:8], dropout=False),
                       pix2pix.translate(r2.generator, pen.a_test[:8], dropout=False))
    # dropout at translation time: one sample per seed, the same for the same seed
    y0, y0b, y1 = (pix2pix.translate(r1.generator, pen.a_test[:8], seed=s) for s in (0, 0, 1))
    assert torch.equal(y0, y0b) and not torch.equal(y0, y1)
    l1_only = pix2pix.train_pix2pix(a, b, pix2pix.Pix2PixConfig(features=8, epochs=1, gan_weight=0), progress=False)
    assert l1_only.discriminator is None and float(l1_only.history["loss_d"][0]) == 0


def test_pix2pix_refuses_bad_input(pen):
    with pytest.raises(ValueError, match="must be pairs"):
        pix2pix.train_pix2pix(pen.a_train[:64], pen.b_train[:32], pix2pix.Pix2PixConfig.preset("smoke"), progress=False)
    with pytest.raises(ValueError, match="lie in \\[-1, 1\\]"):
        pix2pix.train_pix2pix(pen.a_train[:64] * 3, pen.b_train[:64], progress=False)
    with pytest.raises(ValueError, match="multiple of 8"):
        pix2pix.train_pix2pix(torch.zeros(64, 1, 12, 12), torch.zeros(64, 1, 12, 12), progress=False)
    with pytest.raises(ValueError, match="nothing to train"):
        pix2pix.Pix2PixConfig(lambda_l1=0, gan_weight=0)
    with pytest.raises(ValueError, match="gan_weight must be in"):
        pix2pix.Pix2PixConfig(gan_weight=-1)


def test_cyclegan_and_faceswap_run(thick):
    a, b = thick.a_train[:128], thick.b_train[:128]
    r = cyclegan.train_cyclegan(a, b, cyclegan.CycleGANConfig(features=8, epochs=2), progress=False)
    assert set(r.history) == {"loss_gan", "loss_cycle", "loss_d", "seconds"} and len(r.history["loss_cycle"]) == 2
    assert tuple(cyclegan.translate(r.g_ba, thick.b_test[:4]).shape) == (4, 1, 16, 16)
    with pytest.raises(ValueError, match="lambda_cycle must be in"):
        cyclegan.CycleGANConfig(lambda_cycle=-1)
    shared = faceswap.train_faceswap(a, b, faceswap.FaceSwapConfig(features=8, epochs=3), progress=False)
    assert shared.encoder_a is shared.encoder_b and shared.history["loss_a"][-1] < shared.history["loss_a"][0]
    separate = faceswap.train_faceswap(a, b, faceswap.FaceSwapConfig(features=8, epochs=1, shared=False), progress=False)
    assert separate.encoder_a is not separate.encoder_b
    with pytest.raises(ValueError, match="cannot make one batch"):
        faceswap.train_faceswap(a[:10], b[:10], progress=False)


# ---- shipped weights ---------------------------------------------------------------------------

def test_translators_round_trip_and_never_overwrite(tmp_path, thick):
    G = pix2pix.UNet(features=8, dropout=0.25, skips=False)
    sw = faceswap.train_faceswap(thick.a_train[:64], thick.b_train[:64], faceswap.FaceSwapConfig(features=8, epochs=1),
                                 progress=False)
    path = tmp_path / "t.pt"
    translators.save_translators(path, {"G": G, "enc": sw.encoder_a, "dec": sw.decoder_b}, {"k": 1})
    nets, meta = translators.load_translators(path)
    x = thick.a_test[:4]
    G.eval()
    for key, value in G.state_dict().items():  # float16 in the file, float32 again after loading
        loaded = nets["G"].state_dict()[key]
        assert loaded.dtype == value.dtype
        assert torch.equal(loaded, value.half().to(value.dtype) if value.is_floating_point() else value), key
    with torch.no_grad():
        assert torch.allclose(nets["G"](x), G(x), atol=2e-2)
        assert torch.allclose(nets["dec"](nets["enc"](x)), faceswap.swap(sw, x), atol=2e-2)
    assert meta == {"k": 1} and nets["G"].skips is False
    with pytest.raises(FileExistsError):
        translators.save_translators(path, {"G": G})
    with pytest.raises(ValueError, match="cannot save"):
        translators.save_translators(tmp_path / "u.pt", {"lin": torch.nn.Linear(2, 2)})


def test_the_shipped_networks_do_what_chapter_10_says(pen, thick):
    nets, meta = translators.load_translators(SHIPPED)
    assert {"pix2pix_l1", "pix2pix_gan", "cyclegan_cycle_identity_g_ab", "cyclegan_gan_alone_g_ab", "swap_shared_encoder_a",
            "swap_shared_decoder_b", "swap_separate_encoder_a", "swap_separate_decoder_b"} <= set(nets)
    clf = digits.pretrained_classifier(0).model
    fd = {k: paired.translation_scores(pix2pix.translate(nets[k], pen.a_test, dropout=False), pen.b_test,
                                       pen.y_test, clf).frechet for k in ("pix2pix_l1", "pix2pix_gan")}
    assert fd["pix2pix_gan"] < fd["pix2pix_l1"]
    cyc = {k: paired.translation_scores(cyclegan.translate(nets[k], thick.a_test), thick.b_test, thick.y_test, clf)
           for k in ("cyclegan_cycle_identity_g_ab", "cyclegan_gan_alone_g_ab")}
    full, alone = cyc["cyclegan_cycle_identity_g_ab"], cyc["cyclegan_gan_alone_g_ab"]
    assert full.accuracy > 0.5 and full.accuracy > alone.accuracy + 0.3 and full.l1 < alone.l1
    with torch.no_grad():
        swaps = {k: nets[f"swap_{k}_decoder_b"](nets[f"swap_{k}_encoder_a"](thick.a_test)) for k in ("shared", "separate")}
    s = {k: paired.translation_scores(v, thick.b_test, thick.y_test, clf) for k, v in swaps.items()}
    assert s["shared"].accuracy > 0.5 and s["shared"].l1 < s["separate"].l1
    assert meta["budget"] == "standard"


def test_the_chapter_figures_and_widget_build(pen):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_utils.show import translation

    fig = translation.rows_figure({"a": pen.a_test, "b": pen.b_test}, n=5)
    assert len(fig.axes) == 2
    plt.close("all")
    box = translation.translation_explorer({"G": pix2pix.UNet(features=8)}, pen.a_test[:5],
                                           digits.pretrained_classifier(0).model, run=True)
    assert len(box.children) == 2
    plt.close("all")
    with pytest.raises(ValueError, match="rows must name"):
        translation.rows_figure({})


def test_the_online_sources_fail_clearly_offline(monkeypatch):
    from course_utils.gan import digits as digits_module

    def offline(*args, **kwargs):
        raise RuntimeError("could not download mnist: no network (test)")

    monkeypatch.setattr(digits_module, "load_mnist", offline)
    with pytest.raises(RuntimeError, match="could not download mnist"):
        paired.make_paired("pen", size=32, source="mnist")
    with pytest.raises(ValueError, match="source must be"):
        paired.make_paired("pen", source="cifar")


def test_any_image_source_is_split_and_resized(monkeypatch):
    from course_utils.gan import digits as digits_module

    fake = (torch.rand(50, 1, 28, 28) * 2 - 1, torch.arange(50) % 10)
    monkeypatch.setattr(digits_module, "load_mnist", lambda name, train=True: fake)
    data = paired.make_paired("thick", size=32, source="fashion", seed=3)
    assert tuple(data.a_train.shape) == (40, 1, 32, 32) and tuple(data.a_test.shape) == (10, 1, 32, 32)
    assert torch.equal(data.b_test, paired.thicken(data.a_test))
