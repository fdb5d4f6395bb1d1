"""The supervisor's device-health panel (issue 10 item 2); the admin window adds it as a tab."""
