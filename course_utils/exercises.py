"""Tutor-editable exercises: plain YAML files whose answers the course's solvers compute.

An exercise is a small data file under ``exercises/<chapter>/``. A tutor edits it (a new
map, other rewards, another gamma, a new question) and the widget, the question and the
checker follow: the correct answer is *computed* by the course's code every time, never
stored. ``tests/test_exercises.py`` loads every file under ``exercises/`` (all chapters),
validates it, and proves the checker accepts the computed answer and rejects a wrong one.

A file (``exercises/02_bellman_dp/start_value.yaml``)::

    kind: gridworld_value           # which registered kind solves and checks it
    title: Value of the start
    question: What is V*(S), the optimal value of the start cell?
    tolerance: 0.05                 # optional (numbers; default 0.05)
    hint: Count the steps to G.     # optional
    grid: {map: "S.G", rewards: {G: 1}, gamma: 0.9}
    ask: {cell: S}

Common fields: ``kind``, ``title``, ``question`` (required), ``tolerance``, ``hint``,
``explanation`` (optional). Everything else belongs to the kind, which declares its
top-level fields. Errors are :class:`ExerciseError` (a ``ValueError``) and read
``<file>: field '<dotted.name>': <what is wrong>``.

**Registering a kind (later chapters).** Put the kind in your own module and name it
``<module>.<kind>``; the loader imports ``course_utils.<module>`` the first time a file
uses such a name, so exercise files need nothing else::

    # course_utils/tabular.py
    from .exercises import register_kind

    @register_kind("tabular.greedy_action", fields=("env", "ask"), answer=CHOICE_ACTIONS)
    def _greedy_action(ex):
        gamma = ex.get("env.gamma", float, check=lambda g: 0 <= g <= 1, expected="in [0, 1]")
        ...                          # run the course's solver; raise ExerciseError for bad fields
        return frozenset({"left"})   # the accepted answers

``answer`` is an :class:`AnswerType`: :data:`NUMBER` (absolute tolerance) and
:func:`choice` (a set of accepted options) are built in. ``validate(ex)`` (optional) runs
at load time; ``draw(ex, ax)`` (optional) draws the exercise for the widget and the book.
The gridworld kinds of chapter 2 live in :mod:`course_utils.grid_exercises`.

>>> ex = from_dict({"kind": "gridworld_value", "title": "t", "question": "V*(S)?",
...                 "grid": {"map": "S.G", "rewards": {"G": 1}, "gamma": 0.9}, "ask": {"cell": "S"}})
>>> round(ex.answer(), 2), ex.check("0.9").correct, ex.check(0.5).correct
(0.9, True, False)
"""

from __future__ import annotations

import importlib
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["ExerciseError", "AnswerType", "NUMBER", "choice", "Kind", "KINDS", "register_kind",
           "Exercise", "Feedback", "load", "load_all", "from_dict", "exercise_files", "EXERCISES_DIR"]

#: The repository's ``exercises/`` folder (the package is installed editable, also on Colab).
EXERCISES_DIR = Path(__file__).resolve().parents[1] / "exercises"
COMMON_FIELDS = ("kind", "title", "question", "tolerance", "hint", "explanation")
_MISSING = object()


class ExerciseError(ValueError):
    """A malformed exercise: names the file and the (dotted) field."""

    def __init__(self, path, field: str, message: str):
        self.path, self.field = str(path), field
        super().__init__(f"{self.path}: field '{field}': {message}")


@dataclass(frozen=True)
class AnswerType:
    """How answers of a kind are read, compared and shown.

    ``parse(text, ex)`` turns the student's text into an answer (``ValueError`` if it is
    not one), ``check(answer, correct, ex)`` compares, ``wrong(correct, ex)`` builds an
    answer the checker must reject (for the tests), ``show(correct)`` formats the answer.
    """

    name: str
    parse: Callable[[Any, Exercise], Any]
    check: Callable[[Any, Any, Exercise], bool]
    wrong: Callable[[Any, Exercise], Any]
    show: Callable[[Any], str] = str


