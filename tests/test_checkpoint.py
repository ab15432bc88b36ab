import errno
import os
import random
import shutil
import signal
import stat
import subprocess
import sys

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


# ---- faults: a killed save, a full disk, permissions, what load could not read ------------------

def test_a_save_killed_midway_leaves_nothing_behind_the_next_save(tmp_path):
    target = tmp_path / "run.pt"
    code = f"""
import os, signal, torch
from course_utils import checkpoint
def dying_save(obj, f):
    f.write(b"half a checkpoint" * 1000)
    f.flush()
    os.kill(os.getpid(), signal.SIGKILL)  # kill -9 in the middle of the write
torch.save = dying_save
checkpoint.save({{"step": 1}}, {str(target)!r})
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    residue = list(tmp_path.glob(".run.pt.*.tmp"))
    assert len(residue) == 1 and not target.exists()  # the killed save left only its temp file
    checkpoint.save({"step": 2}, target)
    assert list(tmp_path.iterdir()) == [target] and checkpoint.load(target)["step"] == 2


def test_a_full_disk_says_so_and_keeps_the_old_file(tmp_path, monkeypatch):
    target = checkpoint.save({"step": 1}, tmp_path / "run.pt")

    def short_write(obj, f):  # what torch reports when the disk fills up mid-write
        f.write(b"x" * 10)
        raise RuntimeError("[enforce fail at inline_container.cc:664] . unexpected pos 768 vs 662")

    monkeypatch.setattr(torch, "save", short_write)
    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9, 0))
    with pytest.raises(OSError, match="disk full") as err:
        checkpoint.save({"step": 2}, target, overwrite=True)
    assert err.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert checkpoint.load(target)["step"] == 1 and list(tmp_path.iterdir()) == [target]


def test_saved_files_get_the_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        path = checkpoint.save({"step": 1}, tmp_path / "run.pt")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.parametrize("bad", [np.zeros(3), np.float64(1.0), {"nested": [np.int64(2)]}, object()])
def test_save_refuses_what_load_would_refuse(tmp_path, bad):
    with pytest.raises(ValueError, match="refuses"):
        checkpoint.save({"kind": "demo", "value": bad}, tmp_path / "x.pt")
    assert not list(tmp_path.iterdir())


class _Payload:
    """A pickle that runs a command when loaded without ``weights_only``."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_malicious_pickle_is_refused_and_runs_nothing(tmp_path):
    marker, path = tmp_path / "pwned", tmp_path / "evil.pt"
    torch.save({"kind": "dqn", "step": _Payload(marker)}, path)  # written by someone else's code
    with pytest.raises(ValueError, match="not a readable checkpoint"):
        checkpoint.load(path, kind="dqn")
    assert not marker.exists()
