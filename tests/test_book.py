"""The book builds with warnings as errors (it executes every notebook under COURSE_BUDGET=smoke)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_book_builds_without_warnings(tmp_path):
    jb = Path(sys.executable).with_name("jupyter-book")
    env = {**os.environ, "COURSE_BUDGET": "smoke"}
    result = subprocess.run(
        [str(jb), "build", str(ROOT), "--path-output", str(tmp_path), "-W", "-n", "--keep-going"],
        capture_output=True, text=True, env=env, timeout=3600,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-6000:]
    html = tmp_path / "_build" / "html"
    assert (html / "book" / "intro.html").exists()
    page = (html / "notebooks" / "01_mdp.html").read_text()
    assert "Markov decision processes" in page
    assert "<img" in page, "executed figures are embedded"
    assert "mathjax/tex-chtml.js" in page, "MathJax is served from the book itself (offline)"
