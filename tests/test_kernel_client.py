"""The kernel client every notebook run by the tooling uses: it reads a message that is waiting,
gives up at its timeout, and is what a NotebookClient configured with it creates."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Empty
from typing import Any, TypeVar

import nbformat
import pytest
import zmq
import zmq.asyncio
from bookbuild.kernel_client import SLICE, WakefulChannel, WakefulKernelClient, kernel_config
from jupyter_client.session import Session
from nbclient import NotebookClient

T = TypeVar("T")


async def _read(send: bool, timeout: float, missed_wake_up: bool = False) -> tuple[dict | None, float]:
    context = zmq.asyncio.Context()
    sender, receiver = context.socket(zmq.PAIR), context.socket(zmq.PAIR)
    sender.bind("inproc://kernel-client-test")
    receiver.connect("inproc://kernel-client-test")
    session = Session(key=b"")
    channel = WakefulChannel(receiver, session)
    try:
        waiting = asyncio.ensure_future(channel.get_msg(timeout=timeout))
        await asyncio.sleep(0.2)  # the channel is polling now
        start = time.monotonic()
        if send:
            session.send(sender, "execute_reply", {"status": "ok"})
        if missed_wake_up:  # something else reads the socket's state and takes the wake-up signal
            zmq.Socket.shadow(receiver.underlying).get(zmq.EVENTS)
        try:
            message = await waiting
        except Empty:
            message = None
        return message, time.monotonic() - start
    finally:
        sender.close(linger=0)
        receiver.close(linger=0)
        context.term()


def _in_own_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run on an event loop of its own: an earlier test in this worker may leave one running here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_waiting_message_is_read_at_once() -> None:
    message, seconds = _in_own_thread(_read(send=True, timeout=30))
    assert message is not None and message["msg_type"] == "execute_reply"
    assert seconds < SLICE


def test_a_missed_wake_up_costs_at_most_a_slice() -> None:
    """The stall the build and the tests saw: the message arrives, the poll is not woken. With
    jupyter_client's own channel this read waits for the whole timeout (3.8 s of 4 here)."""
    message, seconds = _in_own_thread(_read(send=True, timeout=4, missed_wake_up=True))
    assert message is not None and message["msg_type"] == "execute_reply"
    assert seconds <= SLICE + 0.2


def test_no_message_gives_up_at_the_timeout_not_before() -> None:
    message, seconds = _in_own_thread(_read(send=False, timeout=2.5))
    assert message is None
    assert 2.2 <= seconds < 2.3 + SLICE, "polled in slices, it still waits out the whole timeout (less 0.2 s)"


@pytest.mark.parametrize("local", [False, True])
def test_a_notebook_client_so_configured_uses_the_wakeful_client(local: bool, tmp_path: Path) -> None:
    config = kernel_config(local_socket_in=tmp_path if local else None)
    manager = NotebookClient(nbformat.v4.new_notebook(), kernel_name="python3", config=config).create_kernel_manager()
    assert isinstance(manager.client(), WakefulKernelClient)
    assert (manager.transport, manager.ip) == (("ipc", str(tmp_path / "kernel")) if local else ("tcp", "127.0.0.1"))
