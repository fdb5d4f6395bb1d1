"""Benchmarks: each module with a ``main()`` prints its figures; ``make bench`` runs them all.

They are measurements, not timed tests: the numbers depend on the machine, and the goals named in
each module are what a real MPP needs, checked by a person reading the table.
"""
