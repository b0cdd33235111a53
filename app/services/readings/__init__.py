"""Vehicle readings: import from scan tools and telematics exports, read, recommend work from codes."""
