"""Tracking: daily and weekly check-ins, re-tests, progress plots, adaptation and reminders."""
