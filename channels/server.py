"""`python bot.py serve`: the app under gunicorn, a production WSGI server.

The app is built once in the master (schema upgrade and first-start plan load happen once, not
per worker); each worker then drops the inherited database connections and opens its own.

With the scheduler on (the default; `serve --no-scheduler` or SERVE_SCHEDULER=0 to run it apart
with `bot.py scheduler`), every worker stands by for the scheduler lease and exactly one worker,
the holder, runs the scheduler; if it dies, another worker takes over within a minute.
"""
from __future__ import annotations

import logging

from gunicorn.app.base import BaseApplication

from config import Settings
from config.logging import configure as configure_logging, gunicorn_access_format
from channels.app import create_app
from channels.status import template_warning

log = logging.getLogger(__name__)


class _Server(BaseApplication):
    def __init__(self, app, options: dict):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def _post_fork(_server, worker) -> None:
    # Connections opened in the master must not be shared across processes.
    worker.app.application.extensions["db"].engine.dispose(close=False)


def _stand_by_for_the_scheduler(worker) -> None:
    from scheduler.service import SchedulerService

    extensions = worker.app.application.extensions
    worker.scheduler_service = SchedulerService(extensions["db"], extensions["settings"])
    worker.scheduler_service.start_in_background()


def _stop_the_scheduler(_server, worker) -> None:
    service = getattr(worker, "scheduler_service", None)
    if service is not None:
        service.stop()  # its thread gives the lease up, so another worker need not wait for it


def run(settings: Settings, *, host: str, port: int, workers: int, scheduler: bool = True) -> None:
    configure_logging()  # before the app: workers fork from this process and keep its logging
    app = create_app(settings)
    warning = template_warning(settings)
    if warning:
        log.warning("%s", warning)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "preload_app": True,
        "post_fork": _post_fork,
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": "-",
        "access_log_format": gunicorn_access_format(),
        "errorlog": "-",
    }
    if scheduler:
        options["post_worker_init"] = _stand_by_for_the_scheduler
        options["worker_exit"] = _stop_the_scheduler
    _Server(app, options).run()
