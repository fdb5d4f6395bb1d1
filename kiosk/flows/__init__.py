"""The kiosk's journeys as plain state objects, without Qt and without the database.

Each journey knows which step the citizen is on, what they chose and what Kembali, Beranda,
an idle reset or a printer timeout do; the windows in kiosk.ui.kiosk only render the current
step and forward taps. That keeps the rules testable without a screen (the unit tests run with
PySide6 blocked from import) and keeps the window to wiring.
"""
