"""tcp://HOST:9100 -- a network printer on the raw port, with our own short-timeout sender.

Why not python-escpos's Network class: its timeout defaults to 60 s, it sends piecemeal while a
slip is being built, and it cannot tell a printer that stopped taking data from one that printed.
This sender writes the rendered job in one short connection with a *no progress* timeout, and
waits until the printer's TCP stack has acknowledged every byte (Linux ``SIOCOUTQ``) before
closing gracefully.
"""

from __future__ import annotations

import contextlib
import errno
import select
import socket
import struct
import time
from dataclasses import dataclass

from kiosk.printing.transports.base import PrinterError
from kiosk.printing.transports.stream import Session, StreamPrinter
from kiosk.printing.transports.uri import PrinterConfig

__all__ = ["TcpPrinter"]

_CLOSE_WAIT = 0.5  # for the printer to close its side after our FIN


def _unacked_bytes(sock: socket.socket) -> int | None:
    """Bytes sent but not yet acknowledged by the peer (Linux SIOCOUTQ); None if unsupported."""
    try:
        import fcntl
        import termios

        buf = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
    except (ImportError, OSError, AttributeError):
        return None
    value: int = struct.unpack("i", buf)[0]
    return value


def _quick_ack(sock: socket.socket) -> None:
    """Acknowledge the next segment at once (Linux only; elsewhere a no-op)."""
    option = getattr(socket, "TCP_QUICKACK", None)
    if option is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, option, 1)


class _TcpSession:
    """A raw TCP connection to port 9100 with progress-based timeouts."""

    def __init__(self, config: PrinterConfig) -> None:
        """Connect within ``config.timeout``; map failures to PrinterError kinds."""
        self.config = config
        self.where = f"{config.host}:{config.port}"
        try:
            self.sock = socket.create_connection((config.host, config.port), config.timeout)
        except ConnectionRefusedError:
            raise PrinterError(
                "refused", f"{self.where} refused the connection (printer off or wrong port?)"
            ) from None
        except TimeoutError:
            raise PrinterError(
                "offline", f"no answer from {self.where} within {config.timeout:g} s"
            ) from None
        except socket.gaierror as exc:
            raise PrinterError("error", f"unknown host {config.host!r}: {exc}") from None
        except OSError as exc:
            if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN):
                raise PrinterError("offline", f"{self.where} unreachable: {exc}") from None
            raise PrinterError("error", f"cannot connect to {self.where}: {exc}") from None
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.settimeout(config.timeout)

    def write_all(self, data: bytes) -> None:
        """Send ``data``; fail only when the printer takes nothing for ``timeout`` seconds."""
        view = memoryview(data)
        sent = 0
        try:
            while sent < len(view):
                sent += self.sock.send(view[sent:])
        except TimeoutError:
            raise PrinterError(
                "timeout",
                f"{self.where} stopped taking data ({sent} of {len(data)} bytes sent)",
            ) from None
        except (ConnectionResetError, BrokenPipeError) as exc:
            raise PrinterError("offline", f"{self.where} dropped the connection: {exc}") from None
        except OSError as exc:
            raise PrinterError("error", f"sending to {self.where} failed: {exc}") from None

    def read_reply(self, n: int, wait: float) -> bytes:
        """Collect up to ``n`` bytes for at most ``wait`` seconds.

        Each status byte is acknowledged at once (Linux ``TCP_QUICKACK``, which the kernel clears
        after every read): a printer sends its answers one byte at a time, and with Nagle on its
        side the second byte waits for our ACK, which Linux delays by ~40 ms when we have no data
        to send -- after a job, while we wait for the confirmation, we have none.
        """
        got = b""
        deadline = time.monotonic() + wait
        try:
            while len(got) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                _quick_ack(self.sock)
                ready, _, _ = select.select([self.sock], [], [], left)
                if not ready:
                    break
                chunk = self.sock.recv(n - len(got))
                if not chunk:
                    break
                got += chunk
        except OSError as exc:
            raise PrinterError("offline", f"{self.where} dropped the connection: {exc}") from None
        return got

    def finish(self) -> None:
        """Half-close, wait until the printer acknowledged every byte, then let it close.

        Closing with bytes still unacknowledged would hide a hung printer; closing while unread
        replies sit in our buffer would send a RST, which some printers answer by dropping what
        they have not printed yet.
        """
        timeout = self.config.timeout
        # Half-close first: the FIN makes the printer acknowledge at once instead of after its
        # delayed-ACK timer (~40 ms on Linux peers), so a job completes in well under 1 ms.
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_WR)
        last = _unacked_bytes(self.sock)
        last_progress = time.monotonic()
        pause = 0.0005
        while last:
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
            now = _unacked_bytes(self.sock)
            if now is None:
                break
            if now < last:
                last_progress = time.monotonic()
            elif time.monotonic() - last_progress > timeout:
                raise PrinterError(
                    "timeout",
                    f"{self.where} did not take the last {now} bytes within {timeout:g} s",
                )
            last = now
        with contextlib.suppress(OSError):
            deadline = time.monotonic() + min(_CLOSE_WAIT, timeout)
            while (left := deadline - time.monotonic()) > 0:
                ready, _, _ = select.select([self.sock], [], [], left)
                if not ready or not self.sock.recv(256):
                    break

    def close(self) -> None:
        """Close the socket."""
        self.sock.close()


@dataclass
class TcpPrinter(StreamPrinter):
    """A network printer on raw port 9100."""

    def _open(self) -> Session:
        return _TcpSession(self.config)
