"""Typed settings: a TOML file, then MPP_KIOSK_* environment overrides, then defaults.

One place decides every path the program touches (data dir, database, print previews),
so tests can point everything at a temporary folder with one environment variable.
A bad value ends in one line naming the file, the key and the problem (ConfigError).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.core.links import normalize_base
from kiosk.core.safefile import read_text_file, shown_path
from kiosk.errors import BadInput, ConfigError

ENV_PREFIX = "MPP_KIOSK_"
MAX_CONFIG_BYTES = 2**20


def data_dir() -> Path:
    """The per-user data folder (database, previews, logs); MPP_KIOSK_DATA_DIR overrides it."""
    override = os.environ.get("MPP_KIOSK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("mpp-kiosk", appauthor=False))


def private_dir(path: Path) -> Path:
    """``path`` as a folder, every part of it this call creates readable by its owner only
    (0700): the data folder holds the SQLite file, receipts' previews and logs, all personal
    data. An existing folder keeps its mode (its owner chose it)."""
    missing = []
    for part in (path, *path.parents):
        if part.exists():
            break
        missing.append(part)
    for part in reversed(missing):
        try:
            part.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(part, 0o700)
    return path


def resources_dir() -> Path:
    """The shipped resources (catalogue, charter, fonts, styles, voice clips)."""
    override = os.environ.get("MPP_KIOSK_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class SiteSettings:
    """Which MPP this installation belongs to."""

    code: str = "PRB"
    timezone: str = "Asia/Jakarta"
    # The language of the CLI and of staff screens before an officer picks one.
    language: Literal["id", "en"] = "id"


@dataclass(frozen=True)
class DatabaseSettings:
    """Empty url = the embedded SQLite file in the data folder. ``read_url`` (optional): a
    PostgreSQL read replica for the web service's tracking reads (docs/web.md); writes always
    go to ``url``."""

    url: str = ""
    pool_size: int = 5
    read_url: str = ""


@dataclass(frozen=True)
class KioskSettings:
    """The citizen's touchscreen."""

    device_name: str = "anjungan-1"
    printer: str = ""
    orientation: Literal["portrait", "landscape"] = "portrait"
    fullscreen: bool = True
    idle_timeout_s: int = 60
    #: The "Masih di sini?" countdown shows for the last this many seconds before the reset.
    idle_warning_s: int = 10
    #: The ticket's result screen goes home by itself after this many seconds.
    result_timeout_s: int = 15
    language: Literal["id", "en"] = "id"
    exit_pin: str = ""
    # This month's complaints and the latest IKM above the charter (issue 9 item 7).
    public_figures: bool = True


@dataclass(frozen=True)
class CounterSettings:
    """A staff station; `number` is the loket it sits at (0 = ask at login)."""

    number: int = 0
    printer: str = ""
    #: The counter-side screen (``display --counter N``) shows the officer's name as on their
    #: name tag; false shows only the counter (a site that prefers not to name its staff).
    show_officer_name: bool = True
    #: How long after the officer finishes a ticket the screen offers its one-touch rating.
    rating_window_s: int = 90
    #: The counter-side screen's device name (ratings record it); empty = "layar-loket-N".
    screen_device_name: str = ""


@dataclass(frozen=True)
class DisplaySettings:
    """The lobby TV."""

    device_name: str = "layar-1"
    voice: bool = True
    voice_dir: str = ""
    fullscreen: bool = True
    # This month's complaints and the latest IKM at the head of the ticker (issue 9 item 7).
    public_figures: bool = True


@dataclass(frozen=True)
class PrintingSettings:
    """Spool behaviour shared by every role that prints."""

    timeout_s: float = 2.0
    max_attempts: int = 5
    preview_dir: str = ""
    #: A job a spool took ("printing") is its own for this long; past it the spool is taken
    #: for dead (killed, powered off) and the job becomes a fault, retried by a live spool.
    lease_s: float = 30.0
    #: A queue ticket's slip not printed within this many seconds of issue is never printed
    #: late by itself (the visitor has left with the e-ticket): it waits for a reprint.
    ticket_max_age_s: int = 120


@dataclass(frozen=True)
class DevicesSettings:
    """Device health (issue 10 item 2): every kiosk, counter, display and web service writes a
    heartbeat this often; one silent for more than ``silent_after_beats`` intervals is flagged.
    Idle print spools ask their printer's status at the same interval."""

    heartbeat_interval_s: float = 30.0
    silent_after_beats: int = 2


