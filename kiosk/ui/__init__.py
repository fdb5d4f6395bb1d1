"""The only package that imports PySide6: windows, widgets, workers."""
