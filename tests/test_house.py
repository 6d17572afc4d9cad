"""The house keeps its rooms: the core imports neither Pelican nor the commands nor the site; nothing
imports a command module but the command line's entry point; settings hold data, not import paths; and
every allowed value the code names exists in the schemas."""

from __future__ import annotations

import ast
import runpy
from pathlib import Path

import pytest

from pipeline import councils_import, freshness, makerdays, schemas
from pipeline.cli import COMMANDS

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "pipeline"
CORE = sorted(PACKAGE.glob("*.py"))
CLI = sorted((PACKAGE / "cli").glob("*.py"))
SITE = sorted((PACKAGE / "site").glob("*.py"))
OUTSIDE = ("pelican", "feedgenerator", "argparse", "pipeline.cli", "pipeline.site")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports made absolute (`from .. import x` included)."""
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def reaches(imported: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(name for name in imported if any(name == p or name.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize("path", CORE, ids=lambda path: path.name)
def test_the_core_imports_neither_pelican_nor_the_commands_nor_the_site(path):
    assert reaches(imported_modules(path), OUTSIDE) == []


@pytest.mark.parametrize("path", SITE, ids=lambda path: path.name)
def test_the_site_never_imports_the_commands(path):
    assert reaches(imported_modules(path), ("pipeline.cli", "argparse")) == []


def test_only_the_entry_point_imports_a_command_module():
    commands = {f"pipeline.cli.{path.stem}" for path in CLI} - {
        "pipeline.cli.__init__",
        "pipeline.cli.__main__",
        "pipeline.cli.options",
        "pipeline.cli.reporting",
        "pipeline.cli.sitebuild",
    }
    for path in CORE + SITE + [p for p in CLI if p.stem != "__init__"]:
        assert reaches(imported_modules(path), tuple(commands)) == [], path


def test_every_command_module_is_registered_once():
    registered = {command.__name__ for command in COMMANDS}
    assert len(registered) == len(COMMANDS)
    assert all(hasattr(command, "register") for command in COMMANDS)


@pytest.mark.parametrize("settings_file", ["pelicanconf.py", "publishconf.py"])
def test_settings_hold_data_not_import_paths(settings_file, monkeypatch):
    monkeypatch.syspath_prepend(str(REPO))
    values = {k: v for k, v in runpy.run_path(str(REPO / settings_file)).items() if k.isupper()}
    assert "PLUGINS" not in values and "PLUGIN_PATHS" not in values

    def texts(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from texts(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from texts(item)

    for name, value in values.items():
        for text in texts(value):
            assert not (":" in text and text.split(":")[0].startswith("pipeline")), (name, text)


def allowed(kind: str, *path: str) -> set[str]:
    return {value for value, _ in schemas.options(schemas.field_schema(kind, path))}


@pytest.mark.parametrize(
    ("values", "kind", "path"),
    [
        (makerdays.EVENT_STATUS, "makerday", ("status",)),
        (makerdays.CALENDAR_STATUS, "makerday", ("status",)),
        (makerdays.CALENDAR_TITLE_PREFIX, "makerday", ("status",)),
        (makerdays.CALENDAR_SEQUENCE, "makerday", ("status",)),
        (makerdays.ATTENDANCE_MODE, "makerday", ("format",)),
    ],
    ids=["event status", "calendar status", "calendar title", "calendar sequence", "attendance mode"],
)
def test_every_allowed_value_has_its_mapping(values, kind, path):
    """A new value in the schema fails here, not as a KeyError in the middle of a build."""
    assert set(values) == allowed(kind, *path)


def test_the_values_the_code_names_exist_in_the_schemas():
    looking_for = allowed("project", "looking_for", "*")
    assert set(makerdays.OPEN_TO_HELP) | {freshness.MAKER_DAY_NEED} <= looking_for
    assert set(councils_import.COUNCIL_TYPES.values()) | {"other"} <= allowed("council", "type")
    assert set(councils_import.NATIONS.values()) == allowed("council", "nation")
    assert set(councils_import.NATIONS) == {"England", "Wales", "Scotland", "Northern Ireland"}
    assert {"retired", "live"} <= allowed("project", "phase")


def test_the_architecture_map_names_every_module():
    """ARCHITECTURE.md is the map of the house: a new module that is not on it fails here."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for path in CORE + SITE:
        if path.stem != "__init__":
            assert f"`{path.name}`" in text or f"{path.stem}.py" in text, path.name
