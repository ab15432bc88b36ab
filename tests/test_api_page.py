"""The book's API page (book/api.md) documents every public name of DESIGN.md §3.

The page is built with the book (-W -n: a docstring that autodoc cannot render fails the
build); here, that every name is on the page and imports, that the dollar math of docstrings
becomes reST math (book/_ext/docstring_math.py), and that the whole book, its notebooks not
executed, builds without a warning (the fast form of tests/test_book.py's build).
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "book" / "api.md").read_text(encoding="utf-8")

# DESIGN.md §3, by the modules that hold them (cu.dqn is course_utils.rl.dqn, ...).
PUBLIC = [
    "course_utils._core.set_seed", "course_utils._core.get_device", "course_utils._core.budget",
    "course_utils._core.preset",
    "course_utils.rl.mdp.MDP", "course_utils.rl.dp.policy_evaluation", "course_utils.rl.dp.value_iteration",
    "course_utils.rl.dp.policy_iteration", "course_utils.rl.dp.solve", "course_utils.rl.dp.modified_policy_iteration",
    "course_utils.rl.tabular.q_learning", "course_utils.rl.tabular.sarsa",
    "course_utils.games.rules.TicTacToe", "course_utils.games.search.minimax", "course_utils.games.search.alphabeta",
    "course_utils.gan.data.ring", "course_utils.gan.data.grid", "course_utils.gan.divergences.kl_divergence",
    "course_utils.gan.divergences.js_divergence", "course_utils.gan.metrics.mode_metrics",
    "course_utils.rl.dqn.DQNConfig", "course_utils.rl.dqn.train_dqn", "course_utils.rl.dqn.evaluate",
    "course_utils.rl.atari.make_atari_env", "course_utils.rl.atari.load_agent",
    "course_utils.gan.train.train_gan", "course_utils.gan.train.GANConfig", "course_utils.gan.wgan.wgan_config",
    "course_utils.gan.wgan.wgan_gp_config", "course_utils.gan.losses.R1Penalty",
    "course_utils.gan.dcgan.train_dcgan", "course_utils.gan.dcgan.load_generator", "course_utils.gan.dcgan.sample",
    "course_utils.safety.worlds.make_world", "course_utils.safety.gaming.analyse",
    "course_utils.safety.adversarial.fgsm", "course_utils.safety.adversarial.pgd",
    "course_utils.exercises.load",
]


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_is_documented_and_imports(name):
    assert re.search(rf"^\.\. auto(function|class|data):: {re.escape(name)}$", PAGE, re.M), f"{name} not on book/api.md"
    module, _, attr = name.rpartition(".")
    assert hasattr(importlib.import_module(module), attr)


def test_every_documented_name_imports():
    for name in re.findall(r"^\.\. auto(?:function|class|data):: (\S+)$", PAGE, re.M):
        module, _, attr = name.rpartition(".")
        assert hasattr(importlib.import_module(module), attr), name


def test_the_page_is_in_the_book_with_autodoc():
    toc = (ROOT / "_toc.yml").read_text()
    assert "file: book/api" in toc
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert {"sphinx.ext.autodoc", "sphinx.ext.autosummary", "sphinx.ext.napoleon"} <= set(
        config["sphinx"]["extra_extensions"])


def test_docstring_dollar_math_becomes_rest_math():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        from docstring_math import dollars_to_rst
    finally:
        sys.path.pop(0)
    assert dollars_to_rst(["in the $L_\\infty$ ball $B_\\varepsilon(x)$"]) == [
        "in the :math:`L_\\infty` ball :math:`B_\\varepsilon(x)`"]
    assert dollars_to_rst(["loss", "$$ y = r", "  + v $$", "end"]) == [
        "loss", "", ".. math::", "", "   y = r + v", "", "end"]
    assert dollars_to_rst(["costs $5 and ``$HOME``"]) == ["costs $5 and ``$HOME``"]


def test_the_book_sources_build_without_execution_warnings_as_errors(tmp_path):
    """Every page (notebooks unexecuted) through the book's own configuration, -W -n: a
    docstring reference autodoc cannot resolve, a broken cross-reference or citation fails
    here in half a minute, instead of after the full, executed build of tests/test_book.py."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["execute"]["execute_notebooks"] = "off"
    # Paths in a --config file are read from the file's folder: point them back at the book.
    config["sphinx"]["local_extensions"] = {
        name: str(ROOT / path) for name, path in config["sphinx"]["local_extensions"].items()}
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config))
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(ROOT), "--config", str(tmp_path / "config.yml"), "--path-output",
         str(tmp_path), "--all", "-W", "-n", "--keep-going", "-q"],
        capture_output=True, text=True, timeout=900)
    log = result.stdout + result.stderr
    assert result.returncode == 0, "the book's sources warned:\n" + "\n".join(
        line for line in log.splitlines() if "WARNING" in line or "ERROR" in line or "Error" in line)[-6000:]
    assert (tmp_path / "_build" / "html" / "book" / "api.html").is_file()
