"""The Vehicle readings area: imported scans and telematics, the import dialog, the watched folder."""
