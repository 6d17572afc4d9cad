"""The GitHub workflows give untrusted pull requests and issues nothing to attack, and call real commands."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline import forms, intake

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOW_FILES = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).with_name("jactionlint")
LOCK = "requirements/lock.txt"
PINNED = re.compile(r"^\s*(- )?uses: [A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v[0-9]+(\.[0-9]+)*$")
READ_ONLY = {"read", "none"}
# pipeline commands that call the gh command themselves.
CALLS_GH = [["reminders", "apply"]]
COMMAND_WORD = re.compile(r"^[a-z][a-z-]*$")
# The only write permissions any job has, by workflow and job.
WRITES = {
    "deploy.yml": {"deploy": {"pages", "id-token"}},
    "reminders.yml": {"remind": {"issues"}},
    "intake.yml": {"intake": {"contents", "pull-requests", "issues"}},
}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True.
    found = workflow.get("on", workflow.get(True))
    return {found: None} if isinstance(found, str) else found


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


@pytest.fixture(params=WORKFLOW_FILES, ids=lambda path: path.name)
def workflow_file(request) -> Path:
    return request.param


def test_the_four_workflows_exist():
    assert {path.name for path in WORKFLOW_FILES} >= {
        "check.yml",
        "deploy.yml",
        "reminders.yml",
        "intake.yml",
    }


def test_zizmor_finds_nothing_offline():
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("zizmor")),
            "--offline",
            "--collect=all",
            "--persona=pedantic",
            "--format=json",
            str(GITHUB),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_zizmor_would_notice_an_injection(tmp_path):
    """The check above can fail: the same call reports an issue title interpolated into a script."""
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/bad.yml").write_text(
        "on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.issue.title }}"\n',
        encoding="utf-8",
    )
    zizmor = str(Path(sys.executable).with_name("zizmor"))
    result = subprocess.run(
        [zizmor, "--offline", "--format=json", str(tmp_path / ".github")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "template-injection" in {finding["ident"] for finding in json.loads(result.stdout)}


def test_workflows_match_the_github_schema():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(path) for path in WORKFLOW_FILES],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing():
    """actionlint (jdx's fork, from the lock) understands GitHub's expressions, contexts and job graph."""
    if not ACTIONLINT.is_file():
        message = f"{ACTIONLINT} is missing: make test installs it from {LOCK}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        # Shell and Python snippets are not checked (no shellcheck or pyflakes here), on purpose.
        [
            str(ACTIONLINT),
            "--format",
            "{{json .}}",
            "--shellcheck=",
            "--pyflakes=",
            *map(str, WORKFLOW_FILES),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_no_pull_request_target(workflow_file):
    assert "pull_request_target" not in triggers(load(workflow_file))
    assert "pull_request_target" not in workflow_file.read_text(encoding="utf-8")


def test_every_action_is_pinned_to_a_commit_with_its_version(workflow_file):
    uses = [line for line in workflow_file.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    for line in uses:
        assert PINNED.match(line), line


def test_no_expression_in_any_script(workflow_file):
    for step in steps(load(workflow_file)):
        assert "${{" not in step.get("run", ""), step.get("name")


def test_top_level_permissions_are_read_only(workflow_file):
    permissions = load(workflow_file)["permissions"]
    assert permissions == "read-all" or (
        isinstance(permissions, dict) and set(permissions.values()) <= READ_ONLY
    )


def test_write_permissions_only_where_needed(workflow_file):
    for name, job in load(workflow_file)["jobs"].items():
        assert "permissions" in job, f"{name} must say what it needs"
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        assert writes == WRITES.get(workflow_file.name, {}).get(name, set()), name


def test_checkout_never_keeps_the_token(workflow_file):
    checkouts = [
        step for step in steps(load(workflow_file)) if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts
    assert all(step["with"]["persist-credentials"] is False for step in checkouts)


def pipeline_commands(script: str):
    """The command words of each `pipeline` call in a script, like ["reminders", "plan"]."""
    for line in script.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        for index, word in enumerate(words):
            if word == "pipeline":
                command = []
                for following in words[index + 1 :]:
                    if not COMMAND_WORD.match(following):
                        break
                    command.append(following)
                yield command


def test_scripts_call_real_pipeline_commands(workflow_file, run_pipeline):
    for step in steps(load(workflow_file)):
        for command in pipeline_commands(step.get("run", "")):
            assert run_pipeline(*command, "--help").code == 0, f"pipeline {' '.join(command)}"


def test_intake_acts_on_the_labels_of_the_forms_it_reads():
    text = (GITHUB / "workflows/intake.yml").read_text(encoding="utf-8")
    for kind, form_name in intake.FORM_OF_KIND.items():
        label = forms.FORMS_BY_NAME[form_name].label
        assert f"'{label}'" in text
        assert f'{label} "*) kind={kind} ;;' in text or kind == "join", f"the script maps {label} to {kind}"


def test_deploy_publishes_to_pages_from_main_only():
    workflow = load(GITHUB / "workflows/deploy.yml")
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert any("publishconf.py" in step.get("run", "") for step in steps(workflow))


def test_dependabot_keeps_the_action_pins_and_the_lock_current():
    config = load(GITHUB / "dependabot.yml")
    directories = {update["package-ecosystem"]: update["directory"] for update in config["updates"]}
    assert {"github-actions", "pip"} <= set(directories)
    # Dependabot looks in the folder it is given and the folders in it, and recompiles a pip-compile
    # lock from the .in file of the same name, with the options its header names.
    assert directories["pip"] == "/"
    assert (REPO / LOCK).with_suffix(".in").is_file()
    header = (REPO / LOCK).read_text(encoding="utf-8").split("\n\n")[0]
    assert "autogenerated by pip-compile" in header and f"--output-file={LOCK}" in header


def test_every_install_is_from_the_lock_with_its_hashes(workflow_file):
    installs = [step for step in steps(load(workflow_file)) if "pip install" in step.get("run", "")]
    for step in installs:
        for line in step["run"].splitlines():
            if "pip install" in line:
                assert (
                    f"--require-hashes -r {LOCK}" in line or "--no-deps --no-build-isolation -e ." in line
                ), line


def test_the_token_goes_only_to_steps_that_call_gh(workflow_file):
    """Not to a whole job, where every step (a pip install among them) could read it."""
    workflow = load(workflow_file)
    assert "GH_TOKEN" not in workflow.get("env", {})
    for name, job in workflow["jobs"].items():
        assert "GH_TOKEN" not in job.get("env", {}), name
        for step in job.get("steps", []):
            script = step.get("run", "")
            calls_gh = re.search(r"(^|[\s;&|(])gh ", script, re.MULTILINE) is not None or any(
                command in CALLS_GH for command in pipeline_commands(script)
            )
            assert ("GH_TOKEN" in step.get("env", {})) == calls_gh, step.get("name")


def test_pre_commit_hooks_run_pipeline_validate():
    hooks = {hook["id"]: hook for hook in load(REPO / ".pre-commit-hooks.yaml")}
    assert hooks["pipeline-validate"]["entry"] == "pipeline validate"
    assert re.match(hooks["pipeline-validate"]["files"], "content/projects/bin-app.md")
    assert not re.match(hooks["pipeline-validate"]["files"], "content/projects/notes/x.txt")
    local = load(REPO / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    assert "pipeline validate" in {hook["entry"].removeprefix(".venv/bin/") for hook in local}


# The intake workflow's scripts, run here with a stand-in for the gh command --------------------

FAKE_GH = """#!/bin/sh
printf '%s\\n' "$*" >> "$GH_LOG"
case "$1 $2" in
  "pr view") exit 1 ;;
