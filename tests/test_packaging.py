"""The set-up files agree with each other, and the code passes the linter."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def makefile_extras():
    return re.search(r"^EXTRAS \?= (\S+)$", (ROOT / "Makefile").read_text(), re.M).group(1).split(",")


def test_environment_yml_installs_what_the_makefile_installs():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    python = [d for d in deps if isinstance(d, str) and d.startswith("python=")]
    assert python and python[0] == "python=3.11"
    pip_lines = next(d["pip"] for d in deps if isinstance(d, dict))
    editable = [line for line in pip_lines if line.startswith("-e .")]
    assert len(editable) == 1
    extras = re.search(r"\[(.*)\]", editable[0]).group(1).split(",")
    assert sorted(extras) == sorted(makefile_extras())
    defined = set(pyproject()["project"]["optional-dependencies"])
    assert set(extras) <= defined


def test_torch_is_not_pinned_in_the_package():
    deps = pyproject()["project"]["dependencies"]
    torch = [d for d in deps if d.startswith("torch")]
    assert torch and "==" not in torch[0], "keep torch unpinned; the Makefile picks the CPU wheel"


def test_readme_has_exactly_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", readme, re.S)
    commands = [line.split("#")[0].strip() for b in blocks[:1] for line in b.splitlines()]
    commands = [c for c in commands if c]
    assert commands == ["make book", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_ruff_passes():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    result = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_way_to_a_kernel_keeps_ipykernel_below_7():
    # ipykernel 7 can leave a request unread on the shell socket (ipykernel#1554; see the
    # comment at the pin): every extra that brings a kernel (tests, book, JupyterLab) pins it.
    extras = pyproject()["project"]["optional-dependencies"]
    for name in ("dev", "book", "lab"):
        pins = [d for d in extras[name] if d.startswith("ipykernel")]
        assert pins and "<7" in pins[0], f"extra {name!r}: {pins}"
