"""The intake workflow's script, end to end: a local bare repository as GitHub, a recording `gh`.

.github/scripts/intake.sh runs as the workflow runs it, in a fresh clone of the default branch. `gh` is
a recording stand-in (it logs every call, with the files it was given, and answers with canned JSON);
git is real, pushing to a bare repository in a temporary folder. `pipeline intake --format json` is
played by FAKE_PIPELINE, an explicit stand-in that writes the files a scenario gives and prints the
scenario's JSON, so these tests pin the script to that contract; the last test runs the real command
when it speaks JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from catalogue_fixtures import BASE_FILES, write_catalogue

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / ".github/scripts/intake.sh"
WORKFLOW = REPO / ".github/workflows/intake.yml"
BRANCH = "intake/issue-7"
PROJECT_TEXT = BASE_FILES["projects/bin-collection-app.md"]
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
NEW_ENTRY = "content/projects/gritter-tracker.md"
ADD_MESSAGE = (
    "Add project: Gritter tracker\n\nAdded from issue #7.\n\nCloses #7\n\n"
    "Co-authored-by: jo-bloggs <1234+jo-bloggs@users.noreply.github.com>\n"
)

FAKE_GH = f"""#!{sys.executable}
# A recording stand-in for the gh command: one JSON line per call, with the text of any --body-file.
import json, os, sys
from pathlib import Path

state = Path(os.environ["GH_STATE"])
args = sys.argv[1:]
call = {{"args": args}}
if "--body-file" in args:
    call["body"] = Path(args[args.index("--body-file") + 1]).read_text(encoding="utf-8")
with open(state / "calls.jsonl", "a", encoding="utf-8") as log:
    log.write(json.dumps(call) + "\\n")
command = " ".join(args[:2])
if command == "pr view":
    if not (state / "pr-open").exists():
        print("no pull requests found for branch", file=sys.stderr)
        sys.exit(1)
    print(json.dumps({{"number": 12, "state": "OPEN"}}))
elif command == "pr create":
    (state / "pr-open").touch()
    print("https://github.com/localgovdigital/pipeline/pull/12")
elif command == "issue list":
    issues = state / "issues.json"
    print(issues.read_text(encoding="utf-8") if issues.exists() else "[]")
"""

FAKE_PIPELINE = f"""#!{sys.executable}
# A stand-in for `pipeline intake --format json`: writes the scenario's files and prints its answer.
import json, os, sys
from pathlib import Path

scenario = json.loads(Path(os.environ["FAKE_INTAKE"]).read_text(encoding="utf-8"))
args = sys.argv[1:]
assert args[0] == "intake" and "--format" in args and args[args.index("--format") + 1] == "json", args
record = {{"args": args, "body": Path(args[args.index("--issue-body") + 1]).read_text(encoding="utf-8")}}
with open(Path(os.environ["GH_STATE"]) / "intake-calls.jsonl", "a", encoding="utf-8") as log:
    log.write(json.dumps(record) + "\\n")
