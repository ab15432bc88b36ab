"""The notebooks as students see them in JupyterLab (Chromium drives a real JupyterLab server).

Every notebook is opened in JupyterLab, run with *Run All Cells* under the ``smoke`` budget,
saved, and the saved file must hold no error and no cell left unrun; then one control of the
chapter's widget is changed and what the widget shows must change (a slider moved, a menu
or a toggle switched, an exercise answered). The notebooks run from a copy (saving writes
their outputs, and the repository keeps them without), beside links to the rest of the
repository so that their ``../checkpoints`` and ``../benchmarks`` paths hold.

Also: an exercise's solution is closed until the student opens it, its math is typeset, and
no MyST shows as raw text. Screenshots go to ``_build/screenshots`` (lab_*.png).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "_build" / "screenshots"
TOKEN = "course-test"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
RUN_TIMEOUT_S = 600  # one notebook under smoke takes well under a minute; a stall fails here
CHANGE_TIMEOUT_S = 180  # a control's callback may retrain a small model under smoke
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"  # the notebook in view


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    url: str
    notebooks: Path  # the server's root: copies of the course's notebooks

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {TOKEN}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def session(self, name: str) -> dict | None:
        return next((s for s in self.api("sessions") if s["path"] == name), None)

    def wait_kernel_idle(self, name: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.session(name)
            if s and s["kernel"]["execution_state"] == "idle":
                return
            time.sleep(0.5)
        pytest.fail(f"{name}: the kernel was not idle {timeout:.0f} s after opening (session {s})")

    def shutdown(self, name: str) -> None:
        s = self.session(name)
        if s:
            self.api(f"sessions/{s['id']}", method="DELETE")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    jupyter = Path(sys.executable).with_name("jupyter")
    installed = subprocess.run([str(jupyter), "lab", "--version"], capture_output=True)
    if installed.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("JupyterLab is required in CI (the `lab` extra)")
        pytest.skip("JupyterLab not installed (pip install -e '.[lab]')")
    home = tmp_path_factory.mktemp("lab_home")  # settings and workspaces of this run only
    course = home / "course"
    (course / "notebooks").mkdir(parents=True)
    for name in NOTEBOOKS:
        shutil.copy2(ROOT / "notebooks" / name, course / "notebooks" / name)
    for entry in ROOT.iterdir():  # ../checkpoints, ../benchmarks, ../book as in the repository
        if entry.name not in ("notebooks", ".git", "_build"):
            (course / entry.name).symlink_to(entry)
    # Every cell in the page (JupyterLab 4 otherwise renders only the cells in view).
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    env = {**os.environ, "COURSE_BUDGET": "smoke", "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "JUPYTER_RUNTIME_DIR": str(home / "rt")}
    port = _free_port()
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={course / 'notebooks'}",
         "--allow-root", "--LabApp.news_url=", "--LabApp.check_for_updates_class="
         "jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("JupyterLab did not start within 60 s:\n" + (home / "server.log").read_text()[-3000:])
            time.sleep(0.5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield Lab(url, course / "notebooks")
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def _open(lab: Lab, browser, name: str):
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    # A workspace of its own, reset: JupyterLab would otherwise reopen the notebooks of
    # earlier tests beside this one (its default workspace remembers open documents).
    stem = name.split(".")[0]
    tab.goto(f"{lab.url}/lab/workspaces/{stem}/tree/{name}?reset&token={TOKEN}")
    tab.wait_for_selector(f"{NOTEBOOK} .jp-Cell", timeout=60_000)
    return tab


def test_exercise_in_jupyterlab_closed_then_opened(lab, browser):
    tab = _open(lab, browser, "02_bellman_dp.ipynb")
    try:
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
    finally:
        tab.close()
        lab.shutdown("02_bellman_dp.ipynb")


# The cells' prompts: "[3]:" ran, "[*]:" running or queued, "[ ]:" or "" not run.
PROMPTS_JS = f"""() => Array.from(document.querySelectorAll('{NOTEBOOK} .jp-CodeCell .jp-InputPrompt'))
    .map(e => e.textContent.trim())"""

# The first widget a student can change, in page order: [cell output index, control kind].
# Preferred: a value control (menu, toggle, slider that can move, checkbox) beside a widget
# output; else an exercise (answer field and Check button).
FIND_CONTROL_JS = """() => {
  const roots = Array.from(document.querySelectorAll('NOTEBOOK .jp-OutputArea-output'))
    .filter(r => r.querySelector('.jupyter-widgets'));
  const movable = h => h && Number(h.getAttribute('aria-valuemin')) < Number(h.getAttribute('aria-valuemax'));
  for (const [i, r] of roots.entries()) {
    if (!r.querySelector('.widget-output')) continue;
    if (r.querySelector('.widget-dropdown select')) return [i, 'dropdown'];
    if (r.querySelector('.widget-toggle-buttons button')) return [i, 'toggle'];
    if (movable(r.querySelector('.noUi-handle'))) return [i, 'slider'];
    if (r.querySelector('.widget-checkbox input')) return [i, 'checkbox'];
  }
  for (const [i, r] of roots.entries()) {
    if (r.querySelector('.widget-text input') &&
        Array.from(r.querySelectorAll('button')).some(b => b.textContent.trim() === 'Check'))
      return [i, 'exercise'];
  }
  return null;
}""".replace("NOTEBOOK", NOTEBOOK)

# What a widget shows: its output areas and HTML texts (not the controls themselves).
SHOWN_JS = """r => Array.from(r.querySelectorAll('.widget-output, .widget-html-content'))
    .map(e => e.innerHTML).join('\\n')"""


def _run_all(tab, name: str) -> None:
    # Run menu -> Run All Cells, as a student does. A toast or a dialog that JupyterLab shows
    # while a notebook opens can cover the menu bar for a moment: close it and try again.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(3):
        try:
            tab.keyboard.press("Escape")
            tab.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=10_000)
            tab.locator('.lm-Menu li[data-command="runmenu:run-all"]').click(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                tab.screenshot(path=str(SCREENSHOTS / f"lab_{name.split('.')[0]}_menu.png"))
                raise
            tab.locator(".jp-Notification-Toast-Close, .jp-Dialog button.jp-mod-reject").evaluate_all(
                "els => els.forEach(e => e.click())")
            tab.wait_for_timeout(1000)
    deadline = time.monotonic() + RUN_TIMEOUT_S
    started = False
    while True:
        prompts = tab.evaluate(PROMPTS_JS)
        busy = [i for i, p in enumerate(prompts) if "*" in p]
        started = started or bool(busy) or any(p.strip("[]: ") for p in prompts)
        if started and not busy:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: still running after {RUN_TIMEOUT_S} s in JupyterLab "
                        f"(code cells {busy[:3]} not finished)")
        time.sleep(1)


def _save(tab, lab: Lab, name: str) -> dict:
    path = lab.notebooks / name
    before = path.stat().st_mtime_ns
    tab.locator(NOTEBOOK).first.click(position={"x": 5, "y": 5})
    tab.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while path.stat().st_mtime_ns == before:
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: JupyterLab did not save the notebook within 30 s")
        time.sleep(0.3)
    time.sleep(0.5)  # the write completes
    return json.loads(path.read_text())


def _change(tab, root, kind: str) -> None:
    if kind == "dropdown":
        select = root.locator(".widget-dropdown select").first
        options = select.locator("option").all_text_contents()
        current = select.evaluate("s => s.selectedIndex")
        select.select_option(index=(current + 1) % len(options))
    elif kind == "toggle":
        root.locator(".widget-toggle-buttons button:not(.mod-active)").first.click()
    elif kind == "slider":
        handle = root.locator(".noUi-handle").first
        now, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
        handle.focus()
        tab.keyboard.press("ArrowRight" if now < top else "ArrowLeft")
    elif kind == "checkbox":
        root.locator(".widget-checkbox input").first.click()
    else:  # an exercise: a wrong answer still gets feedback
        root.locator(".widget-text input").first.fill("12345")
        root.locator("button", has_text="Check").first.click()


@pytest.mark.parametrize("name", NOTEBOOKS, ids=[n.split(".")[0] for n in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab(lab, browser, name):
    tab = _open(lab, browser, name)
    try:
        lab.wait_kernel_idle(name)
        _run_all(tab, name)
        saved = _save(tab, lab, name)
        code = [c for c in saved["cells"] if c["cell_type"] == "code"]
        errors = [(i, o["ename"], o["evalue"]) for i, c in enumerate(code)
                  for o in c.get("outputs", []) if o["output_type"] == "error"]
        assert not errors, f"{name}: error outputs in JupyterLab (code cell, exception): {errors}"
        unrun = [i for i, c in enumerate(code) if c["source"] and c.get("execution_count") is None]
        assert not unrun, f"{name}: code cells {unrun} did not run"
        has_widget = any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                         for c in code for o in c.get("outputs", []))
        found = tab.evaluate(FIND_CONTROL_JS)
        if not has_widget:
            assert found is None
            return
        assert found is not None, f"{name}: has widgets but none a student can change was found"
        index, kind = found
        root = tab.locator(f"{NOTEBOOK} .jp-OutputArea-output").filter(has=tab.locator(".jupyter-widgets")).nth(index)
        root.scroll_into_view_if_needed()
        stem = name.split(".")[0]
        before = root.evaluate(SHOWN_JS)
        root.screenshot(path=str(SCREENSHOTS / f"lab_{stem}_before.png"))
        _change(tab, root, kind)
        deadline = time.monotonic() + CHANGE_TIMEOUT_S
        while root.evaluate(SHOWN_JS) == before:
            if time.monotonic() > deadline:
                root.screenshot(path=str(SCREENSHOTS / f"lab_{stem}_unchanged.png"))
                pytest.fail(f"{name}: changing the widget's {kind} did not change what it shows "
                            f"within {CHANGE_TIMEOUT_S} s")
            time.sleep(0.5)
        tab.wait_for_timeout(500)
        root.screenshot(path=str(SCREENSHOTS / f"lab_{stem}_after.png"))
    finally:
        tab.close()
        lab.shutdown(name)
