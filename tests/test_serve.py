"""`python bot.py serve` is a real gunicorn with several workers on the configured database."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

def get(url: str, deadline: float) -> dict:
    while True:
        try:
            request = urllib.request.Request(url, headers={"Accept": "application/json"})
            with urllib.request.urlopen(request, timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)

def test_serve_runs_gunicorn_workers_on_the_database(database_url):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "BOT_NOW": "2020-05-25T09:00+08:00"}
    server = subprocess.Popen(
        [sys.executable, "bot.py", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        answers = [get(f"http://127.0.0.1:{port}/", time.monotonic() + 30) for _ in range(6)]
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Starting gunicorn" in output and output.count("Booting worker") == 2
    assert all(a["plans"][0]["tasks"] == 15 and a["now"] == "2020-05-25T09:00:00+08:00" for a in answers)
    assert answers[0]["plans"][0]["county"] == "丰宁满族自治县"  # Chinese kept readable
    assert server.returncode == 0, output[-2000:]
