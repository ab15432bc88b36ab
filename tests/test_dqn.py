"""DQN and its replay memory: buffer invariants, the TD target, resume equivalence, a smoke run."""

import dataclasses

import gymnasium as gym
import numpy as np
import pytest
import torch

from course_utils import checkpoint
from course_utils.rl.dqn import DQNConfig, evaluate, td_target, train_dqn
from course_utils.rl.replay import ReplayBuffer

# ---- replay buffer --------------------------------------------------------------------------


def fill(rb, values):
    for t in values:
        rb.add(np.full((1, *rb.obs_shape), t), np.full((1, *rb.obs_shape), t + 0.5), [t], [t], [t % 2])


def test_buffer_wraps_around_and_keeps_the_newest():
    rb = ReplayBuffer(5, (3,), seed=0)
    fill(rb, range(7))
    assert len(rb) == 5 and rb.pos == 2
    # slots 0, 1 were overwritten by transitions 5, 6; slots 2..4 still hold 2..4
    assert rb.obs[:, 0].tolist() == [5, 6, 2, 3, 4]
    assert rb.actions.tolist() == [5, 6, 2, 3, 4]
    np.testing.assert_array_equal(rb.next_obs[:, 0], rb.obs[:, 0] + 0.5)
    # a batch of E transitions that crosses the end wraps too
    rb.add(np.zeros((4, 3)), np.zeros((4, 3)), [9] * 4, [0] * 4, [0] * 4)
    assert rb.pos == 1 and rb.actions.tolist() == [9, 6, 9, 9, 9]


def test_sample_shapes_dtypes_and_only_filled_slots():
    rb = ReplayBuffer(100, (2, 3), seed=1)
    fill(rb, range(10))
    b = rb.sample(32)
    assert b.obs.shape == (32, 2, 3) and b.next_obs.shape == (32, 2, 3)
    assert b.actions.shape == b.rewards.shape == b.terminated.shape == (32,)
    assert b.obs.dtype == torch.float32 and b.actions.dtype == torch.int64
    assert set(b.actions.tolist()) <= set(range(10)), "never samples an empty slot"
    torch.testing.assert_close(b.rewards, b.actions.float())  # rows stay aligned


def test_sampling_is_seeded_and_resumable():
    a, b, c = ReplayBuffer(50, (1,), seed=7), ReplayBuffer(50, (1,), seed=7), ReplayBuffer(50, (1,), seed=8)
    for rb in (a, b, c):
        fill(rb, range(50))
    assert torch.equal(a.sample(16).actions, b.sample(16).actions)
    assert not torch.equal(a.sample(16).actions, c.sample(16).actions)
    restored = ReplayBuffer(50, (1,), seed=123)
    restored.load_state_dict(a.state_dict())
    assert torch.equal(a.sample(16).actions, restored.sample(16).actions)
    with pytest.raises(ValueError, match="capacity"):
        ReplayBuffer(49, (1,)).load_state_dict(a.state_dict())


def test_buffer_rejects_bad_sizes():
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="capacity"):
            ReplayBuffer(bad, (1,))
    with pytest.raises(ValueError, match="empty"):
        ReplayBuffer(4, (1,)).sample(2)


# ---- TD target: terminated vs truncated ------------------------------------------------------


def test_td_target_bootstraps_unless_terminated():
    r, q_next, gamma = torch.tensor([1.0, 1.0, -2.0]), torch.tensor([5.0, 5.0, 3.0]), 0.9
    y = td_target(r, torch.tensor([0.0, 1.0, 0.0]), q_next, gamma)
    torch.testing.assert_close(y, torch.tensor([1 + 0.9 * 5, 1.0, -2 + 0.9 * 3]))


class Corridor(gym.Env):
    """Walk right (action 1) to the end (terminated) or run out of time (truncated by TimeLimit)."""

    observation_space = gym.spaces.Box(0.0, 10.0, (1,), np.float32)
    action_space = gym.spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.x = 0
        return np.array([self.x], np.float32), {}

    def step(self, action):
        self.x = max(0, self.x + (1 if action == 1 else -1))
        return np.array([self.x], np.float32), 1.0, self.x >= 3, False, {}


