"""`make run` keeps the Werkzeug debugger (which runs any Python typed into a page) for a browser
on this machine only: served on another address, /console does not exist."""
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_command(host: str, port: int) -> str:
    """The command `make run` would serve the shop with (after migrating and loading the demo)."""
    planned = subprocess.run(["make", "-n", "-s", "run", f"HOST={host}", f"PORT={port}"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    return [line for line in planned.splitlines() if " run --host " in line][-1]


def _get(url: str) -> tuple[int, str]:
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with direct.open(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def dev_server(tmp_path):
    servers = []

    def start(host: str) -> str:
        port = _free_port()
        env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite'}"}
        server = subprocess.Popen(["bash", "-c", _run_command(host, port)], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers.append(server)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return f"http://127.0.0.1:{port}"
            except OSError:
                assert server.poll() is None, "the development server did not start"
                time.sleep(0.1)
        raise AssertionError("the development server did not open its port")

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_make_run_on_every_address_has_no_debugger(dev_server):
    status, page = _get(dev_server("0.0.0.0") + "/console")
    assert status == 404 and "Werkzeug" not in page


@pytest.mark.slow
def test_make_run_on_this_machine_keeps_the_debugger(dev_server):
    status, page = _get(dev_server("127.0.0.1") + "/console")
    assert status == 200 and "Interactive Console" in page
