"""The benchmark harness behind `make bench`.

    python benchmarks/run.py [--sizes 1000 10000] [--seed 1] [--json results.json]

For each size it generates a synthetic catalogue into a temporary folder, then runs every measurement
in a subprocess of its own, so each peak memory figure (ru_maxrss) belongs to one measurement only.
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
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
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


def timed(function: Callable, *args) -> tuple[object, dict]:
    """Call function; its result, and the wall and CPU seconds it took."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, {
        "seconds": round(time.perf_counter() - wall, 3),
        "CPU s": round(time.process_time() - cpu, 3),
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


@measurement("search indexing")
def search_indexing(catalogue: Path) -> dict:
    require("pagefind")
    site = built_site(catalogue)
    index = site / "bench-index"
    timing = run_checked(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", index.name, "--silent"]
    )
    size, files = folder_size(index)
    shutil.rmtree(index)
    return {**timing, "index MB": round(size / 1e6, 1), "index files": files}


@measurement("page weight")
def page_weight(catalogue: Path) -> dict:
    """The largest HTML page (the review page on its own: its budget is still to be met), the
    catalogue's first page, and the catalogue index the filters fetch, raw and gzipped."""
    site = built_site(catalogue)
    wall, cpu = time.perf_counter(), time.process_time()
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    review = sizes.pop(REVIEW_PAGE, 0)
    largest = max(sizes, key=sizes.__getitem__)
    index = (site / CATALOGUE_INDEX).read_bytes()
    return {
        "seconds": round(time.perf_counter() - wall, 3),
        "CPU s": round(time.process_time() - cpu, 3),
        "largest page KB": round(sizes[largest] / 1024, 1),
        "largest page": largest,
        "catalogue first page KB": round(sizes["projects/index.html"] / 1024, 1),
        "pages over 150 KB": sum(1 for size in sizes.values() if size > 150 * 1024),
        "review page KB": round(review / 1024, 1),
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


@measurement("rebuild after one change")
def rebuild_after_one_change(catalogue: Path) -> dict:
    site = built_site(catalogue)
    changed = sorted((catalogue / "projects").glob("*.md"))[0]
    original = changed.read_text(encoding="utf-8")
    changed.write_text(original + "\nOne more line.\n", encoding="utf-8")
    try:
        timing = run_checked(build_command(catalogue, site))
    finally:
        changed.write_text(original, encoding="utf-8")
    return timing


def child_env() -> dict:
    """The environment of a measurement: the project root importable even where it is not installed."""
    paths = [str(ROOT), os.environ.get("PYTHONPATH")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}


def measure_in_child(name: str, catalogue: Path) -> dict:
    """Run one measurement in a fresh interpreter; its figures plus that process's peak memory."""
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        options = ["--measure", name, "--catalogue", str(catalogue), "--result", result.name]
        run = run_child([sys.executable, __file__, *options], cwd=ROOT, env=child_env())
        if run.returncode != 0:
            lines = run.stderr.strip().splitlines() or [f"exit status {run.returncode}"]
            return {"error": lines[-1]}
        outcome = json.loads(Path(result.name).read_text(encoding="utf-8"))
    if "figures" in outcome:
        outcome["peak MiB"] = round(run.peak_mib, 1)
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
    return [f"{seconds:.2f}", f"{cpu:.2f}", f"{outcome['peak MiB']:.1f}", others]


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


def ratios(rows: list[dict], size: int) -> dict:
    """The figures the targets are about, worked out from one size's measurements."""
    build, bare = (
        figure(rows, size, "full build", "seconds"),
        figure(rows, size, "bare Pelican build", "seconds"),
    )
    rebuild = figure(rows, size, "rebuild after one change", "seconds")
    return {
        "full build ÷ bare Pelican": round(build / bare, 2) if build and bare else None,
        "rebuild speed-up": round(build / rebuild, 2) if build and rebuild else None,
    }


def verdict(value, limit: float | None, most: bool) -> str:
    """ "met" or "missed" against a limit (`most`: the value may be at most the limit, else at least)."""
    if value is None or limit is None:
        return ""
    return " — met" if (value <= limit if most else value >= limit) else " — missed"


def summary(rows: list[dict], size: int) -> list[str]:
    """The issue's targets against this run's figures, one line each, with a verdict where it has one."""
    found = ratios(rows, size)
    weight = "page weight"
    lines = [
        (
            "validation",
            figure(rows, size, "validation throughput", "entries/s"),
            "entries/s",
            "at least 5,000",
            5000,
            False,
        ),
        ("full build", figure(rows, size, "full build", "seconds"), "s", "under 45 s at 10,000", None, True),
        ("full build ÷ bare Pelican", found["full build ÷ bare Pelican"], "×", "at most 1.25", 1.25, True),
        (
            "full build peak memory",
            figure(rows, size, "full build", "peak MiB"),
            "MiB",
            "under 500 MB",
            477,
            True,
        ),
        (
            "largest HTML page",
            figure(rows, size, weight, "largest page KB"),
            "KB",
            "at most 150 KB",
            150,
            True,
        ),
        (
            "catalogue first page",
            figure(rows, size, weight, "catalogue first page KB"),
            "KB",
            "under 100 KB",
            100,
            True,
        ),
        ("catalogue index", figure(rows, size, weight, "index gzipped KB"), "KB gzipped", "", None, True),
        ("Pagefind time", figure(rows, size, "search indexing", "seconds"), "s", "", None, True),
        (
            "Pagefind peak memory",
            figure(rows, size, "search indexing", "peak MiB"),
            "MiB",
            "under 1 GB",
            954,
            True,
        ),
        (
            "similar projects",
            figure(rows, size, "similar-project computation", "seconds"),
            "s",
            "under 10 s",
            10,
            True,
        ),
        (
            "rebuild after one change",
            figure(rows, size, "rebuild after one change", "seconds"),
            "s",
            "",
            None,
            True,
        ),
        (
            "rebuild speed-up",
            found["rebuild speed-up"],
            "× faster than the full build",
            "at least 3×",
            3,
            False,
        ),
    ]
    return [
        f"- {size:,} projects, {name}: "
        + ("not measured" if value is None else f"{value:,} {unit}")
        + (f" (target: {target})" if target else "")
        + verdict(value, limit if size >= 10000 or name not in WEIGHT_TARGETS else None, most)
        for name, value, unit, target, limit, most in lines
    ]


# Targets set for 10,000 projects: judged only at that size.
WEIGHT_TARGETS = {"full build", "largest HTML page", "catalogue first page", "Pagefind peak memory"}


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
    header = ["projects", "measurement", "time (s)", "CPU (s)", "peak (MiB)", "figures"]
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
        print("\n".join(summary(rows, size)))
    if args.json:
        results = {
            "machine": machine(),
            "rows": rows,
            "ratios": {size: ratios(rows, size) for size in args.sizes},
        }
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if any("error" in row for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
