"""The set-up files install one set of versions: pyproject.toml is the source of truth.

``environment.yml`` (conda), ``binder/`` (Binder: ``environment.yml`` and ``postBuild``) and the
Makefile either take their packages from pyproject's extras (``pip install -e ".[...]"``) or,
where they name a package pyproject also names, give it the same versions. On top of that the
pins that matter are checked where a package is actually installed: gymnasium from 1.2
(CliffWalking-v1), ipykernel below 7 wherever a kernel comes in, a CPU-only PyTorch for conda
and Binder, JupyterLab from the ``lab`` extra, root allowed by ``make lab``.
"""

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
MAKEFILE = (ROOT / "Makefile").read_text()
#: conda package -> the pip distribution it installs
CONDA_TO_PIP = {"pytorch": "torch", "pytorch-cpu": "torch", "pytorch-gpu": "torch"}
#: packages that bring a Jupyter kernel with them (and so ipykernel)
KERNEL_BRINGERS = {"ipykernel", "jupyterlab", "notebook", "jupyter-book", "nbclient", "nbval"}
IPYKERNEL_7 = ("7.0.0", "7.1.0", "7.4.0")


def pyproject_groups() -> dict[str, list[Requirement]]:
    """``"dependencies"`` and every extra -> its requirements."""
    project = PYPROJECT["project"]
    groups = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    return {name: [Requirement(r) for r in reqs] for name, reqs in groups.items()}


def pyproject_pins() -> dict[str, SpecifierSet]:
    """Package -> its versions in pyproject (one specifier per package: checked below)."""
    return {canonicalize_name(r.name): r.specifier for reqs in pyproject_groups().values() for r in reqs}


def conda_spec(spec: str) -> tuple[str, str]:
    """``"ipykernel>=6.29,<7"`` -> ``("ipykernel", ">=6.29,<7")``; ``"python=3.11"`` -> ``("python", "=3.11")``."""
    name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", spec.strip()).groups()
    return canonicalize_name(name), version.replace(" ", "")


def editable_extras(line: str) -> list[str]:
    """``-e .[dev,book]`` (quoted or not) -> ``["dev", "book"]``; ``-e .`` -> ``[]``."""
    m = re.search(r"-e\s+[\"']?\.(?:\[([^\]]*)\])?", line)
    assert m, f"not an editable install of the repository: {line!r}"
    return [e.strip() for e in (m.group(1) or "").split(",") if e.strip()]


class Install:
    """What one set-up file installs: conda specs, pip requirements, extras of the package."""

    def __init__(self, where: str, conda: list[str] = (), pip: list[str] = ()):
        self.where = where
        self.conda = dict(conda_spec(s) for s in conda)
        self.pip_lines = list(pip)
        self.extras: list[str] | None = None  # None: the package itself is not installed
        self.pip: list[Requirement] = []
        for line in self.pip_lines:
            if line.lstrip().startswith("-e"):
                assert self.extras is None, f"{where}: two installs of the package"
                self.extras = editable_extras(line)
            elif not line.lstrip().startswith("-"):
                self.pip.append(Requirement(line))

    def requirements(self) -> dict[str, list[str]]:
        """Package -> every version spec it gets here (conda, pip, the package's extras)."""
        out: dict[str, list[str]] = {}
        for name, spec in self.conda.items():
            out.setdefault(CONDA_TO_PIP.get(name, name), []).append(spec)
        for r in self.pip:
            out.setdefault(canonicalize_name(r.name), []).append(str(r.specifier))
        if self.extras is not None:
            groups = pyproject_groups()
            for group in ["dependencies", *self.extras]:
                for r in groups[group]:
                    out.setdefault(canonicalize_name(r.name), []).append(str(r.specifier))
        return out


def conda_install(path: Path) -> Install:
    env = yaml.safe_load(path.read_text())
    assert env["channels"] == ["conda-forge"], f"{path.name}: conda-forge only (pytorch-cpu lives there)"
    deps = env["dependencies"]
    pip = [line for d in deps if isinstance(d, dict) for line in d["pip"]]
    return Install(str(path.relative_to(ROOT)), [d for d in deps if isinstance(d, str)], pip)


def postbuild_pip_lines() -> list[str]:
    text = (ROOT / "binder" / "postBuild").read_text()
    lines = [line.split("#")[0].strip() for line in text.splitlines()]
    installs = [re.sub(r"^(python -m )?pip install\s+", "", line) for line in lines
                if re.match(r"(python -m )?pip install\b", line)]
    # options (--no-cache-dir) are not requirements; what follows -e is the package
    return [re.sub(r"--no-cache-dir\s*", "", line).strip() for line in installs]


