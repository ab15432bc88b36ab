"""Tutor-editable exercises: plain YAML files whose answers the course's solvers compute.

An exercise is a small data file under ``exercises/<chapter>/``. A tutor edits it (a new
map, other rewards, another gamma, a new question) and the widget, the question and the
checker follow: the correct answer is *computed* by the course's code every time, never
stored. ``tests/test_exercises.py`` loads every file under ``exercises/`` (all chapters),
validates it, and proves the checker accepts the computed answer and rejects a wrong one.

A file (``exercises/02_bellman_dp/start_value.yaml``)::

    kind: gridworld.value           # which kind of the table below solves and checks it
    title: Value of the start
    question: What is V*(S), the optimal value of the start cell?
    tolerance: 0.05                 # optional (numbers; default 0.05)
    hint: Count the steps to G.     # optional
    grid: {map: "S.G", rewards: {G: 1}, gamma: 0.9}
    ask: {cell: S}

Common fields: ``kind``, ``title``, ``question`` (required), ``tolerance``, ``hint``,
``explanation`` (optional). Everything else belongs to the kind, which declares its
top-level fields. Errors are :class:`ExerciseError` (a ``ValueError``) and read
``<file>: field '<dotted.name>': <what is wrong>``. Files are UTF-8 and at most
``MAX_FILE_BYTES`` bytes; numbers are finite; every size a file sets is bounded
(:data:`~course_utils.exercises.grid.MAX_SIDE`, :data:`~course_utils.exercises.grid.MAX_SWEEPS`,
:data:`~course_utils.exercises.gaming.MAX_HEIGHT`), so no file can hang the loader.

**The kinds** are named ``<module>.<kind>`` after the module of this package that defines
them, and listed in :data:`KINDS`, the one table the loader reads:

* :mod:`~course_utils.exercises.grid` (chapter 02): ``gridworld.value``, ``gridworld.action``;
* :mod:`~course_utils.exercises.tabular` (chapter 03): ``tabular.td_update``,
  ``tabular.learned_action``;
* :mod:`~course_utils.exercises.gaming` (chapter 11): ``gaming.behaviour``,
  ``gaming.performance``.

A new kind is a :class:`Kind` (name, solver, :class:`AnswerType`, fields, optional
``validate``) in a module here, one entry in :data:`KINDS`, and, if it has a figure, one in
:data:`course_utils.exercises.widget.FIGURES`. The widget is
:func:`~course_utils.exercises.widget.exercise_widget` (ipywidgets and matplotlib load only
when it is called).

>>> ex = from_dict({"kind": "gridworld.value", "title": "t", "question": "V*(S)?",
...                 "grid": {"map": "S.G", "rewards": {"G": 1}, "gamma": 0.9}, "ask": {"cell": "S"}})
>>> round(ex.answer(), 2), ex.check("0.9").correct, ex.check(0.5).correct
(0.9, True, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from . import chapter, gaming, grid, tabular, widget
from .chapter import answers_text, questions_text, verify
from .core import COMMON_FIELDS, NUMBER, AnswerType, Exercise, ExerciseError, Feedback, Kind, choice
from .widget import chapter_widget, exercise_widget

__all__ = ["ExerciseError", "AnswerType", "NUMBER", "choice", "Kind", "KINDS", "get_kind",
           "Exercise", "Feedback", "load", "load_all", "from_dict", "exercise_files", "EXERCISES_DIR",
           "MAX_FILE_BYTES",
           "exercise_widget", "chapter_widget", "verify", "questions_text", "answers_text",
           "chapter", "grid", "tabular", "gaming", "widget"]

#: The repository's ``exercises/`` folder (the package is installed editable, also on Colab).
EXERCISES_DIR = Path(__file__).resolve().parents[2] / "exercises"

#: An exercise file is a few hundred bytes; larger ones are refused before parsing.
MAX_FILE_BYTES = 100_000

#: name -> :class:`~course_utils.exercises.core.Kind`: every kind an exercise file may name.
KINDS: dict[str, Kind] = {kind.name: kind for kind in (*grid.KINDS, *tabular.KINDS, *gaming.KINDS)}


def get_kind(name: str, path="<exercise>") -> Kind:
    """The kind called ``name`` in :data:`KINDS`; :class:`ExerciseError` naming the known ones if none.

    >>> get_kind("tabular.td_update").fields
    ('update',)
    """
    if name not in KINDS:
        raise ExerciseError(path, "kind", f"unknown kind {name!r}; known kinds: {', '.join(sorted(KINDS))}")
    return KINDS[name]


def from_dict(data, path="<exercise>") -> Exercise:
    """Validate ``data`` (a parsed exercise file) and return the :class:`Exercise`."""
    if not isinstance(data, Mapping):
        raise ExerciseError(path, "<top level>", f"must be a mapping of fields, got {type(data).__name__}")
    probe = Exercise(str(path), dict(data), "", "", "")
    name = probe.get("kind", str)
    kind = get_kind(name, path)
    for key in data:
        if key not in COMMON_FIELDS and key not in kind.fields:
            allowed = ", ".join((*COMMON_FIELDS, *kind.fields))
            raise ExerciseError(path, str(key), f"unknown field for kind {name!r} (allowed: {allowed})")

    def nonempty(text: str) -> bool:
        return text.strip() != ""

    ex = Exercise(
        str(path), dict(data), name,
        title=probe.get("title", str, check=nonempty, expected="a non-empty title"),
        question=probe.get("question", str, check=nonempty, expected="a non-empty question"),
        tolerance=probe.get("tolerance", float, 0.05, check=lambda t: t > 0, expected="a positive, finite number"),
        hint=probe.get("hint", str, ""),
        explanation=probe.get("explanation", str, ""),
        spec=kind,
    )
    if kind.validate is not None:
        kind.validate(ex)
    return ex


def load(path) -> Exercise:
    """Read and validate one exercise file: YAML, UTF-8 encoded (a byte-order mark is allowed),
    at most ``MAX_FILE_BYTES`` bytes."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ExerciseError(path, "<file>", f"is {size} bytes; an exercise file is at most {MAX_FILE_BYTES} bytes")
    raw = path.read_bytes()
    try:
        if b"\x00" in raw:  # UTF-16 without a byte-order mark decodes as UTF-8 with NUL bytes
            raise UnicodeDecodeError("utf-8", raw, raw.index(b"\x00"), raw.index(b"\x00") + 1, "NUL byte")
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        what = "is a NUL byte" if raw[err.start] == 0 else "is not UTF-8"
        raise ExerciseError(path, "<encoding>", f"the file must be UTF-8 text, but byte {err.start} "
                            f"(0x{raw[err.start]:02x}) {what} (saved as UTF-16 or Latin-1?); "
                            "save it as UTF-8") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "?"
        raise ExerciseError(path, "<yaml>", f"not valid YAML ({where}): {getattr(err, 'problem', err)}") from None
    return from_dict(data, path)


def exercise_files(root=None, chapter: str | None = None) -> list[Path]:
    """All ``*.yaml`` / ``*.yml`` files under ``root`` (default: the repository's ``exercises/``),
    or under ``root/chapter``, sorted."""
    root = Path(root) if root is not None else EXERCISES_DIR
    base = root / chapter if chapter else root
    if not base.is_dir():
        raise ValueError(f"no exercise folder {base}")
    return sorted(p for p in base.rglob("*") if p.suffix in (".yaml", ".yml"))


def load_all(root=None, chapter: str | None = None) -> list[Exercise]:
    """Load every exercise of a chapter (e.g. ``"02_bellman_dp"``) or of all chapters."""
    return [load(p) for p in exercise_files(root, chapter)]


