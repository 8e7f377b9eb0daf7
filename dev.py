#!/usr/bin/env python3
"""The two commands of the README, with nothing but Python 3.11 needed beforehand:

    python3 dev.py run    install into .venv, then serve on SQLite with the bundled plan
    python3 dev.py test   install into .venv, then run every test on SQLite and on PostgreSQL

`test` starts a throwaway PostgreSQL 15 cluster on a free loopback port when the server binaries
are on the machine (as the `postgres` user when run as root) and stops it afterwards. Where they
are missing the PostgreSQL half is skipped, except under CI (CI=true), where that is an error.
Likewise the browser tests (tests/browser) need Debian's chromium at /usr/bin/chromium.
Extra arguments after `test` go to pytest; after `run`, to `bot.py serve`.
"""
from __future__ import annotations

import glob
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import venv
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
REQUIREMENTS = ROOT / "requirements-dev.txt"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")  # what tests/browser drives


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def ensure_venv() -> None:
    """Create .venv and install the pinned requirements; skipped when nothing changed."""
    wanted = hashlib.sha256(
        b"".join(p.read_bytes() for p in sorted(ROOT.glob("requirements*.txt")))
    ).hexdigest()
    stamp = VENV / ".requirements-sha256"
    if stamp.exists() and stamp.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        say("创建虚拟环境 .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say("安装依赖(requirements-dev.txt)")
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(wanted)


def postgres_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres_user(command: list[str]) -> list[str]:
    # initdb refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def throwaway_postgres():
    """Yield a SQLAlchemy URL of a fresh cluster on 127.0.0.1, or None where there is none."""
    initdb, pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")
    if not (initdb and pg_ctl):
        yield None
        return
    data = Path(tempfile.mkdtemp(prefix="minzheng-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    port = free_port()
    log = data / "server.log"
    try:
        subprocess.run(as_postgres_user([initdb, "-D", str(data / "db"), "-U", "postgres",
                                         "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, stdout=subprocess.DEVNULL)
        options = (f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run(as_postgres_user([pg_ctl, "-D", str(data / "db"), "-o", options,
                                         "-l", str(log), "-w", "-t", "60", "start"]),
                       check=True, stdout=subprocess.DEVNULL)
        say(f"PostgreSQL 已在 127.0.0.1:{port} 启动(临时目录 {data})")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if (data / "db" / "postmaster.pid").exists():
            subprocess.run(as_postgres_user([pg_ctl, "-D", str(data / "db"), "-m", "fast", "-w",
                                             "stop"]), stdout=subprocess.DEVNULL)
            say("PostgreSQL 已停止")
        shutil.rmtree(data, ignore_errors=True)


def run_tests(pytest_args: list[str]) -> int:
    env = dict(os.environ)
    with throwaway_postgres() as postgres_url:
        if postgres_url:
            env["TEST_POSTGRES_URL"] = postgres_url
        elif env.get("CI") == "true":
            say("错误:CI 中必须在 PostgreSQL 上运行测试,但找不到 initdb/pg_ctl")
            return 1
        else:
            say("未找到 PostgreSQL 服务器程序:只在 SQLite 上测试")
        if not os.access(CHROMIUM, os.X_OK):
            if env.get("CI") == "true":
                say(f"错误:CI 中必须运行浏览器测试,但找不到 {CHROMIUM}")
                return 1
            say(f"未找到 {CHROMIUM}:跳过浏览器测试(apt-get install chromium chromium-driver)")
        return subprocess.run([str(PYTHON), "-m", "pytest", *pytest_args], cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "install"):
        print(__doc__)
        return 2
    ensure_venv()
    if argv[0] == "test":
        return run_tests(argv[1:])
    if argv[0] == "run":
        return subprocess.run([str(PYTHON), str(ROOT / "bot.py"), "serve", *argv[1:]], cwd=ROOT).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
