"""The benchmark harness behind `make bench`.

    python benchmarks/run.py [--sizes 1000 10000] [--seed 1] [--json results.json]

For each size it generates a synthetic catalogue into a temporary folder, then runs every measurement
in a subprocess of its own, so each peak memory figure belongs to one measurement only: the largest sum
of the memory of that subprocess and every process it started (benchmarks/memory.py), sampled while
they run. At the end it prints each target with the figure measured and its verdict.
A measurement is a function that takes the catalogue folder and returns a dict of figures; one whose
code is not written yet raises NotAvailable and is reported as "not available yet".
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import bare_pelican
import generate
from bare_pelican import folder_size, run_child

ROOT = Path(__file__).resolve().parent.parent
TODAY = generate.TODAY
MEASUREMENTS: dict[str, Callable[[Path], dict]] = {}
REVIEW_PAGE = "review/index.html"
CATALOGUE_INDEX = "projects/index.json"
PAGE_LIMIT_KB = 150


class NotAvailable(Exception):
    """The code this measurement needs does not exist yet."""


def measurement(name: str):
    def register(function: Callable[[Path], dict]) -> Callable[[Path], dict]:
        MEASUREMENTS[name] = function
        return function

    return register


def require(module: str, attribute: str | None = None):
    """Import module (and return one of its attributes); NotAvailable if it is not written yet."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name and (module == error.name or module.startswith(error.name + ".")):
            raise NotAvailable(f"{module} does not exist yet") from None
        raise
    if attribute is None:
        return found
    if not hasattr(found, attribute):
        raise NotAvailable(f"{module}.{attribute} does not exist yet")
    return getattr(found, attribute)


def pipeline_command(name: str, *args: str) -> list[str]:
    """The command line of a `pipeline` subcommand; NotAvailable if it is not written yet."""
    require("pipeline.cli")
    command = [sys.executable, "-m", "pipeline.cli", name]
    if run_child([*command, "--help"]).returncode != 0:
        raise NotAvailable(f"`pipeline {name}` does not exist yet")
    return [*command, *args]


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (Pagefind's runs among them)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function: Callable, *args) -> tuple[object, dict]:
    """Call function; its result, and the wall and CPU seconds it took (its child processes' included)."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = function(*args)
    return result, {
        "seconds": round(time.perf_counter() - wall, 3),
        "CPU s": round(cpu_seconds() - cpu, 3),
    }


def site_dir(catalogue: Path) -> Path:
    """Where the full build writes its site, for the measurements that read it."""
    return catalogue.parent / "site"


def run_checked(command: list[str]) -> dict:
    """Run a command from the project root; its wall and CPU seconds, or RuntimeError with its errors."""
    run = run_child(command, cwd=ROOT)
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(command[2:])} exited with {run.returncode}:\n{run.stderr[-2000:]}")
    return {"seconds": round(run.wall_s, 2), "CPU s": round(run.cpu_s, 2)}


def cache_dir(catalogue: Path) -> Path:
    """The content cache of the builds of one catalogue: empty for the full build, which fills it."""
    return catalogue.parent / "cache"


def build_command(catalogue: Path, output: Path) -> list[str]:
    """`pipeline build` without the search index (measured on its own), with the catalogue's own cache."""
    options = ["--content", str(catalogue), "--output", str(output), "--today", str(TODAY), "--no-search"]
    return pipeline_command("build", *options, "--cache-path", str(cache_dir(catalogue)))


def built_site(catalogue: Path) -> Path:
    """The full build's site, built now if the full build has not run."""
    site = site_dir(catalogue)
    if not site.is_dir():
        run_checked(build_command(catalogue, site))
    return site


def site_figures(site: Path) -> dict:
    size, files = folder_size(site)
    return {"output MB": round(size / 1e6, 1), "files": files, "pages": len(list(site.rglob("*.html")))}


@measurement("bare Pelican build")
def bare_pelican_build(catalogue: Path) -> dict:
    figures = bare_pelican.build(catalogue)
    return {
        "seconds": figures["seconds"],
        "CPU s": figures["cpu_seconds"],
        "output MB": figures["output_mb"],
        "files": figures["files"],
    }


@measurement("validation throughput")
def validation_throughput(catalogue: Path) -> dict:
    load_catalogue = require("pipeline.catalogue", "load_catalogue")
    policy = require("pipeline.freshness", "Policy")()
    (loaded, problems), timing = timed(load_catalogue, catalogue, TODAY, policy)
    if problems:
        raise RuntimeError(f"the generated catalogue has {len(problems)} problems, first: {problems[0]}")
    entries = sum(1 for _ in loaded.entries())
    return {**timing, "entries": entries, "entries/s": round(entries / timing["seconds"])}


@measurement("full build")
def full_build(catalogue: Path) -> dict:
    site = site_dir(catalogue)
    shutil.rmtree(cache_dir(catalogue), ignore_errors=True)  # a clean build: nothing rendered before
    return {**run_checked(build_command(catalogue, site)), **site_figures(site)}


@measurement("full build, English site only")
def full_build_english_only(catalogue: Path) -> dict:
    """The full build with the site in English alone, as it was before every page had its Welsh page too:
    `pipeline.site.build.build_site` (what `pipeline build --no-search` runs) with the languages cut to
    English, from an empty cache, into a folder of its own."""
    generator = require("pipeline.site.generator")
    english = require("pipeline.welsh", "ENGLISH")
    every_language = generator.languages
    generator.languages = lambda theme: {english: every_language(theme)[english]}
    build_site = require("pipeline.site.build", "build_site")
    output, cache = catalogue.parent / "site-english", catalogue.parent / "cache-english"
    try:
        options = {"CACHE_PATH": str(cache)}
        _, timing = timed(build_site, ROOT / "pelicanconf.py", catalogue, output, TODAY, False, options, True)
        return {**timing, **site_figures(output)}
    finally:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)


