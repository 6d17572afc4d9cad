"""Plain-English messages for YAML mistakes made by hand, on the line where each mistake is."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import YAML_TOKENS

from pipeline import interpret, loader, yaml_mistakes
from pipeline.loader import LoadError, load_text
from pipeline.validation import check_schema
from pipeline.yaml_mistakes import FIRST_LINE, Mistake, explain, find_mistake

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def mistake_in(*lines: str) -> Mistake:
    """The mistake explained for a front matter the parser refuses."""
    front = "\n".join(lines)
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(front, Loader=yaml.CBaseLoader)
    return explain(front, caught.value)


@pytest.mark.parametrize(
    "lines, line, column, message",
    [
        (["title: x", "contacts:", "\t- role: a"], 4, 1, "line 4 is indented with a tab; use spaces, not tabs, to indent"),
        (["title: a", "\tb"], 3, 1, "line 3 is indented with a tab"),
        (["summary: Residents can: report a pothole"], 2, 23,
         'the text on line 2 has a colon in it; put the text in quotes: summary: "Residents can: report a pothole"'),
        (['summary: Say "hi": now'], 2, 18, """put the text in quotes: summary: 'Say "hi": now'"""),
        (["summary: Residents can: report # a note"], 2, 23, 'summary: "Residents can: report"'),
        (["title: Residents", "  more text: here"], 3, 12,
         'line 3 has a colon in the text of title; put all of its text in quotes, like title: "…"'),
        (["summary: Residents can", "- report a pothole", "- pay"], 3, 1,
         "summary is a single piece of text, so it cannot have a list under it (line 3); write it as one paragraph"),
        (["summary: Residents can", "* report a pothole"], 3, 1, "write it as one paragraph"),
        (["contacts:", "  - role: Lead", "    summary: text", "    - a"], 5, 5, "summary is a single piece of text"),
        (["looking_for: partners", "- funding"], 3, 1, 'looking_for is a list, written wrongly on line 3: leave nothing after "looking_for:"'),
        (['title: "Bins', "summary: x"], 2, 8, 'the quote that opens on line 2 is never closed; add a " at the end of the text: title: "Bins"'),
        (['title: "Bins', "summary: x", "contacts:", '  - role: "Digital"'], 2, 8, "the quote that opens on line 2 is never closed"),
        (["tags:", "  - 'open", "phase: x"], 3, 5, "add a ' at the end of the text: 'open'"),
        (['title: "Bin "app" here"'], 2, 13, """has a " inside its quotes; put it in the other kind of quotes instead: title: 'Bin "app" here'"""),
        (["title: “Bins: the app”"], 2, 8, 'line 2 uses curly quotes (“ ” or ‘ ’), which do not count as quotes here; use straight quotes instead: title: "Bins: the app"'),
        (["title: x", "phase:alpha", "summary: y"], 3, 7, "put a space after the colon on line 3: phase: alpha"),
        (["phase:alpha", "title: x"], 2, 7, "put a space after the colon on line 2: phase: alpha"),
        (["title: Bins", "  summary: x"], 3, 3, 'line 3 is indented more than the field above it; start summary: directly under "title:"'),
        (["contacts:", "  - role: a", "  email: b"], 4, 3, 'start email: directly under "role:"'),
        (["title: [Bins", "summary: x"], 2, 8, "a quote or bracket that opens on line 2 is never closed"),
        (["title: x", "? [a, b"], 3, 3, "a quote or bracket that opens on line 3 is never closed"),
    ],
)  # fmt: skip
def test_each_mistake_is_explained_on_its_own_line(lines, line, column, message):
    mistake = mistake_in(*lines)
    assert (mistake.line, mistake.column) == (line, column), mistake.message
    assert message in mistake.message


@pytest.mark.parametrize(
    "lines, line",
    [
        # A quote that rightly runs over two lines, then a tab.
        (['title: "Bin', '  app"', "summary: x", "\tphase: a"], 5),
        # A block text may hold colons, dashes and tabs.
        (["summary: |", "  Residents can: report", "  - a", "  \tb", "phase: x: y"], 6),
        # A quoted field name, a comment after a closing quote, text carried on to the next line.
        (['"title": Bins', "summary: 'x' # note", "tagline: plain", "  and more", "phase: x: y"], 6),
        # Pasted bullets further in than their field carry its text on, and are not a list.
        (["summary: Residents can", "  - report", "phase: x: y"], 4),
        # A list under a field with nothing after its colon is a list.
        (["tags:", "- a", "- b", "contacts:", "- role: a", "  email: b", "- role: c", "phase: x: y"], 9),
    ],
)  # fmt: skip
def test_correct_lines_above_the_mistake_are_not_blamed(lines, line):
    assert mistake_in(*lines).line == line


