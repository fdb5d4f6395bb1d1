"""Reports: figures computed once in query functions, then written as JSON, CSV or PDF.

* ``skm``: the SKM / IKM report (Permenpan-RB 14/2017) and any questionnaire on its scale;
* ``skm_output``: that report as JSON and CSV; ``skm_pdf``: as the PDF an MPP publishes;
* ``public``: the latest IKM and mutu for the public screens (no names).

Later reports (queue, SOP compliance, complaints) go beside these, one module per report.
"""

from __future__ import annotations

from kiosk.services.reports.public import (
    MonthComplaints,
    PublicFigures,
    ScreenFigures,
    month_complaints,
    public_figures,
    screen_figures,
)
from kiosk.services.reports.skm import (
    GroupFigure,
    ProfileFigure,
    QuestionFigure,
    SkmQuery,
    SkmReport,
    skm_report,
)
from kiosk.services.reports.skm_output import report_dict, write_report_csv

__all__ = [
    "GroupFigure",
    "MonthComplaints",
    "ProfileFigure",
    "PublicFigures",
    "QuestionFigure",
    "ScreenFigures",
    "SkmQuery",
    "SkmReport",
    "month_complaints",
    "public_figures",
    "report_dict",
    "screen_figures",
    "skm_report",
    "write_report_csv",
]
