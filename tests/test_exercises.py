"""Every exercise file of every chapter loads, validates, and its checker accepts the answer the
course's solver computes and rejects a wrong one; malformed files name the file and the field."""

import re
import textwrap

import numpy as np
import pytest
import yaml

import course_utils as cu
from course_utils import exercises as X
from course_utils.rl.gridworld import sutton_barto_5x5

FILES = X.exercise_files()


def test_there_are_exercise_files():
    assert any("02_bellman_dp" in str(p) for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_exercise_file(path):
    ex = X.load(path)
    assert ex.kind in X.KINDS and ex.title and ex.question
    correct = ex.answer()
    accepted = sorted(correct) if isinstance(correct, frozenset) else [correct]
    for answer in accepted:
        assert ex.check(answer).correct
    assert ex.check(ex.spec.answer.show(correct).split(" or ")[0]).correct  # as a student types it
    assert not ex.check(ex.wrong_answer()).correct
    if isinstance(correct, float):  # computed, not stored: no field of the file holds it
        assert f"{correct:.3g}" not in yaml.safe_dump(ex.data)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_exercise_widget_checks_answers(path):
    ex = X.load(path)
    box = X.exercise_widget(ex, figure=False)
    box.answer_box.value = ex.spec.answer.show(ex.answer()).split(" or ")[0]
    box.check_button.click()
    assert "Correct" in box.feedback.value
    box.answer_box.value = "?!"
    box.check_button.click()
    assert "please" in box.feedback.value  # a visible message, not a traceback


WITH_FIGURE = [p for p in FILES if X.widget.has_figure(X.load(p))]  # kinds without one draw nothing


def test_most_exercises_have_a_figure():
    assert len(WITH_FIGURE) >= len(FILES) // 2


@pytest.mark.parametrize("path", WITH_FIGURE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_exercise_figure_draws(path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ex = X.load(path)
    fig, ax = plt.subplots()
    X.widget.draw_exercise(ex, ax)
    assert ax.has_data() or ax.texts or ax.patches
    plt.close(fig)


def test_number_answers_use_the_tolerance():
    ex = X.from_dict({"kind": "gridworld.value", "title": "t", "question": "q", "tolerance": 0.1,
                      "grid": {"map": "S..G", "gamma": 0.5}, "ask": {"cell": "S"}})
    assert ex.answer() == pytest.approx(0.25)
    assert ex.check("0.34").correct and ex.check("0,2").correct and not ex.check(0.36).correct


def test_answers_follow_the_file_when_a_tutor_edits_it():
    base = {"kind": "gridworld.action", "title": "t", "question": "q", "ask": {"cell": "S"},
            "grid": {"map": "g.S.....G", "rewards": {"g": 1, "G": 10}, "terminal": "gG"}}
    near = X.from_dict({**base, "grid": {**base["grid"], "gamma": 0.5}})
    far = X.from_dict({**base, "grid": {**base["grid"], "gamma": 0.9}})
    assert near.answer() == {"left"} and far.answer() == {"right"}
    # 0.5 * 1 against 0.5**5 * 10, as the exercise's explanation says
    assert X.from_dict({**base, "kind": "gridworld.value", "grid": {**base["grid"], "gamma": 0.5}}).answer() == 0.5


def test_values_agree_with_the_textbook():
    ex = X.load(X.EXERCISES_DIR / "02_bellman_dp" / "random_walk_A.yaml")
    g = sutton_barto_5x5()
    v = cu.dp.policy_evaluation_exact(g.to_mdp(), np.full((25, 4), 0.25)).v
    assert ex.answer() == pytest.approx(v[g.state_of((0, 1))]) and round(ex.answer(), 1) == 8.8


def test_ties_accept_every_optimal_action():
    ex = X.from_dict({"kind": "gridworld.action", "title": "t", "question": "q",
                      "grid": {"map": ".S.\n...\n.G.", "gamma": 0.9, "terminal": "G"},
                      "ask": {"cell": [0, 0]}})
    assert ex.answer() == {"down", "right"}
    assert ex.check("↓").correct and ex.check("Right").correct and not ex.check("up").correct


def test_policy_given_as_arrows():
    ex = X.from_dict({"kind": "gridworld.value", "title": "t", "question": "q",
                      "grid": {"map": "S.G", "gamma": 0.5},
                      "ask": {"cell": "S", "policy": "→→G"}})
    assert ex.answer() == pytest.approx(0.5)


GOOD = """
kind: gridworld.value
title: t
question: q
grid:
  map: |
    S . G
  rewards: {G: 1.0}
  gamma: 0.9
ask:
  cell: S
"""


@pytest.mark.parametrize("old, new, field, match", [
    ("kind: gridworld.value", "kind: gridworld.valu", "kind", "unknown kind 'gridworld.valu'"),
    ("title: t\n", "", "title", "is missing"),
    ("question: q", "question: ''", "question", "non-empty question"),
    ("gamma: 0.9", "gamma: 1.5", "grid.gamma", r"in \[0, 1\]"),
    ("gamma: 0.9", "gamma: high", "grid.gamma", "must be float"),
    ("gamma: 0.9", "gamma: 0.9\n  slip: 2", "grid.slip", "probability"),
    ("    S . G", "    S . ?", "grid.map", "use '.', '#' or a letter"),
    ("{G: 1.0}", "{X: 1.0}", "grid.rewards", "not in the layout"),
    ("{G: 1.0}", "{G: lots}", "grid.rewards.G", "must be float"),
    ("cell: S", "cell: Z", "ask.cell", "appears 0 times"),
    ("cell: S", "cell: [0, 7]", "ask.cell", "outside"),
    ("cell: S", "cell: S\n  sweeps: 0", "ask.sweeps", "integer >= 1"),
    ("cell: S", "cell: S\n  policy: greedy", "ask.policy", "'optimal', 'random' or a 1x3 map"),
    ("cell: S", "cell: S\n  polcy: random", "ask.polcy", "unknown field"),
    ("ask:", "tolerance: -1\nask:", "tolerance", "positive"),
    ("ask:", "answer: 0.81\nask:", "answer", "unknown field"),
    ("  gamma: 0.9", "  gamma: 1.0\n  terminal: ''", "grid.gamma", "episodic"),
    ("    S . G", "    S # G", "grid.gamma", "never reaches a terminal"),
    ("ask:\n  cell: S", "ask: [S]", "ask", "must be dict"),
    ("question: q", "question: [q", "<yaml>", "not valid YAML"),
])
def test_malformed_files_name_file_and_field(tmp_path, old, new, field, match):
    text = textwrap.dedent(GOOD).lstrip()
    assert old in text, old
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1))
    if "gamma: 1.0" in new or "S # G" in new:  # gamma = 1 cases
        path.write_text(path.read_text().replace("gamma: 0.9", "gamma: 1.0"))
    with pytest.raises(X.ExerciseError) as info:
        X.load(path)
    err = info.value
    assert err.path == str(path) and err.field == field, str(err)
    assert str(err).startswith(f"{path}: field '{field}'")
    assert re.search(match, str(err)), str(err)



def _write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "tutor.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding=encoding)
    return path


def _refused(path, field: str, match: str):
    with pytest.raises(X.ExerciseError) as info:
        X.load(path)
    err = info.value
    assert err.path == str(path) and err.field == field, str(err)
    assert str(err).startswith(f"{path}: field '{field}'") and re.search(match, str(err)), str(err)


def test_sweeps_are_bounded(tmp_path):
    """Issue 17: ``ask.sweeps: 1000000000`` ran a billion Bellman sweeps while loading."""
    text = textwrap.dedent(GOOD).replace("cell: S", "cell: S\n  sweeps: 1000000000")
    _refused(_write(tmp_path, text), "ask.sweeps", f"<= {X.grid.MAX_SWEEPS}, got 1000000000")
    ok = X.load(_write(tmp_path, text.replace("1000000000", str(X.grid.MAX_SWEEPS))))
    assert ok.answer() == pytest.approx(0.9)


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_tolerance_must_be_finite(tmp_path, value):
    """Issue 17: ``tolerance: .inf`` accepted every answer as correct."""
    text = textwrap.dedent(GOOD).replace("ask:", f"tolerance: {value}\nask:")
    _refused(_write(tmp_path, text), "tolerance", "finite")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "latin-1"])
