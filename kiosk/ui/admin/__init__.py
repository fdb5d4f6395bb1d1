"""The supervisor's admin window (``mpp-kiosk admin``): catalogue, counters, staff, holidays,
charter texts and printers, over kiosk/services/admin."""
