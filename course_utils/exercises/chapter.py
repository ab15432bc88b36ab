"""A chapter's exercises as a notebook shows them: checked, as text, with their answers.

Chapters 02, 03 and 10 show their exercise files the same way: re-check every computed
answer, the questions as text for the printed book, the computed answers in a dropdown,
and the widgets (:func:`course_utils.exercises.widget.chapter_widget`). This module holds
the text parts, so that a notebook cell is one call.

>>> from course_utils.exercises import load_all
>>> exs = load_all(chapter="02_bellman_dp")
>>> verify(exs, at_least=4)
>>> questions_text(exs).splitlines()[0]
'1. A corridor to the goal'
"""

from __future__ import annotations

from collections.abc import Sequence

from .core import Exercise

__all__ = ["verify", "questions_text", "answers_text"]


def verify(exercises: Sequence[Exercise], at_least: int = 1) -> None:
    """Check that the chapter has ``at_least`` exercises, that each checker accepts every
    computed answer and refuses a wrong one; ``AssertionError`` naming the file otherwise
    (a tutor's edit that broke an exercise stops the notebook, as a failing test does)."""
    if len(exercises) < at_least:
        raise AssertionError(f"expected at least {at_least} exercises, found {len(exercises)}")
    for ex in exercises:
        answer = ex.answer()
        accepted = sorted(answer) if isinstance(answer, frozenset) else [answer]
        for a in accepted:
            if not ex.check(a).correct:
                raise AssertionError(f"{ex.path}: the checker refuses the computed answer {a!r}")
        wrong = ex.wrong_answer()
        if ex.check(wrong).correct:
            raise AssertionError(f"{ex.path}: the checker accepts the wrong answer {wrong!r}")


def questions_text(exercises: Sequence[Exercise]) -> str:
    """The questions, numbered, as plain text (the printed book's version of the widgets)."""
    return "\n\n".join(f"{i}. {ex.title}\n   {ex.question.strip()}" for i, ex in enumerate(exercises, 1))


def answers_text(exercises: Sequence[Exercise]) -> str:
    """The computed answers, numbered, each with its explanation when the file has one."""
    return "\n".join(f"{i}. {ex.show_answer()}" + (f" — {ex.explanation.strip()}" if ex.explanation else "")
                     for i, ex in enumerate(exercises, 1))
