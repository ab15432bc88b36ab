"""The set-up cell that opens every notebook, kept here as the one source of truth.

On Google Colab the cell clones the course repository, installs the package from it (with
the ``atari`` extra: chapter 05's emulator, OpenCV for videos, TensorBoard), says what it did,
and moves into ``notebooks/`` so that relative paths (``../exercises``, ``../checkpoints``)
work as they do locally; a repository it cannot clone stops it with the URL and git's reason.
Everywhere else it does nothing. Colab's own ipywidgets (7.7) is kept: its front end draws
those widgets natively (``pyproject.toml`` says why). ``tests/test_notebooks.py`` checks that
every notebook's first code cell is exactly :data:`COLAB_CELL`, and that
:data:`REPOSITORY_URL` is the one in ``_config.yml``.

A teacher's own copy (a fork): ``python -m course_utils.colab set-url URL`` writes the URL
into ``_config.yml`` (the book's launch buttons), this file, and the first cell of every
notebook (and its jupytext pair).

>>> COLAB_CELL.splitlines()[0]
'# Colab set-up: clones the course and installs its package on Google Colab; does nothing elsewhere.'
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPOSITORY_URL = "https://github.com/rl-gan-course/rl-gan-course"


def colab_cell(url: str) -> str:
    """The first code cell of every notebook, for the repository at ``url``."""
    return f'''# Colab set-up: clones the course and installs its package on Google Colab; does nothing elsewhere.
import os
import subprocess
import sys

REPO = "{url}"  # your own copy: python -m course_utils.colab set-url URL
if "google.colab" in sys.modules:
    if not os.path.isdir("/content/rl-gan-course"):
        clone = subprocess.run(["git", "clone", "--depth", "1", REPO, "/content/rl-gan-course"],
                               capture_output=True, text=True)
        if clone.returncode != 0:
            raise RuntimeError(f"Colab set-up: could not clone {{REPO}}: {{clone.stderr.strip()}}")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", "/content/rl-gan-course[atari]"],
                       check=True)
        print(f"Colab set-up: cloned {{REPO}}, installed course_utils[atari] (Colab's ipywidgets kept)")
    sys.path.insert(0, "/content/rl-gan-course")
    os.chdir("/content/rl-gan-course/notebooks")'''


COLAB_CELL = colab_cell(REPOSITORY_URL)


def on_colab() -> bool:
    """True inside a Google Colab kernel: notebooks use it to switch on online-only options.

    >>> on_colab()  # the tests run outside Colab
    False
    """
    return "google.colab" in sys.modules


def set_url(url: str, root: Path) -> list[Path]:
    """Point the course at the repository ``url``: ``_config.yml``, this file, every notebook.

    Returns the files changed. The notebooks' first code cell must be the current
    :data:`COLAB_CELL` (the tests check that), so it is replaced whole.

    Raises:
        ValueError: ``url`` is not an ``https://`` URL without spaces or quotes.
    """
    if not re.fullmatch(r"https://[^\s\"']+", url):
        raise ValueError(f"url must be an https:// URL without spaces or quotes, got {url!r}")
    url = url.rstrip("/").removesuffix(".git")
    old_cell, new_cell = COLAB_CELL, colab_cell(url)
    changed = []

    def rewrite(path: Path, text: str) -> None:
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(path)

    config = root / "_config.yml"
    rewrite(config, re.sub(r"(?m)^(  url: )\S+$", lambda m: m.group(1) + url, config.read_text(encoding="utf-8")))
    here = root / "course_utils" / "colab.py"
    rewrite(here, here.read_text(encoding="utf-8").replace(f'REPOSITORY_URL = "{REPOSITORY_URL}"',
                                                          f'REPOSITORY_URL = "{url}"'))
    for nb in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        data = json.loads(nb.read_text(encoding="utf-8"))
        first = next(c for c in data["cells"] if c["cell_type"] == "code")
        if "".join(first["source"]) != old_cell:
            raise ValueError(f"{nb.name}: its first code cell is not the current COLAB_CELL; restore it first")
        first["source"] = new_cell.splitlines(keepends=True)
        rewrite(nb, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        pair = nb.parent / "py" / f"{nb.stem}.py"
        if pair.exists() and old_cell in (text := pair.read_text(encoding="utf-8")):
            rewrite(pair, text.replace(old_cell, new_cell))
    return changed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m course_utils.colab", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("set-url", help="point the book, the Colab cell and every notebook at URL")
    cmd.add_argument("url")
    cmd.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = ap.parse_args(argv)
    for path in set_url(args.url, args.root):
        print(f"updated {path.relative_to(args.root)}")
    print("now commit, push, and open a notebook through the book's Colab button to check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
