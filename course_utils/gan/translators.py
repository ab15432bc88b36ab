"""Saving and loading the trained networks of chapter 10 (pix2pix, CycleGAN, face swap) in one file.

The chapter shows results without training under the ``smoke`` budget from
``checkpoints/image_to_image.pt``, written by ``benchmarks/bench_image_to_image.py``. A file
holds, per name, how to rebuild the network (its kind and constructor arguments) and its
weights, plus free-form metadata (the scores measured when it was made); loading uses
``torch.load(..., weights_only=True)`` through :func:`course_utils.checkpoint.load`.

>>> import os, tempfile
>>> from course_utils.gan.pix2pix import UNet
>>> path = os.path.join(tempfile.mkdtemp(), "t.pt")
>>> _ = save_translators(path, {"G": UNet(features=8)}, {"note": "demo"})
>>> nets, meta = load_translators(path)
>>> type(nets["G"]).__name__, meta["note"]
('UNet', 'demo')
"""

from __future__ import annotations

from pathlib import Path

from torch import nn

from .. import checkpoint as ckpt
from .faceswap import _decoder, _encoder
from .pix2pix import UNet

__all__ = ["KIND", "save_translators", "load_translators"]

KIND = "image_to_image"


def _spec(net: nn.Module) -> dict:
    """How to rebuild ``net``: its kind and constructor arguments."""
    if isinstance(net, UNet):
        return {"arch": "unet", "in_channels": net.d1[0].in_channels, "out_channels": net.u1[0].out_channels,
                "features": net.d1[0].out_channels, "skips": net.skips,
                "dropout": next((m.p for m in net.modules() if isinstance(m, nn.Dropout)), 0.0)}
    if isinstance(net, nn.Sequential) and getattr(net, "course_role", None) in ("encoder", "decoder"):
        conv = net[0][0]
        if net.course_role == "encoder":
            return {"arch": "encoder", "channels": conv.in_channels, "features": conv.out_channels}
        return {"arch": "decoder", "channels": net[1].out_channels, "features": conv.out_channels}
    raise ValueError(f"cannot save a {type(net).__name__}: only the U-Nets and face-swap parts of chapter 10")


def _build(spec: dict) -> nn.Module:
    arch = spec["arch"]
    if arch == "unet":
        return UNet(spec["in_channels"], spec["out_channels"], spec["features"], spec["dropout"], spec["skips"])
    if arch == "encoder":
        return _encoder(spec["channels"], spec["features"])
    if arch == "decoder":
        return _decoder(spec["channels"], spec["features"])
    raise ValueError(f"unknown network kind {arch!r} in the file")


def save_translators(path: str | Path, nets: dict[str, nn.Module], meta: dict | None = None,
                     overwrite: bool = False) -> Path:
    """Write ``nets`` (name → network, weights as float16) and ``meta`` to ``path`` (atomically;
    an existing file is refused unless ``overwrite``). Loading casts the weights back to the
    networks' float32."""
    if not nets:
        raise ValueError("nets must name at least one network")
    entries = {name: {"spec": _spec(net), "state": {k: v.half() if v.is_floating_point() else v  # float16: half the
                                                     for k, v in net.state_dict().items()}}  # size, same scores
               for name, net in nets.items()}
    return ckpt.save({"kind": KIND, "nets": entries, "meta": meta or {}}, path, overwrite=overwrite)


def load_translators(path: str | Path, device="cpu") -> tuple[dict[str, nn.Module], dict]:
    """The networks (in eval mode, on ``device``) and the metadata of a :func:`~course_utils.gan.translators.save_translators` file."""
    state = ckpt.load(path, kind=KIND)
    nets = {}
    for name, entry in state["nets"].items():
        net = _build(entry["spec"])
        net.load_state_dict(entry["state"])
        nets[name] = net.to(device).eval()
    return nets, state["meta"]