@measurement("search indexing")
def search_indexing(catalogue: Path) -> dict:
    """The build's search step (pipeline.site.search) over the full build's site; its peak memory is
    that of the step's processes, Pagefind's runs among them."""
    build_index = require("pipeline.site.search", "build_index")
    site = built_site(catalogue)
    bundle = site / "pagefind"
    shutil.rmtree(bundle, ignore_errors=True)
    before = site.stat()
    parts, timing = timed(build_index, site)
    size, files = folder_size(bundle)
    shutil.rmtree(bundle)
    # The site is left as the full build wrote it, modification time included: the build record beside
    # it names the folder by it, and the rebuild measured later is an incremental one only if it matches.
    os.utime(site, ns=(before.st_atime_ns, before.st_mtime_ns))
    further = sum(len(paths) for paths in parts.values())
    return {**timing, "index MB": round(size / 1e6, 1), "index files": files, "parts": further + len(parts)}


def with_search_folders(catalogue: Path) -> tuple[Path, Path]:
    """The site and the content cache of the builds with search, apart from the full build's."""
    return catalogue.parent / "site-with-search", catalogue.parent / "cache-with-search"


def search_build_command(catalogue: Path) -> list[str]:
    """`pipeline build` as a user runs it, search index included, into the builds-with-search folders."""
    output, cache = with_search_folders(catalogue)
    options = ["--content", str(catalogue), "--output", str(output), "--today", str(TODAY)]
    return pipeline_command("build", *options, "--cache-path", str(cache))


def remove_with_search_folders(catalogue: Path) -> None:
    """The builds-with-search site and cache, and what the builds keep beside the site (its record, its
    search parts, its lock)."""
    output, cache = with_search_folders(catalogue)
    for path in [output, cache, *output.parent.glob(f".{output.name}[.-]*")]:
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


@measurement("full build with search")
def full_build_with_search(catalogue: Path) -> dict:
    """`pipeline build` as a user runs it, search index included, from an empty cache: its peak memory
    is the whole build's, every process together. The site is kept for the rebuild with search."""
    remove_with_search_folders(catalogue)
    timing = run_checked(search_build_command(catalogue))
    return {**timing, **site_figures(with_search_folders(catalogue)[0])}


