"""Tests of the pure engine: contract, rules, scoring, determinism, adaptation."""
