"""course_utils.video.save_video: WebM (VP9) that plays in a real browser, mp4, GIF, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.video import save_video


def frames(n=30, size=(48, 64)):
    """A bar moving across a dark field: frames that differ, as a game's do."""
    out = []
    for i in range(n):
        f = np.zeros((*size, 3), np.uint8)
        f[:, (2 * i) % size[1]] = (255, 200, 0)
        out.append(f)
    return out


def media_state(browser, path):
    """(readyState, MediaError code, duration) of a <video> playing ``path`` in Chromium."""
    page = browser.new_page()
    try:
        html = path.with_suffix(".html")
        html.write_text(f'<video id="v" src="{path.name}" muted preload="auto"></video>')
        page.goto(html.as_uri())
        page.wait_for_function("() => { const v = document.getElementById('v');"
                               " return v.readyState >= 2 || v.error !== null; }", timeout=15_000)
        return page.evaluate("() => { const v = document.getElementById('v');"
                             " return [v.readyState, v.error && v.error.code, v.duration]; }")
    finally:
        page.close()


def test_webm_plays_in_chromium_and_mpeg4_part2_does_not(browser, tmp_path):
    webm = save_video(frames(), tmp_path / "agent.webm", fps=30)
    assert webm.suffix == ".webm" and webm.stat().st_size > 0
    ready, error, duration = media_state(browser, webm)
    assert error is None and ready >= 2 and duration == pytest.approx(1.0, abs=0.1)
    mp4 = save_video(frames(), tmp_path / "agent.mp4", fps=30)
    assert mp4.suffix == ".mp4" and mp4.stat().st_size > 0
    assert media_state(browser, mp4)[1] == 4  # MEDIA_ERR_SRC_NOT_SUPPORTED: why WebM is the default


def test_webm_decodes_to_the_frames_written(tmp_path):
    cv2 = pytest.importorskip("cv2")
    written = frames(12)
    path = save_video(written, tmp_path / "clip.webm", fps=10)
    cap = cv2.VideoCapture(str(path))
    decoded = []
    while True:
        ok, f = cap.read()
        if not ok:
            break
        decoded.append(cv2.cvtColor(f, cv2.COLOR_BGR2RGB))
    assert len(decoded) == len(written)
    # lossy, but the bar is where it was: the brightest column of each frame
    assert [int(d.sum(axis=(0, 2)).argmax()) for d in decoded] == [int(w.sum(axis=(0, 2)).argmax()) for w in written]


def test_gif_and_gray_frames(tmp_path):
    from PIL import Image

    gray = [f[..., 0] for f in frames(5)]
    path = save_video(gray, tmp_path / "clip.gif", fps=5)
    with Image.open(path) as im:
        assert im.n_frames == 5 and im.size == (64, 48)


def test_bad_input_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no frames to write"):
        save_video([], tmp_path / "a.webm")
    with pytest.raises(ValueError, match=r"path must end in .webm, .mp4 or .gif, got 'a.avi'"):
        save_video(frames(2), tmp_path / "a.avi")