def binder_install() -> Install:
    env = conda_install(ROOT / "binder" / "environment.yml")
    pip = env.pip_lines + postbuild_pip_lines()
    return Install("binder", [f"{n}{s}" for n, s in env.conda.items()], pip)


def makefile_var(name: str) -> str:
    return re.search(rf"^{name} \?= (\S+)$", MAKEFILE, re.M).group(1)


def make_recipe(target: str) -> list[str]:
    m = re.search(rf"^{target}:.*\n((?:\t.*\n?)+)", MAKEFILE, re.M)
    assert m, f"no target {target!r} in the Makefile"
    return [line[1:] for line in m.group(1).splitlines()]


INSTALLS = {
    "environment.yml": lambda: conda_install(ROOT / "environment.yml"),
    "binder": binder_install,
}


def lower_bound(spec: SpecifierSet) -> Version | None:
    bounds = [Version(s.version) for s in spec if s.operator in (">=", ">", "==", "~=")]
    return max(bounds) if bounds else None


# ---- pyproject: one specifier per package ---------------------------------------------------


def test_pyproject_gives_each_package_one_specifier():
    seen: dict[str, tuple[str, SpecifierSet]] = {}
    for group, reqs in pyproject_groups().items():
        for r in reqs:
            name = canonicalize_name(r.name)
            if name in seen:
                assert r.specifier == seen[name][1], (
                    f"{name}: {r.specifier} in {group!r} but {seen[name][1]} in {seen[name][0]!r}")
            seen[name] = (group, r.specifier)


# ---- gymnasium: CliffWalking-v1 needs 1.2 ----------------------------------------------------


def test_gymnasium_lower_bound_is_1_2_everywhere():
    specs = {"pyproject.toml": [str(pyproject_pins()["gymnasium"])]}
    for where, install in INSTALLS.items():
        specs[where] = install().requirements().get("gymnasium", [])
    for where, found in specs.items():
        for spec in found:
            low = lower_bound(SpecifierSet(spec))
            assert low is not None and low >= Version("1.2"), f"{where}: gymnasium{spec} (CliffWalking-v1 needs 1.2)"
    # every text that names a gymnasium version agrees (a comment, a CI file, ...)
    for path in ("pyproject.toml", "environment.yml", "binder/environment.yml", "binder/postBuild", "Makefile"):
        for m in re.finditer(r"gymnasium\s*([<>=!~]=?\s*[\d.]+)", (ROOT / path).read_text()):
            assert lower_bound(SpecifierSet(m.group(1).replace(" ", ""))) >= Version("1.2"), f"{path}: {m.group(0)}"


def test_the_installed_gymnasium_has_cliffwalking_v1():
    import gymnasium as gym

    assert Version(gym.__version__) in pyproject_pins()["gymnasium"]
    gym.spec("CliffWalking-v1")  # raises if the id is unknown


# ---- ipykernel below 7 wherever a kernel comes in ----------------------------------------------


def assert_ipykernel_below_7(specs: list[str], where: str):
    assert specs, f"{where} installs a kernel without pinning ipykernel (<7: see pyproject's dev extra)"
    for spec in specs:
        s = SpecifierSet(spec)
        assert not any(s.contains(v) for v in IPYKERNEL_7), f"{where}: ipykernel{spec} admits 7"
        assert s.contains("6.31.0"), f"{where}: ipykernel{spec} refuses the tested 6.31"


def test_every_extra_that_brings_a_kernel_keeps_ipykernel_below_7():
    # ipykernel 7 can leave a request unread on the shell socket (ipykernel#1554; see the
    # comment at the pin): every extra that brings a kernel (tests, book, JupyterLab) pins it.
    for name, reqs in pyproject_groups().items():
        names = {canonicalize_name(r.name) for r in reqs}
        if names & KERNEL_BRINGERS or name in ("dev", "book", "lab"):
            assert_ipykernel_below_7([str(r.specifier) for r in reqs if r.name == "ipykernel"], f"extra {name!r}")


@pytest.mark.parametrize("where", INSTALLS)
def test_conda_and_binder_keep_ipykernel_below_7(where):
    reqs = INSTALLS[where]().requirements()
    assert set(reqs) & KERNEL_BRINGERS, f"{where} installs no kernel?"
    assert_ipykernel_below_7(reqs.get("ipykernel", []), where)


# ---- the other files agree with pyproject -----------------------------------------------------


