"""`sitrep serve`: starts uvicorn on loopback over a database, and refuses bad settings."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

SITREP = [sys.executable, "-m", "sitrep"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_on_loopback(tmp_path: Path, build_database: Callable[[Path], str]) -> None:
    url = build_database(tmp_path / "sitrep.db")
    port = free_port()
    server = subprocess.Popen([*SITREP, "serve", "--db", url, "--port", str(port), "--token", "t0k"],
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        response = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/events", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert response is not None and response.status_code == 200
        assert len(response.json()["items"]) >= 8
        refused = httpx.post(f"http://127.0.0.1:{port}/api/pages", json={"text": "x"}, timeout=5)
        assert refused.status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_token_read_needs_a_token(tmp_path: Path) -> None:
    done = subprocess.run([*SITREP, "serve", "--db", str(tmp_path / "x.db"), "--token-read"],
                          capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 2
    assert "--token-read needs --token" in done.stderr


def test_a_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    done = subprocess.run([*SITREP, "serve", "--db", str(tmp_path / "nowhere" / "x.db")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr


def test_a_token_file_that_cannot_be_read_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    for name, said in (("missing", "No such file"), ("empty", "the file is empty")):
        done = subprocess.run([*SITREP, "serve", "--db", str(tmp_path / "x.db"), "--token-file",
                               str(tmp_path / name)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr


def test_a_token_file_gives_its_first_line_and_a_shared_one_is_warned_of(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from sitrep.web.serve import read_token_file

    secret = tmp_path / "token"
    secret.write_text("s3cret\nignored\n", encoding="utf-8")
    for mode, warned in ((0o600, False), (0o644, True)):
        secret.chmod(mode)
        said = io.StringIO()
        assert read_token_file(str(secret), Console(file=said, width=500)) == "s3cret"
        assert ("other users may read it" in said.getvalue()) is warned
