"""The import rule: computing code never imports presentation.

The compute parts (``rl``, ``games``, ``gan``, ``safety``) and the core files (``_core``,
``checkpoint``, ``video``, ``colab``) never import
``course_utils.show``, ``course_utils.exercises``, matplotlib, ipywidgets or IPython. Imports
run one way: exercises -> show -> compute parts -> core files (DESIGN.md §1).

Two checks: an AST scan of every source file (imports inside functions count too, so a
lazy ``import matplotlib`` is caught), and a fresh interpreter that imports every compute
module and finds none of the forbidden packages in ``sys.modules`` (catches what a
dependency pulls in). The package's face (``course_utils/__init__.py``) names every part,
show included, for ``cu.<short name>`` (lazily, and for type checkers), so it is left out of
the scan; the interpreter check proves that ``import course_utils`` loads none of them.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "course_utils"
COMPUTE_PARTS = ("rl", "games", "gan", "safety")
CORE_FILES = ("_core.py", "threads.py", "checkpoint.py", "video.py", "colab.py")
FORBIDDEN = ("course_utils.show", "course_utils.exercises", "matplotlib", "ipywidgets", "IPython")
FORBIDDEN_ROOTS = tuple(f for f in FORBIDDEN if not f.startswith("course_utils"))


def module_name(path: Path) -> str:
    """``course_utils/rl/dqn.py`` -> ``course_utils.rl.dqn`` (a package's ``__init__`` is the package)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module a source imports, as absolute dotted names with their line numbers.

    ``from .. import show`` in ``course_utils.rl.dqn`` yields ``course_utils.show``: the
    imported names are tried as submodules too, since that is what Python does.
    """
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """The forbidden imports of one source, as ``"line N: name"``."""
    return [f"line {line}: {name}" for line, name in imported_names(source, module, is_package)
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)]


def compute_files() -> list[Path]:
    files = [PACKAGE / name for name in CORE_FILES if (PACKAGE / name).exists()]
    for part in COMPUTE_PARTS:
        files += sorted((PACKAGE / part).rglob("*.py"))
    return files


def test_the_rule_covers_every_compute_part():
    names = {module_name(p) for p in compute_files()}
    assert {"course_utils.rl.dqn", "course_utils.gan.train", "course_utils.safety.gaming",
            "course_utils.games.search", "course_utils.video", "course_utils.rl"} <= names


@pytest.mark.parametrize("path", compute_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_compute_modules_import_no_presentation(path):
    found = violations(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")
    assert not found, f"{path.relative_to(ROOT)} imports presentation code: {found}"


@pytest.mark.parametrize("source, expected", [
    ("import matplotlib.pyplot as plt\n", "line 1: matplotlib.pyplot"),
    ("def f():\n    import ipywidgets as W\n", "line 2: ipywidgets"),
    ("from IPython.display import display\n", "line 1: IPython.display"),
    ("from ..show.plotting import grid_heatmap\n", "line 1: course_utils.show.plotting"),
    ("from .. import show\n", "line 1: course_utils.show"),
    ("from ..exercises import load\n", "line 1: course_utils.exercises"),
])
def test_the_checker_flags_a_plotting_import(source, expected):
    # What the rule test reports if someone adds such a line to course_utils/rl/dqn.py.
    assert expected in violations(source, "course_utils.rl.dqn")


def test_the_checker_lets_compute_imports_pass():
    source = "import numpy as np\nfrom ..checkpoint import save\nfrom . import replay\nfrom .. import _core\n"
    assert violations(source, "course_utils.rl.dqn") == []
    assert violations("from . import dp\n", "course_utils.rl", is_package=True) == []


def test_importing_the_compute_modules_loads_no_presentation():
    modules = ["course_utils", *(module_name(p) for p in compute_files())]
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        f"print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in {FORBIDDEN_ROOTS!r}"
        f" or n.startswith({tuple(f for f in FORBIDDEN if f.startswith('course_utils'))!r}))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=300, check=True)
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing the compute modules loaded {loaded}"

