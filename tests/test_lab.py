"""The notebooks as students see them in JupyterLab (Chromium drives a real JupyterLab server).

An exercise's solution is closed until the student opens it, its math is typeset, and no MyST
shows as raw text. Screenshots of the exercise closed and opened go to ``_build/screenshots``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "_build" / "screenshots"
TOKEN = "course-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    jupyter = Path(sys.executable).with_name("jupyter")
    installed = subprocess.run([str(jupyter), "lab", "--version"], capture_output=True)
    if installed.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("JupyterLab is required in CI (the `lab` extra)")
        pytest.skip("JupyterLab not installed (pip install -e '.[lab]')")
    port = _free_port()
    home = tmp_path_factory.mktemp("lab_home")  # settings and workspaces of this run only
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "JUPYTER_RUNTIME_DIR": str(home / "rt")}
    server = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={ROOT / 'notebooks'}",
         "--allow-root", "--LabApp.news_url=", "--LabApp.check_for_updates_class="
         "jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("JupyterLab did not start within 60 s")
            time.sleep(0.5)
    yield url
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def test_exercise_in_jupyterlab_closed_then_opened(lab, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(f"{lab}/lab/tree/02_bellman_dp.ipynb?token={TOKEN}")
    tab.wait_for_selector(".jp-MarkdownCell .jp-RenderedMarkdown", timeout=60_000)
    solution = tab.locator(".jp-RenderedMarkdown details.solution").first
    solution.wait_for(state="attached", timeout=60_000)
    solution.scroll_into_view_if_needed()
    tab.wait_for_timeout(1500)  # MathJax typesets the cell
    cell = tab.locator(".jp-MarkdownCell", has=solution)
    text = cell.inner_text()
    assert "Exercise." in text and "Solution" in text
    for raw in ("{exercise}", "{solution}", "{cite}", ":label:"):
        assert raw not in text, f"raw MyST {raw} in JupyterLab"
    body = solution.locator("p").first
    assert not body.is_visible(), "the solution shows before the student opens it"
    cell.screenshot(path=str(SCREENSHOTS / "lab_exercise_closed.png"))
    solution.locator("summary").click()
    body.wait_for(state="visible", timeout=5_000)
    tab.wait_for_timeout(500)
    assert solution.locator("mjx-container").count() > 0, "math in the solution is typeset"
    cell.screenshot(path=str(SCREENSHOTS / "lab_exercise_open.png"))
    citations = tab.locator('.jp-RenderedMarkdown a[href*="references.md"]')
    assert citations.count() > 0 and citations.first.text_content() == "Bellman, 1957"