def _parse_number(text, ex) -> float:
    if isinstance(text, numbers.Real) and not isinstance(text, bool):
        return float(text)
    try:
        return float(str(text).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"please enter a number, got {str(text)!r}") from None


#: A number, correct within the exercise's ``tolerance`` (absolute; default 0.05).
NUMBER = AnswerType(
    "number", _parse_number,
    check=lambda a, c, ex: abs(a - c) <= ex.tolerance,
    wrong=lambda c, ex: c + 10 * ex.tolerance + 1.0,
    show=lambda c: f"{c:.3f}",
)


def choice(spellings: Mapping[str, str]) -> AnswerType:
    """An answer from a fixed set of options; the solver returns the ``frozenset`` of the
    accepted ones (several when there are ties). ``spellings`` maps what a student may type
    (lower case) to the canonical option, e.g. ``{"left": "left", "←": "left"}``."""
    options = sorted(set(spellings.values()))

    def parse(text, ex):
        key = str(text).strip().lower()
        if key not in spellings:
            raise ValueError(f"please answer one of {', '.join(options)}; got {str(text)!r}")
        return spellings[key]

    def wrong(correct, ex):
        others = [o for o in options if o not in correct]
        if not others:
            raise ExerciseError(ex.path, "ask", "every option is correct, so no answer can be wrong")
        return others[0]

    return AnswerType("choice", parse, check=lambda a, c, ex: a in c, wrong=wrong,
                      show=lambda c: " or ".join(sorted(c)))


@dataclass(frozen=True)
class Kind:
    """A registered exercise kind: its solver, answer type and own top-level fields."""

    name: str
    solve: Callable[[Exercise], Any]
    answer: AnswerType
    fields: tuple[str, ...] = ()
    validate: Callable[[Exercise], None] | None = None
    draw: Callable[[Exercise, Any], None] | None = None


#: name -> :class:`Kind`
KINDS: dict[str, Kind] = {}


def register_kind(name: str, *, answer: AnswerType = NUMBER, fields: tuple[str, ...] = (),
                  validate=None, draw=None):
    """Decorator registering ``solve(ex) -> correct answer`` as exercise kind ``name``."""
    if not isinstance(answer, AnswerType):
        raise ValueError(f"answer must be an AnswerType, got {answer!r}")

    def decorate(solve):
        KINDS[name] = Kind(name, solve, answer, tuple(fields), validate, draw)
        return solve

    return decorate


