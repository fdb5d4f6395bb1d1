"""Shared plumbing for CLI handlers: global options, settings, context, sign-in, logging."""

from __future__ import annotations

import argparse
import datetime as _dt
import getpass
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kiosk.config import Settings, data_dir, load_settings, private_dir
from kiosk.core.logscrub import scrub
from kiosk.errors import BadInput, Forbidden, KioskError
from kiosk.services import staff
from kiosk.services.context import AppContext, build_context
from kiosk.services.staff import Officer

Handler = Callable[[argparse.Namespace, "CliEnv"], "Outcome"]


@dataclass
class Outcome:
    """What a handler produced: JSON data for --json, a human text otherwise."""

    data: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    exit_code: int = 0


def add_global_options(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """--db/--config/--json on the main parser and on every subcommand.

    On subcommands the defaults are SUPPRESS so an option given before the subcommand is not
    overwritten by the subcommand's default.
    """
    default: Any = None if top_level else argparse.SUPPRESS
    parser.add_argument(
        "--db", metavar="URL", default=default, help="database URL (overrides config)"
    )
    parser.add_argument("--config", metavar="FILE", default=default, help="settings file (TOML)")
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=default,
        help="language of messages: id (default from the settings) or en",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=False if top_level else argparse.SUPPRESS,
        help="print one JSON object on stdout",
    )


def add_command(
    sub: Any, name: str, handler: Handler, help_text: str, description: str | None = None
) -> argparse.ArgumentParser:
    """Add a subcommand that carries the global options and dispatches to `handler`."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description=description or help_text
    )
    add_global_options(parser)
    parser.set_defaults(handler=handler)
    return parser


class CliEnv:
    """Builds settings and the application context on first use, and closes them."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._settings: Settings | None = None
        self._ctx: AppContext | None = None

    @property
    def lang(self) -> str:
        """--lang, else the settings' site language, else Indonesian (also when the settings
        themselves are broken: the error about them must still be readable)."""
        chosen = getattr(self.args, "lang", None)
        if chosen:
            return str(chosen)
        try:
            return self.settings.site.language
        except KioskError:
            return "id"

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            settings = load_settings(getattr(self.args, "config", None))
            db = getattr(self.args, "db", None)
            if db:
                settings = replace(settings, database=replace(settings.database, url=db))
            self._settings = settings
        return self._settings

    @property
    def ctx(self) -> AppContext:
        if self._ctx is None:
            self._ctx = build_context(self.settings)
        return self._ctx

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.db.dispose()


def read_password(prompt: str = "Password: ", variable: str = "MPP_KIOSK_PASSWORD") -> str:
    """The environment variable ``variable``, or a prompt when a person is at the terminal."""
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        raise BadInput("password_missing", variable=variable)
    return getpass.getpass(prompt)


def log_unexpected(exc: BaseException) -> Path:
    """Append the traceback of an unexpected error to the log; return the log's path."""
    log = data_dir() / "logs" / "mpp-kiosk.log"
    try:
        private_dir(log.parent)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {_dt.datetime.now().isoformat()} unexpected error\n")
            fh.write(scrub("".join(traceback.format_exception(exc))))
    except OSError:
        return Path("stderr")
    return log


# --- signing in --------------------------------------------------------------------------------


def add_user_option(p: argparse.ArgumentParser, who: str = "an admin") -> None:
    """--user for a command that changes data or reveals personal data (see `signed_in`)."""
    p.add_argument(
        "--user",
        metavar="U",
        help=f"sign in as U, {who} (password from MPP_KIOSK_PASSWORD or a prompt)",
    )


def signed_in(args: argparse.Namespace, env: CliEnv, permission: str) -> Officer:
    """The staff member named by --user, signed in (wrong passwords count towards the same
    lockout as at the counter) and holding ``permission``; refused without --user.

    The settings of any kiosk PC reach the database, so a command that changes data or
    reveals personal data must not trust whoever runs it."""
    user = getattr(args, "user", None)
    if not user:
        raise Forbidden("cli_sign_in")
    officer = staff.authenticate(env.ctx, user, read_password(f"Password for {user}: "))
    staff.require(officer, permission)
    return officer
