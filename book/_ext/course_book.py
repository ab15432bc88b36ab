"""Sphinx tweaks that keep the published book self-contained and free of console errors.

* Thebe (live code through a remote Binder kernel) cannot work offline, and sphinx-thebe
  injects its configuration script twice under Jupyter Book 1.x, which throws
  ``Identifier 'THEBE_JS_URL' has already been declared`` on every page. The Colab and
  Binder launch buttons remain; the Thebe scripts are dropped.
* The PyData theme expects a colour mode; without one it logs "invalid theme mode".
* Matplotlib's JavaScript animations (``anim.to_jshtml()``) link Font Awesome 4 from a CDN;
  the theme already ships Font Awesome, which draws the player's ``fa fa-play`` icons, so
  the link is removed from the page.
* Notebook execution runs with ``kernel_wakeup.install()`` (see that module): a cell never
  waits a full timeout for a reply that has already arrived.
* The ipywidgets renderer calls MathJax 2's ``MathJax.Hub.Queue``; the book ships MathJax 3.
  ``_static/mathjax2_shim.js`` bridges the two (loaded before the widget renderer).
"""

from __future__ import annotations

import re

_FONT_AWESOME_CDN = re.compile(
    r'<link rel="stylesheet"\s+href="https://maxcdn\.bootstrapcdn\.com/font-awesome/[^"]*">')


def _offline_page(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = _FONT_AWESOME_CDN.sub("", context["body"])
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


def setup(app):
    # Notebook execution must not wait silently on a lost socket wake-up (kernel_wakeup.py).
    app.setup_extension("kernel_wakeup")
    app.connect("config-inited", _theme_mode)
    app.add_js_file("mathjax2_shim.js", priority=100)
    app.connect("html-page-context", _offline_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