@dataclass(frozen=True)
class WebSettings:
    """The public web service (`mpp-kiosk web`): tracking pages and the JSON API on phones.

    Rate limits are requests per minute, per client address and for the whole service (per
    worker process: with N uvicorn workers the global figure is N times this). Typed look-ups
    (`/cek`) are also counted in the database per address (5 failures, then 60 s), which holds
    across workers and restarts.
    """

    host: str = "127.0.0.1"
    port: int = 8080
    #: The address citizens reach the service at, e.g. https://mpp.example.go.id; when set,
    #: receipt and ticket QR codes hold {public_url}/l/{code} and {public_url}/t/{code}.
    public_url: str = ""
    lookups_per_minute: int = 30
    global_lookups_per_minute: int = 1200
    checks_per_minute: int = 10
    global_checks_per_minute: int = 200
    #: Survey responses and complaints sent (pages and API), per client address and in total.
    forms_per_minute: int = 10
    global_forms_per_minute: int = 300
    #: Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated, or *).
    trusted_proxies: str = ""
    max_body_bytes: int = 8192
    #: The survey's and the complaint form's bodies (a 4,000-character description in any
    #: script, URL-encoded, needs up to ~48 KB); every other request keeps max_body_bytes.
    max_form_bytes: int = 65536
    request_timeout_s: float = 10.0
    #: A handed-over or rejected file stays visible on the web this many days, then its code
    #: reads as unknown (the kiosk still shows it).
    closed_visible_days: int = 90
    #: Unused bookings past their window are marked expired (their contact cleared) this often
    #: by `mpp-kiosk web` itself, in the background; `notify run` does it at each round too.
    booking_sweep_minutes: float = 5.0
    #: uvicorn processes serving the one listening socket (`mpp-kiosk web`); in-memory rate
    #: limits are per process (see above).
    workers: int = 1


@dataclass(frozen=True)
class NotifySettings:
    """Messages to applicants who agreed at registration (file ready, returned, rejected),
    posted as JSON to the MPP's own SMS or WhatsApp gateway by `mpp-kiosk notify run`.

    Off while ``webhook_url`` is empty (messages still wait in the outbox). ``secret`` signs
    each body (header X-MPP-Signature: sha256=HMAC of the body) so the gateway can tell our
    posts from anyone else's; ``retries`` attempts, the n-th after ``retry_after_s`` * 2^n.
    """

    webhook_url: str = ""
    secret: str = ""
    timeout_s: float = 5.0
    retries: int = 8
    retry_after_s: int = 30
    #: A booking's reminder (asked for when booking) is due this many hours before the slot
    #: starts, or at once for a booking made later than that.
    booking_reminder_hours: float = 2.0


@dataclass(frozen=True)
class AuditSettings:
    """Anchors of the hash chains (`mpp-kiosk audit keygen|anchor|verify --anchors`).

    The signing key must live where the database never does (a supervisor's PC, a USB key): a
    database writer who also held it could sign a forged history. Empty: ``anchor-key.pem`` in
    the data folder (a single-PC site; move it). The anchors' folder should be backed up apart
    from the database (another PC, removable media).
    """

    anchor_key: str = ""
    anchor_dir: str = ""


@dataclass(frozen=True)
class PrivacySettings:
    """Personal data (UU PDP 27/2022): where the keys live and how long applicants' data stays.

    ``key_file`` empty = ``<data folder>/keys/privacy-keys.json``, created (0600) on first use;
    the environment variable MPP_KIOSK_PRIVACY_KEYS (the file's text itself) overrides it, for
    a PC that must not keep keys on disk. Every PC that registers or reads applicants' data
    (counters, admin, web) needs the same keyring: copy the file (kiosk/db/keyfile.py).
    """

    key_file: str = ""
    #: Applicants' name, NIK and phone are erased this many days after hand-over (or
    #: rejection); 0 keeps them. The anonymous statistics and the hash chains stay.
    retain_days_after_handover: int = 365


