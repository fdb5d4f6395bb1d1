"""Where the charter comes from, and the charter as data for every screen and the poster.

The shipped text is resources/charter/charter.<lang>.md (SAMPLE). A site overrides it file by
file by putting its own charter.<lang>.md in ``<data folder>/charter/`` (the data folder is
MPP_KIOSK_DATA_DIR or the per-user folder; on a LAN each PC's), so an update of the program
never overwrites the signed text. The kiosk's reader, the lobby ticker, the counter-side screen
and ``mpp-kiosk charter poster`` all read the file :func:`charter_file` names.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import data_dir, resources_dir
from kiosk.core.charter import Charter, parse_charter_text
from kiosk.core.complaints import counter_token
from kiosk.core.links import poster_link
from kiosk.core.safefile import read_text_file
from kiosk.db.models import Site
from kiosk.errors import BadInput
from kiosk.i18n import available_languages
from kiosk.services.context import AppContext

__all__ = [
    "MAX_CHARTER_BYTES",
    "charter_file",
    "counter_poster",
    "load_charter",
    "override_dir",
    "poster_qr",
    "promises",
    "shipped_dir",
]

MAX_CHARTER_BYTES = 200_000


def shipped_dir() -> Path:
    return resources_dir() / "charter"


def override_dir() -> Path:
    """The site's own charter files (absent until an admin puts them there)."""
    return data_dir() / "charter"


def charter_file(lang: str) -> Path:
    """The site's charter.<lang>.md when it exists, else the shipped one."""
    name = f"charter.{lang}.md"
    own = override_dir() / name
    return own if own.is_file() else shipped_dir() / name


def load_charter(lang: str) -> Charter:
    """The charter in ``lang``, else in Indonesian; an empty charter when no file is readable
    (a screen then shows its "charter missing" text, it never fails)."""
    for candidate in dict.fromkeys((lang, "id")):
        path = charter_file(candidate)
        try:
            text = read_text_file(path, MAX_CHARTER_BYTES, encoding="utf-8")
        except BadInput:  # missing, too big, a FIFO, not UTF-8: the next candidate
            continue
        return parse_charter_text(text, candidate, str(path))
    return Charter(lang, ())


def promises(lang: str) -> tuple[str, ...]:
    """The short promises for the counter-side screen and the ticker."""
    return load_charter(lang).promises


# --- the counter poster ------------------------------------------------------------------------


def poster_qr(ctx: AppContext, counter_number: int) -> tuple[str, str]:
    """(what the poster's QR holds, the bare token). The token (kiosk.core.complaints) is what
    the kiosk's scanner routes to "complaint about counter N"; with a ``[web] public_url`` the
    QR holds ``{public_url}/pengaduan/{token}`` instead, which a phone's camera opens as the web
    complaint form about that counter and the kiosk's scanner still reads as the token."""
    token = counter_token(ctx.settings.site.code, counter_number)
    return poster_link(ctx.settings.web.public_url, token), token


def counter_poster(
    ctx: AppContext,
    counter_number: int,
    path: str | Path,
    *,
    size: str = "A4",
    lang: str = "id",
) -> Path:
    """Write the charter poster of counter ``counter_number`` as a PDF (whole or not at all)."""
    from kiosk.printing.poster import PosterData, render_poster
    from kiosk.printing.slips import DEFAULT_LOGO
    from kiosk.services.queue._common import find_counter

    if size not in ("A4", "A3"):
        raise BadInput("poster_size", size=str(size)[:8], allowed=("A4", "A3"))
    if lang not in available_languages():
        raise BadInput("language_unknown", language=str(lang)[:8])
    if isinstance(counter_number, bool) or not isinstance(counter_number, int):
        raise BadInput("complaint_counter", counter=str(counter_number)[:20])
    with ctx.db.snapshot() as session:
        counter = find_counter(ctx, session, counter_number)
        site = session.get_one(Site, counter.site_id)
        en = lang == "en"
        counter_name = counter.name_en if en else counter.name_id
        site_name = site.name_en if en else site.name_id
    qr_data, token = poster_qr(ctx, counter_number)
    pdf = render_poster(
        PosterData(
            site_name=site_name,
            counter_number=counter_number,
            counter_name=counter_name,
            charter=load_charter(lang),
            qr_data=qr_data,
            qr_caption=token,
            lang=lang,
            size=size,  # type: ignore[arg-type]
            logo=DEFAULT_LOGO if DEFAULT_LOGO.is_file() else None,
        )
    )
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_bytes(pdf)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadInput("file_write", path=str(target), detail=exc.strerror) from None
    return target
