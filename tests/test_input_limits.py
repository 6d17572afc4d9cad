"""What `validate` accepts is safe to build: the limits on text, dates, names, addresses, list sizes and
files, each closed as a class, and no traceback from any command."""

from __future__ import annotations

import os
import sys

import pytest
from catalogue_fixtures import TODAY, TODAY_OPTION, makerday_data, project_data
from hypothesis import given
from hypothesis import strategies as st
from jsonschema._utils import uniq
from test_cli_validate import assert_reported, parse_report
from test_intake import form_body, project_answers, submit

from pipeline import schemas, validation
from pipeline.catalogue import load_catalogue
from pipeline.councils_import import RegisterError, add_councils
from pipeline.freshness import Policy
from pipeline.loader import MAX_FILE_BYTES, LoadError, load_file
from pipeline.model import KINDS, SITE_SECTIONS, instant
from pipeline.validation import check_file_name, unwanted_character

RESERVED = [
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(1, 10)),
    *(f"lpt{n}" for n in range(1, 10)),
]
# Characters XML 1.0 forbids (besides surrogates, which the YAML reader refuses before any check).
NOT_XML = [chr(code) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)]


def schema_problems(kind: str, data: dict) -> list:
    from pipeline.loader import load_text
    from pipeline.writer import entry_text

    return validation.check_schema(kind, "entry.md", load_text(entry_text(data, "Body.")))


def messages(kind: str, data: dict) -> list[str]:
    return [problem.message for problem in schema_problems(kind, data)]


# Characters -------------------------------------------------------------------------------


def text_fields() -> list[tuple[str, tuple[str, ...], schemas.SchemaNode]]:
    """Every field of every kind (and of pages) whose value is free text."""
    found = []
    for kind in (*KINDS, "page"):
        for path, node in schemas.walk_fields(kind):
            if node.get("type") == "string" and not schemas.options(node):
                found.append((kind, path, node))
    return found


def field_accepts(node: schemas.SchemaNode, value: str) -> bool:
    return schemas.validator("project").evolve(schema=node).is_valid(value)


@pytest.mark.parametrize("character", NOT_XML + ["\x7f", "\x85", "\u2028", "\u202e", "\u2066", "\ufeff"])
def test_both_schema_checkers_refuse_the_same_characters(character):
    for field in ("title", "summary"):
        data = validation.coerce("project", project_data(**{field: f"ab{character}cd"}))
        assert not validation.quick_check("project")(data) and not schemas.validator("project").is_valid(data)
    for title in ("Bins\u200dapp", "Caf\u00e9 \U0001f468\u200d\U0001f469", "two\u200b words"):
        data = validation.coerce("project", project_data(title=title))
        assert validation.quick_check("project")(data) and schemas.validator("project").is_valid(data)


def test_every_free_text_field_says_which_characters_it_allows():
    for kind, path, node in text_fields():
        assert node.get("x-text") or node.get("pattern") or node.get("format"), (kind, path)


@pytest.mark.parametrize("character", NOT_XML + ["\x7f", "\x85", "\u2028", "\u202e", "\u2066", "\ufeff"])
def test_no_text_field_takes_a_character_that_breaks_feeds_or_calendars(character):
    for kind, path, node in text_fields():
        assert not field_accepts(node, f"ab{character}cd"), (kind, path, character)


def test_only_multi_line_text_takes_a_line_break():
    multi = {path for _, path, node in text_fields() if node.get("x-text") == "multi-line"}
    assert ("summary",) in multi and ("updates", "*", "text") in multi
    for kind, path, node in text_fields():
        assert field_accepts(node, "two\nlines") == (path in multi and kind != "council"), (kind, path)


@given(st.text(min_size=1, max_size=30), st.booleans())
def test_the_located_character_is_what_the_schema_refuses(text, multi_line):
    pattern = schemas.python_pattern(
        schemas.definition("multi_line_text" if multi_line else "single_line_text")["pattern"]
    )
    found = unwanted_character(text, multi_line)
    assert (found is None) == (pattern.search(text) is not None)
    if found:
        index, character = found
        assert text[index] == character and unwanted_character(text[:index], multi_line) is None


