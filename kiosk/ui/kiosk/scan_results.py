"""The answers to a scan: application progress, ticket status, complaint status, and the
message screen ("not recognised", "try again in N seconds", errors).

Privacy: these screens show what tracking.resolve_scan/track_typed return, which is the masked
name at most; the NIK is never on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import format_date, format_datetime, translate
from kiosk.ui.kiosk import texts
from kiosk.ui.kiosk.base import (
    InfoTile,
    Screen,
    Shell,
    repolish,
    scan_code,
    touch_scroll,
)
from kiosk.ui.widgets.common import (
    IconLabel,
    TouchButton,
    clear_layout,
    make_label,
    rescale_tree,
)

# --- results ---------------------------------------------------------------------------------


class SurveyOffer:
    """ "Isi survei" under a scan's answer, shown once the window learnt that this visit may
    still answer a survey (kiosk.ui.kiosk.survey_wiring); hidden for every new answer.

    Signals (of the screen): survey_requested().
    """

    survey_button: TouchButton

    def _make_survey_button(self, metrics: Any) -> TouchButton:
        button = TouchButton("", "primaryBig", metrics, icon="survey", icon_px=64)
        button.hide()
        return button

    def show_survey_offer(self, visible: bool) -> None:
        self.survey_button.setVisible(visible)


class TicketStatusScreen(SurveyOffer, Screen):
    """A scanned ticket: its number, where it stands, people ahead and the estimate; "Isi
    survei" once it was served; and "Sampaikan pengaduan" about this visit (the complaint then
    knows service, counter, officer).

    Signals:
        survey_requested(), complaint_requested()
    """

    name = "ticket_status"
    survey_requested = Signal()
    complaint_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._status: Any = None
        self.title = make_label("", "resultTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.number = make_label("", "ticketNumber", wrap=False,
                                 align=Qt.AlignmentFlag.AlignCenter)  # fmt: skip
        self.service = make_label("", "resultService", align=Qt.AlignmentFlag.AlignCenter)
        self.state = make_label("", "banner", align=Qt.AlignmentFlag.AlignCenter)
        self.issued = make_label("", "screenHint", align=Qt.AlignmentFlag.AlignCenter)
        self.ahead = InfoTile("people", self.metrics)
        self.estimate = InfoTile("clock", self.metrics)
        self.complaint_button = TouchButton(
            "", "secondary", self.metrics, icon="feedback", icon_color="#0b3d91"
        )
        self.complaint_button.clicked.connect(self.complaint_requested.emit)
        tiles = QHBoxLayout()
        tiles.setSpacing(24)
        tiles.addWidget(self.ahead, 1)
        tiles.addWidget(self.estimate, 1)
        self._tiles_host = QWidget()
        self._tiles_host.setLayout(tiles)
        layout = self.content_layout
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.number)
        layout.addWidget(self.service)
        layout.addWidget(self.state)
        layout.addWidget(self._tiles_host)
        layout.addWidget(self.issued)
        layout.addStretch(2)
        self.survey_button = self._make_survey_button(self.metrics)
        self.survey_button.clicked.connect(self.survey_requested.emit)
        layout.addWidget(self.survey_button)
        layout.addWidget(self.complaint_button)

    @property
    def status(self) -> Any:
        """The kiosk.services.queue.TicketStatus on screen (None after a reset)."""
        return self._status

    def show_status(self, status: Any) -> None:
        self._status = status
        self.show_survey_offer(False)
        self.retranslate_ui()

    def reset(self) -> None:
        self._status = None
        self.show_survey_offer(False)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        s = self._status
        self.survey_button.setText(t("survey_offer"))
        self.ahead.label.setText(t("result_ahead"))
        self.estimate.label.setText(t("result_est"))
        self.complaint_button.setText(t("ticket_complain"))
        if s is None:
            return
        self.title.setText(t("ticket_title", number=s.number))
        self.number.setText(s.number)
        self.service.setText(self.tr_.pick(s.service_name_id, s.service_name_en))
        key = f"ticket_status_{s.status}"
        if s.status in ("called", "serving") and s.counter_number is None:
            key += "_nocounter"
        self.state.setText(t(key, counter=s.counter_number))
        good = s.status in ("waiting", "called", "serving", "done")
        self.state.setProperty("state", "open" if good else "closed")
        repolish(self.state)
        self._tiles_host.setVisible(s.status == "waiting")
        self.ahead.value.setText(t("result_ahead_count", count=s.ahead))
        self.estimate.value.setText(texts.estimate_text(self.tr_, s.wait, self.shell_zone()))
        issued = format_datetime(s.issued_at, self.tr_.lang, tz=self.shell_zone())
        self.issued.setText(f"{t('ticket_issued')}: {issued}")

    def shell_zone(self) -> Any:
        return getattr(self.shell, "zone", None)

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)


class StageRow(QWidget):
    """One line of the timeline: a marker (done / now / later), the stage and its date."""

    def __init__(self, metrics: Any) -> None:
        super().__init__()
        self.marker = QLabel()
        self.marker.setObjectName("stageMarker")
        self.marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = make_label("", "stageName")
        self.when = make_label("", "stageWhen")
        text_box = QVBoxLayout()
        text_box.setSpacing(0)
        text_box.addWidget(self.name)
        text_box.addWidget(self.when)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        row.setSpacing(20)
        row.addWidget(self.marker, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text_box, 1)


class ApplicationScreen(SurveyOffer, Screen):
    """Application progress: who (masked), what, status, due date, lateness, the timeline,
    what to bring, and the complaint channel when it is late; "Isi survei" for its visit."""

    name = "application"
    survey_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._app: Any = None
        self.title = make_label("", "screenTitle")
        self.status = make_label("", "banner")
        self.summary = QFrame()
        self.summary.setObjectName("sheet")
        grid = QGridLayout(self.summary)
        grid.setContentsMargins(40, 28, 40, 28)
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(14)
        self.fields: dict[str, tuple[QLabel, QLabel]] = {}
        for row, key in enumerate(("reg", "applicant", "service", "due")):
            label = make_label("", "formLabel")
            value = make_label("", "formValue")
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.fields[key] = (label, value)
        grid.setColumnStretch(1, 1)
        self.timing = make_label("", "banner")
        self.timeline_title = make_label("", "cardHeading")
        self.timeline_box = QVBoxLayout()
        self.timeline_box.setSpacing(6)
        timeline = QFrame()
        timeline.setObjectName("sheet")
        tl_layout = QVBoxLayout(timeline)
        tl_layout.setContentsMargins(40, 28, 40, 28)
        tl_layout.setSpacing(12)
        tl_layout.addWidget(self.timeline_title)
        tl_layout.addLayout(self.timeline_box)
        tl_layout.addStretch(1)
        self.reject = make_label("", "cardBody")
        self.pickup_title = make_label("", "cardHeading")
        self.pickup = make_label("", "cardBody")
        self.complain = make_label("", "banner")
        self.complain.setProperty("state", "warn")
        extra = QFrame()
        extra.setObjectName("plain")
        ex_layout = QVBoxLayout(extra)
        ex_layout.setContentsMargins(0, 0, 0, 0)
        ex_layout.setSpacing(12)
        ex_layout.addWidget(self.reject)
        ex_layout.addWidget(self.pickup_title)
        ex_layout.addWidget(self.pickup)
        ex_layout.addWidget(self.complain)
        left = QVBoxLayout()
        left.setSpacing(20)
        left.addWidget(self.status)
        left.addWidget(self.summary)
        left.addWidget(self.timing)
        left.addWidget(extra)
        left.addStretch(1)
        self._columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._columns.setSpacing(28)
        self._columns.addLayout(left, 5)
        self._columns.addWidget(timeline, 4)
        body = QWidget()
        body.setObjectName("plain")
        body.setLayout(self._columns)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("cardScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(body)
        touch_scroll(self.scroll_area)
        self.content_layout.addWidget(self.title)
        self.content_layout.addWidget(self.scroll_area, 1)
        self.survey_button = self._make_survey_button(self.metrics)
        self.survey_button.clicked.connect(self.survey_requested.emit)
        self.content_layout.addWidget(self.survey_button)

    def show_application(self, app: Any) -> None:
        self._app = app
        self.show_survey_offer(False)
        self.retranslate_ui()
        self.scroll_area.verticalScrollBar().setValue(0)

    def reset(self) -> None:
        self._app = None
        self.show_survey_offer(False)
        clear_layout(self.timeline_box)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        tr = self.tr_
        self.survey_button.setText(t("survey_offer"))
        self.title.setText(t("app_title_progress"))
        for key, text_key in (("reg", "app_reg"), ("applicant", "app_applicant"),
                              ("service", "app_service"), ("due", "app_due")):  # fmt: skip
            self.fields[key][0].setText(t(text_key))
        self.timeline_title.setText(t("app_stages"))
        self.pickup_title.setText(t("app_pickup"))
        a = self._app
        if a is None:
            return
        self.status.setText(f"{t('app_status')}: {t('app_status_' + a.status)}")
        bad = a.status == "rejected"
        self.status.setProperty("state", "closed" if bad else "open")
        repolish(self.status)
        self.fields["reg"][1].setText(a.registration_number)
        self.fields["applicant"][1].setText(a.masked_name)
        service = tr.pick(a.service_name_id, a.service_name_en)
        agency = tr.pick(a.agency_name_id, a.agency_name_en)
        self.fields["service"][1].setText(f"{service}\n{agency}")
        self.fields["due"][1].setText(format_date(a.due_date, tr.lang))
        finished = a.status in ("handed_over", "rejected")
        if a.clock_stopped and a.status == "waiting_applicant":
            self.timing.setText(t("app_clock_stopped"))
            self.timing.setProperty("state", "warn")
        elif a.late_working_days > 0:
            self.timing.setText(t("app_late", days=a.late_working_days))
            self.timing.setProperty("state", "closed")
        else:
            self.timing.setText(t("app_on_time"))
            self.timing.setProperty("state", "open")
        self.timing.setVisible(not finished or a.late_working_days > 0)
        repolish(self.timing)
        self._fill_timeline(a)
        self.reject.setText(t("app_reject_reason", reason=a.reject_reason))
        self.reject.setVisible(a.status == "rejected" and bool(a.reject_reason))
        show_pickup = a.status in ("in_progress", "waiting_applicant", "ready")
        self.pickup.setText(tr.pick(a.pickup_id, a.pickup_en))
        self.pickup.setVisible(show_pickup)
        self.pickup_title.setVisible(show_pickup)
        channel = tr.pick(a.complaint_channel_id, a.complaint_channel_en)
        self.complain.setText(t("app_late_complain", channel=channel))
        self.complain.setVisible(a.late_working_days > 0)

    def _fill_timeline(self, app: Any) -> None:
        clear_layout(self.timeline_box)
        tr = self.tr_
        zone = getattr(self.shell, "zone", None)
        for stage in app.stages:
            row = StageRow(self.metrics)
            marker = {"done": "\u2713", "current": "\u25cf", "pending": "\u25cb"}[stage.state]
            row.marker.setText(marker)
            row.marker.setProperty("state", stage.state)
            row.name.setProperty("state", stage.state)
            row.name.setText(tr.pick(stage.name_id, stage.name_en))
            if stage.at is not None:
                when = format_datetime(stage.at, tr.lang, tz=zone)
            elif stage.state == "current":
                when = tr.t("app_stage_current")
            else:
                when = tr.t("app_stage_pending")
            if stage.note:
                when = f"{when}\n{stage.note}"
            row.when.setText(when)
            repolish(row.marker)
            repolish(row.name)
            rescale_tree(row, self.metrics)
            self.timeline_box.addWidget(row)

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self._columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )


class ComplaintStatusScreen(Screen):
    """A scanned complaint receipt: its code, status, class, deadline (overdue or not) and the
    response once given. The public view names nobody and quotes neither text nor contact."""

    name = "complaint_status"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._code = ""
        self._status = ""
        self._view: Any = None
        self.title = make_label("", "screenTitle")
        self.icon = IconLabel("feedback", 160, self.metrics)
        self.code_label = make_label("", "formLabel", align=Qt.AlignmentFlag.AlignCenter)
        self.code = make_label("", "codeText", align=Qt.AlignmentFlag.AlignCenter)
        self.state = make_label("", "banner", align=Qt.AlignmentFlag.AlignCenter)
        self.sheet = QFrame()
        self.sheet.setObjectName("sheet")
        grid = QGridLayout(self.sheet)
        grid.setContentsMargins(40, 24, 40, 24)
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(14)
        self.fields: dict[str, tuple[QLabel, QLabel]] = {}
        for row, key in enumerate(("category", "about", "received", "class", "due")):
            label = make_label("", "formLabel")
            value = make_label("", "formValue")
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.fields[key] = (label, value)
        grid.setColumnStretch(1, 1)
        self.timing = make_label("", "banner")
        self.response_title = make_label("", "cardHeading")
        self.response = make_label("", "cardBody")
        self.response.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        # Portrait: one column; landscape: the facts | the deadline and the answer.
        left = QVBoxLayout()
        left.setSpacing(20)
        left.addWidget(self.state)
        left.addWidget(self.sheet)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(20)
        right.addWidget(self.timing)
        right.addWidget(self.response_title)
        right.addWidget(self.response)
        right.addStretch(1)
        self._columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._columns.setContentsMargins(0, 0, 0, 0)
        self._columns.setSpacing(24)
        self._columns.addLayout(left, 1)
        self._columns.addLayout(right, 1)
        body = QWidget()
        body.setObjectName("plain")
        body.setLayout(self._columns)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("cardScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(body)
        touch_scroll(self.scroll_area)
        head = QHBoxLayout()
        head.setSpacing(28)
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        codes = QVBoxLayout()
        codes.setSpacing(4)
        codes.addWidget(self.code_label)
        codes.addWidget(self.code)
        head.addLayout(codes, 1)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addLayout(head)
        layout.addWidget(self.scroll_area, 1)

    def show_complaint(self, code: str, status: str) -> None:
        """Only the code and status (a scan result without the public view)."""
        self._code, self._status, self._view = code, status, None
        self.retranslate_ui()

    def show_view(self, view: Any) -> None:
        """kiosk.services.complaints.ComplaintPublicView."""
        self._code, self._status, self._view = view.code_display, view.status, view
        self.retranslate_ui()
        self.scroll_area.verticalScrollBar().setValue(0)

    def reset(self) -> None:
        self._code = ""
        self._status = ""
        self._view = None

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        tr = self.tr_
        self.title.setText(t("complaint_title"))
        self.code_label.setText(t("complaint_code"))
        self.code.setText(scan_code(self._code))
        key = f"complaint_status_{self._status}"
        text = t(key)
        self.state.setText(f"{t('complaint_status')}: {text if text != key else self._status}")
        v = self._view
        overdue = bool(v is not None and v.overdue)
        self.state.setProperty("state", "warn" if overdue else "open")
        repolish(self.state)
        self.response_title.setText(t("complaint_response"))
        for key, text_key in (("category", "complaint_confirm_category"),
                              ("about", "complaint_confirm_about"),
                              ("received", "complaint_received"), ("class", "complaint_class"),
                              ("due", "complaint_due")):  # fmt: skip
            self.fields[key][0].setText(t(text_key))
        self.sheet.setVisible(v is not None)
        shown = v is not None
        self.timing.setVisible(shown)
        answered = shown and bool(v.response)
        self.response_title.setVisible(answered)
        self.response.setVisible(answered)
        if v is None:
            return
        zone = getattr(self.shell, "zone", None)
        lang = tr.lang
        self.fields["category"][1].setText(
            translate(lang, f"complaint_category_{v.category}", "common")
        )
        about = [t("complaint_counter_n", number=v.counter_number)] if v.counter_number else []
        service = tr.pick(v.service_name_id, v.service_name_en)
        if service:
            about.append(service)
        self.fields["about"][1].setText(
            "  \u00b7  ".join(about) if about else t("complaint_about_general")
        )
        self.fields["received"][1].setText(format_datetime(v.received_at, lang, tz=zone))
        klass = (
            translate(lang, f"complaint_class_{v.complaint_class}", "common")
            if v.complaint_class
            else t("complaint_class_pending")
        )
        self.fields["class"][1].setText(klass)
        self.fields["due"][1].setText(
            t("complaint_due_value", date=format_date(v.due_date, lang), days=v.working_days)
        )
        if v.status in ("responded", "closed"):
            when = format_datetime(v.responded_at, lang, tz=zone) if v.responded_at else ""
            self.timing.setText(t("complaint_answered", when=when))
            self.timing.setProperty("state", "open")
        elif overdue:
            self.timing.setText(t("complaint_overdue"))
            self.timing.setProperty("state", "closed")
        else:
            self.timing.setText(t("complaint_on_time"))
            self.timing.setProperty("state", "open")
        repolish(self.timing)
        self.response.setText(v.response)

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self.icon.set_design_px(160 if portrait else 120)
        self._columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self._columns.setStretch(0, 0 if portrait else 11)
        self._columns.setStretch(1, 1 if portrait else 9)


class MessageScreen(Screen):
    """A big icon, a title and an explanation, with one way on (no dead ends).

    Used for "Kode tidak dikenali", "coba lagi dalam N detik", a refused ticket and errors.

    Signals:
        action_requested(): the citizen pressed the action button.
    """

    action_requested = Signal()

    def __init__(self, shell: Shell, name: str, icon: str = "warning") -> None:
        self.name = name
        super().__init__(shell)
        self._keys: tuple[str, str, str] = ("", "", "")
        self._values: dict[str, object] = {}
        self._extra: Callable[[], list[str]] | None = None
        self.icon = IconLabel(icon, 200, self.metrics, "#b3261e")
        self.title = make_label("", "bigMessage", align=Qt.AlignmentFlag.AlignCenter)
        self.body = make_label("", "messageBody", align=Qt.AlignmentFlag.AlignCenter)
        self.action = TouchButton("", "primaryBig", self.metrics)
        self.action.clicked.connect(self.action_requested.emit)
        layout = self.content_layout
        layout.addStretch(2)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(3)
        layout.addWidget(self.action)

    def show_message(
        self,
        title_key: str,
        body_key: str,
        action_key: str = "",
        *,
        extra: Callable[[], list[str]] | None = None,
        icon: str = "",
        **values: object,
    ) -> None:
        """Keys, not texts, so a language switch re-translates the message too; `extra`
        computes further lines in the current language (e.g. a service's opening hours)."""
        self._keys = (title_key, body_key, action_key)
        self._values = values
        self._extra = extra
        if icon:
            self.icon.set_icon(icon)
        self.retranslate_ui()

    def reset(self) -> None:
        self._keys = ("", "", "")
        self._extra = None

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        title_key, body_key, action_key = self._keys
        self.title.setText(t(title_key, **self._values) if title_key else "")
        lines = [t(body_key, **self._values)] if body_key else []
        if self._extra is not None:
            lines += self._extra()
        self.body.setText("\n".join(lines))
        self.action.setText(t(action_key) if action_key else "")
        self.action.setVisible(bool(action_key))

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
