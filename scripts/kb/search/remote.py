"""The search index made beside the build, in a second process (``kb.search.worker``): this
module is the build's side, the worker's own is ``worker.py``.

Cutting every page into sections, reading jieba's dictionary and segmenting every section's
text was a fifth of a build, all on one core while the machine has at least two.  A one-off
build (``build.py``, ``mkdocs build``) therefore sends each page's content HTML, as MkDocs
finishes it, to this process, which does the search half while MkDocs renders the next pages,
and writes ``search/index.js`` when the build asks.  The index is the same bytes as one made
in the build's own process (``tests/test_search_index.py`` compares both).

The live preview keeps the work in its own process: its rebuilds reuse what the last one
parsed and segmented (``kb.session.Preview``), which a fresh process would not have.  Where a
second process cannot be started, or with ``KB_SEARCH_WORKER=off``, the build does it itself.

Messages are pickled tuples on the worker's stdin: ``("early", content)`` as MkDocs converts
each page (the worker parses and segments it while MkDocs goes on), ``("page", *Collector.add
arguments)`` for each page written (``("known", n, url, title, …)`` when its content is the n-th
sent early), then ``("write", site_dir)``, answered on its stdout with ``("ok", path)`` or ``("error",
traceback)``.  A page is queued and written by a thread, so MkDocs never waits for the pipe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2]  # the folder that holds kb/


def wanted() -> bool:
    return os.environ.get("KB_SEARCH_WORKER", "").lower() not in ("off", "0", "no")


def _digest(html: str) -> bytes:
    return hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class WorkerError(RuntimeError):
    """The worker failed: its traceback, or how it ended."""


class RemoteCollector:
    """``index.Collector``'s ``add`` and ``write``, done by a worker process."""

    def __init__(self, docs: Path, quizzes: Path | None) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SCRIPTS), os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kb.search.worker", str(docs), str(quizzes or "")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self.added = 0  # pages sent
        self._early: dict[bytes, int] = {}  # digest of content sent early -> its number
        self._sent_early = 0
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._failed: BaseException | None = None
        self._sender = threading.Thread(target=self._send_all, daemon=True)
        self._sender.start()

    def _send_all(self) -> None:
        while True:
            message = self._queue.get()
            if message is None:
                return
            try:
                pickle.dump(message, self.proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self.proc.stdin.flush()  # now: the worker parses this page while MkDocs renders the next
            except (OSError, ValueError) as e:  # the worker ended: said when the build asks for the index
                self._failed = e
                return

    def early(self, html: str) -> None:
        self._early[_digest(html)] = self._sent_early
        self._sent_early += 1
        self._queue.put(("early", html))

    def add(self, url: str, title: str, html: str, *rest) -> None:
        self.added += 1
        # A page whose content the worker has already (nearly all: only the handbook changes
        # after conversion) is named by its number, not sent again: half the bytes through the
        # pipe, and nothing here holds a page's HTML (a bank page's is made twice, for the
        # worker when converted and for the page when written: dispatch.insert_quiz).
        n = self._early.pop(_digest(html), None)
        if n is not None:
            self._queue.put(("known", n, url, title, *rest))
        else:
            self._queue.put(("page", url, title, html, *rest))

    def write(self, site_dir: str | Path) -> Path:
        self._queue.put(("write", str(site_dir)))
        self._queue.put(None)
        self._sender.join()
        try:
            reply = pickle.load(self.proc.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as e:
            self.close()
            raise WorkerError(f"the search index worker ended (exit code {self.proc.returncode}): {e!r}") from None
        self.close()
        if reply[0] != "ok":
            raise WorkerError(f"the search index worker failed:\n{reply[1]}")
        return Path(reply[1])

    def close(self) -> None:
        """End the worker (a build that stopped half-way never asks for the index)."""
        if self.proc.poll() is None:
            self._queue.put(None)
            self._sender.join(timeout=10)
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