def get_kind(name: str, path="<exercise>") -> Kind:
    """The kind called ``name``, importing ``course_utils.<module>`` for ``<module>.<kind>``."""
    if name not in KINDS:
        module = "grid_exercises" if name.startswith("gridworld_") else name.split(".")[0]
        try:
            importlib.import_module(f"course_utils.{module}")
        except ImportError:
            pass
    if name not in KINDS:
        raise ExerciseError(path, "kind", f"unknown kind {name!r}; known kinds: {', '.join(sorted(KINDS))}")
    return KINDS[name]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct``, a ``message`` for the student, the ``expected`` answer."""

    correct: bool
    message: str
    expected: Any = field(repr=False, default=None)


@dataclass
class Exercise:
    """One loaded, validated exercise. ``data`` is the file's content as a dict."""

    path: str
    data: dict
    kind: str
    title: str
    question: str
    tolerance: float = 0.05
    hint: str = ""
    explanation: str = ""
    cache: dict = field(default_factory=dict, repr=False)  # things a kind computed once

    def get(self, name: str, types=object, default=_MISSING, check=None, expected: str = ""):
        """Field ``name`` (dotted, e.g. ``"grid.gamma"``), checked; raises :class:`ExerciseError`.

        ``types`` is a type or tuple (``float`` accepts any real number, not bools);
        ``check(value)`` returning false gives the error ``expected ..., got ...``.
        """
        value: Any = self.data
        for i, part in enumerate(name.split(".")):
            if not isinstance(value, Mapping):
                raise ExerciseError(self.path, ".".join(name.split(".")[:i]), "must be a mapping (key: value)")
            if part not in value or value[part] is None:
                if default is _MISSING:
                    raise ExerciseError(self.path, name, "is missing")
                return default
            value = value[part]
        types = types if isinstance(types, tuple) else (types,)
        if float in types and isinstance(value, numbers.Real) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            names = " or ".join(t.__name__ for t in types)
            raise ExerciseError(self.path, name, f"must be {names}, got {value!r}")
        if check is not None and not check(value):
            raise ExerciseError(self.path, name, f"expected {expected or 'a valid value'}, got {value!r}")
        return value

    @property
    def spec(self) -> Kind:
        return get_kind(self.kind, self.path)

    def answer(self):
        """The correct answer, computed by the kind's solver (cached per exercise)."""
        if "answer" not in self.cache:
            self.cache["answer"] = self.spec.solve(self)
        return self.cache["answer"]

    def wrong_answer(self):
        """An answer the checker must reject (used by the tests)."""
        return self.spec.answer.wrong(self.answer(), self)

    def check(self, answer) -> Feedback:
        """Check a student's answer (text or value). Unreadable answers raise ``ValueError``."""
        kind = self.spec
        value = kind.answer.parse(answer, self)
        correct = self.answer()
        if kind.answer.check(value, correct, self):
            return Feedback(True, "Correct!", correct)
        return Feedback(False, "Not yet." + (f" Hint: {self.hint}" if self.hint else ""), correct)

    def show_answer(self) -> str:
        return self.spec.answer.show(self.answer())


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
        tolerance=probe.get("tolerance", float, 0.05, check=lambda t: t > 0, expected="a positive number"),
        hint=probe.get("hint", str, ""),
        explanation=probe.get("explanation", str, ""),
    )
    if kind.validate is not None:
        kind.validate(ex)
    return ex


def load(path) -> Exercise:
    """Read and validate one exercise file (YAML)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
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


def exercise_widget(ex: Exercise, reveal: bool = True, figure: bool = True):
    """The exercise as an ipywidgets box: question, figure, answer field, Check button and
    feedback (unreadable answers give a red message, not a traceback). ``reveal`` adds a
    "Show answer" button. The box has ``.answer_box``, ``.check_button`` and ``.feedback``."""
    import html

    import ipywidgets as W
    import matplotlib.pyplot as plt

    from .widgets import error_html, show_in

    header = W.HTML(f"<b>{html.escape(ex.title)}</b><br>{html.escape(ex.question).replace(chr(10), '<br>')}")
    out = W.Output()
    if figure and ex.spec.draw is not None:
        with show_in(out):
            fig, ax = plt.subplots(figsize=(4, 3))
            ex.spec.draw(ex, ax)
            plt.show()
    answer_box = W.Text(placeholder="your answer", description="Answer:")
    check_button = W.Button(description="Check", button_style="primary")
    feedback = W.HTML()

    def on_check(_):
        try:
            fb = ex.check(answer_box.value)
        except ValueError as err:
            feedback.value = error_html(str(err)).value
            return
        color = "#1b7f3b" if fb.correct else "#b36b00"
        feedback.value = f'<span style="color:{color};font-weight:bold">{html.escape(fb.message)}</span>'

    check_button.on_click(on_check)
    buttons = [check_button]
    if reveal:
        show_button = W.Button(description="Show answer")

        def on_show(_):
            text = ex.show_answer() + (f" — {ex.explanation}" if ex.explanation else "")
            feedback.value = f"<i>Answer: {html.escape(text)}</i>"

        show_button.on_click(on_show)
        buttons.append(show_button)
    box = W.VBox([header, out, W.HBox([answer_box, *buttons]), feedback])
    box.answer_box, box.check_button, box.feedback = answer_box, check_button, feedback
    return box
