"""The webhook under load: `serve` with 2 gunicorn workers, against the floor of the protocol.

    .venv/bin/python -m bench.webhook            # ~4 minutes; PostgreSQL too when TEST_POSTGRES_URL is set
    .venv/bin/python -m bench.webhook --quick    # ~1 minute smoke run

A loopback load generator (bench/_load.py) posts signed text messages from 200 residents — policy
questions, 帮助 and WeChat retries of a MsgId already sent — at rising rates and then unthrottled,
first in plaintext mode, then in safe mode (encrypt_type=aes), to `bot.py serve --workers 2
--no-scheduler` on a fresh SQLite database (and a fresh PostgreSQL one). Baseline, measured in the
same run: a minimal Flask + wechatpy echo app (bench/_echo_app.py) under the same gunicorn
settings, each rate run on it right after ours — what the protocol itself costs — and the same echo
app storing each delivery under a unique key before replying (one committed INSERT … ON CONFLICT on
the same kind of database): what deduplicating retries across workers costs at the least. Prints
throughput, p50/p99/max latency and errors per rate, the ratios ours/echo and ours/store, and each
worker's RSS before, half-way
and after 10 000 messages from new residents (on PostgreSQL when it is benched, else SQLite).
Targets (printed, not asserted): zero errors, p99 far inside WeChat's 5 s at the highest sustained
rate, our unthrottled throughput ≥ 70 % of the echo's.

The load generator shares the machine's CPUs with the server: the figures are a floor for a
server that has its host to itself.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from bench._load import Figures, Traffic, check, send
from tests.wechat_side import AES_KEY, APP_ID, TOKEN

ROOT = Path(__file__).resolve().parent.parent
NOW = "2020-05-25T09:00+08:00"
RESIDENTS = [f"oBenchResident{n:014d}" for n in range(200)]  # 28 characters, like a real openid
PACED_CONNECTIONS, FLAT_OUT_CONNECTIONS = 32, 8
FLAT_OUT_CEILING = 2500  # msg/s: deliveries built for an unthrottled run, more than any server here takes
TARGET_RATIO, WECHAT_BUDGET_MS = 0.70, 5000


class Served:
    """A gunicorn master on a free loopback port, its output in a file."""

    def __init__(self, name: str, argv: list[str], env: dict, logs: Path):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.name, self.log = name, logs / f"{name}.log"
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        with self.log.open("w") as out:
            self.process = subprocess.Popen(argv, cwd=ROOT, env={**os.environ, **env}, stdout=out,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120  # ours upgrades the schema and loads the plan first
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2).read()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start:\n{self.log.read_text()[-3000:]}")
                time.sleep(0.2)

    def workers(self) -> list[int]:
        """The master's children, read from /proc."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return sorted(found)

    def rss_mib(self) -> dict[int, float]:
        sizes = {}
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1]) / 1024
        return sizes

    def problems(self) -> int:
        """Tracebacks and worker timeouts in the server's log."""
        output = self.log.read_text(errors="replace")
        return output.count("Traceback") + output.count("WORKER TIMEOUT")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


GUNICORN = ["--workers", "2", "--bind", "127.0.0.1:{port}", "--preload", "--timeout", "30",
            "--graceful-timeout", "10", "--access-logfile", "-", "--error-logfile", "-"]  # as channels/server.py
WECHAT_ENV = {"WECHAT_TOKEN": TOKEN, "WECHAT_APP_ID": APP_ID, "WECHAT_AES_KEY": AES_KEY}


def serve_ours(database_url: str, logs: Path, name: str) -> Served:
    # BOT_NOW stands still, so every message a resident ever sends falls in the rate limit's minute:
    # a limit nobody reaches keeps its per-message count query without refusing the load.
    env = {**WECHAT_ENV, "DATABASE_URL": database_url, "BOT_NOW": NOW, "RATE_LIMIT_PER_MINUTE": "1000000"}
    return Served(name, [sys.executable, "bot.py", "serve", "--port", "{port}", "--workers", "2",
                         "--no-scheduler"], env, logs)


