"""Sphinx tweaks that keep the published book self-contained and free of console errors.

* Thebe (live code through a remote Binder kernel) cannot work offline, and sphinx-thebe
  injects its configuration script twice under Jupyter Book 1.x, which throws
  ``Identifier 'THEBE_JS_URL' has already been declared`` on every page. The Colab and
  Binder launch buttons remain; the Thebe scripts are dropped.
* The PyData theme expects a colour mode; without one it logs "invalid theme mode".
* The notebooks are written in Markdown that JupyterLab, Colab and nbconvert render well
  (exercises, ``<details>`` solutions, "(Author, year)" citations); ``plain_markup.py``
  rewrites it into MyST directives and roles as each notebook is read.
* The notebook cache (jupyter-cache) keys on the notebooks' cells, not on the budget they
  ran under nor on the package code that computed their outputs: a cache written under
  ``COURSE_BUDGET=smoke``, or before a change to ``course_utils``, would be served as
  current. The cache is dropped when the budget or the digest of the package, weights and
  exercise files differs from the one recorded beside it.
* Notebook execution runs with ``kernel_wakeup.install()`` (see that module): a cell never
  waits a full timeout for a reply that has already arrived.
* The ipywidgets renderer calls MathJax 2's ``MathJax.Hub.Queue``; the book ships MathJax 3.
  ``_static/mathjax2_shim.js`` bridges the two (loaded before the widget renderer).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path


def _offline_page(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    kept = []
    for js in scripts:
        name = str(js)
        body = getattr(js, "attributes", {}).get("body", "")
        if "sphinx-thebe.js" in name or "THEBE_JS_URL" in body or "unpkg.com/thebe" in name:
            continue
        kept.append(js)
    context["script_files"] = kept


def _theme_mode(app, config):
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "light")
    config.html_context = context


ROOT = Path(__file__).resolve().parents[2]
#: What the notebooks' outputs depend on besides their own cells: the package, the shipped
#: weights and the tutors' exercise files.
INPUTS = ("course_utils", "checkpoints", "exercises")


def inputs_digest(root: Path = ROOT) -> str:
    """A SHA-256 over the files in :data:`INPUTS` (paths and contents)."""
    digest = hashlib.sha256()
    for folder in INPUTS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"):
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def drop_stale_cache(cache: Path, root: Path = ROOT) -> None:
    """Remove the notebook cache when it was written under another budget or from other
    package code, weights or exercises (jupyter-cache keys on the cells alone); record these."""
    from course_utils._core import budget as current_budget  # the notebooks' own reading

    now = f"{current_budget()}\n{inputs_digest(root)}\n"
    cache = Path(cache)
    stamp = cache.with_name(cache.name + ".budget")
    if cache.exists() and (not stamp.exists() or stamp.read_text() != now):
        shutil.rmtree(cache)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(now)


def _cache_for_this_budget(app):
    drop_stale_cache(Path(app.env.mystnb_config.execution_cache_path))


def setup(app):
    # after myst-nb's own builder-inited handler (priority 500), which sets the cache path
    app.connect("builder-inited", _cache_for_this_budget, priority=900)
    # Notebook execution must not wait silently on a lost socket wake-up (kernel_wakeup.py).
    app.setup_extension("kernel_wakeup")
    # The API page: dollar math in docstrings becomes reST math (docstring_math.py).
    app.setup_extension("docstring_math")
    # The notebooks' plain Markdown (exercises, solutions, citations) becomes MyST.
    app.setup_extension("plain_markup")
    app.connect("config-inited", _theme_mode)
    app.add_js_file("mathjax2_shim.js", priority=100)
    app.connect("html-page-context", _offline_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
