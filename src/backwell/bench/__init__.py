"""Benchmarks run by `backwell bench`."""
