"""Anchors: the heads of the hash chains, signed daily with a key the database never holds.

Why: a hash chain has no secret. Someone who can write the database and recomputes every hash
(the applications' and the audit log's) forges a history that `audit verify` finds intact. An
anchor written outside the database fixes the chains' heads at a moment; from then on, changing
anything before that moment means forging the anchor's Ed25519 signature as well.

What an anchor is: one JSON file ``anchor-NNNNNN-YYYY-MM-DD.json`` in the anchors' folder,
``{"anchor": body, "signature": base64}``, the signature over the body's canonical JSON. The body
holds its number ``n``, the site, the local date, the moment, the hash of the previous anchor's
body (``previous``; 64 zeros for #1, so a removed or replaced anchor shows), the public key's
fingerprint, and the heads of `audit verify` (services/audit.py): the audit log's row count and
head hash, the registration-number sequences, the applications' count and a hash over their
heads, and the digest of all that.

Why the audit log's head is enough to pin every history: each application use case writes an
audit row carrying the application's event count and head hash, and the audit log is a chain.
Rewriting an application's events before an anchor contradicts an audit row before the anchor;
rewriting that row changes the audit chain's hash at the anchored row.

The private key (``[audit] anchor_key``) is created by `mpp-kiosk audit keygen` with mode 0600 and
refused when others may read it; its public half sits beside the anchors
(``anchor-public-key.pem``). Whoever checks should compare the fingerprint with the one printed
when the key was made (or give ``--public-key`` from a copy kept elsewhere).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select

from kiosk.core.canonical import canonical, sha256_hex, utc_text
from kiosk.db.models import AuditLog, Site
from kiosk.errors import BadInput, NotFound, Refused
from kiosk.i18n import Lang, available_languages
from kiosk.printing.anchor_slip import AnchorSlipData
from kiosk.services.audit import GENESIS, ChainReport, verify_chain
from kiosk.services.context import AppContext

__all__ = [
    "ANCHOR_FORMAT",
    "PUBLIC_KEY_NAME",
    "AnchorProblem",
    "AnchorReport",
    "KeyPair",
    "WrittenAnchor",
    "anchor_files",
    "generate_key",
    "print_anchor",
    "slip_data",
    "verify_anchors",
    "write_anchor",
]

ANCHOR_FORMAT = "mpp-kiosk-anchor/1"
PUBLIC_KEY_NAME = "anchor-public-key.pem"
_NAME = re.compile(r"anchor-(\d{6})-(\d{4}-\d{2}-\d{2})\.json")
#: An anchor file is a few kilobytes; anything far bigger is not one of ours.
_MAX_ANCHOR_BYTES = 1_000_000
_MAX_KEY_BYTES = 64_000


@dataclass(frozen=True)
class KeyPair:
    key_path: Path
    public_path: Path
    fingerprint: str


@dataclass(frozen=True)
class WrittenAnchor:
    path: Path
    n: int
    date: str
    at: datetime
    digest: str
    fingerprint: str
    heads: dict[str, Any]


@dataclass(frozen=True)
class AnchorProblem:
    """The first anchor that no longer matches (or cannot be trusted), and why."""

    n: int
    file: str
    problem: str

    def describe(self) -> str:
        return f"anchor #{self.n} ({self.file}): {self.problem}"


@dataclass(frozen=True)
class AnchorReport:
    """``chain`` is the plain check; ``problem`` the first anchor that fails, if any."""

    chain: ChainReport
    anchors: int
    problem: AnchorProblem | None
    last_n: int = 0
    last_date: str = ""
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.problem is None and self.anchors > 0


# --- keys ---------------------------------------------------------------------------------------


def fingerprint(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()[:32]


def _public_pem(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` with ``mode`` (never replacing a file); BadInput on any failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise BadInput("anchor_file_exists", path=str(path)) from None
    except OSError as exc:
        raise BadInput("file_write", path=str(path), detail=exc.strerror) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise BadInput("file_write", path=str(path), detail=exc.strerror) from None


def _write_public(directory: Path, public: Ed25519PublicKey) -> Path:
    """Put the public key beside the anchors, or check the one there is ours."""
    path = directory / PUBLIC_KEY_NAME
    if path.exists():
        if _load_public(path).public_bytes_raw() != public.public_bytes_raw():
            raise Refused("anchor_key_mismatch", path=str(path))
        return path
    _write_new(path, _public_pem(public), 0o644)
    return path


def generate_key(key_path: Path, anchor_dir: Path) -> KeyPair:
    """A new Ed25519 key at ``key_path`` (mode 0600, never overwritten), its public key in
    ``anchor_dir``."""
    if key_path.exists():
        raise BadInput("anchor_file_exists", path=str(key_path))
    public_path = anchor_dir / PUBLIC_KEY_NAME
    if public_path.exists():
        raise BadInput("anchor_file_exists", path=str(public_path))
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_new(key_path, pem, 0o600)
    public = key.public_key()
    return KeyPair(key_path, _write_public(anchor_dir, public), fingerprint(public))


def _load_private(path: Path) -> Ed25519PrivateKey:
    try:
        info = path.stat()
        small = stat.S_ISREG(info.st_mode) and info.st_size <= _MAX_KEY_BYTES
        data = path.read_bytes() if small else b""  # a FIFO or a huge file is not a key
    except FileNotFoundError:
        raise NotFound("anchor_key", path=str(path)) from None
    except OSError as exc:
        raise BadInput("file_unreadable", path=str(path), detail=exc.strerror) from None
    if os.name == "posix" and info.st_mode & 0o077:
        raise BadInput("anchor_key_permissions", path=str(path))
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise BadInput("anchor_key_invalid", path=str(path)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise BadInput("anchor_key_invalid", path=str(path))
    return key


def _load_public(path: Path) -> Ed25519PublicKey:
    try:
        data = (
            path.read_bytes() if path.is_file() and path.stat().st_size <= _MAX_KEY_BYTES else None
        )
    except OSError as exc:
        raise BadInput("file_unreadable", path=str(path), detail=exc.strerror) from None
    if data is None:
        raise NotFound("anchor_public_key", path=str(path))
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise BadInput("anchor_key_invalid", path=str(path)) from None
    if not isinstance(key, Ed25519PublicKey):
        raise BadInput("anchor_key_invalid", path=str(path))
    return key


# --- anchor files -------------------------------------------------------------------------------


def anchor_files(directory: Path) -> list[tuple[int, Path]]:
    """The anchor files in ``directory`` by number (other files are ignored)."""
    if not directory.is_dir():
        raise NotFound("anchor_dir", path=str(directory))
    found: list[tuple[int, Path]] = []
    for entry in directory.iterdir():
        match = _NAME.fullmatch(entry.name)
        if match and entry.is_file():
            found.append((int(match.group(1)), entry))
    return sorted(found)


def _read_anchor(path: Path, public: Ed25519PublicKey) -> dict[str, Any] | str:
    """The anchor's body when its signature holds, else the problem in a few words."""
    try:
        if path.stat().st_size > _MAX_ANCHOR_BYTES:
            return "not an anchor file (too large)"
        document = json.loads(path.read_bytes().decode("utf-8"))
        body = document["anchor"]
        signature = base64.b64decode(document["signature"], validate=True)
    except (OSError, ValueError, KeyError, TypeError):
        return "unreadable or not an anchor file"
    if not isinstance(body, dict) or body.get("format") != ANCHOR_FORMAT:
        return "not an anchor file (unknown format)"
    try:
        public.verify(signature, canonical(body))
    except InvalidSignature:
        return "signature does not match (the file was changed or signed by another key)"
    return body