@pytest.mark.parametrize(
    "title", ["Bins\u200dapp", "Caf\u00e9 \U0001f468\u200d\U0001f469", "\u05e9\u05dc\u05d5\u05dd"]
)
def test_ordinary_text_in_any_script_is_accepted(title):
    assert schema_problems("project", project_data(title=title)) == []


def test_a_control_character_is_pointed_at_where_it_is_written():
    text = "---\ntitle: Bins\x1b[31m app\n---\n"
    from pipeline.loader import load_text

    with pytest.raises(LoadError):  # the YAML reader refuses raw control characters itself
        load_text(text)
    document = load_text('---\ntitle: "Bins \\e[31m app"\nsummary: x\n---\n')
    [problem] = [p for p in validation.check_schema("project", "x.md", document) if p.field == "title"]
    assert (problem.line, problem.column) == (2, 14)
    assert (
        problem.message
        == "title has an invisible control character (U+001B) at character 6; retype title without it"
    )


# Dates and times --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, accepted",
    [
        ("1989-12-31", False),
        ("1990-01-01", True),
        ("2100-12-31", True),
        ("2101-01-01", False),
        ("0001-01-01", False),
        ("9999-12-31", False),
    ],
)
def test_dates_are_in_the_years_1990_to_2100(day, accepted):
    found = messages("project", project_data(started=day))
    assert (found == []) == accepted
    if not accepted:
        assert found == [
            f'started "{day}" is not in the years Pipeline accepts, 1990 to 2100; check the year'
        ]


@pytest.mark.parametrize("moment", ["0001-01-01 00:00", "9999-12-31T23:59-12:00", "2101-01-01 09:00"])
def test_date_times_out_of_range_are_refused_without_crashing(moment):
    found = messages("makerday", makerday_data(starts=moment))
    assert any("is not in the years Pipeline accepts, 1990 to 2100" in message for message in found)


def catalogue_problems(make_catalogue, tmp_path, **changes) -> list:
    content = make_catalogue(tmp_path, files={"makerdays/day.md": makerday_data(**changes)})
    _, problems = load_catalogue(content, TODAY, Policy())
    return [problem for problem in problems if problem.path.endswith("day.md")]


def test_ends_after_starts_compares_moments_not_clock_faces(make_catalogue, tmp_path):
    # 01:30 summer time is 00:30 UTC; 01:10 winter time, the same night, is 01:10 UTC: forty minutes later.
    assert instant("2026-10-25T01:10+00:00") > instant("2026-10-25T01:30+01:00")
    problems = catalogue_problems(
        make_catalogue, tmp_path, starts="2026-10-25T01:30+01:00", ends="2026-10-25T01:10+00:00"
    )
    assert [p for p in problems if p.is_error] == []
    problems = catalogue_problems(
        make_catalogue, tmp_path / "2", starts="2026-10-25T01:30+00:00", ends="2026-10-25T01:45+01:00"
    )
    assert [p.message for p in problems if p.is_error] == [
        "ends must be after starts; check the date and time of both"
    ]


def test_a_time_the_clocks_skip_is_refused_with_what_to_write(make_catalogue, tmp_path):
    problems = catalogue_problems(
        make_catalogue, tmp_path, starts="2027-03-28 01:30", ends="2027-03-28 17:00"
    )
    [problem] = [p for p in problems if p.is_error]
    assert problem.field == "starts"
    assert problem.message.endswith("write the time the clocks show at that moment, 2027-03-28 02:30")


def test_a_time_the_clocks_show_twice_is_the_first_with_a_warning(make_catalogue, tmp_path):
    problems = catalogue_problems(
        make_catalogue, tmp_path, starts="2026-10-25 01:30", ends="2026-10-25 17:00"
    )
    [problem] = [p for p in problems if p.field == "starts"]
    assert not problem.is_error and problem.field == "starts"
    assert "reads it as the first time (2026-10-25T01:30+01:00)" in problem.message
    assert problem.message.endswith("if you mean the second, write 2026-10-25T01:30+00:00")


# Names ------------------------------------------------------------------------------------


