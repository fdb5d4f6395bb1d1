"""Use cases over a unit of work; authorisation is checked here."""
