"""Docs are part of done: every setting and every command is documented."""

from __future__ import annotations

from pydantic import BaseModel

from pipeline.config import Config

from tests.conftest import ROOT


def _fields(model: type[BaseModel], seen: set[str]) -> set[str]:
    names = set()
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        names.add(name)
        for arg in getattr(info.annotation, "__args__", ()) + (info.annotation,):
            inner = getattr(arg, "__args__", (arg,))
            for cls in inner:
                if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__name__ not in seen:
                    seen.add(cls.__name__)
                    names |= _fields(cls, seen)
    return names


def test_every_config_key_is_in_the_configuration_reference():
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in _fields(Config, set()) if f"`{name}`" not in doc)
    assert missing == []


def test_every_command_is_in_the_readme_or_docs():
    from pipeline.cli import main

    text = "".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *ROOT.glob("docs/*.md")])
    missing = sorted(name for name in main.list_commands(None) if f"pantau {name}" not in text)
    assert missing == []


def test_the_command_table_names_every_module_command():
    """The lazy command table and the modules' COMMANDS lists agree."""
    import importlib

    from pipeline.cli import _COMMANDS

    defined = {}
    for module in set(_COMMANDS.values()):
        for command in importlib.import_module(f"pipeline.cli.{module}").COMMANDS:
            defined[command.name] = module
    assert defined == _COMMANDS


def test_every_command_has_help_with_an_example(cli):
    from pipeline.cli import main

    for name in main.list_commands(None):
        result = cli(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output or "example" in result.output, name
