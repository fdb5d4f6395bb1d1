"""Least privilege on PostgreSQL: one login role per software role, with only the grants it needs.

A kiosk PC stands in a public hall; whoever takes its settings file must not get the
applicants' names, NIKs and phone numbers, nor be able to rewrite history. So each role's
settings name its own database role:

- ``kiosk`` issues tickets, stores surveys, complaints and ratings, answers scans and typed
  look-ups: it reads the catalogue and the non-personal columns of files and complaints;
- ``display`` (lobby and counter-side screens) reads the board and the public figures and stores
  the one-touch ratings;
- ``web`` is the kiosk's rights for the public pages;
- ``counter``, ``supervisor`` and ``admin`` do their work on every table.

Columns marked ``info={"personal": True}`` in kiosk.db.models are never granted to the public
roles (the kiosk, display and web), and the audit log and the files' event chains are
append-only for EVERY role: no software role may UPDATE or DELETE history (only the schema
owner, who runs migrations, can). Grants are recomputed from the models on every run, so
`mpp-kiosk db roles` after `db upgrade` covers new tables and columns.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, Table, text

from kiosk.db.models import Base

#: The software roles that get a database role, in the order they are created.
ROLES = ("kiosk", "display", "web", "counter", "supervisor", "admin")
PUBLIC_ROLES = ("kiosk", "display", "web")
#: History: rows are added and read, never changed or removed by the software.
APPEND_ONLY = ("audit_log", "application_events", "complaint_steps", "call_events")
# catalogue_version: the one integer a kiosk checks before it trusts its in-memory catalogue
CATALOGUE = (
    "sites",
    "agencies",
    "stages",
    "services",
    "counters",
    "holidays",
    "catalogue_version",
)

# What the public roles may do beyond reading the catalogue ("r" read, "a" add, "u" update,
# "d" delete). Reading a table here means its non-personal columns only.
_PUBLIC: dict[str, dict[str, str]] = {
    "kiosk": {
        "tickets": "ra",
        "queue_sequences": "rau",
        "queue_service_times": "r",  # the wait estimate's latest service times
        "call_events": "r",
        "print_jobs": "rau",
        "devices": "rau",
        "lookup_throttles": "raud",
        "applications": "r",
        "application_events": "r",
        "survey_responses": "ra",
        "complaints": "ra",
        "complaint_steps": "ra",
        "ticket_ratings": "r",
        "staff": "r",
        "audit_log": "a",
        "chain_heads": "rau",
        # a booked visit redeemed into a ticket (kiosk/services/booking/redeem.py)
        "bookings": "ru",
        "booking_days": "rau",
    },
    "display": {
        "tickets": "r",
        "queue_service_times": "r",
        "call_events": "r",
        "ticket_ratings": "ra",
        "survey_responses": "r",
        "complaints": "r",
        "complaint_steps": "r",
        "devices": "rau",
        "staff": "r",
        "print_jobs": "r",
    },
    "web": {
        "tickets": "r",
        "queue_service_times": "r",
        "call_events": "r",
        "applications": "r",
        "application_events": "r",
        "survey_responses": "ra",
        "complaints": "ra",
        "complaint_steps": "ra",
        "ticket_ratings": "r",
        "lookup_throttles": "raud",
        "devices": "rau",
        "staff": "r",
        "audit_log": "a",
        "chain_heads": "rau",
        "bookings": "rau",
        "booking_days": "rau",
        # a booking for today takes the queue's daily lock, as a walk-in ticket does
        "queue_sequences": "rau",
        # a booking's reminder is queued with it and dropped by its cancel (the rows name the
        # booking or the file, never a phone: kiosk/services/booking/reminders.py)
        "notifications": "rau",
    },
}
#: Staff columns the public roles may read (the officer's name on the counter-side screen).
_STAFF_PUBLIC = ("id", "site_id", "full_name", "agency_id", "role", "active")
_LEDGER_SEAL = ("seq", "prev_hash", "hash")
_SIGN_IN_COUNTS = ("failed_logins", "locked_until")
_PRIVILEGE = {"r": "SELECT", "a": "INSERT", "u": "UPDATE", "d": "DELETE"}


@dataclass(frozen=True)
class RoleAccount:
    role: str
    login: str
    password: str | None  # set only when this run created the login (shown once)


def personal_columns(table: Table) -> set[str]:
    return {c.name for c in table.columns if c.info.get("personal")}


def grants(role: str) -> dict[str, tuple[str, list[str] | None]]:
    """``{table: (privileges, columns or None for all)}`` for one software role."""
    tables = Base.metadata.tables
    plan: dict[str, tuple[str, list[str] | None]] = {}
    if role in PUBLIC_ROLES:
        for name in CATALOGUE:
            plan[name] = ("r", None)
        for name, rights in _PUBLIC[role].items():
            if name not in tables:
                continue
            table = tables[name]
            hidden = personal_columns(table)
            columns: list[str] | None = None
            if name == "staff":
                columns = [c for c in _STAFF_PUBLIC if c in table.columns]
            elif hidden:
                columns = [c.name for c in table.columns if c.name not in hidden]
            plan[name] = (rights, columns)
    else:
        for name in tables:
            rights = "ra" if name in APPEND_ONLY else "raud"
            if role == "counter" and name == "staff":
                rights = "r"  # officers do not manage accounts (sign-in's counts: see below)
            plan[name] = (rights, None)
    return plan


def _statements(role: str, login: str, schema: str) -> list[str]:
    q = _quote
    out = [f"GRANT USAGE ON SCHEMA {q(schema)} TO {q(login)}"]
    for table, (rights, columns) in grants(role).items():
        target = f"{q(schema)}.{q(table)}"
        if "a" in rights and "r" not in rights:
            # INSERT ... RETURNING id (every ORM insert) reads the new row's key, nothing more
            keys = ", ".join(q(c.name) for c in Base.metadata.tables[table].primary_key)
            out.append(f"GRANT SELECT ({keys}) ON {target} TO {q(login)}")
        for letter in rights:
            privilege = _PRIVILEGE[letter]
            # personal columns may be WRITTEN by a public role (a complaint's contact, a booking's
            # contact cleared once used), never read
            if columns is not None and privilege == "SELECT":
                cols = ", ".join(q(c) for c in columns)
                out.append(f"GRANT {privilege} ({cols}) ON {target} TO {q(login)}")
            else:
                out.append(f"GRANT {privilege} ON {target} TO {q(login)}")
    if "audit_log" in grants(role):
        # a row written before its commit is sealed (numbered, hashed) at the commit
        # (kiosk/db/ledger.py); every other column of a written row stays as it was
        cols = ", ".join(q(c) for c in _LEDGER_SEAL if c in Base.metadata.tables["audit_log"].c)
        out.append(f"GRANT UPDATE ({cols}) ON {q(schema)}.{q('audit_log')} TO {q(login)}")
    if role == "counter":
        # a sign-in counts failures and locks the account; nothing else of staff changes here
        cols = ", ".join(q(c) for c in _SIGN_IN_COUNTS)
        out.append(f"GRANT UPDATE ({cols}) ON {q(schema)}.{q('staff')} TO {q(login)}")
    # ids come from sequences: whoever adds rows needs them
    out.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q(schema)} TO {q(login)}")
    return out


def _literal(value: str) -> str:
    """A string literal for DDL, which takes no bound parameters (standard_conforming_strings)."""
    if "\x00" in value:
        raise ValueError("a password cannot hold a NUL character")
    return "'" + value.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def apply_roles(
    engine: Engine,
    *,
    prefix: str = "mpp_",
    passwords: Mapping[str, str] | None = None,
    roles: tuple[str, ...] = ROLES,
) -> list[RoleAccount]:
    """Create the missing login roles and set every role's grants on the schema in use, in one
    transaction (idempotent: revokes what was granted before, then grants the plan)."""
    if engine.dialect.name != "postgresql":
        from kiosk.errors import BadInput

        raise BadInput("roles_need_postgresql")
    passwords = passwords or {}
    accounts = []
    with engine.begin() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        for role in roles:
            login = f"{prefix}{role}"
            exists = conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}
            ).first()
            created: str | None = None
            if not exists:
                created = passwords.get(role) or secrets.token_urlsafe(18)
                password = _literal(created)
                conn.execute(text(f"CREATE ROLE {_quote(login)} LOGIN PASSWORD {password}"))
            elif role in passwords:
                conn.execute(
                    text(f"ALTER ROLE {_quote(login)} PASSWORD {_literal(passwords[role])}")
                )
            conn.execute(
                text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {_quote(schema)} FROM {_quote(login)}")
            )
            for statement in _statements(role, login, schema):
                conn.execute(text(statement))
            accounts.append(RoleAccount(role, login, created if not passwords.get(role) else None))
    return accounts
