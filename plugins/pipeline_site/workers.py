"""Writing the site's files on every processor.

The build plans every file as a task, then forks worker processes that share the tasks out with the
main process a few at a time, so that no process waits long for another. A forked worker starts
with everything the main process has (the catalogue, the `site` object, the templates), so nothing
is sent to it; it sends back only what it collected for the main process (the Markdown it rendered,
for the content cache). A task that fails in a worker fails the build, with the worker's traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable

from pipeline.build import BuildFailed

Task = Callable[[], None]
# Tasks taken at a time: small enough to even out the processes' shares, large enough that taking
# them costs nothing next to running them.
CHUNK = 20
# Fewer tasks than this are not worth a second process.
MIN_SHARED_TASKS = 1000
MAX_WORKERS = 4


def available_processors() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count(setting: int | None, tasks: int) -> int:
    """Processes to write with, the main one included: the PIPELINE_WORKERS setting when given, else
    one per processor (at most MAX_WORKERS) for a large site, and only the main one where the system
    cannot fork."""
    if not hasattr(os, "fork"):
        return 1
    if setting is not None:
        return max(1, int(setting))
    return min(MAX_WORKERS, available_processors()) if tasks >= MIN_SHARED_TASKS else 1


def run_shared(
    tasks: list[Task], workers: int, collect: Callable[[], object], adopt: Callable[[object], None]
):
    """Run every task once, shared between this process and `workers - 1` forked ones.

    When a worker has run its share it sends `collect()` back, and this process passes it to `adopt`.
    """
    if workers <= 1:
        for task in tasks:
            task()
        return
    context = multiprocessing.get_context("fork")
    taken = context.Value("l", 0)

    def run_my_share():
        while True:
            with taken.get_lock():
                start = taken.value
                taken.value = start + CHUNK
            if start >= len(tasks):
                return
            for task in tasks[start : start + CHUNK]:
                task()

    children = [_start_worker(context, run_my_share, collect) for _ in range(workers - 1)]
    try:
        run_my_share()
    except BaseException:
        for process, _ in children:
            process.kill()
            process.join()
        raise
    failures = []
    for process, receiver in children:
        succeeded, result = _outcome(process, receiver)
        if succeeded:
            adopt(result)
        else:
            failures.append(result)
    if failures:
        raise BuildFailed("writing the site failed in a worker process:\n" + "\n".join(failures))


def _start_worker(context, run_share: Callable[[], None], collect: Callable[[], object]):
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_work, args=(run_share, collect, sender))
    process.start()
    sender.close()
    return process, receiver


def _work(run_share, collect, sender) -> None:
    """The worker process: its share of the tasks, then (True, what it collected) or (False, traceback)."""
    try:
        run_share()
        outcome = (True, collect())
    except BaseException as error:  # everything reaches the main process, which fails the build
        outcome = (False, "".join(traceback.format_exception(error)))
    sender.send(outcome)
    sender.close()


def _outcome(process, receiver) -> tuple[bool, object]:
    try:
        outcome = receiver.recv()
    except EOFError:
        outcome = None
    process.join()
    if outcome is None:
        return False, f"a worker process ended without finishing (exit status {process.exitcode})"
    return outcome