@measurement("rebuild with search after one change")
def rebuild_with_search_after_one_change(catalogue: Path) -> dict:
    """`pipeline build` again, search index included, into the site of the full build with search, after
    one project file changed."""
    try:
        if not with_search_folders(catalogue)[0].is_dir():
            run_checked(search_build_command(catalogue))
        return after_one_change(catalogue, search_build_command(catalogue))
    finally:
        remove_with_search_folders(catalogue)


@measurement("page weight")
def page_weight(catalogue: Path) -> dict:
    """The largest HTML page, the review page, the catalogue's first page, and the catalogue index the
    filters fetch, raw and gzipped."""
    site = built_site(catalogue)
    wall, cpu = time.perf_counter(), time.process_time()
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    largest = max(sizes, key=sizes.__getitem__)
    index = (site / CATALOGUE_INDEX).read_bytes()
    return {
        "seconds": round(time.perf_counter() - wall, 3),
        "CPU s": round(time.process_time() - cpu, 3),
        "largest page KB": round(sizes[largest] / 1024, 1),
        "largest page": largest,
        "catalogue first page KB": round(sizes["projects/index.html"] / 1024, 1),
        "pages over 150 KB": sum(1 for size in sizes.values() if size > PAGE_LIMIT_KB * 1024),
        "review page KB": round(sizes.get(REVIEW_PAGE, 0) / 1024, 1),
        "index KB": round(len(index) / 1024, 1),
        "index gzipped KB": round(len(gzip.compress(index)) / 1024, 1),
    }


@measurement("similar-project computation")
def similar_projects(catalogue: Path) -> dict:
    similar = require("pipeline.similarity", "similar_projects")
    policy = require("pipeline.freshness", "Policy")()
    loaded, _ = require("pipeline.catalogue", "load_catalogue")(catalogue, TODAY, policy)
    matches, timing = timed(similar, loaded.projects.values())
    return {
        **timing,
        "projects": len(matches),
        "with a similar project": sum(1 for found in matches.values() if found),
    }


def after_one_change(catalogue: Path, command: list[str]) -> dict:
    """The time `command` takes after one more line is added to one project file (then taken away)."""
    changed = sorted((catalogue / "projects").glob("*.md"))[0]
    original = changed.read_text(encoding="utf-8")
    changed.write_text(original + "\nOne more line.\n", encoding="utf-8")
    try:
        return run_checked(command)
    finally:
        changed.write_text(original, encoding="utf-8")


@measurement("rebuild after one change")
def rebuild_after_one_change(catalogue: Path) -> dict:
    site = built_site(catalogue)
    return after_one_change(catalogue, build_command(catalogue, site))


PREVIEW_START_S = 900  # the preview may build the whole catalogue before it serves
PREVIEW_WAIT_S = 60
POLL_S = 0.05


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    """The page's text, or None when the server does not answer with it (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (OSError, ValueError):
        return None


def wait_for(url: str, process: subprocess.Popen, text: str, limit_s: float) -> float | None:
    """Seconds until the page at url contains text, polling; None if the limit passes or the server ends."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit_s and process.poll() is None:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(POLL_S)
    return None


def retitled(text: str, title: str) -> str:
    """An entry file's text with its title line replaced."""
    lines = text.split("\n")
    index = next(number for number, line in enumerate(lines) if line.startswith("title:"))
    lines[index] = f"title: {title}"
    return "\n".join(lines)


