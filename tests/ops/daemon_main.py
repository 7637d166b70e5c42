"""Run the real ``Daemon`` with test jobs on second-scale intervals (for process-level tests).

    python daemon_main.py CONFIG JOBS_JSON STOP_TIMEOUT

JOBS_JSON: [{"id", "kind", "seconds", "commands": [[argv...]], "first_run_in": seconds or null}]
"""

import json
import sys
import threading
from datetime import datetime, timedelta

from apscheduler.triggers.interval import IntervalTrigger

from pipeline.config import load_config
from pipeline.logs import configure
from pipeline.scheduler import Daemon, JobSpec
from pipeline.store import Store


def main() -> None:
    config = load_config(sys.argv[1])
    configure(config)
    now = datetime.now(config.tz)
    specs = [
        JobSpec(id=job["id"], kind=job["kind"], source=job.get("source"),
                trigger=IntervalTrigger(seconds=job["seconds"], timezone=config.tz),
                commands=tuple(tuple(argv) for argv in job["commands"]),
                first_run=None if job.get("first_run_in") is None
                else now + timedelta(seconds=job["first_run_in"]))
        for job in json.loads(sys.argv[2])
    ]
    daemon = Daemon(config, Store.from_config(config), specs, stop_timeout=float(sys.argv[3]))
    threading.Thread(target=lambda: daemon.ready.wait() and print("serving", flush=True), daemon=True).start()
    sys.exit(daemon.serve())


if __name__ == "__main__":
    main()
