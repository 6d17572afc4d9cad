"""Work done in forked copies of the process: sharing tasks out over every processor, and working
something out where the memory it passes through goes back to the system when the copy ends.

A forked copy starts with everything this process has, so nothing is sent to it; only results come
back (pickled), with what the copy logged: its log records are handled here, by this process's
handlers, as if logged here. Where the system cannot fork, everything runs in this process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, ForkProcess
from typing import Any, TypeVar

Task = Callable[[], None]
# Tasks taken at a time: small enough to even out the processes' shares, large enough that taking
# them costs nothing next to running them.
CHUNK = 20
# Fewer tasks than this are not worth a second process.
MIN_SHARED_TASKS = 1000
MAX_WORKERS = 4
Result = TypeVar("Result")


class ForkedWorkFailed(Exception):
    """Work failed in a forked process; the message holds its traceback."""


def can_fork() -> bool:
    return hasattr(os, "fork")


def available_processors() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count(setting: int | None, tasks: int) -> int:
    """Processes to share `tasks` tasks between, this one included: `setting` when given, else one per
    processor (at most MAX_WORKERS) when there are enough tasks, and only this one where the system
    cannot fork."""
    if not can_fork():
        return 1
    if setting is not None:
        return max(1, int(setting))
    return min(MAX_WORKERS, available_processors()) if tasks >= MIN_SHARED_TASKS else 1


def run_shared(
    tasks: list[Task], workers: int, collect: Callable[[], Result], adopt: Callable[[Result], None]
) -> None:
    """Run every task once, shared between this process and `workers - 1` forked ones, each taking
    CHUNK tasks at a time.

    When a worker has run its share it sends `collect()` back, and this process passes it to `adopt`.
    A task that raises in a worker raises ForkedWorkFailed here, once every process has stopped.
    """
    if workers <= 1:
        for task in tasks:
            task()
        return
    context = multiprocessing.get_context("fork")
    taken = context.Value("l", 0)

    def run_a_share() -> None:
        while True:
            with taken.get_lock():
                start = taken.value
                taken.value = start + CHUNK
            if start >= len(tasks):
                return
            for task in tasks[start : start + CHUNK]:
                task()

    children = [_start(context, _run_then_collect, run_a_share, collect) for _ in range(workers - 1)]
    try:
        run_a_share()
    except BaseException:
        for process, receiver in children:
            process.kill()
            process.join()
            receiver.close()
        raise
    failures: list[str] = []
    for process, receiver in children:
        succeeded, result = _outcome(process, receiver)
        if succeeded:
            adopt(result)
        else:
            failures.append(result)
    if failures:
        raise ForkedWorkFailed("a worker process failed:\n" + "\n".join(failures))


def call_forked(function: Callable[..., Result], *args: object) -> Result:
    """function(*args), worked out in a forked copy of this process where the system can fork.

    The result comes back pickled, so it should be plain data; an exception in the copy raises
    ForkedWorkFailed here with the copy's traceback.
    """
    if not can_fork():
        return function(*args)
    context = multiprocessing.get_context("fork")
    succeeded, result = _outcome(*_start(context, function, *args))
    if not succeeded:
        raise ForkedWorkFailed(
            f"{getattr(function, '__name__', 'a function')} failed in a forked process:\n{result}"
        )
    answer: Result = result  # what function returned, pickled and back
    return answer


def _run_then_collect(run_a_share: Callable[[], None], collect: Callable[[], Result]) -> Result:
    run_a_share()
    return collect()


def _start(
    context: ForkContext, function: Callable[..., object], *args: object
) -> tuple[ForkProcess, Connection]:
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_answer, args=(sender, function, args))
    process.start()
    sender.close()
    return process, receiver


def _answer(sender: Connection, function: Callable[..., object], args: tuple[object, ...]) -> None:
    """In the forked process: send (True, function(*args), the records it logged), or (False, the
    traceback, the records)."""
    with _logs_kept() as records:
        try:
            outcome: tuple[bool, object] = (True, function(*args))
        except BaseException as error:  # everything reaches the parent, which raises
            outcome = (False, "".join(traceback.format_exception(error)))
    sender.send((*outcome, records))
    sender.close()


class _KeptLogs(logging.Handler):
    """Keeps each record as plain data, its message and exception already written out."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        exception = (
            logging.Formatter().formatException(record.exc_info) if record.exc_info else record.exc_text
        )
        kept = {key: getattr(record, key) for key in ("name", "levelno", "levelname", "pathname", "lineno")}
        self.records.append(
            {**kept, "msg": record.getMessage(), "exc_text": exception, "funcName": record.funcName}
        )


@contextmanager
def _logs_kept() -> Iterator[list[dict[str, object]]]:
    """Every record logged meanwhile (that reaches the root logger) kept rather than handled."""
    root = logging.getLogger()
    kept, handlers = _KeptLogs(), root.handlers[:]
    root.handlers = [kept]
    try:
        yield kept.records
    finally:
        root.handlers = handlers


def _outcome(process: ForkProcess, receiver: Connection) -> tuple[bool, Any]:
    """(True, the result) or (False, the traceback), as the forked process sent them (unpickled, so
    untyped), once what it logged is handled here."""
    try:
        succeeded, result, records = receiver.recv()
    except EOFError:
        succeeded, result, records = (
            False,
            f"the process ended without an answer (exit status {process.exitcode})",
            [],
        )
    finally:
        receiver.close()
        process.join()
    for record in records:
        logging.getLogger().handle(logging.makeLogRecord(record))
    return succeeded, result
