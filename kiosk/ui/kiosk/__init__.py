"""The citizen's kiosk (anjungan): window, screens and kiosk behaviour."""
