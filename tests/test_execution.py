"""Notebook execution never waits silently (issue: `make book` runs to the end every time).

* the lost wake-up of jupyter_client's asyncio channels, reproduced deterministically, and
  both parts of the fix in ``book/_ext/kernel_wakeup.py``;
* the course's widgets never capture with ``with out:`` (the trigger of that wake-up
  loss in nbclient), and :func:`course_utils.show.widgets.show_in` captures in the kernel;
* a kernel that swallows a request makes nbclient, the book build and nbval fail,
  naming the notebook and the cell, within a bounded time.

The many-cell reproducer with stall counts is ``benchmarks/stall_harness.py``.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from unittest import mock

import ipywidgets as W
import nbformat
import pytest

from course_utils.show.widgets import show_in

ROOT = Path(__file__).resolve().parents[1]
SUPPORT = Path(__file__).parent / "support"
PY = sys.executable


def _lost_wakeup(mode: str) -> str:
    out = subprocess.run([PY, str(SUPPORT / "lost_wakeup.py"), mode], capture_output=True,
                         text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_lost_wakeup_is_real_without_the_fix():
    # If this fails, jupyter_client no longer loses the wake-up (jupyter_client#1059):
    # book/_ext/kernel_wakeup.py can then go.
    assert _lost_wakeup("none") == "lost"


def test_fix_delivers_the_reply_at_once():
    result = _lost_wakeup("fix")
    assert result.startswith("got "), result
    assert float(result.split()[1]) < 0.4  # not a slice: the re-armed send woke the waiter


def test_sliced_waits_alone_recover_a_lost_wakeup():
    result = _lost_wakeup("slices")
    assert result.startswith("got "), result
    assert float(result.split()[1]) < 2.0  # one 0.5 s slice, with room for a busy machine


def test_book_build_installs_the_fix():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        import course_book
    finally:
        sys.path.pop(0)
    app = mock.MagicMock()
    course_book.setup(app)
    app.setup_extension.assert_any_call("kernel_wakeup")
    assert "course_book" in (ROOT / "_config.yml").read_text()


def test_kernel_wakeup_rejects_bad_slice():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        import kernel_wakeup
    finally:
        sys.path.pop(0)
    with pytest.raises(ValueError, match="slice_s must be > 0"):
        kernel_wakeup.install(slice_s=0)


def _bare_with_targets(code: str) -> list[str]:
    """``with X:`` blocks whose X is a name or an Output() call (front-end capture)."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                expr = item.context_expr
                text = ast.unparse(expr)
                if not isinstance(expr, ast.Call) or text.endswith("Output()"):
                    found.append(text)
    return found


def test_no_front_end_output_capture_in_the_course():
    offenders = []
    for path in sorted((ROOT / "course_utils").rglob("*.py")):
        offenders += [f"{path.relative_to(ROOT)}: with {t}:" for t in _bare_with_targets(path.read_text())]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, 4).cells:
            if cell.cell_type == "code" and not cell.source.lstrip().startswith(("%", "!")):
                offenders += [f"{path.name}: with {t}:" for t in _bare_with_targets(cell.source)]
    assert not offenders, f"use course_utils.show.widgets.show_in(out) instead: {offenders}"


def test_the_scan_sees_with_out():
    assert _bare_with_targets("with out:\n    print(1)") == ["out"]
    assert _bare_with_targets("with W.Output():\n    pass") == ["W.Output()"]
    assert _bare_with_targets("with show_in(out):\n    pass") == []


def test_show_in_replaces_outputs_with_prints_and_figures():
    # In a real kernel (the inline backend turns plt.show() into a display), through
    # nbclient as the book build runs it: the widget state stored in the notebook holds
    # the figure, set by the kernel.
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(textwrap.dedent("""
        import ipywidgets as W, matplotlib.pyplot as plt
        from course_utils.show.widgets import show_in
        out = W.Output()
        with show_in(out):
            print("first")
        with show_in(out):
            print("second")
            plt.plot([0, 1])
            plt.show()
        assert [o["output_type"] for o in out.outputs] == ["stream", "display_data"], out.outputs
        assert out.outputs[0]["text"] == "second\\n"
        assert "image/png" in out.outputs[1]["data"]
        out
    """))]
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=60, kernel_name="python3")
    client.execute()
    states = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    outputs = [m["state"]["outputs"] for m in states.values() if m["model_name"] == "OutputModel"]
    assert len(outputs) == 1 and "image/png" in outputs[0][1]["data"]


