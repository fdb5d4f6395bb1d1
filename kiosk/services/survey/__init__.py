"""Surveys: the SKM (Permenpan-RB 14/2017) and a site's own questionnaires, as data.

* ``questionnaires``: the definitions (resources/surveys/*.toml, a site's override folder);
* ``responses``: one response from the kiosk or the web form, and a survey screen's pre-fill;
* ``csv_import``: paper questionnaires typed into a spreadsheet.

The report's figures are in :mod:`kiosk.services.reports`.
"""

from __future__ import annotations

from kiosk.services.survey.csv_import import ImportResult, import_csv
from kiosk.services.survey.questionnaires import (
    FACES,
    Choice,
    ProfileField,
    Question,
    Questionnaire,
    get_questionnaire,
    list_questionnaires,
    load_questionnaires,
)
from kiosk.services.survey.responses import (
    MAX_SUGGESTION,
    SOURCES,
    SubmittedResponse,
    SurveyContext,
    submit_response,
    survey_context,
)

__all__ = [
    "FACES",
    "MAX_SUGGESTION",
    "SOURCES",
    "Choice",
    "ImportResult",
    "ProfileField",
    "Question",
    "Questionnaire",
    "SubmittedResponse",
    "SurveyContext",
    "get_questionnaire",
    "import_csv",
    "list_questionnaires",
    "load_questionnaires",
    "submit_response",
    "survey_context",
]
