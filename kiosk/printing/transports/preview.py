"""preview://FOLDER -- no hardware: each job becomes files a person (or a test) can look at.

NAME.bin, the exact ESC/POS bytes, is always written: it costs what rendering for a real printer
costs (~5 ms a ticket). The picture is lazy by default (issue 13): NAME.slip (the slip as JSON,
well under a millisecond) is written instead, and :func:`preview_png` draws NAME.png from it when
someone looks (tests, ``mpp-kiosk printer previews``), so a backlog of preview jobs on the kiosk's
spool thread does no PIL work holding the GIL. Pictures are drawn at once only when the URI
asks (``render=png,pdf``; PNG ~8 ms plus encoding, the roll PDF ~140 ms a ticket);
``render=bin`` writes the bytes only. Figures: ``python -m bench.print_bench``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.config import private_dir
from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.layout import PaperProfile, Slip
from kiosk.printing.slip_json import slip_from_json, slip_to_json
from kiosk.printing.transports.base import PrinterError, PrinterStatus, safe_job_name
from kiosk.printing.transports.uri import PrinterConfig

__all__ = ["PreviewPrinter", "preview_png", "preview_pngs"]

log = logging.getLogger(__name__)


@dataclass
class PreviewPrinter:
    """Writes NAME.bin (the exact ESC/POS bytes) and the pictures the URI asks for.

    A job name used before gets a numeric suffix, so a reprint is kept next to the original.
    Files are written to a temporary name and renamed, so a viewer never sees half a file.
    """

    config: PrinterConfig
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def folder(self) -> Path:
        """The preview folder."""
        assert self.config.folder is not None
        return self.config.folder

    def close(self) -> None:
        """Nothing is held between jobs."""

    def send(self, job_name: str, slip: Slip) -> None:
        """Write the job's preview files, all of them or none."""
        data = render_escpos(slip, self.config.paper)
        with self._lock:
            stem = self._stem(job_name)
            try:
                self._write_all(stem, slip, data)
            except PrinterError:
                # A failed job leaves nothing: its retry writes a fresh set, and a half set
                # (the .bin without its .png) would fill a full disk further on every retry.
                for suffix in (".bin", ".slip", ".png", ".pdf"):
                    _discard(stem.with_suffix(suffix))
                raise
        log.info("preview %s written to %s", stem.name, self.folder)

    def _write_all(self, stem: Path, slip: Slip, data: bytes) -> None:
        """The slip file, the .bin, then the asked-for pictures (each rendered only when asked).

        The .bin comes after the slip file: whoever sees a .bin can draw its picture."""
        paper = self.config.paper
        if "slip" in self.config.preview_formats:
            self._write(stem.with_suffix(".slip"), slip_to_json(slip, paper))
        self._write(stem.with_suffix(".bin"), data)
        if "png" in self.config.preview_formats:
            _write_png(stem, slip, paper)
        if "pdf" in self.config.preview_formats:
            from kiosk.printing.pdf_render import render_pdf

            pdf = render_pdf(slip, "slip58" if paper.name == "58mm" else "slip80")
            self._write(stem.with_suffix(".pdf"), pdf)

    def send_raw(self, job_name: str, data: bytes) -> None:
        """Only the .bin can be written for bytes without a slip."""
        with self._lock:
            self._write(self._stem(job_name).with_suffix(".bin"), data)

    def _stem(self, job_name: str) -> Path:
        """A fresh path stem in the folder for ``job_name``."""
        try:
            private_dir(self.folder)
        except OSError as exc:
            raise PrinterError(
                "error", f"cannot create preview folder {self.folder}: {exc}"
            ) from None
        base = safe_job_name(job_name)
        stem = self.folder / base
        n = 1
        while stem.with_suffix(".bin").exists():
            n += 1
            stem = self.folder / f"{base}-{n}"
        return stem

    def _write(self, path: Path, data: bytes) -> None:
        """Atomic write; a failed one leaves no hidden .tmp behind (on a full disk the partial
        files kept the disk full: every retry added one)."""
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError as exc:
            _discard(tmp)
            raise PrinterError("error", f"cannot write preview {path}: {exc}") from None

    def status(self) -> PrinterStatus:
        """OK when the folder exists (or can be made) and is writable."""
        try:
            private_dir(self.folder)
        except OSError as exc:
            return PrinterStatus("offline", f"cannot create {self.folder}: {exc}")
        if not os.access(self.folder, os.W_OK):
            return PrinterStatus("offline", f"{self.folder} is not writable")
        return PrinterStatus("ok", f"preview folder {self.folder}")


def _discard(tmp: Path) -> None:
    """Remove a partial file; in a read-only folder there is none to remove."""
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)


def _write_png(stem: Path, slip: Slip, paper: PaperProfile) -> Path:
    """Draw NAME.png atomically (a viewer never sees half a picture)."""
    from kiosk.printing.png_render import render_png

    tmp = stem.with_name(f".{stem.name}.png.{threading.get_ident()}.tmp")
    png = stem.with_suffix(".png")
    try:
        # compress_level 1: a third of the default's time, files ~20 % larger.
        render_png(slip, paper).save(tmp, format="PNG", compress_level=1)
        os.replace(tmp, png)
    except OSError as exc:
        _discard(tmp)
        raise PrinterError("error", f"cannot write preview {png}: {exc}") from None
    return png


def preview_png(job: Path) -> Path:
    """NAME.png of a preview job (``job`` is any of its files, e.g. NAME.bin), drawn from
    NAME.slip the first time it is asked for. PrinterError when the job kept no slip
    (``render=bin``, raw bytes) or the picture cannot be written."""
    stem = job.with_suffix("")
    png = stem.with_suffix(".png")
    if png.exists():
        return png
    try:
        slip, paper = slip_from_json(stem.with_suffix(".slip").read_bytes())
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise PrinterError("error", f"no picture for preview {stem.name}: {exc}") from None
    return _write_png(stem, slip, paper)


def preview_pngs(folder: Path, pattern: str = "*") -> list[Path]:
    """The pictures of every preview job in ``folder`` whose name matches ``pattern`` (a glob
    without suffix, e.g. "receipt-*"), drawn where missing; sorted by name. Jobs without a slip
    file and without a picture are left out."""
    pngs = []
    for job in sorted(folder.glob(f"{pattern}.bin")):
        try:
            pngs.append(preview_png(job))
        except PrinterError:
            continue
    return pngs
