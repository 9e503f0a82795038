"""The pure engine: triage, scores, findings and the 12-week program. No Django, no I/O."""