def test_show_in_shows_and_raises_errors():
    out = W.Output()
    with pytest.raises(KeyError), show_in(out):
        print("before")
        raise KeyError("missing")
    assert [o["output_type"] for o in out.outputs] == ["stream", "error"]
    assert out.outputs[1]["ename"] == "KeyError"
    assert any("missing" in line for line in out.outputs[1]["traceback"])


def test_show_in_needs_an_output_widget():
    with pytest.raises(TypeError, match="needs an ipywidgets.Output, got HTML"), show_in(W.HTML()):
        pass


# ---------------------------------------------------------------- a kernel that swallows


@pytest.fixture
def swallow(tmp_path):
    """A kernelspec ``swallow`` and a notebook whose second cell it swallows."""
    spec = tmp_path / "jupyter" / "kernels" / "swallow"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [PY, str(SUPPORT / "swallow_kernel.py"), "-f", "{connection_file}"],
        "display_name": "swallow", "language": "python"}))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "swallow", "display_name": "swallow", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("y = 2  # the swallowed cell"),
                nbformat.v4.new_code_cell("z = 3")]
    work = tmp_path / "work"
    work.mkdir()
    nbformat.write(nb, work / "chapter.ipynb")
    env = {**os.environ, "JUPYTER_PATH": str(tmp_path / "jupyter")}
    return work, env


@pytest.mark.parametrize("how", ["reply", "all"])
def test_nbclient_with_the_fix_times_out_naming_the_cell(swallow, how):
    work, env = swallow
    script = textwrap.dedent(f"""
        import sys, nbformat, nbclient
        sys.path.insert(0, {str(ROOT / "book" / "_ext")!r})
        import kernel_wakeup; kernel_wakeup.install()
        nb = nbformat.read("chapter.ipynb", 4)
        nbclient.NotebookClient(nb, timeout=3).execute()
    """)
    out = subprocess.run([PY, "-c", script], cwd=work, env={**env, "SWALLOW": how},
                         capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    assert "CellTimeoutError" in out.stderr and "the swallowed cell" in out.stderr


@pytest.mark.parametrize("how", ["reply", "all"])
def test_nbval_fails_a_cell_without_reply(swallow, how):
    work, env = swallow
    shutil.copy(ROOT / "conftest.py", work / "conftest.py")  # the hook under test
    out = subprocess.run(
        [PY, "-m", "pytest", "-p", "no:cacheprovider", "--nbval", "--nbval-kernel-name", "swallow",
         "--nbval-cell-timeout", "3", "chapter.ipynb"],
        cwd=work, env={**env, "SWALLOW": how}, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stdout
    assert "chapter.ipynb::Cell 1" in out.stdout and "the swallowed cell" in out.stdout


def test_book_build_fails_naming_notebook_and_cell(swallow):
    work, env = swallow
    (work / "_toc.yml").write_text("format: jb-book\nroot: chapter\n")
    (work / "_config.yml").write_text(textwrap.dedent(f"""
        title: watchdog
        only_build_toc_files: true
        execute:
          execute_notebooks: cache
          timeout: 3
        sphinx:
          local_extensions:
            kernel_wakeup: {ROOT / "book" / "_ext"}
          config:
            nb_execution_raise_on_error: true
    """))
    out = subprocess.run([str(Path(PY).with_name("jupyter-book")), "build", "."], cwd=work, env=env,
                         capture_output=True, text=True, timeout=300)
    text = out.stdout + out.stderr
    assert out.returncode != 0
    assert "chapter.ipynb" in text and "CellTimeoutError" in text and "the swallowed cell" in text
