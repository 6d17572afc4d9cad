"""Why a build stops: the catalogue is invalid, or a later step failed. Nothing is written in either case."""

from __future__ import annotations

from ..problems import Problem, format_text


class InvalidCatalogue(Exception):
    """The catalogue has errors: the build stops before anything is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(format_text(problems))


class BuildFailed(Exception):
    """A step after reading the catalogue failed (writing the site, or its search index)."""
