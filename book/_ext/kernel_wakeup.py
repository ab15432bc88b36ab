"""Notebook execution that cannot wait silently: two fixes to jupyter_client's async channels.

Why. nbclient (behind the book build) waits for a cell's ``execute_reply`` on the shell
channel's asyncio socket. When a cell captures output with ``with ipywidgets.Output():``,
nbclient mimics a front end and sends the captured output back to the kernel on that
same socket while it waits. ``jupyter_client.session.Session.send`` sends through a
*synchronous shadow* of the asyncio socket. The send makes libzmq process its pending
commands, which consumes the socket's edge-triggered wake-up; pyzmq re-reads
``ZMQ_EVENTS`` only after its own asyncio operations, so a reply that arrived in that
window is never announced. nbclient sees it only when the poll's timeout (the whole cell
timeout, 30 minutes in the book) re-polls the socket, and then goes on as if nothing happened:
the cell timeout "fires" as a silent re-poll, never as an error. Reported upstream as
jupyter/jupyter_client#1059 (open); ipykernel#1554 is the same mechanism on the kernel's
side in ipykernel 7 (which is why the project stays on ipykernel 6).

What :func:`install` changes (on ``AsyncZMQSocketChannel``, process-wide):

1. ``send`` tells the asyncio socket to re-check its events after the shadow send, as
   pyzmq does after its own immediate sends (``_schedule_remaining_events``): the
   wake-up is not lost.
2. ``get_msg`` waits in slices of at most ``slice_s`` seconds with the same overall
   timeout; every slice ends in a level-triggered ``poll(0)``, so any wake-up lost for a
   reason not known today costs at most one slice, never a cell timeout.

``benchmarks/stall_harness.py`` counts the stalls with and without it.
"""

from __future__ import annotations

import time
from queue import Empty

_SLICE_S = 0.5
_installed = False


def install(slice_s: float = 0.5, rearm_send: bool = True) -> None:
    """Patch ``jupyter_client.channels.AsyncZMQSocketChannel`` (idempotent).

    Args:
        slice_s: longest single wait of ``get_msg`` before a level-triggered re-poll.
        rearm_send: re-check the socket's events after every send (fix 1); the tests
            turn it off to show that the slices alone (fix 2) also recover.
    """
    global _installed, _SLICE_S
    if not slice_s > 0:
        raise ValueError(f"slice_s must be > 0 seconds, got {slice_s!r}")
    _SLICE_S = float(slice_s)
    if _installed:
        return
    from jupyter_client.channels import AsyncZMQSocketChannel

    original_send = AsyncZMQSocketChannel.send

    def send(self, msg):
        original_send(self, msg)
        rearm = getattr(self.socket, "_schedule_remaining_events", None)
        if rearm_send and rearm is not None:  # pyzmq's own hook: "events may have changed"
            rearm()

    async def get_msg(self, timeout: float | None = None):
        assert self.socket is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            step = _SLICE_S if left is None else min(_SLICE_S, left)
            if await self.socket.poll(int(step * 1000)):
                return await self._recv()
            if left is not None and left <= step:
                raise Empty

    send.__doc__ = original_send.__doc__
    get_msg.__doc__ = AsyncZMQSocketChannel.get_msg.__doc__
    AsyncZMQSocketChannel.send = send
    AsyncZMQSocketChannel.get_msg = get_msg
    AsyncZMQSocketChannel._course_wakeup_fix = True
    _installed = True


def setup(app):
    """Sphinx entry point: the book build executes notebooks with the fix installed."""
    install()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