@measurement("preview after one change")
def preview_after_one_change(catalogue: Path) -> dict:
    """As a user sees it: `pipeline serve` started on the catalogue; once a project's page is served,
    the project's title is changed in its file, and the page polled until it shows the new title. The
    time is from the file's writing to the first answer with the new title (at most PREVIEW_WAIT_S)."""
    command = pipeline_command("serve")
    help_text = subprocess.run([*command, "--help"], capture_output=True, text=True).stdout
    port = free_port()
    options = ["--content", str(catalogue), "--today", str(TODAY), "--port", str(port)]
    options += ["--output", str(catalogue.parent / "preview-site"), "--cache-path", str(cache_dir(catalogue))]
    options += ["--no-search"] if "--no-search" in help_text else []
    changed = sorted((catalogue / "projects").glob("*.md"))[0]
    url = f"http://127.0.0.1:{port}/projects/{changed.stem}/"
    original = changed.read_text(encoding="utf-8")
    new_title = f"Preview check {os.getpid()}"
    server = subprocess.Popen(
        [*command, *options], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        started = wait_for(url, server, "<html", PREVIEW_START_S)
        if started is None:
            raise RuntimeError(f"pipeline serve did not serve {url} within {PREVIEW_START_S} s")
        wall = time.perf_counter()
        changed.write_text(retitled(original, new_title), encoding="utf-8")
        latency = wait_for(url, server, new_title, PREVIEW_WAIT_S)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        changed.write_text(original, encoding="utf-8")
        shutil.rmtree(catalogue.parent / "preview-site", ignore_errors=True)
    return {
        "seconds": round(latency if latency is not None else time.perf_counter() - wall, 3),
        "CPU s": None,
        "serving after s": round(started, 1),
        "new title shown": "yes" if latency is not None else "no",
    }


def child_env() -> dict:
    """The environment of a measurement: the project root importable even where it is not installed."""
    paths = [str(ROOT), os.environ.get("PYTHONPATH")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}


def measure_in_child(name: str, catalogue: Path) -> dict:
    """Run one measurement in a fresh interpreter; its figures plus the peak memory of its processes
    together, and of the largest one."""
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        options = ["--measure", name, "--catalogue", str(catalogue), "--result", result.name]
        run = run_child([sys.executable, __file__, *options], cwd=ROOT, env=child_env())
        if run.returncode != 0:
            lines = run.stderr.strip().splitlines() or [f"exit status {run.returncode}"]
            return {"error": lines[-1]}
        outcome = json.loads(Path(result.name).read_text(encoding="utf-8"))
    if "figures" in outcome:
        outcome["peak MiB"] = round(run.peak_mib, 1)
        outcome["figures"]["largest process MiB"] = round(run.largest_mib, 1)
    return outcome


def measure_here(name: str, catalogue: Path, result: Path) -> None:
    try:
        outcome = {"figures": MEASUREMENTS[name](catalogue)}
    except NotAvailable as reason:
        outcome = {"unavailable": str(reason)}
    result.write_text(json.dumps(outcome), encoding="utf-8")


def describe(outcome: dict) -> list[str]:
    """Table cells after the measurement's name: wall time, CPU time, peak memory, other figures."""
    if "unavailable" in outcome:
        return ["not available yet", "", "", outcome["unavailable"]]
    if "error" in outcome:
        return ["failed", "", "", outcome["error"]]
    figures = dict(outcome["figures"])
    seconds, cpu = figures.pop("seconds"), figures.pop("CPU s")
    others = ", ".join(
        f"{key} {value:,}" if isinstance(value, int | float) else f"{key} {value}"
        for key, value in figures.items()
    )
    return [f"{seconds:.2f}", "—" if cpu is None else f"{cpu:.2f}", f"{outcome['peak MiB']:.1f}", others]


def bench_size(size: int, seed: int, rows: list[dict]) -> None:
    with tempfile.TemporaryDirectory(prefix=f"pipeline-bench-{size}-") as work:
        catalogue = Path(work) / "catalogue"
        counts, timing = timed(generate.generate_catalogue, catalogue, size, seed, TODAY)
        print(f"{size:,} projects: generated {counts} in {timing['seconds']:.1f} s", file=sys.stderr)
        for name in MEASUREMENTS:
            outcome = measure_in_child(name, catalogue)
            rows.append({"projects": size, "measurement": name, **outcome})
            print(f"  {name}: {', '.join(filter(None, describe(outcome)))}", file=sys.stderr)


def figure(rows: list[dict], size: int, name: str, key: str):
    """One figure of one measurement, or None when it did not run."""
    for row in rows:
        if row["projects"] == size and row["measurement"] == name and "figures" in row:
            return row["peak MiB"] if key == "peak MiB" else row["figures"].get(key)
    return None


def ratio(numerator, denominator) -> float | None:
    return round(numerator / denominator, 2) if numerator and denominator else None


def ratios(rows: list[dict], size: int) -> dict:
    """The figures the targets are about, worked out from one size's measurements, in wall and CPU seconds."""
    found = {}
    for unit in ("seconds", "CPU s"):
        build, bare = figure(rows, size, "full build", unit), figure(rows, size, "bare Pelican build", unit)
        rebuild = figure(rows, size, "rebuild after one change", unit)
        found[f"full build ÷ bare Pelican ({unit})"] = ratio(build, bare)
        english = figure(rows, size, "full build, English site only", unit)
        found[f"English site ÷ bare Pelican ({unit})"] = ratio(english, bare)
        found[f"rebuild speed-up ({unit})"] = ratio(build, rebuild)
        whole = figure(rows, size, "full build with search", unit)
        rebuild_whole = figure(rows, size, "rebuild with search after one change", unit)
        found[f"rebuild with search speed-up ({unit})"] = ratio(whole, rebuild_whole)
    return found


@dataclass(frozen=True)
class Target:
    """One target of the issue: what it is about, its limit, and whether the figure may be at most
    (`most`) or must be at least the limit; `judged_at` is the catalogue size it is set for."""

    name: str
    limit: float | None
    most: bool = True
    judged_at: int = 0

    def verdict(self, value, size: int) -> str:
        if value is None:
            return "not measured"
        if self.limit is None or size < self.judged_at:
            return ""
        return "met" if (value <= self.limit if self.most else value >= self.limit) else "missed"


GB_MIB = 1e9 / 2**20
MB_MIB = 1e6 / 2**20


def preview_value(rows: list[dict], size: int) -> float | None:
    """The preview's latency, or None when the change never showed (judged as missed)."""
    seen = figure(rows, size, "preview after one change", "new title shown")
    latency = figure(rows, size, "preview after one change", "seconds")
    return latency if seen == "yes" else (float("inf") if seen == "no" else None)


def verdict_rows(rows: list[dict], size: int) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for every target, from one size's measurements."""
    found = ratios(rows, size)
    weight, search = "page weight", "search indexing"
    whole = "full build with search"

    def cell(value, unit: str, extra: str = "") -> str:
        if value is None:
            return "—"
        spaced = unit if unit == "×" else f" {unit}"
        text = "never (waited 60 s)" if value == float("inf") else f"{value:,}{spaced}"
        return text + (f" ({extra})" if extra else "")

    cpu = lambda key: found[f"{key} (CPU s)"]  # noqa: E731
    checks = [
        (
            Target("validation at least 5,000 entries/s", 5000, most=False),
            figure(rows, size, "validation throughput", "entries/s"),
            "entries/s",
            "",
        ),
        (
            Target("clean build under 45 s", 45, judged_at=10000),
            figure(rows, size, "full build", "seconds"),
            "s",
            "",
        ),
        (
            Target("clean build at most 1.25× bare Pelican", 1.25),
            found["full build ÷ bare Pelican (seconds)"],
            "×",
            f"{cpu('full build ÷ bare Pelican')}× in CPU seconds",
        ),
        (
            Target("clean build of the English site alone at most 1.25× bare Pelican", 1.25),
            found["English site ÷ bare Pelican (seconds)"],
            "×",
            f"{cpu('English site ÷ bare Pelican')}× in CPU seconds",
        ),
        (
            Target("clean build (no search) peak under 500 MB", 500 * MB_MIB),
            figure(rows, size, "full build", "peak MiB"),
            "MiB",
            "all processes",
        ),
        (
            Target("largest HTML page under 150 KB", PAGE_LIMIT_KB, judged_at=10000),
            figure(rows, size, weight, "largest page KB"),
            "KB",
            figure(rows, size, weight, "largest page") or "",
        ),
        (
            Target("catalogue's first page under 100 KB", 100, judged_at=10000),
            figure(rows, size, weight, "catalogue first page KB"),
            "KB",
            "",
        ),
        (
            Target("catalogue index (no target)", None),
            figure(rows, size, weight, "index gzipped KB"),
            "KB gzipped",
            "",
        ),
        (Target("search index size (no target)", None), figure(rows, size, search, "index MB"), "MB", ""),
        (Target("search step time (no target)", None), figure(rows, size, search, "seconds"), "s", ""),
        (
            Target("search step peak under 1 GB", GB_MIB, judged_at=10000),
            figure(rows, size, search, "peak MiB"),
            "MiB",
            "all processes",
        ),
        (
            Target("whole build with search peak under 1 GB", GB_MIB, judged_at=10000),
            figure(rows, size, whole, "peak MiB"),
            "MiB",
            "all processes",
        ),
        (
            Target("similar projects under 10 s", 10),
            figure(rows, size, "similar-project computation", "seconds"),
            "s",
            "",
        ),
        (
            Target("preview shows a one-file edit within 1 s", 1, judged_at=10000),
            preview_value(rows, size),
            "s",
            "",
        ),
        (
            Target("one-file rebuild at least 3× faster than a clean build", 3, most=False),
            found["rebuild speed-up (seconds)"],
            "×",
            f"{cpu('rebuild speed-up')}× in CPU seconds",
        ),
        (
            Target(
                "one-file rebuild with search at least 3× faster than a clean build with search",
                3,
                most=False,
            ),
            found["rebuild with search speed-up (seconds)"],
            "×",
            f"{cpu('rebuild with search speed-up')}× in CPU seconds",
        ),
    ]
    return [
        (target.name, cell(value, unit, extra), target.verdict(value, size))
        for target, value, unit, extra in checks
    ]


def verdict_table(rows: list[dict], size: int) -> list[str]:
    """The verdicts of one size as a Markdown table."""
    lines = [f"| {size:,} projects: target | measured | verdict |", "| --- | --- | --- |"]
    return lines + [
        f"| {name} | {measured} | {verdict} |" for name, measured, verdict in verdict_rows(rows, size)
    ]


def machine() -> str:
    """Processors, CPU model, memory and Python version, for the results to be read against."""
    cpuinfo = Path("/proc/cpuinfo")
    models = (
        [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        if cpuinfo.exists()
        else []
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = models[0] if models else platform.processor() or platform.machine()
    return f"{os.cpu_count()} cores ({cpu}), {memory:.1f} GiB memory, Python {platform.python_version()}, Pelican {metadata.version('pelican')}"


def load() -> str:
    return "load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())


def print_table(rows: list[dict]) -> None:
    header = ["projects", "measurement", "time (s)", "CPU (s)", "peak, all processes (MiB)", "figures"]
    lines = [[f"{row['projects']:,}", row["measurement"], *describe(row)] for row in rows]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]
    for cells in [header, ["-" * width for width in widths], *lines]:
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the Pipeline benchmarks.")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000], help="catalogue sizes in projects"
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--json", type=Path, help="also write the results to this file as JSON")
    parser.add_argument("--measure", choices=MEASUREMENTS, help=argparse.SUPPRESS)
    parser.add_argument("--catalogue", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        measure_here(args.measure, args.catalogue, args.result)
        return 0
    print(f"{machine()}; seed {args.seed}, today {TODAY}")
    print(f"Before the run: {load()}")
    rows: list[dict] = []
    for size in args.sizes:
        bench_size(size, args.seed, rows)
    print(f"After the run: {load()}\n")
    print_table(rows)
    print()
    for size in args.sizes:
        print("\n".join(verdict_table(rows, size)) + "\n")
    if args.json:
        results = {
            "machine": machine(),
            "rows": rows,
            "ratios": {size: ratios(rows, size) for size in args.sizes},
            "verdicts": {size: verdict_rows(rows, size) for size in args.sizes},
        }
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if any("error" in row for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
