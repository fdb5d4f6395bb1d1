"""MPP Kiosk: queue, receipt and service-transparency system for a Mal Pelayanan Publik."""

__version__ = "0.1.0"
