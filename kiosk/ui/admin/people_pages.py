"""Staff accounts (kiosk/services/admin/people.py): create, rename, role, agency, disable, and
a new password typed by the supervisor (left empty: the password stays as it is)."""

from __future__ import annotations

from typing import Any

from kiosk.services.admin import catalogue, people
from kiosk.services.context import AppContext
from kiosk.services.staff import ROLES, Officer
from kiosk.ui.admin.form import EditorPage, Field
from kiosk.ui.admin.texts import AdminTranslator
from kiosk.ui.workers import Workers

__all__ = ["StaffPage"]


class StaffPage(EditorPage):
    form_name = "form_staff"
    key_field = "username"
    columns = ("col_username", "col_name", "col_role", "col_agency", "col_status")
    fields = (
        Field("username", "f_username", fixed=True),
        Field("full_name", "f_full_name"),
        Field("role", "f_role", "choice", tuple((r, f"role_{r}") for r in ROLES)),
        Field("agency", "f_agency", "choice"),
        Field("active", "f_active", "bool"),
        Field("password", "f_new_password", secret=True),
    )

    def __init__(
        self, tr: AdminTranslator, workers: Workers, ctx: AppContext, officer: Officer
    ) -> None:
        self.ctx = ctx
        self.officer = officer
        super().__init__(tr, workers)

    def read(self) -> tuple[list[people.StaffRow], catalogue.AdminCatalogue]:
        return people.list_staff(self.ctx, self.officer), catalogue.load_catalogue(
            self.ctx, self.officer
        )

    def loaded(self, data: Any) -> None:
        _rows, cat = data
        choices = [("", self.tr_.t("no_agency"))] + [
            (a["code"], f"{a['code']} - {self.tr_.pick(a['name_id'], a['name_en'])}")
            for a in cat.catalogue.agencies
        ]
        if cat.own_agency is not None:
            choices = [c for c in choices if c[0] == cat.own_agency]
        self.form.set_choices("agency", choices)

    def blank(self) -> dict[str, Any]:
        own = self.data[1].own_agency if self.data else None
        return {"role": "officer", "active": True, "agency": own or ""}

    def editable(self, entry: dict[str, Any] | None) -> bool:
        if not self.data:
            return False
        cat: catalogue.AdminCatalogue = self.data[1]
        if entry is None:
            return cat.own_agency != ""
        if entry["role"] == "admin" and cat.own_agency is not None:
            return False
        return cat.may_edit(entry["agency"] or None)

    def rows(self, data: Any) -> tuple[list[list[str]], list[dict[str, Any]]]:
        staff_rows, _cat = data
        t = self.tr_.t
        cells = [
            [r.username, r.full_name, t(f"role_{r.role}"), r.agency or "-",
             t("status_active") if r.active else t("status_disabled")]
            for r in staff_rows
        ]  # fmt: skip
        return cells, [{**r.__dict__, "password": ""} for r in staff_rows]

    def save(self, values: dict[str, Any], new: bool) -> Any:
        password = values["password"]
        if new:
            made = people.create_staff(
                self.ctx, self.officer, username=values["username"], password=password,
                role=values["role"], full_name=values["full_name"], agency=values["agency"] or "",
            )  # fmt: skip
            if not values["active"]:
                people.update_staff(self.ctx, self.officer, made.username, active=False)
            return made
        row = people.update_staff(
            self.ctx, self.officer, values["username"], full_name=values["full_name"],
            role=values["role"], agency=values["agency"] or "", active=values["active"],
        )  # fmt: skip
        if password:
            people.reset_password(self.ctx, self.officer, values["username"], password)
        return row