def test_ids_are_at_most_80_characters():
    assert check_file_name("a" * 80 + ".md") is None
    message = check_file_name("bin-collection-" * 6 + "app.md")
    assert "is 93 characters long before .md; shorten it to 80 or fewer, like " in message
    suggestion = message.rsplit("like ", 1)[1].removesuffix(".md")
    assert len(suggestion) <= 80 and check_file_name(f"{suggestion}.md") is None


@pytest.mark.parametrize("name", RESERVED)
def test_windows_device_names_are_never_ids(name):
    assert "Windows keeps the name" in check_file_name(f"{name}.md")
    assert check_file_name(f"{name}-digital.md") is None
    assert any(
        "a name Windows keeps for a device" in m for m in messages("project", project_data(lead_council=name))
    )


def test_the_schema_and_the_file_name_check_agree_on_reserved_names():
    assert schemas.definition("entry_id")["not"]["enum"] == RESERVED


@pytest.mark.parametrize("short_name", ["con", "lpt9", "x" * 81])
def test_intake_refuses_a_reserved_or_long_short_name(catalogue_dir, tmp_path, run_pipeline, short_name):
    body = form_body(project_answers(**{"Short name for the web address": short_name}))
    result = submit(run_pipeline, tmp_path, body)
    assert result.code == 1
    assert "**Short name for the web address**: use only lower-case letters" in result.out
    assert not (catalogue_dir / f"projects/{short_name}.md").exists()


def test_intake_does_not_make_a_reserved_id_from_a_title(catalogue_dir, tmp_path, run_pipeline):
    result = submit(run_pipeline, tmp_path, form_body(project_answers(Title="AUX")))
    assert result.code == 1
    assert 'give one, as "aux", made from the title, is a name Windows keeps for a device' in result.out
    assert not (catalogue_dir / "projects/aux.md").exists()


@pytest.mark.parametrize("chosen", [[], ["--id", "com1"]])
def test_pipeline_new_refuses_a_reserved_id(catalogue_dir, run_pipeline, chosen):
    answers = ["--name", "Com1", "--gss-code", "E06000098", "--type", "unitary", "--nation", "england"]
    answers += ["--website", "https://www.example.gov.uk"]
    result = run_pipeline(
        "new", "council", *answers, *chosen, "--no-input", "--content", "content", TODAY_OPTION
    )
    assert result.code == 2
    assert 'Windows keeps the name "com1" for a device' in result.err
    assert not (catalogue_dir / "councils/com1.md").exists()


def test_council_import_refuses_a_reserved_id(catalogue_dir):
    from pipeline.catalogue import Catalogue

    row = {
        "nice-name": "Con", "official-name": "Con Council", "gss-code": "E06000098", "nation": "England",
        "local-authority-type-name": "Unitary authority", "current-authority": "True", "region": "",
    }  # fmt: skip
    with pytest.raises(RegisterError, match="Con cannot be added"):
        add_councils([row], catalogue_dir, Catalogue())
    assert not (catalogue_dir / "councils/con.md").exists()


# Web and email addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.gov.uk",
        "https://www.example.gov.uk?page=2",
        "https://www.example.gov.uk#contact",
        "https://www.example.gov.uk/a/b?x=1&y=2#top",
        "https://www.example.gov.uk:1/",
        "https://www.example.gov.uk:65535/x",
        "https://www.gwynedd.llyw.cymru/cy/Cynghorwyr",
        "https://xn--bcher-kva.example/",
    ],
)
def test_web_addresses_that_are_accepted(url):
    assert messages("project", project_data(links=[{"title": "A link", "url": url}])) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.gov.uk:0/",
        "https://www.example.gov.uk:65536/",
        "https://www.example.gov.uk:99999/",
        "https://www.example.gov.uk/\u202etxt.exe",
        "https://www.example.gov.uk/a\x07b",
        "https://www.example.gov.uk/a\u200bb",
        "https://www.example.gov.uk/a b",
        'https://www.example.gov.uk/"onmouseover',
        "https://-bad.example.gov.uk/",
        "https://user@www.example.gov.uk/",
        "http://www.example.gov.uk/",
    ],
)
def test_web_addresses_that_are_refused(url):
    [message] = messages("project", project_data(links=[{"title": "A link", "url": url}]))
    assert message.startswith("links[1].url ")