def serve_echo(logs: Path, name: str = "echo", database_url: str = "") -> Served:
    env = {**WECHAT_ENV, "ECHO_DATABASE_URL": database_url}
    return Served(name, [sys.executable, "-m", "gunicorn", *GUNICORN, "bench._echo_app:app"], env, logs)


@contextmanager
def postgres_database(admin_url: str):
    """A fresh database on the server at `admin_url`, dropped afterwards (as tests/conftest.py)."""
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Bench:
    def __init__(self, quick: bool):
        self.quick = quick
        self.rates: tuple[float | None, ...] = (50, 200, None) if quick else (25, 50, 100, 200, None)
        self.seconds = 2.0 if quick else 2.5
        self.memory_messages = 2_000 if quick else 10_000
        self.traffic = Traffic(token=TOKEN, app_id=APP_ID, aes_key=AES_KEY,
                               timestamp=int(datetime.fromisoformat(NOW).timestamp()))

    def sweep(self, servers: list[Served], encrypted: bool) -> list[dict]:
        """Each rate on ours, then on each floor right after: all see the machine alike."""
        figures: list[dict] = [{} for _ in servers]
        for server in servers:
            self.run(server, RESIDENTS, 200, None, encrypted)  # warm-up: first contact, caches filled
        for rate in self.rates:
            count = int((rate or FLAT_OUT_CEILING) * self.seconds)
            for server, found in zip(servers, figures):
                found[rate] = self.run(server, RESIDENTS, count, rate, encrypted, seconds=None if rate else self.seconds)
        return figures

    def run(self, server: Served, openids: list[str], count: int, rate: float | None, encrypted: bool,
            seconds: float | None = None) -> Figures:
        deliveries = self.traffic.batch(openids, count, encrypted=encrypted)
        results, elapsed = send(server.port, deliveries, rate=rate, seconds=seconds,
                                connections=PACED_CONNECTIONS if rate else FLAT_OUT_CONNECTIONS)
        return check(results, elapsed, self.traffic.crypto)

    def memory(self, server: Served) -> list[tuple[str, dict[int, float]]]:
        """RSS of each worker before, half-way and after `memory_messages` from new residents (5 each)."""
        newcomers = [f"oBenchNewcomer{n:014d}" for n in range(self.memory_messages // 5)]
        half = len(newcomers) // 2
        readings = [("before", server.rss_mib())]
        for label, openids in (("half-way", newcomers[:half]), ("after", newcomers[half:])):
            figures = self.run(server, openids, self.memory_messages // 2, None, False)
            readings.append((f"{label} ({figures.throughput:.0f} msg/s, errors {figures.describe_errors()})",
                             server.rss_mib()))
        return readings


def rate_name(rate: float | None) -> str:
    return f"{rate:g}/s" if rate else "unthrottled"


def print_sweep(title: str, ours: dict, echo: dict, store: dict) -> None:
    print(f"\n{title}")
    print(f"{'offered':>12} {'sent':>6} {'msg/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}   "
          f"{'echo msg/s':>10} {'p50':>6} {'p99':>7}  {'ours/echo':>9}   {'store msg/s':>11} {'ours/store':>10}   "
          f"errors (ours; echo; store)")
    for rate, figures in ours.items():
        floor, stored = echo[rate], store[rate]
        print(f"{rate_name(rate):>12} {figures.sent:6d} {figures.throughput:7.0f} {figures.ms(0.5):8.1f} "
              f"{figures.ms(0.99):8.1f} {figures.max_ms:8.1f}   {floor.throughput:10.0f} {floor.ms(0.5):6.1f} "
              f"{floor.ms(0.99):7.1f}  {figures.throughput / floor.throughput:9.2f}   {stored.throughput:11.0f} "
              f"{figures.throughput / stored.throughput:10.2f}   "
              f"{figures.describe_errors()}; {floor.describe_errors()}; {stored.describe_errors()}")
    flat = ours[None]
    kinds = ", ".join(f"{kind} {sorted(l)[len(l) // 2] * 1e3:.1f}" for kind, l in sorted(flat.by_kind.items()))
    print(f"{'':>12} unthrottled p50 by message kind (ms): {kinds}")


def verdict(title: str, ours: dict, echo: dict, store: dict) -> str:
    errors = sum(sum(f.errors.values()) for f in ours.values())
    sustained = [r for r, f in ours.items() if r and not f.errors and f.throughput >= 0.95 * r]
    top = max(sustained, default=None)
    p99 = f"p99 {ours[top].ms(0.99):.0f} ms at {rate_name(top)}" if top else "no rate sustained"
    ratio = ours[None].throughput / echo[None].throughput
    marks = ("✓" if not errors else "✗", "✓" if top and ours[top].ms(0.99) < WECHAT_BUDGET_MS / 5 else "✗",
             "✓" if ratio >= TARGET_RATIO else "✗")
    return (f"{title:<28} errors {errors} {marks[0]} | highest sustained {p99} (target ≪ 5000) {marks[1]} | "
            f"unthrottled {ours[None].throughput:.0f} vs echo {echo[None].throughput:.0f} msg/s = "
            f"{ratio:.0%} (target ≥ {TARGET_RATIO:.0%}) {marks[2]} | vs echo + dedupe insert "
            f"{store[None].throughput:.0f} msg/s = {ours[None].throughput / store[None].throughput:.0%}")


def bench_backend(bench: Bench, name: str, database_url: str, store_url: str, logs: Path, verdicts: list, *,
                  memory: bool) -> None:
    server, echo = serve_ours(database_url, logs, f"ours-{name}"), serve_echo(logs)
    store = serve_echo(logs, f"store-{name}", store_url)
    try:
        for encrypted in (False, True):
            mode = "safe mode (AES)" if encrypted else "plaintext"
            ours, floor, stored = bench.sweep([server, echo, store], encrypted)
            print_sweep(f"ours on {name}, {mode}: 2 workers, {len(RESIDENTS)} residents, "
                        f"{bench.seconds:g} s per rate", ours, floor, stored)
            verdicts.append(verdict(f"{name}, {mode}", ours, floor, stored))
        if memory:
            print_memory(name, bench, bench.memory(server))
        if server.problems():
            print(f"  server log {server.log}: {server.problems()} tracebacks / worker timeouts")
    finally:
        for served in (server, echo, store):
            served.stop()


def print_memory(name: str, bench: Bench, readings: list[tuple[str, dict[int, float]]]) -> None:
    print(f"\nworker RSS on {name}, {bench.memory_messages} plaintext messages from "
          f"{bench.memory_messages // 5} new residents (MiB):")
    for label, sizes in readings:
        print(f"  {label:<58} " + "  ".join(f"pid {pid}: {mib:6.1f}" for pid, mib in sorted(sizes.items())))
    first, half, last = (sizes for _label, sizes in readings)
    print(f"  growth: {', '.join(f'{last[p] - first[p]:+.1f}' for p in first if p in last)} MiB in all; "
          f"second half {', '.join(f'{last[p] - half[p]:+.1f}' for p in half if p in last)} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a ~1 minute smoke run")
    options = parser.parse_args()
    bench = Bench(options.quick)
    started = time.monotonic()
    admin_url = os.environ.get("TEST_POSTGRES_URL")
    verdicts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-webhook-") as tmp:
        logs = Path(tmp)
        # Worker memory on the production database: PostgreSQL when there is one.
        bench_backend(bench, "sqlite", f"sqlite:///{logs / 'bench.sqlite3'}", f"sqlite:///{logs / 'store.sqlite3'}",
                      logs, verdicts, memory=not admin_url)
        if admin_url:
            with postgres_database(admin_url) as database_url:  # the store floor's table beside ours
                bench_backend(bench, "postgresql", database_url, database_url, logs, verdicts, memory=True)
        else:
            print("\nPostgreSQL skipped: set TEST_POSTGRES_URL to bench it too.")
    print(f"\ntargets ({time.monotonic() - started:.0f} s in all):")
    for line in verdicts:
        print("  " + line)


if __name__ == "__main__":
    main()
