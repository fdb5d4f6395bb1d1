"""Test doubles made of real components (loopback sockets, files), shared by the test suites."""
