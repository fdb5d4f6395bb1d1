"""The counter station (loket): sign-in, calling tickets, registering and progressing files."""
