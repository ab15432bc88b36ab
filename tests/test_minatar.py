"""MinAtar under Gymnasium and the course's DQN on it (course_utils.rl.minatar)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

pytest.importorskip("minatar")

from course_utils.rl.dqn import DQNConfig, evaluate  # noqa: E402
from course_utils.rl.minatar import (  # noqa: E402
    GAMES,
    MinAtarCNN,
    MinAtarConfig,
    make_minatar_env,
    render_rgb,
    train_minatar,
)

CHANNELS = {"asterix": 4, "breakout": 4, "freeway": 7, "seaquest": 10, "space_invaders": 6}


@pytest.mark.parametrize("game", GAMES)
def test_every_game_gives_binary_channel_first_boards(game):
    env = make_minatar_env(game)
    obs, _ = env.reset(seed=0)
    assert obs.shape == (CHANNELS[game], 10, 10) == env.observation_space.shape
    assert obs.dtype == np.uint8 and set(np.unique(obs)) <= {0, 1}
    assert env.action_space.n == 6  # the paper's full action set
    for _ in range(50):
        obs, r, term, trunc, _ = env.step(env.action_space.sample())
        assert env.observation_space.contains(obs) and isinstance(r, float)
        if term:
            obs, _ = env.reset()


def _trajectory(env, seed, actions):
    obs, _ = env.reset(seed=seed)
    out = [obs]
    for a in actions:
        obs, r, term, _, _ = env.step(a)
        out.append(obs)
        if term:
            break
    return np.stack(out)


def test_a_seed_fixes_the_episode_sticky_actions_included():
    actions = np.random.default_rng(0).integers(0, 6, 300)
    a = _trajectory(make_minatar_env("space_invaders"), 3, actions)
    b = _trajectory(make_minatar_env("space_invaders"), 3, actions)
    c = _trajectory(make_minatar_env("space_invaders"), 4, actions)
    assert np.array_equal(a, b)
    assert not np.array_equal(a[: len(c)], c[: len(a)])


def test_random_play_on_breakout_matches_the_published_return():
    # MinAtar's README: random play on Breakout averages 0.5 ± 0.023 (1,000 episodes)
    env, rng = make_minatar_env("breakout"), np.random.default_rng(0)
    returns = []
    env.reset(seed=0)
    total = 0.0
    while len(returns) < 1_000:
        _, r, term, _, _ = env.step(int(rng.integers(6)))
        total += r
        if term:
            returns.append(total)
            total = 0.0
            env.reset()
    assert 0.5 - 4 * 0.023 < np.mean(returns) < 0.5 + 4 * 0.023


def test_max_episode_steps_truncates_and_render_draws_the_board():
    env = make_minatar_env("freeway", max_episode_steps=5, render_mode="rgb_array")
    env.reset(seed=0)
    flags = [env.step(0)[3] for _ in range(5)]
    assert flags == [False] * 4 + [True]
    frame = env.render()
    assert frame.shape == (160, 160, 3) and frame.dtype == np.uint8 and frame.max() > 0
    with pytest.raises(ValueError, match="render_mode='rgb_array'"):
        make_minatar_env("freeway").render()


@pytest.mark.parametrize("kwargs, match", [
    (dict(game="pong"), "game must be one of"),
    (dict(game="breakout", sticky_action_prob=1.0), "sticky_action_prob must be in"),
    (dict(game="breakout", max_episode_steps=0), "max_episode_steps must be a positive integer"),
    (dict(game="breakout", render_mode="human"), "render_mode must be"),
])
def test_bad_env_arguments_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_minatar_env(**kwargs)


def test_render_rgb_colours_each_channel_and_checks_its_input():
    board = np.zeros((4, 10, 10), np.uint8)
    board[1, 2, 3] = 1
    image = render_rgb(board, scale=1)
    assert image[2, 3].any() and not image[0, 0].any()
    with pytest.raises(ValueError, match=r"shape \(channels, 10, 10\)"):
        render_rgb(np.zeros((10, 10)))


def test_the_network_is_the_papers():
    net = MinAtarCNN(4, 6)
    sizes = [p.numel() for p in net.parameters()]
    assert sizes == [4 * 16 * 9, 16, 16 * 8 * 8 * 128, 128, 128 * 6, 6]
    boards = torch.randint(0, 2, (3, 4, 10, 10), dtype=torch.uint8)
    assert torch.allclose(net(boards), net(boards.float()))


@pytest.mark.parametrize("overrides, match", [
    (dict(env_id="Breakout"), "env_id must be one of"),
    (dict(optimizer="sgd"), "optimizer must be 'adam' or 'rmsprop'"),
    (dict(eval_max_steps=0), "eval_max_steps must be a positive integer"),
])
def test_bad_configs_are_refused(overrides, match):
    with pytest.raises(ValueError, match=match):
        MinAtarConfig.preset("smoke", **overrides).validate()
    with pytest.raises(ValueError, match="MinAtarConfig"):
        train_minatar(DQNConfig.preset("smoke"))


def test_presets_follow_the_paper():
    full = MinAtarConfig.preset("full")
    assert (full.total_steps, full.buffer_size, full.batch_size, full.target_update_every, full.train_every,
            full.learning_starts, full.end_e, full.gamma, full.optimizer, full.learning_rate) == (
        5_000_000, 100_000, 32, 1_000, 1, 5_000, 0.1, 0.99, "rmsprop", 2.5e-4)
    for budget in ("standard", "full"):  # ε reaches 0.1 after the paper's first 100k frames
        cfg = MinAtarConfig.preset(budget)
        assert cfg.exploration_fraction * cfg.total_steps == pytest.approx(100_000)


def test_training_runs_on_uint8_boards_and_resumes_exactly(tmp_path):
    cfg = MinAtarConfig.preset("smoke", total_steps=1_200, learning_starts=300, seed=1)
    straight = train_minatar(cfg, progress=False)
    path = tmp_path / "run.pt"
    train_minatar(cfg, progress=False, checkpoint_path=path, until_step=700)
    resumed = train_minatar(cfg, progress=False, checkpoint_path=path, resume=path)
    assert resumed.finished and straight.steps == resumed.steps == 1_200
    for k in ("episode_return", "loss"):
        assert np.array_equal(straight.history[k], resumed.history[k]), k
    for a, b in zip(straight.model.state_dict().values(), resumed.model.state_dict().values()):
        assert torch.equal(a, b)
    scores = evaluate(straight.model, lambda i: make_minatar_env("breakout", max_episode_steps=200), 2)
    assert scores.shape == (2,) and np.isfinite(scores).all()
