"""A loopback "network printer": a TCP server on 127.0.0.1 that behaves like an ESC/POS printer.

It records the bytes of every connection and answers the real-time status queries ``DLE EOT n``
(n = 1..4) with configurable status bytes, as Epson-compatible printers do on port 9100.

Modes:

- ``normal``: reads everything until the client closes, answering status queries on the way
  (ok, paper low/out, cover open, offline: :meth:`FakeNetworkPrinter.set_status`, also "from
  byte N of a connection on" to fake a fault in the middle of a job);
- ``silent``: accepts connections but never reads or answers, like a hung printer. Its receive
  buffer is made small (a printer's input buffer is a few KB), so a client that sends a ticket
  sees the data stop flowing instead of disappearing into a megabyte of kernel buffer; give
  ``silent_rcvbuf`` a large value for a printer that never reads but whose kernel buffer takes
  a whole ticket (issue 12);
- ``stalled``: answers the status queries of a connection's first read, then never reads again
  (a printer that hung after saying "ok"): the kernel buffer takes the job's bytes.

:func:`closed_port` gives a port on which nothing listens, for "connection refused".
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Connection", "FakeNetworkPrinter", "closed_port", "status_bytes"]

Mode = Literal["normal", "silent", "stalled"]
Paper = Literal["ok", "low", "out"]

DLE_EOT = b"\x10\x04"


def status_bytes(
    online: bool = True, paper: Paper = "ok", cover_open: bool = False
) -> dict[int, int]:
    """Epson real-time status bytes for DLE EOT 1..4 (bits 1 and 4 always set)."""
    base = 0x12
    out_of_paper = paper == "out"
    offline = (not online) or out_of_paper or cover_open
    return {
        1: base | (0x08 if offline else 0),
        2: base | (0x04 if cover_open else 0) | (0x20 if out_of_paper else 0),
        3: base,
        4: base | (0x0C if paper in ("low", "out") else 0) | (0x60 if out_of_paper else 0),
    }


@dataclass
class Connection:
    """What one client connection delivered."""

    peer: tuple[str, int]
    data: bytearray = field(default_factory=bytearray)
    queries: list[int] = field(default_factory=list)
    closed: threading.Event = field(default_factory=threading.Event)

    def job_bytes(self, prefix: bytes = b"") -> bytes:
        """The received bytes without a leading ``prefix`` (e.g. the client's status query)."""
        raw = bytes(self.data)
        return raw[len(prefix) :] if prefix and raw.startswith(prefix) else raw


class FakeNetworkPrinter:
    """Context manager running the fake printer in daemon threads."""

    def __init__(
        self,
        mode: Mode = "normal",
        *,
        online: bool = True,
        paper: Paper = "ok",
        cover_open: bool = False,
        silent_rcvbuf: int = 2048,
    ) -> None:
        """Configure; call :meth:`start` (or use ``with``) to listen."""
        self.mode: Mode = mode
        self.status = status_bytes(online, paper, cover_open)
        #: (N, status): a connection that has received more than N bytes answers ``status``.
        self.fault_after: tuple[int, dict[int, int]] | None = None
        self.connections: list[Connection] = []
        self._silent_rcvbuf = silent_rcvbuf
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.host = "127.0.0.1"
        self.port = 0

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> FakeNetworkPrinter:
        """Bind to 127.0.0.1 on a free port and start accepting."""
        lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if self.mode == "silent":
            # Inherited by accepted sockets; must be set before listen() to shape the window.
            lst.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self._silent_rcvbuf)
        lst.bind((self.host, 0))
        lst.listen(8)
        lst.settimeout(0.05)
        self._listener = lst
        self.port = lst.getsockname()[1]
        self._spawn(self._accept_loop)
        return self

    def stop(self) -> None:
        """Stop accepting, close every socket and join the threads."""
        self._stop.set()
        with self._lock:
            socks = list(self._sockets)
        for s in socks:
            with contextlib.suppress(OSError):
                s.close()
        if self._listener is not None:
            self._listener.close()
        for t in self._threads:
            t.join(timeout=2)

    def __enter__(self) -> FakeNetworkPrinter:
        """Start."""
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop."""
        self.stop()

    # -- configuration ----------------------------------------------------------------------

    def set_status(
        self,
        *,
        online: bool = True,
        paper: Paper = "ok",
        cover_open: bool = False,
        after_bytes: int | None = None,
    ) -> None:
        """Change what status queries answer from now on, or (``after_bytes``) only once a
        connection has received more than that many bytes: a fault in the middle of a job."""
        if after_bytes is None:
            self.status = status_bytes(online, paper, cover_open)
            self.fault_after = None
        else:
            self.fault_after = (after_bytes, status_bytes(online, paper, cover_open))

    def uri(self, **options: str) -> str:
        """A tcp:// printer URI for this server, with query options."""
        query = "&".join(f"{k}={v}" for k, v in options.items())
        return f"tcp://{self.host}:{self.port}" + (f"?{query}" if query else "")

    # -- inspection -------------------------------------------------------------------------

    def wait_for_connections(self, n: int, timeout: float = 3.0) -> bool:
        """True once ``n`` connections were accepted (and, in normal mode, closed)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                conns = list(self.connections)
            if len(conns) >= n and (
                self.mode != "normal" or all(c.closed.is_set() for c in conns[:n])
            ):
                return True
            time.sleep(0.01)
        return False

    @property
    def received(self) -> list[bytes]:
        """Bytes received per connection, in order."""
        with self._lock:
            return [bytes(c.data) for c in self.connections]

    # -- internals --------------------------------------------------------------------------

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        """Daemon threads: a hung test must not keep the interpreter alive."""
        t = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(t)
        t.start()

    def _accept_loop(self) -> None:
        """Accept until stopped; polling with a short timeout so stop() is prompt."""
        assert self._listener is not None
        while not self._stop.is_set():
            try:
                sock, peer = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn = Connection(peer=peer)
            with self._lock:
                self.connections.append(conn)
                self._sockets.append(sock)
            if self.mode != "silent":
                self._spawn(self._serve, sock, conn)

    def _serve(self, sock: socket.socket, conn: Connection) -> None:
        """Read until EOF, answering DLE EOT n as soon as it arrives."""
        sock.settimeout(0.1)
        scan_from = 0
        try:
            while not self._stop.is_set():
                try:
                    chunk = sock.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    break
                conn.data += chunk
                data = conn.data
                status = self.status
                if self.fault_after is not None and len(data) > self.fault_after[0]:
                    status = self.fault_after[1]
                i = scan_from
                while i <= len(data) - 3:
                    if data[i] == 0x10 and data[i + 1] == 0x04 and data[i + 2] in status:
                        n = data[i + 2]
                        conn.queries.append(n)
                        sock.sendall(bytes([status[n]]))
                        i += 3
                    else:
                        i += 1
                scan_from = max(scan_from, i)
                if self.mode == "stalled":
                    self._stop.wait()  # hung: the rest stays in the kernel buffer
                    break
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sock.close()
            conn.closed.set()


def closed_port() -> int:
    """A TCP port on 127.0.0.1 with nothing listening (connecting is refused at once)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port: int = s.getsockname()[1]
    s.close()
    return port
