"""Reusable touch widgets: big buttons, on-screen keyboard and keypad, spinner, QR, pager."""
