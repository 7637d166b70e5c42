"""The ``pantau`` command line: a thin layer over the library API.

Each command module holds the commands of one area and only parses arguments, calls the library
and prints. Library errors become a one-line message on stderr and a non-zero exit code.
"""

from __future__ import annotations

import importlib

import click

# Command modules, each exporting COMMANDS (a list of click commands). Order = order in --help.
_MODULES = ("core", "crawl", "outputs", "ops", "extract", "tag")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


for _name in _MODULES:
    for _command in importlib.import_module(f"pipeline.cli.{_name}").COMMANDS:
        main.add_command(_command)
