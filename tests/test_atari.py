"""Atari pipeline: wrappers' shapes, the checked fast observation path, episodic life, the frame-once
replay, memory guard, CLI + resume, exact env snapshots (a split run equals the straight one), the
evaluation cap."""

import json
import warnings
from collections import deque

import gymnasium as gym
import numpy as np
import pytest
import torch

from course_utils import atari, checkpoint
from course_utils.rl import atari_cli
from course_utils.rl.atari_state import Snapshot
from course_utils.rl.frame_replay import FrameReplay, frame_replay_bytes


def test_wrappers_give_stacked_84x84_uint8_frames():
    env = atari.make_atari_env("Pong", seed=0)
    obs, _ = env.reset(seed=0)
    assert obs.shape == (4, 84, 84) and obs.dtype == np.uint8
    assert env.observation_space.shape == (4, 84, 84)
    assert all(np.array_equal(obs[0], obs[k]) for k in range(4)), "a reset pads with copies of its frame"
    frames = [obs]
    for _ in range(3):
        obs, r, *_ = env.step(0)
        frames.append(obs)
        assert r in (-1.0, 0.0, 1.0)
    # the stack slides by one frame per agent step
    np.testing.assert_array_equal(frames[3][:3], frames[2][1:])
    raw = atari.make_atari_env("Pong", training=False, render_mode="rgb_array")
    raw.reset(seed=0)
    assert raw.render().shape == (210, 160, 3)
    with pytest.raises(ValueError, match="unknown Atari game"):
        atari.make_atari_env("NoSuchGame")


@pytest.fixture
def fresh_check():
    """make_atari_env checks ale-py once per process: check again here, and after the test."""
    atari._fast_obs_problem.cache_clear()
    yield
    atari._fast_obs_problem.cache_clear()


def test_ale_py_still_has_the_private_get_obs_that_make_atari_env_replaces(fresh_check):
    # Fails after an ale-py (or Gymnasium) upgrade that breaks the fast path: make_atari_env
    # still works then, about 20% slower, with a warning; update _skip_base_obs to the new ale-py.
    from ale_py.env import AtariEnv

    assert callable(getattr(AtariEnv, "_get_obs", None)), "ale-py no longer has AtariEnv._get_obs"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert atari._fast_obs_problem() is None
        env = atari.make_atari_env("Pong", seed=0)
    assert "_get_obs" in vars(env.unwrapped), "the fast path replaces the base env's observation"


def _renamed(monkeypatch):
    """ale-py without AtariEnv._get_obs (a rename): its own methods still reach the old code."""
    from ale_py.env import AtariEnv

    original = AtariEnv._get_obs
    monkeypatch.delattr(AtariEnv, "_get_obs")

    def __getattr__(self, name):
        if name == "_get_obs":
            return original.__get__(self)
        raise AttributeError(name)

    monkeypatch.setattr(AtariEnv, "__getattr__", __getattr__, raising=False)


def _not_the_screen(monkeypatch):
    """AtariEnv._get_obs exists but means something else."""
    from ale_py.env import AtariEnv

    monkeypatch.setattr(AtariEnv, "_get_obs", lambda self: np.zeros((210, 160), np.uint8))


def _preprocessing_reads_the_base_frame(monkeypatch):
    """A Gymnasium whose AtariPreprocessing uses the base env's observation after all."""
    real_step = gym.wrappers.AtariPreprocessing.step

    def step(self, action):
        _, *rest = real_step(self, action)
        return self.env.unwrapped._get_obs()[:84, :84].copy(), *rest

    monkeypatch.setattr(gym.wrappers.AtariPreprocessing, "step", step)


@pytest.mark.parametrize("change", [_renamed, _not_the_screen, _preprocessing_reads_the_base_frame])
def test_make_atari_env_falls_back_to_the_public_path_with_one_warning(monkeypatch, fresh_check, change):
    fast = atari.make_atari_env("Pong", training=False)
    expected = [fast.reset(seed=0)[0]] + [fast.step(a)[0] for a in (0, 2, 3)]
    change(monkeypatch)
    atari._fast_obs_problem.cache_clear()
    with pytest.warns(RuntimeWarning, match="public observation path") as record:
        envs = [atari.make_atari_env("Pong", training=False) for _ in range(2)]
    assert sum("public observation path" in str(w.message) for w in record) == 1, "one warning a process"
    assert atari._fast_obs_problem() is not None
    assert not any("_get_obs" in vars(e.unwrapped) for e in envs), "the private method is left alone"
    if change is not _preprocessing_reads_the_base_frame:  # (that change alters the frames themselves)
        got = [envs[0].reset(seed=0)[0]] + [envs[0].step(a)[0] for a in (0, 2, 3)]
        for a, b in zip(expected, got):
            np.testing.assert_array_equal(a, b)


