"""Qt item models fed with read models (DTOs) from the services."""