def test_files_must_be_utf8(tmp_path, encoding):
    """Issue 17: a UTF-16 or Latin-1 file gave a bare UnicodeDecodeError without the file name."""
    text = textwrap.dedent(GOOD).replace("question: q", "question: Quelle est la valeur de S ? (réponse)")
    _refused(_write(tmp_path, text, encoding), "<encoding>", "must be UTF-8")
    assert X.load(_write(tmp_path, text, "utf-8-sig")).question.endswith("(réponse)")  # a BOM is fine


GAMING = """
kind: gaming.behaviour
title: t
question: q
world: boat_race
reward: {bonus: 1.0, gamma: 0.95}
"""


def test_gaming_gamma_one_is_refused_at_load(tmp_path):
    """Issue 17: a boat race with gamma = 1 loaded, then failed at check() naming neither file
    nor field (looping over the turbo tile pays forever: no policy is best)."""
    _refused(_write(tmp_path, GAMING.replace("0.95", "1.0")), "reward.gamma", "gamma = 1 .*no loop that pays")
    pause = GAMING.replace("boat_race", "pause_game").replace("bonus", "p_clear").replace("0.95", "1.0")
    _refused(_write(tmp_path, pause), "reward.gamma", "never ends")
    _refused(_write(tmp_path, GAMING.replace("0.95", "0")), "reward.gamma", r"in \(0, 1\]")
    _refused(_write(tmp_path, GAMING.replace("bonus", "bonnus")), "reward", "unknown reward parameter 'bonnus'")
    # where episodes end and loops do not pay, gamma = 1 is fine: the shaped (fixed) boat race
    ex = X.load(_write(tmp_path, GAMING.replace("0.95", "1.0").replace("world:", "variant: fixed\nworld:")))
    assert ex.answer() == {"intended"}


