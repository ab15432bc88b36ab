"""The published book: it builds with warnings as errors, and a real browser shows every page
complete and offline (math rendered, figures and widgets present, no console errors).

The build is the one students and readers get: every notebook executed under the budget
of ``COURSE_BUDGET`` (``make test`` and CI: ``standard``, as ``make book``), into the
repository's own ``_build`` so that a ``make book`` just before is reused from the
jupyter-cache instead of executed twice. The notebooks are executed first, in parallel,
by ``book/_ext/execute_book.py`` (as ``make book`` does). ``--all`` re-reads every page, so that warnings
of unchanged pages still fail the build. Screenshots of each page are saved under
``_build/screenshots/`` (CI artefacts).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "_build" / "screenshots"


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc["parts"]:
        pages += [chapter["file"] for chapter in part["chapters"]]
    return pages


@pytest.fixture(scope="module")
def book() -> Path:
    executed = subprocess.run([sys.executable, str(ROOT / "book" / "_ext" / "execute_book.py")],
                              capture_output=True, text=True, env=dict(os.environ), timeout=3600)
    assert executed.returncode == 0, "a notebook failed:\n" + (executed.stdout + executed.stderr)[-8000:]
    print(executed.stdout)  # the per-notebook times, in the test log
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(ROOT), "--all", "-W", "-n", "--keep-going"],
        capture_output=True, text=True, env=dict(os.environ), timeout=3600,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, "book build failed or warned:\n" + log[-8000:]
    return ROOT / "_build" / "html"


def test_book_builds_without_warnings(book):
    for page in toc_pages():
        assert (book / f"{page}.html").exists(), f"{page} was not built"
    page = (book / "notebooks" / "01_mdp.html").read_text()
    assert "Markov decision processes" in page
    assert "<img" in page, "executed figures are embedded"
    assert "_static/mathjax/tex-chtml.js" in page, "MathJax is served from the book itself"
    assert "_static/widgets/embed.js" in page, "the widget renderer is served from the book itself"
    assert "application/vnd.jupyter.widget-state+json" in page, "widget state is embedded"
    for nb in [p for p in toc_pages() if p.startswith("notebooks/")]:
        html = (book / f"{nb}.html").read_text()
        name = nb.split("/")[1]
        assert "colab.research.google.com/github/" in html and f"notebooks/{name}.ipynb" in html, (
            f"Colab launch button on {nb}")
        assert "mybinder.org/v2/gh/" in html, f"Binder launch button on {nb}"
        assert f'href="../_sources/notebooks/{name}.ipynb"' in html, f".ipynb download on {nb}"
        assert (book / "_sources" / "notebooks" / f"{name}.ipynb").exists()
        assert "google.colab" not in html, f"the Colab set-up cell is hidden in the book ({nb})"
    status = (book / "book" / "status.html").read_text()
    assert "01_mdp" in status, "the status page lists the executed notebooks"


def test_chapters_get_numbered_exercises_solutions_and_citations(book):
    """The notebooks' plain Markdown (book/_ext/plain_markup.py) reached the book as MyST:
    sphinx-exercise's numbered exercises and dropdown solutions, bibliography citations."""
    for nb in [p for p in toc_pages() if p.startswith("notebooks/")]:
        cells = json.loads((ROOT / f"{nb}.ipynb").read_text())["cells"]
        md = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        labels = re.findall(r'<a id="([\w-]+)"></a>\*\*Exercise\.\*\*', md)
        html = (book / f"{nb}.html").read_text()
        assert re.findall(r'<div class="exercise admonition" id="([\w-]+)">', html) == labels, nb
        numbers = sorted({int(n) for n in re.findall(r"Exercise (\d+)", html)})  # book-wide
        assert len(numbers) == len(labels) and numbers == list(range(numbers[0], numbers[-1] + 1)), (
            f"{nb}: exercises are numbered")
        assert (len(re.findall(r'<div class="solution dropdown admonition"', html))
                == md.count('<details class="solution">')), nb
        assert '<details class="solution">' not in html and "works-cited" not in html, nb
        keys = set(re.findall(r"\]\(\.\./book/references\.md#([\w:.+-]+)\)", md))
        cites = re.findall(r'<a class="reference internal" href="\.\./book/references\.html#', html)
        assert len(cites) >= len(keys) > 0, f"{nb}: citations link to the bibliography"


@pytest.fixture(scope="module")
def server(book):
    handler = functools.partial(_QuietHandler, directory=str(book))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.mark.parametrize("page", toc_pages())
def test_page_in_browser(page, server, browser):
    """Each page loads offline with no console errors, rendered math, loaded images, live widgets."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = ctx.new_page()
    errors, external = [], []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))

    def only_local(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:  # the book must not need the internet
            external.append(route.request.url)
            route.abort()

    tab.route("**/*", only_local)
    tab.goto(f"{server}/{page}.html", wait_until="load")
    tab.wait_for_function("() => !window.MathJax || !MathJax.startup || MathJax.startup.promise"
                          " .then(() => true)", timeout=30_000)
    tab.wait_for_timeout(500)
    html = (ROOT / "_build" / "screenshots")
    html.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / (page.replace("/", "__") + ".png")), full_page=True)

    assert not errors, f"console errors on {page}: {errors}"
    assert not external, f"{page} requested external resources: {external}"
    source = tab.content()
    if re.search(r'class="math', source):
        assert tab.locator("mjx-container").count() > 0, f"math not rendered on {page}"
    broken = tab.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
                          ".map(i => i.src)")
    assert not broken, f"broken images on {page}: {broken}"
    if "application/vnd.jupyter.widget-view+json" in source:
        assert tab.locator(".jupyter-widgets").count() > 0, f"widgets not rendered on {page}"
        # a slider squeezed by a row too wide for the page shows a handle without a track
        tracks = tab.evaluate("() => [...document.querySelectorAll('.widget-hslider')]"
                              ".filter(s => s.offsetParent !== null).map(s => {"
                              " const t = s.querySelector('.slider-container, .widget-slider');"
                              " return t ? Math.round(t.getBoundingClientRect().width) : 0; })")
        assert all(w >= 60 for w in tracks), f"slider tracks squeezed on {page}: {tracks} px"
    ctx.close()