for path, text in scenario.get("files", {{}}).items():
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")
print(json.dumps(scenario["answer"]))
sys.exit(scenario.get("exit", 0))
"""


def git(cwd: Path, *arguments: str, user: str = "Maintainer") -> str:
    return subprocess.run(
        ["git", "-c", f"user.name={user}", "-c", "user.email=maintainer@example.org", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def executable(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)


class GitHub:
    """A bare repository as the remote, the stand-ins on the PATH, and a way to run the script."""

    def __init__(self, root: Path, fake_pipeline: bool = True):
        self.root = root
        self.remote = root / "remote.git"
        self.state = root / "state"
        self.bin = root / "bin"
        self.runs = 0
        for folder in (self.state, self.bin):
            folder.mkdir()
        executable(self.bin / "gh", FAKE_GH)
        if fake_pipeline:
            executable(self.bin / "pipeline", FAKE_PIPELINE)
        seed = root / "seed"
        self.write_seed(seed)
        git(root, "init", "--quiet", "--bare", "--initial-branch=main", str(self.remote))
        git(seed, "init", "--quiet", "--initial-branch=main")
        git(seed, "add", ".")
        git(seed, "commit", "--quiet", "-m", "Base")
        git(seed, "push", "--quiet", str(self.remote), "main")

    def write_seed(self, folder: Path) -> None:
        """What the default branch holds at first: the base catalogue."""
        write_catalogue(folder)

    def run(self, answer: dict, files: dict[str, str] | None = None, exit_code: int = 0, **env: str):
        """Run the script as one workflow run: a fresh clone of main, the issue in the environment."""
        self.runs += 1
        checkout = self.root / f"run-{self.runs}"
        git(self.root, "clone", "--quiet", str(self.remote), str(checkout))
        temp = self.root / f"temp-{self.runs}"
        temp.mkdir()
        scenario = temp / "scenario.json"
        scenario.write_text(
            json.dumps({"answer": answer, "files": files or {}, "exit": exit_code}), encoding="utf-8"
        )
        environment = {
            "PATH": f"{self.bin}:{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": str(self.root),
            "PYTHONPATH": str(REPO),
            "GIT_CONFIG_NOSYSTEM": "1",
            "RUNNER_TEMP": str(temp),
            "GH_STATE": str(self.state),
            "FAKE_INTAKE": str(scenario),
            "ISSUE_NUMBER": "7",
            "ISSUE_BODY": "### Title\n\nGritter tracker\n",
            "LABELS": "add-project",
            "AUTHOR": "jo-bloggs",
            "AUTHOR_ID": "1234",
            "BASE_BRANCH": "main",
            **env,
        }
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", str(SCRIPT)],
            cwd=checkout,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )

    def calls(self, *start: str) -> list[dict]:
        """The gh calls made so far whose arguments begin with `start`."""
        log = self.state / "calls.jsonl"
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        calls = [json.loads(line) for line in lines]
        return [call for call in calls if call["args"][: len(start)] == list(start)]

    def intake_calls(self) -> list[dict]:
        lines = (self.state / "intake-calls.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def in_remote(self, *arguments: str) -> str:
        return git(self.root, "--git-dir", str(self.remote), *arguments)

    def head(self, branch: str = BRANCH) -> str:
        return self.in_remote("rev-parse", f"refs/heads/{branch}").strip()

    def has_branch(self, branch: str = BRANCH) -> bool:
        return bool(self.in_remote("branch", "--list", branch).strip())


@pytest.fixture
def github(tmp_path) -> GitHub:
    return GitHub(tmp_path)


def added(title: str = "Gritter tracker", **changes) -> tuple[dict, dict[str, str]]:
    """The intake's answer and files for an added project."""
    path = changes.pop("entry", NEW_ENTRY)
    answer = {
        "entry": path,
        "change": "add",
        "owner_confirmed": False,
        "message": ADD_MESSAGE.replace("Gritter tracker", title),
        "comment": "Thank you for adding your project.",
        "possible_duplicates": [],
        **changes,
    }
    return answer, {path: PROJECT_TEXT.replace("Bin collection app", title)}


def confirmed(owner: bool) -> tuple[dict, dict[str, str]]:
    """The intake's answer and file for a confirmation of the base catalogue's project."""
    path = "content/projects/bin-collection-app.md"
    answer = {
        "entry": path,
        "change": "confirm",
        "owner_confirmed": owner,
        "message": "Confirm project: Bin collection app\n\nCloses #7\n",
        "comment": "Thank you for confirming the project.",
        "possible_duplicates": [],
    }
    return answer, {path: PROJECT_TEXT.replace("last_reviewed: 2026-10-01", "last_reviewed: 2026-11-26")}


# Adding -----------------------------------------------------------------------------------------


def test_an_add_becomes_a_pushed_branch_and_a_pull_request(github):
    result = github.run(*added())
    assert result.returncode == 0, result.stderr
    assert github.in_remote("show", "--name-only", "--format=", BRANCH).split() == [NEW_ENTRY]
    assert "Closes #7" in github.in_remote("log", "-1", "--format=%B", BRANCH)
    assert github.in_remote("log", "-1", "--format=%ae", BRANCH).strip() == BOT_EMAIL
    [created] = github.calls("pr", "create")
    assert created["args"][:6] == ["pr", "create", "--base", "main", "--head", BRANCH]
    assert created["args"][created["args"].index("--title") + 1] == "Add project: Gritter tracker"
    assert "Closes #7" in created["body"]
    assert "Co-authored-by: jo-bloggs" in created["body"]


def test_the_check_is_dispatched_on_the_branch(github):
    github.run(*added())
    assert github.calls("workflow", "run") == [{"args": ["workflow", "run", "check.yml", "--ref", BRANCH]}]


