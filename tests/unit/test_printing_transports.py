"""The send/status protocol shared by stream printers, over an in-memory channel.

The real channels (TCP, serial, file, preview) are exercised in tests/integration/test_printing.py;
USB has no hardware here, so its "keep the device claimed between jobs" policy is checked with a
scripted channel instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from kiosk.printing.layout import PAPER_80
from kiosk.printing.transports import STATUS_QUERY, PrinterConfig, PrinterError, PrinterStatus
from kiosk.printing.transports.stream import Session, StreamPrinter


@dataclass
class ScriptedSession:
    """Records writes; answers reads from a script; can fail writes on demand."""

    replies: list[bytes]
    fail_write: bool = False
    written: bytearray = field(default_factory=bytearray)
    closed: bool = False

    def write_all(self, data: bytes) -> None:
        """Record or fail."""
        if self.fail_write and data != STATUS_QUERY:
            raise PrinterError("offline", "unplugged")
        self.written += data

    def read_reply(self, n: int, wait: float) -> bytes:
        """Next scripted reply (b"" = silence)."""
        return self.replies.pop(0) if self.replies else b""

    def finish(self) -> None:
        """Nothing buffered."""

    def close(self) -> None:
        """Remember."""
        self.closed = True


@dataclass
class ScriptedPrinter(StreamPrinter):
    """A stream printer whose channels come from a list."""

    sessions: list[ScriptedSession] = field(default_factory=list)
    opened: int = 0

    def _open(self) -> Session:
        """Hand out the next scripted channel."""
        self.opened += 1
        return self.sessions[self.opened - 1]


OK = b"\x12\x12\x12"  # DLE EOT 1, 2, 4: online, no error, paper present
PAPER_OUT = b"\x1a\x32\x7e"


def _config() -> PrinterConfig:
    return PrinterConfig(uri="scripted://", kind="tcp", paper=PAPER_80)


def test_per_job_channels_are_closed() -> None:
    """TCP-like: one channel per job, always closed."""
    a, b = ScriptedSession([OK, OK]), ScriptedSession([OK, OK])
    p = ScriptedPrinter(_config(), sessions=[a, b])
    assert p.send_raw("1", b"job1") == PrinterStatus("ok", "online, paper present")
    p.send_raw("2", b"job2")
    # Status before and after each job: the answer after it confirms the printer read it all.
    assert (a.written, b.written) == (
        STATUS_QUERY + b"job1" + STATUS_QUERY,
        STATUS_QUERY + b"job2" + STATUS_QUERY,
    )
    assert a.closed and b.closed and p.opened == 2


def test_kept_channel_is_reused_and_dropped_after_failure() -> None:
    """USB-like: claimed once; a failed job releases it so the next job reopens."""
    first = ScriptedSession([OK] * 5)
    second = ScriptedSession([OK, OK])
    p = ScriptedPrinter(_config(), sessions=[first, second])
    p.keep_open = True
    p.send_raw("1", b"a")
    p.send_raw("2", b"b")
    assert p.opened == 1 and not first.closed
    first.fail_write = True
    with pytest.raises(PrinterError):
        p.send_raw("3", b"c")
    assert first.closed
    p.send_raw("4", b"d")
    assert p.opened == 2 and second.written.endswith(b"d" + STATUS_QUERY)
    p.close()
    assert second.closed


def test_paper_out_stops_the_job_before_any_data() -> None:
    """The job bytes never leave when the paper sensor says 'end'."""
    s = ScriptedSession([PAPER_OUT])
    with pytest.raises(PrinterError) as err:
        ScriptedPrinter(_config(), sessions=[s]).send_raw("1", b"job")
    assert err.value.kind == "paper_out"
    assert bytes(s.written) == STATUS_QUERY


def test_silence_is_tolerated_until_the_printer_has_answered_once() -> None:
    """No status support: print anyway (not confirmed). Answered before, silent now: hung."""
    quiet = ScriptedPrinter(_config(), sessions=[ScriptedSession([]), ScriptedSession([])])
    assert quiet.send_raw("1", b"a") is None  # delivered, not confirmed
    assert quiet.send_raw("2", b"b") is None
    assert bytes(quiet.sessions[1].written) == STATUS_QUERY + b"b"  # no query after the job
    chatty = ScriptedPrinter(_config(), sessions=[ScriptedSession([OK, OK]), ScriptedSession([])])
    chatty.send_raw("1", b"a")
    with pytest.raises(PrinterError) as err:
        chatty.send_raw("2", b"b")
    assert err.value.kind == "timeout"


@pytest.mark.parametrize(
    ("after", "kind"),
    [
        (b"", "timeout"),
        (PAPER_OUT, "paper_out"),
        (b"\x1a\x16\x12", "cover_open"),
        (b"\x1a\x12\x12", "offline"),
    ],
)
def test_a_job_the_printer_does_not_confirm_fails(after: bytes, kind: str) -> None:
    """Answered before the job; after it: silence (it never read the bytes), paper out, cover
    open or offline. The job failed (the spool retries it), it is not "printed"."""
    s = ScriptedSession([OK, after])
    with pytest.raises(PrinterError) as err:
        ScriptedPrinter(_config(), sessions=[s]).send_raw("1", b"job")
    assert err.value.kind == kind
    assert bytes(s.written) == STATUS_QUERY + b"job" + STATUS_QUERY
    assert s.closed