@pytest.mark.parametrize(
    "email, accepted",
    [
        ("digital@example.gov.uk", True),
        ("mailto:digital@example.gov.uk", True),
        ("o'brien+bins@example.gov.uk", True),
        ("digital@example.gov.uk?subject=x", False),
        ("digital@example.gov.uk?cc=boss@example.gov.uk", False),
        ("a&b@example.gov.uk", False),
        ("a?b@example.gov.uk", False),
    ],
)
def test_email_addresses_cannot_carry_mailto_headers(email, accepted):
    contact = {"role": "Digital team", "email": email}
    assert (messages("project", project_data(contacts=[contact])) == []) == accepted


# Linear work ------------------------------------------------------------------------------


def test_every_list_has_a_most_items():
    for kind in (*KINDS, "page"):
        for path, node in schemas.walk_fields(kind):
            if node.get("type") == "array":
                assert "maxItems" in node, (kind, path)


@given(
    st.lists(
        st.recursive(
            st.one_of(st.booleans(), st.integers(-2, 2), st.floats(-2, 2), st.text(max_size=2)),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3)
            ),
            max_leaves=6,
        ),
        max_size=6,
    )
)
def test_unique_items_in_one_pass_agree_with_pairs(items):
    assert schemas.all_different(items) == uniq(items)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("field", ["tags", "looking_for", "service_areas", "partner_councils"])
def test_a_huge_list_is_reported_once_in_reasonable_time(field):
    # 24,000 items that cannot be sorted (lists and text mixed): compared pair by pair, this took minutes.
    items = [[str(n)] if n % 2 else str(n) for n in range(24_000)]
    data = validation.coerce("project", project_data(**{field: items}))
    assert not validation.quick_check("project")(data)
    assert schemas.validator("project").evolve(schema={"uniqueItems": True}).is_valid(items)
    found = messages("project", project_data(**{field: items}))
    limit = schemas.field_schema("project", (field,))["maxItems"]
    assert found[0] == f"{field} has 24000 items; the most allowed is {limit}"
    assert len(found) <= limit + 1


# Special files ----------------------------------------------------------------------------


@pytest.mark.timeout(60)
def test_a_named_pipe_is_refused_not_read(catalogue_dir, run_pipeline):
    os.mkfifo(catalogue_dir / "projects/waiting.md")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert result.code == 1
    assert_reported(
        parse_report(result.out),
        "content/projects/waiting.md",
        [[1, 1, "this is a named pipe, not an ordinary file"]],
    )


def test_a_device_is_refused_not_read(tmp_path):
    link = tmp_path / "zero.md"
    link.symlink_to("/dev/zero")  # load_file follows it: the catalogue refuses links before this
    with pytest.raises(LoadError, match="this is a device, not an ordinary file"):
        load_file(link)


def test_the_size_is_checked_before_the_file_is_read(tmp_path):
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(1 << 40)  # a terabyte, sparse: reading it whole would never finish
    with pytest.raises(LoadError, match=f"the file is {1 << 40:,} bytes, larger than the {MAX_FILE_BYTES:,}"):
        load_file(huge)


# The content folder -----------------------------------------------------------------------


