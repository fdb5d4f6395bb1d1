"""Public links: what a receipt's or ticket's QR holds when the MPP runs the web service.

With ``[web] public_url`` set (``https://mpp.example.go.id``), the QR of an application receipt
holds ``{public_url}/l/{code}`` and a queue ticket's ``{public_url}/t/{code}``, so a phone's
camera opens the progress page; without it the QR holds the bare code, as before. The kiosk's
scanner accepts both: the bare code, and a link of OUR site whose path is one of ours and whose
code is of the kind that path serves. Any other URL (another host, a look-alike host, a
``user@`` part, a query, an unknown path) is not ours and must read as "not recognised":
a QR sticker pasted over a poster must not be able to send the kiosk anywhere.

A counter poster's QR holds ``{public_url}/pengaduan/{token}`` (the complaint form about that
counter, kiosk.core.complaints.counter_token); :func:`token_from_link` gives the scanner its
token back, under the same rules.

Pure functions on strings: the base URL comes from the settings at the caller.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from kiosk.core.codes import CodeKind, code_kind, format_code, normalize_code
from kiosk.core.complaints import parse_counter_token

__all__ = [
    "COMPLAINT_ENTRY_PATH",
    "PUBLIC_PATHS",
    "code_from_link",
    "looks_like_url",
    "normalize_base",
    "poster_link",
    "public_link",
    "token_from_link",
]

#: The one-letter path of each kind's public page. A new public page for a kind adds its entry
#: here, and the scanner then accepts its links too.
PUBLIC_PATHS: dict[CodeKind, str] = {
    "application": "l",
    "ticket": "t",
    "complaint": "c",
    "booking": "b",
}
#: The complaint form's path; a poster's link is ``{base}/pengaduan/{counter token}``.
COMPLAINT_ENTRY_PATH = "pengaduan"
_KIND_OF_PATH = {path: kind for kind, path in PUBLIC_PATHS.items()}
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: Longer than any base URL we print plus a code; a scan beyond this is not ours.
_MAX_LINK_LENGTH = 200


def normalize_base(url: str) -> str | None:
    """``scheme://host[:port][/path]`` without a trailing slash, lower-case scheme and host;
    None when ``url`` is not an http(s) base URL we could print (query, fragment, user part)."""
    if not isinstance(url, str) or not url.isascii() or len(url) > _MAX_LINK_LENGTH:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.query or parts.fragment or parts.username is not None or "@" in parts.netloc:
        return None
    if any(ch.isspace() for ch in url.strip()):
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path.rstrip("/")
    return f"{scheme}://{netloc}{path}"


def public_link(base: str, kind: CodeKind, code: str) -> str:
    """The URL a QR carries for ``code``; the bare grouped code when ``base`` is empty."""
    shown = format_code(code)
    normal = normalize_base(base) if base else None
    if normal is None or kind not in PUBLIC_PATHS:
        return shown
    return f"{normal}/{PUBLIC_PATHS[kind]}/{shown}"


def looks_like_url(raw: str) -> bool:
    """A scan that is not a bare code: codes hold only symbols, '-' and spaces."""
    return any(ch in raw for ch in "/:?#=@\\%")


def _same_origin(a: str, b: str) -> tuple[str, str] | None:
    """(path of ``a``, path of ``b``) when both name the same host and port; None otherwise.
    http and https count as the same site (a proxy may redirect one to the other)."""
    pa, pb = urlsplit(a), urlsplit(b)
    try:
        port_a = pa.port or _DEFAULT_PORTS.get(pa.scheme.lower())
        port_b = pb.port or _DEFAULT_PORTS.get(pb.scheme.lower())
    except ValueError:
        return None
    if pa.scheme.lower() not in _DEFAULT_PORTS or pb.scheme.lower() not in _DEFAULT_PORTS:
        return None
    same_port = port_a == port_b or {port_a, port_b} == {80, 443}
    if (pa.hostname or "").lower() != (pb.hostname or "").lower() or not same_port:
        return None
    return pa.path, pb.path


def _our_path(base: str, raw: str) -> list[str] | None:
    """The path segments after ``base`` of a link of OUR site, or None when ``raw`` is not one
    (another host or port, a query, a fragment, a user part, spaces, too long)."""
    if not base or not isinstance(raw, str) or len(raw) > _MAX_LINK_LENGTH:
        return None
    text = raw.strip()
    normal = normalize_base(base)
    if normal is None or not text.isascii() or any(ch.isspace() for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.query or parts.fragment or parts.username is not None or "@" in parts.netloc:
        return None
    paths = _same_origin(normal, text)
    if paths is None:
        return None
    base_path, path = paths
    if not path.startswith(base_path + "/"):
        return None
    return path[len(base_path) + 1 :].removesuffix("/").split("/")


def code_from_link(base: str, raw: str) -> str | None:
    """The canonical code in a link of OUR site (``base``), or None when ``raw`` is not one.

    Accepted: ``{base}/{path}/{code}`` with an optional trailing slash, ``path`` one of
    PUBLIC_PATHS and the code (any spelling, check symbol right) of that path's kind.
    """
    rest = _our_path(base, raw)
    if rest is None or len(rest) != 2 or rest[0] not in _KIND_OF_PATH:
        return None
    canonical = normalize_code(rest[1])
    if canonical is None or code_kind(canonical) != _KIND_OF_PATH[rest[0]]:
        return None
    return canonical


def poster_link(base: str, token: str) -> str:
    """What a counter poster's QR holds: the complaint form's link, or the bare token when
    ``base`` is empty (the kiosk's scanner reads both)."""
    normal = normalize_base(base) if base else None
    if normal is None:
        return token
    return f"{normal}/{COMPLAINT_ENTRY_PATH}/{token}"


def token_from_link(base: str, raw: str) -> str | None:
    """The counter token (``ADU-PRB-7``) in a poster link of OUR site, else None."""
    rest = _our_path(base, raw)
    if rest is None or len(rest) != 2 or rest[0] != COMPLAINT_ENTRY_PATH:
        return None
    parsed = parse_counter_token(rest[1])
    if parsed is None:
        return None
    return f"ADU-{parsed[0]}-{parsed[1]}"
