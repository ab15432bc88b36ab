"""The lost wake-up of jupyter_client's asyncio channels, made deterministic.

Run as ``python lost_wakeup.py MODE`` with MODE ``none`` (jupyter_client as installed),
``fix`` (``kernel_wakeup.install()``) or ``slices`` (only the sliced waits). Prints one
line: ``got <seconds>`` when the waiting ``get_msg`` received the reply, ``lost`` when it
had not after 3 s although the reply sat in the socket.

The sequence is nbclient's during a cell that captures into an ``Output`` widget: a
``get_msg`` waits for the reply on the shell socket; the reply lands while the event
loop is busy; then, still before the loop looks at the socket, the loop sends a message
on that socket (nbclient's comm message mirroring the captured output).
"""

import asyncio
import sys
import time
from pathlib import Path

import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "book" / "_ext"))


async def main(mode: str) -> None:
    if mode != "none":
        import kernel_wakeup

        kernel_wakeup.install(rearm_send=(mode == "fix"))
    ctx = zmq.asyncio.Context()
    kernel = zmq.Context.shadow(ctx.underlying).socket(zmq.ROUTER)  # the kernel's shell
    port = kernel.bind_to_random_port("tcp://127.0.0.1")
    client = ctx.socket(zmq.DEALER)
    client.connect(f"tcp://127.0.0.1:{port}")
    session = Session(key=b"test")
    shell = AsyncZMQSocketChannel(client, session)
    shell.send(session.msg("execute_request"))
    ident = kernel.recv_multipart()[0]

    waiter = asyncio.ensure_future(shell.get_msg(timeout=10))
    await asyncio.sleep(0.1)  # the poll is registered, the loop idle
    session.send(kernel, "execute_reply", ident=ident)
    time.sleep(0.2)  # the reply lands while the loop is busy ...
    shell.send(session.msg("comm_msg"))  # ... and the loop sends on the same socket
    t0 = time.monotonic()
    try:
        await asyncio.wait_for(asyncio.shield(waiter), 3)
        print(f"got {time.monotonic() - t0:.2f}")
    except TimeoutError:
        print("lost")
    waiter.cancel()
    client.close(linger=0)
    kernel.close(linger=0)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
