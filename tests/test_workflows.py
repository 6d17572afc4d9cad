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
    "reminders.yml": {"remind": {"issues"}, "retire": {"contents", "pull-requests"}},
    "intake.yml": {"intake": {"actions", "contents", "pull-requests", "issues"}},
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
    """The workflow starts for each form's label, and its script reads the form as that kind."""
    workflow = (GITHUB / "workflows/intake.yml").read_text(encoding="utf-8")
    script = (GITHUB / "scripts/intake.sh").read_text(encoding="utf-8")
    for kind, form_name in intake.FORM_OF_KIND.items():
        label = forms.FORMS_BY_NAME[form_name].label
        assert f"'{label}'" in workflow
        assert re.search(rf'\*" {label} "\*[^)]*\) echo {kind} ;;', script), (
            f"the script maps {label} to {kind}"
        )


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


def with_scripts(run: str) -> str:
    """A step's commands, with the text of any of the repository's scripts it runs."""
    scripts = re.findall(r"\.github/scripts/[A-Za-z0-9_.-]+", run)
    return "\n".join([run, *((REPO / script).read_text(encoding="utf-8") for script in scripts)])


def test_the_token_goes_only_to_steps_that_call_gh(workflow_file):
    """Not to a whole job, where every step (a pip install among them) could read it."""
    workflow = load(workflow_file)
    assert "GH_TOKEN" not in workflow.get("env", {})
    for name, job in workflow["jobs"].items():
        assert "GH_TOKEN" not in job.get("env", {}), name
        for step in job.get("steps", []):
            script = with_scripts(step.get("run", ""))
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