@pytest.mark.parametrize("where", INSTALLS)
def test_versions_elsewhere_are_pyprojects(where):
    install, pins = INSTALLS[where](), pyproject_pins()
    python = install.conda.get("python")
    assert python and python.startswith("=")
    assert Version(python[1:]) in SpecifierSet(PYPROJECT["project"]["requires-python"])
    assert install.extras is not None, f"{where} does not install the course package"
    assert set(install.extras) <= set(PYPROJECT["project"]["optional-dependencies"]), install.extras
    for name, spec in install.conda.items():
        name = CONDA_TO_PIP.get(name, name)
        if name in pins and spec:
            assert SpecifierSet(spec) == pins[name], f"{where}: {name}{spec}, pyproject: {name}{pins[name]}"
    for r in install.pip:
        name = canonicalize_name(r.name)
        assert name in pins, f"{where}: pip installs {name}, which pyproject does not name"
        assert r.specifier == pins[name] or not r.specifier, f"{where}: {r}, pyproject: {name}{pins[name]}"


def test_makefiles_torch_wheel_is_a_version_pyproject_allows():
    torch = Requirement(makefile_var("TORCH_CPU"))
    (pin,) = torch.specifier
    assert torch.name == "torch" and pin.operator == "=="
    assert Version(pin.version) in pyproject_pins()["torch"]


def test_torch_is_not_pinned_in_the_package():
    torch = pyproject_pins()["torch"]
    assert not any(s.operator == "==" for s in torch), "keep torch unpinned; the Makefile picks the CPU wheel"


# ---- conda: the make extras, JupyterLab, CPU torch ------------------------------------------


def test_environment_yml_installs_what_make_installs_and_jupyterlab():
    install = conda_install(ROOT / "environment.yml")
    assert sorted(install.extras) == sorted(set(makefile_var("EXTRAS").split(",")) | {"lab"})
    assert "jupyterlab" in install.requirements()
    assert "jupyterlab" in {canonicalize_name(r.name) for r in pyproject_groups()["lab"]}


@pytest.mark.parametrize("where", INSTALLS)
def test_torch_comes_cpu_only_from_conda(where):
    install = INSTALLS[where]()
    conda_torch = {n for n in install.conda if n in CONDA_TO_PIP or n == "cpuonly"}
    assert conda_torch in ({"pytorch-cpu"}, {"pytorch", "cpuonly"}), f"{where}: {conda_torch}"
    # pip finds conda's torch and must not fetch PyPI's (CUDA on Linux): no torch on a pip line,
    # unless from PyTorch's CPU index
    cpu_index = any("download.pytorch.org/whl/cpu" in line for line in install.pip_lines)
    assert cpu_index or "torch" not in {canonicalize_name(r.name) for r in install.pip}, where
    for name in conda_torch - {"cpuonly"}:  # a versioned conda torch must satisfy pyproject
        spec = install.conda[name].lstrip("=")
        assert not spec or Version(spec) in pyproject_pins()["torch"]


def test_conda_and_binder_name_the_gpu_variant_for_those_who_have_one():
    assert "pytorch-gpu" in (ROOT / "environment.yml").read_text()
    how_to = (ROOT / "book" / "how_to_use.md").read_text()
    conda_section = how_to.split("## On your machine with conda", 1)[1].split("\n## ", 1)[0]
    assert "pytorch-cpu" in conda_section and "pytorch-gpu" in conda_section


# ---- Binder: chapter 05's extra --------------------------------------------------------------


def test_binder_installs_the_atari_extra():
    install = binder_install()
    assert "atari" in install.extras
    assert "ale-py" in install.requirements()
    postbuild = ROOT / "binder" / "postBuild"
    assert os.access(postbuild, os.X_OK), "repo2docker runs postBuild only when it is executable"


# ---- make lab: the lab extra, root allowed ----------------------------------------------------


def test_make_lab_gets_jupyterlab_from_setups_lab_extra_only():
    recipe = make_recipe("lab")
    assert "lab" in makefile_var("EXTRAS").split(","), "make setup installs the lab extra"
    assert not any("pip install" in line for line in recipe), recipe
    assert not any(re.search(r"jupyterlab\s*[<>=]", line) for line in recipe), "versions belong in the lab extra"


@pytest.mark.parametrize("uid, root", [("0", True), ("1000", False)])
def test_make_lab_passes_allow_root_only_as_root(tmp_path, uid, root):
    (launch,) = [line for line in make_recipe("lab") if "jupyter lab" in line]
    for name, body in (("jupyter", 'echo "$@"'), ("id", f'[ "$1" = -u ] && echo {uid}')):
        script = tmp_path / name
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(0o755)
    # the recipe as make hands it to the shell: $(BIN) expanded, $$ -> $
    command = launch.replace("$(BIN)", str(tmp_path)).replace("$$", "$")
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    out = subprocess.run(["/bin/sh", "-c", command], env=env, capture_output=True, text=True, check=True)
    args = out.stdout.split()
    assert args[:2] == ["lab", "notebooks"]
    assert ("--allow-root" in args) == root, (uid, out.stdout)