def test_a_misspelt_folder_and_a_stray_file_are_reported(catalogue_dir, run_pipeline):
    (catalogue_dir / "project").mkdir()
    (catalogue_dir / "project/new-thing.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (catalogue_dir / "notes.md").write_text("notes", encoding="utf-8")
    (catalogue_dir / "widgets").mkdir()
    (catalogue_dir / ".git-keep").write_text("", encoding="utf-8")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert result.code == 1
    problems = parse_report(result.out)
    assert_reported(
        problems,
        "content/project",
        [[1, 1, "content/project/ is not a folder Pipeline reads; did you mean content/projects/?"]],
    )
    assert_reported(
        problems, "content/notes.md", [[1, 1, "is not read by Pipeline: only the folders content/councils/"]]
    )
    assert_reported(problems, "content/widgets", [[1, 1, "its files belong in one of content/councils/"]])
    assert not any(".git-keep" in problem["path"] for problem in problems)


def write_page(content, name: str, text: str) -> None:
    (content / "pages").mkdir(exist_ok=True)
    (content / "pages" / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("section", SITE_SECTIONS)
def test_a_page_cannot_take_the_name_of_a_part_of_the_site(catalogue_dir, run_pipeline, section):
    write_page(catalogue_dir, f"{section}.md", "---\ntitle: A page\n---\nText.\n")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert result.code == 1
    assert_reported(
        parse_report(result.out),
        f"content/pages/{section}.md",
        [[1, 1, f'a page cannot be called "{section}"']],
    )


def test_pages_go_through_the_same_loader_and_checks(catalogue_dir, run_pipeline):
    write_page(catalogue_dir, "about.md", "---\ntitle: About\nsummary: What this is.\n---\nText.\n")
    write_page(catalogue_dir, "bad-title.md", '---\ntitle: "About \\x1b[2J"\n---\n')
    write_page(catalogue_dir, "no-title.md", "---\nsummary: x\n---\n")
    write_page(catalogue_dir, "aliased.md", "---\ntitle: &a About\nsummary: *a\n---\n")
    write_page(catalogue_dir, "Big Page.md", "---\ntitle: x\n---\n")
    (catalogue_dir / "pages/linked.md").symlink_to(catalogue_dir / "pages/about.md")
    os.mkfifo(catalogue_dir / "pages/pipe.md")
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    problems = parse_report(result.out)
    assert_reported(problems, "content/pages/about.md", [])
    assert_reported(
        problems, "content/pages/bad-title.md", [[2, 15, "title has an invisible control character (U+001B)"]]
    )
    assert_reported(problems, "content/pages/no-title.md", [[2, 1, 'title is missing; add a "title:" line']])
    assert_reported(problems, "content/pages/aliased.md", [[3, 10, "YAML anchors and aliases"]])
    assert_reported(problems, "content/pages/Big Page.md", [[1, 1, "is not allowed"]])
    assert_reported(problems, "content/pages/linked.md", [[1, 1, "this is a link"]])
    assert_reported(problems, "content/pages/pipe.md", [[1, 1, "this is a named pipe"]])


# No traceback -----------------------------------------------------------------------------


def broken_check(kind, source, document):
    if source.endswith("bin-collection-app.md"):
        raise RuntimeError("a bug")
    return []


def test_an_unexpected_error_is_reported_as_a_bug_with_the_file(catalogue_dir, run_pipeline, monkeypatch):
    monkeypatch.delenv("PIPELINE_DEBUG", raising=False)
    monkeypatch.setattr(validation, "check_schema", broken_check)
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert result.code == 2
    assert (
        "this is a bug in Pipeline; please report it, saying it happened while reading content/projects/bin-collection-app.md (RuntimeError)"
        in result.err
    )
    assert "Traceback" not in result.err + result.out


def test_the_traceback_is_shown_only_when_asked_for(catalogue_dir, run_pipeline, monkeypatch):
    monkeypatch.setenv("PIPELINE_DEBUG", "1")
    monkeypatch.setattr(validation, "check_schema", broken_check)
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert result.code == 2
    assert "Traceback" in result.err and "RuntimeError: a bug" in result.err


def test_a_bug_in_a_catalogue_rule_names_the_entry(catalogue_dir, run_pipeline, monkeypatch):
    from pipeline import rules

    def broken_rule(catalogue, makerday, today, policy):
        raise ZeroDivisionError

    monkeypatch.setattr(rules, "MAKERDAY_RULES", (broken_rule,))
    result = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert result.code == 2
    assert "while reading content/makerdays/" in result.err and "(ZeroDivisionError)" in result.err


def test_a_bug_outside_any_file_still_has_no_traceback(run_pipeline, monkeypatch):
    from pipeline.cli import validate

    monkeypatch.delenv("PIPELINE_DEBUG", raising=False)
    monkeypatch.setattr(validate, "load_catalogue", lambda *args, **kwargs: 1 / 0)
    result = run_pipeline("validate", "--content", os.path.dirname(sys.executable))
    assert result.code == 2
    assert "this is a bug in Pipeline; please report it (ZeroDivisionError)" in result.err
    assert "Traceback" not in result.err
