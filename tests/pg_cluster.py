"""A throwaway PostgreSQL cluster a test may stop and start, apart from the shared test server.

Built on dev.py's helpers (the binaries under /usr/lib/postgresql, initdb as the `postgres` user
when run as root); `Cluster.create()` is None where the server binaries are not installed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from dev import as_postgres_user, free_port, postgres_bin


class Cluster:
    def __init__(self, initdb: str, pg_ctl: str):
        self.pg_ctl = pg_ctl
        self.home = Path(tempfile.mkdtemp(prefix="minzheng-pg-fault-"))
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres", "postgres")
        self.data, self.port = self.home / "db", free_port()
        subprocess.run(as_postgres_user([initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust",
                                         "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, stdout=subprocess.DEVNULL)

    @classmethod
    def create(cls) -> "Cluster | None":
        initdb, pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")
        return cls(initdb, pg_ctl) if initdb and pg_ctl else None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off")
        self._ctl("-o", options, "-l", str(self.home / "server.log"), "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.home, ignore_errors=True)

    def _ctl(self, *args: str) -> None:
        subprocess.run(as_postgres_user([self.pg_ctl, "-D", str(self.data), "-w", *args]),
                       check=True, stdout=subprocess.DEVNULL)