@dataclass(frozen=True)
class Settings:
    """Everything the composition root needs."""

    site: SiteSettings = field(default_factory=SiteSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    counter: CounterSettings = field(default_factory=CounterSettings)
    display: DisplaySettings = field(default_factory=DisplaySettings)
    printing: PrintingSettings = field(default_factory=PrintingSettings)
    devices: DevicesSettings = field(default_factory=DevicesSettings)
    web: WebSettings = field(default_factory=WebSettings)
    notify: NotifySettings = field(default_factory=NotifySettings)
    audit: AuditSettings = field(default_factory=AuditSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    source: str = "defaults"

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL, defaulting to the embedded SQLite file."""
        if self.database.url:
            return self.database.url
        return f"sqlite:///{data_dir() / 'mpp-kiosk.sqlite3'}"

    @property
    def privacy_key_file(self) -> Path:
        """The keyring file (kiosk/db/keyfile.py), outside the database by design."""
        if self.privacy.key_file:
            return Path(self.privacy.key_file).expanduser()
        return data_dir() / "keys" / "privacy-keys.json"

    @property
    def preview_dir(self) -> Path:
        """Where preview:// printers write when the URI names no folder."""
        if self.printing.preview_dir:
            return Path(self.printing.preview_dir).expanduser()
        return data_dir() / "preview"

    def printer_uri(self, role: Literal["kiosk", "counter"]) -> str:
        """The role's printer, or the preview folder when none is configured."""
        uri = self.kiosk.printer if role == "kiosk" else self.counter.printer
        return uri or f"preview://{self.preview_dir}"

    @property
    def anchor_key_path(self) -> Path:
        """The Ed25519 private key that signs anchors (never stored in the database)."""
        if self.audit.anchor_key:
            return Path(self.audit.anchor_key).expanduser()
        return data_dir() / "anchor-key.pem"

    @property
    def anchor_dir(self) -> Path:
        """Where `audit anchor` writes the signed daily digests and the public key."""
        if self.audit.anchor_dir:
            return Path(self.audit.anchor_dir).expanduser()
        return data_dir() / "anchors"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.site.timezone)


_SECTIONS: dict[str, type] = {
    "site": SiteSettings,
    "database": DatabaseSettings,
    "kiosk": KioskSettings,
    "counter": CounterSettings,
    "display": DisplaySettings,
    "printing": PrintingSettings,
    "devices": DevicesSettings,
    "web": WebSettings,
    "notify": NotifySettings,
    "audit": AuditSettings,
    "privacy": PrivacySettings,
}


def _coerce(value: Any, hint: Any, file: str, key: str, from_env: bool) -> Any:
    """Check one value against its annotated type; env values arrive as strings.

    ``file`` is where the value came from (the file, or the environment variable), ``key`` the
    setting (``kiosk.fullscreen``): every error names both.
    """
    at = {"file": file, "key": key}
    origin = get_origin(hint)
    if origin is Literal:
        allowed = get_args(hint)
        if value not in allowed:
            choices = ", ".join(str(a) for a in allowed)
            raise ConfigError("not_a_choice", **at, value=value, choices=choices)
        return value
    if hint is bool:
        if from_env and isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off"}:
                return False
        if isinstance(value, bool):
            return value
        raise ConfigError("not_a_bool", **at, value=value)
    if hint is int:
        if from_env and isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise ConfigError("not_a_whole_number", **at, value=value) from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError("not_a_whole_number", **at, value=value)
        if value < 0:
            raise ConfigError("negative", **at, value=value)
        return value
    if hint is float:
        if from_env and isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise ConfigError("not_a_number", **at, value=value) from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError("not_a_number", **at, value=value)
        if value <= 0:
            raise ConfigError("not_positive", **at, value=value)
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError("not_text", **at, value=value)
        return value
    raise AssertionError(f"unsupported settings type {hint!r}")  # pragma: no cover


def _build_section(
    cls: type, raw: dict[str, Any], env: dict[str, str], name: str, source: str
) -> Any:
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    known = {f.name for f in dataclasses.fields(cls)}
    for key in raw:
        if key not in known:
            options = ", ".join(sorted(known))
            raise ConfigError("unknown_key", file=source, key=f"{name}.{key}", known=options)
    for f in dataclasses.fields(cls):
        env_key = f"{ENV_PREFIX}{name}_{f.name}".upper()
        key = f"{name}.{f.name}"
        if env_key in env:
            values[f.name] = _coerce(env[env_key], hints[f.name], env_key, key, True)
        elif f.name in raw:
            values[f.name] = _coerce(raw[f.name], hints[f.name], source, key, False)
    return cls(**values)


def load_settings(path: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Read settings from `path` (or MPP_KIOSK_CONFIG), then apply environment overrides."""
    env = dict(os.environ if env is None else env)
    if path is None and env.get(f"{ENV_PREFIX}CONFIG"):
        path = env[f"{ENV_PREFIX}CONFIG"]
    raw: dict[str, Any] = {}
    source = "defaults"
    if path is not None:
        file = Path(path).expanduser()
        source = shown_path(file)
        try:
            # Bounded and non-blocking like every file a person names (kiosk.core.safefile).
            raw = tomllib.loads(read_text_file(file, MAX_CONFIG_BYTES, encoding="utf-8"))
        except BadInput as exc:
            raise _file_error(exc, source) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError("toml_invalid", file=source, detail=str(exc)) from None
    for key, value in raw.items():
        if key not in _SECTIONS:
            raise ConfigError("unknown_section", file=source, key=key, known=", ".join(_SECTIONS))
        if not isinstance(value, dict):
            raise ConfigError("not_a_table", file=source, key=key)
    if f"{ENV_PREFIX}DB" in env and f"{ENV_PREFIX}DATABASE_URL" not in env:
        env[f"{ENV_PREFIX}DATABASE_URL"] = env[f"{ENV_PREFIX}DB"]
    sections = {
        name: _build_section(cls, raw.get(name, {}), env, name, source)
        for name, cls in _SECTIONS.items()
    }
    settings = Settings(**sections, source=source)
    _validate(settings)
    return settings


def _file_error(exc: BadInput, source: str) -> ConfigError:
    """kiosk.core.safefile's refusal in the settings file's own words (errors catalogue)."""
    at = {"file": source}
    reason = exc.reason
    if reason == "file_not_found":
        return ConfigError("file_not_found", **at)
    if reason == "file_not_utf8":
        return ConfigError("file_not_utf8", **at)
    if reason == "file_too_large":
        return ConfigError("file_too_large", **at)
    if reason == "file_is_directory":
        return ConfigError("file_is_directory", **at)
    if reason == "file_not_regular":
        return ConfigError("file_not_regular", **at)
    if reason == "path_too_long":
        return ConfigError("path_too_long", **at)
    if reason == "path_invalid":
        return ConfigError("path_invalid", **at)
    return ConfigError("file_unreadable", **at, detail=exc.params.get("detail", reason))


def _validate(settings: Settings) -> None:
    """Cross-field checks that a type alone cannot express."""
    src = settings.source
    try:
        ZoneInfo(settings.site.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            "unknown_time_zone", file=src, key="site.timezone", value=settings.site.timezone
        ) from None
    if not settings.site.code.isalnum() or not 1 <= len(settings.site.code) <= 8:
        raise ConfigError("site_code", file=src, key="site.code", value=settings.site.code)
    url = settings.database.url
    if url and not url.startswith(("sqlite", "postgresql")):
        # The URL itself stays out of the message: it may carry a password.
        raise ConfigError("database_url", file=src, key="database.url")
    read_url = settings.database.read_url
    if read_url and not read_url.startswith("postgresql"):
        raise ConfigError("database_read_url", file=src, key="database.read_url")
    kiosk = settings.kiosk
    if kiosk.idle_timeout_s < 10:
        raise ConfigError("too_small", file=src, key="kiosk.idle_timeout_s", minimum=10)
    if not 0 <= kiosk.idle_warning_s < kiosk.idle_timeout_s:
        raise ConfigError(
            "idle_warning", file=src, key="kiosk.idle_warning_s", timeout=kiosk.idle_timeout_s
        )
    if kiosk.result_timeout_s < 5:
        raise ConfigError("too_small", file=src, key="kiosk.result_timeout_s", minimum=5)
    if settings.counter.rating_window_s < 10:
        raise ConfigError("too_small", file=src, key="counter.rating_window_s", minimum=10)
    _validate_web(settings)
    pin = kiosk.exit_pin
    if pin and not (pin.startswith("$argon2") or (pin.isdigit() and 4 <= len(pin) <= 8)):
        raise ConfigError("exit_pin", file=src, key="kiosk.exit_pin")


def _validate_web(settings: Settings) -> None:
    src, web = settings.source, settings.web
    if not 0 <= web.port <= 65535:  # 0: any free port (tests)
        raise ConfigError("port", file=src, key="web.port", value=web.port)
    if web.public_url and normalize_base(web.public_url) is None:
        raise ConfigError("public_url", file=src, key="web.public_url", value=web.public_url)
    for area in ("lookups", "checks", "forms"):
        for key in (f"{area}_per_minute", f"global_{area}_per_minute"):
            if getattr(web, key) < 1:
                raise ConfigError("at_least_one", file=src, key=f"web.{key}")
    if web.workers < 1:
        raise ConfigError("at_least_one", file=src, key="web.workers")
    if web.max_body_bytes < 1024:
        raise ConfigError("too_few_bytes", file=src, key="web.max_body_bytes", minimum=1024)
    if web.max_form_bytes < web.max_body_bytes:
        raise ConfigError(
            "too_few_bytes", file=src, key="web.max_form_bytes", minimum=web.max_body_bytes
        )


def settings_as_dict(settings: Settings) -> dict[str, Any]:
    """For `--json` output and the example configs."""
    out = dataclasses.asdict(settings)
    out.pop("source", None)
    return out
