"""The ``pantau`` command line: a thin layer over the library API.

Each command module holds the commands of one area and only parses arguments, calls the library
and prints. Library errors become a one-line message on stderr and a non-zero exit code.
"""

from __future__ import annotations

import importlib

import click

# Command name -> the module (pipeline/cli/<module>.py) whose COMMANDS define it. Modules are
# imported only when one of their commands runs, so `pantau sql` does not pay for Scrapy or spaCy.
_COMMANDS = {
    "run": "core", "demo": "core", "process": "core", "check-config": "core", "sql": "core",
    "crawl": "crawl", "sources": "crawl",
    "articles": "outputs", "coverage": "outputs", "search": "outputs", "clip": "outputs",
    "report": "outputs", "partners": "outputs",
    "schedule": "ops", "status": "ops", "backup": "ops", "export": "ops",
    "extract": "extract",
    "tag": "tag", "catalog": "tag",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in _COMMANDS:
            return None
        module = importlib.import_module(f"pipeline.cli.{_COMMANDS[name]}")
        return {command.name: command for command in module.COMMANDS}[name]


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="pantau")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging on stderr and in the log file.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Pantau: media monitoring for Kabupaten Paser.

    \b
    Example:
      pantau demo                      # run the offline demo newsroom end to end
      pantau articles --format json    # what the store holds, with tagged entities
    """
    ctx.obj = {"verbose": verbose}


