"""The catalogue: sites, agencies, the stages of a permit, services, counters, staff, holidays."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.db.models.base import Base


class Site(Base):
    """One MPP building."""

    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    complaint_channel_id: Mapped[str] = mapped_column(Text, default="")
    complaint_channel_en: Mapped[str] = mapped_column(Text, default="")
    default_hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The catalogue's [booking] table: days_ahead, precedence, early_minutes (services/booking).
    booking: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    catalog_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    # Prepared by `mpp-kiosk demo`: open all day every day, labelled DEMO (services/opening.py).
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Agency(Base):
    """An OPD or vertical agency with counters in the building."""

    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("site_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    icon: Mapped[str] = mapped_column(String(32), default="building")
    position: Mapped[int] = mapped_column(Integer, default=0)
    services: Mapped[list[Service]] = relationship(back_populates="agency")


class Stage(Base):
    """A named application stage (the site's stage dictionary)."""

    __tablename__ = "stages"
    __table_args__ = (UniqueConstraint("site_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    applicant_action: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Service(Base):
    """A service or permit with its six published service-standard fields."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("site_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="service")
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    queue_prefix: Mapped[str] = mapped_column(String(3), index=True)
    sop_working_days: Mapped[int | None] = mapped_column(Integer)
    sop_minutes: Mapped[int | None] = mapped_column(Integer)
    fee: Mapped[int] = mapped_column(Integer, default=0)
    fee_note_id: Mapped[str] = mapped_column(Text, default="")
    fee_note_en: Mapped[str] = mapped_column(Text, default="")
    requirements_id: Mapped[list[Any]] = mapped_column(default=list)
    requirements_en: Mapped[list[Any]] = mapped_column(default=list)
    # Parallel to requirements_id/_en: None (always required) or {"id": ..., "en": ...} naming
    # whom a conditional requirement applies to ("badan usaha" / "legal entities").
    requirement_conditions: Mapped[list[Any]] = mapped_column(default=list)
    procedure_id: Mapped[str] = mapped_column(Text, default="")
    procedure_en: Mapped[str] = mapped_column(Text, default="")
    product_id: Mapped[str] = mapped_column(Text, default="")
    product_en: Mapped[str] = mapped_column(Text, default="")
    complaints_id: Mapped[str] = mapped_column(Text, default="")
    complaints_en: Mapped[str] = mapped_column(Text, default="")
    stages: Mapped[list[Any]] = mapped_column(default=list)
    hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Other names people use ("IMB" for PBG) and search words (services/search.py).
    aliases: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    keywords: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    daily_quota: Mapped[int | None] = mapped_column(Integer)
    priority_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    # Visit booking: {} (none) or {"slot_minutes": 30, "per_slot": 4, "daily": 40}.
    booking: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    agency: Mapped[Agency] = relationship(back_populates="services")


class Counter(Base):
    """A loket: serves one or more queues (prefixes)."""

    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("site_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    prefixes: Mapped[list[Any]] = mapped_column(default=list)
    priority_interleave: Mapped[int] = mapped_column(Integer, default=3)
    # state: open | paused | closed
    state: Mapped[str] = mapped_column(String(16), default="closed")
    regular_since_priority: Mapped[int] = mapped_column(Integer, default=0)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    printer_uri: Mapped[str] = mapped_column(String(300), default="")


class Staff(Base):
    """An officer, supervisor or administrator; passwords hashed with argon2id."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("site_id", "username"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))  # officer | supervisor | admin
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    password_hash: Mapped[str] = mapped_column(String(200), info={"personal": True})
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column()


class Holiday(Base):
    """A non-working day of the site's calendar (libur nasional, cuti bersama, local)."""

    __tablename__ = "holidays"
    __table_args__ = (UniqueConstraint("site_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    # Estimated from the `holidays` package, not yet confirmed by an admin (services/holidays.py).
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)


class CatalogueVersion(Base):
    """One row counting changes to the catalogue tables that issuing reads (sites, agencies,
    services, holidays): database triggers bump it in the writer's own transaction (migration
    0017), so a process may keep those rows in memory and check one integer per ticket
    (services/catalogue_cache.py). Counters are not counted: who serves a queue stays live."""

    __tablename__ = "catalogue_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
