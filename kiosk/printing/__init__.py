"""Slip layouts rendered to ESC/POS, PDF and PNG; printer connections; the print spool."""