def test_loop_stores_terminated_not_truncated():
    rbs = []

    def replay_fn(config, obs_space, seed):
        rbs.append(ReplayBuffer(config.buffer_size, obs_space.shape, seed=seed))
        return rbs[-1]

    cfg = DQNConfig.preset("smoke", total_steps=400, learning_starts=64, eval_every=0, buffer_size=400)
    train_dqn(cfg, env_fn=lambda i: gym.wrappers.TimeLimit(Corridor(), 4), replay_fn=replay_fn, progress=False)
    rb = rbs[0]
    x_next = rb.next_obs[:, 0]
    # terminated exactly when s' is the end of the corridor; time-limit ends (x' < 3) bootstrap
    np.testing.assert_array_equal(rb.terminated, (x_next >= 3).astype(np.float32))
    assert (rb.terminated == 0).sum() > 0 and (rb.terminated == 1).sum() > 0


# ---- configs, checkpoints, resume ------------------------------------------------------------


@pytest.mark.parametrize("field,value,match", [
    ("gamma", 1.0, "gamma"), ("gamma", -0.1, "gamma"), ("buffer_size", -5, "buffer_size"),
    ("batch_size", 0, "batch_size"), ("batch_size", 5000, "exceeds buffer_size"),
    ("end_e", 1.5, "end_e"), ("loss", "l1", "loss"), ("total_steps", 10.5, "total_steps"),
])
def test_bad_configs_are_rejected(field, value, match):
    cfg = dataclasses.replace(DQNConfig.preset("smoke"), buffer_size=1000)
    with pytest.raises(ValueError, match=match):
        dataclasses.replace(cfg, **{field: value}).validate()


def small_config(**kw):
    return DQNConfig.preset("smoke", total_steps=1_200, learning_starts=300, train_every=50,
                            gradient_steps=8, target_update_every=100, eval_every=400,
                            eval_episodes=1, hidden=(16,), **kw)


def test_resume_continues_the_same_run_exactly(tmp_path):
    cfg = small_config(num_envs=2, log_every=3)  # also checks the not-yet-logged phases survive
    full = train_dqn(cfg, progress=False)
    path = tmp_path / "run.pt"
    part = train_dqn(cfg, checkpoint_path=path, until_step=530, progress=False)  # mid-episode
    assert not part.finished and part.steps == 530
    rest = train_dqn(cfg, resume=path, checkpoint_path=path, progress=False)
    assert rest.finished and rest.steps == full.steps
    for key, values in full.history.items():
        np.testing.assert_array_equal(rest.history[key], values, err_msg=key)
    assert len(full.history["episode_return"]) > 0 and len(full.history["loss"]) > 0
    for p, p_resumed in zip(full.model.parameters(), rest.model.parameters()):
        assert torch.equal(p, p_resumed)


def test_a_new_run_never_writes_over_a_saved_one(tmp_path):
    from course_utils.rl.dqn import QNetwork, save_model

    cfg = small_config()
    path = tmp_path / "run.pt"
    train_dqn(cfg, checkpoint_path=path, until_step=300, progress=False)
    saved = path.read_bytes()
    with pytest.raises(FileExistsError, match="earlier run"):
        train_dqn(cfg, checkpoint_path=path, progress=False)
    other = tmp_path / "other.pt"
    other.write_bytes(b"x")
    with pytest.raises(FileExistsError, match="earlier run"):  # resuming one run into another's file
        train_dqn(cfg, resume=path, checkpoint_path=other, progress=False)
    assert path.read_bytes() == saved and other.read_bytes() == b"x"
    model_path = save_model(QNetwork(4, 2, (8,)), tmp_path / "model.pt", score=1.0)
    with pytest.raises(FileExistsError):
        save_model(QNetwork(4, 2, (8,)), model_path)
    save_model(QNetwork(4, 2, (8,)), model_path, overwrite=True)  # asked for by name


