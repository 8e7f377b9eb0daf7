"""`python bot.py serve`: the app under gunicorn, a production WSGI server.

The app is built once in the master (schema upgrade and first-start plan load happen once, not
per worker); each worker then drops the inherited database connections and opens its own.
"""
from __future__ import annotations

from gunicorn.app.base import BaseApplication

from config import Settings
from channels.app import create_app


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


def run(settings: Settings, *, host: str, port: int, workers: int) -> None:
    app = create_app(settings)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "preload_app": True,
        "post_fork": _post_fork,
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
    }
    _Server(app, options).run()
