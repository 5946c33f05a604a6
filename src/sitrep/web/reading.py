"""Reading POSTed pages in worker processes, with a timeout, never on the server's own threads.

Parsing a hostile page can hold the GIL for seconds (lxml, resiliparse and
`re` do their work in C without releasing it), so a thread would freeze every
other request. `ReadPool` runs the reader in a small process pool instead:
the server's thread only waits for the result, and a page that takes longer
than the timeout (SITREP_READ_TIMEOUT_S) is stopped by ending its worker
process (a fresh one takes its place) and answered with 504.

The workers are forked from a forkserver that has imported the pipeline
once (a clean, single-threaded parent), so they start fast; a reader other
than `pipeline.read_page` (tests) is forked from the server process itself,
since it may not be importable by name.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from sitrep.ingest import Reader
from sitrep.model import PageResult, RawPage
from sitrep.pipeline import read_page


class ReadTimeout(Exception):
    """Reading a page took longer than the timeout; its worker was stopped."""


class ReadFailed(Exception):
    """The worker reading a page died (killed, out of memory)."""


class ReadPool:
    """A callable Reader that reads each page in a worker process, within `timeout_s`."""

    def __init__(self, reader: Reader = read_page, workers: int = 1, timeout_s: float = 60.0) -> None:
        self.reader, self.workers, self.timeout_s = reader, workers, timeout_s
        self.context = _context(reader)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def __call__(self, raw: RawPage) -> PageResult:
        executor, future = self._submit(raw)
        try:
            return future.result(timeout=self.timeout_s)
        except FutureTimeout:
            self._restart(executor)
            raise ReadTimeout(f"reading the page took over {self.timeout_s:g} s "
                              f"(limit SITREP_READ_TIMEOUT_S) and was stopped") from None
        except BrokenProcessPool:
            self._restart(executor)
            raise ReadFailed("the process reading the page died (out of memory?); try again") from None

    def close(self) -> None:
        """Stop the workers: at once if one is busy (a page it is stuck on), else let them finish."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is None:
            return
        if any(process.is_alive() for process in getattr(executor, "_processes", {}).values()) and \
                getattr(executor, "_pending_work_items", None):
            _stop(executor)
        executor.shutdown(wait=True, cancel_futures=True)

    def _submit(self, raw: RawPage) -> tuple[ProcessPoolExecutor, Future[PageResult]]:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(self.workers, mp_context=self.context)
            return self._executor, self._executor.submit(self.reader, raw)

    def _restart(self, executor: ProcessPoolExecutor) -> None:
        """End the workers (one of them is stuck on a page); the next page starts new ones."""
        with self._lock:
            if self._executor is executor:
                self._executor = None
        _stop(executor)


def _context(reader: Reader) -> multiprocessing.context.BaseContext:
    if reader is not read_page:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sitrep.pipeline"])
    return context


def _stop(executor: ProcessPoolExecutor) -> None:
    # The executor has no way to stop a running task; its worker processes are ended by hand.
    processes = list(getattr(executor, "_processes", {}).values())
    for process in processes:
        if process.is_alive():
            process.kill()
    executor.shutdown(wait=False, cancel_futures=True)
