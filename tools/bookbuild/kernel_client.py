"""A Jupyter kernel client that never sleeps through a reply, for every notebook the tooling runs.

jupyter_client waits for a kernel's message with one ``zmq.asyncio`` poll as long as the whole
timeout. Now and then that poll is not woken when the message arrives: it returns only when the
timeout runs out and then finds the message, which had been waiting all along (the symptom of
pyzmq#1558). Measured here, with two notebooks at a time: one run in 80 read a cell's
``execute_reply`` 179.7 s after the kernel sent it, so a 5 s notebook took 184 s (the cell timeout
is 180 s), and the build and the test suite showed the same stall now and then. Polling in slices
of a second turns a missed wake-up into a second's delay at most: 120 runs, none late.

Pass :func:`kernel_config` as the ``config`` of an nbclient ``NotebookClient``.
"""

from __future__ import annotations

import time
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type
from traitlets.config import Config

SLICE = 1.0  # seconds: the longest a message can wait unread


class WakefulChannel(AsyncZMQSocketChannel):
    """A channel whose ``get_msg`` polls for at most :data:`SLICE` at a time until its timeout."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        assert self.socket is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = SLICE if deadline is None else max(0.0, min(SLICE, deadline - time.monotonic()))
            if await self.socket.poll(int(wait * 1000)):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class WakefulKernelClient(AsyncKernelClient):
    """jupyter_client's asynchronous kernel client, with :class:`WakefulChannel` channels."""

    shell_channel_class = Type(WakefulChannel)  # type: ignore[assignment]
    iopub_channel_class = Type(WakefulChannel)  # type: ignore[assignment]
    stdin_channel_class = Type(WakefulChannel)  # type: ignore[assignment]
    control_channel_class = Type(WakefulChannel)  # type: ignore[assignment]


def kernel_config(local_socket_in: Path | None = None) -> Config:
    """Configuration for an nbclient ``NotebookClient``: its kernel manager makes
    :class:`WakefulKernelClient` clients. With ``local_socket_in``, the kernel talks over a local
    socket (IPC) in that folder instead of TCP ports on 127.0.0.1: nothing listens on the network,
    ipykernel prints no warning about unencrypted TCP, and two kernels started at once can never be
    handed the same port."""
    manager: dict[str, Any] = {"client_factory": WakefulKernelClient}
    if local_socket_in is not None:
        manager |= {"transport": "ipc", "ip": str(local_socket_in / "kernel")}
    return Config({"KernelManager": manager})
