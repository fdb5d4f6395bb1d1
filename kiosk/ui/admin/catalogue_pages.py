"""The catalogue editors: services, counters and agencies (kiosk/services/admin/catalogue.py).

The form shows a service as the catalogue file would: requirements one per line (a conditional
one ends with its applicants in brackets, "Akta pendirian [badan usaha]"), stages as codes
separated by commas, hours as "mon-fri 08:00-15:00; sat 08:00-12:00" (empty: the MPP's hours).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QPushButton

from kiosk.services.admin import catalogue
from kiosk.services.admin.catalogue import AdminCatalogue
from kiosk.services.catalog import ICONS
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer
from kiosk.ui.admin.form import EditorPage, Field
from kiosk.ui.admin.texts import AdminTranslator
from kiosk.ui.workers import Workers

__all__ = ["AgenciesPage", "CountersPage", "ServicesPage", "hours_text", "parse_hours"]

_CONDITIONAL = re.compile(r"^(.*?)\s*\[([^\]]+)\]$")


def requirement_lines(texts: list[str], conditions: list[Any], lang: str) -> list[str]:
    out = []
    for i, text in enumerate(texts):
        cond = conditions[i] if i < len(conditions) else None
        out.append(f"{text} [{cond[lang]}]" if cond else text)
    return out


def parse_requirements(lines: list[str]) -> list[Any]:
    out: list[Any] = []
    for line in lines:
        found = _CONDITIONAL.match(line)
        out.append({"text": found[1], "applies_to": found[2].strip()} if found else line)
    return out


def hours_text(hours: dict[str, str]) -> str:
    return "; ".join(f"{days} {span}" for days, span in hours.items())


def parse_hours(text: str) -> dict[str, str] | None:
    """None when empty (the MPP's hours); a malformed part is kept so the rule reports it."""
    hours: dict[str, str] = {}
    for part in re.split(r"[;\n]", text):
        part = part.strip()
        if part:
            days, _, span = part.partition(" ")
            hours[days.strip().lower()] = span.strip()
    return hours or None


def _codes(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[,\s]+", text) if c.strip()]


def _short_list(items: list[str], shown: int = 2) -> str:
    """ "KTP_EL, KK +9": a table cell stays narrow, the count still tells the size."""
    head = ", ".join(items[:shown])
    return f"{head} +{len(items) - shown}" if len(items) > shown else head


class _CataloguePage(EditorPage):
    def __init__(
        self, tr: AdminTranslator, workers: Workers, ctx: AppContext, officer: Officer
    ) -> None:
        self.ctx = ctx
        self.officer = officer
        super().__init__(tr, workers)

    def read(self) -> AdminCatalogue:
        return catalogue.load_catalogue(self.ctx, self.officer)

    def _agency_choices(self, data: AdminCatalogue, *, none: bool = False) -> list[tuple[str, str]]:
        choices = [("", self.tr_.t("no_agency"))] if none else []
        for a in data.catalogue.agencies:
            choices.append(
                (a["code"], f"{a['code']} - {self.tr_.pick(a['name_id'], a['name_en'])}")
            )
        return choices

    def editable(self, entry: dict[str, Any] | None) -> bool:
        data = self.data
        if not isinstance(data, AdminCatalogue):
            return False
        if entry is None:
            return data.own_agency != ""
        return data.may_edit(entry.get("agency") or None)


class ServicesPage(_CataloguePage):
    """Every active service of the site; a supervisor edits their agency's."""

    form_name = "form_service"
    columns = ("col_code", "col_name", "col_agency", "col_prefix", "col_sop")
    fields = (
        Field("code", "f_code", fixed=True),
        Field("agency", "f_agency", "choice"),
        Field("kind", "f_kind", "choice", (("permit", "kind_permit"), ("service", "kind_service"))),
        Field("name_id", "f_name_id"),
        Field("name_en", "f_name_en"),
        Field("queue_prefix", "f_prefix"),
        Field("sop_working_days", "f_sop_days", "optint"),
        Field("sop_minutes", "f_sop_minutes", "optint"),
        Field("stages", "f_stages"),
        Field("requirements_id", "f_requirements_id", "lines"),
        Field("requirements_en", "f_requirements_en", "lines"),
        Field("fee", "f_fee", "int"),
        Field("product_id", "f_product_id"),
        Field("product_en", "f_product_en"),
        Field("procedure_id", "f_procedure_id", "multiline"),
        Field("procedure_en", "f_procedure_en", "multiline"),
        Field("hours", "f_hours"),
        Field("daily_quota", "f_quota", "optint"),
        Field("priority_allowed", "f_priority", "bool"),
    )

    def __init__(
        self, tr: AdminTranslator, workers: Workers, ctx: AppContext, officer: Officer
    ) -> None:
        super().__init__(tr, workers, ctx, officer)
        self.retire_button = QPushButton()
        self.retire_button.setObjectName("retireButton")
        self.buttons.insertWidget(1, self.retire_button)
        self.retire_button.clicked.connect(self._retire)

    def loaded(self, data: AdminCatalogue) -> None:
        own = data.own_agency
        choices = self._agency_choices(data)
        if own:
            choices = [c for c in choices if c[0] == own]
        self.form.set_choices("agency", choices)

    def blank(self) -> dict[str, Any]:
        own = self.data.own_agency if isinstance(self.data, AdminCatalogue) else None
        return {"kind": "service", "fee": 0, "priority_allowed": True, "agency": own or "",
                "stages": "berkas_diterima, diserahkan"}  # fmt: skip

    def rows(self, data: AdminCatalogue) -> tuple[list[list[str]], list[dict[str, Any]]]:
        cells, entries = [], []
        t = self.tr_.t
        for s in data.catalogue.services:
            conditions = s.get("requirement_conditions", [])
            entries.append({
                **s,
                "stages": ", ".join(s["stages"]),
                "hours": hours_text(s["hours"]),
                "requirements_id": requirement_lines(s["requirements_id"], conditions, "id"),
                "requirements_en": requirement_lines(s["requirements_en"], conditions, "en"),
            })  # fmt: skip
            sop = (
                t("sop_days", n=s["sop_working_days"])
                if s["sop_working_days"]
                else t("sop_minutes", n=s["sop_minutes"])
            )
            cells.append(
                [s["code"], self.tr_.pick(s["name_id"], s["name_en"]), s["agency"],
                 s["queue_prefix"], sop]
            )  # fmt: skip
        return cells, entries

    def save(self, values: dict[str, Any], new: bool) -> Any:
        data = dict(values)
        data["stages"] = _codes(values["stages"])
        data["hours"] = parse_hours(values["hours"])
        data["queue_prefix"] = values["queue_prefix"].upper()
        data["requirements_id"] = parse_requirements(values["requirements_id"])
        data["requirements_en"] = parse_requirements(values["requirements_en"])
        return catalogue.save_service(self.ctx, self.officer, data, new=new)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.retire_button.setText(self.tr_.t("retire"))

    def _apply_editable(self, entry: dict[str, Any] | None) -> None:
        super()._apply_editable(entry)
        self.retire_button.setEnabled(entry is not None and self.editable(entry))

    def _retire(self) -> None:
        entry = self.selected()
        if entry is not None:
            code = entry["code"]
            self.run(
                lambda: catalogue.set_service_active(self.ctx, self.officer, code, False),
                lambda _r: self.reload(),
            )


class CountersPage(_CataloguePage):
    """The lokets and the queues (prefixes) each calls from."""

    form_name = "form_counter"
    key_field = "number"
    columns = ("col_number", "col_name", "col_agency", "col_prefix", "col_served")
    stretch_columns = (1, 4)
    fields = (
        Field("number", "f_number", "int", fixed=True),
        Field("name_id", "f_name_id"),
        Field("name_en", "f_name_en"),
        Field("agency", "f_agency", "choice"),
        Field("prefixes", "f_prefixes"),
        Field("priority_interleave", "f_interleave", "int"),
    )

    def __init__(
        self, tr: AdminTranslator, workers: Workers, ctx: AppContext, officer: Officer
    ) -> None:
        super().__init__(tr, workers, ctx, officer)
        self.retire_button = QPushButton()
        self.retire_button.setObjectName("retireButton")
        self.buttons.insertWidget(1, self.retire_button)
        self.retire_button.clicked.connect(self._retire)

    def loaded(self, data: AdminCatalogue) -> None:
        own = data.own_agency
        choices = self._agency_choices(data, none=True)
        if own is not None:
            choices = [c for c in choices if c[0] == own]
        self.form.set_choices("agency", choices)

    def blank(self) -> dict[str, Any]:
        data = self.data
        numbers = (
            [k["number"] for k in data.catalogue.counters]
            if isinstance(data, AdminCatalogue)
            else []
        )
        own = data.own_agency if isinstance(data, AdminCatalogue) else None
        return {
            "number": max(numbers, default=0) + 1,
            "priority_interleave": 3,
            "agency": own or "",
        }

    def rows(self, data: AdminCatalogue) -> tuple[list[list[str]], list[dict[str, Any]]]:
        cells, entries = [], []
        served: dict[str, list[str]] = {}
        for service in data.catalogue.services:
            served.setdefault(service["queue_prefix"], []).append(service["code"])
        for k in data.catalogue.counters:
            entries.append({**k, "prefixes": ", ".join(k["prefixes"])})
            codes = [code for p in k["prefixes"] for code in served.get(p, [])]
            cells.append(
                [str(k["number"]), self.tr_.pick(k["name_id"], k["name_en"]), k["agency"] or "-",
                 ", ".join(k["prefixes"]), _short_list(codes)]
            )  # fmt: skip
        return cells, entries

    def save(self, values: dict[str, Any], new: bool) -> Any:
        data = {**values, "prefixes": [p.upper() for p in _codes(values["prefixes"])]}
        return catalogue.save_counter(self.ctx, self.officer, data, new=new)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.retire_button.setText(self.tr_.t("retire"))

    def _apply_editable(self, entry: dict[str, Any] | None) -> None:
        super()._apply_editable(entry)
        self.retire_button.setEnabled(entry is not None and self.editable(entry))

    def _retire(self) -> None:
        entry = self.selected()
        if entry is not None:
            number = entry["number"]
            self.run(
                lambda: catalogue.retire_counter(self.ctx, self.officer, number),
                lambda _r: self.reload(),
            )


class AgenciesPage(_CataloguePage):
    """The agencies (OPD) with counters in the building; new ones are the admin's."""

    form_name = "form_agency"
    columns = ("col_code", "col_name", "col_services")
    fields = (
        Field("code", "f_code", fixed=True),
        Field("name_id", "f_name_id"),
        Field("name_en", "f_name_en"),
        Field("icon", "f_icon", "choice"),
    )

    def loaded(self, data: AdminCatalogue) -> None:
        self.form.set_choices("icon", [(i, i) for i in sorted(ICONS)])
        self.new_button.setEnabled(data.own_agency is None)

    def blank(self) -> dict[str, Any]:
        return {"icon": "building"}

    def editable(self, entry: dict[str, Any] | None) -> bool:
        data = self.data
        if not isinstance(data, AdminCatalogue):
            return False
        if entry is None:
            return data.own_agency is None
        return data.may_edit(entry["code"])

    def rows(self, data: AdminCatalogue) -> tuple[list[list[str]], list[dict[str, Any]]]:
        counts: dict[str, int] = {}
        for s in data.catalogue.services:
            counts[s["agency"]] = counts.get(s["agency"], 0) + 1
        cells = [
            [a["code"], self.tr_.pick(a["name_id"], a["name_en"]), str(counts.get(a["code"], 0))]
            for a in data.catalogue.agencies
        ]
        return cells, [dict(a) for a in data.catalogue.agencies]

    def save(self, values: dict[str, Any], new: bool) -> Any:
        return catalogue.save_agency(self.ctx, self.officer, values, new=new)
