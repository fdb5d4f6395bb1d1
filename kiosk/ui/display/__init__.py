"""The lobby display (layar antrian): the numbers being called, spoken aloud; waiting counts."""