esac
exit 0
"""


def intake_steps() -> dict[str, dict]:
    workflow = load(GITHUB / "workflows/intake.yml")
    return {step["name"]: step for step in workflow["jobs"]["intake"]["steps"]}


def run_step(step: dict, root: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a step's script as GitHub does: bash with -e and pipefail, in the checked-out folder."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def runner(tmp_path, make_catalogue) -> tuple[Path, dict[str, str]]:
    """A checked-out repository with a remote, a runner's temporary folder and a fake gh on the PATH."""
    root, remote, temp, bin_dir = (tmp_path / name for name in ("repo", "remote.git", "temp", "bin"))
    for folder in (root, temp, bin_dir):
        folder.mkdir()
    make_catalogue(root)
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    for arguments in (["init", "--quiet"], ["add", "."], ["commit", "--quiet", "-m", "Base"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *arguments], cwd=root, check=True
        )
    subprocess.run(["git", "remote", "add", "origin", str(remote)], cwd=root, check=True)
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(temp / "output"),
        "GH_LOG": str(temp / "gh.log"),
        "ISSUE_NUMBER": "7",
        "BASE_BRANCH": "main",
        "AUTHOR": "jo-bloggs",
        "AUTHOR_ID": "1234",
        "LABELS": "add-project",
    }
    return root, env


