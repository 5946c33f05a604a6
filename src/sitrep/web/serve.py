"""`sitrep serve`: check the options, open the database once, run uvicorn.

The app is built by `app_from_env` (uvicorn's factory), so that several
worker processes each build their own from the same settings.
"""

from __future__ import annotations

import os
import stat

import uvicorn
from rich.console import Console

from sitrep.store.db import StoreError, database_url, open_database


def read_token_file(path: str, err: Console) -> str | None:
    """The token in the first line of a file, or None (with one line said) when it cannot be read.

    Warns when other users may read the file (a token is a secret).
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)  # a token is short; /dev/zero must not fill memory
            mode = os.fstat(handle.fileno()).st_mode
        shared = stat.S_ISREG(mode) and bool(mode & 0o077)
        lines = head.decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        err.print(f"[red]error[/red]: --token-file {path}: {getattr(error, 'strerror', None) or error}",
                  markup=True, highlight=False)
        return None
    token = lines[0].strip() if lines else ""
    if not token:
        err.print(f"[red]error[/red]: --token-file {path}: the file is empty", markup=True, highlight=False)
        return None
    if shared:
        err.print(f"[yellow]warning[/yellow]: --token-file {path}: other users may read it (chmod 600)",
                  markup=True, highlight=False)
    return token


def run_server(db: str | None, host: str, port: int, token: str | None, token_read: bool,
               workers: int, err: Console) -> int:
    """Serve until interrupted; returns the exit code (2 for a bad setting)."""
    if token_read and not token:
        err.print("[red]error[/red]: --token-read needs --token (or SITREP_TOKEN)")
        return 2
    try:
        open_database(db).close()  # migrate once, and fail here with a clear message
    except StoreError as error:
        err.print(f"[red]error[/red]: {error}", markup=True, highlight=False)
        return 1
    os.environ["SITREP_DB"] = database_url(db).render_as_string(hide_password=False)
    os.environ["SITREP_TOKEN"] = token or ""
    os.environ["SITREP_TOKEN_READ"] = "1" if token_read else ""
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    writes = "POST /api/pages needs the bearer token" if token else "writes disabled (no --token)"
    err.print(f"Sitrep on {where} · {writes}", highlight=False)
    uvicorn.run("sitrep.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")
    return 0
