"""A stand-in worker for scheduler tests: records start/end (and a graceful stop) in a file.

    python worker.py FILE SECONDS [--graceful]

Writes ``start <pid> <time>``, sleeps, writes ``end <pid> <time>``. With ``--graceful`` a SIGINT
writes ``checkpoint <pid>`` and exits 0 at once, as Scrapy's graceful shutdown would.
"""

import os
import signal
import sys
import time


def note(path: str, text: str) -> None:
    with open(path, "a") as handle:
        handle.write(f"{text} {os.getpid()} {time.time():.3f}\n")


def main() -> None:
    path, seconds = sys.argv[1], float(sys.argv[2])
    if "--graceful" in sys.argv:
        def stop(signum, frame):
            note(path, "checkpoint")
            sys.exit(0)
        signal.signal(signal.SIGINT, stop)
    note(path, "start")
    time.sleep(seconds)
    note(path, "end")


if __name__ == "__main__":
    main()
