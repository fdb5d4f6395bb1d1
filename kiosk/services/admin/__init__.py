"""The admin window's use cases (Qt-free): catalogue, staff, holidays, printers, charter.

Every change is one transaction that validates with the catalogue's rules, checks the
officer's scope (kiosk/services/admin/access.py: a supervisor manages only their agency),
writes an audit row with before/after and announces the change on the change feed, so
running kiosks, counters and displays read it without a restart.
"""

from kiosk.services.admin import access, calendar, catalogue, devices_setup, people

__all__ = ["access", "calendar", "catalogue", "devices_setup", "people"]