def test_a_mistake_after_the_line_where_the_parser_stopped_is_not_blamed():
    assert find_mistake("title: x\nsummary: y\nphase: a: b", failed_line=3) is None


def test_an_unrecognised_mistake_is_placed_where_the_parser_stopped():
    mistake = mistake_in("title: Bins", "--- x", "summary: y")
    assert (mistake.line, mistake.column) == (3, 1)
    assert mistake.message == (
        "line 3 cannot be read; check the spaces at the start of the line, the colons and the quotes"
    )


def test_no_message_uses_the_parsers_words():
    fronts = [
        "title: x\n\tsummary: y",
        "summary: a: b",
        "summary: a\n- b",
        'title: "a\nsummary: b\nphase: "c"',
        "phase:alpha\ntitle: b",
        "title: Bins\n--- x",
    ]
    for front in fronts:
        with pytest.raises(yaml.MarkedYAMLError) as caught:
            yaml.compose(front, Loader=yaml.CBaseLoader)
        message = explain(front, caught.value).message
        assert not {"mapping", "scalar", "token", "stream", "simple key"} & set(message.split()), message


def test_the_loader_reports_the_mistake_at_its_line_in_the_file():
    text = '---\ntitle: "Bin app\nsummary: x\ncontacts:\n  - role: "Team"\n---\nBody.\n'
    with pytest.raises(LoadError) as caught:
        load_text(text)
    assert (caught.value.line, caught.value.column) == (2, 8)
    assert "the quote that opens on line 2 is never closed" in caught.value.message


def test_the_mistakes_are_looked_for_only_when_the_parser_fails(monkeypatch):
    def fail(*arguments):
        raise AssertionError("looked for a mistake in a file that reads cleanly")

    monkeypatch.setattr(loader.yaml_mistakes, "explain", fail)
    monkeypatch.setattr(yaml_mistakes, "find_mistake", fail)
    document = load_text("---\ntitle: 'Bins: the app'\nsummary: |\n  a: b\ntags:\n- a\n---\n")
    assert document.data["title"] == "Bins: the app"


# Any text whatever ----------------------------------------------------------------------------------------

fronts = st.one_of(
    st.text(), st.lists(st.sampled_from(YAML_TOKENS + ["“", "”", "•", "- ", "\t"]), max_size=40).map("".join)
)


def lines_of(front: str) -> list[str]:
    return front.split("\n")


def assert_inside(front: str, mistake: Mistake) -> None:
    lines = lines_of(front)
    assert FIRST_LINE <= mistake.line < FIRST_LINE + len(lines), (mistake, len(lines))
    assert 1 <= mistake.column <= len(lines[mistake.line - FIRST_LINE]) + 1, mistake
    assert mistake.message and "\n" not in mistake.message


@SETTINGS
@given(fronts, st.integers(min_value=-5, max_value=60))
def test_looking_for_a_mistake_never_crashes_and_stays_inside_the_front_matter(front, failed_line):
    mistake = find_mistake(front, failed_line)
    if mistake is not None:
        assert_inside(front, mistake)


@SETTINGS
@given(fronts)
def test_every_refused_front_matter_is_explained_on_one_of_its_lines(front):
    try:
        yaml.compose(front, Loader=yaml.CBaseLoader)
    except yaml.MarkedYAMLError as error:
        assert_inside(front, explain(front, error))
    except yaml.YAMLError:
        pass


