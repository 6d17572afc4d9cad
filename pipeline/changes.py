"""`pipeline summary`: what a pull request changes in the catalogue, as Markdown for the check's summary.

Entries added, changed and removed (from `git diff` against a base commit), each project's freshness,
every problem in the changed files with how to fix it, and existing projects that look like an added
one: a possible duplicate, which is better joined than started again.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import freshness, similarity
from .catalogue import Catalogue, load_catalogue
from .gfm import cell, code, code_cell
from .loader import LoadError, load_text
from .model import ENTRY_TYPES, FOLDERS, Entry, MakerDay, Project
from .problems import Problem
from .problems import summary as count_problems

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
GIT_STATUS = {"A": ADDED, "M": CHANGED, "T": CHANGED, "D": REMOVED}
MOST_DUPLICATES = 3


@dataclass(frozen=True)
class Change:
    """One entry file a pull request adds, changes or removes; `title` is known for removed files."""

    status: str
    path: Path
    title: str = ""

    @property
    def folder(self) -> str:
        return self.path.parent.name

    @property
    def id(self) -> str:
        return self.path.stem


class GitError(Exception):
    """A git command failed (an unknown base commit, or no repository)."""


def git(*arguments: str) -> str:
    result = subprocess.run(["git", *arguments], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GitError(f"git {' '.join(arguments)} failed: {result.stderr.strip()}")
    return result.stdout


def changes_since(base: str, content: Path) -> list[Change]:
    """Entry files in the content folder added, changed or removed since the base commit."""
    listing = git("diff", "--name-status", "--no-renames", "--relative", "-z", base, "--", str(content))
    fields = listing.split("\0")
    changes = []
    for status, name in zip(fields[0::2], fields[1::2], strict=False):
        path = Path(name)
        if status[:1] not in GIT_STATUS or path.suffix != ".md" or path.parent.name not in FOLDERS:
            continue
        title = old_title(base, path) if GIT_STATUS[status[:1]] == REMOVED else ""
        changes.append(Change(GIT_STATUS[status[:1]], path, title))
    return changes


def old_title(base: str, path: Path) -> str:
    """The title (or name) a removed entry had at the base commit."""
    try:
        data = load_text(git("show", f"{base}:./{path.as_posix()}")).data
    except (LoadError, GitError):
        return ""
    title = data.get("title") or data.get("name")
    return title if isinstance(title, str) else ""


# The summary --------------------------------------------------------------------


def summary_markdown(changes: list[Change], content: Path, today: date, policy: freshness.Policy) -> str:
    catalogue, problems = load_catalogue(content, today, policy)
    changed_paths = {change.path.resolve() for change in changes if change.status != REMOVED}
    mine = [problem for problem in problems if Path(problem.path).resolve() in changed_paths]
    elsewhere = [problem for problem in problems if problem not in mine and problem.is_error]
    sections = [headline(changes, mine)]
    for status in (ADDED, CHANGED):
        chosen = [change for change in changes if change.status == status]
        if chosen:
            sections.append(entries_table(status, chosen, catalogue, mine, today, policy))
    removed = [change for change in changes if change.status == REMOVED]
    if removed:
        sections.append(removed_list(removed))
    if mine:
        sections.append(problems_list(mine))
    duplicates = possible_duplicates(changes, catalogue)
    if duplicates:
        sections.append(duplicates)
    if elsewhere:
        sections.append(
            f"Files this pull request does not change have {count_problems(elsewhere)}; "
            "run `pipeline validate` to see them."
        )
    return "\n\n".join(sections) + "\n"


def headline(changes: list[Change], problems: Sequence[Problem]) -> str:
    counts = {
        status: sum(change.status == status for change in changes) for status in (ADDED, CHANGED, REMOVED)
    }
    done = ", ".join(f"{count} {status}" for status, count in counts.items())
    if not changes:
        done = "no catalogue entries changed"
    verdict = (
        f"**{count_problems(problems)} to fix** in the changed entries (see below)."
        if any(problem.is_error for problem in problems)
        else "The changed entries are valid."
    )
    return f"## Pipeline check\n\nEntries: {done}. {verdict}"


def find_entry(catalogue: Catalogue, change: Change) -> Entry | None:
    entries = catalogue.in_folder(change.folder)
    return entries.get(change.id)


def freshness_text(entry: Entry | None, today: date, policy: freshness.Policy) -> str:
    if isinstance(entry, MakerDay):
        return entry.timing(today)
    if not isinstance(entry, Project):
        return ""
    found = freshness.review(entry, today, policy)
    return f"{found.label} (last reviewed {entry.last_reviewed.isoformat()})"


def entries_table(
    status: str,
    changes: list[Change],
    catalogue: Catalogue,
    problems: Sequence[Problem],
    today: date,
    policy: freshness.Policy,
) -> str:
    rows = [
        f"### {status.capitalize()}",
        "",
        "| Entry | Kind | Freshness | Problems |",
        "| --- | --- | --- | --- |",
    ]
    for change in changes:
        entry = find_entry(catalogue, change)
        title = cell(entry.title) if entry else code_cell(change.path.as_posix())
        mine = [p for p in problems if Path(p.path).resolve() == change.path.resolve()]
        found = count_problems(mine) if mine else "none"
        rows.append(
            f"| {title} | {ENTRY_TYPES[change.folder].noun.capitalize()} | {freshness_text(entry, today, policy)} | {found} |"
        )
    return "\n".join(rows)


def removed_list(changes: list[Change]) -> str:
    lines = ["### Removed", ""]
    for change in changes:
        title = f" ({cell(change.title)})" if change.title else ""
        lines.append(f"- {ENTRY_TYPES[change.folder].noun.capitalize()} {code(change.id)}{title}")
    return "\n".join(lines)


def problems_list(problems: Sequence[Problem]) -> str:
    lines = ["### To fix", "", "Each line says where the problem is and how to fix it."]
    lines.append("")
    for problem in problems:
        where = f"{code(problem.path)} line {problem.line}"
        lines.append(f"- **{problem.severity}** in {where}: {cell(problem.message)}")
    return "\n".join(lines)


def possible_duplicates(changes: list[Change], catalogue: Catalogue) -> str:
    """Existing projects that look like an added one, above the duplicate threshold."""
    lines = []
    for change in changes:
        project = catalogue.projects.get(change.id) if change.folder == "projects" else None
        if change.status != ADDED or project is None:
            continue
        others = [other for other in catalogue.projects.values() if other.id != project.id]
        matches = similarity.closest(others, project, MOST_DUPLICATES, similarity.DUPLICATE_THRESHOLD)
        if matches:
            named = ", ".join(
                f"{cell(catalogue.projects[other].title)} (`{other}`, led by "
                f"{cell(catalogue.council_name(catalogue.projects[other].lead_council))}; score {score:.2f})"
                for other, score in matches
            )
            lines.append(f"- **{cell(project.title)}** looks like: {named}")
    if not lines:
        return ""
    intro = (
        "### Possible duplicates: consider joining instead\n\n"
        "These existing projects look like a project being added. If one is the same work, it is usually "
        "better to join it as a partner than to start again. (A warning only: it does not fail the check.)\n"
    )
    return intro + "\n" + "\n".join(lines)


# The command --------------------------------------------------------------------
