"""A real Celery worker process for the fault tests (run as `python tests/faults/worker.py`).

It runs on the test's clock (FAULT_CLOCK_OFFSET seconds from the real one:
the test process travels to TEST_TODAY, and leases, pulses and claims
compare times written by both), and FAULT_SLOW_RENDER seconds are spent before each PDF render,
so a test can kill the worker in the middle of one. Everything else is the
worker as deployed: the app's settings from the environment, Redis, PostgreSQL.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main():
    offset = os.environ.get("FAULT_CLOCK_OFFSET")
    if offset:
        import time_machine

        time_machine.travel(time.time() + float(offset), tick=True).start()
    import django

    django.setup()
    slow = float(os.environ.get("FAULT_SLOW_RENDER", "0"))
    if slow:
        from rapporter import services

        render = services.document_pdf

        def slow_render(*args, **kwargs):
            time.sleep(slow)
            return render(*args, **kwargs)

        services.document_pdf = slow_render
    from uppfoljning.celery import app

    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--hostname",
            os.environ.get("FAULT_WORKER_NAME", "fault@%h"),
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ]
    )


if __name__ == "__main__":
    main()
