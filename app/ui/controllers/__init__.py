"""Behaviour of each area: holds the services and actor it was handed, drives its view."""
