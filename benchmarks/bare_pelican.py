"""The baseline: a catalogue's project texts built by bare Pelican 4.12 with its default theme.

    python benchmarks/bare_pelican.py CATALOGUE [--keep OUTPUT]

Each project becomes a plain Pelican Markdown article (Title, Date, Summary, Slug and the same body),
so the project's own build can be compared with what Pelican costs on its own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

try:  # run as a script, or imported by run.py, from this folder
    from memory import TreePeak
except ModuleNotFoundError:  # imported as part of the benchmarks package (the tests)
    from benchmarks.memory import TreePeak

SETTINGS = """\
AUTHOR = "Pipeline"
SITENAME = "Pipeline baseline"
SITEURL = ""
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
PLUGINS = []
IGNORE_FILES = [".*"]
"""


@dataclass
class ChildRun:
    wall_s: float
    cpu_s: float
    peak_mib: float  # all its processes together (sampled), at least the largest one's peak
    largest_mib: float  # the largest single process's peak (ru_maxrss)
    returncode: int
    stderr: str


def run_child(command: list[str], cwd: Path | None = None, env: dict | None = None) -> ChildRun:
    """Run a command (output discarded); its wall time, the CPU time of it and the children it waited
    for, its peak memory (all its processes together, and the largest one), with its error output."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        with TreePeak(process.pid) as sampled:
            _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        largest = usage.ru_maxrss / 1024
        return ChildRun(
            wall_s=wall,
            cpu_s=usage.ru_utime + usage.ru_stime,
            peak_mib=max(sampled.peak_mib or 0, largest),
            largest_mib=largest,
            returncode=process.returncode,
            stderr=err.read().decode("utf-8", "replace"),
        )


def read_front_matter(path: Path) -> tuple[dict, str]:
    """A generated entry file's front matter (every value a string) and its body."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.load(front, Loader=yaml.CBaseLoader), body.lstrip("\n")


def article_text(project_id: str, data: dict, body: str) -> str:
    return (
        f"Title: {data['title']}\n"
        f"Date: {data['last_reviewed']}\n"
        f"Summary: {data['summary']}\n"
        f"Slug: {project_id}\n\n"
        f"{body}"
    )


def write_articles(catalogue: Path, content: Path) -> int:
    """Write every project of the catalogue as a Pelican article; returns how many."""
    content.mkdir(parents=True, exist_ok=True)
    paths = sorted((catalogue / "projects").glob("*.md"))
    for path in paths:
        data, body = read_front_matter(path)
        (content / path.name).write_text(article_text(path.stem, data, body), encoding="utf-8")
    return len(paths)


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of everything under folder."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def build(catalogue: Path, keep: Path | None = None) -> dict:
    """Build the catalogue's projects with bare Pelican; returns the figures of that build."""
    with tempfile.TemporaryDirectory(prefix="bare-pelican-") as work:
        work = Path(work)
        articles = write_articles(catalogue, work / "content")
        (work / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
        output = keep or work / "output"
        command = [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            str(output),
            "-q",
        ]
        run = run_child(command, cwd=work)
        if run.returncode != 0:
            raise RuntimeError(f"pelican exited with {run.returncode}:\n{run.stderr[-2000:]}")
        size, files = folder_size(output)
    if files < articles:
        raise RuntimeError(
            f"bare Pelican wrote {files} files for {articles} articles: is Python-Markdown installed?"
        )
    return {
        "articles": articles,
        "seconds": round(run.wall_s, 2),
        "cpu_seconds": round(run.cpu_s, 2),
        "peak_mib": round(run.peak_mib, 1),
        "output_mb": round(size / 1e6, 1),
        "files": files,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Build a catalogue's projects with bare Pelican and time it."
    )
    parser.add_argument("catalogue", type=Path, help="a folder written by benchmarks/generate.py")
    parser.add_argument("--keep", type=Path, help="write the site here instead of a temporary folder")
    args = parser.parse_args(argv)
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"{args.keep} is not empty")
    print(json.dumps(build(args.catalogue, args.keep), indent=2))


if __name__ == "__main__":
    main()
