"""An IPython kernel that drops its second ``execute_request``: what a lost request looks like.

Two ways, by the environment variable ``SWALLOW``:

* ``reply`` (default): the kernel announces ``busy`` and ``idle`` as usual but never sends
  the ``execute_reply``;
* ``all``: the request vanishes before the kernel looks at it (no status, no reply), as a
  request that sits unread in the kernel's socket.

The watchdog tests run notebooks on it (tests/test_execution.py).
"""

import os

from ipykernel.ipkernel import IPythonKernel
from ipykernel.kernelapp import IPKernelApp


class SwallowKernel(IPythonKernel):
    implementation = "swallow"
    requests = 0

    async def execute_request(self, stream, ident, parent):
        type(self).requests += 1
        if type(self).requests == 2:
            return None  # swallowed: no reply, ever
        return await super().execute_request(stream, ident, parent)

    async def dispatch_shell(self, msg):
        if os.environ.get("SWALLOW", "reply") == "all":
            _, parts = self.session.feed_identities(msg, copy=False)
            header = self.session.deserialize(parts, content=False, copy=False)["header"]
            if header["msg_type"] == "execute_request" and type(self).requests == 1:
                type(self).requests += 1
                return None  # never seen: no busy, no idle, no reply
        return await super().dispatch_shell(msg)


if __name__ == "__main__":
    IPKernelApp.launch_instance(kernel_class=SwallowKernel)
