"""The newsletter: double opt-in, issues, background sending, one-click unsubscribe."""
