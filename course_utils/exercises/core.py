"""The exercise framework's data: an exercise, its kind, its answer type, the verdict.

Nothing here knows a particular kind (they are in :mod:`course_utils.exercises.grid`,
``.tabular`` and ``.gaming``, listed in the table of :mod:`course_utils.exercises`) nor
draws anything (that is :mod:`course_utils.exercises.widget`).

>>> NUMBER.parse("0,5", None), NUMBER.show(0.5)
(0.5, '0.500')
>>> choice({"l": "left", "left": "left", "r": "right"}).parse("L", None)
'left'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ExerciseError", "AnswerType", "NUMBER", "choice", "Kind", "Exercise", "Feedback",
           "COMMON_FIELDS"]

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


#: A number, correct within the exercise's ``tolerance`` (absolute, finite and > 0; default 0.05).
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
    """An exercise kind: its solver, answer type, own top-level fields and an optional check
    at load time. Its figure, if any, is the widget's business
    (:data:`course_utils.exercises.widget.FIGURES`)."""

    name: str
    solve: Callable[[Exercise], Any]
    answer: AnswerType
    fields: tuple[str, ...] = ()
    validate: Callable[[Exercise], None] | None = None


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
    spec: Kind | None = field(default=None, repr=False)  # the kind, from the table (set by from_dict)

    def get(self, name: str, types=object, default=_MISSING, check=None, expected: str = ""):
        """Field ``name`` (dotted, e.g. ``"grid.gamma"``), checked; raises :class:`ExerciseError`.

        ``types`` is a type or tuple (``float`` accepts any finite real number, not bools,
        infinities or NaN); ``check(value)`` returning false gives the error ``expected ..., got ...``.
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
        if isinstance(value, float) and not math.isfinite(value):  # .inf, .nan: no field needs them
            raise ExerciseError(self.path, name, f"must be a finite number, got {value!r}")
        if check is not None and not check(value):
            raise ExerciseError(self.path, name, f"expected {expected or 'a valid value'}, got {value!r}")
        return value


    def answer(self):
        """The correct answer, computed by the kind's solver (cached per exercise)."""
        if "answer" not in self.cache:
            self.cache["answer"] = self.spec.solve(self)
        return self.cache["answer"]

    def wrong_answer(self):
        """An answer the checker must reject (used by the tests)."""
        return self.spec.answer.wrong(self.answer(), self)


    def solving_error(self) -> ValueError | None:
        """Solve the exercise now (its answer and a wrong one, as ``check()`` will); the
        ``ValueError`` a solver raised, if any, for a kind's ``validate`` to name its field."""
        try:
            self.answer()
            self.wrong_answer()
        except ExerciseError:
            raise
        except ValueError as err:
            return err
        return None
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