def test_the_issue_hears_what_the_intake_said_and_what_happens_next(github):
    github.run(*added())
    [comment] = github.calls("issue", "comment")
    assert comment["args"][:5] == ["issue", "comment", "7", "--edit-last", "--create-if-none"]
    assert comment["body"].startswith("Thank you for adding your project.")
    assert "a maintainer will review" in comment["body"]


def test_the_form_is_read_as_its_label_says(github):
    for label, kind in [
        ("add-project", "project"),
        ("add-makerday", "makerday"),
        ("add-council", "council"),
        ("update-project", "update"),
        ("confirm-project", "update"),
        ("join-project", "join"),
    ]:
        github.run({"entry": "", "change": "join", "comment": ""}, LABELS=f"good-first-issue {label}")
        args = github.intake_calls()[-1]["args"]
        assert args[args.index("--kind") + 1] == kind, label


def test_the_issue_body_reaches_the_intake_only_as_a_file(github):
    body = "### Title\n\n$(touch pwned) `touch pwned2` \"'; exit 1\n"
    result = github.run(*added(), ISSUE_BODY=body)
    assert result.returncode == 0, result.stderr
    assert github.intake_calls()[0]["body"] == body
    assert not any(github.root.rglob("pwned*"))


def test_a_hostile_title_from_the_intake_stays_text(github):
    title = "Bins $(touch pwned) `touch pwned2` \"'; exit 1"
    result = github.run(*added(title))
    assert result.returncode == 0, result.stderr
    [created] = github.calls("pr", "create")
    assert created["args"][created["args"].index("--title") + 1] == f"Add project: {title}"
    assert not any(github.root.rglob("pwned*"))


def test_an_entry_outside_the_content_folder_is_refused(github):
    answer, _ = added()
    result = github.run({**answer, "entry": "../.github/workflows/x.md"})
    assert result.returncode != 0
    assert not github.has_branch() and github.calls("pr") == []


def test_a_form_that_needs_fixing_gets_a_comment_and_no_branch(github):
    result = github.run({"comment": "**Title**: this is needed."}, exit_code=1)
    assert result.returncode == 0, result.stderr
    assert [call["body"] for call in github.calls("issue", "comment")] == ["**Title**: this is needed.\n"]
    assert not github.has_branch() and github.calls("pr") == [] and github.calls("workflow") == []


def test_a_crash_of_the_intake_fails_the_run(github):
    result = github.run({"comment": ""}, exit_code=3)
    assert result.returncode == 3
    assert github.calls("issue") == []


def test_a_join_without_an_entry_only_comments(github):
    result = github.run(
        {"entry": "", "change": "join", "comment": "@digital-team: Reading would like to join."}
    )
    assert result.returncode == 0, result.stderr
    assert [call["body"] for call in github.calls("issue", "comment")] == [
        "@digital-team: Reading would like to join.\n"
    ]
    assert not github.has_branch()


def test_possible_duplicates_are_named_in_the_pull_request(github):
    answer, files = added()
    answer["possible_duplicates"] = [
        {"id": "bin-collection-app", "title": "Bin *collection* reminders", "lead_council": "reading",
         "lead_council_name": "Reading", "phase": "beta", "score": 0.4, "possible_duplicate": True},
    ]  # fmt: skip
    github.run(answer, files)
    body = github.calls("pr", "create")[0]["body"]
    assert "## Possible duplicates" in body
    assert "- Bin \\*collection\\* reminders (Reading, beta)" in body


# Editing the issue afterwards -------------------------------------------------------------------


def test_an_edit_of_the_issue_adds_a_commit_on_top(github):
    github.run(*added())
    first = github.head()
    answer, files = added()
    files[NEW_ENTRY] = files[NEW_ENTRY].replace("phase: alpha", "phase: beta")
    result = github.run(answer, files)
    assert result.returncode == 0, result.stderr
    second = github.head()
    assert second != first
    assert github.in_remote("rev-parse", f"{second}^").strip() == first
    assert "phase: beta" in github.in_remote("show", f"{BRANCH}:{NEW_ENTRY}")
    assert len(github.calls("pr", "create")) == 1
    assert "now includes your edit" in github.calls("issue", "comment")[-1]["body"]
    assert len(github.calls("workflow", "run")) == 2


def test_an_edit_that_renames_the_entry_leaves_only_the_new_file(github):
    github.run(*added())
    result = github.run(*added("Gritter map", entry="content/projects/gritter-map.md"))
    assert result.returncode == 0, result.stderr
    changed = github.in_remote("diff", "--name-only", "main", BRANCH).split()
    assert changed == ["content/projects/gritter-map.md"]


