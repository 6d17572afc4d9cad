"""Working something out in a forked copy of the process, so that the memory it passes through goes back
to the system when the copy ends instead of staying in this process's heap."""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable


class ForkedCallFailed(Exception):
    """The function raised in the forked process (its traceback is the message), or the process died."""


def call_forked(function: Callable, *args):
    """function(*args), worked out in a forked copy of this process where the system can fork.

    The result comes back pickled, so it should be plain data; an exception in the copy raises
    ForkedCallFailed here with the copy's traceback.
    """
    if not hasattr(os, "fork"):
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_send_result, args=(sender, function, args))
    process.start()
    sender.close()
    try:
        succeeded, result = receiver.recv()
    except EOFError:
        succeeded, result = False, "the process ended without an answer"
    finally:
        receiver.close()
        process.join()
    if not succeeded:
        raise ForkedCallFailed(
            f"{getattr(function, '__name__', function)} failed in a forked process:\n{result}"
        )
    return result


def _send_result(sender, function: Callable, args: tuple) -> None:
    try:
        outcome = (True, function(*args))
    except BaseException as error:  # reported to the parent, which raises
        outcome = (False, "".join(traceback.format_exception(error)))
    sender.send(outcome)
    sender.close()
