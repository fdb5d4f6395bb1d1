"""Helpers for the report tests: read PDFs back, write their first page as a PNG, run the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
import pytest

from kiosk.cli import main
from kiosk.services.context import AppContext

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "build" / "screenshots" / "reports"


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def first_page_png(pdf: bytes, name: str) -> Path:
    """Page 1 at 1.4x (about 833 x 1178 px) into build/screenshots/reports/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    doc = pypdfium2.PdfDocument(pdf)
    out = SHOTS / name
    doc[0].render(scale=1.4).to_pil().save(out)
    doc.close()
    return out


def run_cli(
    ctx: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    password: str = "demo12345",
) -> tuple[int, dict[str, Any]]:
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", password)
    code = main([*args, "--json", "--db", ctx.settings.database_url])
    out = capsys.readouterr().out
    return code, json.loads(out)