def test_an_edit_that_changes_nothing_pushes_nothing(github):
    github.run(*added())
    first = github.head()
    result = github.run(*added())
    assert result.returncode == 0, result.stderr
    assert github.head() == first
    assert len(github.calls("workflow", "run")) == 1
    assert "makes no difference" in github.calls("issue", "comment")[-1]["body"]


def test_a_maintainers_commit_is_never_overwritten(github):
    github.run(*added())
    work = github.root / "maintainer"
    git(github.root, "clone", "--quiet", "--branch", BRANCH, str(github.remote), str(work))
    (work / NEW_ENTRY).write_text(added()[1][NEW_ENTRY] + "\nChecked by a maintainer.\n", encoding="utf-8")
    git(work, "commit", "--quiet", "-am", "Tidy the description")
    git(work, "push", "--quiet", "origin", BRANCH)
    maintainers = github.head()
    answer, files = added()
    files[NEW_ENTRY] = files[NEW_ENTRY].replace("phase: alpha", "phase: beta")
    result = github.run(answer, files)
    assert result.returncode == 0, result.stderr
    assert github.head() == maintainers
    assert "A maintainer has already changed the pull request" in github.calls("issue", "comment")[-1]["body"]
    assert len(github.calls("workflow", "run")) == 1


def test_the_script_never_forces_a_push():
    for path in (SCRIPT, WORKFLOW):
        text = path.read_text(encoding="utf-8")
        assert "--force-with-lease" not in text and "push --force" not in text and "push -f" not in text


# Confirming -------------------------------------------------------------------------------------


def test_an_owners_confirmation_merges_itself_once_checked(github):
    result = github.run(*confirmed(owner=True), LABELS="confirm-project")
    assert result.returncode == 0, result.stderr
    assert github.calls("pr", "edit") == [{"args": ["pr", "edit", BRANCH, "--add-label", "owner-confirmed"]}]
    assert github.calls("pr", "merge") == [{"args": ["pr", "merge", BRANCH, "--auto", "--squash"]}]
    assert github.in_remote("diff", "--numstat", "main", BRANCH).split()[:2] == ["1", "1"]


def test_someone_elses_confirmation_waits_for_a_maintainer(github):
    result = github.run(*confirmed(owner=False), LABELS="confirm-project")
    assert result.returncode == 0, result.stderr
    assert github.calls("pr", "merge") == []
    assert all("owner-confirmed" not in call["args"] for call in github.calls("pr"))
    assert github.calls("pr", "create")


def test_a_confirmation_closes_the_projects_open_reminder(github):
    issues = [
        {"number": 5, "body": "<!-- pipeline-reminder: bin-collection-app -->\nPlease confirm."},
        {"number": 6, "body": "<!-- pipeline-reminder: bin-collection-app-2 -->\nPlease confirm."},
        {"number": 8, "body": "Someone quoted <!-- pipeline-reminder: bin-collection-app -->"},
    ]
    (github.state / "issues.json").write_text(json.dumps(issues), encoding="utf-8")
    github.run(*confirmed(owner=True), LABELS="confirm-project")
    [listed] = github.calls("issue", "list")
    assert listed["args"][listed["args"].index("--label") + 1] == "review-reminder"
    body = github.calls("pr", "create")[0]["body"]
    assert "Closes #7" in body and "Closes #5 " in body
    assert "#6" not in body and "#8" not in body


def test_an_added_project_looks_for_no_reminder(github):
    github.run(*added())
    assert github.calls("issue", "list") == []


# With the real command -------------------------------------------------------------------------


def test_a_real_add_project_form_becomes_a_pull_request(tmp_path):
    github = GitHub(tmp_path, fake_pipeline=False)
    body = (
        "### Title\n\nGritter tracker\n\n### Summary\n\nResidents see where the gritters have been.\n\n"
        "### Lead council\n\nwest-berkshire\n\n### Phase\n\nBeta\n\n### Contact role\n\nDigital team\n\n"
        "### Contact email\n\nroads@example.gov.uk\n\n### Publishing\n\n- [X] ok\n"
    )
    result = github.run({}, ISSUE_BODY=body)
    assert result.returncode == 0, result.stderr
    assert github.in_remote("show", "--name-only", "--format=", BRANCH).split() == [NEW_ENTRY]
    assert "Closes #7" in github.calls("pr", "create")[0]["body"]
