"""Shared fixtures: a small valid catalogue on disk and the `pipeline` command in-process.

The catalogue and the fixed "today" they use are in catalogue_fixtures.py, which tests import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from catalogue_fixtures import write_catalogue
from hypothesis import HealthCheck, settings

from pipeline import cli

# Speed is measured by the benchmarks, not by tests: no example fails for taking long on a busy machine.
settings.register_profile("pipeline", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("pipeline")


@pytest.fixture(scope="session")
def make_catalogue():
    """write_catalogue as a fixture: make_catalogue(tmp_path, files={...}, base=True) -> content folder."""
    return write_catalogue


@pytest.fixture
def catalogue_dir(tmp_path, monkeypatch) -> Path:
    """The base catalogue in tmp_path/content, with tmp_path as the working folder (paths print as content/...)."""
    monkeypatch.chdir(tmp_path)
    return write_catalogue(tmp_path)


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run_pipeline(capsys):
    """Run the `pipeline` command in this process: run_pipeline("validate", "--content", DIR) -> Run."""

    def run(*arguments) -> Run:
        capsys.readouterr()
        try:
            code = cli.main([str(argument) for argument in arguments])
        except SystemExit as exit_:
            code = exit_.code
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