def _signed_chain(
    directory: Path, public: Ed25519PublicKey, site: str
) -> tuple[list[tuple[Path, dict[str, Any]]], AnchorProblem | None]:
    """Every anchor in order with its body, as long as each is signed, numbered 1, 2, ... and
    names the previous one; stops at the first that is not."""
    good: list[tuple[Path, dict[str, Any]]] = []
    previous = GENESIS
    for expected, (n, path) in enumerate(anchor_files(directory), start=1):
        if n != expected:
            return good, AnchorProblem(expected, path.name, f"anchor #{expected} is missing")
        body = _read_anchor(path, public)
        if isinstance(body, str):
            return good, AnchorProblem(n, path.name, body)
        if body.get("n") != n:
            return good, AnchorProblem(n, path.name, "its number differs from its file name")
        if body.get("previous") != previous:
            return good, AnchorProblem(n, path.name, "does not name the previous anchor")
        if body.get("site") != site:
            return good, AnchorProblem(n, path.name, f"belongs to site {body.get('site')!r}")
        good.append((path, body))
        previous = sha256_hex(body)
    return good, None


def _mismatch(ctx: AppContext, body: dict[str, Any], chain: ChainReport) -> str | None:
    """Why the database no longer contains the history ``body`` anchored, or None."""
    heads = body.get("heads") or {}
    ledger = heads.get("audit_log") or {}
    count, head = ledger.get("count"), ledger.get("head")
    if not isinstance(count, int) or not isinstance(head, str):
        return "names no audit-log head"
    if chain.heads.get("audit_log", {}).get("count", 0) < count:
        return f"the audit log had {count} rows, {chain.audit_rows} remain"
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        if count:
            found = session.scalar(
                select(AuditLog.hash).where(AuditLog.site_id == site_id, AuditLog.seq == count)
            )
            if found != head:
                return (
                    f"audit log row #{count} differs: the history before this anchor was rewritten"
                )
    current = chain.heads.get("sequences") or {}
    for year, last in (heads.get("sequences") or {}).items():
        now = int(current.get(year, 0))
        if now < int(last):
            return f"registration numbers of {year} were rewound ({last} anchored, {now} now)"
    if chain.applications < int(heads.get("applications", 0)):
        return f"{heads.get('applications')} applications anchored, {chain.applications} remain"
    if chain.events < int(heads.get("events", 0)):
        return f"{heads.get('events')} events anchored, {chain.events} remain"
    return None