def in_remote(root: Path, *arguments: str) -> str:
    """What a git command says about the remote the intake script pushed to."""
    remote = root.parent / "remote.git"
    return subprocess.run(
        ["git", "--git-dir", str(remote), *arguments], capture_output=True, text=True, check=True
    ).stdout


def outputs(env: dict[str, str]) -> dict[str, str]:
    lines = Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_intake_scripts_turn_a_hostile_but_valid_issue_into_a_pull_request(runner):
    root, env = runner
    title = "Bins $(touch pwned) `touch pwned2` \"'; exit 1"
    env["ISSUE_BODY"] = (
        f"### Title\n\n{title}\n\n### Summary\n\nReminders.\n\n### Lead council\n\nwest-berkshire\n\n"
        "### Phase\n\nAlpha\n\n### Contact role\n\nDigital team\n\n### Contact email\n\nd@example.gov.uk\n\n"
        "### Publishing\n\n- [X] ok\n"
    )
    steps = intake_steps()
    read = run_step(steps["Read the form"], root, env)
    assert read.returncode == 0, read.stderr
    assert outputs(env) == {"kind": "project", "valid": "true"}
    opened = run_step(steps["Open or update the pull request"], root, env)
    assert opened.returncode == 0, opened.stderr
    assert not (root / "pwned").exists() and not (root / "pwned2").exists()
    log = Path(env["GH_LOG"]).read_text(encoding="utf-8")
    assert f"pr create --base main --head intake/issue-7 --title Add project: {title} --body-file" in log
    assert "issue comment 7 --edit-last --create-if-none --body Thank you: this is now a pull request" in log
    message = in_remote(root, "log", "-1", "--format=%B", "intake/issue-7")
    assert "Closes #7" in message
    assert "Co-authored-by: jo-bloggs <1234+jo-bloggs@users.noreply.github.com>" in message
    files = in_remote(root, "show", "--name-only", "--format=", "intake/issue-7").split()
    assert files == ["content/projects/bins-touch-pwned-touch-pwned2-exit-1.md"]


def test_intake_scripts_comment_on_an_invalid_issue(runner):
    root, env = runner
    env["ISSUE_BODY"] = "### Title\n\n<script>alert(1)</script>\n"
    steps = intake_steps()
    assert run_step(steps["Read the form"], root, env).returncode == 0
    assert outputs(env) == {"kind": "project", "valid": "false"}
    commented = run_step(steps["Say what to fix, or mention the project's team"], root, env)
    assert commented.returncode == 0, commented.stderr
    assert Path(env["GH_LOG"]).read_text(encoding="utf-8").startswith("issue comment 7 --edit-last")
    comment = (Path(env["RUNNER_TEMP"]) / "intake.md").read_text(encoding="utf-8")
    assert "**Title**: remove the HTML tags" in comment and "<script>" not in comment
