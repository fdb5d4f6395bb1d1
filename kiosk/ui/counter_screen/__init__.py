"""The counter-side screen (``mpp-kiosk display --counter N``): faces the citizen at a loket."""