def test_episodic_life_ends_learning_episodes_but_not_the_game():
    env = atari.make_atari_env("Breakout", seed=0)
    ale = env.unwrapped.ale
    env.reset(seed=0)
    lives_start = ale.lives()
    terminated = False
    for _ in range(5_000):  # random play loses a life quickly
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        if terminated or truncated:
            break
    assert terminated and ale.lives() == lives_start - 1
    env.reset()
    assert ale.lives() == lives_start - 1, "reset after a lost life continues the same game"
    evaluation = atari.make_atari_env("Breakout", training=False)
    assert not any(isinstance(w, atari.EpisodicLife) for w in _wrappers(evaluation))


def _wrappers(env):
    while isinstance(env, gym.Wrapper):
        yield env
        env = env.env


class RandomFrames(gym.Env):
    """Tiny random frames with random episode ends (terminated or truncated)."""

    observation_space = gym.spaces.Box(0, 255, (2, 3), np.uint8)
    action_space = gym.spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return self.np_random.integers(0, 256, (2, 3), dtype=np.uint8), {}

    def step(self, action):
        u = self.np_random.random()
        return self.np_random.integers(0, 256, (2, 3), dtype=np.uint8), 0.0, u < 0.08, 0.08 <= u < 0.12, {}


@pytest.mark.parametrize("num_envs,capacity", [(1, 50), (2, 64)])
def test_frame_replay_rebuilds_exactly_what_frame_stacking_produced(num_envs, capacity):
    envs = [gym.wrappers.FrameStackObservation(RandomFrames(), 4) for _ in range(num_envs)]
    obs = np.stack([env.reset(seed=i)[0] for i, env in enumerate(envs)])
    rb = FrameReplay(capacity, (2, 3), num_envs, seed=0)
    seen = {}  # transition id -> (obs, next_obs, terminated): the stacks as the wrapper made them
    tid = 0
    for _ in range(300):  # many times the capacity: the rings wrap around
        ids = np.arange(tid, tid + num_envs)
        tid += num_envs
        next_obs, reset_obs = np.empty_like(obs), obs.copy()
        term, done = np.zeros(num_envs), np.zeros(num_envs, bool)
        for i, env in enumerate(envs):
            o, _, te, tr, _ = env.step(0)
            next_obs[i], term[i], done[i], reset_obs[i] = o, te, te or tr, o
            seen[ids[i]] = (obs[i].copy(), o.copy(), float(te))
            if te or tr:
                reset_obs[i] = env.reset()[0]
        rb.add(obs, next_obs, ids, np.zeros(num_envs), term, done)
        obs = reset_obs
    assert capacity - 4 * num_envs <= len(rb) <= capacity + 2 * 4 * num_envs
    b = rb.sample(500)
    recent = set(range(tid - capacity // 2, tid))
    assert recent & set(b.actions.tolist()), "recent transitions are sampled"
    assert min(b.actions.tolist()) >= tid - 2 * capacity, "overwritten transitions are never sampled"
    for k, i in enumerate(b.actions.tolist()):
        o, o2, te = seen[i]
        np.testing.assert_array_equal(b.obs[k].numpy(), o)
        np.testing.assert_array_equal(b.next_obs[k].numpy(), o2)
        assert b.terminated[k].item() == te
    restored = FrameReplay(capacity, (2, 3), num_envs, seed=99)
    restored.load_state_dict(rb.state_dict())
    assert torch.equal(restored.sample(20).obs, rb.sample(20).obs)


def test_memory_estimate_and_refusal(monkeypatch):
    full = atari.AtariConfig.preset("full", env_id="Pong")
    need = frame_replay_bytes(full.buffer_size)
    assert 84 * 84 * 1_000_000 <= need < 1.01 * 84 * 84 * 1_000_000 + 20_000_000  # ≈ 7.1 GB, not 8 × that
    monkeypatch.setattr(atari, "available_memory_bytes", lambda: 1 << 30)
    messages = []
    with pytest.raises(MemoryError, match="lower buffer_size"):
        atari.train_atari(full, log=messages.append, progress=False)
    assert "GiB" in messages[0]


def test_cli_smoke_run_resumes_from_its_checkpoint(tmp_path, capsys):
    out = tmp_path / "pong"
    args = ["train", "--game", "Pong", "--budget", "smoke", "--out", str(out), "--total-steps", "600",
            "--checkpoint-every", "200", "--video-steps", "20", "--no-progress"]
    assert atari_cli.main([*args, "--until-step", "400"]) == 0
    first = json.loads((out / "summary.json").read_text())
    assert first["steps"] == 400 and not first["finished"] and (out / "checkpoint.pt").exists()
    assert atari_cli.main(args) == 0
    assert "resuming" in capsys.readouterr().err
    summary = json.loads((out / "summary.json").read_text())
    assert summary["steps"] == 600 and summary["finished"]
    assert (out / summary["video"]).stat().st_size > 0 and (out / "model_fp16.pt").exists()
    assert (out / "scalars.csv").read_text().startswith("step,name,value")
    saved = {f.name: f.read_bytes() for f in out.iterdir() if f.is_file()}
    with pytest.raises(SystemExit, match="other settings.*total_steps"):  # before touching the folder
        atari_cli.main([a if a != "600" else "800" for a in args])
    assert {f.name: f.read_bytes() for f in out.iterdir() if f.is_file()} == saved
    agent = atari.load_agent(out / "model_fp16.pt")
    assert agent(torch.zeros(2, 4, 84, 84, dtype=torch.uint8)).shape == (2, 6)  # Pong's 6 actions


def test_cli_tensorboard_log_equals_the_csv_across_a_resume(tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    out = tmp_path / "pong"
    args = ["train", "--game", "Pong", "--budget", "smoke", "--out", str(out), "--total-steps", "600",
            "--checkpoint-every", "200", "--video-steps", "5", "--no-progress", "--tensorboard"]
    assert atari_cli.main([*args, "--until-step", "400"]) == 0  # stopped, then resumed: two event files
    assert atari_cli.main(args) == 0
    assert len(list((out / "tensorboard").glob("events.out.tfevents.*"))) == 2
    board = EventAccumulator(str(out / "tensorboard"))
    board.Reload()
    rows = [line.split(",") for line in (out / "scalars.csv").read_text().splitlines()[1:]]
    assert {"loss", "q_mean", "epsilon"} <= {r[1] for r in rows} <= set(board.Tags()["scalars"])  # 600 steps: no game ends
    for name in {r[1] for r in rows}:
        csv_points = [(int(s), float(v)) for s, n, v in rows if n == name]
        board_points = [(e.step, e.value) for e in board.Scalars(name)]
        assert [s for s, _ in board_points] == [s for s, _ in csv_points], name  # each point once, in order
        assert [v for _, v in board_points] == pytest.approx([v for _, v in csv_points], rel=1e-6), name


# ---- exact resume: the env snapshot and a split run -----------------------------------------


def _play(env, actions, obs=None):
    """Step ``env`` through ``actions`` (resetting at episode ends); what it showed at each step."""
    seen = []
    for a in actions:
        obs, r, term, trunc, _ = env.step(int(a))
        seen.append((obs, r, term, trunc, env.unwrapped.ale.lives()))
        if term or trunc:
            obs, _ = env.reset()
            seen.append((obs, env.unwrapped.ale.lives()))
    return seen


def _layer_state(env):
    """Every plain attribute of every layer (arrays, frame queues, counters, flags), the
    emulator's full state and the env's generator: what must match after a restore."""
    from course_utils.rl.atari_state import layers

    for layer in layers(env):
        plain = {k: np.asarray(list(v) if isinstance(v, (list, deque)) else v) for k, v in vars(layer).items()
                 if isinstance(v, (np.ndarray, list, deque, bool, int, float, type(None))) and k != "_saved_kwargs"}
        if layer is env.unwrapped:
            plain["ale"] = np.frombuffer(layer.ale.cloneState(include_rng=True).serialize(), np.uint8)
            plain["np_random"] = np.asarray(str(layer.np_random.bit_generator.state))
        yield plain


@pytest.mark.parametrize("training", [True, False])
def test_snapshot_restores_the_whole_breakout_env_exactly(training, tmp_path):
    env = atari.make_atari_env("Breakout", training=training, seed=0, max_episode_steps=None if training else 150)
    rng = np.random.default_rng(0)
    _play(env, rng.integers(0, 4, 400))  # lives lost, episodes ended (and for evaluation truncated)
    assert env.unwrapped.ale.lives() < 5, "the snapshot is taken in the middle of a game"
    state = checkpoint.load(checkpoint.save({"kind": "env", "s": env.snapshot()}, tmp_path / "env.pt"))["s"]
    twin = atari.make_atari_env("Breakout", training=training, max_episode_steps=None if training else 150)
    obs = twin.restore(state)
    np.testing.assert_array_equal(obs, env.last_obs)
    assert twin.unwrapped.ale.lives() == env.unwrapped.ale.lives()
    # every layer's every attribute that changes as it runs, the emulator and the generator
    for a, b in zip(_layer_state(env), _layer_state(twin), strict=True):
        assert a.keys() == b.keys()
        for name in a:
            np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    actions = rng.integers(0, 4, 600)
    for a, b in zip(_play(env, actions), _play(twin, actions), strict=True):
        for x, y in zip(a, b, strict=True):
            np.testing.assert_array_equal(x, y)


def test_snapshot_refuses_an_unknown_wrapper():
    env = Snapshot(gym.wrappers.RecordEpisodeStatistics(atari.make_atari_env("Pong", seed=0)))
    with pytest.raises(ValueError, match="RecordEpisodeStatistics"):
        env.snapshot()


@pytest.mark.parametrize("game", ["Pong", "Breakout"])
def test_atari_run_split_by_a_checkpoint_equals_the_straight_run(game, tmp_path):
    cfg = atari.AtariConfig.preset("smoke", env_id=game, total_steps=800, learning_starts=300, buffer_size=1_000,
                                   target_update_every=100, eval_every=400, eval_max_steps=100)
    quiet = dict(progress=False, log=lambda msg: None)
    full = atari.train_atari(cfg, **quiet)
    path = tmp_path / "run.pt"
    part = atari.train_atari(cfg, checkpoint_path=path, until_step=530, **quiet)
    assert part.steps == 530 and not part.finished
    saved = checkpoint.load(path)["episodes"][0]
    rest = atari.train_atari(cfg, resume=path, checkpoint_path=path, **quiet)
    assert rest.finished and rest.steps == full.steps
    for key, values in full.history.items():
        np.testing.assert_array_equal(rest.history[key], values, err_msg=key)
    for p, p_resumed in zip(full.model.parameters(), rest.model.parameters(), strict=True):
        assert torch.equal(p, p_resumed)
    assert len(full.history["loss"]) > 100 and len(full.history["eval_return"]) == 2
    # the checkpoint fell mid-episode and, in Breakout, mid-game: lives had been lost
    env = atari.make_atari_env(game)
    env.restore(saved["env_state"])
    assert len(saved["actions"]) > 0
    if game == "Breakout":
        assert 0 < env.unwrapped.ale.lives() < 5 and len(full.history["episode_return"]) > 5


# ---- evaluation is capped --------------------------------------------------------------------


class NeverFire(torch.nn.Module):
    """A greedy agent that always chooses NOOP (Breakout's action 0); it counts its moves."""

    def __init__(self):
        super().__init__()
        self.moves = 0

    def forward(self, frames):
        self.moves += len(frames)
        return torch.tensor([[1.0, 0.0, 0.0, 0.0]]).repeat(len(frames), 1)


def test_greedy_breakout_evaluation_stops_at_the_cap():
    from course_utils.rl.dqn import evaluate

    agent, ends = NeverFire(), []

    class Ends(gym.Wrapper):
        def step(self, action):
            out = self.env.step(action)
            ends.append((out[2], out[3], self.env.unwrapped.ale.lives()))
            return out

    evaluate(agent, lambda i: Ends(atari.make_atari_env("Breakout", training=False)), episodes=1)
    assert agent.moves == len(ends) == atari.EVAL_MAX_STEPS == 4_500
    terminated, truncated, lives = ends[-1]
    assert truncated and not terminated and lives > 0, "cut by the cap, not a finished game"
    assert ends[0][2] > lives, "the ball FireReset launched was lost, and NOOP never serves again"
    with pytest.raises(ValueError, match="eval_max_steps must be a positive integer, got 0"):
        atari.AtariConfig.preset("smoke", eval_max_steps=0).validate()
    with pytest.raises(ValueError, match="max_episode_steps.*-1"):
        atari.make_atari_env("Pong", max_episode_steps=-1)
