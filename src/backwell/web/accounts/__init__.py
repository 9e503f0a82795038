"""Accounts: sign-up, log-in, password reset, lockout, data export and deletion."""