def verify_anchors(
    ctx: AppContext, directory: Path, public_key: Path | None = None
) -> AnchorReport:
    """The plain chain check, then every anchor in ``directory`` against the database; the
    first anchor that is unsigned, missing or no longer matches is named."""
    public = _load_public(public_key or directory / PUBLIC_KEY_NAME)
    chain = verify_chain(ctx)
    site = str(chain.heads.get("site", ""))
    good, problem = _signed_chain(directory, public, site)
    if problem is None:
        for path, body in good:
            why = _mismatch(ctx, body, chain)
            if why is not None:
                problem = AnchorProblem(int(body["n"]), path.name, why)
                break
    last = good[-1][1] if good else {}
    return AnchorReport(
        chain,
        len(good),
        problem,
        last_n=int(last.get("n", 0)),
        last_date=str(last.get("date", "")),
        fingerprint=fingerprint(public),
    )


def write_anchor(
    ctx: AppContext, directory: Path | None = None, key_path: Path | None = None
) -> WrittenAnchor:
    """Sign today's heads into the next anchor file.

    Refused when the chains are broken or an earlier anchor no longer matches: an anchor
    vouches for an intact history and must not bless a rewritten one.
    """
    directory = directory or ctx.settings.anchor_dir
    key = _load_private(key_path or ctx.settings.anchor_key_path)
    public = key.public_key()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput("file_write", path=str(directory), detail=exc.strerror) from None
    _write_public(directory, public)
    report = verify_anchors(ctx, directory, directory / PUBLIC_KEY_NAME)
    if not report.chain.ok and report.chain.first_broken is not None:
        raise Refused("anchor_chain_broken", first=report.chain.first_broken.describe())
    if report.problem is not None:
        raise Refused("anchor_previous_broken", first=report.problem.describe())
    previous = GENESIS
    if report.last_n:
        _, body = _signed_chain(directory, public, str(report.chain.heads["site"]))[0][-1]
        previous = sha256_hex(body)
    n = report.last_n + 1
    now = ctx.now()
    day = now.astimezone(ctx.zone).date().isoformat()
    body = {
        "format": ANCHOR_FORMAT,
        "n": n,
        "site": report.chain.heads["site"],
        "date": day,
        "at": utc_text(now),
        "previous": previous,
        "public_key": fingerprint(public),
        "digest": report.chain.digest,
        "heads": report.chain.heads,
    }
    signature = base64.b64encode(key.sign(canonical(body))).decode("ascii")
    text = json.dumps({"anchor": body, "signature": signature}, indent=2, sort_keys=True)
    path = directory / f"anchor-{n:06d}-{day}.json"
    _write_new(path, (text + "\n").encode("utf-8"), 0o644)
    return WrittenAnchor(
        path, n, day, now, report.chain.digest, fingerprint(public), report.chain.heads
    )


def slip_data(ctx: AppContext, written: WrittenAnchor, lang: Lang = "id") -> AnchorSlipData:
    """The paper copy of ``written`` for the supervisor's printer."""
    site = ctx.settings.site.code
    with ctx.db.snapshot() as session:
        row = session.get(Site, ctx.site_id(session))
        if row is not None:
            site = row.name_en if lang == "en" else row.name_id
    ledger = written.heads.get("audit_log") or {}
    return AnchorSlipData(
        site_name=site,
        number=written.n,
        at=written.at.astimezone(ctx.zone),
        digest=written.digest,
        audit_rows=int(ledger.get("count", 0)),
        audit_head=str(ledger.get("head", GENESIS)),
        applications=int(written.heads.get("applications", 0)),
        fingerprint=written.fingerprint,
        lang=lang,
    )


def print_anchor(
    ctx: AppContext, written: WrittenAnchor, printer_uri: str, lang: Lang = "id"
) -> int:
    """Queue the anchor slip on ``printer_uri`` (the printing road of every slip); the job id."""
    from kiosk.services import printjobs

    if lang not in available_languages():
        raise BadInput("language_unknown", language=lang)
    payload = printjobs.encode_slip_data(slip_data(ctx, written, lang))
    return printjobs.enqueue_job(ctx, printer_uri, "anchor", payload)