def test_corrupt_or_mismatched_checkpoint_is_refused(tmp_path):
    cfg = small_config()
    path = tmp_path / "run.pt"
    train_dqn(cfg, checkpoint_path=path, until_step=400, progress=False)
    with pytest.raises(ValueError, match="different config.*hidden"):
        train_dqn(dataclasses.replace(cfg, hidden=(32,)), resume=path, progress=False)
    bad = tmp_path / "bad.pt"
    bad.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(ValueError, match="not a readable checkpoint"):
        train_dqn(cfg, resume=bad, progress=False)
    incomplete = checkpoint.save({"kind": "dqn", "step": 3}, tmp_path / "incomplete.pt")
    with pytest.raises(ValueError, match="lacks config"):
        train_dqn(cfg, resume=incomplete, progress=False)
    other = checkpoint.save({"kind": "dcgan"}, tmp_path / "gan.pt")
    with pytest.raises(ValueError, match="'dcgan' checkpoint, expected 'dqn'"):
        train_dqn(cfg, resume=other, progress=False)


def test_rejects_continuous_actions():
    with pytest.raises(ValueError, match="Discrete"):
        train_dqn(small_config(env_id="Pendulum-v1"), progress=False)


# ---- a smoke training run --------------------------------------------------------------------


def test_smoke_run_learns_something_on_cartpole():
    cfg = DQNConfig.preset("smoke", total_steps=3_000, eval_every=1_000, eval_episodes=3)
    result = train_dqn(cfg, progress=False)
    h = result.history
    assert result.finished and result.steps == 3_000
    assert len(h["episode_return"]) == len(h["episode_step"]) > 10
    assert np.all(np.isfinite(h["loss"])) and len(h["loss"]) == len(h["epsilon"])
    assert np.all(np.diff(h["epsilon"]) <= 0) and h["epsilon"][-1] >= cfg.end_e
    assert h["episode_length"].sum() <= 3_000
    # CartPole pays +1 a step: the return is the length, and Q(s,a) ≈ Σ γ^k grows from 0 upward
    np.testing.assert_array_equal(h["episode_return"], h["episode_length"])
    assert h["q_mean"][-1] > h["q_mean"][0] > 0
    # best_model is the network that scored the best periodic evaluation (same seeds, same score)
    again = evaluate(result.best_model, "CartPole-v1", cfg.eval_episodes, seed=10_000 + cfg.seed).mean()
    assert again == h["eval_return"].max()


def test_q_network_forward_is_its_sequential_exactly():
    """QNetwork.forward calls its layers as functions (faster acting); it must stay the very
    computation of ``self.net``, so checkpoints and the printed architecture mean what they say."""
    from course_utils.rl.dqn import QNetwork

    torch.manual_seed(0)
    for hidden in [(120, 84), (8,), ()]:
        q = QNetwork(4, 3, hidden)
        x = torch.randn(16, 4)
        assert torch.equal(q(x), q.net(x))
        assert q(x.double()).dtype == torch.float32  # observations are cast as before


def test_greedy_actor_matches_torch_and_follows_training():
    """The CPU QNetwork acts through numpy views of its parameters: the same argmax as the
    network's forward (away from float-precision ties), and still after optimizer steps and
    load_state_dict, which change the parameters in place."""
    from course_utils.rl.dqn import QNetwork, greedy_actor

    torch.manual_seed(0)
    rng = np.random.default_rng(0)

    def agrees(q, act, n=2000):
        obs = rng.normal(size=(n, 4)).astype(np.float32)
        with torch.no_grad():
            qv = q(torch.as_tensor(obs))
        top2 = qv.topk(2, dim=1).values
        clear = (top2[:, 0] - top2[:, 1] > 1e-4).numpy()  # not tied to float precision
        assert clear.mean() > 0.99
        assert np.array_equal(act(obs)[clear], qv.argmax(1).numpy()[clear])

    for hidden in [(256, 256), (8,), ()]:
        q = QNetwork(4, 3, hidden)
        act = greedy_actor(q)
        agrees(q, act)
        opt = torch.optim.Adam(q.parameters(), lr=0.1)
        for _ in range(3):  # large steps: the greedy actions change
            loss = q(torch.randn(64, 4)).pow(2).mean() - q(torch.randn(64, 4))[:, 0].mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        agrees(q, act)
        q.load_state_dict(QNetwork(4, 3, hidden).state_dict())
        agrees(q, act)
    # anything else acts through torch: another module, or a QNetwork subclass
    seq = torch.nn.Sequential(torch.nn.Linear(4, 3))
    agrees(seq, greedy_actor(seq))
    assert greedy_actor(seq)(np.zeros((2, 4), np.float32)).shape == (2,)
