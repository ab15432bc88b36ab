"""The set-up cell that opens every notebook, kept here as the one source of truth.

On Google Colab the cell clones the course repository, installs the package from it and
moves into ``notebooks/`` so that relative paths (``../exercises``, ``../checkpoints``)
work as they do locally. Everywhere else it does nothing. ``tests/test_notebooks.py``
checks that every notebook's first code cell is exactly :data:`COLAB_CELL`, and that
:data:`REPOSITORY_URL` is the one in ``_config.yml``.

>>> COLAB_CELL.splitlines()[0]
'# Colab set-up: clones the course and installs its package on Google Colab; does nothing elsewhere.'
"""

REPOSITORY_URL = "https://github.com/rl-gan-course/rl-gan-course"

COLAB_CELL = f'''# Colab set-up: clones the course and installs its package on Google Colab; does nothing elsewhere.
import os
import subprocess
import sys

if "google.colab" in sys.modules and not os.path.isdir("/content/rl-gan-course"):
    subprocess.run(["git", "clone", "--depth", "1", "{REPOSITORY_URL}", "/content/rl-gan-course"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", "/content/rl-gan-course"], check=True)
    sys.path.insert(0, "/content/rl-gan-course")
if "google.colab" in sys.modules:
    os.chdir("/content/rl-gan-course/notebooks")'''
