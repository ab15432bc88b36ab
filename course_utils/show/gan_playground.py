"""A GAN-Lab-style playground: GAN Lab's controls and views, plus correct divergences and mode metrics.

Controls: data set, G/D layers and width, loss, optimizer, learning rates, D and G steps
per iteration, play/pause (an ``ipywidgets.Play``), step, reset. Views: real vs fake,
discriminator heat map, generator manifold, gradient arrows on fakes, loss curves,
JS/KL estimates and mode metrics over time.
"""

from __future__ import annotations

import ipywidgets as W
import matplotlib.pyplot as plt
from IPython.display import display

from ..gan.data import DATASETS, make_dataset
from ..gan.losses import LOSSES
from ..gan.train import OPTIMIZERS, GANConfig, GANResult, train_gan
from ..gan.views import discriminator_map, generator_gradients, generator_manifold
from .gan_plot import plot_gan_history, plot_gan_state
from .widgets import control_grid, error_html, show_in

__all__ = ["draw_run", "playground"]


def draw_run(run: GANResult, n_arrows: int = 60, extent: float = 5.0, show_map: bool = True,
             show_manifold: bool = True, show_arrows: bool = True):
    """One figure: the GAN's state (left) and its history (three panels). Returns the figure."""
    cfg = run.config
    real = make_dataset(cfg.data, 1000, seed=123)
    fake = run.sample()[:1000]
    fig, axes = plt.subplots(1, 4, figsize=(17, 4), gridspec_kw={"width_ratios": [1.3, 1, 1, 1]})
    plot_gan_state(
        axes[0], real.samples, fake,
        d_map=discriminator_map(run.D, extent, 60, probability=cfg.loss != "wasserstein") if show_map else None,
        manifold=generator_manifold(run.G, cfg.z_dim) if show_manifold else None,
        arrows=generator_gradients(run.D, fake[:n_arrows], cfg.loss) if show_arrows else None,
        centers=real.centers if cfg.data != "moons" else None, extent=extent,
        title=f"iteration {run.iteration}")
    if len(run.history["eval_iteration"]):
        plot_gan_history(axes[1:], run.history)
    fig.tight_layout()
    return fig


def stop(play: W.Play) -> None:
    """Pause a ``Play`` control: its trait is ``playing`` in ipywidgets 8 and ``_playing`` in 7.x
    (Colab's 7.7, whose front end draws those widgets natively; see pyproject.toml)."""
    setattr(play, "playing" if play.has_trait("playing") else "_playing", False)


def playground(steps_per_tick: int = 25, n_eval: int = 1000, seed: int = 0) -> W.VBox:
    """The widget. Changing a model control resets the run; Play trains ``steps_per_tick``
    iterations per tick and redraws. Invalid settings show a red message, not a traceback.
    """
    c = {
        "data": W.Dropdown(options=list(DATASETS), value="ring", description="data"),
        "loss": W.Dropdown(options=[x for x in LOSSES if x != "wasserstein"], value="nonsaturating",
                           description="loss"),
        "optimizer": W.Dropdown(options=list(OPTIMIZERS), value="adam", description="optimizer"),
        "g_layers": W.IntSlider(value=3, min=0, max=6, description="G layers"),
        "g_hidden": W.IntSlider(value=64, min=2, max=256, description="G width"),
        "d_layers": W.IntSlider(value=3, min=0, max=6, description="D layers"),
        "d_hidden": W.IntSlider(value=64, min=2, max=256, description="D width"),
        "lr_g": W.FloatLogSlider(value=1e-3, base=10, min=-5, max=-1, description="G lr"),
        "lr_d": W.FloatLogSlider(value=1e-3, base=10, min=-5, max=-1, description="D lr"),
        "d_steps": W.IntSlider(value=1, min=1, max=10, description="D steps"),
        "g_steps": W.IntSlider(value=1, min=1, max=10, description="G steps"),
    }
    views = {name: W.Checkbox(value=True, description=name) for name in ("heat map", "manifold", "arrows")}
    play = W.Play(value=0, min=0, max=10_000, step=1, interval=400, description="play")
    step_button = W.Button(description="step", icon="step-forward")
    reset_button = W.Button(description="reset", icon="refresh")
    out = W.Output()
    state: dict = {"run": None}

    def config() -> GANConfig:
        return GANConfig(**{k: w.value for k, w in c.items()}, iterations=steps_per_tick,
                         eval_every=steps_per_tick, n_eval=n_eval, seed=seed)

    def redraw():
        with show_in(out):
            if state["run"] is not None:
                draw_run(state["run"], show_map=views["heat map"].value,
                         show_manifold=views["manifold"].value, show_arrows=views["arrows"].value)
                plt.show()

    def fail(err: Exception):
        stop(play)
        with show_in(out):
            display(error_html(str(err)))

    def reset(*_):
        try:
            state["run"] = train_gan(GANConfig(**{**vars(config()), "iterations": 0}), progress=False)
        except ValueError as err:
            return fail(err)
        redraw()

    def step(*_):
        try:
            if state["run"] is None:
                reset()
            state["run"] = train_gan(config(), resume=state["run"], progress=False)  # a bar per tick is noise
        except ValueError as err:
            return fail(err)
        redraw()

    for w in c.values():
        w.observe(reset, names="value")
    for w in views.values():
        w.observe(lambda *_: redraw(), names="value")
    play.observe(step, names="value")
    step_button.on_click(step)
    reset_button.on_click(reset)
    reset()
    return W.VBox([control_grid(list(c.values())),
                   control_grid([play, step_button, reset_button, *views.values()], min_width=130),
                   out])
