"""Every string the counter window shows, in Indonesian and English, and service errors as one
readable line.

The same dict-per-language shape as kiosk/ui/i18n.py (the kiosk's strings), kept apart so the two
windows can be worded and reviewed separately. Indonesian is baku ("silakan", "izin").

Service errors: the use cases raise KioskError subclasses whose messages are mostly bilingual,
"<Indonesian> / <English>" (or the other way round). The officer sees the half in the window's
language, with its details (ticket number, missing documents, the next stage); Forbidden and
Unavailable get a sentence of their own because their messages are technical English.
"""

from __future__ import annotations

import logging
import re

from kiosk.errors import Forbidden, KioskError, Unavailable
from kiosk.i18n import error_text as shared_error_text
from kiosk.i18n import has_message
from kiosk.i18n import translate as shared_translate
from kiosk.ui.i18n import Lang, Translator

log = logging.getLogger(__name__)


DOMAIN = "counter"


def translate(lang: Lang, key: str, **values: object) -> str:
    """One counter message (the ``counter`` catalogue); a missing key shows the key."""
    return shared_translate(lang, key, DOMAIN, **values)


class CounterTranslator(Translator):
    """The kiosk's Translator (language switch, pick/pick_seq) over the counter's messages."""

    domain = DOMAIN


# Words that mark the Indonesian half of a bilingual service message.
_ID_WORDS = frozenset(
    re.findall(
        r"\w+",
        """tidak belum sudah sedang tiket loket dan yang ke di dari untuk berkas tahap layanan
        permohonan pemohon kurang lengkap antrian dulu lagi atau hari ini itu bukan buka tutup
        dijeda melayani selesaikan lewati ditemukan ada harus boleh maksimal kosong angka nomor
        dokumen persyaratan tersedia menunggu siap diambil diserahkan ditolak pilih""",
    )
)
_WORD = re.compile(r"[a-zA-Z]+")


def _indonesian_score(text: str) -> int:
    return sum(1 for word in _WORD.findall(text.lower()) if word in _ID_WORDS)


def pick_half(message: str, lang: Lang) -> str:
    """The half of an "<id> / <en>" (or "<en> / <id>") message in ``lang``; the whole message
    when it is not two halves."""
    parts = message.split(" / ")
    if len(parts) != 2:
        return message
    first, second = (p.strip() for p in parts)
    first_is_id = _indonesian_score(first) >= _indonesian_score(second)
    id_part, en_part = (first, second) if first_is_id else (second, first)
    chosen = id_part if lang == "id" else en_part
    return chosen[:1].upper() + chosen[1:]


def error_text(lang: Lang, exc: BaseException) -> str:
    """A service error as one readable line in ``lang`` (never a traceback)."""
    if isinstance(exc, KioskError) and exc.legacy_message is None:
        return shared_error_text(lang, exc)
    if isinstance(exc, Forbidden):
        text = str(exc)
        if "locked" in text:
            return translate(lang, "signin_locked")
        if "wrong password" in text or "unknown user" in text:
            return translate(lang, "signin_wrong")
        if "another agency" in text or exc.reason == "other_agency":
            return translate(lang, "error_forbidden_agency")
        return translate(lang, "error_forbidden_role")
    if isinstance(exc, Unavailable):
        return translate(lang, "error_unavailable")
    if isinstance(exc, KioskError):
        line = (str(exc).strip().splitlines() or [""])[0]
        return pick_half(line, lang) or translate(lang, "error_unexpected")
    return translate(lang, "error_unexpected")


def printer_error_text(lang: Lang, last_error: str) -> str:
    """A print job's last error ("<kind>: <technical detail>") as words in ``lang``.

    The spool stores the printer module's error kind first; staff read the kind in their language,
    the technical detail (address, byte counts) stays in the tooltip and the logs.
    """
    kind = last_error.split(":", 1)[0].strip()
    key = f"printer_err_{kind}"
    if has_message(key, DOMAIN):
        return translate(lang, key)
    return (last_error.strip().splitlines() or [""])[0][:120]
