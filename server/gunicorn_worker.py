"""The gunicorn worker of `kg serve`: gunicorn's gthread worker with an ordered stop.

How a stop goes (SIGTERM: graceful; SIGINT or SIGQUIT: at once; Ctrl-C in a terminal sends SIGINT
to the whole process group, the arbiter then adds SIGQUIT):

1. The worker stops accepting connections (gthread's loop ends). On SIGTERM, requests in flight get
   REQUEST_GRACE seconds to finish; on SIGINT / SIGQUIT none.
2. ``close_app``: requests not yet started are dropped, then the store is closed: the query pool
   takes no more jobs and kills its query worker processes, so a request still waiting on one is
   answered (503) and its thread ends.
3. The interpreter exits normally, its request threads already done, before the arbiter's
   graceful_timeout (REQUEST_GRACE + STOP_MARGIN) runs out and it would send SIGKILL.
"""

from __future__ import annotations

import sys

from gunicorn.workers.gthread import ThreadWorker

REQUEST_GRACE = 5  # seconds requests in flight may still take after SIGTERM
STOP_MARGIN = 3  # seconds more the arbiter waits for the worker's exit before it sends SIGKILL


class Worker(ThreadWorker):
    stopping = False

    def init_process(self):
        # This process's copy of the settings: the arbiter keeps REQUEST_GRACE + STOP_MARGIN.
        self.cfg.set("graceful_timeout", REQUEST_GRACE)
        super().init_process()

    def run(self):
        try:
            super().run()
        finally:  # also when handle_quit's SystemExit comes through
            self.close_app()

    def close_app(self) -> None:
        self.stopping = True  # a further signal must not interrupt this
        self.alive = False
        self.tpool.shutdown(wait=False, cancel_futures=True)
        state = getattr(getattr(self, "wsgi", None), "extensions", {}).get("kg")
        if state is not None:
            state.store.close()

    def handle_exit(self, sig, frame):
        if not self.stopping:
            super().handle_exit(sig, frame)

    def handle_quit(self, sig, frame):
        # Not gthread's handle_quit: it shuts the thread pool down here, in the signal handler,
        # which takes the pool's lock; when the signal lands while the main thread is in
        # tpool.submit (which holds that lock), the worker deadlocks and the arbiter SIGKILLs it.
        # Nothing here takes a lock: run's finally does the rest outside the signal handler.
        if self.stopping:
            return
        self.stopping = True
        self.alive = False
        self.cfg.worker_int(self)
        sys.exit(0)