entry_like_fronts = st.lists(
    st.sampled_from(
        ["title", "summary", "role", "x", "a b", ": ", ":", "- ", "-", "\n", "  ", "    ", "\t", "'", '"', "#",
         "|", ">", "“", "”", "•", "* ", "–", "[", "]", "{", "}", ", ", "\\", "https://x"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@SETTINGS
@given(entry_like_fronts)
def test_fields_the_parser_reads_are_never_called_a_mistake(front):
    try:
        node = yaml.compose(front, Loader=yaml.CBaseLoader)
    except yaml.YAMLError:
        return
    if isinstance(node, yaml.MappingNode):
        # The blank last line keeps the checks made only where the parser stopped out of it.
        assert find_mistake(front + "\n", failed_line=10**6) is None


# Dates written another way ----------------------------------------------------------------------------


def check_started(written: str) -> str:
    text = (
        "---\ntitle: Bins\nsummary: x\nlead_council: west-berkshire\nphase: alpha\nlast_reviewed: 2026-10-01\n"
        f"contacts:\n  - role: Team\n    email: a@example.org\nstarted: '{written}'\n---\n"
    )
    [problem] = check_schema("project", "entry.md", load_text(text))
    assert (problem.line, problem.column) == (10, 10)
    return problem.message


@pytest.mark.parametrize(
    "written, message",
    [
        ("25/03/2026", 'started "25/03/2026" is in the wrong format; write dates as YYYY-MM-DD: 2026-03-25'),
        ("25-3-2026", "write dates as YYYY-MM-DD: 2026-03-25"),
        ("25.03.2026", "write dates as YYYY-MM-DD: 2026-03-25"),
        ("25 March 2026", "write dates as YYYY-MM-DD: 2026-03-25"),
        ("25th March 2026", "write dates as YYYY-MM-DD: 2026-03-25"),
        ("Wednesday 25th of March, 2026", "write dates as YYYY-MM-DD: 2026-03-25"),
        ("25 Sept 2026", "write dates as YYYY-MM-DD: 2026-09-25"),
        ("March 25, 2026", "write dates as YYYY-MM-DD: 2026-03-25"),
        ("2026/3/5", "write dates as YYYY-MM-DD: 2026-03-05"),
        ("25/03/26", 'started "25/03/26" is not valid; write the date as YYYY-MM-DD, like 2026-05-17'),
        ("March 2026", 'started "March 2026" is not valid; write the date as YYYY-MM-DD'),
        ("25 Marchember 2026", "is not valid; write the date as YYYY-MM-DD"),
        ("2026-02-30", 'started "2026-02-30" is not a real date; check the day and month'),
        ("30/02/2026", 'started "30/02/2026" is not a real date; check the day and month'),
        ("03/25/2026", "is not a real date; check the day and month"),
    ],
)
def test_a_date_written_another_way_is_shown_as_yyyy_mm_dd(written, message):
    assert message in check_started(written)


def test_a_list_under_a_text_field_is_to_be_one_paragraph():
    text = "---\ntitle: Bins\nsummary:\n  - a\n  - b\n---\n"
    problems = check_schema("project", "entry.md", load_text(text))
    [summary] = [problem for problem in problems if problem.field == "summary"]
    assert (
        summary.message == "summary should be a single piece of text, not a list; write it as one paragraph"
    )


def test_a_date_written_rightly_is_not_read_again(monkeypatch):
    monkeypatch.setattr(interpret, "date_parts", lambda written: pytest.fail(f"read {written!r} again"))
    assert "started" not in {problem.field for problem in _problems_with_started("2026-03-25")}


def _problems_with_started(written: str):
    text = f"---\ntitle: Bins\nstarted: {written}\n---\n"
    return check_schema("project", "entry.md", load_text(text))


uk_forms = st.sampled_from(
    [
        lambda day: f"{day.day}/{day.month}/{day.year}",
        lambda day: f"{day:%d/%m/%Y}",
        lambda day: f"{day.day}-{day.month}-{day.year}",
        lambda day: f"{day.day} {day:%B %Y}",
        lambda day: f"{day.day}th {day:%B %Y}",
        lambda day: f"{day:%A} {day.day} {day:%b %Y}",
        lambda day: f"{day:%B} {day.day}, {day.year}",
    ]
)


@SETTINGS
@given(st.dates(min_value=date(1000, 1, 1)), uk_forms)
def test_every_uk_form_of_a_date_reads_back_as_that_date(day, form):
    assert interpret.date_parts(form(day)) == (day.year, day.month, day.day)


@SETTINGS
@given(st.dates(min_value=date(1000, 1, 1)))
def test_a_two_digit_year_is_never_guessed(day):
    assert interpret.date_parts(f"{day.day}/{day.month}/{day:%y}") is None