def test_sizes_are_bounded(tmp_path):
    """Issue 17: ``height: 100000`` built three 100000 x 2 x 100000 arrays (a raw MemoryError);
    a map is bounded in the same way."""
    pause = GAMING.replace("boat_race", "pause_game").replace("{bonus: 1.0, gamma: 0.95}", "{height: 100000}")
    _refused(_write(tmp_path, pause), "reward.height", r"integer from 3 to \d+, got 100000")
    assert X.load(_write(tmp_path, pause.replace("100000", str(X.gaming.MAX_HEIGHT)))).answer()
    wide = textwrap.dedent(GOOD).replace("    S . G", "    S" + " ." * 100 + " G")
    _refused(_write(tmp_path, wide), "grid.map", f"1 rows by 102 columns; a map has at most {X.grid.MAX_SIDE}")
    tall = textwrap.dedent(GOOD).replace("    S . G", "    S . G\n" + "    . . .\n" * 30)
    _refused(_write(tmp_path, tall), "grid.map", "31 rows by 3 columns")
    big = _write(tmp_path, textwrap.dedent(GOOD) + "# padding\n" * (X.MAX_FILE_BYTES // 10))
    _refused(big, "<file>", f"at most {X.MAX_FILE_BYTES} bytes")

def test_a_choice_exercise_that_cannot_be_wrong_is_refused():
    # in Sutton & Barto's A every action is optimal: any answer would be "correct"
    with pytest.raises(X.ExerciseError, match="field 'ask': every option is correct"):
        X.from_dict({"kind": "gridworld.action", "title": "t", "question": "q", "ask": {"cell": "A"},
                     "grid": {"map": ".A.\n...\n.a.", "teleports": {"A": ["a", 10]}, "terminal": "",
                              "gamma": 0.9}})


def test_a_new_kind_is_one_entry_in_the_table(monkeypatch):
    def _double(ex):
        return 2 * ex.get("x", float)

    monkeypatch.setitem(X.KINDS, "testchapter.double", X.Kind("testchapter.double", _double, X.NUMBER, ("x",)))
    ex = X.from_dict({"kind": "testchapter.double", "title": "t", "question": "2x?", "x": 3})
    assert ex.answer() == 6.0 and ex.check("6.01").correct and not ex.check(ex.wrong_answer()).correct
    with pytest.raises(X.ExerciseError, match="field 'x': must be float"):
        X.from_dict({"kind": "testchapter.double", "title": "t", "question": "q", "x": "three"}).answer()


def test_every_kind_is_namespaced_by_its_module_and_every_figure_is_of_a_kind():
    for name, kind in X.KINDS.items():
        module, _, short = name.partition(".")
        assert kind.name == name and short and module in {"gridworld", "tabular", "gaming"}, name
    assert set(X.widget.FIGURES) <= set(X.KINDS)


def test_chapter_verify_catches_a_broken_checker(monkeypatch):
    from course_utils import exercises
    from course_utils.exercises.core import Exercise, Feedback

    exs = exercises.load_all(chapter="02_bellman_dp")
    exercises.verify(exs, at_least=len(exs))
    with pytest.raises(AssertionError, match="expected at least 99 exercises"):
        exercises.verify(exs, at_least=99)
    monkeypatch.setattr(Exercise, "check", lambda self, answer: Feedback(True, "ok"))
    with pytest.raises(AssertionError, match="accepts the wrong answer"):
        exercises.verify(exs)
    monkeypatch.setattr(Exercise, "check", lambda self, answer: Feedback(False, "no"))
    with pytest.raises(AssertionError, match="refuses the computed answer"):
        exercises.verify(exs)


def test_chapter_text_lists_every_question_and_answer():
    from course_utils import exercises

    exs = exercises.load_all(chapter="11_specification_gaming")
    questions, answers = exercises.questions_text(exs), exercises.answers_text(exs)
    assert all(f"{i}. {ex.title}" in questions for i, ex in enumerate(exs, 1))
    assert len(answers.splitlines()) >= len(exs) and all(ex.show_answer() in answers for ex in exs)
