"""Qt glue shared by several roles' windows: the change watcher, text that fits its box."""
