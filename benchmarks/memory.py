"""The memory a process and all its descendants hold together, sampled while they run.

`ru_maxrss` gives the peak of the largest single process only; a build forks workers and runs Pagefind
beside itself, and what the machine must have is their sum. Each process counts its proportional set
size (PSS: a page shared by n processes counts 1/n in each), so forked workers sharing the catalogue
are not counted twice. Where /proc is missing, nothing is sampled and the peak is None.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from pathlib import Path

PROC = Path("/proc")
INTERVAL_S = 0.1


def children_of() -> dict[int, list[int]]:
    """Every process's children, from /proc/<pid>/stat."""
    children: defaultdict[int, list[int]] = defaultdict(list)
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended
        children[int(fields[1])].append(int(stat.parent.name))
    return children


def descendants(root: int) -> list[int]:
    """The process `root` and all its descendants."""
    children = children_of()
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting.extend(children.get(pid, []))
    return found


def process_kib(pid: int) -> int:
    """The process's proportional set size in KiB (its resident size where PSS is not given); 0 if it
    has ended."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in (PROC / str(pid) / name).read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


def tree_kib(root: int) -> int:
    return sum(process_kib(pid) for pid in descendants(root))


class TreePeak:
    """Samples the memory of a process tree in a thread until stopped; `peak_mib` is the largest sum."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_kib = 0
        self.available = PROC.is_dir()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="memory-sampler", daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, tree_kib(self.root))
            self._stop.wait(INTERVAL_S)

    def __enter__(self) -> TreePeak:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.available:
            self._thread.join()

    @property
    def peak_mib(self) -> float | None:
        return self.peak_kib / 1024 if self.available else None
