import random

import numpy as np
import pytest
import torch

from course_utils import checkpoint


def test_round_trip_and_kind(tmp_path):
    path = tmp_path / "sub" / "a.pt"
    checkpoint.save({"kind": "dqn", "step": 7, "w": torch.arange(3.0)}, path)
    state = checkpoint.load(path, kind="dqn")
    assert state["step"] == 7 and torch.equal(state["w"], torch.arange(3.0))
    with pytest.raises(ValueError, match="is a 'dqn' checkpoint, expected 'dcgan'"):
        checkpoint.load(path, kind="dcgan")


def test_never_overwrites_silently(tmp_path):
    path = tmp_path / "a.pt"
    checkpoint.save({"v": 1}, path)
    with pytest.raises(FileExistsError, match="exists"):
        checkpoint.save({"v": 2}, path)
    checkpoint.save({"v": 2}, path, overwrite=True)
    assert checkpoint.load(path)["v"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pt"]  # no temp files left


def test_corrupt_and_missing_files(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(ValueError, match="not a readable checkpoint"):
        checkpoint.load(bad)
    good = tmp_path / "good.pt"
    checkpoint.save({"w": torch.ones(1000)}, good)
    truncated = tmp_path / "trunc.pt"
    truncated.write_bytes(good.read_bytes()[:500])
    with pytest.raises(ValueError, match="not a readable checkpoint"):
        checkpoint.load(truncated)
    with pytest.raises(FileNotFoundError):
        checkpoint.load(tmp_path / "missing.pt")
    torch.save([1, 2], tmp_path / "list.pt")
    with pytest.raises(ValueError, match="holds a list"):
        checkpoint.load(tmp_path / "list.pt")


class Evil:
    """Any pickled class: weights_only loading must refuse to run its code."""


def test_refuses_arbitrary_objects(tmp_path):
    torch.save({"obj": Evil()}, tmp_path / "evil.pt")
    with pytest.raises(ValueError, match="not a readable checkpoint"):
        checkpoint.load(tmp_path / "evil.pt")


def test_rng_state_round_trip(tmp_path):
    random.seed(1)
    np.random.seed(1)
    torch.manual_seed(1)
    checkpoint.save({"rng": checkpoint.rng_state()}, tmp_path / "r.pt")
    expected = (random.random(), np.random.rand(), torch.rand(1).item())
    checkpoint.set_rng_state(checkpoint.load(tmp_path / "r.pt")["rng"])
    assert (random.random(), np.random.rand(), torch.rand(1).item()) == expected
