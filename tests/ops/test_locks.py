"""Job locks: a second overlapping run exits 75 with one line; a killed holder frees the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from pipeline.locks import LOCKED_EXIT, JobLocked, hold_lock, job_lock, lock_name, lock_path

HOLD = """
import sys, time
from pipeline.config import load_config
from pipeline.locks import job_lock
config = load_config(sys.argv[1])
with job_lock(config, "crawl"):
    print("holding", flush=True)
    time.sleep(60)
"""

USE = """
import sys
from pipeline.config import load_config
from pipeline.locks import job_lock
import click

@click.command()
def main():
    config = load_config(sys.argv[1])
    with job_lock(config, "crawl"):
        print("ran")

main(args=[])
"""


def _holder(config):
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(config.path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "holding\n"
    return child


def test_lock_file_sits_beside_the_store(config):
    assert lock_path(config.database, "crawl") == config.database.with_name("pantau.duckdb.crawl.lock")
    assert lock_name("crawl") == "crawl"
    assert lock_name("crawl", ["tribun kaltim", "antara"]) == "crawl-antara+tribun_kaltim"


def test_second_run_exits_with_distinct_code_and_one_line(config):
    holder = _holder(config)
    try:
        second = subprocess.run([sys.executable, "-c", USE, str(config.path)], capture_output=True, text=True)
        assert second.returncode == LOCKED_EXIT == 75
        assert second.stdout == ""
        assert second.stderr == (f"pantau: job 'crawl' is already running (lock {config.database}.crawl.lock"
                                 f" held by pid {holder.pid}); not starting\n")
    finally:
        holder.kill()
        holder.wait()


def test_kill_9_of_the_holder_frees_the_lock(config):
    holder = _holder(config)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    after = subprocess.run([sys.executable, "-c", USE, str(config.path)], capture_output=True, text=True)
    assert (after.returncode, after.stdout) == (0, "ran\n")


def test_in_process_overlap_and_release(config):
    with job_lock(config, "clip") as path:
        assert path.read_text() == f"{os.getpid()}\n"
        with pytest.raises(JobLocked) as caught:
            with hold_lock(config.database, "clip"):
                pass
        assert caught.value.exit_code == LOCKED_EXIT
        with job_lock(config, "report"):  # other jobs are independent
            pass
    assert path.read_text() == ""
    with job_lock(config, "clip"):
        pass


def test_lock_held_by_the_daemon_is_not_taken_again(config, monkeypatch):
    with hold_lock(config.database, "crawl-kabar"):
        monkeypatch.setenv("PANTAU_HELD_LOCKS", "crawl-kabar")
        with job_lock(config, "crawl-kabar") as path:
            assert path is None
        monkeypatch.setenv("PANTAU_HELD_LOCKS", "clip")
        with pytest.raises(JobLocked):
            with job_lock(config, "crawl-kabar"):
                pass


def test_locked_command_decorator(config):
    import click
    from click.testing import CliRunner

    from pipeline.locks import locked_command

    @click.command()
    @click.option("--config", "config_path")
    @click.option("--source", "sources", multiple=True)
    @locked_command(lambda params: lock_name("crawl", params.get("sources")))
    def crawl(config_path, sources):
        click.echo("crawled")

    runner = CliRunner()
    assert runner.invoke(crawl, ["--config", str(config.path), "--source", "kabar"]).output == "crawled\n"
    with hold_lock(config.database, "crawl-kabar"):
        busy = runner.invoke(crawl, ["--config", str(config.path), "--source", "kabar"])
        other = runner.invoke(crawl, ["--config", str(config.path)])
    assert busy.exit_code == LOCKED_EXIT and "job 'crawl-kabar' is already running" in busy.output
    assert (other.exit_code, other.output) == (0, "crawled\n")
    missing = runner.invoke(crawl, ["--config", str(config.path) + ".missing"])
    assert missing.output == "crawled\n"  # a config problem is the command's to report
