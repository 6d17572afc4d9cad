"""The community manager's week as Markdown, to paste into a newsletter: the catalogue in numbers, what
changed, the maker days coming up, and the projects that need a hand.

It says what the review page says (both read freshness.dashboard). Titles, names and updates come
from strangers' files, so every piece of entry text is escaped with pipeline.gfm.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from . import freshness
from .catalogue import Catalogue
from .dates import long_date, weekday_date
from .gfm import cell, plural
from .model import MakerDay, Project
from .schemas import labels
from .settings import confirm_url, page_url, update_url


def digest(catalogue: Catalogue, board: freshness.Dashboard, settings: dict[str, Any]) -> str:
    """The week's digest in Markdown, from the review dashboard of the catalogue."""
    writer = _Digest(catalogue, board, settings)
    sections = [
        f"# Pipeline this week: {long_date(board.today)}",
        writer.numbers(),
        writer.changes(),
        writer.makerdays(),
        writer.needing_a_hand(),
    ]
    return "\n\n".join(sections) + "\n"


class _Digest:
    """The digest's sections; each returns Markdown without a trailing line break."""

    def __init__(self, catalogue: Catalogue, board: freshness.Dashboard, settings: dict[str, Any]):
        self.catalogue = catalogue
        self.board = board
        self.settings = settings
        self.phases = labels("project", ("phase",))

    def link(self, entry: Project | MakerDay) -> str:
        return f"[{cell(entry.title)}]({page_url(self.settings, entry.url)})"

    def led_by(self, project: Project) -> str:
        return cell(self.catalogue.council_name(project.lead_council))

    def numbers(self) -> str:
        counts = self.board.counts
        lines = ["## The catalogue in numbers", ""]
        lines += [f"- {counts[state]} {freshness.LABELS[state].lower()}" for state in freshness.STATES]
        return "\n".join(lines)

    def changes(self) -> str:
        changes = self.board.changes
        assert changes is not None, "a dashboard always has its week's changes"
        lines = [f"## What changed from {long_date(changes.since)} to {long_date(self.board.today)}", ""]
        if not changes.count:
            return "\n".join(lines + ["Nothing was added, confirmed or updated."])
        if changes.confirmed:
            lines += [f"### Added or confirmed: {plural(len(changes.confirmed), 'project')}", ""]
            lines += [f"- {self.link(project)}, {self.led_by(project)}" for project in changes.confirmed]
            lines.append("")
        if changes.news:
            lines += [f"### News: {plural(len(changes.news), 'update')}", ""]
            lines += [
                f"- {self.link(project)} ({long_date(update['day'])}): {cell(update['text'])}"
                for project, update in changes.news
            ]
        return "\n".join(lines).rstrip("\n")

    def makerdays(self) -> str:
        lines = ["## Maker days coming up", ""]
        if not self.board.upcoming_makerdays:
            return "\n".join(lines + ["No maker days are planned."])
        for day in self.board.upcoming_makerdays:
            makerday = day.makerday
            lines.append(
                f"- {self.link(makerday)}: {weekday_date(makerday.starts.date())}, hosted by "
                f"{cell(self.catalogue.council_name(makerday.host_council))}." + self.at_risk(day)
            )
        return "\n".join(lines)

    def at_risk(self, day: freshness.ChallengeDay) -> str:
        if not day.at_risk:
            return ""
        projects = ", ".join(
            f"{self.link(item.project)} (confirm by {long_date(item.review_due)})" for item in day.at_risk
        )
        return f" Challenges that need confirming before the day: {projects}."

    def needing_a_hand(self) -> str:
        board = self.board
        lines = ["## Projects that need a hand", ""]
        groups = (
            ("Nobody has answered", board.unanswered, self.unanswered_line),
            ("Nobody left to answer", board.orphaned, self.orphaned_line),
            ("Past their end date", board.ended_but_active, self.ended_line),
        )
        if not any(found for _, found, _ in groups):
            return "\n".join(lines + ["Every project has someone answering for it."])
        for heading, found, line in groups:
            if found:
                lines += [f"### {heading}: {plural(len(found), 'project')}", ""]
                lines += [line(item) for item in found] + [""]
        lines.append(
            "If you work on one of these, please confirm it is still accurate or tell us what has changed."
        )
        return "\n".join(lines)

    def confirm(self, project: Project) -> str:
        return f"[confirm it]({confirm_url(self.settings, project)})"

    def update(self, project: Project) -> str:
        return f"[update it]({update_url(self.settings, project)})"

    def unanswered_line(self, item: freshness.Review) -> str:
        project = item.project
        return (
            f"- {self.link(project)}, {self.led_by(project)}: {item.overdue_text}, last confirmed "
            f"{long_date(project.last_reviewed)}; {self.confirm(project)}"
        )

    def orphaned_line(self, item: freshness.Review) -> str:
        project = item.project
        return (
            f"- {self.link(project)}, {self.led_by(project)}: every contact has left; {self.update(project)}"
        )

    def ended_line(self, item: freshness.Review) -> str:
        project = item.project
        ends = date.fromisoformat(project.get("ends"))
        phase = self.phases.get(project.phase, project.phase).lower()
        return (
            f"- {self.link(project)}, {self.led_by(project)}: was due to end on {long_date(ends)} "
            f"but is still in {phase}; {self.update(project)}"
        )
