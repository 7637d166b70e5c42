"""Structured log lines: one per event, fixed columns, WITA times, rotated across processes."""

from __future__ import annotations

import logging
import re

from pipeline.logs import SharedRotatingFileHandler, configure, fields


def _lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def test_one_line_per_event_with_fields(config):
    path = configure(config)
    try:
        log = logging.getLogger("pipeline.crawl")
        log.warning("page skipped: %s", "http://x.test/a b", extra=fields("crawl", "kabar", "http://x.test/a b",
                                                                          "http-404"))
        log.info("two\nlines")
        try:
            raise ValueError("bad\nthing")
        except ValueError:
            log.exception("failed", extra=fields(stage="extract"))
    finally:
        configure(None)
    assert path == config.logs / "pantau.log"
    lines = _lines(path)
    assert len(lines) == 3
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00"
    assert re.fullmatch(stamp + r' WARNING pipeline\.crawl stage=crawl source=kabar url="http://x\.test/a b"'
                        r' reason=http-404 page skipped: http://x\.test/a b', lines[0])
    assert re.fullmatch(stamp + r" INFO pipeline\.crawl stage=- source=- url=- reason=- two\\nlines", lines[1])
    assert lines[2].split(" stage=")[1].startswith("extract source=- url=- reason=- failed | Traceback")
    assert lines[2].endswith("ValueError: bad\\nthing")


def test_console_is_plain_when_not_a_terminal(config, capsys):
    configure(config)
    try:
        logging.getLogger("x").info("quiet")
        logging.getLogger("x").error("loud")
    finally:
        configure(None)
    err = capsys.readouterr().err
    assert "quiet" not in err
    assert "\033[" not in err and err.endswith(" ERROR x stage=- source=- url=- reason=- loud\n")


def test_unwritable_log_folder_does_not_stop_the_job(tmp_path, capsys):
    from .support import write_config

    (tmp_path / "logs-file").write_text("a file where the log folder should be")
    config = write_config(tmp_path, logs="logs-file")
    try:
        assert configure(config) is None
    finally:
        configure(None)
    assert "cannot write log file" in capsys.readouterr().err


def test_rotation_shared_by_two_handlers_loses_nothing(tmp_path):
    """Two handlers on one file stand for two processes; every line survives rotation once."""
    path = tmp_path / "pantau.log"
    handlers = [SharedRotatingFileHandler(path, max_bytes=2000, backups=50) for _ in range(2)]
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(message)s"))
    for i in range(1000):
        handlers[i % 2].emit(logging.LogRecord("t", logging.INFO, __file__, 1, f"line {i:04d}", None, None))
    for handler in handlers:
        handler.close()
    files = sorted(tmp_path.glob("pantau.log*"))
    seen = [line for f in files if not f.name.endswith(".lock") for line in _lines(f)]
    assert sorted(seen) == [f"line {i:04d}" for i in range(1000)]
    assert len([f for f in files if not f.name.endswith(".lock")]) > 3
