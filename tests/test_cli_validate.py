"""`pipeline validate`: the bad-file corpus, output formats, exit codes, and checking named files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from catalogue_fixtures import TODAY_OPTION

from pipeline import schemas
from pipeline.loader import MAX_FILE_BYTES
from pipeline.model import KIND_OF_FOLDER

CORPUS = Path(__file__).parent / "corpus"
BAD = CORPUS / "bad"
GOOD = CORPUS / "good"
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))["files"]
REPO = Path(__file__).resolve().parent.parent
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<severity>error|warning): (?P<message>.+)$"
)
ANNOTATION = re.compile(
    r"^::(?P<severity>error|warning) file=(?P<file>[^,:]*),line=(?P<line>[0-9]+),col=(?P<column>[0-9]+),"
    r"title=(?P<title>[^,:]*)::(?P<message>[^\r\n]*)$"
)


def parse_report(out: str) -> list[dict]:
    """Every line of a text report, which must all be PATH:LINE:COLUMN: SEVERITY: MESSAGE."""
    problems = []
    for text in out.splitlines():
        match = PROBLEM_LINE.match(text)
        assert match, f"not a problem line: {text!r}"
        problems.append({**match.groupdict(), "line": int(match["line"]), "column": int(match["column"])})
    return problems


def assert_reported(problems: list[dict], path: str, expected: list) -> None:
    """The errors reported for path are exactly the expected [line, column, fragment] ones."""
    errors = [problem for problem in problems if problem["path"] == path and problem["severity"] == "error"]
    assert len(errors) == len(expected), errors
    for line, column, fragment in expected:
        assert any(
            (error["line"], error["column"]) == (line, column) and fragment in error["message"]
            for error in errors
        ), f"{path}: no error at {line}:{column} containing {fragment!r}; got {errors}"


def add_corpus_file(content: Path, name: str, corpus: Path = BAD) -> None:
    (content / name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(corpus / name, content / name)


# The bad-file corpus ---------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_is_reported_on_the_right_line(name, catalogue_dir, run_pipeline):
    add_corpus_file(catalogue_dir, name)
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert result.code == 1
    problems = parse_report(result.out)
    assert_reported(problems, f"content/{name}", EXPECTED[name])
    assert all(problem["path"] == f"content/{name}" for problem in problems), "the base catalogue is valid"
    assert "invalid:" in result.err


def test_the_whole_corpus_at_once_reports_every_file(catalogue_dir):
    """One run of the real command: no bad file stops the others from being checked."""
    for name in EXPECTED:
        add_corpus_file(catalogue_dir, name)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "validate", "--content", "content", TODAY_OPTION],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    problems = parse_report(result.stdout)
    for name, expected in EXPECTED.items():
        assert_reported(problems, f"content/{name}", expected)
    assert {problem["path"] for problem in problems} == {f"content/{name}" for name in EXPECTED}
    errors = sum(len(expected) for expected in EXPECTED.values())
    assert f"invalid: {errors} errors, 0 warnings" in result.stderr


def message_name(path: tuple) -> str:
    """A pattern for how problems name a field: ("pledges", "*", "kind") -> pledges[N].kind."""
    pattern = ""
    for part in path:
        pattern += r"\[[0-9]+\]" if part == "*" else (r"\." if pattern else "") + re.escape(part)
    return pattern


def test_the_corpus_covers_every_required_field_and_every_choice():
    """A missing-FIELD file for each required field, and a wrong value for each field with a list of choices."""
    messages = [message for problems in EXPECTED.values() for *_, message in problems]
    for folder, kind in KIND_OF_FOLDER.items():
        for field in schemas.schema(kind)["required"]:
            assert f"{folder}/missing-{field.replace('_', '-')}.md" in EXPECTED, (kind, field)
        for path, node in schemas.walk_fields(kind):
            if schemas.options(node):
                wrong_choice = re.compile(rf'^{message_name(path)} "[^"]*" is not an? ')
                assert any(wrong_choice.match(message) for message in messages), (kind, path)


def test_oversized_file(catalogue_dir, run_pipeline):
    text = "---\ntitle: Big\n---\n" + "All work and no play. " * (MAX_FILE_BYTES // 20)
    (catalogue_dir / "projects/oversized.md").write_text(text, encoding="utf-8")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert result.code == 1
    assert_reported(parse_report(result.out), "content/projects/oversized.md", [[1, 1, "larger than the"]])


def test_folder_link_and_newline_in_a_name(catalogue_dir, run_pipeline):
    (catalogue_dir / "projects/a-folder.md").mkdir()
    (catalogue_dir / "projects/linked.md").symlink_to(catalogue_dir / "projects/bin-collection-app.md")
    (catalogue_dir / "projects/line-break.md\n").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert result.code == 1
    problems = parse_report(result.out)
    assert_reported(problems, "content/projects/a-folder.md", [[1, 1, "this is a folder"]])
    assert_reported(problems, "content/projects/linked.md", [[1, 1, "this is a link"]])
    assert_reported(problems, "content/projects/line-break.md\\n", [[1, 1, "is not allowed"]])


def test_unreadable_file(catalogue_dir, run_pipeline):
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = catalogue_dir / "projects/locked.md"
    path.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    path.chmod(0)
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert_reported(parse_report(result.out), "content/projects/locked.md", [[1, 1, "cannot be read"]])


# Good files ------------------------------------------------------------------------


def test_bom_crlf_and_welsh_files_are_accepted(catalogue_dir, run_pipeline):
    names = [str(path.relative_to(GOOD)) for path in GOOD.rglob("*.md")]
    raw = b"".join((GOOD / name).read_bytes() for name in names)
    assert raw.count(b"\xef\xbb\xbf---") == 2 and b"\r\n" in raw, "the corpus keeps its BOMs and CRLFs"
    for name in names:
        add_corpus_file(catalogue_dir, name, GOOD)
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert (result.code, result.out) == (0, "")
    assert "valid: 0 errors, 0 warnings" in result.err


def test_the_sample_catalogue_is_valid(run_pipeline):
    result = run_pipeline("validate", "--content", REPO / "content", TODAY_OPTION)
    assert result.out == ""
    assert result.code == 0


# Output formats ---------------------------------------------------------------------

BROKEN = {
    "projects/bad-phase.md": "---\ntitle: Bins\nsummary: s\nlead_council: west-berkshire\nphase: '100%, alpha: yes'\n"
    "last_reviewed: 2026-10-01\ncontacts:\n  - role: r\n    email: a@example.org\n---\n",
    "projects/twice.md": "---\ntitle: Bins\nsummary: s\nlead_council: west-berkshire\npartner_councils:\n"
    "  - gwynedd\n  - gwynedd\nphase: alpha\nlast_reviewed: 2026-10-01\ncontacts:\n  - role: r\n"
    "    email: a@example.org\n---\n",
}


def test_json_format_lists_the_same_problems(catalogue_dir, run_pipeline):
    for name, text in BROKEN.items():
        (catalogue_dir / name).write_text(text, encoding="utf-8")
    text = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION, "--format", "json")
    assert result.code == 1
    problems = json.loads(result.out)
    assert [
        {key: str(value) for key, value in problem.items() if key != "field"} for problem in problems
    ] == [{key: str(value) for key, value in problem.items()} for problem in parse_report(text.out)]
    assert {(problem["severity"], problem["field"]) for problem in problems} == {
        ("error", "phase"),
        ("warning", "partner_councils[2]"),
    }


def test_json_format_of_a_valid_catalogue_is_an_empty_list(catalogue_dir, run_pipeline):
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION, "--format", "json")
    assert (result.code, json.loads(result.out)) == (0, [])


def test_warnings_alone_do_not_fail(catalogue_dir, run_pipeline):
    (catalogue_dir / "projects/twice.md").write_text(BROKEN["projects/twice.md"], encoding="utf-8")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert result.code == 0
    [problem] = parse_report(result.out)
    assert (problem["severity"], problem["line"], problem["column"]) == ("warning", 7, 5)
    assert "valid: 0 errors, 1 warning" in result.err


def test_github_annotations_are_escaped(tmp_path, monkeypatch, make_catalogue, run_pipeline):
    """A folder name with a comma and a colon, and a message with %, a comma, a colon and a line break."""
    root = tmp_path / "50%, of: councils"
    content = make_catalogue(root, files={"projects/bad-phase.md": BROKEN["projects/bad-phase.md"]})
    (content / "projects/multi-line.md").write_text(
        BROKEN["projects/bad-phase.md"].replace("'100%, alpha: yes'", '"al\\npha"'), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_pipeline("validate", "--content", content, TODAY_OPTION)
    assert result.code == 1
    annotations = [line for line in result.out.splitlines() if line.startswith("::")]
    text_lines = [line for line in result.out.splitlines() if not line.startswith("::")]
    assert len(annotations) == len(text_lines) == 2
    parsed = [ANNOTATION.match(line) for line in annotations]
    assert all(parsed), annotations
    first, second = sorted(parsed, key=lambda match: match["file"])
    assert first["file"] == "50%25%2C of%3A councils/content/projects/bad-phase.md"
    assert (first["line"], first["column"], first["title"]) == ("5", "8", "phase is not right")
    assert first["message"].startswith('phase "100%25, alpha: yes" is not a phase')
    assert second["message"].startswith('phase "al%0Apha" is not a phase')
    assert 'phase "al\\npha" is not a phase' in result.out, "the text report keeps the problem on one line"


def test_github_annotations_go_to_stderr_with_json(catalogue_dir, monkeypatch, run_pipeline):
    (catalogue_dir / "projects/bad-phase.md").write_text(BROKEN["projects/bad-phase.md"], encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION, "--format", "json")
    assert len(json.loads(result.out)) == 1
    assert result.err.startswith("::error file=content/projects/bad-phase.md,line=5,col=8,")


def test_no_annotations_outside_github(catalogue_dir, monkeypatch, run_pipeline):
    (catalogue_dir / "projects/bad-phase.md").write_text(BROKEN["projects/bad-phase.md"], encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert "::" not in result.out + result.err


# Exit codes and named files ------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        ["--content", "no-such-folder"],
        ["--content", "content", "notes.md"],
        ["--content", "content", "content/projects/missing.md"],
        ["--content", "content", "content/projects"],
        ["--content", "content", "--today", "26/11/2026"],
        ["--content", "content", "--format", "xml"],
    ],
    ids=["missing-content", "outside-kind-folders", "missing-file", "folder", "bad-today", "bad-format"],
)
def test_usage_errors_exit_2(arguments, catalogue_dir, run_pipeline):
    (catalogue_dir.parent / "notes.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = run_pipeline("validate", *arguments)
    assert result.code == 2
    assert result.out == ""
    assert "error" in result.err


def test_a_named_file_is_the_only_one_reported(catalogue_dir, run_pipeline):
    add_corpus_file(catalogue_dir, "projects/phase-wrong.md")
    add_corpus_file(catalogue_dir, "councils/type-wrong.md")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION, "content/projects/phase-wrong.md")
    assert result.code == 1
    assert {problem["path"] for problem in parse_report(result.out)} == {"content/projects/phase-wrong.md"}
    assert_reported(
        parse_report(result.out), "content/projects/phase-wrong.md", EXPECTED["projects/phase-wrong.md"]
    )


def test_a_valid_named_file_passes_even_when_others_are_broken(catalogue_dir, run_pipeline):
    add_corpus_file(catalogue_dir, "councils/type-wrong.md")
    named = "content/projects/bin-collection-app.md"
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION, named)
    assert (result.code, result.out) == (0, "")


def test_a_new_file_outside_the_content_is_checked_against_the_catalogue(catalogue_dir, run_pipeline):
    """References resolve against the whole catalogue, and the named file is reported alone."""
    draft = catalogue_dir.parent / "drafts/projects/gritter-tracker.md"
    draft.parent.mkdir(parents=True)
    draft.write_text(
        (BAD / "projects/partner-unknown.md")
        .read_text(encoding="utf-8")
        .replace("Bin collection", "Gritter"),
        encoding="utf-8",
    )
    add_corpus_file(catalogue_dir, "councils/type-wrong.md")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION, draft)
    assert result.code == 1
    [problem] = parse_report(result.out)
    assert (problem["path"], problem["line"]) == ("drafts/projects/gritter-tracker.md", 12)
    assert '"atlantis" is not a council' in problem["message"]


def test_the_default_content_folder_is_content(catalogue_dir, run_pipeline):
    add_corpus_file(catalogue_dir, "projects/phase-wrong.md")
    result = run_pipeline("validate", TODAY_OPTION)
    assert result.code == 1
    assert parse_report(result.out)[0]["path"] == "content/projects/phase-wrong.md"
