"""The reminders workflow's retire step, end to end: a local bare repository as GitHub, a recording `gh`,
and the real `pipeline stale` and `pipeline retire`.

.github/scripts/retire.sh runs as the workflow runs it, in a fresh clone of the default branch: for each
project the stale report calls unanswered it pushes a retire/ID branch that changes only that project's
phase and updates, and opens one pull request; on later runs it leaves a waiting branch alone.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from catalogue_fixtures import project_data, write_catalogue
from test_intake_workflow import GitHub as IntakeGitHub
from test_intake_workflow import git

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / ".github/scripts/retire.sh"
SETTINGS = 'PATH = "content"\nSITEURL = "https://pipeline.example.org"\nGITHUB_REPO = "example/catalogue"\n'
TODAY = "2026-11-26"
UNANSWERED = "old-app"  # last confirmed 2025-01-01: due 2025-06-30, unanswered from 2025-09-28


class GitHub(IntakeGitHub):
    """The intake tests' remote and recording gh, seeded with a catalogue that has an unanswered project,
    running the retire script with the real pipeline."""

    def __init__(self, root: Path):
        super().__init__(root, fake_pipeline=False)

    def write_seed(self, folder: Path) -> None:
        files = {
            f"projects/{UNANSWERED}.md": project_data(title="Old app", last_reviewed="2025-01-01"),
            "projects/stale-but-answered.md": project_data(title="Recent", last_reviewed="2026-04-01"),
        }
        write_catalogue(folder, files)
        (folder / "settings.py").write_text(SETTINGS, encoding="utf-8")

    def run(self) -> subprocess.CompletedProcess[str]:
        self.runs += 1
        checkout = self.root / f"run-{self.runs}"
        git(self.root, "clone", "--quiet", str(self.remote), str(checkout))
        temp = self.root / f"temp-{self.runs}"
        temp.mkdir()
        environment = {
            "PATH": f"{self.bin}:{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": str(self.root),
            "PYTHONPATH": str(REPO),
            "GIT_CONFIG_NOSYSTEM": "1",
            "RUNNER_TEMP": str(temp),
            "GH_STATE": str(self.state),
            "PIPELINE_TODAY": TODAY,
        }
        stale = temp / "stale.json"
        report = subprocess.run(
            ["pipeline", "stale", "--settings", "settings.py", "--today", TODAY, "--format", "json"],
            cwd=checkout,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        stale.write_text(report.stdout, encoding="utf-8")
        environment |= {"STALE": str(stale), "SETTINGS": "settings.py", "BASE_BRANCH": "main"}
        return subprocess.run(
            ["bash", str(SCRIPT)], cwd=checkout, env=environment, capture_output=True, text=True, check=False
        )


def test_an_unanswered_project_gets_one_pull_request_that_only_retires_it(tmp_path):
    github = GitHub(tmp_path)
    result = github.run()
    assert result.returncode == 0, result.stderr
    branches = github.in_remote("branch", "--list", "--format=%(refname:short)").split()
    assert branches == ["main", f"retire/{UNANSWERED}"]
    changed = github.in_remote("diff", "--name-only", "main", f"retire/{UNANSWERED}").split()
    assert changed == [f"content/projects/{UNANSWERED}.md"]
    diff = github.in_remote("diff", "main", f"retire/{UNANSWERED}")
    assert "+phase: retired" in diff and "-phase: alpha" in diff
    assert "Archived: no response since 1 January 2025." in diff
    created = github.calls("pr", "create")
    assert len(created) == 1
    title = created[0]["args"][created[0]["args"].index("--title") + 1]
    assert title == "Retire Old app: no response since 2025-01-01"
    assert "https://pipeline.example.org/projects/old-app/" in created[0]["body"]


def test_a_waiting_pull_request_is_left_alone(tmp_path):
    github = GitHub(tmp_path)
    github.run()
    head = github.in_remote("rev-parse", f"retire/{UNANSWERED}")
    result = github.run()
    assert result.returncode == 0, result.stderr
    assert "already waiting" in result.stdout
    assert github.in_remote("rev-parse", f"retire/{UNANSWERED}") == head
    assert len(github.calls("pr", "create")) == 1


def test_the_script_never_force_pushes():
    text = SCRIPT.read_text(encoding="utf-8")
    assert "--force" not in text.replace("--force-create", "") and "+refs/heads/retire" not in text
